// Do not disturb with an end: when each choice ends, and how the end reads in the status menu.
// Times are in the browser's time zone; the API takes the end in seconds since the epoch.

import {t} from '../strings';

export type DndChoice = '30m' | '1h' | '2h' | 'tomorrow';

export const DND_CHOICES: DndChoice[] = ['30m', '1h', '2h', 'tomorrow'];

/** "Tomorrow" ends at this hour of the next day. */
const TOMORROW_HOUR = 9;

const MINUTE = 60;

/** The end of a choice made at `now`, in seconds since the epoch. */
export function dndEndTime(choice: DndChoice, now: Date): number {
    const seconds = Math.floor(now.getTime() / 1000);
    switch (choice) {
        case '30m':
            return seconds + 30 * MINUTE;
        case '1h':
            return seconds + 60 * MINUTE;
        case '2h':
            return seconds + 120 * MINUTE;
        case 'tomorrow': {
            const end = new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1, TOMORROW_HOUR, 0, 0, 0);
            return Math.floor(end.getTime() / 1000);
        }
    }
}

/** A `datetime-local` value ("2026-11-25T14:30") as seconds, or null if empty, invalid or past. */
export function customDndEnd(value: string, now: Date): number | null {
    const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(value);
    if (!m) {
        return null;
    }
    const [y, mo, d, h, mi] = m.slice(1).map(Number) as [number, number, number, number, number];
    const end = new Date(y, mo - 1, d, h, mi, 0, 0);
    if (Number.isNaN(end.getTime()) || end.getTime() <= now.getTime()) {
        return null;
    }
    return Math.floor(end.getTime() / 1000);
}

const pad = (n: number) => String(n).padStart(2, '0');

/** `now` plus an hour, on the half hour, as a `datetime-local` value (the custom dialog's start). */
export function defaultCustomValue(now: Date): string {
    const d = new Date(now.getTime() + 60 * 60 * 1000);
    d.setMinutes(d.getMinutes() < 30 ? 30 : 60, 0, 0);
    return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** `now` as a `datetime-local` value (the earliest the custom dialog allows). */
export function localInputValue(now: Date): string {
    return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}T${pad(now.getHours())}:${pad(now.getMinutes())}`;
}

/** "Until 14:30", "Until tomorrow 09:00", "Until Fri, Nov 27 09:00"; 0 (no end) reads as such. */
export function formatDndEnd(endSeconds: number, now: Date, locale?: string): string {
    if (!endSeconds) {
        return t.dndNoEnd;
    }
    const end = new Date(endSeconds * 1000);
    const time = end.toLocaleTimeString(locale, {hour: 'numeric', minute: '2-digit'});
    const day = (d: Date) => new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime();
    const days = Math.round((day(end) - day(now)) / 86_400_000);
    if (days <= 0) {
        return t.dndUntil(time);
    }
    if (days === 1) {
        return t.dndUntilTomorrow(time);
    }
    return t.dndUntilDate(end.toLocaleDateString(locale, {weekday: 'short', month: 'short', day: 'numeric'}), time);
}
