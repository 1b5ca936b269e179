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
