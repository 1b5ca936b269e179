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

    it('takes two initials', () => {
        expect(initials('Acme Platform')).toBe('AP');
        expect(initials('design')).toBe('DE');
    });
});
