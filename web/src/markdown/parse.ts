// A safe subset of Mattermost-flavoured Markdown, parsed into a tree that components render as
// React elements (never as HTML). Blocks: fenced and indented code, headings (# and underlined),
// block quotes, bullet and numbered lists (nested by indentation), pipe tables, rules and
// paragraphs with line breaks, and link reference definitions (`[label]: https://… "title"`, on
// their own lines outside code). Inline: `code`, **bold**, *italic*, ~~strike~~,
// [links](https://…), reference links ([text][label], [label][], [label]), ![images](https://…),
// autolinks (<https://…>, <someone@example.com>), bare URLs, @mentions, ~channel links, :emoji:
// shortcodes and character references (&amp;, &#169;). Raw HTML is never interpreted: it stays text.

export type Inline =
    | {type: 'text'; text: string}
    | {type: 'code'; text: string}
    | {type: 'strong' | 'em' | 'del'; children: Inline[]}
    | {type: 'link'; href: string; title?: string; children: Inline[]}
    | {type: 'image'; src: string; alt: string}
    | {type: 'mention'; name: string}
    | {type: 'channel'; name: string}
    | {type: 'emoji'; name: string}
    | {type: 'br'};

export type Align = 'left' | 'center' | 'right' | null;

export type Block =
    | {type: 'paragraph'; children: Inline[]}
    | {type: 'codeblock'; lang: string; text: string}
    | {type: 'heading'; level: 1 | 2 | 3 | 4 | 5 | 6; children: Inline[]}
    | {type: 'quote'; children: Block[]}
    | {type: 'list'; ordered: boolean; start: number; items: Block[][]}
    | {type: 'table'; align: Align[]; header: Inline[][]; rows: Inline[][][]}
    | {type: 'hr'};

const FENCE = /^ {0,3}(```|~~~)\s*([\w+#.-]*)\s*$/;
const HEADING = /^ {0,3}(#{1,6})\s+(.*?)(?:\s+#+)?\s*$/;
const QUOTE = /^ {0,3}> ?(.*)$/;
const BULLET = /^( {0,3})([-*+])\s+(.*)$/;
const ORDERED = /^( {0,3})(\d{1,9})[.)]\s+(.*)$/;
const RULE = /^ {0,3}([-*_])(?:\s*\1){2,}\s*$/;
/** The underline of a heading (level 1 with =, 2 with -) under a paragraph's lines. */
const SETEXT = /^ {0,3}(=+|-+)[ \t]*$/;
/** A line of an indented code block (four spaces or a tab), and a blank line that may sit inside one. */
const INDENTED = /^(?: {4}|\t)/;
const TABLE_DELIM = /^\s*\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$/;
/** Deeper than this, quotes and lists are kept as text (no runaway recursion on hostile input). */
const MAX_DEPTH = 8;
/** A link reference definition on a line of its own: `[label]: destination "optional title"` (the
 * destination may be in <>, the title in "", '' or ()). */
const DEFINITION = /^ {0,3}\[((?:[^\\[\]]|\\.){1,999})\]:[ \t]*(<[^<>]*>|\S+)(?:[ \t]+("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|\((?:[^()\\]|\\.)*\)))?[ \t]*$/;

/** Where a reference link points: `href` is null when the definition's destination is not a web or
 * mail address (then references to it stay text). */
export interface LinkDefinition {
    href: string | null;
    title?: string;
}

/** Link reference definitions by normalised label (see `normalizeLabel`). */
export type LinkDefinitions = ReadonlyMap<string, LinkDefinition>;

/** Labels match case-insensitively (Unicode case folding, as commonmark.js does it) with runs of
 * white space taken as one space. */
function normalizeLabel(label: string): string {
    return label.trim().replace(/\s+/g, ' ').toLowerCase().toUpperCase();
}

/** Records the definition on `line`, if it is one (the first definition of a label wins). */
function definition(line: string, defs: Map<string, LinkDefinition>): boolean {
    const m = DEFINITION.exec(line);
    const label = m ? normalizeLabel(m[1] ?? '') : '';
    if (!m || !label) {
        return false;
    }
    if (!defs.has(label)) {
        const dest = m[2] ?? '';
        const def: LinkDefinition = {href: safeHref(dest.startsWith('<') ? dest.slice(1, -1) : dest)};
        if (m[3]) {
            def.title = m[3].slice(1, -1).replace(/\\([!-/:-@[-`{-~])/g, '$1');
        }
        defs.set(label, def);
    }
    return true;
}

/** How `parseBlocks` goes: the definitions it records (null: none in the message) and how it
 * parses inline text (not at all while only collecting definitions). */
