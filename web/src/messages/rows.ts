// The message list as rows: date separators between days, and consecutive posts by one author
// within a few minutes collapsed under one avatar and name.

import type {PendingPost} from '../store/store';
import type {Post, Reaction} from '../api/client';
import type {FileInfo} from '../api/files';
import {t} from '../strings';

const GROUP_WINDOW_MS = 5 * 60 * 1000;

export interface PostView {
    id: string;
    userId: string;
    message: string;
    createAt: number;
    edited: boolean;
    system: boolean;
    /** Sent to this user alone (a command's answer): "Only visible to you". */
    ephemeral?: boolean;
    /** The post's props (attachments, webhook overrides). */
    props?: Record<string, unknown>;
    rootId: string;
    replyCount: number;
    pinned: boolean;
    reactions: Reaction[];
    pending: PendingPost | null;
    /** Attachments: their ids, and their infos when the post came with them. */
    fileIds?: string[];
    files?: FileInfo[];
}

export type Row =
    | {kind: 'date'; key: string; label: string}
    | {kind: 'new'; key: string}
    | {kind: 'post'; key: string; post: PostView; continued: boolean};

const views = new WeakMap<Post, PostView>();

/** Who a post shows as beyond its user: a webhook's override name breaks a run of one user. */
function sender(p: PostView): string {
    const props = p.props ?? {};
    return props.from_webhook === 'true' ? `webhook:${typeof props.override_username === 'string' ? props.override_username : ''}` : '';
}

/** The view of a post; the same object for the same post, so memoised rows skip re-rendering. */
export function fromPost(p: Post): PostView {
    let view = views.get(p);
    if (!view) {
        view = makeView(p);
        views.set(p, view);
    }
    return view;
}

function makeView(p: Post): PostView {
    return {
        id: p.id,
        userId: p.user_id,
        message: p.message,
        createAt: p.create_at,
        edited: p.edit_at > 0,
        system: p.type !== '' && p.type.startsWith('system_'),
        ephemeral: p.type === 'system_ephemeral',
        props: p.props as Record<string, unknown> | undefined,
        rootId: p.root_id ?? '',
        replyCount: p.reply_count ?? 0,
        pinned: p.is_pinned ?? false,
        reactions: p.metadata?.reactions ?? [],
        pending: null,
        fileIds: p.file_ids ?? [],
        files: p.metadata?.files ?? [],
    };
}

export function fromPending(p: PendingPost, userId: string): PostView {
    return {id: p.pendingId, userId, message: p.message, createAt: p.createAt, edited: false, system: false, rootId: p.rootId, replyCount: 0, pinned: false, reactions: [], pending: p, fileIds: p.fileIds ?? [], files: p.files ?? []};
}

function dayKey(ms: number): string {
    const d = new Date(ms);
    return `${d.getFullYear()}-${d.getMonth()}-${d.getDate()}`;
}

const dayKeys = new WeakMap<PostView, string>();

/** A post's day, computed once per post (buildRows runs over the whole loaded history). */
function dayOf(post: PostView): string {
    let key = dayKeys.get(post);
    if (key === undefined) {
        key = dayKey(post.createAt);
        dayKeys.set(post, key);
    }
    return key;
}

// Intl formatters are costly to create, and toLocale*String creates one on every call: profiles
// of scrolling a long channel showed a tenth of the time in them.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(locale: string | undefined, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
    const key = `${locale ?? ''}|${JSON.stringify(options)}`;
    let f = formatters.get(key);
    if (!f) {
        f = new Intl.DateTimeFormat(locale, options);
        formatters.set(key, f);
    }
    return f;
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
    return formatter(locale, {weekday: 'short', month: 'short', day: 'numeric', ...(sameYear ? {} : {year: 'numeric'})}).format(ms);
}

/** A post's rows, as it continues the post before it or not: the same objects every time the
 * rows are built (they are built again for every page of a long history). */
const postRows = new WeakMap<PostView, {alone?: Row; continued?: Row}>();

function postRow(post: PostView, continued: boolean): Row {
    let kept = postRows.get(post);
    if (!kept) {
        kept = {};
        postRows.set(post, kept);
    }
    return continued ? (kept.continued ??= {kind: 'post', key: post.id, post, continued}) : (kept.alone ??= {kind: 'post', key: post.id, post, continued});
}

/** Rows for posts in chronological order (oldest first), appended to `rows`. With `newSince` (a
 * time), a "new messages" line goes before the first later post by someone else than `myId`. */
export function buildRows<T = never>(posts: PostView[], now: number, locale?: string, newSince = 0, myId = '', rows: (Row | T)[] = []): (Row | T)[] {
    let prev: PostView | null = null;
    let lineDone = newSince <= 0;
    let prevDay = '';
    for (const post of posts) {
        const day = dayOf(post);
        const newDay = !prev || prevDay !== day;
        if (newDay) {
            rows.push({kind: 'date', key: `date-${day}`, label: dateLabel(post.createAt, now, locale)});
        }
        prevDay = day;
        const isNew = !lineDone && post.createAt > newSince && post.userId !== myId && !post.pending;
        if (isNew) {
            rows.push({kind: 'new', key: 'new-messages'});
            lineDone = true;
        }
        const continued =
            !newDay && !isNew && prev !== null && !post.system && !prev.system && prev.userId === post.userId && sender(prev) === sender(post) && post.createAt - prev.createAt < GROUP_WINDOW_MS;
        rows.push(postRow(post, continued));
        prev = post;
    }
    return rows;
}

export function timeLabel(ms: number, locale?: string): string {
    return formatter(locale, {hour: 'numeric', minute: '2-digit'}).format(ms);
}

export interface ReactionGroup {
    emoji: string;
    count: number;
    mine: boolean;
    userIds: string[];
}

/** Reactions grouped by emoji, in the order each emoji was first used. */
export function groupReactions(reactions: Reaction[], myId: string): ReactionGroup[] {
    const groups = new Map<string, ReactionGroup>();
    for (const r of [...reactions].sort((a, b) => a.create_at - b.create_at)) {
        const g = groups.get(r.emoji_name) ?? {emoji: r.emoji_name, count: 0, mine: false, userIds: []};
        g.count++;
        g.mine ||= r.user_id === myId;
        g.userIds.push(r.user_id);
        groups.set(r.emoji_name, g);
    }
    return [...groups.values()];
}
