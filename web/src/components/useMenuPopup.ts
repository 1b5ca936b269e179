// A menu that opens below its button: focus on its first item, closed by a press outside it and
// its button (the button itself toggles it).

import {useEffect, useRef} from 'react';
import type {KeyboardEvent} from 'react';

export function useMenuPopup(onClose: () => void) {
    const ref = useRef<HTMLDivElement>(null);
    useEffect(() => {
        const away = (e: MouseEvent) => ref.current && !ref.current.parentElement?.contains(e.target as Node) && onClose();
        document.addEventListener('mousedown', away);
        [...(ref.current?.querySelectorAll<HTMLElement>('button') ?? [])].find(shown)?.focus();
        return () => document.removeEventListener('mousedown', away);
    }, [onClose]);
    return ref;
}

/** Not hidden by the stylesheet (a menu may have items for some screen widths only). */
function shown(el: HTMLElement): boolean {
    return getComputedStyle(el).display !== 'none';
}

/** The keys of a menu that pops up over its button: the arrows move, Escape closes it and gives
 * the focus back to the button (`onClose(true)`), Tab closes it and lets the focus go on. */
export function popupMenuKeys(e: KeyboardEvent, menu: HTMLElement | null, onClose: (refocus: boolean) => void): void {
    if (moveMenuFocus(e, menu)) {
        return;
    }
    if (e.key === 'Escape') {
        e.preventDefault();
        e.stopPropagation();
        onClose(true);
    } else if (e.key === 'Tab') {
        onClose(false);
    }
}

/** The up and down arrows move the focus between a menu's items (those `selector` finds),
 * wrapping around; true when the key was one of them. */
export function moveMenuFocus(e: {key: string; preventDefault: () => void}, menu: HTMLElement | null, selector = '[role="menuitem"]'): boolean {
    if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') {
        return false;
    }
    e.preventDefault();
    const items = [...(menu?.querySelectorAll<HTMLElement>(selector) ?? [])].filter(shown);
    const at = items.indexOf(document.activeElement as HTMLElement);
    items[(at + (e.key === 'ArrowDown' ? 1 : -1) + items.length) % items.length]?.focus();
    return true;
}
