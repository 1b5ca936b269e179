import {describe, expect, it} from 'vitest';

import {boundShift, computeOffsets, rowAt, visibleRange, withHeights} from './virtual';

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

describe('the room above the loaded rows', () => {
    const room = {spare: 20_000, most: 20_000, idle: 2_000};

    it('is exact at the first row', () => {
        expect(boundShift(-5_000, true, true, false, room)).toBe(0);
        expect(boundShift(300, true, false, true, room)).toBe(0);
    });

    it('is made again when it runs out', () => {
        expect(boundShift(10, false, true, false, room)).toBe(-20_000);
        expect(boundShift(10, false, false, false, room)).toBe(-0);
    });

    it('keeps the rows in place within its bounds', () => {
        expect(boundShift(0, false, true, false, room)).toBe(0);
        expect(boundShift(-39_000, false, true, false, room)).toBe(-39_000);
        expect(boundShift(-21_500, false, true, true, room)).toBe(-21_500);
        expect(boundShift(-19_000, false, false, false, room)).toBe(-19_000);
    });

    it('stays bounded however far the reader scrolls down', () => {
        expect(boundShift(-40_001, false, true, false, room)).toBe(-20_000);
        expect(boundShift(-3_000_000, false, true, false, room)).toBe(-20_000);
        expect(boundShift(-20_001, false, false, false, room)).toBe(-0);
        // Scrolling dropped rows above all along: the room never passes spare + most.
        let shift = 0;
        let most = 0;
        for (let page = 0; page < 1_000; page++) {
            shift = boundShift(shift - 2_000, false, true, false, room);
            most = Math.max(most, -shift);
        }
        expect(most).toBeLessThanOrEqual(room.spare + room.most);
    });

    it('goes back to the spare room sooner once the reader stops', () => {
        expect(boundShift(-22_001, false, true, true, room)).toBe(-20_000);
        expect(boundShift(-22_001, false, true, false, room)).toBe(-22_001);
        expect(boundShift(-2_001, false, false, true, room)).toBe(-0);
    });
});

describe('offsets after new heights', () => {
    it('moves the rows below each changed row, as a full recomputation would', () => {
        const keys = Array.from({length: 50}, (_, i) => `k${i}`);
        const heights = new Map<string, number>([['k3', 20]]);
        const before = computeOffsets(keys, heights, (i) => 30 + (i % 3));
        const changes: [number, number][] = [
            [12, 77.5],
            [10, 41.25],
            [11, 30],
            [49, 5],
        ];
        changes.forEach(([i, h]) => heights.set(`k${i}`, h));
        expect([...withHeights(before, changes)]).toEqual([...computeOffsets(keys, heights, (i) => 30 + (i % 3))]);
        // The array given is not changed; no changes is a copy.
        expect(before[13]).toBe(computeOffsets(keys, new Map([['k3', 20]]), (i) => 30 + (i % 3))[13]);
        expect([...withHeights(before, [])]).toEqual([...before]);
    });
});
