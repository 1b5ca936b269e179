import {describe, expect, it, vi} from 'vitest';

import type {UserProfile} from '../api/client';

// A channel of five members, served two at a time.
const everyone = ['ann', 'ben', 'cat', 'dan', 'eve'].map((username) => ({id: `id-${username}`, username}) as UserProfile);
vi.mock('../api/client', async (importOriginal) => {
    const real = await importOriginal<typeof import('../api/client')>();
    return {
        ...real,
        api: {
            ...real.api,
            getUsersInChannel: async (_channel: string, page: number) => everyone.slice(page * 2, page * 2 + 2),
            getStatuses: async () => [],
        },
    };
});

const {loadChannelMembers} = await import('./actions');
const {createStore, getState, initialState} = await import('./store');

describe("a channel's members, a page at a time", () => {
    it('adds a later page to the ones loaded, and the first page starts again', async () => {
        createStore(initialState('light', {name: 'root'}));
        await loadChannelMembers('ch', 0);
        expect(getState().channelMembers.ch?.data).toEqual(['id-ann', 'id-ben']);
        await loadChannelMembers('ch', 1);
        expect(getState().channelMembers.ch?.data).toEqual(['id-ann', 'id-ben', 'id-cat', 'id-dan']);
        expect(getState().users['id-dan']?.username).toBe('dan');
        await loadChannelMembers('ch', 0);
        expect(getState().channelMembers.ch?.data).toEqual(['id-ann', 'id-ben']);
    });
});
