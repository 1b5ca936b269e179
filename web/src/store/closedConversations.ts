// Which conversations the sidebar shows. A direct or group message closed from the sidebar leaves
// it until it is opened again or a message arrives there; and Direct messages shows at most the
// number of conversations I chose, the most recent (with the open and the unread ones). Kept in my
// preferences, as Mattermost's apps keep them (direct_channel_show by the other person's id,
// group_channel_show by the channel's id, sidebar_settings/limit_visible_dms_gms), so my other
// tabs and devices follow (preferences_changed).

import {api} from '../api/client';
import type {Channel, PreferenceType} from '../api/client';
import {dmPartnerId} from './names';
import {getState, setState} from './store';

export const DM_SHOW = 'direct_channel_show';
export const GM_SHOW = 'group_channel_show';
const SIDEBAR_SETTINGS = 'sidebar_settings';
const DM_LIMIT = 'limit_visible_dms_gms';
/** Mattermost's default, and the choices it offers (0: all). */
export const DEFAULT_DM_LIMIT = 40;
export const DM_LIMITS = [0, 10, 15, 20, 40];

const limitOf = (value: string | undefined): number => (value === 'all' ? 0 : Number(value) > 0 ? Number(value) : DEFAULT_DM_LIMIT);

/** The conversations of Direct messages the sidebar shows (`ids` in the category's order): all
 * of them within `limit`, otherwise the `limit` most recently active, and always the open one and
 * the unread ones. */
export function visibleConversations(ids: string[], channels: Record<string, Pick<Channel, 'last_post_at' | 'create_at'>>, limit: number, keep: (id: string) => boolean): string[] {
    if (!limit || ids.length <= limit) {
        return ids;
    }
    const activity = (id: string) => channels[id]?.last_post_at || channels[id]?.create_at || 0;
    const recent = new Set([...ids].sort((a, b) => activity(b) - activity(a)).slice(0, limit));
    return ids.filter((id) => recent.has(id) || keep(id));
}

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

/** Preferences loaded, saved or deleted (`present` false): the closed conversations and the
 * limit follow. */
export function applyShowPreferences(prefs: PreferenceType[], present: boolean): void {
    const limit = prefs.find((p) => p.category === SIDEBAR_SETTINGS && p.name === DM_LIMIT);
    if (limit) {
        setState({dmLimit: present ? limitOf(limit.value) : DEFAULT_DM_LIMIT});
    }
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

/** How many conversations Direct messages shows (0: all), at once and on the server. */
export async function setDmLimit(limit: number): Promise<void> {
    const {me, dmLimit} = getState();
    if (!me || limit === dmLimit) {
        return;
    }
    const pref = (n: number) => ({user_id: me.id, category: SIDEBAR_SETTINGS, name: DM_LIMIT, value: n ? String(n) : 'all'});
    setState({dmLimit: limit});
    try {
        await api.savePreferences(me.id, [pref(limit)]);
    } catch (err) {
        setState({dmLimit});
        throw err;
    }
}
