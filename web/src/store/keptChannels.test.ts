import {describe, expect, it} from 'vitest';

import {NONE_KEPT, keepChannel} from './keptChannels';

const all = () => true;

function open(ids: string[], max = 3, exists: (id: string) => boolean = all) {
    return ids.reduce((kept, id) => keepChannel(kept, id, exists, max), NONE_KEPT);
}

describe('keepChannel', () => {
    it('adds channels in the order they are opened, up to the limit', () => {
        expect(open(['a', 'b', 'c'])).toEqual({slots: ['a', 'b', 'c'], recent: ['c', 'b', 'a']});
    });

    it('never moves a kept channel: going back only changes which was opened last', () => {
        const kept = open(['a', 'b', 'c', 'a']);
        expect(kept.slots).toEqual(['a', 'b', 'c']);
        expect(kept.recent).toEqual(['a', 'c', 'b']);
    });

    it('gives the slot of the channel opened longest ago to a new one', () => {
        // b was opened longest ago (a was opened again after it).
        const kept = open(['a', 'b', 'c', 'a', 'd']);
        expect(kept.slots).toEqual(['a', 'd', 'c']);
        expect(kept.recent).toEqual(['d', 'a', 'c']);
    });

    it('returns the same object when the channel on screen is opened again', () => {
        const kept = open(['a', 'b']);
        expect(keepChannel(kept, 'b', all, 3)).toBe(kept);
    });

    it('drops channels that no longer exist (left, deleted)', () => {
        const kept = open(['a', 'b', 'c']);
        const gone = keepChannel(kept, 'c', (id) => id !== 'a', 3);
        expect(gone).toEqual({slots: ['b', 'c'], recent: ['c', 'b']});
        // A new channel then takes a new slot at the end; the others stay where they are.
        expect(keepChannel(gone, 'd', (id) => id !== 'a', 3).slots).toEqual(['b', 'c', 'd']);
    });

    it('keeps only the channel on screen with a limit of one', () => {
        expect(open(['a', 'b', 'c'], 1)).toEqual({slots: ['c'], recent: ['c']});
    });
});
