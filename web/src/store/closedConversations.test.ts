import {beforeEach, describe, expect, it, vi} from 'vitest';

import type {Channel, PreferenceType, UserProfile} from '../api/client';

const saved: PreferenceType[][] = [];
let fail = false;
vi.mock('../api/client', async (importOriginal) => {
    const real = await importOriginal<typeof import('../api/client')>();
    return {
        ...real,
        api: {
            ...real.api,
            savePreferences: async (_user: string, prefs: PreferenceType[]) => {
                if (fail) {
                    throw new Error('offline');
                }
                saved.push(prefs);
            },
        },
    };
});

const {applyShowPreferences, isClosed, setConversationShown, setDmLimit, visibleConversations} = await import('./closedConversations');
const {createStore, getState, initialState, setState} = await import('./store');

const dm = {id: 'dm1', type: 'D', name: 'me__bob'} as Channel;
const gm = {id: 'gm1', type: 'G', name: 'abc'} as Channel;
const open = {id: 'o1', type: 'O', name: 'town-square'} as Channel;

describe('closed conversations', () => {
    beforeEach(() => {
        saved.length = 0;
        fail = false;
        createStore(initialState('light', {name: 'root'}));
        setState({me: {id: 'me'} as UserProfile});
    });

    it('follow my preferences: a DM by the other person, a group message by its id', () => {
        applyShowPreferences(
            [
                {user_id: 'me', category: 'direct_channel_show', name: 'bob', value: 'false'},
                {user_id: 'me', category: 'group_channel_show', name: 'gm1', value: 'false'},
                {user_id: 'me', category: 'flagged_post', name: 'p1', value: 'true'},
            ],
            true,
        );
        const closed = getState().closedConversations;
        expect([isClosed(dm, closed, 'me'), isClosed(gm, closed, 'me'), isClosed(open, closed, 'me')]).toEqual([true, true, false]);
        applyShowPreferences([{user_id: 'me', category: 'direct_channel_show', name: 'bob', value: 'true'}], true);
        applyShowPreferences([{user_id: 'me', category: 'group_channel_show', name: 'gm1', value: 'false'}], false);
        expect(getState().closedConversations).toEqual({});
    });

    it('close and open again on the server, and only when it changes something', async () => {
        await setConversationShown(dm, false);
        expect(isClosed(dm, getState().closedConversations, 'me')).toBe(true);
        await setConversationShown(dm, false);
        await setConversationShown(dm, true);
        await setConversationShown(open, false);
        expect(saved.map((p) => p.map((x) => `${x.category}:${x.name}=${x.value}`))).toEqual([['direct_channel_show:bob=false'], ['direct_channel_show:bob=true']]);
    });

    it('put it back as it was when the server refuses', async () => {
        fail = true;
        await expect(setConversationShown(gm, false)).rejects.toThrow('offline');
        expect(isClosed(gm, getState().closedConversations, 'me')).toBe(false);
    });

    it('show the most recent conversations within my limit, and the open and unread ones', () => {
        const channels = {a: {last_post_at: 5, create_at: 1}, b: {last_post_at: 9, create_at: 1}, c: {last_post_at: 0, create_at: 7}, d: {last_post_at: 1, create_at: 1}};
        const ids = ['a', 'b', 'c', 'd'];
        expect(visibleConversations(ids, channels, 0, () => false)).toBe(ids);
        expect(visibleConversations(ids, channels, 4, () => false)).toBe(ids);
        expect(visibleConversations(ids, channels, 2, () => false)).toEqual(['b', 'c']);
        expect(visibleConversations(ids, channels, 2, (id) => id === 'd')).toEqual(['b', 'c', 'd']);
    });

    it('keep the limit in my preferences ("all" for no limit; 40 by default)', async () => {
        expect(getState().dmLimit).toBe(40);
        await setDmLimit(10);
        await setDmLimit(0);
        expect(saved.map((p) => p.map((x) => `${x.category}:${x.name}=${x.value}`))).toEqual([['sidebar_settings:limit_visible_dms_gms=10'], ['sidebar_settings:limit_visible_dms_gms=all']]);
        applyShowPreferences([{user_id: 'me', category: 'sidebar_settings', name: 'limit_visible_dms_gms', value: '15'}], true);
        expect(getState().dmLimit).toBe(15);
        applyShowPreferences([{user_id: 'me', category: 'sidebar_settings', name: 'limit_visible_dms_gms', value: '15'}], false);
        expect(getState().dmLimit).toBe(40);
    });
});
