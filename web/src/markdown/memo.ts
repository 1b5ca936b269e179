// A bounded memo of a pure function of a string: the least recently used entries go first.
// Messages are parsed (and code highlighted) each time a row mounts; a scroll back and forth
// through a channel mounts the same posts again and again, and every parse was garbage the
// collector then had to find (its pauses were most of the scroll's late frames).

export function memoByKey<T>(limit: number, compute: (key: string) => T): (key: string) => T {
    const kept = new Map<string, T>();
    return (key) => {
        const hit = kept.get(key);
        if (hit !== undefined) {
            // Most recently used: to the end of the map's order.
            kept.delete(key);
            kept.set(key, hit);
            return hit;
        }
        const value = compute(key);
        kept.set(key, value);
        if (kept.size > limit) {
            kept.delete(kept.keys().next().value as string);
        }
        return value;
    };
}
