// Search hits in a message: the words the server says matched (or, without them, the words of the
// query), found case-insensitively, as the pieces of text to show with and without a mark.

export interface Piece {
    text: string;
    hit: boolean;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The words of a query worth highlighting: no operators (from:, in:, -excluded), no quotes or '*'. */
export function queryWords(terms: string): string[] {
    const words: string[] = [];
    for (const m of terms.matchAll(/"([^"]*)"|(\S+)/g)) {
        if (m[1] !== undefined) {
            words.push(...m[1].split(/\s+/));
            continue;
        }
        const w = m[2]!;
        if (w.startsWith('-') || /^(from|in|before|after|on|channel|ext):/i.test(w)) {
            continue;
        }
        words.push(w.replace(/\*$/, ''));
    }
    return words.map((w) => w.replace(/^[^\p{L}\p{N}@#]+|[^\p{L}\p{N}]+$/gu, '')).filter((w) => w.length > 0);
}

export function highlightPieces(text: string, words: string[]): Piece[] {
    const unique = [...new Set(words.filter(Boolean).map((w) => w.toLowerCase()))].sort((a, b) => b.length - a.length);
    if (!unique.length || !text) {
        return text ? [{text, hit: false}] : [];
    }
    const re = new RegExp(`(${unique.map(escape).join('|')})`, 'giu');
    const pieces: Piece[] = [];
    let last = 0;
    for (const m of text.matchAll(re)) {
        const at = m.index ?? 0;
        if (at > last) {
            pieces.push({text: text.slice(last, at), hit: false});
        }
        pieces.push({text: m[0], hit: true});
        last = at + m[0].length;
    }
    if (last < text.length) {
        pieces.push({text: text.slice(last), hit: false});
    }
    return pieces;
}
