// The server's custom emoji, by name: loaded on first need (every page), kept current by
// emoji_added events and by what this client adds or deletes. Like the emoji set, a small store
// of its own that components read with useCustomEmoji().

import {useSyncExternalStore} from 'react';

import {createCustomEmoji, deleteCustomEmoji, getCustomEmojis} from '../api/emoji';
import type {CustomEmoji} from '../api/emoji';

const PAGE = 200;

let byName: ReadonlyMap<string, CustomEmoji> = new Map();
let loading: Promise<void> | null = null;
const listeners = new Set<() => void>();

function publish(next: Map<string, CustomEmoji>): void {
    byName = next;
    listeners.forEach((l) => l());
}

/** Valid like Mattermost's: 1–64 of a-z, 0-9, '-', '_', '+'. */
export function validEmojiName(name: string): boolean {
    return /^[a-z0-9_+-]{1,64}$/.test(name);
}

export function loadCustomEmoji(force = false): Promise<void> {
    if (loading && !force) {
        return loading;
    }
    loading = (async () => {
        const next = new Map<string, CustomEmoji>();
        for (let page = 0; ; page += 1) {
            const list = await getCustomEmojis(page, PAGE);
            list.forEach((e) => next.set(e.name, e));
            if (list.length < PAGE) {
                break;
            }
        }
        publish(next);
    })();
    loading.catch(() => {
        loading = null;
    });
    return loading;
}

export function useCustomEmoji(): ReadonlyMap<string, CustomEmoji> {
    const value = useSyncExternalStore(
        (l) => {
            listeners.add(l);
            return () => listeners.delete(l);
        },
        () => byName,
    );
    if (!loading) {
        void loadCustomEmoji().catch(() => undefined);
    }
    return value;
}

export function customEmoji(name: string): CustomEmoji | undefined {
    return byName.get(name);
}

/** One arrived (an emoji_added event) or was created here. */
export function rememberCustomEmoji(emoji: CustomEmoji): void {
    if (!emoji?.name) {
        return;
    }
    publish(new Map(byName).set(emoji.name, emoji));
}

export async function addCustomEmoji(name: string, creatorId: string, image: File): Promise<CustomEmoji> {
    const emoji = await createCustomEmoji(name, creatorId, image);
    rememberCustomEmoji(emoji);
    return emoji;
}

export async function removeCustomEmoji(emoji: CustomEmoji): Promise<void> {
    await deleteCustomEmoji(emoji.id);
    const next = new Map(byName);
    next.delete(emoji.name);
    publish(next);
}

/** Custom emoji whose names start with (then contain) `query`. */
export function searchCustomEmoji(all: ReadonlyMap<string, CustomEmoji>, query: string, limit = 50): CustomEmoji[] {
    const q = query.toLowerCase();
    const list = [...all.values()].sort((a, b) => a.name.localeCompare(b.name));
    if (!q) {
        return list.slice(0, limit);
    }
    return [...list.filter((e) => e.name.startsWith(q)), ...list.filter((e) => !e.name.startsWith(q) && e.name.includes(q))].slice(0, limit);
}
