// An honest error: what failed, what the server said, and a way to try again.

import type {ReactNode} from 'react';

import type {ApiError} from '../api/client';
import {t} from '../strings';
import {Icon} from './Icon';
import {SkeletonRows} from './Skeleton';

export function errorText(err: ApiError | null): string {
    if (!err) {
        return t.errorGeneric;
    }
    if (err.status === 0) {
        return t.errorNetwork;
    }
    return t.serverSaid(err.status, err.message || t.errorGeneric);
}

export function ErrorNote({title, error, detail, onRetry}: {title: string; error: ApiError | null; detail?: string; onRetry?: () => void}) {
    return (
        <div className='error-note' role='alert'>
            <Icon name='alert' size={20} />
            <div className='error-note__body'>
                <strong>{title}</strong>
                <span>{detail ?? errorText(error)}</span>
                {detail && <span className='error-note__server'>{errorText(error)}</span>}
            </div>
            {onRetry && (
                <button type='button' className='button button--quiet' onClick={onRetry}>
                    {t.retry}
                </button>
            )}
        </div>
    );
}

export function FormError({error}: {error: ApiError | null}) {
    if (!error) {
        return null;
    }
    return (
        <p className='form-error' role='alert'>
            {error.status === 0 ? t.errorNetwork : error.message || t.errorGeneric}
        </p>
    );
}

/** A dialog's list loaded once: what failed (with a retry), placeholder rows while it loads, then
 * the list. */
export function LoadedList({ready, error, title, onRetry, children}: {ready: boolean; error: ApiError | null; title: string; onRetry: () => void; children: ReactNode}) {
    if (error) {
        return <ErrorNote title={title} error={error} onRetry={onRetry} />;
    }
    return ready ? <>{children}</> : <SkeletonRows count={4} variant='member' />;
}
