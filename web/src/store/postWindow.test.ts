import {describe, expect, it} from 'vitest';

import type {Post, PostList} from '../api/client';
import {applyPage, endPage, extendWindow, forgetPosts, leaveWindow, replacedIds, startPage} from './postWindow';
import {initialState, loadable} from './store';
import type {AppState} from './store';

const ids = (from: number, to: number) => Array.from({length: to - from + 1}, (_, i) => `p${from + i}`);

function post(id: string, channelId = 'c1'): Post {
    return {id, channel_id: channelId, create_at: Number(id.slice(1)), delete_at: 0, message: id, root_id: ''} as Post;
}

/** A page as the server sends it: newest first, with its posts. */
function page(chronological: string[], more: {prev?: string; next?: string} = {}): PostList {
    return {
        order: [...chronological].reverse(),
        posts: Object.fromEntries(chronological.map((id) => [id, post(id)])),
        prev_post_id: more.prev ?? '',
        next_post_id: more.next ?? '',
    } as PostList;
}

/** A channel whose window holds posts `from`..`to`. */
function stateWith(from: number, to: number, win: Partial<AppState['windows'][string]> = {}): AppState {
    const s = initialState('light', {name: 'root'});
    const window = ids(from, to);
    return {
        ...s,
        posts: {c1: loadable(window, 'ready')},
        postsById: Object.fromEntries(window.map((id) => [id, post(id)])),
        windows: {c1: {hasOlder: true, hasNewer: false, ...win}},
    };
}

describe('extendWindow', () => {
    it('adds a page at either end while under the cap', () => {
        expect(extendWindow(ids(5, 6), ids(3, 4), 'older', 10)).toEqual({ids: ids(3, 6), dropped: []});
        expect(extendWindow(ids(5, 6), ids(7, 8), 'newer', 10)).toEqual({ids: ids(5, 8), dropped: []});
    });

    it('drops the newest posts when older ones push the window past the cap', () => {
        expect(extendWindow(ids(4, 9), ids(1, 3), 'older', 6)).toEqual({ids: ids(1, 6), dropped: ids(7, 9)});
    });

    it('drops the oldest posts when newer ones push the window past the cap', () => {
        expect(extendWindow(ids(1, 6), ids(7, 9), 'newer', 6)).toEqual({ids: ids(4, 9), dropped: ids(1, 3)});
    });

    it('never adds a post twice, and keeps a whole page even if it alone passes the cap', () => {
        expect(extendWindow(ids(3, 4), ids(2, 3), 'older', 10)).toEqual({ids: ids(2, 4), dropped: []});
        expect(extendWindow(ids(5, 6), ids(1, 4), 'older', 3)).toEqual({ids: ids(1, 4), dropped: ids(5, 6)});
    });
});

describe('applyPage', () => {
    it('scrolling back past the cap drops the newest page and the window stops reaching the present', () => {
        const s = stateWith(61, 1060);
        const next = applyPage(s, 'c1', page(ids(1, 60), {prev: ''}), 'older', 'p61', 60, 1000);
        expect(next.posts?.c1?.data).toEqual(ids(1, 1000));
        expect(next.windows?.c1).toEqual({hasOlder: true, hasNewer: true});
        // The dropped posts leave the store; the page's posts join it.
        expect(next.postsById?.p1001).toBeUndefined();
        expect(next.postsById?.p1060).toBeUndefined();
        expect(next.postsById?.p1).toBeDefined();
        expect(Object.keys(next.postsById ?? {})).toHaveLength(1000);
    });

    it('the oldest page says when the start of the channel is reached', () => {
        const s = stateWith(41, 100);
        const next = applyPage(s, 'c1', page(ids(1, 40)), 'older', 'p41', 60, 1000);
        expect(next.posts?.c1?.data).toEqual(ids(1, 100));
        expect(next.windows?.c1).toMatchObject({hasOlder: false, hasNewer: false});
    });

    it('scrolling down again loads the dropped pages back in order and drops the oldest instead', () => {
        let s = stateWith(1, 1000, {hasOlder: false, hasNewer: true});
        s = {...s, ...applyPage(s, 'c1', page(ids(1001, 1060), {next: 'p1061'}), 'newer', 'p1000', 60, 1000)};
        expect(s.posts.c1?.data).toEqual(ids(61, 1060));
        expect(s.windows.c1).toEqual({hasOlder: true, hasNewer: true});
        expect(s.postsById.p60).toBeUndefined();
        // The last page is short: the window reaches the present again.
        s = {...s, ...applyPage(s, 'c1', page(ids(1061, 1070)), 'newer', 'p1060', 60, 1000)};
        expect(s.posts.c1?.data).toEqual(ids(71, 1070));
        expect(s.windows.c1).toEqual({hasOlder: true, hasNewer: false});
    });

    it('scrolling the whole history up then down shows every post once, in order', () => {
        const total = 2500;
        const cap = 300;
        const size = 60;
        // Starts at the newest page, like opening the channel.
        let s = stateWith(total - size + 1, total, {hasOlder: true, hasNewer: false});
        const seenUp: string[] = [];
        while (s.windows.c1?.hasOlder) {
            const first = s.posts.c1!.data[0]!;
            const n = Number(first.slice(1));
            s = {...s, ...applyPage(s, 'c1', page(ids(Math.max(1, n - size), n - 1), {prev: n - size > 1 ? 'x' : ''}), 'older', first, size, cap)};
            seenUp.push(...s.posts.c1!.data.slice(0, Math.min(size, n - 1)));
            expect(s.posts.c1!.data.length).toBeLessThanOrEqual(cap);
            expect(Object.keys(s.postsById).length).toBeLessThanOrEqual(cap);
        }
        expect(s.posts.c1!.data[0]).toBe('p1');
        expect(s.windows.c1?.hasNewer).toBe(true);
        const seen = [...s.posts.c1!.data];
        while (s.windows.c1?.hasNewer) {
            const last = s.posts.c1!.data[s.posts.c1!.data.length - 1]!;
            const n = Number(last.slice(1));
            const newer = ids(n + 1, Math.min(total, n + size));
            s = {...s, ...applyPage(s, 'c1', page(newer, {next: n + size < total ? 'x' : ''}), 'newer', last, size, cap)};
            expect(s.posts.c1!.data.slice(-newer.length)).toEqual(newer);
            seen.push(...newer);
            expect(s.posts.c1!.data.length).toBeLessThanOrEqual(cap);
        }
        expect(seen).toEqual(ids(1, total));
        expect(new Set(seenUp).size).toBe(seenUp.length);
    });

    it('a page fetched beyond an edge that has since changed does not join the window', () => {
        // A jump to the present replaced the window while an older page was on its way.
        const s = stateWith(941, 1000);
        const next = applyPage(s, 'c1', page(ids(1, 60)), 'older', 'p61', 60, 1000);
        // Nothing changes: no update, no render.
        expect(next).toEqual({});
    });
});

