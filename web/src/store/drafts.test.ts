import {afterEach, beforeEach, describe, expect, it, vi} from 'vitest';

import {
    applyDraftEvent,
    applyDraftPreferences,
    configureDraftSync,
    type DraftBackend,
    draftKey,
    flushDrafts,
    flushServerDrafts,
    getDraft,
    hasDraft,
    loadDrafts,
    loadServerDrafts,
    type ServerDraft,
    setDraft,
} from './drafts';

/** A backend that records what it was asked, with the server's drafts in `listed`. */
function fakeServer(listed: ServerDraft[] = []) {
    const calls: string[] = [];
    const backend: DraftBackend = {
        save: vi.fn(async (c: string, r: string, m: string) => {
            calls.push(`save ${c}:${r} ${m}`);
        }),
        remove: vi.fn(async (c: string, r: string) => {
            calls.push(`remove ${c}:${r}`);
        }),
        list: vi.fn(async () => listed),
    };
    return {backend, calls};
}

describe('drafts', () => {
    beforeEach(() => {
        vi.useFakeTimers();
        vi.setSystemTime(1_000_000);
        localStorage.clear();
        configureDraftSync(null, false);
    });
    afterEach(() => {
        vi.useRealTimers();
    });

    it('keeps a draft per channel and per thread, per user, across a reload', () => {
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
    });

    it('reads the drafts an older version stored as plain strings', () => {
        localStorage.setItem('outpost.drafts.u1', JSON.stringify({c1: 'old', 'c1:r1': 'old reply', bad: 5}));
        loadDrafts('u1');
        expect(getDraft('c1')).toBe('old');
        expect(getDraft('c1:r1')).toBe('old reply');
        expect(getDraft('bad')).toBe('');
    });

    it('saves to the server once typing pauses, and deletes there what is cleared', async () => {
        const {backend, calls} = fakeServer();
        loadDrafts('u1');
        configureDraftSync(backend, true);
        setDraft('c1', 'h');
        setDraft('c1', 'he');
        setDraft('c1', 'hello');
        setDraft('c1:r1', 'reply');
        expect(calls).toEqual([]);
        await vi.advanceTimersByTimeAsync(1000);
        expect(calls).toEqual(['save c1: hello', 'save c1:r1 reply']);
        setDraft('c1', '');
        await vi.advanceTimersByTimeAsync(1000);
        expect(calls.slice(2)).toEqual(['remove c1:']);
    });

    it('stays local when the server or the user does not sync drafts', async () => {
        const off = fakeServer();
        loadDrafts('u1');
        configureDraftSync(off.backend, false);
        setDraft('c1', 'local only');
        await vi.advanceTimersByTimeAsync(1000);
        await loadServerDrafts('t1');
        expect(off.calls).toEqual([]);
        expect(off.backend.list).not.toHaveBeenCalled();

        const on = fakeServer();
        configureDraftSync(on.backend, true);
        applyDraftPreferences([{category: 'advanced_settings', name: 'sync_drafts', value: 'false'}], true);
        setDraft('c1', 'still local');
        await vi.advanceTimersByTimeAsync(1000);
        expect(on.calls).toEqual([]);
        // Deleting the preference restores the default: synced.
        applyDraftPreferences([{category: 'advanced_settings', name: 'sync_drafts', value: 'false'}], false);
        setDraft('c1', 'synced again');
        await vi.advanceTimersByTimeAsync(1000);
        expect(on.calls).toEqual(['save c1: synced again']);
        expect(getDraft('c1')).toBe('synced again');
    });

    it('merges the server drafts: the later version wins, local-only drafts stay', async () => {
        loadDrafts('u1');
        const {backend} = fakeServer([
            {user_id: 'u1', channel_id: 'c1', root_id: '', message: 'from the phone', update_at: 2_000_000},
            {user_id: 'u1', channel_id: 'c2', root_id: 'r2', message: 'stale on the server', update_at: 500_000},
            {user_id: 'u2', channel_id: 'c3', root_id: '', message: 'not mine', update_at: 3_000_000},
        ]);
        configureDraftSync(backend, true);
        setDraft('c1', 'typed earlier here');
        setDraft('c2:r2', 'typed here later');
        setDraft('c4', 'only here');
        await flushServerDrafts();
        await loadServerDrafts('t1');
        expect(backend.list).toHaveBeenCalledWith('t1');
        expect(getDraft('c1')).toBe('from the phone');
        expect(getDraft('c2:r2')).toBe('typed here later');
        expect(getDraft('c3')).toBe('');
        expect(getDraft('c4')).toBe('only here');
        // What came from the server is kept here too.
        vi.advanceTimersByTime(1000);
        loadDrafts('u1');
        expect(getDraft('c1')).toBe('from the phone');
    });

    it('applies the draft events of the other sessions', () => {
        const {backend} = fakeServer();
        loadDrafts('u1');
        configureDraftSync(backend, true);
        const draft = (over: Partial<ServerDraft>) => JSON.stringify({user_id: 'u1', channel_id: 'c1', root_id: '', message: 'm', update_at: 2_000_000, ...over});

        applyDraftEvent('draft_created', {draft: draft({message: 'from the laptop'})});
        expect(getDraft('c1')).toBe('from the laptop');
        applyDraftEvent('draft_created', {draft: draft({root_id: 'r1', message: 'a reply'})});
        expect(getDraft('c1:r1')).toBe('a reply');
        applyDraftEvent('draft_deleted', {draft: draft({root_id: 'r1'})});
        expect(getDraft('c1:r1')).toBe('');
        // Someone else's, malformed, or older than what was typed here since: ignored.
        applyDraftEvent('draft_created', {draft: draft({user_id: 'u2', channel_id: 'c9'})});
        applyDraftEvent('draft_created', {draft: '{not json'});
        expect(getDraft('c9')).toBe('');
        vi.setSystemTime(3_000_000);
        setDraft('c1', 'newer here');
        applyDraftEvent('draft_created', {draft: draft({message: 'older', update_at: 2_500_000})});
        applyDraftEvent('draft_deleted', {draft: draft({update_at: 2_500_000})});
        expect(getDraft('c1')).toBe('newer here');
    });

    it('keeps a failed save queued and sends it with the next flush', async () => {
        const {backend, calls} = fakeServer();
        let fail = true;
        backend.save = vi.fn(async (c: string, r: string, m: string) => {
            if (fail) {
                throw new Error('offline');
            }
            calls.push(`save ${c}:${r} ${m}`);
        });
        loadDrafts('u1');
        configureDraftSync(backend, true);
        setDraft('c1', 'written offline');
        await vi.advanceTimersByTimeAsync(1000);
        expect(calls).toEqual([]);
        fail = false;
        await flushServerDrafts();
        expect(calls).toEqual(['save c1: written offline']);
    });
});
