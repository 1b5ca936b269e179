import {describe, expect, it, vi} from 'vitest';

import type {UserProfile} from '../api/client';

// 60 followed threads, t59 with the newest reply; the server pages them as Mattermost's does.
const all = Array.from({length: 60}, (_, i) => ({
    id: `t${i}`,
    reply_count: 1,
    last_reply_at: 1000 + i,
    last_viewed_at: 0,
    participants: [],
    post: {id: `t${i}`, channel_id: 'c', user_id: 'u'},
    unread_replies: 0,
    unread_mentions: 0,
})).reverse();
const asked: string[] = [];
vi.mock('../api/client', async (importOriginal) => {
    const real = await importOriginal<typeof import('../api/client')>();
    return {
        ...real,
        api: {
            ...real.api,
            getUserThreads: async (_user: string, _team: string, before = '') => {
                asked.push(before);
                const from = before ? all.findIndex((th) => th.id === before) + 1 : 0;
                return {total: all.length, total_unread_threads: 0, total_unread_mentions: 0, threads: all.slice(from, from + real.THREADS_PAGE)};
            },
            getUsersByIds: async () => [],
            getStatuses: async () => [],
        },
    };
});

const {loadFollowedThreads, loadOlderThreads} = await import('./threads');
const {createStore, getState, initialState, setState} = await import('./store');

describe('the Threads view, a page at a time', () => {
    it('asks for the threads after the last one loaded until there are no more', async () => {
        createStore(initialState('light', {name: 'root'}));
        setState({me: {id: 'me'} as UserProfile, currentTeamId: 'tm'});
        await loadFollowedThreads();
        expect(getState().followedThreads.data).toHaveLength(50);
        expect(getState().followedThreadsMore).toBe(true);
        await loadOlderThreads();
        expect(asked).toEqual(['', 't10']);
        expect(getState().followedThreads.data).toHaveLength(60);
        expect(getState().followedThreads.data.slice(-2)).toEqual(['t1', 't0']);
        expect(getState().followedThreadsMore).toBe(false);
    });
});
