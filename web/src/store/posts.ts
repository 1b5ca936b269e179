// A channel's history as a window of loaded posts (older and newer pages load on demand), and the
// post menu: pin, save, copy link, mark unread, permalinks, and the pinned and saved lists.

import {api} from '../api/client';
import type {ApiError, Post, PostList, PreferenceType} from '../api/client';
import {t} from '../strings';
import {loadUsersOf, navigate, openThread, channelRoute} from './actions';
import {applyShowPreferences} from './closedConversations';
import {getState, loadable, setState} from './store';
import type {PostWindow} from './store';
import {applyPage, endPage, forgetPosts, morePast, replacedIds, startPage} from './postWindow';
import type {Direction} from './postWindow';

export const PAGE_SIZE = 60;
/** How long after a failed page the list may ask for it again. */
const PAGE_RETRY_MS = 1000;
const AROUND = 30;
const HIGHLIGHT_MS = 3000;
const TOAST_MS = 2500;

/** Oldest first. */
const chronological = (list: PostList) => [...list.order].reverse();

function remember(list: PostList): void {
    setState((s) => ({postsById: {...s.postsById, ...list.posts}}));
    loadUsersOf(Object.values(list.posts));
}

/** Replaces the channel's window with `ids` (the posts of `lists`); the posts it held before and
 * no longer does are forgotten. */
function replaceWindow(channelId: string, ids: string[], lists: PostList[], win: PostWindow): void {
    setState((s) => ({
        postsById: forgetPosts(s, replacedIds(s, channelId, ids), Object.assign({}, ...lists.map((l) => l.posts)) as PostList['posts']),
        posts: {...s.posts, [channelId]: loadable(ids, 'ready')},
        windows: {...s.windows, [channelId]: win},
    }));
    lists.forEach((l) => loadUsersOf(Object.values(l.posts)));
}

/** Posts of the channel the socket (or my own send) delivered while its newest page was on its
 * way and that the page does not have yet: they would be lost from the window otherwise. */
function arrivedSince(list: PostList, channelId: string): string[] {
    const newest = list.posts[list.order[0] ?? '']?.create_at ?? 0;
    return Object.values(getState().postsById)
        .filter((p) => p.channel_id === channelId && p.delete_at === 0 && p.create_at > newest && !(p.id in list.posts))
        .sort((a, b) => a.create_at - b.create_at)
        .map((p) => p.id);
}

/** The newest page of a channel (also "jump to recent" from a window that does not reach it). */
export async function loadPosts(channelId: string): Promise<void> {
    setState((s) => ({posts: {...s.posts, [channelId]: loadable(s.posts[channelId]?.data ?? [], 'loading')}}));
    try {
        const list = await api.getPosts(channelId);
        replaceWindow(channelId, [...chronological(list), ...arrivedSince(list, channelId)], [list], {hasOlder: morePast(list, 'older', PAGE_SIZE), hasNewer: false});
    } catch (err) {
        setState((s) => ({posts: {...s.posts, [channelId]: loadable(s.posts[channelId]?.data ?? [], 'error', err as ApiError)}}));
    }
}

/** The next page beyond the window's oldest (scrolling up) or newest (scrolling down) post. Past
 * WINDOW_CAP posts, the other end of the window is dropped. */
