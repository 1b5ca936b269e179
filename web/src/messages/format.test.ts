import {describe, expect, it} from 'vitest';

import {applyFormat, formatOfKey} from './format';

const key = (k: string, mods: Partial<{ctrlKey: boolean; metaKey: boolean; altKey: boolean; shiftKey: boolean}> = {}) => ({key: k, ctrlKey: false, metaKey: false, altKey: false, shiftKey: false, ...mods});

describe('formatting from the keyboard', () => {
    it('knows Mattermost keys, with Ctrl or Cmd', () => {
        expect(formatOfKey(key('b', {ctrlKey: true}))).toBe('bold');
        expect(formatOfKey(key('i', {metaKey: true}))).toBe('italic');
        expect(formatOfKey(key('X', {ctrlKey: true, shiftKey: true}))).toBe('strike');
        expect(formatOfKey(key('k', {ctrlKey: true, altKey: true}))).toBe('link');
        expect(formatOfKey(key('c', {ctrlKey: true, altKey: true}))).toBe('code');
        expect(formatOfKey(key('b'))).toBeNull();
        expect(formatOfKey(key('c', {ctrlKey: true}))).toBeNull();
        expect(formatOfKey(key('k', {ctrlKey: true}))).toBeNull();
    });

    it('wraps the selection, which stays selected, and unwraps it again', () => {
        const bold = applyFormat('make it big now', 8, 11, 'bold');
        expect(bold).toEqual({text: 'make it **big** now', start: 10, end: 13});
        expect(applyFormat(bold.text, bold.start, bold.end, 'bold')).toEqual({text: 'make it big now', start: 8, end: 11});
        // Selected with its markers.
        expect(applyFormat('a **b** c', 2, 7, 'bold')).toEqual({text: 'a b c', start: 2, end: 3});
    });

    it('puts the markers at the caret when nothing is selected', () => {
        expect(applyFormat('say ', 4, 4, 'italic')).toEqual({text: 'say **', start: 5, end: 5});
        expect(applyFormat('x', 1, 1, 'strike')).toEqual({text: 'x~~~~', start: 3, end: 3});
    });

    it('does not take half of a bold for italic', () => {
        expect(applyFormat('**b**', 2, 3, 'italic')).toEqual({text: '***b***', start: 3, end: 4});
        expect(applyFormat('***b***', 3, 4, 'italic')).toEqual({text: '**b**', start: 2, end: 3});
    });

    it('makes a link with its address selected to type over', () => {
        expect(applyFormat('see docs here', 4, 8, 'link')).toEqual({text: 'see [docs](url) here', start: 11, end: 14});
        expect(applyFormat('', 0, 0, 'link')).toEqual({text: '[](url)', start: 3, end: 6});
    });

    it('makes inline code of one line and a code block of several', () => {
        expect(applyFormat('run make now', 4, 8, 'code')).toEqual({text: 'run `make` now', start: 5, end: 9});
        const block = applyFormat('a\nb', 0, 3, 'code');
        expect(block).toEqual({text: '```\na\nb\n```', start: 4, end: 7});
        expect(applyFormat(block.text, 0, block.text.length, 'code')).toEqual({text: 'a\nb', start: 0, end: 3});
    });

    it('prefixes every line the selection touches, and takes the prefixes off again', () => {
        const text = 'intro\nfirst\nsecond\nend';
        const list = applyFormat(text, 7, 14, 'bullets');
        expect(list).toEqual({text: 'intro\n- first\n- second\nend', start: 6, end: 22});
        expect(applyFormat(list.text, list.start, list.end, 'bullets')).toEqual({text, start: 6, end: 18});
        expect(applyFormat(text, 6, 18, 'numbers').text).toBe('intro\n1. first\n2. second\nend');
        expect(applyFormat('a\nb', 0, 3, 'quote').text).toBe('> a\n> b');
    });

    it('makes the line of the caret a heading, the caret moving with its text', () => {
        expect(applyFormat('one\ntwo', 5, 5, 'heading')).toEqual({text: 'one\n### two', start: 9, end: 9});
        expect(applyFormat('one\n### two', 9, 9, 'heading')).toEqual({text: 'one\ntwo', start: 5, end: 5});
        expect(applyFormat('', 0, 0, 'quote')).toEqual({text: '> ', start: 2, end: 2});
    });
});
