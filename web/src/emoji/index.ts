// Emoji by Mattermost's names. A few common ones are built in (so reactions render at once); the
// full set (about 1,900, for the picker, autocomplete and :shortcode: rendering) is a separate
// chunk loaded on first need. Unknown names show as :name:.

import {useSyncExternalStore} from 'react';

const BUILT_IN: Record<string, string> = {
    '+1': '👍', thumbsup: '👍', '-1': '👎', thumbsdown: '👎', smile: '😄', smiley: '😃', grinning: '😀', laughing: '😆', joy: '😂',
    slightly_smiling_face: '🙂', wink: '😉', blush: '😊', heart_eyes: '😍', thinking_face: '🤔', confused: '😕', cry: '😢', sob: '😭',
    scream: '😱', sunglasses: '😎', heart: '❤️', broken_heart: '💔', tada: '🎉', fire: '🔥', rocket: '🚀', eyes: '👀', clap: '👏',
    pray: '🙏', raised_hands: '🙌', wave: '👋', ok_hand: '👌', muscle: '💪', white_check_mark: '✅', heavy_check_mark: '✔️', x: '❌',
    warning: '⚠️', question: '❓', exclamation: '❗', star: '⭐', sparkles: '✨', 100: '💯', coffee: '☕', bug: '🐛', memo: '📝',
    bulb: '💡', zap: '⚡',
};

/** The quick reactions offered first. */
export const QUICK_EMOJI = ['+1', 'heart', 'joy', 'tada', 'eyes', 'white_check_mark'];

export interface EmojiEntry {
    /** The first (canonical) name. */
    name: string;
    names: string[];
    char: string;
    category: number;
}

export interface EmojiData {
    categories: string[];
    list: EmojiEntry[];
    byName: Map<string, EmojiEntry>;
}

let data: EmojiData | null = null;
let loading: Promise<EmojiData> | null = null;
const listeners = new Set<() => void>();

export function loadEmoji(): Promise<EmojiData> {
    loading ??= import('./data.json').then((mod) => {
        const raw = (mod as unknown as {default: {categories: string[]; emoji: [string, string, number][]}}).default;
        const list = raw.emoji.map(([names, char, category]) => {
            const all = names.split(',');
            return {name: all[0] ?? '', names: all, char, category};
        });
        const byName = new Map<string, EmojiEntry>();
        for (const e of list) {
            for (const n of e.names) {
                byName.set(n, e);
            }
        }
        data = {categories: raw.categories, list, byName};
        listeners.forEach((l) => l());
        return data;
    });
    return loading;
}

/** The full set once loaded (asks for it on first use), or null until then. */
export function useEmojiData(): EmojiData | null {
    const value = useSyncExternalStore(
        (l) => {
            listeners.add(l);
            return () => listeners.delete(l);
        },
        () => data,
    );
    if (!value) {
        void loadEmoji().catch(() => undefined);
    }
    return value;
}

export function emojiChar(name: string, full: EmojiData | null = data): string | null {
    return BUILT_IN[name] ?? full?.byName.get(name)?.char ?? null;
}

export function emojiLabel(name: string): string {
    return emojiChar(name) ?? `:${name}:`;
}

/** Emoji whose names start with (then contain) `query`, best first. */
export function searchEmoji(all: EmojiData, query: string, limit = 50): EmojiEntry[] {
    const q = query.toLowerCase();
    if (!q) {
        return all.list.slice(0, limit);
    }
    const starts: EmojiEntry[] = [];
    const contains: EmojiEntry[] = [];
    for (const e of all.list) {
        if (e.names.some((n) => n.startsWith(q))) {
            starts.push(e);
        } else if (e.names.some((n) => n.includes(q))) {
            contains.push(e);
        }
        if (starts.length >= limit) {
            break;
        }
    }
    return [...starts, ...contains].slice(0, limit);
}
