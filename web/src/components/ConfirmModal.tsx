// A dialog that asks before doing something that cannot be undone (leave, archive, delete): Cancel,
// or the action in red; what the server refuses is shown and the dialog stays.

import {useState} from 'react';

import type {ApiError} from '../api/client';
import {closeModal} from '../store/actions';
import {t} from '../strings';
import {FormError} from './ErrorNote';
import {Modal} from './Modal';

export function ConfirmModal({title, lead, action, onConfirm}: {title: string; lead: string; action: string; onConfirm: () => Promise<unknown>}) {
    const [busy, setBusy] = useState(false);
    const [error, setError] = useState<ApiError | null>(null);
    const confirm = () => {
        setBusy(true);
        setError(null);
        onConfirm().catch((err: ApiError) => {
            setError(err);
            setBusy(false);
        });
    };
    return (
        <Modal title={title} lead={lead}>
            <FormError error={error} />
            <div className='modal__actions'>
                <button type='button' className='button' onClick={closeModal}>
                    {t.cancel}
                </button>
                <button type='button' className='button button--danger' onClick={confirm} disabled={busy}>
                    {action}
                </button>
            </div>
        </Modal>
    );
}
