import {describe, expect, it} from 'vitest';

import {highlightPieces, queryWords} from './highlight';

describe('search highlights', () => {
    it('keeps the words of a query, without operators, quotes or the prefix star', () => {
        expect(queryWords('"release plan" deploy* from:bob in:town-square -draft after:2026-01-01')).toEqual(['release', 'plan', 'deploy']);
        expect(queryWords('rollo')).toEqual(['rollo']);
    });

    it('marks every match, case-insensitively, longest words first', () => {
        expect(highlightPieces('Deploy the deployment', ['deploy', 'deployment'])).toEqual([
            {text: 'Deploy', hit: true},
            {text: ' the ', hit: false},
            {text: 'deployment', hit: true},
        ]);
        expect(highlightPieces('a (b) c', ['(b)'])).toEqual([
            {text: 'a ', hit: false},
            {text: '(b)', hit: true},
            {text: ' c', hit: false},
        ]);
        expect(highlightPieces('nothing here', [])).toEqual([{text: 'nothing here', hit: false}]);
    });
});
