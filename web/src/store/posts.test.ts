import {beforeEach, describe, expect, it, vi} from 'vitest';

import type {Post, PostList} from '../api/client';

// A channel's history on a fake server: posts p1..pN, oldest first.
let history: Post[] = [];
const mkPost = (n: number): Post => ({id: `p${n}`, channel_id: 'c1', user_id: 'u1', create_at: n, delete_at: 0, message: `m${n}`, root_id: '', type: ''}) as Post;
const listOf = (posts: Post[], prev: string, next: string): PostList =>
    ({order: posts.map((p) => p.id).reverse(), posts: Object.fromEntries(posts.map((p) => [p.id, p])), prev_post_id: prev, next_post_id: next}) as PostList;
const at = (id: string) => history.findIndex((p) => p.id === id);
let beforeCalls = 0;
let failNext = false;
const fake = {
    getPosts: async () => listOf(history.slice(-60), history[history.length - 61]?.id ?? '', ''),
    getPostsBefore: async (_c: string, id: string, n: number) => {
        beforeCalls++;
        if (failNext) {
            failNext = false;
            throw new Error('server error');
        }
        const i = at(id);
        return listOf(history.slice(Math.max(0, i - n), i), history[i - n - 1]?.id ?? '', '');
    },
    getPostsAfter: async (_c: string, id: string, n: number) => {
        const i = at(id);
        return listOf(history.slice(i + 1, i + 1 + n), '', history[i + 1 + n]?.id ?? '');
    },
    getUsersByIds: async () => [],
    getStatuses: async () => [],
};
vi.mock('../api/client', async (importOriginal) => {
    const real = await importOriginal<typeof import('../api/client')>();
    return {...real, api: {...real.api, ...fake}};
});

const {loadNewer, loadOlder, loadPosts} = await import('./posts');
const {addPost} = await import('./actions');
const {WINDOW_CAP} = await import('./postWindow');
const {createStore, getState, initialState} = await import('./store');

const windowIds = () => getState().posts.c1?.data ?? [];

describe('a channel window over a long history', () => {
    beforeEach(() => {
        history = Array.from({length: 2500}, (_, i) => mkPost(i + 1));
        createStore(initialState('light', {name: 'root'}));
    });

    it('stays within the cap scrolling back, then loads every post again, in order, scrolling down', async () => {
        await loadPosts('c1');
        expect(windowIds()).toEqual(history.slice(-60).map((p) => p.id));
        while (getState().windows.c1?.hasOlder) {
            await loadOlder('c1');
            expect(windowIds().length).toBeLessThanOrEqual(WINDOW_CAP);
            expect(Object.keys(getState().postsById).length).toBeLessThanOrEqual(WINDOW_CAP);
        }
        expect(windowIds()[0]).toBe('p1');
        expect(windowIds()).toEqual(history.slice(0, WINDOW_CAP).map((p) => p.id));
        expect(getState().windows.c1?.hasNewer).toBe(true);

        // A live post while the window does not reach the present: kept, not shown at its end.
        const live = mkPost(2501);
        history.push(live);
        addPost(live);
        expect(windowIds()).not.toContain('p2501');

        const seen = [...windowIds()];
        while (getState().windows.c1?.hasNewer) {
            const before = windowIds();
            await loadNewer('c1');
            const added = windowIds().slice(windowIds().indexOf(before[before.length - 1]!) + 1);
            seen.push(...added);
            expect(windowIds().length).toBeLessThanOrEqual(WINDOW_CAP);
        }
        expect(seen).toEqual(history.map((p) => p.id));
        expect(windowIds()[windowIds().length - 1]).toBe('p2501');
    });

    it('asking for an older page changes nothing until it arrives, and asking again meanwhile fetches nothing', async () => {
        await loadPosts('c1');
        const before = getState();
        beforeCalls = 0;
        const first = loadOlder('c1');
        const second = loadOlder('c1');
        // No store update (so no render) when the page is asked for, one when it arrives.
        expect(getState()).toBe(before);
        await Promise.all([first, second]);
        expect(beforeCalls).toBe(1);
        expect(getState()).not.toBe(before);
        expect(windowIds()).toEqual(history.slice(-120).map((p) => p.id));
        // The next page may be fetched once this one is in.
        await loadOlder('c1');
        expect(beforeCalls).toBe(2);
        expect(windowIds()).toEqual(history.slice(-180).map((p) => p.id));
    });

    it('a page that failed may be asked for again a second later, and the window says so', async () => {
        await loadPosts('c1');
        vi.useFakeTimers({toFake: ['setTimeout']});
        try {
            failNext = true;
            beforeCalls = 0;
            const before = getState();
            await loadOlder('c1');
            await loadOlder('c1');
            // Failed once; not asked again at once; the window is as it was.
            expect(beforeCalls).toBe(1);
            expect(getState().windows).toBe(before.windows);
            expect(getState().posts).toBe(before.posts);
            vi.advanceTimersByTime(1000);
            // A new window object: the list's effect asks again.
            expect(getState().windows.c1).not.toBe(before.windows.c1);
            expect(getState().windows.c1).toEqual(before.windows.c1);
            await loadOlder('c1');
            expect(beforeCalls).toBe(2);
            expect(windowIds()).toEqual(history.slice(-120).map((p) => p.id));
        } finally {
            vi.useRealTimers();
        }
    });

    it('jumping to the present keeps a post that arrived while the newest page was on its way', async () => {
        await loadPosts('c1');
        while (windowIds()[0] !== 'p1') {
            await loadOlder('c1');
        }
        // The server answers with a page read before the post existed (it is not in `history`),
        // and the post's event is handled while that answer is on its way.
        const live = mkPost(2501);
        const jump = loadPosts('c1');
        addPost(live);
        await jump;
        expect(windowIds()).toEqual([...history.slice(-60).map((p) => p.id), 'p2501']);
        expect(getState().windows.c1).toMatchObject({hasNewer: false, hasOlder: true});
        // The old window's posts are forgotten.
        expect(getState().postsById.p1).toBeUndefined();
        expect(Object.keys(getState().postsById)).toHaveLength(61);
    });
});