describe('pages on their way', () => {
    it('one page per channel, direction and edge at a time; a new edge may fetch at once', () => {
        expect(startPage('c9', 'older', 'p61')).toBe(true);
        expect(startPage('c9', 'older', 'p61')).toBe(false);
        // The other direction, another channel, or the window's new edge after a jump.
        expect(startPage('c9', 'newer', 'p61')).toBe(true);
        expect(startPage('c8', 'older', 'p61')).toBe(true);
        expect(startPage('c9', 'older', 'p941')).toBe(true);
        endPage('c9', 'older', 'p61');
        expect(startPage('c9', 'older', 'p61')).toBe(true);
        for (const [c, d, e] of [['c9', 'older', 'p61'], ['c9', 'newer', 'p61'], ['c8', 'older', 'p61'], ['c9', 'older', 'p941']] as const) {
            endPage(c, d, e);
        }
    });
});

describe('forgetPosts', () => {
    it('keeps dropped posts that an open thread, a list or the Threads view still shows', () => {
        const base = stateWith(1, 10);
        const s: AppState = {
            ...base,
            threads: {p1: loadable(['p2'], 'ready')},
            paneList: loadable(['p3'], 'ready'),
            search: {...base.search, posts: loadable(['p4'], 'ready')},
            userThreads: {p5: {id: 'p5'} as AppState['userThreads'][string]},
            editingPostId: 'p6',
            threadRootId: 'p7',
        };
        const kept = forgetPosts(s, ids(1, 9), {p11: post('p11')});
        expect(Object.keys(kept).sort()).toEqual(['p1', 'p10', 'p11', 'p2', 'p3', 'p4', 'p5', 'p6', 'p7']);
        // The state it came from is not changed.
        expect(Object.keys(s.postsById)).toHaveLength(10);
    });

    it('replacing a window forgets what only the old one held', () => {
        const s = stateWith(1, 5);
        expect(replacedIds(s, 'c1', ['p4', 'p5', 'p6'])).toEqual(ids(1, 3));
        expect(replacedIds(s, 'c2', ['p1'])).toEqual([]);
    });
});

describe('leaveWindow', () => {
    it('keeps the newest posts of a channel left behind, and forgets the rest', () => {
        const s = {...stateWith(1, 500, {hasOlder: false}), currentChannelId: 'c2', threads: {p3: loadable(['p3'], 'ready')}};
        const next = leaveWindow(s, 'c1', 200);
        expect(next.posts?.c1?.data).toEqual(ids(301, 500));
        expect(next.windows?.c1).toEqual({hasOlder: true, hasNewer: false});
        expect(Object.keys(next.postsById ?? {}).sort()).toEqual([...ids(301, 500), 'p3'].sort());
    });

    it('leaves the channel on screen and short windows alone', () => {
        expect(leaveWindow({...stateWith(1, 500), currentChannelId: 'c1'}, 'c1', 200)).toEqual({});
        expect(leaveWindow({...stateWith(1, 150), currentChannelId: 'c2'}, 'c1', 200)).toEqual({});
        expect(leaveWindow({...stateWith(1, 500), currentChannelId: 'c2'}, 'c9', 200)).toEqual({});
    });
});