interface Pass {
    defs: Map<string, LinkDefinition> | null;
    inline: (src: string) => Inline[];
}

/** The usual pass: the message has no definitions. */
const PLAIN: Pass = {defs: null, inline: (src) => parseInline(src)};

function splitRow(line: string): string[] {
    let s = line.trim();
    if (s.startsWith('|')) {
        s = s.slice(1);
    }
    if (s.endsWith('|') && !s.endsWith('\\|')) {
        s = s.slice(0, -1);
    }
    const cells: string[] = [];
    let cell = '';
    for (let i = 0; i < s.length; i++) {
        const ch = s.charAt(i);
        if (ch === '\\' && s[i + 1] === '|') {
            cell += '|';
            i++;
        } else if (ch === '|') {
            cells.push(cell.trim());
            cell = '';
        } else {
            cell += ch;
        }
    }
    cells.push(cell.trim());
    return cells;
}

function alignOf(cell: string): Align {
    const left = cell.startsWith(':');
    const right = cell.endsWith(':');
    return left && right ? 'center' : right ? 'right' : left ? 'left' : null;
}

function listMarker(line: string): {ordered: boolean; indent: number; start: number; rest: string} | null {
    const b = BULLET.exec(line);
    if (b && !RULE.test(line)) {
        return {ordered: false, indent: (b[1] ?? '').length, start: 1, rest: b[3] ?? ''};
    }
    const o = ORDERED.exec(line);
    if (o) {
        return {ordered: true, indent: (o[1] ?? '').length, start: Number(o[2]), rest: o[3] ?? ''};
    }
    return null;
}

/** Starts a block other than a paragraph (so it interrupts a paragraph). */
function startsBlock(line: string, next: string | undefined): boolean {
    return FENCE.test(line) || HEADING.test(line) || QUOTE.test(line) || RULE.test(line) || listMarker(line) !== null || (line.includes('|') && next !== undefined && TABLE_DELIM.test(next) && next.includes('-'));
}

export function parseMarkdown(source: string): Block[] {
    const lines = source.replace(/\r\n?/g, '\n').split('\n');
    if (!source.includes(']:')) {
        return parseBlocks(lines, 0, PLAIN);
    }
    // A reference may come before its definition: the first pass only collects the definitions
    // (the blocks, not their text), the second parses with all of them known.
    const defs = new Map<string, LinkDefinition>();
    parseBlocks(lines, 0, {defs, inline: () => []});
    return parseBlocks(lines, 0, defs.size ? {defs, inline: (src) => parseInline(src, defs)} : PLAIN);
}

