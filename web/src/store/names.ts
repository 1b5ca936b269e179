// How channels and people are named on screen.

import type {Channel, UserProfile} from '../api/client';
import {t} from '../strings';

export function userName(user: UserProfile | undefined): string {
    return user ? user.username : t.someone;
}

/** Full name when the profile has one, otherwise empty. */
export function fullName(user: UserProfile | undefined): string {
    if (!user) {
        return '';
    }
    return [user.first_name, user.last_name].filter(Boolean).join(' ');
}

/** The other member of a direct channel (named `{idA}__{idB}`); yourself for a self-DM. */
export function dmPartnerId(channel: Channel, myId: string): string {
    const [a = '', b = ''] = channel.name.split('__');
    return a === myId ? b : a;
}

export function channelName(channel: Channel | undefined, users: Record<string, UserProfile>, myId: string): string {
    if (!channel) {
        return '';
    }
    if (channel.type === 'D') {
        return userName(users[dmPartnerId(channel, myId)]);
    }
    if (channel.type === 'G') {
        // The server names a group after all its members; I see the others, as in Mattermost.
        const mine = users[myId]?.username;
        const others = channel.display_name.split(',').map((n) => n.trim()).filter((n) => n && n !== mine);
        return others.length ? others.join(', ') : channel.display_name || channel.name;
    }
    return channel.display_name || channel.name;
}

/** A team's URL name from its display name, as Mattermost requires: [a-z0-9-], 2–64 chars. */
export function slugify(displayName: string): string {
    return displayName
        .normalize('NFKD')
        .replace(/[\u0300-\u036f]/g, '')
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, '-')
        .replace(/^-+|-+$/g, '')
        .slice(0, 64);
}

export function initials(name: string): string {
    const words = name.trim().split(/\s+/).filter(Boolean);
    const letters = words.length > 1 ? (words[0]?.[0] ?? '') + (words[1]?.[0] ?? '') : name.slice(0, 2);
    return letters.toUpperCase();
}
