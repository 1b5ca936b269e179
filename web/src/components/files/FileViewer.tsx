// The image viewer (loaded on first use): the picture at the size of the window, its name and
// size, a download link, and ←/→ between the images of the message; Esc or the backdrop closes it.

import {useEffect, useRef, useState} from 'react';

import {downloadUrl, fileUrl, previewUrl} from '../../api/files';
import type {FileInfo} from '../../api/files';
import {t} from '../../strings';
import {Icon} from '../Icon';

export default function FileViewer({files, initial, onClose}: {files: FileInfo[]; initial: FileInfo; onClose: () => void}) {
    const [index, setIndex] = useState(() => Math.max(0, files.findIndex((f) => f.id === initial.id)));
    const file = files[index] ?? initial;
    const closeRef = useRef<HTMLButtonElement>(null);
    useEffect(() => {
        const opener = document.activeElement as HTMLElement | null;
        closeRef.current?.focus();
        const onKey = (e: KeyboardEvent) => {
            if (e.key === 'Escape') {
                e.stopPropagation();
                onClose();
            } else if (e.key === 'ArrowRight') {
                setIndex((i) => Math.min(files.length - 1, i + 1));
            } else if (e.key === 'ArrowLeft') {
                setIndex((i) => Math.max(0, i - 1));
            }
        };
        window.addEventListener('keydown', onKey, true);
        return () => {
            window.removeEventListener('keydown', onKey, true);
            opener?.focus?.();
        };
    }, [files.length, onClose]);
    const src = file.mime_type === 'image/gif' || !file.has_preview_image ? fileUrl(file.id) : previewUrl(file.id);
    return (
        <div className='viewer' role='dialog' aria-modal='true' aria-label={t.imageViewer} onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
            <header className='viewer__bar'>
                <span className='viewer__name'>{file.name}</span>
                <span className='viewer__meta'>{t.fileSize(file.size)}</span>
                <a className='icon-button' href={downloadUrl(file.id)} download={file.name} aria-label={t.downloadFile(file.name)} title={t.download}>
                    <Icon name='download' />
                </a>
                <button ref={closeRef} type='button' className='icon-button' onClick={onClose} aria-label={t.close} title={t.close}>
                    <Icon name='x' />
                </button>
            </header>
            <img
                className='viewer__img'
                src={src}
                alt={file.name}
                width={file.width}
                height={file.height}
                style={file.mini_preview ? {backgroundImage: `url(data:image/jpeg;base64,${file.mini_preview})`} : undefined}
                onMouseDown={(e) => e.stopPropagation()}
            />
        </div>
    );
}
