// The message list as rows: date separators between days, and consecutive posts by one author
// within a few minutes collapsed under one avatar and name.

import type {PendingPost} from '../store/store';
import type {Post, Reaction, UserProfile} from '../api/client';
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

const HOUR_MS = 60 * 60 * 1000;
const DAY_MS = 24 * HOUR_MS;

/** The zone that times and days show in: the one chosen in Settings, or undefined for the
 * browser's own. Module state rather than an argument so every label (lists, search, threads)
 * follows the setting; the store sets it whenever `me` changes, before anything renders. */
let zone: string | undefined;

/** A span of time known to lie inside one day of `zone`, and that day's key (see dayKey). */
let knownDay = {from: 0, to: 0, key: ''};

/** Each post's day in `zone`. */
let dayKeys = new WeakMap<PostView, string>();

/** The zone a user's settings ask for: their manual zone, or undefined (the browser's zone, which
 * is what automatic means on this device). */
export function userTimeZone(me: UserProfile | null): string | undefined {
    const tz = me?.timezone;
    return tz && String(tz.useAutomaticTimezone) === 'false' && tz.manualTimezone ? tz.manualTimezone : undefined;
}

/** The zone times show in now (undefined: the browser's own). */
export function currentTimeZone(): string | undefined {
    return zone;
}

export function setTimeZone(next: string | undefined): void {
    if (next !== undefined) {
        try {
            formatter(undefined, {timeZone: next});
        } catch {
            // A zone this browser does not know (saved by another client): show the browser's.
            next = undefined;
        }
    }
    if (next !== zone) {
        zone = next;
        // Days computed in the old zone are wrong in the new one.
        dayKeys = new WeakMap();
        knownDay = {from: 0, to: 0, key: ''};
    }
}

/** A day as `year-month-day` (month from 0), in the zone that times show in. */
function dayKey(ms: number): string {
    if (zone === undefined) {
        const d = new Date(ms);
        return `${d.getFullYear()}-${d.getMonth()}-${d.getDate()}`;
    }
    // Formatting in another zone is slow (about 3 µs, too much for every post of a long
    // history), but posts come in order, many a day: most fall in the span found for the
    // post before them.
    if (ms >= knownDay.from && ms < knownDay.to) {
        return knownDay.key;
    }
    const parts = formatter('en-US', {timeZone: zone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric'}).formatToParts(ms);
    const part = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value ?? 0);
    const key = `${part('year')}-${part('month') - 1}-${part('day')}`;
    // Midnight by the clock on the wall. When the clocks changed that day the real midnight is
    // up to an hour away, and a day lasts at least 23 hours: from an hour after this midnight to
    // 22 hours after it is inside the day either way.
    const midnight = ms - (((part('hour') * 60 + part('minute')) * 60 + part('second')) * 1000 + (ms % 1000));
    knownDay = {from: midnight + HOUR_MS, to: midnight + 22 * HOUR_MS, key};
    return key;
}

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

/** The label of a day (`key`, from dayKey) given the keys of today and yesterday. */
function dayLabel(ms: number, key: string, today: string, yesterday: string, locale: string | undefined): string {
    if (key === today) {
        return t.today;
    }
    if (key === yesterday) {
        return t.yesterday;
    }
    const sameYear = key.slice(0, key.indexOf('-')) === today.slice(0, today.indexOf('-'));
    return formatter(locale, {timeZone: zone, weekday: 'short', month: 'short', day: 'numeric', ...(sameYear ? {} : {year: 'numeric'})}).format(ms);
}

export function dateLabel(ms: number, now: number, locale?: string): string {
    return dayLabel(ms, dayKey(ms), dayKey(now), dayKey(now - DAY_MS), locale);
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
    const today = dayKey(now);
    const yesterday = dayKey(now - DAY_MS);
    for (const post of posts) {
        const day = dayOf(post);
        const newDay = !prev || prevDay !== day;
        if (newDay) {
            rows.push({kind: 'date', key: `date-${day}`, label: dayLabel(post.createAt, day, today, yesterday, locale)});
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
    return formatter(locale, {timeZone: zone, hour: 'numeric', minute: '2-digit'}).format(ms);
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
