import {beforeEach, describe, expect, it, vi} from 'vitest';

import type {ChannelCategory, UserProfile} from '../api/client';

const sent: ChannelCategory[][] = [];
const orders: string[][] = [];
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
            updateCategoryOrder: async (_user: string, _team: string, order: string[]) => {
                orders.push(order);
                return order;
            },
            updateCategory: async (_user: string, _team: string, cat: ChannelCategory) => {
                sent.push([cat]);
                return cat;
            },
        },
    };
});

const {canDropInto, carriedOrder, dropChannel, endChannelDrag, moveCategory, moveToCategory, setCategoryMuted, setCategorySorting, startChannelDrag} = await import('./categories');
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

describe('muting and sorting a category', () => {
    beforeEach(() => {
        sent.length = 0;
        createStore(initialState('light', {name: 'root'}));
        const raw = [{...category('chan', 'channels', ['a', 'b']), sorting: '', muted: false} as unknown as ChannelCategory];
        setState({
            me: {id: 'me'} as UserProfile,
            currentTeamId: 'tm',
            sidebars: {tm: loadable({source: 'server' as const, categories: [], raw}, 'ready')},
        });
    });

    it('mutes it with one update, and not again when it is muted already', async () => {
        await setCategoryMuted('chan', true);
        expect(sent.map((c) => [c[0]?.id, c[0]?.muted])).toEqual([['chan', true]]);
        sent.length = 0;
        await setCategoryMuted('chan', false);
        expect(sent).toHaveLength(0);
    });

    it('sorting by hand keeps the order on screen', async () => {
        await setCategorySorting('chan', 'manual', ['b', 'a']);
        expect(sent.map((c) => [c[0]?.sorting, c[0]?.channel_ids])).toEqual([['manual', ['b', 'a']]]);
    });

    it('sorting by activity keeps the stored order', async () => {
        await setCategorySorting('chan', 'recent', ['b', 'a']);
        expect(sent.map((c) => [c[0]?.sorting, c[0]?.channel_ids])).toEqual([['recent', ['a', 'b']]]);
    });
});

describe('dragging a channel in the sidebar', () => {
    beforeEach(() => {
        sent.length = 0;
        createStore(initialState('light', {name: 'root'}));
        const raw = [
            {...category('chan', 'channels', ['a', 'b', 'c']), sorting: 'alpha'},
            {...category('proj', 'custom', ['x', 'y']), sorting: 'manual'},
            {...category('dms', 'direct_messages', ['d']), sorting: 'recent'},
        ] as unknown as ChannelCategory[];
        setState({
            me: {id: 'me'} as UserProfile,
            currentTeamId: 'tm',
            channels: Object.fromEntries(['a', 'b', 'c', 'x', 'y'].map((id) => [id, {id, type: 'O'}]).concat([['d', {id: 'd', type: 'D'}]])),
            sidebars: {tm: loadable({source: 'server' as const, categories: [], raw}, 'ready')},
        } as never);
    });

    it('reorders within its category, which becomes sorted by hand', async () => {
        await dropChannel('c', 'chan', ['a', 'b', 'c'], 'a');
        expect(sent.map((u) => u.map((c) => [c.id, c.sorting, c.channel_ids]))).toEqual([[['chan', 'manual', ['c', 'a', 'b']]]]);
    });

    it('keeps in the category what the sidebar does not show (a closed conversation) when it reorders', async () => {
        await dropChannel('y', 'proj', ['y'], null);
        expect(sent).toHaveLength(0);
        await dropChannel('a', 'proj', ['y'], 'y');
        expect(sent.map((u) => u.map((c) => [c.id, c.channel_ids]))).toEqual([
            [
                ['chan', ['b', 'c']],
                ['proj', ['a', 'y', 'x']],
            ],
        ]);
    });

    it('does not reorder Direct messages, which are sorted by name or activity only', async () => {
        await dropChannel('d', 'dms', ['d', 'e'], null);
        expect(sent).toHaveLength(0);
    });

    it('sends nothing when dropped where it was', async () => {
        await dropChannel('b', 'chan', ['a', 'b', 'c'], 'c');
        expect(sent).toHaveLength(0);
    });

    it('moves into a category sorted by hand at the place it was dropped, leaving its old one', async () => {
        await dropChannel('a', 'proj', ['x', 'y'], 'y');
        expect(sent.map((u) => u.map((c) => [c.id, c.channel_ids]))).toEqual([
            [
                ['chan', ['b', 'c']],
                ['proj', ['x', 'a', 'y']],
            ],
        ]);
    });

    it('takes DMs into Direct messages, Favorites and my own categories only', () => {
        startChannelDrag('d');
        expect([canDropInto({type: 'direct_messages'}), canDropInto({type: 'custom'}), canDropInto({type: 'channels'})]).toEqual([true, true, false]);
        expect(canDropInto({type: 'direct_messages', channelIds: ['d']})).toBe(false);
        startChannelDrag('a');
        expect([canDropInto({type: 'direct_messages'}), canDropInto({type: 'favorites'}), canDropInto({type: 'channels'})]).toEqual([false, true, true]);
        endChannelDrag();
        expect(canDropInto({type: 'custom'})).toBe(false);
    });
});

