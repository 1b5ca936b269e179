// Sidebar sections: from the server's categories (GET /users/me/teams/{id}/channels/categories)
// when it has them, otherwise grouped here from the channels themselves.

import type {Channel, ChannelCategory, UserProfile} from '../api/client';
import {channelName} from './names';
import type {Sidebar, SidebarCategory} from './store';
import {t} from '../strings';

const DEFAULT_NAMES: Record<string, string> = {
    favorites: t.categoryFavorites,
    channels: t.categoryChannels,
    direct_messages: t.categoryDirect,
};

export function fromServer(categories: ChannelCategory[], order: string[]): Sidebar {
    const byId = new Map(categories.map((c) => [c.id, c]));
    const ordered = order.length ? order.map((id) => byId.get(id)).filter((c): c is ChannelCategory => Boolean(c)) : categories;
    return {
        source: 'server',
        raw: categories,
        categories: ordered.map((c) => ({
            id: c.id,
            type: c.type,
            displayName: c.type === 'custom' ? c.display_name : DEFAULT_NAMES[c.type] ?? c.display_name,
            channelIds: c.channel_ids,
            collapsed: c.collapsed,
            sorting: c.sorting ?? '',
            muted: c.muted ?? false,
        })),
    };
}

/** Favorites (empty), Channels (public and private, by name) and Direct messages (newest first). */
export function derive(channels: Channel[], teamId: string): Sidebar {
    const live = channels.filter((c) => c.delete_at === 0);
    const named = live
        .filter((c) => (c.type === 'O' || c.type === 'P') && c.team_id === teamId)
        .sort((a, b) => a.display_name.localeCompare(b.display_name));
    const direct = live.filter((c) => c.type === 'D' || c.type === 'G').sort((a, b) => b.last_post_at - a.last_post_at);
    const section = (type: SidebarCategory['type'], ids: string[]): SidebarCategory => ({
        id: `derived_${type}`,
        type,
        displayName: DEFAULT_NAMES[type] ?? type,
        channelIds: ids,
        collapsed: false,
        sorting: type === 'direct_messages' ? 'recent' : 'alpha',
        muted: false,
    });
    return {
        source: 'derived',
        raw: [],
        categories: [
            section('favorites', []),
            section('channels', named.map((c) => c.id)),
            section('direct_messages', direct.map((c) => c.id)),
        ],
    };
}

/** Channels the user belongs to that no server category lists yet (e.g. created a moment ago). */
export function withUnlisted(sidebar: Sidebar, channels: Channel[], teamId: string): Sidebar {
    const listed = new Set(sidebar.categories.flatMap((c) => c.channelIds));
    const missing = channels.filter((c) => c.delete_at === 0 && !listed.has(c.id));
    if (!missing.length) {
        return sidebar;
    }
    const categories = sidebar.categories.map((cat) => {
        const add = missing.filter((c) =>
            cat.type === 'direct_messages' ? c.type === 'D' || c.type === 'G' : cat.type === 'channels' && c.team_id === teamId && (c.type === 'O' || c.type === 'P'),
        );
        return add.length ? {...cat, channelIds: [...cat.channelIds, ...add.map((c) => c.id)]} : cat;
    });
    return {...sidebar, categories};
}

/** The time a channel counts as active for "recent activity": its last post, or its creation. */
function activity(channel: Channel | undefined): number {
    return channel ? Math.max(channel.last_post_at, channel.create_at ?? 0) : 0;
}

/** A category's channels in the order its sorting asks for, as Mattermost's apps show them:
 * `recent` newest activity first, `manual` as the server keeps them, anything else by name
 * (a DM by the other person's name). Ties keep the server's order. */
export function sortChannelIds(
    category: Pick<SidebarCategory, 'channelIds' | 'sorting'>,
    channels: Record<string, Channel>,
    users: Record<string, UserProfile>,
    myId: string,
): string[] {
    if (category.sorting === 'manual') {
        return category.channelIds;
    }
    const ids = [...category.channelIds];
    if (category.sorting === 'recent') {
        return ids.sort((a, b) => activity(channels[b]) - activity(channels[a]));
    }
    const names = new Map(ids.map((id) => [id, channelName(channels[id], users, myId).toLowerCase()]));
    return ids.sort((a, b) => (names.get(a) ?? '').localeCompare(names.get(b) ?? ''));
}
