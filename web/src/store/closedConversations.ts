// Closed conversations: a direct or group message closed from the sidebar leaves it until it is
// opened again or a message arrives there. Kept in my preferences, as Mattermost's apps keep
// them (direct_channel_show by the other person's id, group_channel_show by the channel's id), so
// my other tabs and devices follow (preferences_changed).

import {api} from '../api/client';
import type {Channel, PreferenceType} from '../api/client';
import {dmPartnerId} from './names';
import {getState, setState} from './store';

export const DM_SHOW = 'direct_channel_show';
export const GM_SHOW = 'group_channel_show';

/** The preference that shows or hides a conversation, or null for a channel. */
export function showPreference(channel: Pick<Channel, 'id' | 'type' | 'name'>, myId: string): {category: string; name: string} | null {
    if (channel.type === 'D') {
        return {category: DM_SHOW, name: dmPartnerId(channel as Channel, myId)};
    }
    return channel.type === 'G' ? {category: GM_SHOW, name: channel.id} : null;
}

/** Whether the sidebar leaves this conversation out (`closed`: the names whose preference says
 * "false", keyed `category:name`). */
export function isClosed(channel: Pick<Channel, 'id' | 'type' | 'name'> | undefined, closed: Record<string, true>, myId: string): boolean {
    const pref = channel ? showPreference(channel, myId) : null;
    return Boolean(pref && closed[`${pref.category}:${pref.name}`]);
}

/** Preferences loaded, saved or deleted (`present` false): the closed conversations follow. */
export function applyShowPreferences(prefs: PreferenceType[], present: boolean): void {
    const shown = prefs.filter((p) => p.category === DM_SHOW || p.category === GM_SHOW);
    if (!shown.length) {
        return;
    }
    setState((s) => {
        const closed = {...s.closedConversations};
        for (const p of shown) {
            if (present && p.value === 'false') {
                closed[`${p.category}:${p.name}`] = true;
            } else {
                delete closed[`${p.category}:${p.name}`];
            }
        }
        return {closedConversations: closed};
    });
}

/** Shows (opened, or a message came) or hides (closed) a conversation, at once and on the server. */
export async function setConversationShown(channel: Channel, shown: boolean): Promise<void> {
    const me = getState().me;
    const pref = me ? showPreference(channel, me.id) : null;
    if (!me || !pref || isClosed(channel, getState().closedConversations, me.id) === !shown) {
        return;
    }
    const value = String(shown);
    applyShowPreferences([{user_id: me.id, category: pref.category, name: pref.name, value}], true);
    try {
        await api.savePreferences(me.id, [{user_id: me.id, category: pref.category, name: pref.name, value}]);
    } catch (err) {
        applyShowPreferences([{user_id: me.id, category: pref.category, name: pref.name, value: String(!shown)}], true);
        throw err;
    }
}
