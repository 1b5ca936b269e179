// Real-time events from the WebSocket, applied to the store. Anything structural (channels,
// memberships, categories, teams) is simply reloaded; posts and presence are applied in place.

import type {CustomEmoji} from '../api/emoji';
import {rememberCustomEmoji} from '../emoji/custom';
import type {ChannelMembership, Post, PreferenceType, Reaction, UserProfile, WebSocketMessage} from '../api/client';
// actions imports this module too; the cycle is safe because nothing runs at load time.
import {addPost, applyReaction, loadTeamChannels, loadTeams, loadTeamUnreadsSoon, refreshChannelMembers, removePost, someoneTyping, stopTyping, updatePost} from './actions';
import {readDialog} from '../messages/dialog';
import {addEphemeral} from './commands';
import {applyDraftEvent, applyDraftPreferences} from './drafts';
import {applyPreferences, applyUnread, applyViewed} from './posts';
import {applyArchived, applyRemoved} from './channelActions';
import {removedFromTeam} from './teamActions';
import {countPost, noteSeenLive, recordPost, tallyOf} from './unreadCounts';
import type {SeenPost} from './unreadCounts';
import {notifyPost} from './notify';
import {applyFollow, applyThreadRead, applyThreadUpdated} from './threads';
import {loadMyStatus} from './status';
import {setConversationShown} from './closedConversations';
import {getState, setState} from './store';
import {t} from '../strings';

const RELOAD_CHANNELS = new Set([
    'channel_created',
    'channel_updated',
    'channel_converted',
    'channel_deleted',
    'channel_restored',
    'direct_added',
    'group_added',
    'user_added',
    'user_removed',
    'sidebar_category_created',
    'sidebar_category_updated',
    'sidebar_category_deleted',
    'sidebar_category_order_updated',
]);

const RELOAD_TEAMS = new Set(['added_to_team', 'leave_team', 'update_team', 'delete_team']);

function parse<T>(value: unknown): T | null {
    if (typeof value !== 'string') {
        return null;
    }
    try {
        return JSON.parse(value) as T;
    } catch {
        return null;
    }
}

export function handleSocketEvent(msg: WebSocketMessage): void {
    const event = msg.event as string;
    const data = (msg.data ?? {}) as Record<string, unknown>;
    if (event === 'posted') {
        const post = parse<Post>(data.post);
        const mentions = parse<string[]>(data.mentions) ?? [];
        if (post) {
            addPost(post);
            countUnread(post, mentions);
            // A message in a conversation I closed brings it back to the sidebar, as in Mattermost.
            const channel = getState().channels[post.channel_id];
            if (channel) {
                void setConversationShown(channel, true).catch(() => undefined);
            }
            const teamId = String(data.team_id ?? '');
            if (teamId && teamId !== getState().currentTeamId && post.user_id !== getState().me?.id) {
                loadTeamUnreadsSoon();
            }
            notifyPost(post, mentions.includes(getState().me?.id ?? ''));
            // Whoever posted has stopped typing there.
            stopTyping(`${post.channel_id}:${post.root_id ?? ''}`, post.user_id, Number.MAX_SAFE_INTEGER);
        }
    } else if (event === 'ephemeral_message') {
        const post = parse<Post>(data.post);
        if (post) {
            addEphemeral(post);
        }
    } else if (event === 'open_dialog') {
        const dialog = readDialog(data.dialog);
        if (dialog) {
            setState((s) => ({dialog: {dialog, channelId: s.currentChannelId ?? ''}}));
        }
    } else if (event === 'emoji_added') {
        const emoji = typeof data.emoji === 'string' ? parse<CustomEmoji>(data.emoji) : (data.emoji as CustomEmoji | undefined);
        if (emoji) {
            rememberCustomEmoji(emoji);
        }
    } else if (event === 'post_edited') {
        const post = parse<Post>(data.post);
        if (post) {
            updatePost(post);
        }
    } else if (event === 'post_deleted') {
        const post = parse<Post>(data.post);
        if (post) {
            removePost(post);
        }
    } else if (event === 'reaction_added' || event === 'reaction_removed') {
        const reaction = parse<Reaction>(data.reaction);
        if (reaction) {
            applyReaction(reaction, event === 'reaction_added');
        }
    } else if (event === 'typing') {
        const channelId = String(msg.broadcast?.channel_id ?? '');
        const userId = String(data.user_id ?? '');
        if (channelId && userId) {
            someoneTyping(channelId, String(data.parent_id ?? ''), userId);
        }
    } else if (event === 'status_change') {
        const userId = String(data.user_id ?? '');
        const status = String(data.status ?? '');
        setState((s) => ({statuses: {...s.statuses, [userId]: status}}));
        if (userId === getState().me?.id) {
            // The event has no DND end: read it (set in another tab, or ended by the server).
            void loadMyStatus();
        }
    } else if (event === 'channel_member_updated') {
        // My membership changed (notification preferences, mute, roles), maybe in another tab.
        const member = parse<ChannelMembership>(data.channelMember);
        if (member && member.user_id === getState().me?.id) {
            setState((s) => {
                const known = s.myMembers[member.channel_id];
                return known ? {myMembers: {...s.myMembers, [member.channel_id]: {...known, notify_props: member.notify_props, roles: member.roles}}} : {};
            });
        }
    } else if (event === 'user_updated') {
        const user = (data.user ?? null) as UserProfile | null;
        if (user?.id) {
            // Sanitised copies omit private fields; keep what we knew.
            setState((s) => {
                const merged = {...s.users[user.id], ...user};
                return {users: {...s.users, [user.id]: merged}, ...(s.me?.id === user.id ? {me: {...s.me, ...user, notify_props: user.notify_props ?? s.me.notify_props}} : {})};
            });
        }
    } else if (event === 'preferences_changed' || event === 'preferences_deleted') {
        const prefs = parse<PreferenceType[]>(data.preferences) ?? [];
        applyPreferences(prefs, event === 'preferences_changed');
        applyDraftPreferences(prefs, event === 'preferences_changed');
    } else if (event === 'draft_created' || event === 'draft_updated' || event === 'draft_deleted') {
        applyDraftEvent(event, data);
    } else if (event === 'thread_updated') {
        const thread = parse<Parameters<typeof applyThreadUpdated>[0]>(data.thread);
        if (thread) {
            applyThreadUpdated(thread);
        }
    } else if (event === 'thread_read_changed') {
        applyThreadRead(String(data.thread_id ?? ''), {
            unread_replies: Number(data.unread_replies ?? 0),
            unread_mentions: Number(data.unread_mentions ?? 0),
            timestamp: Number(data.timestamp ?? Date.now()),
        });
    } else if (event === 'thread_follow_changed') {
        applyFollow(String(data.thread_id ?? ''), Boolean(data.state));
    } else if (event === 'post_unread') {
        const channelId = String(data.channel_id ?? msg.broadcast?.channel_id ?? '');
        if (channelId) {
            applyUnread(channelId, {msg_count: Number(data.msg_count ?? 0), mention_count: Number(data.mention_count ?? 0), last_viewed_at: Number(data.last_viewed_at ?? 0)});
        }
    } else if (event === 'multiple_channels_viewed' || event === 'channel_viewed') {
        const times = event === 'channel_viewed' ? {[String(data.channel_id ?? '')]: Date.now()} : ((data.channel_times ?? {}) as Record<string, unknown>);
        applyViewed(times);
    } else if (RELOAD_CHANNELS.has(event)) {
        channelChanged(event, data, msg);
        const teamId = getState().currentTeamId;
        if (teamId) {
            void loadTeamChannels(teamId);
        }
    } else if (event === 'leave_team' && data.user_id === getState().me?.id) {
        const teamId = String(data.team_id ?? '');
        const name = getState().teams.data.find((tm) => tm.id === teamId)?.display_name ?? '';
        void removedFromTeam(teamId, t.removedFromTeam(name));
    } else if (RELOAD_TEAMS.has(event)) {
        // Someone leaving the team leaves its channels too (no user_removed for each).
        const {currentTeamId, currentChannelId} = getState();
        if (event === 'leave_team' && currentChannelId && data.team_id === currentTeamId) {
            refreshChannelMembers(currentChannelId);
        }
        void loadTeams();
    }
}

