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
