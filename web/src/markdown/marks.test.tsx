import {renderToStaticMarkup} from 'react-dom/server';
import {describe, expect, it} from 'vitest';

import {Markdown} from './Markdown';

const html = (text: string, marks?: string[]) => renderToStaticMarkup(<Markdown text={text} myUsername='alice' marks={marks} />);

describe('search hits marked in a formatted message', () => {
    it('marks the words inside the formatting, which stays', () => {
        expect(html('The **zeppelin** plan\n\n- zeppelins fly', ['zeppelin'])).toBe(
            '<p class="md-p">The <strong><mark>zeppelin</mark></strong> plan</p><ul class="md-list"><li><p class="md-p"><mark>zeppelin</mark>s fly</p></li></ul>',
        );
    });

    it('marks a mention found by @name or by name', () => {
        expect(html('Hi @bob', ['@bob'])).toContain('<mark><button type="button" class="md-mention" data-mention="bob">@bob</button></mark>');
        expect(html('Hi @bob', ['bob'])).toContain('<mark><button');
    });

    it('marks nothing without words, in text or code blocks', () => {
        expect(html('The zeppelin')).toBe('<p class="md-p">The zeppelin</p>');
        expect(html('```\nzeppelin\n```', ['zeppelin'])).not.toContain('<mark>');
    });
});
