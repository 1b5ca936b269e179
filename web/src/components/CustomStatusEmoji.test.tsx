import {act, cleanup, render, screen} from '@testing-library/react';
import {afterEach, beforeEach, describe, expect, it, vi} from 'vitest';

import type {UserProfile} from '../api/client';
import {createStore, initialState, setState} from '../store/store';
import {CustomStatusEmoji} from './CustomStatusEmoji';

const NOW = Date.parse('2026-11-25T10:00:00Z');
const user = (status: object) => ({id: 'u', username: 'u', props: {customStatus: JSON.stringify(status)}}) as unknown as UserProfile;

describe('the custom status beside a name', () => {
    beforeEach(() => {
        vi.useFakeTimers({now: NOW});
        createStore(initialState('light', {name: 'root'}));
    });
    afterEach(() => {
        cleanup();
        vi.useRealTimers();
    });

    it('goes when its time is up, without anything else rendering it again', () => {
        render(<CustomStatusEmoji user={user({emoji: 'calendar', text: 'In a meeting', duration: 'thirty_minutes', expires_at: '2026-11-25T10:30:00Z'})} />);
        screen.getByRole('img', {name: 'Status: In a meeting'});
        act(() => {
            vi.advanceTimersByTime(29 * 60_000);
        });
        screen.getByRole('img', {name: 'Status: In a meeting'});
        act(() => {
            vi.advanceTimersByTime(2 * 60_000);
        });
        expect(screen.queryByRole('img')).toBeNull();
    });

    it('is not shown when the server has custom statuses turned off', () => {
        setState({config: {EnableCustomUserStatuses: 'false'}});
        render(<CustomStatusEmoji user={user({emoji: 'palm_tree', text: 'Away', duration: '', expires_at: ''})} />);
        expect(screen.queryByRole('img')).toBeNull();
    });
});
