import {describe, expect, it} from 'vitest';

import {applyTheme, resolveTheme} from './theme';

describe('theme', () => {
    it('follows the system only when asked to', () => {
        expect(resolveTheme('system', true)).toBe('dark');
        expect(resolveTheme('system', false)).toBe('light');
        expect(resolveTheme('light', true)).toBe('light');
        expect(resolveTheme('dark', false)).toBe('dark');
    });

    it('sets data-theme on the document', () => {
        applyTheme('dark');
        expect(document.documentElement.dataset.theme).toBe('dark');
    });
});
