// A small, safe subset of Mattermost-flavoured Markdown, parsed into a tree that components render
// as React elements (never as HTML): fenced code blocks, paragraphs with line breaks, `code`,
// **bold**, *italic*, ~~strike~~, [links](https://…), bare URLs and @mentions.

export type Inline =
    | {type: 'text'; text: string}
    | {type: 'code'; text: string}
    | {type: 'strong' | 'em' | 'del'; children: Inline[]}
    | {type: 'link'; href: string; children: Inline[]}
    | {type: 'mention'; name: string}
    | {type: 'br'};

export type Block = {type: 'paragraph'; children: Inline[]} | {type: 'codeblock'; lang: string; text: string};

const FENCE = /^ {0,3}(```|~~~)\s*([\w+#.-]*)\s*$/;

export function parseMarkdown(source: string): Block[] {
    const lines = source.replace(/\r\n?/g, '\n').split('\n');
    const blocks: Block[] = [];
    let para: string[] = [];
    const flush = () => {
        if (para.length) {
            blocks.push({type: 'paragraph', children: parseInline(para.join('\n'))});
            para = [];
        }
    };
    for (let i = 0; i < lines.length; i++) {
        const line = lines[i] ?? '';
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
            blocks.push({type: 'codeblock', lang: fence[2] ?? '', text: body.join('\n')});
        } else if (!line.trim()) {
            flush();
        } else {
            para.push(line);
        }
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

const URL_RE = /^(?:https?:\/\/|www\.)[^\s<]*[^\s<.,:;!?)\]'"]/i;
const MENTION_RE = /^@([a-z0-9][a-z0-9._-]*[a-z0-9_]|[a-z0-9])/i;

function wordChar(ch: string | undefined): boolean {
    return ch !== undefined && /[\p{L}\p{N}_]/u.test(ch);
}

export function parseInline(src: string): Inline[] {
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
        if (ch === '[') {
            const m = /^\[([^\]\n]+)\]\(([^)\s]+)\)/.exec(rest);
            const href = m ? safeHref(m[2] ?? '') : null;
            if (m && href) {
                pushText();
                out.push({type: 'link', href, children: parseInline(m[1] ?? '')});
                i += m[0].length;
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
                    out.push({type, children: parseInline(src.slice(i + delim.length, end))});
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
