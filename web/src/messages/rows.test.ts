import {afterEach, describe, expect, it} from 'vitest';

import type {UserProfile} from '../api/client';
import {buildRows, dateLabel, groupReactions, setTimeZone, timeLabel, userTimeZone} from './rows';
import type {PostView, Row} from './rows';

const MIN = 60 * 1000;
const now = new Date(2026, 10, 25, 15, 0).getTime();

function post(id: string, userId: string, createAt: number, system = false): PostView {
    return {id, userId, message: id, createAt, edited: false, system, rootId: '', replyCount: 0, pinned: false, reactions: [], pending: null};
}

describe('message rows', () => {
    it('collapses consecutive posts by one author within five minutes', () => {
        const rows = buildRows([post('a', 'u1', now - 10 * MIN), post('b', 'u1', now - 8 * MIN), post('c', 'u1', now - 1 * MIN), post('d', 'u2', now)], now);
        expect(rows.map((r) => (r.kind === 'post' ? `${r.post.id}:${r.continued}` : r.kind === 'date' ? r.label : r.kind))).toEqual(['Today', 'a:false', 'b:true', 'c:false', 'd:false']);
    });

    it('separates days and never continues across them or after system messages', () => {
        const yesterday = now - 24 * 60 * MIN;
        const rows = buildRows([post('a', 'u1', yesterday), post('s', 'u1', now - 2 * MIN, true), post('b', 'u1', now - MIN)], now);
        expect(rows.map((r) => (r.kind === 'post' ? `${r.post.id}:${r.continued}` : r.kind === 'date' ? r.label : r.kind))).toEqual(['Yesterday', 'a:false', 'Today', 's:false', 'b:false']);
    });

    it('never continues a run between a user and their webhook posts', () => {
        const hook = {...post('h', 'u1', now - MIN), props: {from_webhook: 'true', override_username: 'ci'}};
        const rows = buildRows([post('a', 'u1', now - 2 * MIN), hook, post('b', 'u1', now)], now);
        expect(rows.map((r) => (r.kind === 'post' ? `${r.post.id}:${r.continued}` : r.kind))).toEqual(['date', 'a:false', 'h:false', 'b:false']);
    });

    it('gives a post the same row object each time the rows are built, until it continues differently', () => {
        const a = post('a', 'u1', now - 3 * MIN);
        const b = post('b', 'u1', now - 2 * MIN);
        const first = buildRows([a, b], now);
        const again = buildRows([a, b], now);
        expect(again[1]).toBe(first[1]);
        expect(again[2]).toBe(first[2]);
        // An older post by someone else arrives: b no longer continues a.
        const other = buildRows([a, post('x', 'u2', now - 2.5 * MIN), b], now);
        expect(other[3]).not.toBe(first[2]);
        expect(other[3]).toMatchObject({key: 'b', continued: false});
        // Appended to the rows given.
        const head = {kind: 'date' as const, key: 'head', label: ''};
        expect(buildRows([a], now, undefined, 0, '', [head])[0]).toBe(head);
    });

    it('labels older days with the weekday and date', () => {
        expect(dateLabel(new Date(2026, 10, 20, 9).getTime(), now, 'en-US')).toBe('Fri, Nov 20');
        expect(dateLabel(new Date(2025, 0, 2, 9).getTime(), now, 'en-US')).toBe('Thu, Jan 2, 2025');
    });
});

describe('groupReactions', () => {
    it('groups by emoji in first-use order and marks mine', () => {
        const r = (user_id: string, emoji_name: string, create_at: number) => ({user_id, emoji_name, create_at, post_id: 'p'});
        expect(groupReactions([r('b', 'tada', 3), r('a', '+1', 1), r('me', '+1', 2)], 'me')).toEqual([
            {emoji: '+1', count: 2, mine: true, userIds: ['a', 'me']},
            {emoji: 'tada', count: 1, mine: false, userIds: ['b']},
        ]);
    });
});

describe('the new messages line', () => {
    it('goes before the first post by someone else after the last visit, and breaks a run', () => {
        const posts = [post('a', 'u2', now - 10 * MIN), post('b', 'me', now - 8 * MIN), post('c', 'u2', now - 7 * MIN), post('d', 'u2', now - 6 * MIN)];
        const rows = buildRows(posts, now, 'en-US', now - 9 * MIN, 'me');
        expect(rows.map((r) => (r.kind === 'post' ? `${r.post.id}${r.continued ? '+' : ''}` : r.kind))).toEqual(['date', 'a', 'b', 'new', 'c', 'd+']);
    });

    it('is left out when nothing is new', () => {
        const posts = [post('a', 'u2', now - 10 * MIN)];
        expect(buildRows(posts, now, 'en-US', now, 'me').some((r) => r.kind === 'new')).toBe(false);
        expect(buildRows(posts, now, 'en-US', 0, 'me').some((r) => r.kind === 'new')).toBe(false);
    });
});