async function loadPage(channelId: string, direction: Direction): Promise<void> {
    const {posts, windows} = getState();
    const ids = posts[channelId]?.data ?? [];
    const edge = direction === 'older' ? ids[0] : ids[ids.length - 1];
    const win = windows[channelId];
    const more = direction === 'older' ? win?.hasOlder : win?.hasNewer;
    // The page on its way is not in the store: starting one renders nothing, and the page, the
    // window's new edges and the end of loading are one update (one render of the list per page).
    if (!edge || !more || !startPage(channelId, direction, edge)) {
        return;
    }
    let list: PostList;
    try {
        list = await (direction === 'older' ? api.getPostsBefore(channelId, edge, PAGE_SIZE) : api.getPostsAfter(channelId, edge, PAGE_SIZE));
    } catch {
        // Asked for again a second later (the list asks whenever its window changes, and on every
        // scroll): not at once, so a failing server is not asked in a loop.
        setTimeout(() => {
            endPage(channelId, direction, edge);
            setState((s) => (s.windows[channelId] ? {windows: {...s.windows, [channelId]: {...s.windows[channelId]}}} : {}));
        }, PAGE_RETRY_MS);
        return;
    }
    // Joined just after one of the browser's next frames, not whenever the response happens to
    // end: the update renders the list (a few milliseconds), and begun late in a frame's interval
    // it delayed the next frame (most late frames of a long scroll had a page arriving in them).
    // Not when the view is about to need it: a fast scroll would run into the blank room beyond.
    await afterNextFrame(() => nearEdge(channelId, direction));
    // Before the update: the list it renders may ask for the next page at once.
    endPage(channelId, direction, edge);
    const patch = applyPage(getState(), channelId, list, direction, edge, PAGE_SIZE);
    if (Object.keys(patch).length) {
        setState(patch);
        loadUsersOf(Object.values(list.posts));
    }
}

/** At most this long for a frame (none comes while the page is hidden). */
const FRAME_WAIT_MS = 100;
/** A frame's interval counts as taken when this much of it has gone by before the page's turn:
 * something else (the list rendering for the scroll) ran after the frame. */
const FRAME_TAKEN_MS = 6;
/** Frames a page waits at most for an interval nothing else took. */
const FRAMES_AT_MOST = 3;
/** A page whose end of the window the view is this close to joins at once (about a screen and a
 * half: at a fast scroll's 400 px a frame, four frames). */
const URGENT_PX = 1500;

/** How far each channel's list last saw its view from the first and the last loaded row (px). */
const viewEdges = new Map<string, {fromTop: number; fromBottom: number}>();

/** The message list reports where its view is (on every scroll), for `loadPage`. */
export function noteView(channelId: string, fromTop: number, fromBottom: number): void {
    viewEdges.set(channelId, {fromTop, fromBottom});
}

function nearEdge(channelId: string, direction: Direction): boolean {
    const v = viewEdges.get(channelId);
    return !v || (direction === 'older' ? v.fromTop : v.fromBottom) < URGENT_PX;
}

/**
 * Resolves just after a frame of the browser's (a task queued from the frame's animation frame
 * callback runs once the frame is produced) with most of the interval to the next frame still
 * ahead: the first such frame of at most FRAMES_AT_MOST, or after FRAME_WAIT_MS when no frame
 * comes, or at once (checked before each wait) when `urgent` says so. Joining a page renders the
 * list (a few milliseconds); begun late in an interval, or after the list's render for the scroll
 * in the same one, it delayed the next frame.
 */
export function afterNextFrame(urgent: () => boolean = () => false): Promise<void> {
    return new Promise((resolve) => {
        if (typeof requestAnimationFrame !== 'function' || typeof MessageChannel !== 'function' || urgent()) {
            resolve();
            return;
        }
        const channel = new MessageChannel();
        let done = false;
        const finish = () => {
            if (!done) {
                done = true;
                clearTimeout(timer);
                channel.port1.close();
                resolve();
            }
        };
        const timer = setTimeout(finish, FRAME_WAIT_MS);
        let frameStart = 0;
        let frames = 0;
        const onFrame = (time: number) => {
            frameStart = time;
            channel.port2.postMessage(null);
        };
        channel.port1.onmessage = () => {
            frames++;
            if (!done && performance.now() - frameStart > FRAME_TAKEN_MS && frames < FRAMES_AT_MOST && !urgent()) {
                requestAnimationFrame(onFrame);
            } else {
                finish();
            }
        };
        requestAnimationFrame(onFrame);
    });
}

/** The page before the oldest loaded post (scrolling up). */
export function loadOlder(channelId: string): Promise<void> {
    return loadPage(channelId, 'older');
}

/** The page after the newest loaded post, when the window does not reach the present. */
export function loadNewer(channelId: string): Promise<void> {
    return loadPage(channelId, 'newer');
}

