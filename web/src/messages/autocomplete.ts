// Composer autocomplete, as pure functions: which @mention, ~channel or :emoji: is being typed at
// the caret, what matches it, and the text after picking a suggestion. The search box has its own
// tokens: from:someone and in:channel.

import type {Channel, UserProfile} from '../api/client';

export type Trigger = '@' | '~' | ':' | '/';

export interface Token {
    trigger: Trigger;
    query: string;
    /** Where the token (its trigger character) starts. */
    start: number;
    /** The caret. */
    end: number;
    /** A search token's flag ('from:' or 'in:'), which the picked name follows. */
    flag?: SearchFlag;
}

export type SearchFlag = 'from:' | 'in:';

const QUERY: Record<Trigger, RegExp> = {
    '@': /^[a-z0-9._-]*$/i,
    '~': /^[a-z0-9_-]*$/i,
    ':': /^[a-z0-9_+-]{2,}$/i,
    '/': /^[a-z0-9_.-]*$/i,
};

/** The token that ends at the caret, if it is one (a trigger at the start or after a space). */
export function findToken(text: string, caret: number): Token | null {
    let start = caret;
    while (start > 0 && !/\s/.test(text.charAt(start - 1))) {
        start--;
    }
    const word = text.slice(start, caret);
    const trigger = word.charAt(0) as Trigger;
    if (!(trigger in QUERY)) {
        return null;
    }
    // A slash command is only the first word of the message.
    if (trigger === '/' && start !== 0) {
        return null;
    }
    const query = word.slice(1);
    if (!QUERY[trigger].test(query)) {
        return null;
    }
    // Inside a code span or block nothing is suggested.
    const before = text.slice(0, start);
    if ((before.match(/`/g)?.length ?? 0) % 2 === 1) {
        return null;
    }
    return {trigger, query, start, end: caret};
}

/** The from: or in: being typed at the caret in a search (a person for from:, a channel or a
 * person's DM for in:; a leading @ or ~ is part of the name). */
export function findSearchToken(text: string, caret: number): Token | null {
    let start = caret;
    while (start > 0 && !/\s/.test(text.charAt(start - 1))) {
        start--;
    }
    const m = /^(-?)(from|in):([@~]?)([a-z0-9._-]*)$/i.exec(text.slice(start, caret));
    if (!m) {
        return null;
    }
    const flag = `${(m[2] ?? '').toLowerCase()}:` as SearchFlag;
    return {trigger: flag === 'from:' ? '@' : '~', query: m[4] ?? '', start: start + (m[1] ?? '').length, end: caret, flag};
}

/** Puts `replacement` (and a space) in place of the token; returns the text and the new caret. */
export function replaceToken(text: string, token: Token, replacement: string): {text: string; caret: number} {
    const after = text.slice(token.end);
    const spaced = after.startsWith(' ') ? replacement : `${replacement} `;
    const next = text.slice(0, token.start) + spaced + after;
    return {text: next, caret: token.start + spaced.length};
}

/** People whose username, first or last name or nickname starts with `query`; exact username first. */
export function matchUsers(users: UserProfile[], query: string, limit = 8): UserProfile[] {
    const q = query.toLowerCase();
    const score = (u: UserProfile): number => {
        if (u.username === q) {
            return 0;
        }
        if (u.username.startsWith(q)) {
            return 1;
        }
        const names = [u.first_name, u.last_name, u.nickname, `${u.first_name} ${u.last_name}`].map((n) => (n ?? '').toLowerCase());
        return names.some((n) => n && n.startsWith(q)) ? 2 : -1;
    };
    return users
        .filter((u) => u.delete_at === 0)
        .map((u) => [score(u), u] as const)
        .filter(([s]) => s >= 0)
        .sort((a, b) => a[0] - b[0] || a[1].username.localeCompare(b[1].username))
        .slice(0, limit)
        .map(([, u]) => u);
}

/** Open and private channels whose name or display name starts with (or has a word starting with) `query`. */
export function matchChannels(channels: Channel[], query: string, limit = 8): Channel[] {
    const q = query.toLowerCase();
    const seen = new Set<string>();
    return channels
        .filter((c) => (c.type === 'O' || c.type === 'P') && c.delete_at === 0)
        .filter((c) => {
            if (seen.has(c.id)) {
                return false;
            }
            seen.add(c.id);
            return c.name.startsWith(q) || c.display_name.toLowerCase().split(/\s+/).some((w) => w.startsWith(q)) || c.display_name.toLowerCase().startsWith(q);
        })
        .sort((a, b) => Number(!a.name.startsWith(q)) - Number(!b.name.startsWith(q)) || a.display_name.localeCompare(b.display_name))
        .slice(0, limit);
}
