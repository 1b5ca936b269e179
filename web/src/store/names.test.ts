import {describe, expect, it} from 'vitest';

import type {Channel, UserProfile} from '../api/client';
import {channelName, dmPartnerId, initials, slugify} from './names';

describe('names', () => {
    it('makes URL names Mattermost accepts', () => {
        expect(slugify('Release Planning')).toBe('release-planning');
        expect(slugify('  Ünïcode & Friends! ')).toBe('unicode-friends');
    });

    it('names a DM after the other person, and a self-DM after me', () => {
        const dm = {type: 'D', name: 'me__you', display_name: ''} as Channel;
        expect(dmPartnerId(dm, 'me')).toBe('you');
        expect(dmPartnerId({...dm, name: 'me__me'}, 'me')).toBe('me');
        const users = {you: {id: 'you', username: 'bob'} as UserProfile};
        expect(channelName(dm, users, 'me')).toBe('bob');
    });

    it('names a group message after the others in it', () => {
        const gm = {type: 'G', name: 'abc', display_name: 'alice, bob, erin'} as Channel;
        const users = {me: {id: 'me', username: 'alice'} as UserProfile};
        expect(channelName(gm, users, 'me')).toBe('bob, erin');
        expect(channelName(gm, {}, 'me')).toBe('alice, bob, erin');
    });

    it('takes two initials', () => {
        expect(initials('Acme Platform')).toBe('AP');
        expect(initials('design')).toBe('DE');
    });
});
