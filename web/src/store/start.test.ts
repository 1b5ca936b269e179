import {afterEach, describe, expect, it, vi} from 'vitest';

// The server answers nothing (a network error) the first `failures` times, then a signed-out
// configuration.
let failures = 0;
let calls = 0;
vi.mock('../api/client', async (importOriginal) => {
    const real = await importOriginal<typeof import('../api/client')>();
    const getClientConfig = async () => {
        calls++;
        if (failures > 0) {
            failures--;
            throw new real.ApiError(0, '', 'Failed to fetch');
        }
        return {NoAccounts: 'false'};
    };
    return {...real, api: {...real.api, getClientConfig, getMeOrNull: async () => null}};
});

const {start} = await import('./actions');
const {ApiError} = await import('../api/client');
const {createStore, getState, initialState} = await import('./store');

describe('start without an answer from the server', () => {
    afterEach(() => {
        vi.useRealTimers();
    });

    it('tries again by itself after 1 s, 2 s, … until it gets an answer', async () => {
        vi.useFakeTimers();
        createStore(initialState('light', {name: 'root'}));
        failures = 2;
        calls = 0;
        await start();
        expect(getState().boot.status).toBe('error');
        expect(getState().boot.error?.status).toBe(0);
        await vi.advanceTimersByTimeAsync(999);
        expect(calls).toBe(1);
        await vi.advanceTimersByTimeAsync(1);
        expect(calls).toBe(2);
        expect(getState().boot.status).toBe('error');
        // The second wait is twice as long.
        await vi.advanceTimersByTimeAsync(1999);
        expect(calls).toBe(2);
        await vi.advanceTimersByTimeAsync(1);
        expect(calls).toBe(3);
        expect(getState().boot.status).toBe('ready');
        // Nothing more is scheduled once it answered.
        await vi.advanceTimersByTimeAsync(60_000);
        expect(calls).toBe(3);
    });

    it('does not retry an answer that is an error (only a missing answer)', async () => {
        vi.useFakeTimers();
        createStore(initialState('light', {name: 'root'}));
        failures = 0;
        calls = 0;
        const err = new ApiError(500, 'app.error', 'boom');
        const {api} = await import('../api/client');
        const spy = vi.spyOn(api, 'getClientConfig').mockRejectedValueOnce(err);
        await start();
        expect(getState().boot.status).toBe('error');
        await vi.advanceTimersByTimeAsync(60_000);
        expect(spy).toHaveBeenCalledTimes(1);
    });
});