/** Posts around `postId` replace the channel's window (a permalink into older history). */
async function loadAround(channelId: string, postId: string): Promise<void> {
    const [before, after] = await Promise.all([api.getPostsBefore(channelId, postId, AROUND), api.getPostsAfter(channelId, postId, AROUND)]);
    const ids = [...chronological(before), postId, ...chronological(after)];
    replaceWindow(channelId, ids, [before, after], {
        hasOlder: morePast(before, 'older', AROUND),
        hasNewer: morePast(after, 'newer', AROUND),
    });
}

export function highlightPost(postId: string): void {
    setState({highlightPostId: postId});
    setTimeout(() => {
        if (getState().highlightPostId === postId) {
            setState({highlightPostId: null});
        }
    }, HIGHLIGHT_MS);
}

/** `/{team}/pl/{post_id}`: open the post's channel at the post (a reply also opens its thread). */
export async function openPermalink(postId: string): Promise<void> {
    let post = getState().postsById[postId];
    try {
        post ??= await api.getPost(postId);
    } catch {
        showToast(t.permalinkNotFound);
        navigate({name: 'root'}, true);
        return;
    }
    setState((s) => ({postsById: {...s.postsById, [post.id]: post}}));
    let channel = getState().channels[post.channel_id];
    if (!channel) {
        try {
            channel = await api.getChannel(post.channel_id);
            setState((s) => ({channels: {...s.channels, [channel!.id]: channel!}}));
        } catch {
            showToast(t.permalinkNotFound);
            navigate({name: 'root'}, true);
            return;
        }
    }
    const anchor = post.root_id || post.id;
    if (!getState().posts[channel.id]?.data.includes(anchor)) {
        try {
            await loadAround(channel.id, anchor);
        } catch {
            // The channel opens at its newest posts instead.
        }
    }
    highlightPost(anchor);
    navigate(channelRoute(channel), true);
    if (post.root_id) {
        void openThread(post.root_id);
    }
}

export function permalinkUrl(postId: string): string {
    const {teams, currentTeamId} = getState();
    const team = teams.data.find((tm) => tm.id === currentTeamId)?.name ?? '';
    return `${window.location.origin}/${encodeURIComponent(team)}/pl/${postId}`;
}

export async function copyLink(postId: string): Promise<void> {
    try {
        await navigator.clipboard.writeText(permalinkUrl(postId));
        showToast(t.linkCopied);
    } catch {
        showToast(t.linkNotCopied);
    }
}

/** "Copy text": the message as written (its Markdown). */
export async function copyText(postId: string): Promise<void> {
    try {
        await navigator.clipboard.writeText(getState().postsById[postId]?.message ?? '');
        showToast(t.textCopied);
    } catch {
        showToast(t.textNotCopied);
    }
}

export function showToast(message: string): void {
    setState({toast: message});
    setTimeout(() => {
        if (getState().toast === message) {
            setState({toast: null});
        }
    }, TOAST_MS);
}

// ---------------------------------------------------------------------------------------------
// pin, save, unread

export async function togglePin(postId: string): Promise<void> {
    const post = getState().postsById[postId];
    if (!post) {
        return;
    }
    const pinned = !post.is_pinned;
    setState((s) => ({postsById: {...s.postsById, [postId]: {...post, is_pinned: pinned}}}));
    try {
        await (pinned ? api.pinPost(postId) : api.unpinPost(postId));
        if (getState().pane === 'pinned') {
            void openPinned();
        }
    } catch {
        setState((s) => ({postsById: {...s.postsById, [postId]: {...(s.postsById[postId] ?? post), is_pinned: !pinned}}}));
        showToast(t.actionFailed);
    }
}

const FLAGGED = 'flagged_post';

