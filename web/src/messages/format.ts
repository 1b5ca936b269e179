// Markdown formatting from the keyboard in the composer and the editor, as Mattermost's:
// Ctrl/Cmd+B bold, Ctrl/Cmd+I italic, Ctrl/Cmd+Shift+X strikethrough, Ctrl/Cmd+Alt+C code,
// Ctrl/Cmd+Alt+K link; and the formatting bar's heading, quote and lists. Applied again to what it
// made, it takes the formatting off.

export type Format = 'bold' | 'italic' | 'strike' | 'code' | 'link' | LineFormat;

/** Formats of whole lines (the formatting bar's): each line touched by the selection. */
export type LineFormat = 'heading' | 'quote' | 'bullets' | 'numbers';

export interface Edit {
    text: string;
    /** The selection after the edit. */
    start: number;
    end: number;
}

const MARKERS: Record<'bold' | 'italic' | 'strike', string> = {bold: '**', italic: '*', strike: '~~'};

const LINE_PREFIX: Record<LineFormat, (n: number) => string> = {
    heading: () => '### ',
    quote: () => '> ',
    bullets: () => '- ',
    numbers: (n) => `${n}. `,
};
const LINE_FOUND: Record<LineFormat, RegExp> = {heading: /^#{1,6} /, quote: /^> ?/, bullets: /^[-*+] /, numbers: /^\d+[.)] /};

/** Prefixes each line the selection touches (or takes the prefix off when they all have it). */
function formatLines(text: string, start: number, end: number, format: LineFormat): Edit {
    const from = text.lastIndexOf('\n', start - 1) + 1;
    const next = text.indexOf('\n', end > start && text[end - 1] === '\n' ? end - 1 : end);
    const to = next < 0 ? text.length : next;
    const lines = text.slice(from, to).split('\n');
    const found = LINE_FOUND[format];
    const off = lines.every((l) => found.test(l));
    const changed = lines.map((l, i) => (off ? l.replace(found, '') : LINE_PREFIX[format](i + 1) + l)).join('\n');
    const result = text.slice(0, from) + changed + text.slice(to);
    if (start === end && lines.length === 1) {
        const at = Math.max(from, start + (changed.length - lines[0]!.length));
        return {text: result, start: at, end: at};
    }
    return {text: result, start: from, end: from + changed.length};
}

/** The formatting a key press asks for, or null. */
export function formatOfKey(e: {key: string; ctrlKey: boolean; metaKey: boolean; altKey: boolean; shiftKey: boolean}): Format | null {
    if (!(e.ctrlKey || e.metaKey)) {
        return null;
    }
    const key = e.key.toLowerCase();
    if (!e.altKey && !e.shiftKey) {
        return key === 'b' ? 'bold' : key === 'i' ? 'italic' : null;
    }
    if (e.shiftKey && !e.altKey) {
        return key === 'x' ? 'strike' : null;
    }
    if (e.altKey && !e.shiftKey) {
        // (With Alt, some layouts report another character: the physical key is what counts.)
        return key === 'k' || key === '˚' ? 'link' : key === 'c' || key === 'ç' ? 'code' : null;
    }
    return null;
}

/** Wraps the selection `start`–`end` of `text` in `marker` (or unwraps it when it is wrapped). */
function wrap(text: string, start: number, end: number, marker: string): Edit {
    const before = text.slice(0, start);
    const selected = text.slice(start, end);
    const after = text.slice(end);
    const n = marker.length;
    // Already wrapped (the markers just outside the selection): unwrap. Italic's '*' is not half
    // of a bold '**'.
    const outside = before.endsWith(marker) && after.startsWith(marker) && !(marker === '*' && before.endsWith('**') && after.startsWith('**') && !before.endsWith('***'));
    if (outside) {
        return {text: before.slice(0, -n) + selected + after.slice(n), start: start - n, end: end - n};
    }
    if (selected.length > 2 * n && selected.startsWith(marker) && selected.endsWith(marker)) {
        const inner = selected.slice(n, -n);
        return {text: before + inner + after, start, end: start + inner.length};
    }
    return {text: before + marker + selected + marker + after, start: start + n, end: end + n};
}

export function applyFormat(text: string, start: number, end: number, format: Format): Edit {
    const [a, b] = start <= end ? [start, end] : [end, start];
    if (format === 'heading' || format === 'quote' || format === 'bullets' || format === 'numbers') {
        return formatLines(text, a, b, format);
    }
    if (format === 'link') {
        const selected = text.slice(a, b);
        // [text](url), the "url" selected to be typed over.
        const inserted = `[${selected}](url)`;
        const urlAt = a + selected.length + 3;
        return {text: text.slice(0, a) + inserted + text.slice(b), start: urlAt, end: urlAt + 3};
    }
    if (format === 'code') {
        // Several lines: a code block; otherwise inline code.
        const selected = text.slice(a, b);
        if (selected.includes('\n')) {
            const fence = '```';
            if (selected.startsWith(`${fence}\n`) && selected.endsWith(`\n${fence}`)) {
                const inner = selected.slice(4, -4);
                return {text: text.slice(0, a) + inner + text.slice(b), start: a, end: a + inner.length};
            }
            const block = `${fence}\n${selected}\n${fence}`;
            return {text: text.slice(0, a) + block + text.slice(b), start: a + 4, end: a + 4 + selected.length};
        }
        return wrap(text, a, b, '`');
    }
    return wrap(text, a, b, MARKERS[format]);
}
