import {afterEach, describe, expect, it, vi} from 'vitest';

import {uploadFile} from './files';

/** A stand-in for XMLHttpRequest that records what is sent and lets the test drive events. */
class FakeXhr {
    static last: FakeXhr | null = null;
    method = '';
    url = '';
    headers: Record<string, string> = {};
    body: FormData | null = null;
    withCredentials = false;
    status = 0;
    statusText = '';
    responseText = '';
    upload: {onprogress: ((e: {lengthComputable: boolean; loaded: number; total: number}) => void) | null} = {onprogress: null};
    onload: (() => void) | null = null;
    onerror: (() => void) | null = null;
    onabort: (() => void) | null = null;
    constructor() {
        FakeXhr.last = this;
    }
    open(method: string, url: string) {
        this.method = method;
        this.url = url;
    }
    setRequestHeader(name: string, value: string) {
        this.headers[name] = value;
    }
    send(body: FormData) {
        this.body = body;
    }
    abort() {
        this.onabort?.();
    }
}

afterEach(() => vi.unstubAllGlobals());

describe('uploadFile', () => {
    it('posts the channel, client id and file as multipart, reports progress and resolves with the file info', async () => {
        vi.stubGlobal('XMLHttpRequest', FakeXhr);
        const progress: number[] = [];
        const file = new File(['hello'], 'notes.txt', {type: 'text/plain'});
        const handle = uploadFile('c1', file, 'k1', (f) => progress.push(f));
        await Promise.resolve();
        const xhr = FakeXhr.last!;
        expect(xhr.method).toBe('POST');
        expect(xhr.url).toMatch(/\/api\/v4\/files$/);
        expect(xhr.withCredentials).toBe(true);
        expect(xhr.headers['X-Requested-With']).toBe('XMLHttpRequest');
        expect(xhr.body?.get('channel_id')).toBe('c1');
        expect(xhr.body?.get('client_ids')).toBe('k1');
        expect((xhr.body?.get('files') as File).name).toBe('notes.txt');
        xhr.upload.onprogress?.({lengthComputable: true, loaded: 50, total: 200});
        xhr.status = 201;
        xhr.responseText = JSON.stringify({file_infos: [{id: 'f1', name: 'notes.txt'}], client_ids: ['k1']});
        xhr.onload?.();
        await expect(handle.promise).resolves.toMatchObject({id: 'f1'});
        expect(progress).toEqual([0.25, 1]);
    });

    it('rejects with the server error, and as aborted when cancelled', async () => {
        vi.stubGlobal('XMLHttpRequest', FakeXhr);
        const failing = uploadFile('c1', new File(['x'], 'big.bin'), 'k2', () => undefined);
        await Promise.resolve();
        FakeXhr.last!.status = 413;
        FakeXhr.last!.responseText = JSON.stringify({id: 'api.file.too_large', message: 'too large'});
        FakeXhr.last!.onload?.();
        await expect(failing.promise).rejects.toMatchObject({status: 413, id: 'api.file.too_large'});
        const cancelled = uploadFile('c1', new File(['x'], 'a.bin'), 'k3', () => undefined);
        await Promise.resolve();
        cancelled.cancel();
        await expect(cancelled.promise).rejects.toMatchObject({id: 'aborted'});
    });
});

describe('UploadTray', () => {
    it('shows each file with its progress and a cancel or remove button', async () => {
        const {render, fireEvent} = await import('@testing-library/react');
        const {createElement} = await import('react');
        const {UploadTray} = await import('../components/files/UploadTray');
        const removed: string[] = [];
        const base = {size: 2048, info: null, error: null, localUrl: null};
        const {getByText, getByRole} = render(
            createElement(UploadTray, {
                uploads: [
                    {...base, key: 'a', name: 'big.mov', progress: 0.42, state: 'uploading' as const},
                    {...base, key: 'b', name: 'notes.txt', progress: 1, state: 'done' as const},
                ],
                onRemove: (key: string) => removed.push(key),
            }),
        );
        expect(getByText('Uploading… 42%')).toBeTruthy();
        expect((getByRole('progressbar') as HTMLProgressElement).value).toBe(42);
        expect(getByText('2.0 KB')).toBeTruthy();
        fireEvent.click(getByRole('button', {name: 'Cancel upload of big.mov'}));
        fireEvent.click(getByRole('button', {name: 'Remove notes.txt'}));
        expect(removed).toEqual(['a', 'b']);
    });
});
