// A small syntax highlighter for code blocks (loaded on demand, as its own chunk): comments,
// strings, numbers and keywords for common languages. It only classifies text into tokens;
// rendering stays React text, never HTML.

export type TokenKind = 'plain' | 'comment' | 'string' | 'number' | 'keyword' | 'literal';
export type Token = [TokenKind, string];

interface Lang {
    keywords: Set<string>;
    line: string[];
    block: [string, string][];
    quotes: string[];
}

const words = (s: string) => new Set(s.split(' '));
const C_LIKE = {line: ['//'], block: [['/*', '*/']] as [string, string][], quotes: ['"', "'"]};

const LANGS: Record<string, Lang> = {
    js: {
        ...C_LIKE,
        quotes: ['"', "'", '`'],
        keywords: words(
            'async await break case catch class const continue default delete do else export extends finally for from function if import in instanceof interface let new of return static super switch this throw try type typeof var void while yield enum implements private protected public readonly as',
        ),
    },
    rust: {...C_LIKE, keywords: words('as async await break const continue crate dyn else enum extern fn for if impl in let loop match mod move mut pub ref return self Self static struct super trait type unsafe use where while')},
    go: {...C_LIKE, quotes: ['"', "'", '`'], keywords: words('break case chan const continue default defer else fallthrough for func go goto if import interface map package range return select struct switch type var')},
    c: {
        ...C_LIKE,
        keywords: words(
            'auto break case char class const continue default delete do double else enum extern float for goto if inline int long namespace new private protected public return short signed sizeof static struct switch template this throw try typedef union unsigned using virtual void volatile while abstract boolean byte extends final finally implements import instanceof interface package super synchronized throws var val fun when object',
        ),
    },
    python: {
        line: ['#'],
        block: [['"""', '"""'], ["'''", "'''"]],
        quotes: ['"', "'"],
        keywords: words('and as assert async await break class continue def del elif else except finally for from global if import in is lambda nonlocal not or pass raise return try while with yield'),
    },
    shell: {line: ['#'], block: [], quotes: ['"', "'"], keywords: words('if then else elif fi for while do done case esac in function return export local set echo exit cd')},
    sql: {
        line: ['--'],
        block: [['/*', '*/']],
        quotes: ["'", '"'],
        keywords: words(
            'select from where insert into values update set delete create table index drop alter add primary key foreign references join left right inner outer on group by order having limit offset as and or not null is in distinct union all begin commit rollback returning with case when then else end',
        ),
    },
    yaml: {line: ['#'], block: [], quotes: ['"', "'"], keywords: words('')},
    css: {line: [], block: [['/*', '*/']], quotes: ['"', "'"], keywords: words('important media import from to')},
};

const ALIASES: Record<string, string> = {
    javascript: 'js', jsx: 'js', ts: 'js', typescript: 'js', tsx: 'js', json: 'js', mjs: 'js',
    rs: 'rust', golang: 'go', cpp: 'c', 'c++': 'c', h: 'c', java: 'c', cs: 'c', csharp: 'c', kotlin: 'c', kt: 'c', swift: 'c', scala: 'c',
    py: 'python', python3: 'python', rb: 'python', ruby: 'python',
    sh: 'shell', bash: 'shell', zsh: 'shell', console: 'shell', dockerfile: 'shell', toml: 'yaml', yml: 'yaml', ini: 'yaml',
    postgres: 'sql', postgresql: 'sql', mysql: 'sql', scss: 'css', less: 'css',
};

const LITERALS = words('true false null nil None True False undefined NULL');

export function languageOf(name: string): string | null {
    const n = name.toLowerCase();
    const key = ALIASES[n] ?? n;
    return LANGS[key] ? key : null;
}

/** Tokens for `text` in `lang` (a single plain token for unknown languages). */
export function highlight(text: string, lang: string): Token[] {
    const key = languageOf(lang);
    const def = key ? LANGS[key] : undefined;
    if (!def) {
        return [['plain', text]];
    }
    const out: Token[] = [];
    let plain = '';
    const push = (kind: TokenKind, s: string) => {
        if (plain) {
            out.push(['plain', plain]);
            plain = '';
        }
        out.push([kind, s]);
    };
    let i = 0;
    outer: while (i < text.length) {
        const rest = text.slice(i);
        for (const [open, close] of def.block) {
            if (rest.startsWith(open)) {
                const end = text.indexOf(close, i + open.length);
                const stop = end < 0 ? text.length : end + close.length;
                push(open === '"""' || open === "'''" ? 'string' : 'comment', text.slice(i, stop));
                i = stop;
                continue outer;
            }
        }
        for (const marker of def.line) {
            if (rest.startsWith(marker)) {
                const end = text.indexOf('\n', i);
                const stop = end < 0 ? text.length : end;
                push('comment', text.slice(i, stop));
                i = stop;
                continue outer;
            }
        }
        const ch = text.charAt(i);
        if (def.quotes.includes(ch)) {
            let j = i + 1;
            while (j < text.length && text[j] !== ch && (ch === '`' || text[j] !== '\n')) {
                j += text[j] === '\\' ? 2 : 1;
            }
            const stop = Math.min(text.length, j + 1);
            push('string', text.slice(i, stop));
            i = stop;
            continue;
        }
        const num = /^(?:0x[\da-f]+|\d[\d_]*(?:\.\d+)?(?:e[+-]?\d+)?)/i.exec(rest);
        if (num && !/[\w$]/.test(text[i - 1] ?? '')) {
            push('number', num[0]);
            i += num[0].length;
            continue;
        }
        const word = /^[A-Za-z_$][\w$]*/.exec(rest);
        if (word) {
            const w = word[0];
            if (LITERALS.has(w)) {
                push('literal', w);
            } else if (def.keywords.has(key === 'sql' ? w.toLowerCase() : w)) {
                push('keyword', w);
            } else {
                plain += w;
            }
            i += w.length;
            continue;
        }
        plain += ch;
        i++;
    }
    if (plain) {
        out.push(['plain', plain]);
    }
    return out;
}