describe('carrying a channel with the keyboard', () => {
    it('shows the channel at the place it is carried to, the others in their order', () => {
        expect(carriedOrder(['a', 'b', 'c', 'd'], 'b', 0)).toEqual(['b', 'a', 'c', 'd']);
        expect(carriedOrder(['a', 'b', 'c', 'd'], 'b', 2)).toEqual(['a', 'c', 'b', 'd']);
        expect(carriedOrder(['a', 'b', 'c', 'd'], 'b', 1)).toEqual(['a', 'b', 'c', 'd']);
    });

    it('keeps the place within the category, and leaves a list without the channel as it is', () => {
        expect(carriedOrder(['a', 'b', 'c'], 'a', 9)).toEqual(['b', 'c', 'a']);
        expect(carriedOrder(['a', 'b', 'c'], 'c', -3)).toEqual(['c', 'a', 'b']);
        const ids = ['a', 'b'];
        expect(carriedOrder(ids, 'z', 0)).toBe(ids);
    });

    it('drops where it was carried with the request dragging sends', async () => {
        sent.length = 0;
        createStore(initialState('light', {name: 'root'}));
        const raw = [{...category('chan', 'channels', ['a', 'b', 'c']), sorting: 'alpha'}] as unknown as ChannelCategory[];
        setState({
            me: {id: 'me'} as UserProfile,
            currentTeamId: 'tm',
            channels: Object.fromEntries(['a', 'b', 'c'].map((id) => [id, {id, type: 'O'}])),
            sidebars: {tm: loadable({source: 'server' as const, categories: [], raw}, 'ready')},
        } as never);
        const order = carriedOrder(['a', 'b', 'c'], 'a', 2);
        await dropChannel('a', 'chan', ['a', 'b', 'c'], order[order.indexOf('a') + 1] ?? null);
        expect(sent.map((u) => u.map((c) => [c.sorting, c.channel_ids]))).toEqual([[['manual', ['b', 'c', 'a']]]]);
    });
});

describe('moving a category', () => {
    const shown = (id: string, type: ChannelCategory['type'], channelIds: string[]) => ({id, type, displayName: id, channelIds, collapsed: false, sorting: '', muted: false});
    beforeEach(() => {
        orders.length = 0;
        createStore(initialState('light', {name: 'root'}));
        const categories = [shown('fav', 'favorites', []), shown('proj', 'custom', ['c']), shown('chan', 'channels', ['a']), shown('dms', 'direct_messages', [])];
        setState({
            me: {id: 'me'} as UserProfile,
            currentTeamId: 'tm',
            sidebars: {tm: loadable({source: 'server' as const, categories, raw: []}, 'ready')},
        });
    });

    it('moves it past the category shown next to it', async () => {
        await moveCategory('chan', 1);
        expect(orders).toEqual([['fav', 'proj', 'dms', 'chan']]);
    });

    it('passes over an empty Favorites, which the sidebar does not show', async () => {
        await moveCategory('chan', -1);
        expect(orders).toEqual([['fav', 'chan', 'proj', 'dms']]);
    });

    it('does nothing at either end', async () => {
        await moveCategory('proj', -1);
        await moveCategory('dms', 1);
        expect(orders).toHaveLength(0);
    });
});
