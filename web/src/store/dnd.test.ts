import {describe, expect, it} from 'vitest';

import {customDndEnd, defaultCustomValue, dndEndTime, formatDndEnd, localInputValue} from './dnd';

// Local times (the browser's zone), whatever zone the tests run in.
const at = (y: number, mo: number, d: number, h: number, mi: number, s = 0) => new Date(y, mo - 1, d, h, mi, s);
const secs = (d: Date) => Math.floor(d.getTime() / 1000);

describe('dndEndTime', () => {
    const now = at(2026, 11, 25, 14, 0, 20);
    it('adds the duration in seconds', () => {
        expect(dndEndTime('30m', now)).toBe(secs(now) + 1800);
        expect(dndEndTime('1h', now)).toBe(secs(now) + 3600);
        expect(dndEndTime('2h', now)).toBe(secs(now) + 7200);
    });

    it('"tomorrow" ends at 9:00 the next day, across month and year ends', () => {
        expect(dndEndTime('tomorrow', now)).toBe(secs(at(2026, 11, 26, 9, 0)));
        expect(dndEndTime('tomorrow', at(2026, 11, 30, 23, 50))).toBe(secs(at(2026, 12, 1, 9, 0)));
        expect(dndEndTime('tomorrow', at(2026, 12, 31, 0, 5))).toBe(secs(at(2027, 1, 1, 9, 0)));
    });

    it('is in seconds, not milliseconds', () => {
        expect(dndEndTime('30m', now)).toBeLessThan(1e11);
    });
});

describe('customDndEnd', () => {
    const now = at(2026, 11, 25, 14, 0);
    it('reads a datetime-local value in the future', () => {
        expect(customDndEnd('2026-11-25T16:45', now)).toBe(secs(at(2026, 11, 25, 16, 45)));
    });

    it('refuses the past, now, and malformed values', () => {
        expect(customDndEnd('2026-11-25T13:59', now)).toBeNull();
        expect(customDndEnd('2026-11-25T14:00', now)).toBeNull();
        expect(customDndEnd('', now)).toBeNull();
        expect(customDndEnd('tomorrow', now)).toBeNull();
    });

    it('starts the dialog an hour ahead on the half hour, and never before now', () => {
        expect(defaultCustomValue(at(2026, 11, 25, 14, 10))).toBe('2026-11-25T15:30');
        expect(defaultCustomValue(at(2026, 11, 25, 14, 40))).toBe('2026-11-25T16:00');
        expect(defaultCustomValue(at(2026, 12, 31, 23, 40))).toBe('2027-01-01T01:00');
        expect(localInputValue(at(2026, 1, 5, 7, 3))).toBe('2026-01-05T07:03');
    });
});

describe('formatDndEnd', () => {
    const now = at(2026, 11, 25, 14, 0);
    it('says the time today, "tomorrow", or the date', () => {
        expect(formatDndEnd(secs(at(2026, 11, 25, 14, 30)), now, 'en-GB')).toBe('Until 14:30');
        expect(formatDndEnd(secs(at(2026, 11, 26, 9, 0)), now, 'en-GB')).toBe('Until tomorrow 9:00');
        expect(formatDndEnd(secs(at(2026, 11, 27, 9, 0)), now, 'en-GB')).toBe('Until Fri 27 Nov 9:00');
        expect(formatDndEnd(secs(at(2026, 11, 25, 14, 30)), now, 'en-US')).toBe('Until 2:30 PM');
    });

    it('0 means no end', () => {
        expect(formatDndEnd(0, now)).toBe('Until you change it');
    });
});

describe('in the time zone chosen in Settings', () => {
    const utc = (y: number, mo: number, d: number, h: number, mi: number) => new Date(Date.UTC(y, mo - 1, d, h, mi));
    const s = (d: Date) => d.getTime() / 1000;

    it('"tomorrow" is 9:00 of the day after the zone\'s today', () => {
        // 20:00 UTC is already 05:00 on the 26th in Tokyo (UTC+9): 9:00 on the 27th there.
        expect(dndEndTime('tomorrow', utc(2026, 11, 25, 20, 0), 'Asia/Tokyo')).toBe(s(utc(2026, 11, 27, 0, 0)));
        // 03:00 UTC is still 22:00 on the 24th in New York (UTC−5 in November).
        expect(dndEndTime('tomorrow', utc(2026, 11, 25, 3, 0), 'America/New_York')).toBe(s(utc(2026, 11, 25, 14, 0)));
    });

    it('reads the custom dialog\'s time in the zone, summer time included', () => {
        const now = utc(2026, 1, 1, 0, 0);
        expect(customDndEnd('2026-11-25T16:45', now, 'America/New_York')).toBe(s(utc(2026, 11, 25, 21, 45)));
        expect(customDndEnd('2026-07-01T12:00', now, 'America/New_York')).toBe(s(utc(2026, 7, 1, 16, 0)));
        expect(customDndEnd('2026-07-01T12:00', now, 'Asia/Tokyo')).toBe(s(utc(2026, 7, 1, 3, 0)));
    });

    it('fills and limits the dialog with the zone\'s clock', () => {
        expect(localInputValue(utc(2026, 1, 5, 7, 3), 'Asia/Tokyo')).toBe('2026-01-05T16:03');
        expect(defaultCustomValue(utc(2026, 12, 31, 14, 40), 'Asia/Tokyo')).toBe('2027-01-01T01:00');
    });

    it('says the end with the zone\'s clock and days', () => {
        const now = utc(2026, 11, 25, 20, 0); // 05:00 on the 26th in Tokyo
        expect(formatDndEnd(s(utc(2026, 11, 26, 0, 0)), now, 'en-GB', 'Asia/Tokyo')).toBe('Until 9:00');
        expect(formatDndEnd(s(utc(2026, 11, 27, 0, 0)), now, 'en-GB', 'Asia/Tokyo')).toBe('Until tomorrow 9:00');
    });
});