function parseBlocks(lines: string[], depth: number, pass: Pass): Block[] {
    const blocks: Block[] = [];
    let para: string[] = [];
    const flush = () => {
        if (para.length) {
            blocks.push({type: 'paragraph', children: pass.inline(para.join('\n'))});
            para = [];
        }
    };
    let i = 0;
    while (i < lines.length) {
        const line = lines[i] ?? '';
        const next = lines[i + 1];
        const fence = FENCE.exec(line);
        if (fence) {
            flush();
            const body: string[] = [];
            i++;
            const marker = fence[1] ?? '```';
            while (i < lines.length && !(lines[i] ?? '').trim().startsWith(marker)) {
                body.push(lines[i] ?? '');
                i++;
            }
            i++;
            blocks.push({type: 'codeblock', lang: fence[2] ?? '', text: body.join('\n')});
            continue;
        }
        if (!line.trim()) {
            flush();
            i++;
            continue;
        }
        if (pass.defs && definition(line, pass.defs)) {
            // Not shown; like Mattermost's, a definition also ends a paragraph.
            flush();
            i++;
            continue;
        }
        const underline = para.length ? SETEXT.exec(line) : null;
        if (underline) {
            blocks.push({type: 'heading', level: underline[1]?.startsWith('=') ? 1 : 2, children: pass.inline(para.join('\n'))});
            para = [];
            i++;
            continue;
        }
        if (para.length === 0 && INDENTED.test(line)) {
            // Indented code cannot interrupt a paragraph (there it is a continuation line).
            const body: string[] = [];
            while (i < lines.length && (INDENTED.test(lines[i] ?? '') || !(lines[i] ?? '').trim())) {
                body.push((lines[i] ?? '').replace(INDENTED, ''));
                i++;
            }
            while (body.length && !(body[body.length - 1] ?? '').trim()) {
                body.pop();
            }
            blocks.push({type: 'codeblock', lang: '', text: body.join('\n')});
            continue;
        }
        if (depth < MAX_DEPTH && (para.length === 0 || startsBlock(line, next))) {
            const heading = HEADING.exec(line);
            if (heading) {
                flush();
                blocks.push({type: 'heading', level: (heading[1] ?? '#').length as 1 | 2 | 3 | 4 | 5 | 6, children: pass.inline(heading[2] ?? '')});
                i++;
                continue;
            }
            if (RULE.test(line)) {
                flush();
                blocks.push({type: 'hr'});
                i++;
                continue;
            }
            if (QUOTE.test(line)) {
                flush();
                const inner: string[] = [];
                while (i < lines.length && (lines[i] ?? '').trim() && QUOTE.test(lines[i] ?? '')) {
                    inner.push(QUOTE.exec(lines[i] ?? '')?.[1] ?? '');
                    i++;
                }
                blocks.push({type: 'quote', children: parseBlocks(inner, depth + 1, pass)});
                continue;
            }
            const marker = listMarker(line);
            if (marker) {
                flush();
                const items: string[][] = [];
                const contentIndent = marker.indent + 2;
                while (i < lines.length) {
                    const l = lines[i] ?? '';
                    const m = listMarker(l);
                    if (m && m.ordered === marker.ordered && m.indent < contentIndent) {
                        items.push([m.rest]);
                    } else if (l.trim() && (/^\s{2,}/.test(l) || (!startsBlock(l, lines[i + 1]) && !m))) {
                        // An indented line (or a lazy continuation) belongs to the current item.
                        items[items.length - 1]?.push(l.replace(/^\s{1,4}/, ''));
                    } else if (!l.trim() && /^\s{2,}\S/.test(lines[i + 1] ?? '')) {
                        items[items.length - 1]?.push('');
                    } else {
                        break;
                    }
                    i++;
                }
                blocks.push({type: 'list', ordered: marker.ordered, start: marker.start, items: items.map((it) => parseBlocks(it, depth + 1, pass))});
                continue;
            }
            if (line.includes('|') && next !== undefined && TABLE_DELIM.test(next) && next.includes('-')) {
                const header = splitRow(line);
                const align = splitRow(next).map(alignOf);
                if (align.length === header.length) {
                    flush();
                    i += 2;
                    const rows: Inline[][][] = [];
                    while (i < lines.length && (lines[i] ?? '').includes('|') && (lines[i] ?? '').trim()) {
                        const cells = splitRow(lines[i] ?? '');
                        rows.push(header.map((_, c) => pass.inline(cells[c] ?? '')));
                        i++;
                    }
                    blocks.push({type: 'table', align, header: header.map((h) => pass.inline(h)), rows});
                    continue;
                }
            }
        }
        para.push(line);
        i++;
    }
    flush();
    return blocks;
}

/** Only web and mail links are followed; anything else (javascript:, data:) stays text. */
export function safeHref(url: string): string | null {
    const trimmed = url.trim();
    if (/^(https?:\/\/|mailto:)/i.test(trimmed)) {
        return trimmed;
    }
    if (/^www\./i.test(trimmed)) {
        return `https://${trimmed}`;
    }
    return null;
}

const EMPHASIS: Array<[string, 'strong' | 'em' | 'del']> = [
    ['**', 'strong'],
    ['__', 'strong'],
    ['~~', 'del'],
    ['*', 'em'],
    ['_', 'em'],
];

