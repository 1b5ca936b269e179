// A message's attachments: images as thumbnails (the blurred mini preview until the picture has
// loaded, with known dimensions so the list does not jump) that open the viewer, other files as
// cards with an icon, name, size and a download link.

import {Suspense, lazy, useEffect, useState} from 'react';

import {downloadUrl, fileUrl, getFileInfosForPost, previewUrl} from '../../api/files';
import type {FileInfo} from '../../api/files';
import {t} from '../../strings';
import {Icon} from '../Icon';

const FileViewer = lazy(() => import('./FileViewer'));

const MAX_W = 360;
const MAX_H = 240;

export function isImage(f: FileInfo): boolean {
    return f.mime_type.startsWith('image/') && f.width > 0 && f.height > 0;
}

/** The box an image shows in: its own size, scaled down to fit. */
export function fitBox(width: number, height: number, maxW = MAX_W, maxH = MAX_H): {width: number; height: number} {
    const scale = Math.min(1, maxW / width, maxH / height);
    return {width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale))};
}

/** Infos fetched for posts that arrived without them (ids only), once per post. */
const fetched = new Map<string, Promise<FileInfo[]>>();

function useFiles(postId: string, fileIds: string[], given: FileInfo[]): FileInfo[] {
    const [loaded, setLoaded] = useState<FileInfo[]>([]);
    // A pending post (its id has a colon) always carries its files.
    const missing = fileIds.length > 0 && given.length === 0 && !postId.includes(':');
    useEffect(() => {
        if (!missing) {
            return undefined;
        }
        let live = true;
        let request = fetched.get(postId);
        if (!request) {
            request = getFileInfosForPost(postId);
            fetched.set(postId, request);
            request.catch(() => fetched.delete(postId));
        }
        request.then((infos) => live && setLoaded(infos)).catch(() => undefined);
        return () => {
            live = false;
        };
    }, [postId, missing]);
    return missing ? loaded : given;
}

function ImageAttachment({file, onOpen}: {file: FileInfo; onOpen: () => void}) {
    const [loaded, setLoaded] = useState(false);
    const box = fitBox(file.width, file.height);
    // The preview (a bounded JPEG) when there is one; a small image as it is.
    const src = file.has_preview_image ? previewUrl(file.id) : fileUrl(file.id);
    return (
        <button type='button' className='attachment-image' style={box} onClick={onOpen} aria-label={t.openImage(file.name)} title={file.name}>
            {file.mini_preview && !loaded && <img className='attachment-image__blur' src={`data:image/jpeg;base64,${file.mini_preview}`} alt='' aria-hidden='true' />}
            <img className='attachment-image__img' src={src} alt={file.name} width={box.width} height={box.height} loading='lazy' decoding='async' onLoad={() => setLoaded(true)} />
        </button>
    );
}

function FileCard({file}: {file: FileInfo}) {
    return (
        <div className='file-card' data-testid='file-card'>
            <span className='file-card__icon' aria-hidden='true'>
                <Icon name='file' size={22} />
            </span>
            <span className='file-card__text'>
                <span className='file-card__name' title={file.name}>
                    {file.name}
                </span>
                <span className='file-card__meta'>
                    {t.fileKind(file.extension)} · {t.fileSize(file.size)}
                </span>
            </span>
            <a className='icon-button' href={downloadUrl(file.id)} download={file.name} aria-label={t.downloadFile(file.name)} title={t.downloadFile(file.name)}>
                <Icon name='download' size={16} />
            </a>
        </div>
    );
}

export function Attachments({postId, fileIds, files: given}: {postId: string; fileIds: string[]; files: FileInfo[]}) {
    const files = useFiles(postId, fileIds, given);
    const [open, setOpen] = useState<FileInfo | null>(null);
    if (!files.length) {
        return fileIds.length ? <div className='attachments attachments--loading' aria-busy='true' /> : null;
    }
    const images = files.filter(isImage);
    const others = files.filter((f) => !isImage(f));
    return (
        <div className='attachments' aria-label={t.attachments}>
            {images.length > 0 && (
                <div className='attachments__images'>
                    {images.map((f) => (
                        <ImageAttachment key={f.id} file={f} onOpen={() => setOpen(f)} />
                    ))}
                </div>
            )}
            {others.map((f) => (
                <FileCard key={f.id} file={f} />
            ))}
            {open && (
                <Suspense fallback={null}>
                    <FileViewer files={images} initial={open} onClose={() => setOpen(null)} />
                </Suspense>
            )}
        </div>
    );
}
