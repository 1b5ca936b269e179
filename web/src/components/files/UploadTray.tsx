// The files attached to a message being written: name, size, upload progress, remove/cancel.

import {t} from '../../strings';
import {errorText} from '../ErrorNote';
import {Icon} from '../Icon';
import type {Upload} from './useUploads';

export function UploadTray({uploads, onRemove}: {uploads: Upload[]; onRemove: (key: string) => void}) {
    if (!uploads.length) {
        return null;
    }
    return (
        <ul className='upload-tray' aria-label={t.attachments}>
            {uploads.map((u) => {
                const percent = Math.round(u.progress * 100);
                return (
                    <li key={u.key} className={`upload upload--${u.state}`} data-testid='upload'>
                        {u.localUrl ? <img className='upload__thumb' src={u.localUrl} alt='' /> : <Icon name='file' size={22} />}
                        <span className='upload__text'>
                            <span className='upload__name'>{u.name}</span>
                            <span className='upload__status'>
                                {u.state === 'uploading' ? t.uploading(percent) : u.state === 'failed' ? `${t.uploadFailed}: ${errorText(u.error)}` : t.fileSize(u.size)}
                            </span>
                            {u.state === 'uploading' && (
                                <progress className='upload__progress' max={100} value={percent} aria-label={t.uploading(percent)} />
                            )}
                        </span>
                        <button
                            type='button'
                            className='icon-button'
                            onClick={() => onRemove(u.key)}
                            aria-label={u.state === 'uploading' ? t.cancelUpload(u.name) : t.removeFile(u.name)}
                            title={u.state === 'uploading' ? t.cancelUpload(u.name) : t.removeFile(u.name)}
                        >
                            <Icon name='x' size={14} />
                        </button>
                    </li>
                );
            })}
        </ul>
    );
}
