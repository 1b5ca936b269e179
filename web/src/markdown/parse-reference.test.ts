import {describe, expect, it} from 'vitest';

import {parseInline, safeHref} from './parse';
import type {Inline, LinkDefinitions} from './parse';

// The inline parser as it was before it stopped slicing the message at every character (with
// autolinks and reference links added since, written the same slicing way): the rewrite must parse
// every message the same way.
const EMPHASIS: Array<[string, 'strong' | 'em' | 'del']> = [
    ['**', 'strong'],
    ['__', 'strong'],
    ['~~', 'del'],
    ['*', 'em'],
    ['_', 'em'],
];

const URL_RE = /^(?:https?:\/\/|www\.)[^\s<]*[^\s<.,:;!?)\]'"]/i;
const MENTION_RE = /^@([a-z0-9][a-z0-9._-]*[a-z0-9_]|[a-z0-9])/i;
const CHANNEL_RE = /^~([a-z0-9][a-z0-9_-]*[a-z0-9]|[a-z0-9])/i;
const EMOJI_RE = /^:([a-z0-9_+-]{1,64}):/i;
const AUTOLINK_URI_RE = /^<([a-z][a-z\d+.-]{1,31}:[^\s\x00-\x1f<>]*)>/i;
const AUTOLINK_WWW_RE = /^<(www\.[^\s\x00-\x1f<>]+)>/i;
const AUTOLINK_EMAIL_RE = /^<([\w.!#$%&'*+/=?^`{|}~-]+@[a-z\d](?:[a-z\d-]{0,61}[a-z\d])?(?:\.[a-z\d](?:[a-z\d-]{0,61}[a-z\d])?)*)>/i;
const REFERENCE_RE = /^\[((?:[^\\[\]]|\\[^]){1,999})\](?:\[((?:[^\\[\]]|\\[^]){0,999})\])?/;

function label(s: string): string {
    return s.trim().replace(/\s+/g, ' ').toLowerCase().toUpperCase();
}

/** The reference link at the start of `rest`: [text][label], [label][] or [label] (then "[ ]" after it stays text). */
function referenceLink(rest: string, defs: LinkDefinitions): {length: number; text: string; href: string; title?: string} | null {
    const m = REFERENCE_RE.exec(rest);
    if (!m) {
        return null;
    }
    const text = m[1] ?? '';
    const second = m[2];
    const full = second !== undefined && second.trim() !== '';
    const def = defs.get(label(full ? second : text));
    if (!def?.href) {
        return null;
    }
    return {length: second !== undefined && second !== '' && !full ? text.length + 2 : m[0].length, text, href: def.href, ...(def.title === undefined ? {} : {title: def.title})};
}

function wordChar(ch: string | undefined): boolean {
    return ch !== undefined && /[\p{L}\p{N}_]/u.test(ch);
}

function referenceParseInline(src: string, defs?: LinkDefinitions): Inline[] {
    const out: Inline[] = [];
    let text = '';
    const pushText = () => {
        if (text) {
            out.push({type: 'text', text});
            text = '';
        }
    };
    let i = 0;
    while (i < src.length) {
        const ch = src.charAt(i);
        const rest = src.slice(i);
        if (ch === '\\' && i + 1 < src.length && /[\\`*_~[\]()@#>-]/.test(src.charAt(i + 1))) {
            text += src.charAt(i + 1);
            i += 2;
            continue;
        }
        if (ch === '\n') {
            pushText();
            out.push({type: 'br'});
            i++;
            continue;
        }
        if (ch === '`') {
            const ticks = /^`+/.exec(rest)![0];
            const end = src.indexOf(ticks, i + ticks.length);
            if (end > i) {
                pushText();
                out.push({type: 'code', text: src.slice(i + ticks.length, end).replace(/^ (.*) $/s, '$1')});
                i = end + ticks.length;
                continue;
            }
        }
        if (ch === '!' && defs && !/^!\[([^\]\n]*)\]\(([^)\s]+)\)/.test(rest)) {
            const r = referenceLink(rest.slice(1), defs);
            if (r && /^https?:/i.test(r.href)) {
                pushText();
                out.push({type: 'image', src: r.href, alt: r.text});
                i += 1 + r.length;
                continue;
            }
        }
        if (ch === '[') {
            const m = /^\[([^\]\n]+)\]\(([^)\s]+)\)/.exec(rest);
            const href = m ? safeHref(m[2] ?? '') : null;
            if (m && href) {
                pushText();
                out.push({type: 'link', href, children: referenceParseInline(m[1] ?? '')});
                i += m[0].length;
                continue;
            }
            const r = !m && defs ? referenceLink(rest, defs) : null;
            if (r) {
                pushText();
                const {length, text: inner, ...target} = r;
                out.push({type: 'link', ...target, children: referenceParseInline(inner)});
                i += length;
                continue;
            }
        }
        if (ch === '<') {
            const uri = AUTOLINK_URI_RE.exec(rest) ?? AUTOLINK_WWW_RE.exec(rest);
            const email = uri ? null : AUTOLINK_EMAIL_RE.exec(rest);
            const href = uri ? safeHref(uri[1] ?? '') : email ? `mailto:${email[1]}` : null;
            if (href) {
                const target = (uri ?? email)![1] ?? '';
                pushText();
                out.push({type: 'link', href, children: [{type: 'text', text: uri && /^mailto:[^@]*@/i.test(target) ? target.slice('mailto:'.length) : target}]});
                i += (uri ?? email)![0].length;
                continue;
            }
        }
        if ((ch === 'h' || ch === 'H' || ch === 'w' || ch === 'W') && !wordChar(src[i - 1])) {
            const m = URL_RE.exec(rest);
            const href = m ? safeHref(m[0]) : null;
            if (m && href) {
                pushText();
                out.push({type: 'link', href, children: [{type: 'text', text: m[0]}]});
                i += m[0].length;
                continue;
            }
        }
        if (ch === '@' && !wordChar(src[i - 1])) {
            const m = MENTION_RE.exec(rest);
            if (m) {
                pushText();
                out.push({type: 'mention', name: m[1] ?? ''});
                i += m[0].length;
                continue;
            }
        }
        if (ch === '~' && src[i + 1] !== '~' && !wordChar(src[i - 1])) {
            const m = CHANNEL_RE.exec(rest);
            if (m) {
                pushText();
                out.push({type: 'channel', name: (m[1] ?? '').toLowerCase()});
                i += m[0].length;
                continue;
            }
        }
        if (ch === ':' && !wordChar(src[i - 1])) {
            const m = EMOJI_RE.exec(rest);
            if (m && !wordChar(src[i + m[0].length])) {
                pushText();
                out.push({type: 'emoji', name: (m[1] ?? '').toLowerCase()});
                i += m[0].length;
                continue;
            }
        }
        const em = EMPHASIS.find(([d]) => rest.startsWith(d));
        if (em) {
            const [delim, type] = em;
            const after = src[i + delim.length];
            // Underscores inside words (snake_case) are not emphasis.
            const opens = after !== undefined && !/\s/.test(after) && !(delim[0] === '_' && wordChar(src[i - 1]));
            if (opens) {
                let end = src.indexOf(delim, i + delim.length);
                while (end > 0 && (/\s/.test(src.charAt(end - 1)) || (delim === '*' && src[end + 1] === '*') || (delim[0] === '_' && wordChar(src[end + delim.length])))) {
                    end = src.indexOf(delim, end + (delim === '*' && src[end + 1] === '*' ? 2 : 1));
                }
                if (end > i + delim.length) {
                    pushText();
                    out.push({type, children: referenceParseInline(src.slice(i + delim.length, end), defs)});
                    i = end + delim.length;
                    continue;
                }
            }
            text += delim;
            i += delim.length;
            continue;
        }
        text += ch;
        i++;
    }
    pushText();
    return out;
}

/** A repeatable stream of numbers in [0, 1). */
function random(seed: number): () => number {
    let x = seed;
    return () => {
        x = (x * 1103515245 + 12345) % 2147483648;
        return x / 2147483648;
    };
}

const PIECES = ['a', 'b', 'Z', ' ', '  ', '\n', '\\', '`', '``', '*', '**', '_', '__', '~', '~~', '@', ':', '[', ']', '(', ')', 'h', 'http://x.y/', 'https://a.b/c.', 'www.q.r', 'W', '-', '.', ',', '+1', 'tada', 'é', '語', '<', '#', '>', '1', '_x_', 'al.ice', '~town-square', ':smile:', '[t](https://e.f)', '[u](javascript:x)'];

describe('parseInline against the reference parser', () => {
    it('parses 20,000 random messages made of its special characters the same way', () => {
        const next = random(7);
        for (let n = 0; n < 20_000; n++) {
            const len = 1 + Math.floor(next() * 24);
            let src = '';
            for (let k = 0; k < len; k++) {
                src += PIECES[Math.floor(next() * PIECES.length)];
            }
            const got: Inline[] = parseInline(src);
            expect(got, JSON.stringify(src)).toEqual(referenceParseInline(src));
        }
    });

    it('parses 20,000 random messages with reference links and autolinks the same way', () => {
        const defs: LinkDefinitions = new Map([
            ['T', {href: 'https://t.example/'}],
            ['A B', {href: 'https://ab.example/', title: 'AB'}],
            ['M', {href: 'mailto:m@x.y'}],
            ['X', {href: null}],
        ]);
        const pieces = [...PIECES, '[', ']', '[]', '[t]', '[T]', '[a  b]', '[A\nB]', '[m]', '[x]', '[nope]', '![t]', '![m][]', '[ ]', '\\]', '<https://a.b/c>', '<mailto:a@b.c>', '<a@b.c>', '<www.w.x>', '<javascript:x>', 'a@b.c', '<', '>'];
        const next = random(11);
        for (let n = 0; n < 20_000; n++) {
            const len = 1 + Math.floor(next() * 24);
            let src = '';
            for (let k = 0; k < len; k++) {
                src += pieces[Math.floor(next() * pieces.length)];
            }
            expect(parseInline(src, defs), JSON.stringify(src)).toEqual(referenceParseInline(src, defs));
        }
    });
});
