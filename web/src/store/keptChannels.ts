// Which channels' messages and composers stay in the page (see ChannelBodies in MainScreen): the
// channel on screen and the ones opened just before it, each in a slot of its own that never
// moves (a list moved in the page would lose its layout and scroll position).

export interface Kept {
    /** Channel ids in page order. */
    slots: string[];
    /** The same ids, most recently opened first. */
    recent: string[];
}

export const NONE_KEPT: Kept = {slots: [], recent: []};

/**
 * The channels kept once `current` is opened: at most `max`, the least recently opened leaving
 * first, `current` in the slot that one leaves (or a new one at the end); channels that no longer
 * exist leave too. The same object when nothing changes.
 */
export function keepChannel(kept: Kept, current: string, exists: (id: string) => boolean, max: number): Kept {
    if (kept.recent[0] === current && kept.slots.every(exists)) {
        return kept;
    }
    const recent = [current, ...kept.recent.filter((id) => id !== current && exists(id))].slice(0, max);
    const stays = new Set(recent);
    let placed = kept.slots.includes(current);
    const slots: string[] = [];
    for (const id of kept.slots) {
        if (stays.has(id)) {
            slots.push(id);
        } else if (!placed) {
            slots.push(current);
            placed = true;
        }
    }
    if (!placed) {
        slots.push(current);
    }
    return {slots, recent};
}
