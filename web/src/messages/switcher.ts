// What the quick switcher (Ctrl/Cmd+K) offers for a query: my channels, direct and group
// messages, and people I have no conversation with yet. Pure, for testing.

import type {Channel, ChannelMembership, UserProfile} from '../api/client';
import {channelName, dmPartnerId, fullName} from '../store/names';

export type SwitchItem = {kind: 'channel'; channel: Channel; name: string; unread: boolean} | {kind: 'user'; user: UserProfile; name: string};

export function switcherItems(
    query: string,
    channels: Channel[],
    members: Record<string, ChannelMembership>,
    users: Record<string, UserProfile>,
    myId: string,
    teamId: string,
    limit = 12,
): SwitchItem[] {
    const q = query.trim().toLowerCase().replace(/^[~@]/, '');
    const mine = channels.filter((c) => members[c.id] && c.delete_at === 0 && (c.team_id === teamId || c.team_id === ''));
    const matches = (text: string) => text.toLowerCase().split(/[\s,._-]+/).some((w) => w.startsWith(q)) || text.toLowerCase().startsWith(q);
    const items: Array<SwitchItem & {rank: number; recent: number}> = [];
    const withDm = new Set<string>();
    for (const c of mine) {
        const name = channelName(c, users, myId);
        const partner = c.type === 'D' ? users[dmPartnerId(c, myId)] : undefined;
        if (partner) {
            withDm.add(partner.id);
        }
        const searchable = [name, c.name, partner ? fullName(partner) : ''].filter(Boolean);
        if (q && !searchable.some(matches)) {
            continue;
        }
        const member = members[c.id];
        const unread = member !== undefined && member.msg_count < c.total_msg_count;
        const rank = !q ? 0 : name.toLowerCase().startsWith(q) || c.name.startsWith(q) ? 0 : 1;
        items.push({kind: 'channel', channel: c, name, unread, rank, recent: member?.last_viewed_at ?? 0});
    }
    if (q) {
        for (const u of Object.values(users)) {
            if (u.id === myId || withDm.has(u.id) || u.delete_at !== 0 || !(matches(u.username) || matches(fullName(u)))) {
                continue;
            }
            items.push({kind: 'user', user: u, name: u.username, rank: 2, recent: 0});
        }
    }
    items.sort((a, b) => a.rank - b.rank || b.recent - a.recent || a.name.localeCompare(b.name));
    return items.slice(0, limit).map(({rank: _r, recent: _t, ...item}) => item as SwitchItem);
}
