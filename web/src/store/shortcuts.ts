// Keyboard shortcuts of the signed-in app: Ctrl/Cmd+K quick switcher, Alt+↑/↓ previous/next
// channel, Alt+Shift+↑/↓ previous/next unread channel, Ctrl/Cmd+Shift+T threads, Ctrl/Cmd+Shift+M
// recent mentions, Ctrl/Cmd+/ the list of shortcuts (as in Mattermost).

import {channelRoute, navigate, openModal} from './actions';
import {isClosed, visibleConversations} from './closedConversations';
import {showMentions} from './search';
import {getState} from './store';

/** The channels of the current team in sidebar order (collapsed categories included). */
export function sidebarOrder(): string[] {
    const {currentTeamId, sidebars, channels, closedConversations, me, currentChannelId, dmLimit} = getState();
    const sidebar = currentTeamId ? sidebars[currentTeamId]?.data : null;
    const shown = (id: string) => Boolean(channels[id] && channels[id].delete_at === 0 && (id === currentChannelId || !isClosed(channels[id], closedConversations, me?.id ?? '')));
    // As the sidebar shows them: Direct messages within my limit (the open and unread ones kept).
    const ids = sidebar?.categories.flatMap((c) => (c.type === 'direct_messages' ? visibleConversations(c.channelIds.filter(shown), channels, dmLimit, (id) => id === currentChannelId || isUnread(id)) : c.channelIds)) ?? [];
    return [...new Set(ids)].filter(shown);
}

function isUnread(id: string): boolean {
    const {channels, myMembers} = getState();
    const c = channels[id];
    const m = myMembers[id];
    return Boolean(c && m && (m.msg_count < c.total_msg_count || m.mention_count > 0));
}

/** The channel `step` places away from the current one (wrapping), optionally only unread ones. */
export function neighbourChannel(order: string[], current: string | null, step: 1 | -1, unreadOnly: boolean, unread: (id: string) => boolean = isUnread): string | null {
    if (!order.length) {
        return null;
    }
    const at = current ? order.indexOf(current) : -1;
    for (let k = 1; k <= order.length; k++) {
        const id = order[(((at + step * k) % order.length) + order.length) % order.length];
        if (id && id !== current && (!unreadOnly || unread(id))) {
            return id;
        }
    }
    return null;
}

export function handleShortcut(e: KeyboardEvent): boolean {
    const mod = e.ctrlKey || e.metaKey;
    const {modal, channels, currentChannelId, teams, currentTeamId} = getState();
    if (mod && !e.shiftKey && !e.altKey && e.key.toLowerCase() === 'k') {
        openModal(modal === 'quick-switcher' ? null : 'quick-switcher');
        return true;
    }
    if (mod && !e.altKey && e.key === '/') {
        openModal(modal === 'shortcuts' ? null : 'shortcuts');
        return true;
    }
    if (modal) {
        return false;
    }
    if (e.altKey && !mod && (e.key === 'ArrowUp' || e.key === 'ArrowDown')) {
        const id = neighbourChannel(sidebarOrder(), currentChannelId, e.key === 'ArrowDown' ? 1 : -1, e.shiftKey);
        const channel = id ? channels[id] : undefined;
        if (channel) {
            navigate(channelRoute(channel));
        }
        return true;
    }
    if (mod && e.shiftKey && e.key.toLowerCase() === 'm') {
        void showMentions();
        return true;
    }
    if (mod && e.shiftKey && e.key.toLowerCase() === 't') {
        const team = teams.data.find((tm) => tm.id === currentTeamId);
        if (team) {
            navigate({name: 'threads', team: team.name});
        }
        return true;
    }
    return false;
}

export function listenToShortcuts(): () => void {
    const onKey = (e: KeyboardEvent) => {
        if (handleShortcut(e)) {
            e.preventDefault();
        }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
}
