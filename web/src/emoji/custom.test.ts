import {describe, expect, it} from 'vitest';

import type {CustomEmoji} from '../api/emoji';
import {searchCustomEmoji, validEmojiName} from './custom';

const emoji = (name: string) => ({id: name, name, creator_id: 'u', create_at: 0, update_at: 0, delete_at: 0, category: 'custom'}) as CustomEmoji;

describe('custom emoji', () => {
    it('accepts Mattermost-style names only', () => {
        expect(validEmojiName('party_parrot')).toBe(true);
        expect(validEmojiName('+1-x')).toBe(true);
        expect(validEmojiName('Party')).toBe(false);
        expect(validEmojiName('has space')).toBe(false);
        expect(validEmojiName('')).toBe(false);
        expect(validEmojiName('a'.repeat(65))).toBe(false);
    });

    it('finds by prefix first, then by substring, sorted by name', () => {
        const all = new Map(['ship_it', 'airship', 'shipped', 'cat'].map((n) => [n, emoji(n)]));
        expect(searchCustomEmoji(all, 'ship').map((e) => e.name)).toEqual(['ship_it', 'shipped', 'airship']);
        expect(searchCustomEmoji(all, '').map((e) => e.name)).toEqual(['airship', 'cat', 'ship_it', 'shipped']);
    });
});
