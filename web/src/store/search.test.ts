import {describe, expect, it} from 'vitest';

import type {UserProfile} from '../api/client';
import {mentionTerms} from './search';

const me = (notify: Record<string, string>, first = 'Alice') => ({username: 'alice', first_name: first, notify_props: notify}) as unknown as UserProfile;

describe('the words of my recent mentions', () => {
    it('are @username and my own mention words, once each', () => {
        expect(mentionTerms(me({mention_keys: 'wonderland, rabbit ,,Wonderland'}))).toEqual(['@alice', 'wonderland', 'rabbit']);
    });

    it('take my first name only when it mentions me', () => {
        expect(mentionTerms(me({first_name: 'true'}))).toEqual(['@alice', 'Alice']);
        expect(mentionTerms(me({first_name: 'false'}))).toEqual(['@alice']);
        expect(mentionTerms(me({first_name: 'true'}, ''))).toEqual(['@alice']);
    });

    it('leave out the words that mention everyone', () => {
        expect(mentionTerms(me({mention_keys: '@channel,@all,@here,@alice'}))).toEqual(['@alice']);
    });
});
