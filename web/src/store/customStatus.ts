// Custom statuses ("In a meeting", an emoji and a line of text, until a time or until cleared):
// kept by the server as JSON in the user's `props.customStatus`, announced with `user_updated`.
// Each client hides one whose time has passed, as Mattermost's do.

import {api} from '../api/client';
import type {UserProfile} from '../api/client';
import {updateMe} from './actions';
import {fromWallTime, wallTime} from './dnd';
import {getState, useStore} from './store';

export interface CustomStatus {
    emoji: string;
    text: string;
    /** '' (until cleared), or how long it was set for: one of CLEAR_AFTER. */
    duration: string;
    /** RFC 3339; meaningful only with a duration. */
    expires_at: string;
}

/** What "Clear after" offers, in Mattermost's names ('' is "Don't clear"). */
export const CLEAR_AFTER = ['', 'thirty_minutes', 'one_hour', 'four_hours', 'today', 'this_week'] as const;
export type ClearAfter = (typeof CLEAR_AFTER)[number];

/** The ready-made statuses offered before anything is typed (Mattermost's own five). */
export const SUGGESTED: {emoji: string; text: string; duration: ClearAfter}[] = [
    {emoji: 'calendar', text: 'In a meeting', duration: 'one_hour'},
    {emoji: 'hamburger', text: 'Out for lunch', duration: 'thirty_minutes'},
    {emoji: 'sneezing_face', text: 'Out sick', duration: 'today'},
    {emoji: 'house', text: 'Working from home', duration: 'today'},
    {emoji: 'palm_tree', text: 'On a vacation', duration: 'this_week'},
];

/** Whether custom statuses are on (the server's EnableCustomUserStatuses; off, it refuses them and
 * the client shows none). */
export function useCustomStatusEnabled(): boolean {
    return useStore((s) => s.config.EnableCustomUserStatuses !== 'false');
}

/** The longest text the server keeps. */
export const TEXT_MAX = 100;

/** The emoji shown for a status with text only. */
export const DEFAULT_EMOJI = 'speech_balloon';

// Parsed once per distinct JSON string (a post list renders the same author many times).
const parsed = new Map<string, CustomStatus | null>();
const PARSED_MAX = 500;

function parse(raw: string): CustomStatus | null {
    let cs = parsed.get(raw);
    if (cs !== undefined) {
        return cs;
    }
    try {
        const v = JSON.parse(raw) as Partial<Record<keyof CustomStatus, unknown>> | null;
        cs = v && typeof v === 'object' && (v.emoji || v.text) ? {emoji: String(v.emoji ?? ''), text: String(v.text ?? ''), duration: String(v.duration ?? ''), expires_at: String(v.expires_at ?? '')} : null;
    } catch {
        cs = null;
    }
    if (parsed.size >= PARSED_MAX) {
        parsed.clear();
    }
    parsed.set(raw, cs);
    return cs;
}

/** Someone's custom status now, or null (none, unreadable, or its time has passed). */
export function customStatusOf(user: UserProfile | undefined, now = Date.now()): CustomStatus | null {
    const raw = user?.props?.customStatus;
    if (!raw || typeof raw !== 'string') {
        return null;
    }
    const cs = parse(raw);
    if (cs && cs.duration) {
        const end = Date.parse(cs.expires_at);
        if (!Number.isNaN(end) && end <= now) {
            return null;
        }
    }
    return cs;
}

/** When a status set at `now` with this choice ends ('' for "Don't clear"): "Today" at the end of
 * the day and "This week" at the end of Saturday, in `timeZone` (undefined: the browser's). */
export function clearAt(choice: ClearAfter, now: Date, timeZone?: string): string {
    const minutes = {thirty_minutes: 30, one_hour: 60, four_hours: 240}[choice as string];
    if (minutes) {
        return new Date(now.getTime() + minutes * 60_000).toISOString();
    }
    if (choice === 'today' || choice === 'this_week') {
        const today = wallTime(now.getTime(), timeZone);
        const weekday = new Date(Date.UTC(today.y, today.mo - 1, today.d)).getUTCDay();
        const days = choice === 'today' ? 0 : 6 - weekday;
        // The last minute of that day: its next midnight, less a second.
        return new Date(fromWallTime({...today, d: today.d + days + 1, h: 0, mi: 0}, timeZone) - 1000).toISOString();
    }
    return '';
}

/** Sets my custom status; my own profile follows at once (the others' through `user_updated`). */
export async function setCustomStatus(emoji: string, text: string, choice: ClearAfter, timeZone?: string): Promise<void> {
    const status: CustomStatus = {emoji: emoji || DEFAULT_EMOJI, text: text.trim().slice(0, TEXT_MAX), duration: choice, expires_at: clearAt(choice, new Date(), timeZone)};
    await api.setCustomStatus(status);
    applyMine(JSON.stringify(status));
}

export async function clearCustomStatus(): Promise<void> {
    await api.clearCustomStatus();
    applyMine('');
}

function applyMine(raw: string): void {
    const me = getState().me;
    if (me) {
        updateMe({props: {...me.props, customStatus: raw}});
    }
}
