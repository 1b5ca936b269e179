import {describe, expect, it, vi} from 'vitest';

import type {Channel, Post, UserProfile} from '../api/client';
import {notifyPost, notifyStats, shouldNotify} from './notify';
import {createStore, initialState, setState} from './store';

const me = (desktop: string) => ({id: 'me', notify_props: {desktop}}) as unknown as UserProfile;
const post = (user = 'u2', type = '') => ({user_id: user, type, message: 'hi'}) as Post;
const channel = (type: string) => ({type}) as Channel;

describe('desktop notifications', () => {
    it('follow the mention level: mentions and direct messages only', () => {
        expect(shouldNotify(post(), channel('O'), me('mention'), true, false)).toBe(true);
        expect(shouldNotify(post(), channel('O'), me('mention'), false, false)).toBe(false);
        expect(shouldNotify(post(), channel('D'), me('mention'), false, false)).toBe(true);
        expect(shouldNotify(post(), channel('O'), me('default'), false, false)).toBe(false);
    });

    it('respect all, none, and the channel overriding the account', () => {
        expect(shouldNotify(post(), channel('O'), me('all'), false, false)).toBe(true);
        expect(shouldNotify(post(), channel('D'), me('none'), true, false)).toBe(false);
        expect(shouldNotify(post(), channel('O'), me('mention'), false, false, 'all')).toBe(true);
        expect(shouldNotify(post(), channel('O'), me('all'), true, false, 'none')).toBe(false);
    });

    it('never for my own posts, system messages, or the channel on screen', () => {
        expect(shouldNotify(post('me'), channel('D'), me('all'), true, false)).toBe(false);
        expect(shouldNotify(post('u2', 'system_join_channel'), channel('O'), me('all'), true, false)).toBe(false);
        expect(shouldNotify(post(), channel('D'), me('all'), true, true)).toBe(false);
    });
});

describe('Do not disturb', () => {
    it('silences desktop notifications and their sound until my status changes', () => {
        vi.stubGlobal(
            'Notification',
            class {
                static permission = 'granted';
                onclick: (() => void) | null = null;
            },
        );
        createStore(initialState('light', {name: 'root'}));
        setState({me: me('all'), channels: {c1: {id: 'c1', type: 'D', display_name: ''} as Channel}, statuses: {me: 'dnd'}});
        const dm = {...post(), id: 'p1', channel_id: 'c1'} as Post;
        const before = {...notifyStats};
        notifyPost(dm, true);
        expect(notifyStats).toEqual(before);
        setState({statuses: {me: 'online'}});
        notifyPost(dm, true);
        expect(notifyStats).toEqual({shown: before.shown + 1, chimes: before.chimes + 1});
        vi.unstubAllGlobals();
    });
});
