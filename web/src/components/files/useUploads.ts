// The attachments of one composer: files picked, dropped on the channel (or thread) or pasted,
// uploaded at once with their progress, removable (or cancelled) until the message is sent.

import {useCallback, useEffect, useRef, useState} from 'react';
import type {ClipboardEvent, RefObject} from 'react';

import {uploadFile} from '../../api/files';
import type {FileInfo} from '../../api/files';
import type {ApiError} from '../../api/client';
import {t} from '../../strings';

export interface Upload {
    key: string;
    name: string;
    size: number;
    progress: number;
    state: 'uploading' | 'done' | 'failed';
    info: FileInfo | null;
    error: ApiError | null;
    /** A local URL of an image, for its thumbnail while it uploads. */
    localUrl: string | null;
}

export const MAX_FILES = 10;

let counter = 0;

/** A file from the clipboard often has a generic name ("image.png"); give it a dated one. */
export function pastedName(file: File, now = new Date()): string {
    const ext = file.type.split('/')[1]?.replace('jpeg', 'jpg').replace(/[^a-z0-9]/g, '') || 'png';
    const stamp = now.toISOString().slice(0, 19).replace('T', ' ').replace(/:/g, '-');
    return t.pastedImageName(stamp, ext);
}

export function useUploads(channelId: string, formRef: RefObject<HTMLElement | null>, active = true) {
    const [uploads, setUploads] = useState<Upload[]>([]);
    const cancels = useRef(new Map<string, () => void>());
    const [dragging, setDragging] = useState(false);

    const patch = useCallback((key: string, change: Partial<Upload>) => {
        setUploads((list) => list.map((u) => (u.key === key ? {...u, ...change} : u)));
    }, []);

    const add = useCallback(
        (files: File[]) => {
            const room = MAX_FILES - uploads.length;
            for (const file of files.slice(0, Math.max(0, room))) {
                counter += 1;
                const key = `${Date.now().toString(36)}${counter}`;
                const localUrl = file.type.startsWith('image/') && typeof URL.createObjectURL === 'function' ? URL.createObjectURL(file) : null;
                setUploads((list) => [...list, {key, name: file.name, size: file.size, progress: 0, state: 'uploading', info: null, error: null, localUrl}]);
                const handle = uploadFile(channelId, file, key, (progress) => patch(key, {progress}));
                cancels.current.set(key, handle.cancel);
                handle.promise.then(
                    (info) => patch(key, {state: 'done', info, progress: 1}),
                    (error: ApiError) => {
                        if (error.id !== 'aborted') {
                            patch(key, {state: 'failed', error});
                        }
                    },
                ).finally(() => cancels.current.delete(key));
            }
        },
        [channelId, patch, uploads.length],
    );

    const remove = useCallback((key: string) => {
        cancels.current.get(key)?.();
        cancels.current.delete(key);
        setUploads((list) => {
            const gone = list.find((u) => u.key === key);
            if (gone?.localUrl) {
                URL.revokeObjectURL(gone.localUrl);
            }
            return list.filter((u) => u.key !== key);
        });
    }, []);

    /** The uploaded files, for the message being sent; the tray empties. */
    const take = useCallback((): FileInfo[] => {
        const done = uploads.filter((u) => u.state === 'done' && u.info).map((u) => u.info!);
        setUploads([]);
        return done;
    }, [uploads]);

    const onPaste = useCallback(
        (e: ClipboardEvent) => {
            const files = Array.from(e.clipboardData?.files ?? []);
            if (!files.length) {
                return;
            }
            e.preventDefault();
            add(files.map((f) => (f.type.startsWith('image/') && (!f.name || /^image\.\w+$/.test(f.name)) ? new File([f], pastedName(f), {type: f.type}) : f)));
        },
        [add],
    );

    // Dropping files anywhere on the channel (or the thread pane) attaches them here (to the shown
    // composer: the channel keeps those of channels opened a moment ago, hidden).
    const addRef = useRef(add);
    addRef.current = add;
    useEffect(() => {
        const target = formRef.current?.closest('main, aside') ?? formRef.current;
        if (!target || !active) {
            return undefined;
        }
        const hasFiles = (e: DragEvent) => Array.from(e.dataTransfer?.types ?? []).includes('Files');
        let depth = 0;
        const onEnter = (e: DragEvent) => {
            if (hasFiles(e)) {
                depth += 1;
                setDragging(true);
            }
        };
        const onLeave = (e: DragEvent) => {
            if (hasFiles(e)) {
                depth = Math.max(0, depth - 1);
                if (!depth) {
                    setDragging(false);
                }
            }
        };
        const onOver = (e: DragEvent) => {
            if (hasFiles(e)) {
                e.preventDefault();
                if (e.dataTransfer) {
                    e.dataTransfer.dropEffect = 'copy';
                }
            }
        };
        const onDrop = (e: DragEvent) => {
            depth = 0;
            setDragging(false);
            const files = Array.from(e.dataTransfer?.files ?? []);
            if (files.length) {
                e.preventDefault();
                e.stopPropagation();
                addRef.current(files);
            }
        };
        const el = target as HTMLElement;
        el.addEventListener('dragenter', onEnter);
        el.addEventListener('dragleave', onLeave);
        el.addEventListener('dragover', onOver);
        el.addEventListener('drop', onDrop);
        return () => {
            el.removeEventListener('dragenter', onEnter);
            el.removeEventListener('dragleave', onLeave);
            el.removeEventListener('dragover', onOver);
            el.removeEventListener('drop', onDrop);
        };
    }, [formRef, active]);

    // Closing the composer (a channel no longer kept in the page, a thread closed) cancels what
    // is still uploading.
    useEffect(() => {
        const pending = cancels.current;
        return () => pending.forEach((cancel) => cancel());
    }, []);

    const uploading = uploads.some((u) => u.state === 'uploading');
    const ready = uploads.some((u) => u.state === 'done');
    return {uploads, add, remove, take, onPaste, uploading, ready, dragging};
}
