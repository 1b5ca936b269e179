import {describe, expect, it} from 'vitest';

import {gotoTarget, isCommand, localCommand} from './commands';

describe('isCommand', () => {
    it('treats a leading slash as a command, except // and a lone slash', () => {
        expect(isCommand('/echo hi')).toBe(true);
        expect(isCommand('/shrug')).toBe(true);
        expect(isCommand('//not a command')).toBe(false);
        expect(isCommand('/')).toBe(false);
        expect(isCommand('/ x')).toBe(false);
        expect(isCommand('hello /echo')).toBe(false);
    });
});

describe('gotoTarget', () => {
    const origin = 'https://chat.example.com';
    it('routes same-site locations and opens others', () => {
        expect(gotoTarget('/team/channels/town-square', origin)).toEqual({internal: '/team/channels/town-square'});
        expect(gotoTarget('https://chat.example.com/team/pl/abc', origin)).toEqual({internal: '/team/pl/abc'});
        expect(gotoTarget('https://example.org/x', origin)).toEqual({external: 'https://example.org/x'});
        expect(gotoTarget('javascript:alert(1)', origin)).toBeNull();
        expect(gotoTarget('', origin)).toBeNull();
    });
});

describe('localCommand', () => {
    it('recognises /search and its words, and nothing else', () => {
        expect(localCommand('/search release notes')).toEqual({name: 'search', terms: 'release notes'});
        expect(localCommand('/SEARCH  "exact phrase" from:bob ')).toEqual({name: 'search', terms: '"exact phrase" from:bob'});
        expect(localCommand('/search')).toEqual({name: 'search', terms: ''});
        expect(localCommand('/searching x')).toBeNull();
        expect(localCommand('/echo search')).toBeNull();
    });
});
