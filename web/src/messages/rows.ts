// The message list as rows: date separators between days, and consecutive posts by one author
// within a few minutes collapsed under one avatar and name.

import type {PendingPost} from '../store/store';
import type {Post} from '../api/client';
import {t} from '../strings';

const GROUP_WINDOW_MS = 5 * 60 * 1000;

export interface PostView {
    id: string;
    userId: string;
    message: string;
    createAt: number;
    edited: boolean;
    system: boolean;
    pending: PendingPost | null;
}

export type Row =
    | {kind: 'date'; key: string; label: string}
    | {kind: 'post'; key: string; post: PostView; continued: boolean};

export function fromPost(p: Post): PostView {
    return {
        id: p.id,
        userId: p.user_id,
        message: p.message,
        createAt: p.create_at,
        edited: p.edit_at > 0,
        system: p.type !== '' && p.type.startsWith('system_'),
        pending: null,
    };
}

export function fromPending(p: PendingPost, userId: string): PostView {
    return {id: p.pendingId, userId, message: p.message, createAt: p.createAt, edited: false, system: false, pending: p};
}

function dayKey(ms: number): string {
    const d = new Date(ms);
    return `${d.getFullYear()}-${d.getMonth()}-${d.getDate()}`;
}

export function dateLabel(ms: number, now: number, locale?: string): string {
    const key = dayKey(ms);
    if (key === dayKey(now)) {
        return t.today;
    }
    if (key === dayKey(now - 24 * 60 * 60 * 1000)) {
        return t.yesterday;
    }
    const sameYear = new Date(ms).getFullYear() === new Date(now).getFullYear();
    return new Date(ms).toLocaleDateString(locale, {weekday: 'short', month: 'short', day: 'numeric', ...(sameYear ? {} : {year: 'numeric'})});
}

/** Rows for posts in chronological order (oldest first). */
export function buildRows(posts: PostView[], now: number, locale?: string): Row[] {
    const rows: Row[] = [];
    let prev: PostView | null = null;
    for (const post of posts) {
        const newDay = !prev || dayKey(prev.createAt) !== dayKey(post.createAt);
        if (newDay) {
            rows.push({kind: 'date', key: `date-${dayKey(post.createAt)}`, label: dateLabel(post.createAt, now, locale)});
        }
        const continued =
            !newDay && prev !== null && !post.system && !prev.system && prev.userId === post.userId && post.createAt - prev.createAt < GROUP_WINDOW_MS;
        rows.push({kind: 'post', key: post.id, post, continued});
        prev = post;
    }
    return rows;
}

export function timeLabel(ms: number, locale?: string): string {
    return new Date(ms).toLocaleTimeString(locale, {hour: 'numeric', minute: '2-digit'});
}
