import {describe, expect, it} from 'vitest';

import {handleShortcut, neighbourChannel} from './shortcuts';
import {createStore, getState, initialState, setState} from './store';

describe('channel navigation', () => {
    const order = ['a', 'b', 'c', 'd'];
    it('moves to the next or previous channel, wrapping around', () => {
        expect(neighbourChannel(order, 'b', 1, false)).toBe('c');
        expect(neighbourChannel(order, 'a', -1, false)).toBe('d');
        expect(neighbourChannel(order, 'd', 1, false)).toBe('a');
        expect(neighbourChannel(order, null, 1, false)).toBe('a');
        expect(neighbourChannel([], 'a', 1, false)).toBeNull();
    });

    it('skips read channels when asked for unread ones', () => {
        const unread = (id: string) => id === 'a' || id === 'd';
        expect(neighbourChannel(order, 'b', 1, true, unread)).toBe('d');
        expect(neighbourChannel(order, 'd', 1, true, unread)).toBe('a');
        expect(neighbourChannel(order, 'a', -1, true, unread)).toBe('d');
        expect(neighbourChannel(order, 'a', 1, true, () => false)).toBeNull();
    });
});

describe('the list of shortcuts', () => {
    const press = (key: string, mods: Partial<KeyboardEvent> = {}) => handleShortcut({key, ctrlKey: false, metaKey: false, altKey: false, shiftKey: false, ...mods} as KeyboardEvent);

    it('opens with Ctrl or Cmd and /, and closes with them again', () => {
        createStore(initialState('light', {name: 'root'}));
        expect(press('/', {ctrlKey: true})).toBe(true);
        expect(getState().modal).toBe('shortcuts');
        expect(press('/', {metaKey: true})).toBe(true);
        expect(getState().modal).toBeNull();
    });

    it('is not opened by / alone; over another dialog, it takes its place', () => {
        createStore(initialState('light', {name: 'root'}));
        expect(press('/')).toBe(false);
        setState({modal: 'settings'});
        press('/', {ctrlKey: true});
        expect(getState().modal).toBe('shortcuts');
    });
});
