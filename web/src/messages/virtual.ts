// The arithmetic of a virtualised list of rows with different heights: measured heights where
// known, estimates elsewhere, prefix sums of them, and which rows a viewport shows.

/** offsets[i] is where row i starts; offsets[n] is the total height. */
export function computeOffsets(keys: string[], heights: Map<string, number>, estimate: (i: number) => number): Float64Array {
    const offsets = new Float64Array(keys.length + 1);
    for (let i = 0; i < keys.length; i++) {
        offsets[i + 1] = (offsets[i] ?? 0) + (heights.get(keys[i] ?? '') ?? estimate(i));
    }
    return offsets;
}

/** The offsets after some rows got new heights (`changes`: row index and height, in any order):
 * a copy in which every row below a changed one moves by the changes above it. */
export function withHeights(offsets: Float64Array, changes: [number, number][]): Float64Array {
    const next = offsets.slice();
    const n = offsets.length - 1;
    const sorted = changes.filter(([i]) => i >= 0 && i < n).sort((a, b) => a[0] - b[0]);
    let moved = 0;
    let from = sorted[0]?.[0] ?? n;
    for (const [i, h] of sorted) {
        for (let k = from + 1; k <= i; k++) {
            next[k] = (offsets[k] ?? 0) + moved;
        }
        moved += h - ((offsets[i + 1] ?? 0) - (offsets[i] ?? 0));
        from = i;
    }
    for (let k = from + 1; k <= n; k++) {
        next[k] = (offsets[k] ?? 0) + moved;
    }
    return next;
}

/** The index of the row that contains position `y` (clamped to the rows). */
export function rowAt(offsets: Float64Array, y: number): number {
    const n = offsets.length - 1;
    if (n <= 0) {
        return 0;
    }
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if ((offsets[mid] ?? 0) <= y) {
            lo = mid;
        } else {
            hi = mid - 1;
        }
    }
    return lo;
}

/** The rows to render for a viewport [top, top + height), with `overscan` pixels either side. */
export function visibleRange(offsets: Float64Array, top: number, height: number, overscan: number): [number, number] {
    const n = offsets.length - 1;
    if (n <= 0) {
        return [0, 0];
    }
    const start = rowAt(offsets, Math.max(0, top - overscan));
    const end = rowAt(offsets, top + height + overscan) + 1;
    return [start, Math.min(n, end)];
}

/** How much blank room a list may keep above its first loaded row (see `boundShift`). */
export interface Room {
    /** The room to leave while older pages are still to come (they arrive above and take it). */
    spare: number;
    /** Room beyond `spare` that makes everything move at once, even while the reader scrolls. */
    most: number;
    /** Room beyond `spare` that makes everything move once the reader has stopped scrolling. */
    idle: number;
}

/**
 * The shift of a virtualised list (how much shorter its top spacer is than the rows above the
 * rendered ones, see MessageList) after bounding the blank room above the first loaded row, which
 * is `-shift`. The shift that keeps the rows on screen in place is `shift`; a different result
 * means everything moves (the spacer and the scroll position change together, by the same amount).
 *
 * At the first row the room is 0 (the top of the list is exact). With no room left (a positive
 * shift) everything moves so that `spare` is left while older pages are to come (0 otherwise).
 * Rows dropped from the top of the window (scrolling down) leave their height as room, which
 * would grow with everything scrolled through: past `spare + most` (or `spare + idle` when the
 * reader is not scrolling) it goes back to `spare` as well.
 */
export function boundShift(shift: number, atFirstRow: boolean, hasOlder: boolean, idle: boolean, room: Room): number {
    if (atFirstRow) {
        return 0;
    }
    const wanted = hasOlder ? room.spare : 0;
    if (shift > 0) {
        return -wanted;
    }
    const excess = -shift - wanted;
    return excess > room.most || (idle && excess > room.idle) ? -wanted : shift;
}
