// A short confirmation at the bottom of the screen, read out by screen readers.

import {useStore} from '../store/store';

export function Toast() {
    const toast = useStore((s) => s.toast);
    return (
        <div role='status' aria-live='polite' className='toast-region'>
            {toast && <div className='toast'>{toast}</div>}
        </div>
    );
}
