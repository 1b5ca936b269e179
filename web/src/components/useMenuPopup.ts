// A menu that opens below its button: focus on its first item, closed by a press outside it and
// its button (the button itself toggles it).

import {useEffect, useRef} from 'react';

export function useMenuPopup(onClose: () => void) {
    const ref = useRef<HTMLDivElement>(null);
    useEffect(() => {
        const away = (e: MouseEvent) => ref.current && !ref.current.parentElement?.contains(e.target as Node) && onClose();
        document.addEventListener('mousedown', away);
        ref.current?.querySelector<HTMLElement>('button')?.focus();
        return () => document.removeEventListener('mousedown', away);
    }, [onClose]);
    return ref;
}
