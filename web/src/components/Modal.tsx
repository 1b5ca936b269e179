// A dialog over the app: labelled by its title, closed by Esc, the close button or the backdrop.

import {useEffect, useId, useRef} from 'react';
import type {ReactNode} from 'react';

import {closeModal} from '../store/actions';
import {t} from '../strings';
import {Icon} from './Icon';

export function Modal({title, lead, children, wide = false, onClose = closeModal}: {title: string; lead?: string; children: ReactNode; wide?: boolean; onClose?: () => void}) {
    const titleId = useId();
    const ref = useRef<HTMLDivElement>(null);
    useEffect(() => {
        const onKey = (e: KeyboardEvent) => {
            if (e.key === 'Escape') {
                onClose();
            }
        };
        window.addEventListener('keydown', onKey);
        ref.current?.querySelector<HTMLElement>('input, textarea, button:not(.modal__close)')?.focus();
        return () => window.removeEventListener('keydown', onKey);
    }, []);
    return (
        <div className='modal-backdrop' onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
            <div className={wide ? 'modal modal--wide' : 'modal'} role='dialog' aria-modal='true' aria-labelledby={titleId} ref={ref}>
                <header className='modal__header'>
                    <h2 id={titleId}>{title}</h2>
                    <button type='button' className='icon-button modal__close' onClick={onClose} aria-label={t.close} title={t.close}>
                        <Icon name='x' />
                    </button>
                </header>
                {lead && <p className='modal__lead'>{lead}</p>}
                {children}
            </div>
        </div>
    );
}
