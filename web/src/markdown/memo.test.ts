import {describe, expect, it} from 'vitest';

import {memoByKey} from './memo';

describe('memoByKey', () => {
    it('computes a key once while it is kept', () => {
        const calls: string[] = [];
        const f = memoByKey(2, (k) => {
            calls.push(k);
            return {k};
        });
        const a = f('a');
        expect(f('a')).toBe(a);
        expect(calls).toEqual(['a']);
    });

    it('drops the least recently used key past its limit', () => {
        const calls: string[] = [];
        const f = memoByKey(2, (k) => {
            calls.push(k);
            return k.toUpperCase();
        });
        f('a');
        f('b');
        f('a'); // a is now the most recent
        f('c'); // b goes
        expect(f('a')).toBe('A');
        expect(calls).toEqual(['a', 'b', 'c']);
        f('b');
        expect(calls).toEqual(['a', 'b', 'c', 'b']);
    });
});
