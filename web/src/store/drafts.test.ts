import {describe, expect, it, vi} from 'vitest';

import {draftKey, flushDrafts, getDraft, hasDraft, loadDrafts, setDraft} from './drafts';

describe('drafts', () => {
    it('keeps a draft per channel and per thread, per user, across a reload', () => {
        vi.useFakeTimers();
        loadDrafts('u1');
        setDraft(draftKey('c1'), 'half a thought');
        setDraft(draftKey('c1', 'r1'), 'a reply');
        expect(getDraft('c1')).toBe('half a thought');
        expect(hasDraft('c1')).toBe(true);
        vi.advanceTimersByTime(1000);
        loadDrafts('u2');
        expect(getDraft('c1')).toBe('');
        loadDrafts('u1');
        expect(getDraft('c1')).toBe('half a thought');
        expect(getDraft('c1:r1')).toBe('a reply');
        setDraft('c1', '   ');
        flushDrafts();
        loadDrafts('u1');
        expect(hasDraft('c1')).toBe(false);
        vi.useRealTimers();
    });
});
