import {describe, expect, it} from 'vitest';

import type {Channel, UserProfile} from '../api/client';
import {findSearchToken, findToken, matchChannels, matchUsers, replaceToken} from './autocomplete';

const user = (username: string, first = '', last = '', deleteAt = 0) => ({id: username, username, first_name: first, last_name: last, nickname: '', delete_at: deleteAt}) as UserProfile;
const channel = (name: string, displayName: string, type = 'O') => ({id: name, name, display_name: displayName, type, delete_at: 0}) as Channel;

describe('findToken', () => {
    it('finds the mention, channel or emoji being typed at the caret', () => {
        expect(findToken('hi @al', 6)).toEqual({trigger: '@', query: 'al', start: 3, end: 6});
        expect(findToken('@', 1)).toEqual({trigger: '@', query: '', start: 0, end: 1});
        expect(findToken('see ~town', 9)).toEqual({trigger: '~', query: 'town', start: 4, end: 9});
        expect(findToken('nice :ta', 8)).toEqual({trigger: ':', query: 'ta', start: 5, end: 8});
    });

    it('ignores e-mail addresses, one-letter emoji, words without a trigger and code spans', () => {
        expect(findToken('mail a@b', 8)).toBeNull();
        expect(findToken('x :t', 4)).toBeNull();
        expect(findToken('plain', 5)).toBeNull();
        expect(findToken('`@al', 4)).toBeNull();
        expect(findToken('`x` @al', 7)).not.toBeNull();
    });

    it('finds a slash command only as the first word', () => {
        expect(findToken('/ec', 3)).toEqual({trigger: '/', query: 'ec', start: 0, end: 3});
        expect(findToken('/', 1)).toEqual({trigger: '/', query: '', start: 0, end: 1});
        expect(findToken('see /ec', 7)).toBeNull();
        expect(findToken('/echo hi', 8)).toBeNull();
    });
});

describe('replaceToken', () => {
    it('replaces the token and adds one space', () => {
        expect(replaceToken('hi @al', {trigger: '@', query: 'al', start: 3, end: 6}, '@alice')).toEqual({text: 'hi @alice ', caret: 10});
        expect(replaceToken('hi @al there', {trigger: '@', query: 'al', start: 3, end: 6}, '@alice')).toEqual({text: 'hi @alice there', caret: 9});
    });
});

describe('matching', () => {
    it('matches people by username, then by name, skipping deactivated ones', () => {
        const users = [user('bob', 'Alice', 'Smith'), user('alice'), user('alfred'), user('al', '', '', 1)];
        expect(matchUsers(users, 'al').map((u) => u.username)).toEqual(['alfred', 'alice', 'bob']);
        expect(matchUsers(users, 'smi').map((u) => u.username)).toEqual(['bob']);
    });

    it('matches open and private channels by name or a word of the display name', () => {
        const channels = [channel('town-square', 'Town Square'), channel('release-planning', 'Release Planning'), channel('a__b', 'a, b', 'D'), channel('plans', 'Plans', 'P')];
        expect(matchChannels(channels, 'pla').map((c) => c.name)).toEqual(['plans', 'release-planning']);
        expect(matchChannels(channels, 'sq').map((c) => c.name)).toEqual(['town-square']);
    });
});

describe('the search box tokens', () => {
    it('from: a person and in: a channel, at the caret', () => {
        expect(findSearchToken('from:bo', 7)).toEqual({trigger: '@', query: 'bo', start: 0, end: 7, flag: 'from:'});
        expect(findSearchToken('plan in:to', 10)).toEqual({trigger: '~', query: 'to', start: 5, end: 10, flag: 'in:'});
        // A leading @ or ~ belongs to the name; an excluded one (-in:) too.
        expect(findSearchToken('in:@er', 6)).toMatchObject({query: 'er', flag: 'in:'});
        expect(findSearchToken('-from:bo', 8)).toMatchObject({start: 1, flag: 'from:'});
        expect(findSearchToken('FROM:', 5)).toMatchObject({query: '', flag: 'from:'});
    });

    it('nothing for other words, or with the caret elsewhere', () => {
        expect(findSearchToken('plan', 4)).toBeNull();
        expect(findSearchToken('before:2026', 11)).toBeNull();
        expect(findSearchToken('from:bob plan', 13)).toBeNull();
        expect(findSearchToken('from:b o', 8)).toBeNull();
    });

    it('the name picked replaces the whole token', () => {
        const token = findSearchToken('x from:bo', 9);
        expect(token && replaceToken('x from:bo', token, 'from:bob')).toEqual({text: 'x from:bob ', caret: 11});
    });
});
