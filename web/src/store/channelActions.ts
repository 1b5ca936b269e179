// Changing a channel: rename, header, purpose, members, leave, archive, my notification preferences. The server's channel_updated,
// channel_deleted and user_removed events bring everyone else's sidebar and header in step.

import {api} from '../api/client';
import type {Channel, ChannelMembership} from '../api/client';
import {channelRoute, closeModal, loadTeamChannels, navigate, refreshChannelMembers} from './actions';
import {notifyPropsFromForm} from './channelNotify';
import {setConversationShown} from './closedConversations';
import type {ChannelNotifyForm} from './channelNotify';
import {showToast} from './posts';
import {formatRoute} from './routes';
import {getState, setState} from './store';
import {t} from '../strings';

function applyChannel(channel: Channel): void {
    setState((s) => ({channels: {...s.channels, [channel.id]: channel}}));
}

export async function patchChannel(channelId: string, patch: Partial<Pick<Channel, 'display_name' | 'header' | 'purpose'>>): Promise<void> {
    const updated = await api.patchChannel(channelId, patch);
    applyChannel(updated);
    closeModal();
}

/** "Add members": the people picked join the channel (the server posts who added them). */
export async function addChannelMembers(channelId: string, userIds: string[]): Promise<void> {
    await api.addChannelMembers(channelId, userIds);
    closeModal();
    showToast(t.addedToChannel(userIds.length));
    refreshChannelMembers(channelId);
}

/** Takes someone else out of a channel (the members pane); a refusal is shown, nothing changes. */
export async function removeChannelMember(channelId: string, userId: string): Promise<void> {
    await api.removeChannelMember(channelId, userId);
    setState((s) => {
        const members = s.channelMembers[channelId];
        return members?.data ? {channelMembers: {...s.channelMembers, [channelId]: {...members, data: members.data.filter((id) => id !== userId)}}} : {};
    });
    showToast(t.memberRemoved(getState().users[userId]?.username ?? ''));
    refreshChannelMembers(channelId);
}

/** After leaving or archiving the open channel: go to the team's Town Square. */
function leaveView(channelId: string): void {
    const {currentChannelId, currentTeamId, teams, channels} = getState();
    const team = teams.data.find((tm) => tm.id === currentTeamId);
    if (currentChannelId !== channelId || !team) {
        return;
    }
    const fallback = Object.values(channels).find((c) => c.team_id === team.id && c.name === 'town-square' && c.id !== channelId);
    navigate(fallback ? {name: 'channel', team: team.name, channel: fallback.name} : {name: 'team', team: team.name}, true);
}

export async function leaveChannel(channelId: string): Promise<void> {
    const {me, currentTeamId} = getState();
    if (!me) {
        return;
    }
    await api.leaveChannel(me.id, channelId);
    closeModal();
    setState((s) => {
        const myMembers = {...s.myMembers};
        delete myMembers[channelId];
        return {myMembers, pane: null, threadRootId: null};
    });
    leaveView(channelId);
    if (currentTeamId) {
        await loadTeamChannels(currentTeamId);
    }
}

/** My membership of a channel ended elsewhere: someone removed me, or I left in another tab. The
 * open channel gives way to Town Square, with a word when it was not my doing. */
export function applyRemoved(channelId: string, byMe: boolean): void {
    const {channels, currentChannelId} = getState();
    setState((s) => {
        if (!s.myMembers[channelId]) {
            return {};
        }
        const myMembers = {...s.myMembers};
        delete myMembers[channelId];
        return {myMembers};
    });
    if (currentChannelId === channelId) {
        setState({pane: null, threadRootId: null});
        if (!byMe) {
            showToast(t.removedFromChannel(channels[channelId]?.display_name ?? ''));
        }
        leaveView(channelId);
    }
}

/** A channel archived elsewhere: it reads as archived at once (before the sidebar's reload), and
 * the open view gives way like after archiving it here. */
export function applyArchived(channelId: string, deleteAt: number): void {
    const channel = getState().channels[channelId];
    if (channel && channel.delete_at === 0 && deleteAt > 0) {
        applyChannel({...channel, delete_at: deleteAt});
        leaveView(channelId);
    }
}

export async function archiveChannel(channelId: string): Promise<void> {
    const {currentTeamId, channels} = getState();
    await api.archiveChannel(channelId);
    closeModal();
    const channel = channels[channelId];
    if (channel) {
        applyChannel({...channel, delete_at: Date.now()});
    }
    leaveView(channelId);
    if (currentTeamId) {
        await loadTeamChannels(currentTeamId);
    }
}

/** Saves my notification preferences for a channel and applies them at once (the server's
 * channel_member_updated confirms them, here and in my other tabs). */
export async function saveChannelNotifyProps(channelId: string, form: ChannelNotifyForm): Promise<void> {
    const me = getState().me;
    if (!me) {
        return;
    }
    const props = notifyPropsFromForm(form);
    await api.updateChannelNotifyProps(me.id, channelId, props);
    setState((s) => {
        const member = s.myMembers[channelId];
        return member ? {myMembers: {...s.myMembers, [channelId]: {...member, notify_props: {...member.notify_props, ...(props as ChannelMembership['notify_props'])}}}} : {};
    });
}

/** Mutes a channel (only mentions mark it unread and notify) or unmutes it, as Mattermost's
 * sidebar menu does. */
export async function setChannelMuted(channelId: string, muted: boolean): Promise<void> {
    const me = getState().me;
    if (!me) {
        return;
    }
    const props = {mark_unread: muted ? 'mention' : 'all'};
    await api.updateChannelNotifyProps(me.id, channelId, props);
    setState((s) => {
        const member = s.myMembers[channelId];
        return member ? {myMembers: {...s.myMembers, [channelId]: {...member, notify_props: {...member.notify_props, ...(props as ChannelMembership['notify_props'])}}}} : {};
    });
}

/** Copies the address of a channel (or conversation) of this team. */
export async function copyChannelLink(channel: Channel): Promise<void> {
    try {
        await navigator.clipboard.writeText(`${window.location.origin}${formatRoute(channelRoute(channel))}`);
        showToast(t.linkCopied);
    } catch {
        showToast(t.linkNotCopied);
    }
}

/** Closes a direct or group message: out of the sidebar until it is opened again or a message
 * arrives (the open one gives way to Town Square). */
export async function closeConversation(channel: Channel): Promise<void> {
    await setConversationShown(channel, false);
    leaveView(channel.id);
}
