import {describe, expect, it} from 'vitest';

import {parseInline, parseMarkdown, safeHref} from './parse';

describe('parseInline', () => {
    it('parses bold, italic, strike and code', () => {
        expect(parseInline('a **b** *c* ~~d~~ `e*f*`')).toEqual([
            {type: 'text', text: 'a '},
            {type: 'strong', children: [{type: 'text', text: 'b'}]},
            {type: 'text', text: ' '},
            {type: 'em', children: [{type: 'text', text: 'c'}]},
            {type: 'text', text: ' '},
            {type: 'del', children: [{type: 'text', text: 'd'}]},
            {type: 'text', text: ' '},
            {type: 'code', text: 'e*f*'},
        ]);
    });

    it('nests emphasis and leaves snake_case and lone stars alone', () => {
        expect(parseInline('**bold _it_**')).toEqual([
            {type: 'strong', children: [{type: 'text', text: 'bold '}, {type: 'em', children: [{type: 'text', text: 'it'}]}]},
        ]);
        expect(parseInline('snake_case_name and 2 * 3 * 4')).toEqual([{type: 'text', text: 'snake_case_name and 2 * 3 * 4'}]);
    });

    it('makes links only from safe URLs', () => {
        expect(parseInline('[docs](https://example.com/a)')).toEqual([
            {type: 'link', href: 'https://example.com/a', children: [{type: 'text', text: 'docs'}]},
        ]);
        expect(parseInline('[x](javascript:alert(1))')[0]).toEqual({type: 'text', text: '[x](javascript:alert(1))'});
        expect(parseInline('see https://example.com/x.')).toEqual([
            {type: 'text', text: 'see '},
            {type: 'link', href: 'https://example.com/x', children: [{type: 'text', text: 'https://example.com/x'}]},
            {type: 'text', text: '.'},
        ]);
    });

    it('finds mentions but not e-mail addresses, and keeps line breaks', () => {
        expect(parseInline('hi @alice.b,\nmail a@b.c')).toEqual([
            {type: 'text', text: 'hi '},
            {type: 'mention', name: 'alice.b'},
            {type: 'text', text: ','},
            {type: 'br'},
            {type: 'text', text: 'mail a@b.c'},
        ]);
    });

    it('treats HTML as text', () => {
        expect(parseInline('<b>x</b>')).toEqual([{type: 'text', text: '<b>x</b>'}]);
    });
});

describe('parseMarkdown', () => {
    it('splits paragraphs and fenced code blocks', () => {
        expect(parseMarkdown('one\n\n```js\nconst a = **1**;\n```\ntwo')).toEqual([
            {type: 'paragraph', children: [{type: 'text', text: 'one'}]},
            {type: 'codeblock', lang: 'js', text: 'const a = **1**;'},
            {type: 'paragraph', children: [{type: 'text', text: 'two'}]},
        ]);
    });

    it('keeps an unclosed fence as code to the end', () => {
        expect(parseMarkdown('```\nx')).toEqual([{type: 'codeblock', lang: '', text: 'x'}]);
    });
});

describe('safeHref', () => {
    it('allows web and mail links only', () => {
        expect(safeHref('www.a.com')).toBe('https://www.a.com');
        expect(safeHref('mailto:a@b.c')).toBe('mailto:a@b.c');
        expect(safeHref('data:text/html,x')).toBeNull();
    });
});

describe('Markdown component', () => {
    it('renders elements, not HTML, with safe links and trailing text in the last paragraph', async () => {
        const {render} = await import('@testing-library/react');
        const {createElement} = await import('react');
        const {Markdown} = await import('./Markdown');
        const {container} = render(createElement(Markdown, {text: '**hi** <img src=x onerror=alert(1)> [a](https://x.y)', myUsername: 'me', trailing: 'END'}));
        expect(container.querySelector('strong')?.textContent).toBe('hi');
        expect(container.querySelector('img')).toBeNull();
        const a = container.querySelector('a')!;
        expect(a.getAttribute('rel')).toBe('noopener noreferrer');
        expect(a.getAttribute('target')).toBe('_blank');
        expect(container.querySelector('p')?.textContent?.endsWith('END')).toBe(true);
    });
});

