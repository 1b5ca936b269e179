import {beforeEach, describe, expect, it, vi} from 'vitest';

import type {ChannelCategory, UserProfile} from '../api/client';

const sent: ChannelCategory[][] = [];
vi.mock('../api/client', async (importOriginal) => {
    const real = await importOriginal<typeof import('../api/client')>();
    return {
        ...real,
        api: {
            ...real.api,
            updateCategories: async (_user: string, _team: string, cats: ChannelCategory[]) => {
                sent.push(cats);
                return cats;
            },
            getMyChannels: async () => [],
            getMyChannelMembers: async () => [],
            getCategories: async () => ({categories: [], order: []}),
        },
    };
});

const {moveToCategory} = await import('./categories');
const {createStore, initialState, loadable, setState} = await import('./store');

const category = (id: string, type: ChannelCategory['type'], channelIds: string[]) => ({id, type, display_name: id, channel_ids: channelIds, user_id: 'me', team_id: 'tm', collapsed: false}) as unknown as ChannelCategory;

describe('moving a channel to a category', () => {
    beforeEach(() => {
        sent.length = 0;
        createStore(initialState('light', {name: 'root'}));
        const raw = [category('fav', 'favorites', []), category('chan', 'channels', ['a', 'b']), category('proj', 'custom', ['c'])];
        setState({
            me: {id: 'me'} as UserProfile,
            currentTeamId: 'tm',
            sidebars: {tm: loadable({source: 'server' as const, categories: [], raw}, 'ready')},
        });
    });

    it('takes it out of its category and puts it first in the other, in one request', async () => {
        await moveToCategory('b', 'proj');
        expect(sent).toHaveLength(1);
        expect(sent[0]?.map((c) => [c.id, c.channel_ids])).toEqual([
            ['chan', ['a']],
            ['proj', ['b', 'c']],
        ]);
    });

    it('sends nothing when the channel is already there', async () => {
        await moveToCategory('c', 'proj');
        expect(sent).toHaveLength(0);
    });
});
