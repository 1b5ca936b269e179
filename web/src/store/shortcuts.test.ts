import {describe, expect, it} from 'vitest';

import {neighbourChannel} from './shortcuts';

describe('channel navigation', () => {
    const order = ['a', 'b', 'c', 'd'];
    it('moves to the next or previous channel, wrapping around', () => {
        expect(neighbourChannel(order, 'b', 1, false)).toBe('c');
        expect(neighbourChannel(order, 'a', -1, false)).toBe('d');
        expect(neighbourChannel(order, 'd', 1, false)).toBe('a');
        expect(neighbourChannel(order, null, 1, false)).toBe('a');
        expect(neighbourChannel([], 'a', 1, false)).toBeNull();
    });

    it('skips read channels when asked for unread ones', () => {
        const unread = (id: string) => id === 'a' || id === 'd';
        expect(neighbourChannel(order, 'b', 1, true, unread)).toBe('d');
        expect(neighbourChannel(order, 'd', 1, true, unread)).toBe('a');
        expect(neighbourChannel(order, 'a', -1, true, unread)).toBe('d');
        expect(neighbourChannel(order, 'a', 1, true, () => false)).toBeNull();
    });
});