describe('block Markdown', () => {
    it('parses headings, rules and block quotes', () => {
        expect(parseMarkdown('## Plan\n---\n> quoted **bold**\n> more')).toEqual([
            {type: 'heading', level: 2, children: [{type: 'text', text: 'Plan'}]},
            {type: 'hr'},
            {
                type: 'quote',
                children: [{type: 'paragraph', children: [{type: 'text', text: 'quoted '}, {type: 'strong', children: [{type: 'text', text: 'bold'}]}, {type: 'br'}, {type: 'text', text: 'more'}]}],
            },
        ]);
        expect(parseMarkdown('#hashtag')).toEqual([{type: 'paragraph', children: [{type: 'text', text: '#hashtag'}]}]);
    });

    it('parses bullet and numbered lists, nested by indentation', () => {
        const para = (text: string) => ({type: 'paragraph', children: [{type: 'text', text}]});
        expect(parseMarkdown('- one\n- two\n  1. a\n  2. b\n- three')).toEqual([
            {
                type: 'list',
                ordered: false,
                start: 1,
                items: [[para('one')], [para('two'), {type: 'list', ordered: true, start: 1, items: [[para('a')], [para('b')]]}], [para('three')]],
            },
        ]);
        expect(parseMarkdown('text\n3. three\n4. four')).toEqual([para('text'), {type: 'list', ordered: true, start: 3, items: [[para('three')], [para('four')]]}]);
    });

    it('parses pipe tables with alignment and escaped pipes', () => {
        expect(parseMarkdown('| Name | Qty |\n|:-----|----:|\n| a\\|b | 2 |\n| c |')).toEqual([
            {
                type: 'table',
                align: ['left', 'right'],
                header: [[{type: 'text', text: 'Name'}], [{type: 'text', text: 'Qty'}]],
                rows: [
                    [[{type: 'text', text: 'a|b'}], [{type: 'text', text: '2'}]],
                    [[{type: 'text', text: 'c'}], []],
                ],
            },
        ]);
        // Without a delimiter row it is just text.
        expect(parseMarkdown('a | b')).toEqual([{type: 'paragraph', children: [{type: 'text', text: 'a | b'}]}]);
    });

    it('keeps fenced code verbatim and continues after the closing fence', () => {
        expect(parseMarkdown('```rust\nfn main() {}\n# not a heading\n```\nafter')).toEqual([
            {type: 'codeblock', lang: 'rust', text: 'fn main() {}\n# not a heading'},
            {type: 'paragraph', children: [{type: 'text', text: 'after'}]},
        ]);
    });

    it('stops nesting at a fixed depth instead of recursing without end', () => {
        const deep = parseMarkdown('>'.repeat(200) + ' x');
        let depth = 0;
        let node = deep[0];
        while (node?.type === 'quote') {
            depth++;
            node = node.children[0];
        }
        expect(depth).toBeLessThanOrEqual(8);
    });
});

describe('channel links and emoji', () => {
    it('finds ~channel links, but not strike-through or a tilde inside a word', () => {
        expect(parseInline('see ~town-square, ~~old~~ a~b')).toEqual([
            {type: 'text', text: 'see '},
            {type: 'channel', name: 'town-square'},
            {type: 'text', text: ', '},
            {type: 'del', children: [{type: 'text', text: 'old'}]},
            {type: 'text', text: ' a~b'},
        ]);
    });

    it('finds :emoji: shortcodes but not times', () => {
        expect(parseInline(':tada: at 10:30:45 :+1:')).toEqual([
            {type: 'emoji', name: 'tada'},
            {type: 'text', text: ' at 10:30:45 '},
            {type: 'emoji', name: '+1'},
        ]);
    });
});

describe('more of CommonMark', () => {
    it('makes underlined lines headings, and a rule after a blank line stays a rule', () => {
        expect(parseMarkdown('Release plan\n===\nDates\n---\n\n---')).toEqual([
            {type: 'heading', level: 1, children: [{type: 'text', text: 'Release plan'}]},
            {type: 'heading', level: 2, children: [{type: 'text', text: 'Dates'}]},
            {type: 'hr'},
        ]);
    });

    it('keeps lines indented by four spaces or a tab as code, but not inside a paragraph', () => {
        expect(parseMarkdown('Run:\n\n    make release\n\n\tmake **check**\n\nDone')).toEqual([
            {type: 'paragraph', children: [{type: 'text', text: 'Run:'}]},
            {type: 'codeblock', lang: '', text: 'make release\n\nmake **check**'},
            {type: 'paragraph', children: [{type: 'text', text: 'Done'}]},
        ]);
        expect(parseMarkdown('a paragraph\n    goes on')).toEqual([{type: 'paragraph', children: [{type: 'text', text: 'a paragraph'}, {type: 'br'}, {type: 'text', text: '    goes on'}]}]);
    });

    it('shows images from web addresses only, and keeps the rest as text', () => {
        expect(parseInline('see ![the chart](https://ex.com/c.png) now')).toEqual([
            {type: 'text', text: 'see '},
            {type: 'image', src: 'https://ex.com/c.png', alt: 'the chart'},
            {type: 'text', text: ' now'},
        ]);
        expect(parseInline('![x](javascript:alert(1)) wow!')).toEqual([{type: 'text', text: '![x](javascript:alert(1)) wow!'}]);
        // Not an image from the web: the "!" is text, and the rest is what it would be without it.
        expect(parseInline('![y](mailto:a@b.c)')).toEqual([
            {type: 'text', text: '!'},
            {type: 'link', href: 'mailto:a@b.c', children: [{type: 'text', text: 'y'}]},
        ]);
    });

    it('decodes character references, and leaves unknown ones and lone ampersands alone', () => {
        expect(parseInline('Tom &amp; Jerry &copy; &#169; &#x1F600; &bogus; & co &#0;')).toEqual([{type: 'text', text: 'Tom & Jerry © © 😀 &bogus; & co \ufffd'}]);
        // A decoded character is text, not syntax.
        expect(parseInline('&#42;not bold&#42;')).toEqual([{type: 'text', text: '*not bold*'}]);
    });
});

