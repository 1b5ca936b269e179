import {describe, expect, it} from 'vitest';

import {emojiChar, emojiLabel, loadEmoji, searchEmoji} from './index';

describe('emoji', () => {
    it('maps built-in names at once and falls back to :name:', () => {
        expect(emojiLabel('+1')).toBe('👍');
        expect(emojiLabel('party_parrot')).toBe(':party_parrot:');
    });

    it('loads the full set with every alias, and searches names by prefix first', async () => {
        const data = await loadEmoji();
        expect(data.list.length).toBeGreaterThan(1500);
        expect(emojiChar('grinning', data)).toBe('😀');
        expect(emojiChar('thumbsup', data)).toBe('👍');
        expect(emojiChar('flag-fr', data)).toBe('🇫🇷');
        expect(emojiLabel('taco')).toBe('🌮');
        const found = searchEmoji(data, 'tac', 5).map((e) => e.name);
        expect(found[0]).toBe('taco');
        expect(searchEmoji(data, 'smile', 100).every((e) => e.names.some((n) => n.includes('smile')))).toBe(true);
    });
});
