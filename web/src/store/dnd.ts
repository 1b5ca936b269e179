// Do not disturb with an end: when each choice ends, and how the end reads in the status menu.
// Times are in the zone chosen in Settings (`timeZone`; undefined: the browser's own); the API
// takes the end in seconds since the epoch.

import {t} from '../strings';

export type DndChoice = '30m' | '1h' | '2h' | 'tomorrow';

export const DND_CHOICES: DndChoice[] = ['30m', '1h', '2h', 'tomorrow'];

/** "Tomorrow" ends at this hour of the next day. */
const TOMORROW_HOUR = 9;

const MINUTE = 60;

interface Wall {
    y: number;
    mo: number; // 1–12
    d: number;
    h: number;
    mi: number;
}

const wallFormats = new Map<string, Intl.DateTimeFormat>();

/** The calendar date and clock time of `ms` in `timeZone` (undefined: the browser's zone). */
export function wallTime(ms: number, timeZone: string | undefined): Wall {
    if (!timeZone) {
        const x = new Date(ms);
        return {y: x.getFullYear(), mo: x.getMonth() + 1, d: x.getDate(), h: x.getHours(), mi: x.getMinutes()};
    }
    let f = wallFormats.get(timeZone);
    if (!f) {
        f = new Intl.DateTimeFormat('en-US', {timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric'});
        wallFormats.set(timeZone, f);
    }
    const parts: Record<string, number> = {};
    for (const p of f.formatToParts(new Date(ms))) {
        parts[p.type] = Number(p.value);
    }
    return {y: parts.year ?? 0, mo: parts.month ?? 1, d: parts.day ?? 1, h: (parts.hour ?? 0) % 24, mi: parts.minute ?? 0};
}

/** The moment a clock in `timeZone` shows this date and time (days and months may overflow, as
 * with `new Date(y, m, d)`). In a gap of a daylight-saving change, the moment just after it. */
export function fromWallTime(w: Wall, timeZone: string | undefined): number {
    if (!timeZone) {
        return new Date(w.y, w.mo - 1, w.d, w.h, w.mi, 0, 0).getTime();
    }
    const asUtc = Date.UTC(w.y, w.mo - 1, w.d, w.h, w.mi);
    // The zone's offset at a moment, from what its clock shows then; twice, for a change between.
    const offset = (ms: number) => {
        const s = wallTime(ms, timeZone);
        return Date.UTC(s.y, s.mo - 1, s.d, s.h, s.mi) - Math.floor(ms / 60_000) * 60_000;
    };
    let ms = asUtc - offset(asUtc);
    ms = asUtc - offset(ms);
    return ms;
}

/** The end of a choice made at `now`, in seconds since the epoch. */
export function dndEndTime(choice: DndChoice, now: Date, timeZone?: string): number {
    const seconds = Math.floor(now.getTime() / 1000);
    switch (choice) {
        case '30m':
            return seconds + 30 * MINUTE;
        case '1h':
            return seconds + 60 * MINUTE;
        case '2h':
            return seconds + 120 * MINUTE;
        case 'tomorrow': {
            const today = wallTime(now.getTime(), timeZone);
            const end = fromWallTime({...today, d: today.d + 1, h: TOMORROW_HOUR, mi: 0}, timeZone);
            return Math.floor(end / 1000);
        }
    }
}

/** A `datetime-local` value ("2026-11-25T14:30") as seconds, or null if empty, invalid or past. */
export function customDndEnd(value: string, now: Date, timeZone?: string): number | null {
    const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(value);
    if (!m) {
        return null;
    }
    const [y, mo, d, h, mi] = m.slice(1).map(Number) as [number, number, number, number, number];
    const end = fromWallTime({y, mo, d, h, mi}, timeZone);
    if (Number.isNaN(end) || end <= now.getTime()) {
        return null;
    }
    return Math.floor(end / 1000);
}

const pad = (n: number) => String(n).padStart(2, '0');

/** `now` plus an hour, on the half hour, as a `datetime-local` value (the custom dialog's start). */
export function defaultCustomValue(now: Date, timeZone?: string): string {
    const w = wallTime(now.getTime() + 60 * 60 * 1000, timeZone);
    // On the next half hour: the wall time rounded, then read back (it may cross a day).
    return inputValue(wallTime(fromWallTime({...w, mi: w.mi < 30 ? 30 : 60}, timeZone), timeZone));
}

function inputValue(w: Wall): string {
    return `${w.y}-${pad(w.mo)}-${pad(w.d)}T${pad(w.h)}:${pad(w.mi)}`;
}

/** `now` as a `datetime-local` value (the earliest the custom dialog allows). */
export function localInputValue(now: Date, timeZone?: string): string {
    return inputValue(wallTime(now.getTime(), timeZone));
}

/** "Until 14:30", "Until tomorrow 09:00", "Until Fri, Nov 27 09:00"; 0 (no end) reads as such. */
export function formatDndEnd(endSeconds: number, now: Date, locale?: string, timeZone?: string): string {
    if (!endSeconds) {
        return t.dndNoEnd;
    }
    const end = new Date(endSeconds * 1000);
    const time = end.toLocaleTimeString(locale, {hour: 'numeric', minute: '2-digit', timeZone});
    const day = (ms: number) => {
        const w = wallTime(ms, timeZone);
        return Date.UTC(w.y, w.mo - 1, w.d);
    };
    const days = Math.round((day(end.getTime()) - day(now.getTime())) / 86_400_000);
    if (days <= 0) {
        return t.dndUntil(time);
    }
    if (days === 1) {
        return t.dndUntilTomorrow(time);
    }
    return t.dndUntilDate(end.toLocaleDateString(locale, {weekday: 'short', month: 'short', day: 'numeric', timeZone}), time);
}