describe('autolinks', () => {
    it('links <http(s)://…> with the address as its text, without the angle brackets', () => {
        expect(parseInline('see <https://example.com/a?b=c>, or <http://x.y/z>')).toEqual([
            {type: 'text', text: 'see '},
            {type: 'link', href: 'https://example.com/a?b=c', children: [{type: 'text', text: 'https://example.com/a?b=c'}]},
            {type: 'text', text: ', or '},
            {type: 'link', href: 'http://x.y/z', children: [{type: 'text', text: 'http://x.y/z'}]},
        ]);
        expect(parseInline('<HTTPS://EX.COM>')).toEqual([{type: 'link', href: 'HTTPS://EX.COM', children: [{type: 'text', text: 'HTTPS://EX.COM'}]}]);
    });

    it('links <mailto:…> and <someone@example.com> as mail links', () => {
        expect(parseInline('<mailto:a@b.c>')).toEqual([{type: 'link', href: 'mailto:a@b.c', children: [{type: 'text', text: 'a@b.c'}]}]);
        expect(parseInline('mail <someone@example.com>!')).toEqual([
            {type: 'text', text: 'mail '},
            {type: 'link', href: 'mailto:someone@example.com', children: [{type: 'text', text: 'someone@example.com'}]},
            {type: 'text', text: '!'},
        ]);
    });

    it('keeps HTML, spaced brackets and other schemes as text', () => {
        for (const src of ['<b>x</b>', '< x >', '<javascript:alert(1)>', '<JavaScript:alert(1)>', '<data:text/html,x>', '<ftp://x.y>', '<a@b c>', '<>', '<a:b>']) {
            expect(parseInline(src), src).toEqual([{type: 'text', text: src}]);
        }
        // With a space inside it is no autolink (the address before the space is still a bare URL).
        expect(parseInline('<https://a b>')).toEqual([
            {type: 'text', text: '<'},
            {type: 'link', href: 'https://a', children: [{type: 'text', text: 'https://a'}]},
            {type: 'text', text: ' b>'},
        ]);
        // Not syntax inside code, nor when written as character references.
        expect(parseInline('`<https://x.y>` &lt;https://x.y&gt;')[0]).toEqual({type: 'code', text: '<https://x.y>'});
    });
});

