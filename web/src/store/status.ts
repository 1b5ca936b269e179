// My presence: online, away, offline, or Do not disturb until a time (the server ends it then and
// announces the status it goes back to).

import {api} from '../api/client';
import type {UserStatus} from '../api/client';
import {t} from '../strings';
import {showToast} from './posts';
import {getState, setState} from './store';

function applyMine(status: UserStatus): void {
    setState((s) => ({
        statuses: {...s.statuses, [status.user_id]: status.status},
        myDndEndTime: status.status === 'dnd' ? (status.dnd_end_time ?? 0) : 0,
    }));
}

/** Reads my status (with the DND end, which `status_change` events do not carry). */
export async function loadMyStatus(): Promise<void> {
    const me = getState().me;
    if (!me) {
        return;
    }
    try {
        applyMine(await api.getStatus(me.id));
    } catch {
        // Presence is decoration; the footer shows the connection state instead.
    }
}

/** Sets my status; `dndEndTime` (seconds) only for `dnd`, 0 for no end. */
export async function setMyStatus(status: 'online' | 'away' | 'offline' | 'dnd', dndEndTime = 0): Promise<void> {
    const me = getState().me;
    if (!me) {
        return;
    }
    try {
        applyMine(await api.updateStatus(me.id, status, dndEndTime));
    } catch {
        showToast(t.statusFailed);
    }
}