export async function toggleSave(postId: string): Promise<void> {
    const me = getState().me;
    if (!me) {
        return;
    }
    const saved = !getState().flagged[postId];
    const pref: PreferenceType = {user_id: me.id, category: FLAGGED, name: postId, value: 'true'};
    applyPreferences([pref], saved);
    try {
        await (saved ? api.savePreferences(me.id, [pref]) : api.deletePreferences(me.id, [pref]));
        if (getState().pane === 'saved') {
            void openSaved();
        }
    } catch {
        applyPreferences([pref], !saved);
        showToast(t.actionFailed);
    }
}

/** Preferences from the server or the socket; only saved posts matter here so far. */
export function applyPreferences(prefs: PreferenceType[], present: boolean): void {
    applyShowPreferences(prefs, present);
    const flagged = prefs.filter((p) => p.category === FLAGGED);
    if (!flagged.length) {
        return;
    }
    setState((s) => {
        const next = {...s.flagged};
        for (const p of flagged) {
            if (present && p.value === 'true') {
                next[p.name] = true;
            } else {
                delete next[p.name];
            }
        }
        return {flagged: next};
    });
}

export async function loadPreferences(): Promise<void> {
    try {
        applyPreferences(await api.getMyPreferences(), true);
    } catch {
        // Saved markers stay off until the next load.
    }
}

/** Marks the channel unread from this post on (and keeps the "new messages" line there). */
export async function markUnread(postId: string): Promise<void> {
    const {me, postsById} = getState();
    const post = postsById[postId];
    if (!me || !post) {
        return;
    }
    try {
        const unread = (await api.markPostAsUnread(me.id, postId)) as unknown as {msg_count: number; mention_count: number; last_viewed_at: number};
        applyUnread(post.channel_id, unread);
    } catch {
        showToast(t.actionFailed);
    }
}

export function applyUnread(channelId: string, unread: {msg_count: number; mention_count: number; last_viewed_at: number}): void {
    setState((s) => {
        const member = s.myMembers[channelId];
        return {
            newSince: {...s.newSince, [channelId]: unread.last_viewed_at},
            myMembers: member
                ? {...s.myMembers, [channelId]: {...member, msg_count: unread.msg_count, mention_count: unread.mention_count, last_viewed_at: unread.last_viewed_at}}
                : s.myMembers,
        };
    });
}

/** Channels I read elsewhere (another tab or device; the server's `multiple_channels_viewed`,
 * channel id → when): read here too. */
export function applyViewed(times: Record<string, unknown>): void {
    setState((s) => {
        let myMembers = s.myMembers;
        for (const [channelId, at] of Object.entries(times)) {
            const member = myMembers[channelId];
            const channel = s.channels[channelId];
            if (!member || !channel || typeof at !== 'number') {
                continue;
            }
            myMembers = {...myMembers, [channelId]: {...member, msg_count: channel.total_msg_count, mention_count: 0, last_viewed_at: Math.max(member.last_viewed_at, at)}};
        }
        return myMembers === s.myMembers ? {} : {myMembers};
    });
}

// ---------------------------------------------------------------------------------------------
// the pinned and saved panes

async function openList(pane: 'pinned' | 'saved', load: () => Promise<PostList>): Promise<void> {
    setState((s) => ({pane, threadRootId: null, paneList: loadable(s.pane === pane ? s.paneList.data : [], 'loading')}));
    try {
        const list = await load();
        remember(list);
        const ids = list.order.length ? list.order : Object.values(list.posts).sort((a: Post, b: Post) => b.create_at - a.create_at).map((p) => p.id);
        if (getState().pane === pane) {
            setState({paneList: loadable(ids, 'ready')});
        }
    } catch (err) {
        if (getState().pane === pane) {
            setState((s) => ({paneList: loadable(s.paneList.data, 'error', err as ApiError)}));
        }
    }
}

export function openPinned(): Promise<void> {
    const channelId = getState().currentChannelId;
    return channelId ? openList('pinned', () => api.getPinnedPosts(channelId)) : Promise.resolve();
}

export function openSaved(): Promise<void> {
    const {me, currentTeamId} = getState();
    return me && currentTeamId ? openList('saved', () => api.getFlaggedPosts(me.id, currentTeamId)) : Promise.resolve();
}
