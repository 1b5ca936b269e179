import {describe, expect, it, vi} from 'vitest';

const sent: string[] = [];
vi.mock('../api/client', async (importOriginal) => ({
    ...(await importOriginal<typeof import('../api/client')>()),
    socketUserTyping: (channelId: string, rootId: string) => sent.push(`${channelId}:${rootId}`),
}));

const {userTyping, someoneTyping, stopTyping} = await import('./actions');
const {createStore, getState, initialState} = await import('./store');
const {t} = await import('../strings');

describe('typing', () => {
    it('sends user_typing at most every few seconds per channel or thread', () => {
        userTyping('c1', '', 1000);
        userTyping('c1', '', 2000);
        userTyping('c1', 'r1', 2100);
        userTyping('c1', '', 4500);
        expect(sent).toEqual(['c1:', 'c1:r1', 'c1:']);
    });

    it('shows others typing until the indicator expires', () => {
        createStore(initialState('light', {name: 'root'}));
        someoneTyping('c1', '', 'u2', 1000);
        expect(Object.keys(getState().typing['c1:'] ?? {})).toEqual(['u2']);
        stopTyping('c1:', 'u2', 2000);
        expect(Object.keys(getState().typing['c1:'] ?? {})).toEqual(['u2']);
        stopTyping('c1:', 'u2', 7000);
        expect(getState().typing['c1:']).toEqual({});
    });

    it('names who is typing', () => {
        expect(t.typing(['alice'])).toBe('alice is typing…');
        expect(t.typing(['alice', 'bob'])).toBe('alice and bob are typing…');
        expect(t.typing(['a', 'b', 'c'])).toBe('3 people are typing…');
    });
});
