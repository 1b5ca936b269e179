import {describe, expect, it} from 'vitest';

import {highlight, languageOf} from './highlight';

describe('highlight', () => {
    it('classifies keywords, strings, numbers and comments', () => {
        expect(highlight('let x = "a // b"; // note\nreturn 42', 'ts')).toEqual([
            ['keyword', 'let'],
            ['plain', ' x = '],
            ['string', '"a // b"'],
            ['plain', '; '],
            ['comment', '// note'],
            ['plain', '\n'],
            ['keyword', 'return'],
            ['plain', ' '],
            ['number', '42'],
        ]);
    });

    it('knows languages by alias, SQL case-insensitively, and leaves unknown ones plain', () => {
        expect(languageOf('Python3')).toBe('python');
        expect(highlight('SELECT 1', 'postgres')).toEqual([
            ['keyword', 'SELECT'],
            ['plain', ' '],
            ['number', '1'],
        ]);
        expect(highlight('if x', 'brainfuck')).toEqual([['plain', 'if x']]);
    });

    it('never loses text', () => {
        const src = 'fn main() { /* unterminated\n let s = "x';
        expect(
            highlight(src, 'rust')
                .map(([, s]) => s)
                .join(''),
        ).toBe(src);
    });
});
