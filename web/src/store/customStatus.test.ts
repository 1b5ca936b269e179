import {describe, expect, it} from 'vitest';

import type {UserProfile} from '../api/client';
import {clearAt, customStatusOf} from './customStatus';

const user = (customStatus: unknown) => ({id: 'u', username: 'u', props: {customStatus}}) as unknown as UserProfile;
const NOW = Date.parse('2026-11-25T10:00:00Z'); // a Wednesday

describe('a custom status from the user props', () => {
    it('reads the JSON the server keeps', () => {
        const cs = customStatusOf(user(JSON.stringify({emoji: 'calendar', text: 'In a meeting', duration: 'one_hour', expires_at: '2026-11-25T11:00:00Z'})), NOW);
        expect(cs).toEqual({emoji: 'calendar', text: 'In a meeting', duration: 'one_hour', expires_at: '2026-11-25T11:00:00Z'});
    });

    it('is gone once its time has passed, unless it was set until cleared', () => {
        expect(customStatusOf(user(JSON.stringify({emoji: 'calendar', text: 'x', duration: 'one_hour', expires_at: '2026-11-25T09:59:00Z'})), NOW)).toBeNull();
        // "Don't clear": the zero time Go writes is not an end.
        expect(customStatusOf(user(JSON.stringify({emoji: 'palm_tree', text: '', duration: '', expires_at: '0001-01-01T00:00:00Z'})), NOW)?.emoji).toBe('palm_tree');
    });

    it('none for an empty prop (cleared), no props, an empty status or JSON that does not parse', () => {
        expect(customStatusOf(user(''), NOW)).toBeNull();
        expect(customStatusOf({id: 'u'} as UserProfile, NOW)).toBeNull();
        expect(customStatusOf(undefined, NOW)).toBeNull();
        expect(customStatusOf(user('{"emoji":"","text":""}'), NOW)).toBeNull();
        expect(customStatusOf(user('{not json'), NOW)).toBeNull();
        expect(customStatusOf(user(42), NOW)).toBeNull();
    });
});

describe('when "Clear after" ends a status', () => {
    const now = new Date(NOW);
    it('after a number of minutes', () => {
        expect(clearAt('thirty_minutes', now, 'UTC')).toBe('2026-11-25T10:30:00.000Z');
        expect(clearAt('one_hour', now, 'UTC')).toBe('2026-11-25T11:00:00.000Z');
        expect(clearAt('four_hours', now, 'UTC')).toBe('2026-11-25T14:00:00.000Z');
    });

    it('at the end of the day or of the week (Saturday) in my time zone', () => {
        expect(clearAt('today', now, 'UTC')).toBe('2026-11-25T23:59:59.000Z');
        expect(clearAt('this_week', now, 'UTC')).toBe('2026-11-28T23:59:59.000Z');
        // 10:00 UTC is 19:00 in Tokyo: the day ends at 15:00 UTC.
        expect(clearAt('today', now, 'Asia/Tokyo')).toBe('2026-11-25T14:59:59.000Z');
        // New York: still the morning; its day ends at 05:00 UTC the next day.
        expect(clearAt('today', now, 'America/New_York')).toBe('2026-11-26T04:59:59.000Z');
    });

    it('never for "Don\'t clear"', () => {
        expect(clearAt('', now, 'UTC')).toBe('');
    });
});
