import {describe, expect, it} from 'vitest';

import {t} from '../../strings';
import {fitBox, isImage} from './Attachments';
import {pastedName} from './useUploads';
import type {FileInfo} from '../../api/files';

const info = (patch: Partial<FileInfo>): FileInfo =>
    ({id: 'f', name: 'a', extension: '', size: 1, mime_type: 'text/plain', width: 0, height: 0, has_preview_image: false, ...patch}) as FileInfo;

describe('attachments', () => {
    it('scales an image into the inline box, keeping its ratio, never up', () => {
        expect(fitBox(1600, 1200)).toEqual({width: 320, height: 240});
        expect(fitBox(2000, 100)).toEqual({width: 360, height: 18});
        expect(fitBox(40, 30)).toEqual({width: 40, height: 30});
    });

    it('shows images with known dimensions inline, anything else as a card', () => {
        expect(isImage(info({mime_type: 'image/png', width: 10, height: 10}))).toBe(true);
        expect(isImage(info({mime_type: 'image/svg+xml'}))).toBe(false);
        expect(isImage(info({mime_type: 'text/plain'}))).toBe(false);
    });

    it('formats sizes', () => {
        expect(t.fileSize(512)).toBe('512 B');
        expect(t.fileSize(1536)).toBe('1.5 KB');
        expect(t.fileSize(200 * 1024)).toBe('200 KB');
        expect(t.fileSize(3 * 1024 * 1024)).toBe('3.0 MB');
    });

    it('names a pasted image after the moment it was pasted', () => {
        const file = new File(['x'], 'image.png', {type: 'image/png'});
        expect(pastedName(file, new Date('2026-11-25T17:03:04Z'))).toBe('Pasted image 2026-11-25 17-03-04.png');
        expect(pastedName(new File(['x'], 'image.jpeg', {type: 'image/jpeg'}), new Date('2026-11-25T17:03:04Z'))).toMatch(/\.jpg$/);
    });
});
