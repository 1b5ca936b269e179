import {describe, expect, it} from 'vitest';

import {formatRoute, parseRoute} from './routes';
import type {Route} from './routes';

describe('routes', () => {
    it('parses Mattermost-style URLs', () => {
        expect(parseRoute('/')).toEqual({name: 'root'});
        expect(parseRoute('/login')).toEqual({name: 'login'});
        expect(parseRoute('/signup_user_complete')).toEqual({name: 'signup'});
        expect(parseRoute('/acme/channels/town-square')).toEqual({name: 'channel', team: 'acme', channel: 'town-square'});
        expect(parseRoute('/acme/messages/@john.doe')).toEqual({name: 'dm', team: 'acme', username: 'john.doe'});
        expect(parseRoute('/acme/messages/abc123')).toEqual({name: 'channel', team: 'acme', channel: 'abc123'});
        expect(parseRoute('/acme')).toEqual({name: 'team', team: 'acme'});
        expect(parseRoute('/acme/pl/p1234')).toEqual({name: 'permalink', team: 'acme', postId: 'p1234'});
        expect(parseRoute('/acme/threads')).toEqual({name: 'threads', team: 'acme'});
    });

    it("reads the password reset pages, the mailed link's token included", () => {
        expect(parseRoute('/reset_password')).toEqual({name: 'reset_password'});
        expect(parseRoute('/reset_password_complete?token=abc123')).toEqual({name: 'reset_password_complete', token: 'abc123'});
        expect(parseRoute('/reset_password_complete')).toEqual({name: 'reset_password_complete', token: ''});
    });

    it("reads a team's invite link, and ignores other queries", () => {
        expect(parseRoute('/signup_user_complete/?id=k3x9')).toEqual({name: 'signup', inviteId: 'k3x9'});
        expect(parseRoute('/login?id=k3x9')).toEqual({name: 'login', inviteId: 'k3x9'});
        expect(parseRoute('/signup_user_complete/?id=')).toEqual({name: 'signup'});
        expect(parseRoute('/acme/channels/town-square?id=k3x9')).toEqual({name: 'channel', team: 'acme', channel: 'town-square'});
        expect(formatRoute({name: 'signup', inviteId: 'a b'})).toBe('/signup_user_complete/?id=a%20b');
    });

    it('formats what it parses', () => {
        const routes: Route[] = [
            {name: 'root'},
            {name: 'login'},
            {name: 'signup'},
            {name: 'signup', inviteId: 'inv1'},
            {name: 'login', inviteId: 'inv1'},
            {name: 'create_team'},
            {name: 'select_team'},
            {name: 'reset_password'},
            {name: 'reset_password_complete', token: 'tok/en+1'},
            {name: 'team', team: 'acme'},
            {name: 'channel', team: 'acme', channel: 'off-topic'},
            {name: 'dm', team: 'acme', username: 'a.b'},
            {name: 'permalink', team: 'acme', postId: 'abc'},
            {name: 'threads', team: 'acme'},
        ];
        for (const r of routes) {
            expect(parseRoute(formatRoute(r))).toEqual(r);
        }
    });
});