/** What the reload of the channels after an event cannot tell (it only adds what it finds): a
 * channel archived, or my membership of one ended, while I may have it open; who is in the open
 * channel. */
function channelChanged(event: string, data: Record<string, unknown>, msg: WebSocketMessage): void {
    const me = getState().me?.id;
    if (event === 'channel_deleted') {
        applyArchived(String(data.channel_id ?? ''), Number(data.delete_at ?? Date.now()));
    }
    if (event === 'user_added' || event === 'user_removed') {
        // To the channel's members: someone joined or left.
        const channelId = msg.broadcast?.channel_id;
        if (channelId) {
            refreshChannelMembers(channelId);
        }
    }
    if (event === 'user_removed' && me) {
        // To me: data.channel_id; to the channel's members: data.user_id (who left).
        const channelId = String(data.channel_id ?? (data.user_id === me ? (msg.broadcast?.channel_id ?? '') : ''));
        if (channelId && (msg.broadcast?.user_id === me || data.user_id === me)) {
            applyRemoved(channelId, data.remover_id === me);
        }
    }
}

/** A post in a channel that is not on screen makes it unread (and a mention, when it names me);
 * unless the snapshot the channel's state comes from already counted it (see unreadCounts.ts). */
function countUnread(post: Post, mentions: string[]): void {
    const s = getState();
    const onScreen = s.currentChannelId === post.channel_id && document.visibilityState === 'visible';
    const mine = post.user_id === s.me?.id;
    // Like the server: what I post, or see arrive, counts as viewed.
    const seen: SeenPost = {channelId: post.channel_id, createAt: post.create_at, viewed: onScreen || mine, mentioned: Boolean(s.me && mentions.includes(s.me.id))};
    // Also for a channel not known yet: a snapshot on its way may bring it.
    recordPost(seen);
    if (onScreen && !mine) {
        noteSeenLive(post.channel_id);
    }
    setState((st) => {
        const channel = st.channels[post.channel_id];
        if (!channel) {
            return {};
        }
        const counted = countPost(channel, st.myMembers[post.channel_id], seen, tallyOf(post.channel_id));
        return {
            channels: counted.channel === channel ? st.channels : {...st.channels, [post.channel_id]: counted.channel},
            myMembers: counted.member && counted.member !== st.myMembers[post.channel_id] ? {...st.myMembers, [post.channel_id]: counted.member} : st.myMembers,
        };
    });
}