// Sticky (matched at `lastIndex`, see `at`): the inline parser tries them where it stands without
// slicing off the rest of the message at every character.
const URL_RE = /(?:https?:\/\/|www\.)[^\s<]*[^\s<.,:;!?)\]'"]/iy;
const MENTION_RE = /@([a-z0-9][a-z0-9._-]*[a-z0-9_]|[a-z0-9])/iy;
const CHANNEL_RE = /~([a-z0-9][a-z0-9_-]*[a-z0-9]|[a-z0-9])/iy;
const EMOJI_RE = /:([a-z0-9_+-]{1,64}):/iy;
const TICKS_RE = /`+/y;
const LINK_RE = /\[([^\]\n]+)\]\(([^)\s]+)\)/y;
const IMAGE_RE = /!\[([^\]\n]*)\]\(([^)\s]+)\)/y;
/** `[text]`, then the label of a full (`[label]`) or collapsed (`[]`) reference, if any. */
const REFERENCE_RE = /\[((?:[^\\[\]]|\\[^]){1,999})\](?:\[((?:[^\\[\]]|\\[^]){0,999})\])?/y;
/** Autolinks: <scheme:…> (only web and mail links are made), <www.…> (as Mattermost's) and
 * <someone@example.com>. */
const AUTOLINK_URI_RE = /<([a-z][a-z\d+.-]{1,31}:[^\s\x00-\x1f<>]*)>/iy;
const AUTOLINK_WWW_RE = /<(www\.[^\s\x00-\x1f<>]+)>/iy;
const AUTOLINK_EMAIL_RE = /<([\w.!#$%&'*+/=?^`{|}~-]+@[a-z\d](?:[a-z\d-]{0,61}[a-z\d])?(?:\.[a-z\d](?:[a-z\d-]{0,61}[a-z\d])?)*)>/iy;
const ENTITY_RE = /&(?:#(\d{1,7})|#[xX]([\da-fA-F]{1,6})|([a-zA-Z]{2,8}));/y;
/** The named character references people type in chat; others stay as typed. */
const NAMED_ENTITIES: Record<string, string> = {amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0', copy: '©', reg: '®', trade: '™', hellip: '…', mdash: '—', ndash: '–', laquo: '«', raquo: '»', deg: '°', euro: '€', times: '×'};

/** The character a reference stands for, or null (unknown name, or not a valid code point). */
function entity(m: RegExpExecArray): string | null {
    const code = m[1] !== undefined ? Number(m[1]) : m[2] !== undefined ? parseInt(m[2], 16) : -1;
    if (code >= 0) {
        return code > 0 && code <= 0x10ffff && (code < 0xd800 || code > 0xdfff) ? String.fromCodePoint(code) : '\ufffd';
    }
    return NAMED_ENTITIES[m[3] ?? ''] ?? null;
}
const ESCAPABLE = /[\\`*_~[\]()@#>-]/;
const WORD_CHAR = /[\p{L}\p{N}_]/u;

function wordChar(ch: string | undefined): boolean {
    return ch !== undefined && WORD_CHAR.test(ch);
}

/** `re` matched at `i` of `src` (the parser recurses, so `lastIndex` is set right before each use). */
function at(re: RegExp, src: string, i: number): RegExpExecArray | null {
    re.lastIndex = i;
    return re.exec(src);
}

/** The link an autolink at `i` of `src` (on a "<") makes, or null: the rest stays text. */
function autolink(src: string, i: number): {length: number; href: string; text: string} | null {
    const uri = at(AUTOLINK_URI_RE, src, i) ?? at(AUTOLINK_WWW_RE, src, i);
    if (uri) {
        const target = uri[1] ?? '';
        const href = safeHref(target);
        // Like Mattermost's, <mailto:someone@example.com> shows the address only.
        return href ? {length: uri[0].length, href, text: /^mailto:[^@]*@/i.test(target) ? target.slice(7) : target} : null;
    }
    const email = at(AUTOLINK_EMAIL_RE, src, i);
    return email ? {length: email[0].length, href: `mailto:${email[1] ?? ''}`, text: email[1] ?? ''} : null;
}

/** The reference link at the "[" at `i` of `src` (its length, text and target), or null: then the
 * "[" is text, as is a reference to an undefined label or to a definition with an unsafe target. */
function reference(src: string, i: number, defs: LinkDefinitions): {length: number; text: string; href: string; title: string | undefined} | null {
    const m = at(REFERENCE_RE, src, i);
    if (!m) {
        return null;
    }
    const text = m[1] ?? '';
    const label = m[2];
    // Full [text][label]; else collapsed [label][] or shortcut [label] ("[ ]" after it is no label).
    // When a full reference's label is not defined, [text] is not a shortcut either.
    const full = label !== undefined && label.trim() !== '';
    const def = defs.get(normalizeLabel(full ? label : text));
    if (!def?.href) {
        return null;
    }
    const length = label === undefined || label === '' || full ? m[0].length : text.length + 2;
    return {length, text, href: def.href, title: def.title};
}

/** Characters that may start something other than plain text (see parseInline). */
function special(c: number): boolean {
    switch (c) {
        case 0x5c: // \
        case 0x0a: // newline
        case 0x60: // `
        case 0x5b: // [
        case 0x68: // h
        case 0x48: // H
        case 0x77: // w
        case 0x57: // W
        case 0x40: // @
        case 0x7e: // ~
        case 0x3a: // :
        case 0x2a: // *
        case 0x5f: // _
        case 0x21: // !
        case 0x26: // &
        case 0x3c: // <
            return true;
        default:
            return false;
    }
}

/** `defs`: the message's link reference definitions (none: references stay text). */
export function parseInline(src: string, defs?: LinkDefinitions): Inline[] {
    const out: Inline[] = [];
    // The text not pushed yet: `text`, then the plain run src[from, i).
    let text = '';
    let from = 0;
    let i = 0;
    const pushText = () => {
        const all = from < i ? text + src.slice(from, i) : text;
        if (all) {
            out.push({type: 'text', text: all});
        }
        text = '';
    };
    while (i < src.length) {
        if (!special(src.charCodeAt(i))) {
            i++;
            continue;
        }
        const ch = src.charAt(i);
        if (ch === '\\' && i + 1 < src.length && ESCAPABLE.test(src.charAt(i + 1))) {
            text += src.slice(from, i) + src.charAt(i + 1);
            i += 2;
            from = i;
            continue;
        }
        if (ch === '\n') {
            pushText();
            out.push({type: 'br'});
            from = ++i;
            continue;
        }
        if (ch === '`') {
            const ticks = at(TICKS_RE, src, i)![0];
            const end = src.indexOf(ticks, i + ticks.length);
            if (end > i) {
                pushText();
                out.push({type: 'code', text: src.slice(i + ticks.length, end).replace(/^ (.*) $/s, '$1')});
                from = i = end + ticks.length;
                continue;
            }
        }
        if (ch === '&') {
            const m = at(ENTITY_RE, src, i);
            const decoded = m ? entity(m) : null;
            if (m && decoded !== null) {
                text += src.slice(from, i) + decoded;
                from = i += m[0].length;
                continue;
            }
        }
        if (ch === '!' && src[i + 1] === '[') {
            const m = at(IMAGE_RE, src, i);
            const href = m ? safeHref(m[2] ?? '') : null;
            if (m && href && /^https?:/i.test(href)) {
                pushText();
                out.push({type: 'image', src: href, alt: m[1] ?? ''});
                from = i += m[0].length;
                continue;
            }
            const r = !m && defs?.size ? reference(src, i + 1, defs) : null;
            if (r && /^https?:/i.test(r.href)) {
                pushText();
                out.push({type: 'image', src: r.href, alt: r.text});
                from = i += 1 + r.length;
                continue;
            }
        }
        if (ch === '[') {
            const m = at(LINK_RE, src, i);
            const href = m ? safeHref(m[2] ?? '') : null;
            if (m && href) {
                pushText();
                out.push({type: 'link', href, children: parseInline(m[1] ?? '')});
                from = i += m[0].length;
                continue;
            }
            // An inline link with an unsafe destination stays text rather than becoming a reference.
            const r = !m && defs?.size ? reference(src, i, defs) : null;
            if (r) {
                pushText();
                out.push(r.title === undefined ? {type: 'link', href: r.href, children: parseInline(r.text)} : {type: 'link', href: r.href, title: r.title, children: parseInline(r.text)});
                from = i += r.length;
                continue;
            }
        }
        if (ch === '<') {
            const a = autolink(src, i);
            if (a) {
                pushText();
                out.push({type: 'link', href: a.href, children: [{type: 'text', text: a.text}]});
                from = i += a.length;
                continue;
            }
        }
        if ((ch === 'h' || ch === 'H' || ch === 'w' || ch === 'W') && !wordChar(src[i - 1])) {
            const m = at(URL_RE, src, i);
            const href = m ? safeHref(m[0]) : null;
            if (m && href) {
                pushText();
                out.push({type: 'link', href, children: [{type: 'text', text: m[0]}]});
                from = i += m[0].length;
                continue;
            }
        }
        if (ch === '@' && !wordChar(src[i - 1])) {
            const m = at(MENTION_RE, src, i);
            if (m) {
                pushText();
                out.push({type: 'mention', name: m[1] ?? ''});
                from = i += m[0].length;
                continue;
            }
        }
        if (ch === '~' && src[i + 1] !== '~' && !wordChar(src[i - 1])) {
            const m = at(CHANNEL_RE, src, i);
            if (m) {
                pushText();
                out.push({type: 'channel', name: (m[1] ?? '').toLowerCase()});
                from = i += m[0].length;
                continue;
            }
        }
        if (ch === ':' && !wordChar(src[i - 1])) {
            const m = at(EMOJI_RE, src, i);
            if (m && !wordChar(src[i + m[0].length])) {
                pushText();
                out.push({type: 'emoji', name: (m[1] ?? '').toLowerCase()});
                from = i += m[0].length;
                continue;
            }
        }
        const em = ch === '*' || ch === '_' || ch === '~' ? EMPHASIS.find(([d]) => src.startsWith(d, i)) : undefined;
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
                    out.push({type, children: parseInline(src.slice(i + delim.length, end), defs)});
                    from = i = end + delim.length;
                    continue;
                }
            }
            // Not emphasis: the delimiter is text (all of it: `**` is not tried again as `*`).
            i += delim.length;
            continue;
        }
        i++;
    }
    pushText();
    return out;
}
