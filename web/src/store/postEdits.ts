// Opening a thread, editing and deleting posts, reactions, and the typing indicator.

import {api, socketUserTyping} from '../api/client';
import type {ApiError, Reaction} from '../api/client';
import {loadUsersOf, removePost, updatePost} from './actions';
import {getState, loadable, setState} from './store';


export async function openThread(rootId: string): Promise<void> {
    setState((s) => ({pane: 'thread', threadRootId: rootId, threads: {...s.threads, [rootId]: loadable(s.threads[rootId]?.data ?? [], 'loading')}}));
    try {
        const list = await api.getPostThread(rootId);
        const replies = Object.values(list.posts)
            .filter((p) => p.id !== rootId && p.delete_at === 0)
            .sort((a, b) => a.create_at - b.create_at)
            .map((p) => p.id);
        setState((s) => ({
            postsById: {...s.postsById, ...list.posts},
            threads: {...s.threads, [rootId]: loadable(replies, 'ready')},
        }));
        loadUsersOf(Object.values(list.posts));
    } catch (err) {
        setState((s) => ({threads: {...s.threads, [rootId]: loadable(s.threads[rootId]?.data ?? [], 'error', err as ApiError)}}));
    }
}

export function startEditing(postId: string | null, inThread = false): void {
    setState({editingPostId: postId, editingInThread: inThread});
}

/** The newest post of mine in a channel (or thread) that can be edited, for ↑ in the composer. */
export function lastOwnPostId(channelId: string, rootId = ''): string | null {
    const {posts, threads, postsById, me} = getState();
    const ids = rootId ? [rootId, ...(threads[rootId]?.data ?? [])] : (posts[channelId]?.data ?? []);
    for (let i = ids.length - 1; i >= 0; i--) {
        const p = postsById[ids[i] ?? ''];
        if (p && p.user_id === me?.id && p.delete_at === 0 && (rootId || !p.root_id) && !p.type) {
            return p.id;
        }
    }
    return null;
}

export async function editPost(postId: string, message: string): Promise<void> {
    setState({editingPostId: null});
    const old = getState().postsById[postId];
    if (!old || old.message === message) {
        return;
    }
    updatePost({...old, message, edit_at: Date.now()});
    try {
        updatePost(await api.editPost(postId, message));
    } catch {
        updatePost(old);
    }
}

export async function deletePost(postId: string): Promise<void> {
    const post = getState().postsById[postId];
    if (!post) {
        return;
    }
    await api.deletePost(postId);
    removePost(post);
}

/** Adds or removes my reaction; the server's events keep everyone else in step. */
export async function toggleReaction(postId: string, emojiName: string): Promise<void> {
    const {me, postsById} = getState();
    const post = postsById[postId];
    if (!me || !post) {
        return;
    }
    const mine = (post.metadata?.reactions ?? []).some((r) => r.user_id === me.id && r.emoji_name === emojiName);
    const reaction: Reaction = {user_id: me.id, post_id: postId, emoji_name: emojiName, create_at: Date.now()};
    applyReaction(reaction, !mine);
    try {
        if (mine) {
            await api.removeReaction(me.id, postId, emojiName);
        } else {
            await api.addReaction(me.id, postId, emojiName);
        }
    } catch {
        applyReaction(reaction, mine);
    }
}

export function applyReaction(reaction: Reaction, added: boolean): void {
    setState((s) => {
        const post = s.postsById[reaction.post_id];
        if (!post) {
            return {};
        }
        const others = (post.metadata?.reactions ?? []).filter((r) => !(r.user_id === reaction.user_id && r.emoji_name === reaction.emoji_name));
        const reactions = added ? [...others, reaction] : others;
        return {postsById: {...s.postsById, [post.id]: {...post, metadata: {...post.metadata, reactions}}}};
    });
}

const TYPING_THROTTLE_MS = 3000;
const TYPING_SHOWN_MS = 5000;
let lastTypingSent = 0;
let lastTypingKey = '';

export function userTyping(channelId: string, rootId: string, now = Date.now()): void {
    const key = `${channelId}:${rootId}`;
    if (key === lastTypingKey && now - lastTypingSent < TYPING_THROTTLE_MS) {
        return;
    }
    lastTypingKey = key;
    lastTypingSent = now;
    socketUserTyping(channelId, rootId);
}

export function someoneTyping(channelId: string, rootId: string, userId: string, now = Date.now()): void {
    if (userId === getState().me?.id) {
        return;
    }
    const key = `${channelId}:${rootId}`;
    setState((s) => ({typing: {...s.typing, [key]: {...s.typing[key], [userId]: now + TYPING_SHOWN_MS}}}));
    setTimeout(() => stopTyping(key, userId), TYPING_SHOWN_MS + 50);
}

export function stopTyping(key: string, userId: string, now = Date.now()): void {
    setState((s) => {
        const at = s.typing[key]?.[userId];
        if (at === undefined || at > now) {
            return {};
        }
        const rest = {...s.typing[key]};
        delete rest[userId];
        return {typing: {...s.typing, [key]: rest}};
    });
}

