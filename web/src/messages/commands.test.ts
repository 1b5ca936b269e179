import {describe, expect, it} from 'vitest';

import {gotoTarget, isCommand} from './commands';

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
