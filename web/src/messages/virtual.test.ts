import {describe, expect, it} from 'vitest';

import {computeOffsets, rowAt, visibleRange} from './virtual';

describe('virtual list arithmetic', () => {
    const keys = ['a', 'b', 'c', 'd', 'e'];
    const heights = new Map([
        ['a', 100],
        ['c', 10],
    ]);
    const offsets = computeOffsets(keys, heights, () => 50);

    it('sums measured heights and estimates', () => {
        expect([...offsets]).toEqual([0, 100, 150, 160, 210, 260]);
    });

    it('finds the row at a position', () => {
        expect(rowAt(offsets, 0)).toBe(0);
        expect(rowAt(offsets, 99)).toBe(0);
        expect(rowAt(offsets, 100)).toBe(1);
        expect(rowAt(offsets, 155)).toBe(2);
        expect(rowAt(offsets, 10_000)).toBe(4);
        expect(rowAt(computeOffsets([], heights, () => 1), 5)).toBe(0);
    });

    it('renders only what the viewport and overscan cover', () => {
        expect(visibleRange(offsets, 120, 30, 0)).toEqual([1, 3]);
        expect(visibleRange(offsets, 120, 30, 1000)).toEqual([0, 5]);
        const many = computeOffsets(
            Array.from({length: 100_000}, (_, i) => String(i)),
            new Map(),
            () => 40,
        );
        const [start, end] = visibleRange(many, 2_000_000, 800, 400);
        expect(start).toBe(49_990);
        expect(end - start).toBeLessThan(60);
    });
});
