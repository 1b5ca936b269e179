// A channel's loaded history is a bounded window: scrolling back past the cap drops the newest
// pages (the window then no longer reaches the present and loads them again on the way down), and
// scrolling forward drops the oldest. Posts that leave every window also leave `postsById`, unless
// something else shows them (a thread, the pinned/saved/search lists, the Threads view). This keeps
// the work per page, and the store, bounded however much history is scrolled through.
// Pure functions of the state, so the rules can be tested without a server.

import type {Post, PostList} from '../api/client';
import type {AppState, PostWindow} from './store';

/** The most posts a channel's window holds (about 50 screens of history). */
export const WINDOW_CAP = 1000;

export type Direction = 'older' | 'newer';

const CLOSED: PostWindow = {hasOlder: false, hasNewer: false};

/** Pages on their way, by channel, direction and the edge they were fetched beyond. Not in the
 * store: starting a fetch then renders nothing, and a page arrives as one store update (posts,
 * window and all), i.e. one render of the message list per page instead of two. A window whose
 * edge changed meanwhile (a jump, a permalink) may fetch beyond its new edge at once; the old page
 * is discarded when it arrives (`applyPage`). */
const inFlight = new Set<string>();
const flightKey = (channelId: string, direction: Direction, edge: string) => `${direction}:${channelId}:${edge}`;

/** Marks the page beyond `edge` as on its way; false if it already is. */
export function startPage(channelId: string, direction: Direction, edge: string): boolean {
    const key = flightKey(channelId, direction, edge);
    if (inFlight.has(key)) {
        return false;
    }
    inFlight.add(key);
    return true;
}

/** The page is in (or failed): it may be fetched again. */
export function endPage(channelId: string, direction: Direction, edge: string): void {
    inFlight.delete(flightKey(channelId, direction, edge));
}

/** Adds a page (oldest first) at one end of `ids`; past `cap`, the other end is dropped. Ids
 * already in the window are not added twice. */
export function extendWindow(ids: string[], page: string[], direction: Direction, cap: number): {ids: string[]; dropped: string[]} {
    // Only the page's ids are looked for in the window (a set of the whole window for every page
    // was most of what a page's arrival allocated).
    const inPage = new Set(page);
    const known = new Set<string>();
    for (const id of ids) {
        if (inPage.has(id)) {
            known.add(id);
        }
    }
    const fresh = known.size ? page.filter((id) => !known.has(id)) : page;
    const joined = direction === 'older' ? [...fresh, ...ids] : [...ids, ...fresh];
    const excess = Math.max(0, joined.length - Math.max(cap, fresh.length));
    if (!excess) {
        return {ids: joined, dropped: []};
    }
    return direction === 'older'
        ? {ids: joined.slice(0, joined.length - excess), dropped: joined.slice(joined.length - excess)}
        : {ids: joined.slice(excess), dropped: joined.slice(0, excess)};
}

/** Whether anything but a channel window shows the post. (A post is in one channel, so the other
 * channels' windows never hold it.) */
function keptElsewhere(s: AppState): (id: string) => boolean {
    const keep = new Set<string>();
    for (const [rootId, thread] of Object.entries(s.threads)) {
        keep.add(rootId);
        thread.data.forEach((id) => keep.add(id));
    }
    s.paneList.data.forEach((id) => keep.add(id));
    s.search.posts.data.forEach((id) => keep.add(id));
    s.followedThreads.data.forEach((id) => keep.add(id));
    for (const id of [s.threadRootId, s.editingPostId, s.modalPostId, s.highlightPostId]) {
        if (id) {
            keep.add(id);
        }
    }
    return (id) => keep.has(id) || id in s.userThreads;
}

/** `postsById` with `added` merged in and the `dropped` posts no longer shown anywhere removed. */
export function forgetPosts(s: AppState, dropped: string[], added: Record<string, Post> = {}): Record<string, Post> {
    const postsById = {...s.postsById, ...added};
    if (dropped.length) {
        const kept = keptElsewhere(s);
        for (const id of dropped) {
            if (!kept(id)) {
                delete postsById[id];
            }
        }
    }
    return postsById;
}

/** Whether a page's list says more posts lie beyond it in its direction. */
export function morePast(list: PostList, direction: Direction, pageSize: number): boolean {
    const next = direction === 'older' ? list.prev_post_id : list.next_post_id;
    return Boolean(next) || list.order.length >= pageSize;
}

/**
 * The state after a page of `direction` posts arrived for a channel, fetched beyond `edge` (the
 * window's oldest or newest id at the time). If the window has changed at that end meanwhile (a
 * jump to the present, a permalink, the other end trimmed), the page no longer joins it and the
 * state does not change.
 */
export function applyPage(s: AppState, channelId: string, list: PostList, direction: Direction, edge: string, pageSize: number, cap = WINDOW_CAP): Partial<AppState> {
    const old = s.windows[channelId] ?? CLOSED;
    const current = s.posts[channelId];
    const ids = current?.data ?? [];
    const stillThere = direction === 'older' ? ids[0] === edge : ids[ids.length - 1] === edge;
    if (!current || !stillThere) {
        return {};
    }
    const page = [...list.order].reverse();
    const next = extendWindow(ids, page, direction, cap);
    const trimmed = next.dropped.length > 0;
    const win: PostWindow =
        direction === 'older'
            ? {...old, hasOlder: morePast(list, 'older', pageSize), hasNewer: old.hasNewer || trimmed}
            : {...old, hasNewer: morePast(list, 'newer', pageSize), hasOlder: old.hasOlder || trimmed};
    return {
        posts: {...s.posts, [channelId]: {...current, data: next.ids}},
        postsById: forgetPosts(s, next.dropped, list.posts),
        windows: {...s.windows, [channelId]: win},
    };
}

/** How many of its newest posts a channel's window keeps once another channel is on screen. */
export const KEPT_WHEN_AWAY = 200;

/**
 * The state after the reader left a channel: its window keeps its newest `keep` posts (it opens
 * at the bottom again, or is reloaded if it does not reach the present) and the older ones leave
 * `postsById` unless something else shows them. Without this, every channel scrolled back in
 * keeps up to WINDOW_CAP posts in `postsById`, which every page and every new post copies.
 */
export function leaveWindow(s: AppState, channelId: string, keep = KEPT_WHEN_AWAY): Partial<AppState> {
    const current = s.posts[channelId];
    const ids = current?.data ?? [];
    if (!current || ids.length <= keep || s.currentChannelId === channelId) {
        return {};
    }
    const old = s.windows[channelId] ?? CLOSED;
    return {
        posts: {...s.posts, [channelId]: {...current, data: ids.slice(ids.length - keep)}},
        postsById: forgetPosts(s, ids.slice(0, ids.length - keep)),
        windows: {...s.windows, [channelId]: {...old, hasOlder: true}},
    };
}

/** The posts a new window for the channel (the newest page, or posts around a permalink) no
 * longer holds, to forget. */
export function replacedIds(s: AppState, channelId: string, ids: string[]): string[] {
    const old = s.posts[channelId]?.data ?? [];
    if (!old.length) {
        return [];
    }
    const next = new Set(ids);
    return old.filter((id) => !next.has(id));
}