describe('the time zone from my settings', () => {
    afterEach(() => setTimeZone(undefined));

    const late = Date.parse('2026-01-01T23:30:00Z');
    const later = Date.parse('2026-01-10T12:00:00Z');
    const labels = (rows: Row[]) => rows.map((r) => (r.kind === 'date' ? r.label : r.kind === 'post' ? r.post.id : r.kind));

    it('is the manual zone only when automatic is off', () => {
        const user = (useAutomaticTimezone: string, manualTimezone: string) => ({timezone: {useAutomaticTimezone, automaticTimezone: 'Europe/Paris', manualTimezone}}) as unknown as UserProfile;
        expect(userTimeZone(user('false', 'Asia/Tokyo'))).toBe('Asia/Tokyo');
        expect(userTimeZone(user('true', 'Asia/Tokyo'))).toBeUndefined();
        expect(userTimeZone(user('false', ''))).toBeUndefined();
        expect(userTimeZone(null)).toBeUndefined();
    });

    it('puts a post on its day and time in that zone', () => {
        setTimeZone('Asia/Tokyo');
        expect(dateLabel(late, later, 'en-US')).toBe('Fri, Jan 2');
        expect(timeLabel(late, 'en-US')).toMatch(/^8:30\sAM$/);
        setTimeZone('America/New_York');
        expect(dateLabel(late, later, 'en-US')).toBe('Thu, Jan 1');
        expect(timeLabel(late, 'en-US')).toMatch(/^6:30\sPM$/);
    });

    it('builds the rows again in a new zone, not from the days found in the old one', () => {
        // 14:00 and 23:30 UTC: one day in New York, two in Tokyo.
        const posts = [post('a', 'u1', Date.parse('2026-01-01T14:00:00Z')), post('b', 'u2', late)];
        setTimeZone('America/New_York');
        expect(labels(buildRows(posts, later, 'en-US'))).toEqual(['Thu, Jan 1', 'a', 'b']);
        setTimeZone('Asia/Tokyo');
        expect(labels(buildRows(posts, later, 'en-US'))).toEqual(['Thu, Jan 1', 'a', 'Fri, Jan 2', 'b']);
        // Today and yesterday are days of the zone too: at 03:00 UTC it is the 2nd in Tokyo.
        const now = Date.parse('2026-01-02T03:00:00Z');
        expect(labels(buildRows(posts, now, 'en-US'))).toEqual(['Yesterday', 'a', 'Today', 'b']);
        setTimeZone('America/New_York');
        expect(labels(buildRows(posts, now, 'en-US'))).toEqual(['Today', 'a', 'b']);
    });

    it('finds the right day for every post across a change of the clocks', () => {
        for (const zone of ['America/New_York', 'Australia/Lord_Howe', 'Europe/London']) {
            setTimeZone(zone);
            const reference = new Intl.DateTimeFormat('en-US', {timeZone: zone, year: 'numeric', month: 'numeric', day: 'numeric'});
            // Every 10 minutes for five days around the March (northern) and April (Lord Howe) changes of 2026.
            for (const start of [Date.parse('2026-03-06T00:00:00Z'), Date.parse('2026-03-27T00:00:00Z'), Date.parse('2026-04-03T00:00:00Z')]) {
                const posts = Array.from({length: 700}, (_, i) => post(`p${i}`, `u${i}`, start + i * 10 * MIN));
                let day = '';
                const found: string[] = [];
                const expected: string[] = [];
                for (const r of buildRows(posts, later, 'en-US')) {
                    if (r.kind === 'date') {
                        day = r.label;
                    } else if (r.kind === 'post') {
                        found.push(`${r.post.id} ${day}`);
                        expected.push(`${r.post.id} ${dateLabel(r.post.createAt, later, 'en-US')}`);
                    }
                }
                expect(found).toEqual(expected);
                // And the days are the zone's own.
                const days = new Set(posts.map((p) => reference.format(p.createAt)));
                expect(buildRows(posts, later, 'en-US').filter((r) => r.kind === 'date')).toHaveLength(days.size);
            }
        }
    });

    it('falls back to the browser zone for a zone it does not know', () => {
        const browser = timeLabel(late, 'en-US');
        setTimeZone('Not/AZone');
        expect(timeLabel(late, 'en-US')).toBe(browser);
    });
});
