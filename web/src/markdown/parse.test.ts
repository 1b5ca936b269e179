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
