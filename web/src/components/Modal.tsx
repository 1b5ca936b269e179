// A dialog over the app: labelled by its title, closed by Esc, the close button or the backdrop.

import {useEffect, useId, useRef} from 'react';
import type {ReactNode} from 'react';

import {closeModal} from '../store/actions';
import {t} from '../strings';
import {Icon} from './Icon';

const FOCUSABLE = 'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

/** Tab stays inside the dialog (aria-modal): from its last control to its first, and back. */
function keepFocusIn(dialog: HTMLElement, e: KeyboardEvent): void {
    const items = [...dialog.querySelectorAll<HTMLElement>(FOCUSABLE)].filter((el) => el.getClientRects().length > 0);
    const first = items[0];
    const last = items[items.length - 1];
    if (!first || !last) {
        return;
    }
    const at = document.activeElement;
    const inside = at instanceof Node && dialog.contains(at);
    if (e.shiftKey && (at === first || !inside)) {
        e.preventDefault();
        last.focus();
    } else if (!e.shiftKey && (at === last || !inside)) {
        e.preventDefault();
        first.focus();
    }
}

export function Modal({title, lead, children, wide = false, onClose = closeModal}: {title: string; lead?: string; children: ReactNode; wide?: boolean; onClose?: () => void}) {
    const titleId = useId();
    const ref = useRef<HTMLDivElement>(null);
    useEffect(() => {
        // Focus goes back where it was when the dialog closes, unless something else took it
        // meanwhile (a channel just created focuses its composer).
        const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
        const dialog = ref.current;
        const onKey = (e: KeyboardEvent) => {
            if (e.key === 'Escape') {
                onClose();
            } else if (e.key === 'Tab' && dialog) {
                keepFocusIn(dialog, e);
            }
        };
        window.addEventListener('keydown', onKey);
        dialog?.querySelector<HTMLElement>('input, textarea, button:not(.modal__close)')?.focus();
        return () => {
            window.removeEventListener('keydown', onKey);
            const now = document.activeElement;
            if (opener?.isConnected && (!now || now === document.body || dialog?.contains(now))) {
                opener.focus();
            }
        };
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

/** A form dialog's last row: Cancel, and the submit button. */
export function FormActions({label, disabled}: {label: string; disabled: boolean}) {
    return (
        <div className='modal__actions'>
            <button type='button' className='button' onClick={closeModal}>
                {t.cancel}
            </button>
            <button type='submit' className='button button--primary' disabled={disabled}>
                {label}
            </button>
        </div>
    );
}