describe('reference links', () => {
    const link = (href: string, text: string, title?: string) => (title === undefined ? {type: 'link', href, children: [{type: 'text', text}]} : {type: 'link', href, title, children: [{type: 'text', text}]});

    it('drops definitions and links full, collapsed and shortcut references', () => {
        expect(parseMarkdown('Read [the docs][docs], [docs][] and [docs].\n\n[docs]: https://example.com/docs')).toEqual([
            {
                type: 'paragraph',
                children: [
                    {type: 'text', text: 'Read '},
                    link('https://example.com/docs', 'the docs'),
                    {type: 'text', text: ', '},
                    link('https://example.com/docs', 'docs'),
                    {type: 'text', text: ' and '},
                    link('https://example.com/docs', 'docs'),
                    {type: 'text', text: '.'},
                ],
            },
        ]);
    });

    it('matches labels case-insensitively with white space collapsed, and the first definition wins', () => {
        const defs = '\n\n   [Release  Notes]: https://a.example\n[release notes]: https://b.example';
        expect(parseMarkdown(`[RELEASE notes] and [x][release\nnotes]${defs}`)).toEqual([
            {type: 'paragraph', children: [link('https://a.example', 'RELEASE notes'), {type: 'text', text: ' and '}, link('https://a.example', 'x')]},
        ]);
    });

    it('keeps titles in "", \'\' or () and destinations in <>', () => {
        expect(parseMarkdown('[a] [b] [c] [d]\n[a]: https://a.x "Title \\"A\\""\n[b]: https://b.x \'B\'\n[c]: <https://c.x> (C)\n[d]: https://d.x')).toEqual([
            {
                type: 'paragraph',
                children: [link('https://a.x', 'a', 'Title "A"'), {type: 'text', text: ' '}, link('https://b.x', 'b', 'B'), {type: 'text', text: ' '}, link('https://c.x', 'c', 'C'), {type: 'text', text: ' '}, link('https://d.x', 'd')],
            },
        ]);
    });

    it('leaves references to undefined labels, and lines that are not definitions, as text', () => {
        expect(parseMarkdown('[not a link] [x][nope] [y][]')).toEqual([{type: 'paragraph', children: [{type: 'text', text: '[not a link] [x][nope] [y][]'}]}]);
        // [a] is defined, but [a][nope] is a full reference to an undefined label.
        expect(parseMarkdown('[a][nope] [a]\n\n[a]: https://a.x')).toEqual([{type: 'paragraph', children: [{type: 'text', text: '[a][nope] '}, link('https://a.x', 'a')]}]);
        // Four spaces of indent make code; an unterminated title or text after it make no definition.
        expect(parseMarkdown('    [a]: https://a.x\n\n[b]: https://b.x "open\n\n[c]: https://c.x "t" more')).toEqual([
            {type: 'codeblock', lang: '', text: '[a]: https://a.x'},
            {type: 'paragraph', children: [{type: 'text', text: '[b]: '}, link('https://b.x', 'https://b.x'), {type: 'text', text: ' "open'}]},
            {type: 'paragraph', children: [{type: 'text', text: '[c]: '}, link('https://c.x', 'https://c.x'), {type: 'text', text: ' "t" more'}]},
        ]);
        // Without definitions the inline parser leaves every reference alone.
        expect(parseInline('[a] [a][] [b][a]')).toEqual([{type: 'text', text: '[a] [a][] [b][a]'}]);
    });

    it('does not take definitions from code blocks', () => {
        expect(parseMarkdown('[a] [b]\n\n```\n[a]: https://a.x\n```\n\n    [b]: https://b.x')).toEqual([
            {type: 'paragraph', children: [{type: 'text', text: '[a] [b]'}]},
            {type: 'codeblock', lang: '', text: '[a]: https://a.x'},
            {type: 'codeblock', lang: '', text: '[b]: https://b.x'},
        ]);
    });

    it('drops definitions with unsafe destinations without linking their references', () => {
        expect(parseMarkdown('[x] [y][x] [z] [w]\n[x]: javascript:alert(1)\n[z]: data:text/html,hi\n[w]: /relative')).toEqual([
            {type: 'paragraph', children: [{type: 'text', text: '[x] [y][x] [z] [w]'}]},
        ]);
    });

    it('finds definitions in quotes and lists, and a definition ends a paragraph', () => {
        expect(parseMarkdown('> see [q]\n> [q]: https://q.x\n\n- [l]\n\n  [l]: https://l.x')).toEqual([
            {type: 'quote', children: [{type: 'paragraph', children: [{type: 'text', text: 'see '}, link('https://q.x', 'q')]}]},
            {type: 'list', ordered: false, start: 1, items: [[{type: 'paragraph', children: [link('https://l.x', 'l')]}]]},
        ]);
    });

    it('prefers an inline link, and makes images from references to web addresses', () => {
        expect(parseMarkdown('[a](https://inline.x) ![logo][a] [a](not a link)\n\n[a]: https://ref.x/logo.png')).toEqual([
            {
                type: 'paragraph',
                children: [
                    link('https://inline.x', 'a'),
                    {type: 'text', text: ' '},
                    {type: 'image', src: 'https://ref.x/logo.png', alt: 'logo'},
                    {type: 'text', text: ' '},
                    link('https://ref.x/logo.png', 'a'),
                    {type: 'text', text: '(not a link)'},
                ],
            },
        ]);
        // An inline link with an unsafe destination stays text, even where its text is a label.
        expect(parseMarkdown('[a](javascript:x)\n\n[a]: https://a.x')).toEqual([{type: 'paragraph', children: [{type: 'text', text: '[a](javascript:x)'}]}]);
    });

    it('uses definitions inside emphasis, headings and table cells', () => {
        expect(parseMarkdown('# **[a]**\n\n| [a] |\n|---|\n\n[a]: https://a.x')).toEqual([
            {type: 'heading', level: 1, children: [{type: 'strong', children: [link('https://a.x', 'a')]}]},
            {type: 'table', align: [null], header: [[link('https://a.x', 'a')]], rows: []},
        ]);
    });
});
