// Followed threads (collapsed reply threads): the global Threads view, unread replies and
// mentions per thread, read state and following, kept live by the thread_* socket events.

import {api, THREADS_PAGE} from '../api/client';
import type {ApiError, Post, UserThread} from '../api/client';
import {loadMissingUsers, openThread} from './actions';
import {getState, loadable, setState} from './store';

type ThreadWithPost = UserThread & {post: Post};

function sortIds(threads: Record<string, UserThread>, ids: string[]): string[] {
    return [...new Set(ids)].filter((id) => threads[id]?.is_following !== false).sort((a, b) => (threads[b]?.last_reply_at ?? 0) - (threads[a]?.last_reply_at ?? 0));
}

/** Stores threads (and their root posts) from the server or the socket. */
export function applyThreads(list: ThreadWithPost[], replace = false): void {
    setState((s) => {
        const userThreads = {...s.userThreads};
        const postsById = {...s.postsById};
        for (const th of list) {
            const {post, ...rest} = th;
            // The API lists (and the socket updates) followed threads only.
            userThreads[th.id] = {...rest, is_following: rest.is_following ?? true, post: {channel_id: post.channel_id, user_id: post.user_id}};
            if (post.id) {
                // Keep reactions we know when the thread's copy of the root has none.
                // The thread's own counts are the truth for the root's replies.
                const old = postsById[post.id];
                const merged = old && !post.metadata?.reactions ? {...post, metadata: {...post.metadata, reactions: old.metadata?.reactions ?? []}} : post;
                postsById[post.id] = {...merged, reply_count: th.reply_count, last_reply_at: th.last_reply_at};
            }
        }
        const ids = replace ? list.map((th) => th.id) : [...s.followedThreads.data, ...list.map((th) => th.id)];
        return {userThreads, postsById, followedThreads: loadable(sortIds(userThreads, ids), 'ready')};
    });
    loadMissingUsers(list.flatMap((th) => [th.post.user_id, ...th.participants.map((p) => p.id)]));
}

export async function loadFollowedThreads(): Promise<void> {
    const {me, currentTeamId} = getState();
    if (!me || !currentTeamId) {
        return;
    }
    setState((s) => ({followedThreads: loadable(s.followedThreads.data, 'loading')}));
    try {
        const list = await api.getUserThreads(me.id, currentTeamId);
        applyThreads(list.threads as ThreadWithPost[], true);
        setState({followedThreadsMore: list.threads.length >= THREADS_PAGE && list.total > list.threads.length});
    } catch (err) {
        setState((s) => ({followedThreads: loadable(s.followedThreads.data, 'error', err as ApiError)}));
    }
}

/** The next page of followed threads: those after the last one loaded (older replies). */
export async function loadOlderThreads(): Promise<void> {
    const {me, currentTeamId, followedThreads} = getState();
    const last = followedThreads.data[followedThreads.data.length - 1];
    if (!me || !currentTeamId || !last || followedThreads.status === 'loading') {
        return;
    }
    setState((s) => ({followedThreads: loadable(s.followedThreads.data, 'loading')}));
    try {
        const list = await api.getUserThreads(me.id, currentTeamId, last);
        applyThreads(list.threads as ThreadWithPost[]);
        setState({followedThreadsMore: list.threads.length >= THREADS_PAGE});
    } catch (err) {
        setState((s) => ({followedThreads: loadable(s.followedThreads.data, 'error', err as ApiError)}));
    }
}

/** Opens a followed thread in the pane and marks its replies read. */
export function openFollowedThread(threadId: string): void {
    void openThread(threadId);
    void markThreadRead(threadId);
}

export async function markThreadRead(threadId: string): Promise<void> {
    const {me, currentTeamId, userThreads} = getState();
    const thread = userThreads[threadId];
    if (!me || !currentTeamId || !thread || (!thread.unread_replies && !thread.unread_mentions)) {
        return;
    }
    setThread(threadId, {unread_replies: 0, unread_mentions: 0, last_viewed_at: Date.now()});
    try {
        await api.markThreadRead(me.id, currentTeamId, threadId);
    } catch {
        setThread(threadId, {unread_replies: thread.unread_replies, unread_mentions: thread.unread_mentions});
    }
}

export async function setFollowing(threadId: string, follow: boolean): Promise<void> {
    const {me, currentTeamId} = getState();
    if (!me || !currentTeamId) {
        return;
    }
    await api.followThread(me.id, currentTeamId, threadId, follow);
    applyFollow(threadId, follow);
}

function setThread(threadId: string, patch: Partial<UserThread>): void {
    setState((s) => {
        const th = s.userThreads[threadId];
        return th ? {userThreads: {...s.userThreads, [threadId]: {...th, ...patch}}} : {};
    });
}

export function applyFollow(threadId: string, follow: boolean): void {
    if (follow && !getState().userThreads[threadId]) {
        void loadFollowedThreads();
        return;
    }
    setThread(threadId, {is_following: follow});
    setState((s) => ({
        followedThreads: {
            ...s.followedThreads,
            data: follow ? sortIds(s.userThreads, [...s.followedThreads.data, threadId]) : s.followedThreads.data.filter((id) => id !== threadId),
        },
    }));
}

/** thread_read_changed: one thread (with its new counts) or, without an id, all of them read. */
export function applyThreadRead(threadId: string, counts: {unread_replies: number; unread_mentions: number; timestamp: number}): void {
    if (!threadId) {
        setState((s) => ({
            userThreads: Object.fromEntries(Object.entries(s.userThreads).map(([id, th]) => [id, {...th, unread_replies: 0, unread_mentions: 0}])),
        }));
        return;
    }
    setThread(threadId, {unread_replies: counts.unread_replies, unread_mentions: counts.unread_mentions, last_viewed_at: counts.timestamp});
}

/** A thread I follow changed; if it is open on screen, its new replies are read at once. */
export function applyThreadUpdated(thread: ThreadWithPost): void {
    applyThreads([thread]);
    const {threadRootId, pane} = getState();
    if (pane === 'thread' && threadRootId === thread.id && document.visibilityState === 'visible') {
        void markThreadRead(thread.id);
    }
}

export function setThreadsFilter(filter: 'all' | 'unread'): void {
    setState({threadsFilter: filter});
}
