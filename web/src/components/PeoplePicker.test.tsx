import {act, cleanup, fireEvent, render, screen} from '@testing-library/react';
import {afterEach, describe, expect, it, vi} from 'vitest';

import type {UserProfile} from '../api/client';
import {matchesPerson, PeoplePicker} from './PeoplePicker';

function person(id: string, username: string, more: Partial<UserProfile> = {}): UserProfile {
    return {id, username, email: `${username}@example.com`, first_name: '', last_name: '', nickname: '', delete_at: 0, ...more} as UserProfile;
}

const bob = person('u-bob', 'bob', {first_name: 'Robert', last_name: 'Stone'});
const erin = person('u-erin', 'erin', {nickname: 'Ace'});
const gone = person('u-gone', 'gone', {delete_at: 5});

afterEach(cleanup);

describe('who matches what is typed', () => {
    it('by username, full name, nickname or email; anyone for nothing typed', () => {
        expect(matchesPerson(bob, 'rob')).toBe(true);
        expect(matchesPerson(bob, 'stone')).toBe(true);
        expect(matchesPerson(erin, 'ace')).toBe(true);
        expect(matchesPerson(erin, 'erin@')).toBe(true);
        expect(matchesPerson(erin, 'bob')).toBe(false);
        expect(matchesPerson(erin, '')).toBe(true);
    });
});

describe('the people picker', () => {
    async function open(onPick: (users: UserProfile[]) => Promise<unknown>, offer = (u: UserProfile) => u.id !== 'u-erin') {
        render(<PeoplePicker load={() => Promise.resolve([bob, erin, gone])} search={() => Promise.resolve([])} offer={offer} max={2} action='Add' onPick={onPick} empty='Everyone is in.' />);
        await screen.findByRole('button', {name: /bob/});
    }

    it('offers those loaded that the dialog allows, not the deactivated; picks and acts on them', async () => {
        const onPick = vi.fn(() => Promise.resolve());
        await open(onPick);
        expect(screen.queryByRole('button', {name: /erin/})).toBeNull();
        expect(screen.queryByRole('button', {name: /gone/})).toBeNull();
        const add = screen.getByRole('button', {name: 'Add'}) as HTMLButtonElement;
        expect(add.disabled).toBe(true);
        fireEvent.click(screen.getByRole('button', {name: /bob/}));
        // Picked: a chip to take bob back, and the list has nobody left.
        screen.getByRole('button', {name: 'Remove bob'});
        screen.getByText('Everyone is in.');
        expect(add.disabled).toBe(false);
        await act(async () => {
            fireEvent.click(add);
        });
        expect(onPick).toHaveBeenCalledWith([bob]);
    });

    it('shows what the server answered when acting fails, and can act again', async () => {
        const onPick = vi.fn(() => Promise.reject(Object.assign(new Error('no'), {message: 'You do not have the appropriate permissions.', status_code: 403})));
        await open(onPick, () => true);
        fireEvent.click(screen.getByRole('button', {name: /erin/}));
        const add = screen.getByRole('button', {name: 'Add'}) as HTMLButtonElement;
        await act(async () => {
            fireEvent.click(add);
        });
        await screen.findByText(/appropriate permissions/);
        expect(add.disabled).toBe(false);
    });

    it('filters by what is typed', async () => {
        await open(() => Promise.resolve(), () => true);
        fireEvent.change(screen.getByRole('textbox', {name: 'Search people'}), {target: {value: 'ace'}});
        expect(screen.queryByRole('button', {name: /bob/})).toBeNull();
        screen.getByRole('button', {name: /erin/});
        fireEvent.change(screen.getByRole('textbox', {name: 'Search people'}), {target: {value: 'zzz'}});
        screen.getByText('Nobody matches.');
    });
});
