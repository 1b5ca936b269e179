// The one module that talks to the server: every REST call goes through Client4 and every event
// arrives through WebSocketClient, both from the official @mattermost/client package. Nothing else
// in the app imports @mattermost/client or calls fetch.

import {Client4, ClientError, WebSocketClient} from '@mattermost/client';
import type {WebSocketMessage} from '@mattermost/client';
import type {ChannelCategory, OrderedChannelCategories} from '@mattermost/types/channel_categories';
import type {ChannelMembership, ChannelNotifyProps, ChannelStats, ServerChannel} from '@mattermost/types/channels';
import type {ClientConfig} from '@mattermost/types/config';
import type {Draft} from '@mattermost/types/drafts';
import type {Post, PostList} from '@mattermost/types/posts';
import type {PreferenceType} from '@mattermost/types/preferences';
import type {Reaction} from '@mattermost/types/reactions';
import type {UserThread, UserThreadList} from '@mattermost/types/threads';
import type {Team} from '@mattermost/types/teams';
import type {UserProfile, UserStatus} from '@mattermost/types/users';

/** A channel as the server sends it (with message counts). */
export type Channel = ServerChannel;
export type {ChannelCategory, ChannelMembership, ChannelNotifyProps, ClientConfig, Post, PostList, PreferenceType, Reaction, Team, UserProfile, UserStatus};
export type {UserThread, UserThreadList, WebSocketMessage};

/** A failed call, reduced to what the UI shows and decides on. */
export class ApiError extends Error {
    readonly status: number;
    readonly id: string;

    constructor(status: number, id: string, message: string) {
        super(message);
        this.name = 'ApiError';
        this.status = status;
        this.id = id;
    }

    /** The server does not have this endpoint (yet): Mattermost's generic 404 or 501. */
    get isMissingEndpoint(): boolean {
        return this.status === 501 || (this.status === 404 && this.id === 'api.context.404.app_error');
    }
}

/** Connection state of the real-time socket, as the UI shows it. */
export type SocketState = 'connecting' | 'connected' | 'reconnecting' | 'offline';

/** A browser's push subscription as `PushSubscription.toJSON()` gives it. */
export interface WebPushSubscriptionJson {
    endpoint: string;
    keys: {p256dh: string; auth: string};
}

/** Client4 plus Outpost's own endpoints (Web Push), sent the same way (token, CSRF header). */
class OutpostClient extends Client4 {
    private outpostRoute(path: string): string {
        return `${this.getUrl()}/api/outpost/v1${path}`;
    }

    subscribeWebPush(subscription: WebPushSubscriptionJson): Promise<unknown> {
        return this.doFetch(this.outpostRoute('/webpush/subscriptions'), {method: 'post', body: JSON.stringify(subscription)});
    }

    unsubscribeWebPush(endpoint: string): Promise<unknown> {
        return this.doFetch(this.outpostRoute('/webpush/subscriptions/delete'), {method: 'post', body: JSON.stringify({endpoint})});
    }
}

const client = new OutpostClient();
client.setUrl(window.location.origin);
client.setIncludeCookies(true);

let onSessionExpired: () => void = () => undefined;

/** Called once by the store: what to do when an authenticated call answers 401. */
export function handleSessionExpiry(callback: () => void): void {
    onSessionExpired = callback;
}

function toApiError(err: unknown): ApiError {
    if (err instanceof ApiError) {
        return err;
    }
    if (err instanceof ClientError) {
        return new ApiError(err.status_code ?? 0, err.server_error_id ?? '', err.message);
    }
    if (err instanceof Error) {
        return new ApiError(0, 'network', err.message);
    }
    return new ApiError(0, 'unknown', String(err));
}

/** Runs an authenticated call; a 401 means the session is gone, everywhere. */
async function call<T>(run: () => Promise<T>): Promise<T> {
    try {
        return await run();
    } catch (err) {
        const e = toApiError(err);
        if (e.status === 401) {
            onSessionExpired();
        }
        throw e;
    }
}

/** Runs a call made without a session (login, sign-up, config): a 401 is just an answer. */
async function anonymous<T>(run: () => Promise<T>): Promise<T> {
    try {
        return await run();
    } catch (err) {
        throw toApiError(err);
    }
}

// ---------------------------------------------------------------------------------------------
// session

/** Followed threads asked for at once (the Threads view asks for more as it is read). */
export const THREADS_PAGE = 50;

export const api = {
    getClientConfig: () => anonymous(() => client.getClientConfig()),

    async login(loginId: string, password: string): Promise<UserProfile> {
        return anonymous(() => client.login(loginId, password));
    },

    async logout(): Promise<void> {
        try {
            await client.logout();
        } catch {
            // Logging out of an expired session fails; the local state is cleared either way.
        }
        client.setToken('');
    },

    /** `inviteId`: a team's invite link, which joins the new account to the team (and works on a
     * server whose open sign-up is off). */
    createUser: (user: Pick<UserProfile, 'username' | 'email' | 'password'>, inviteId = '') =>
        anonymous(() => client.createUser(user as UserProfile, '', inviteId)),

    /** The signed-in user, or null when there is no session (no 401 handling: this is the probe). */
    async getMeOrNull(): Promise<UserProfile | null> {
        try {
            return await client.getMe();
        } catch (err) {
            const e = toApiError(err);
            if (e.status === 401) {
                return null;
            }
            throw e;
        }
    },

    // -----------------------------------------------------------------------------------------
    // teams

    getMyTeams: () => call(() => client.getMyTeams()),
    createTeam: (name: string, displayName: string, open: boolean) =>
        call(() => client.createTeam({name, display_name: displayName, type: open ? 'O' : 'I'} as Team)),
    getJoinableTeams: () => call(async () => {
        const teams = await client.getTeams(0, 200);
        return Array.isArray(teams) ? teams : teams.teams;
    }),
    addToTeam: (teamId: string, userId: string) => call(() => client.addToTeam(teamId, userId)),
    /** Unread messages and mentions of my teams (the server leaves out none; the caller ignores the current one). */
    getTeamUnreads: () => call(() => client.getMyTeamUnreads(false)),
    /** Mails the team's invite link to each address; every address gets its own result. */
    sendEmailInvites: (teamId: string, emails: string[]) => call(() => client.sendEmailInvitesToTeamGracefully(teamId, emails)),
    getTeamMember: (teamId: string, userId: string) => call(() => client.getTeamMember(teamId, userId)),
    patchTeam: (teamId: string, patch: Partial<Pick<Team, 'display_name' | 'description' | 'allow_open_invite'>>) => call(() => client.patchTeam({...patch, id: teamId})),
    removeFromTeam: (teamId: string, userId: string) => call(() => client.removeFromTeam(teamId, userId)),
    /** Mails a link to set a new password (the server answers the same whether the address is known). */
    sendPasswordReset: (email: string) => call(() => client.sendPasswordResetEmail(email)),
    resetPassword: (token: string, password: string) => call(() => client.resetUserPassword(token, password)),
    /** A page of the team's active members, by username. */
    getTeamUsers: (teamId: string, page = 0, perPage = 200) => call(async () => (await client.getProfilesInTeam(teamId, page, perPage, '', {active: true})).filter((u) => u.delete_at === 0)),
    searchTeamUsers: (term: string, teamId: string) => call(() => client.searchUsers(term, {team_id: teamId, allow_inactive: false, limit: 100})),
    joinTeamByInvite: (inviteId: string) => call(() => client.addToTeamFromInvite('', inviteId)),
    regenerateTeamInviteId: (teamId: string) => call(() => client.regenerateTeamInviteId(teamId)),

    // -----------------------------------------------------------------------------------------
    // channels

    getMyChannels: (teamId: string) => call(() => client.getMyChannels(teamId)),
    getMyChannelMembers: (teamId: string) => call(() => client.getMyChannelMembers(teamId)),
    getCategories: (userId: string, teamId: string): Promise<OrderedChannelCategories> =>
        call(() => client.getChannelCategories(userId, teamId)),
    updateCategory: (userId: string, teamId: string, category: ChannelCategory) =>
        call(() => client.updateChannelCategory(userId, teamId, category)),
    updateCategories: (userId: string, teamId: string, categories: ChannelCategory[]) =>
        call(() => client.updateChannelCategories(userId, teamId, categories)),
    createCategory: (userId: string, teamId: string, category: ChannelCategory) =>
        call(() => client.createChannelCategory(userId, teamId, category)),
    deleteCategory: (userId: string, teamId: string, categoryId: string) =>
        call(() => client.deleteChannelCategory(userId, teamId, categoryId)),
    updateCategoryOrder: (userId: string, teamId: string, order: string[]) => call(() => client.updateChannelCategoryOrder(userId, teamId, order)),
    getPublicChannels: (teamId: string) => call(() => client.getChannels(teamId, 0, 200)),
    /** The team's public channels matching `term` (all of them, not the first page). */
    searchChannels: (teamId: string, term: string) => call(() => client.searchChannels(teamId, term) as Promise<unknown> as Promise<Channel[]>),
    createChannel: (teamId: string, name: string, displayName: string, purpose: string, isPrivate: boolean) =>
        call(() => client.createChannel({team_id: teamId, name, display_name: displayName, purpose, type: isPrivate ? 'P' : 'O'})),
    joinChannel: (userId: string, channelId: string) => call(() => client.addToChannel(userId, channelId)),
    createDirectChannel: (myId: string, otherId: string) => call(() => client.createDirectChannel([myId, otherId])),
    createGroupChannel: (userIds: string[]) => call(() => client.createGroupChannel(userIds)),
    getChannelStats: (channelId: string): Promise<ChannelStats> => call(() => client.getChannelStats(channelId)),
    patchChannel: (channelId: string, patch: Partial<Channel>): Promise<Channel> => call(() => client.patchChannel(channelId, patch)),
    leaveChannel: (userId: string, channelId: string) => call(() => client.removeFromChannel(userId, channelId)),
    archiveChannel: (channelId: string) => call(() => client.deleteChannel(channelId)),
    viewChannel: (channelId: string) => call(() => client.viewMyChannel(channelId)),
    getMyChannelMember: (channelId: string): Promise<ChannelMembership> => call(() => client.getMyChannelMember(channelId)),
    updateChannelNotifyProps: (userId: string, channelId: string, props: Record<string, string>) =>
        call(() => client.updateChannelNotifyProps({...props, user_id: userId, channel_id: channelId})),

    // -----------------------------------------------------------------------------------------
    // users

    getUsers: (page = 0, perPage = 200) => call(() => client.getProfiles(page, perPage, {active: true})),
    getUsersByIds: (ids: string[]) => call(() => client.getProfilesByIds(ids)),
    getUserByUsername: (username: string) => call(() => client.getUserByUsername(username)),
    getUsersInChannel: (channelId: string, page = 0, perPage = 200) => call(() => client.getProfilesInChannel(channelId, page, perPage)),
    /** Active members of the team who are not in the channel (a page of them). */
    getUsersNotInChannel: (teamId: string, channelId: string, page = 0, perPage = 200) =>
        call(async () => (await client.getProfilesNotInChannel(teamId, channelId, false, page, perPage)).filter((u) => u.delete_at === 0)),
    /** Like `searchUsers`, among the team's members who are not in the channel. */
    searchUsersNotInChannel: (term: string, teamId: string, channelId: string) =>
        call(() => client.searchUsers(term, {team_id: teamId, not_in_channel_id: channelId, allow_inactive: false, limit: 100})),
    addChannelMembers: (channelId: string, userIds: string[]) => call(() => client.addToChannels(userIds, channelId)),
    removeChannelMember: (channelId: string, userId: string) => call(() => client.removeFromChannel(userId, channelId)),
    /** My custom status (`duration` "" and no `expires_at`: until I clear it). */
    setCustomStatus: (status: {emoji: string; text: string; duration: string; expires_at: string}) => call(() => client.updateCustomStatus(status as unknown as Parameters<typeof client.updateCustomStatus>[0])),
    clearCustomStatus: () => call(() => client.unsetCustomStatus()),
    /** The custom statuses I set last (newest first), which the server keeps as a preference. */
    getRecentCustomStatuses: () =>
        call(async () => {
            const prefs = (await client.getMyPreferences()) as unknown as PreferenceType[];
            const recent = prefs.find((p) => p.category === 'custom_status' && p.name === 'recent_custom_statuses');
            try {
                const list: unknown = JSON.parse(recent?.value ?? '[]');
                return Array.isArray(list) ? (list as {emoji: string; text: string; duration: string; expires_at: string}[]) : [];
            } catch {
                return [];
            }
        }),
    removeRecentCustomStatus: (status: {emoji: string; text: string; duration: string; expires_at: string}) =>
        call(() => client.removeRecentCustomStatus(status as unknown as Parameters<typeof client.removeRecentCustomStatus>[0])),
    /** Active people whose name, nickname or email matches `term` (the whole server, not a page). */
    searchUsers: (term: string) => call(() => client.searchUsers(term, {allow_inactive: false, limit: 100})),
    autocompleteUsers: async (query: string, teamId: string, channelId: string): Promise<UserProfile[]> =>
        call(async () => {
            const found = await client.autocompleteUsers(query, teamId, channelId, {limit: 25});
            return [...(found.users ?? []), ...(found.out_of_channel ?? [])];
        }),
    patchUser: (userId: string, patch: Partial<UserProfile>): Promise<UserProfile> => call(() => client.patchUser({...patch, id: userId})),
    updatePassword: (userId: string, current: string, next: string) => call(() => client.updateUserPassword(userId, current, next)),
    uploadProfileImage: (userId: string, image: File) => call(() => client.uploadProfileImage(userId, image)),
    removeProfileImage: (userId: string) => call(() => client.setDefaultProfileImage(userId)),
    getStatuses: (ids: string[]) => call(() => client.getStatusesByIds(ids)),
    getStatus: (userId: string): Promise<UserStatus> => call(() => client.getStatus(userId)),
    /** `dndEndTime` in seconds since the epoch (0: until changed), as Mattermost's API takes it. */
    updateStatus: (userId: string, status: UserStatus['status'], dndEndTime = 0): Promise<UserStatus> =>
        call(() => client.updateStatus({user_id: userId, status, ...(status === 'dnd' ? {dnd_end_time: dndEndTime} : {})} as UserStatus)),
    profileImageUrl: (userId: string, lastPictureUpdate = 0) => client.getProfilePictureUrl(userId, lastPictureUpdate),

    // -----------------------------------------------------------------------------------------
    // posts

    getPosts: (channelId: string): Promise<PostList> => call(() => client.getPosts(channelId, 0, 60, false, false, false)),
    createPost: (channelId: string, message: string, pendingPostId: string, rootId = '', fileIds: string[] = []): Promise<Post> =>
        call(() => client.createPost({channel_id: channelId, message, pending_post_id: pendingPostId, root_id: rootId, ...(fileIds.length ? {file_ids: fileIds} : {})})),
    getPostThread: (postId: string): Promise<PostList> => call(() => client.getPostThread(postId, true, false, false)),
    editPost: (postId: string, message: string): Promise<Post> => call(() => client.patchPost({id: postId, message})),
    deletePost: (postId: string) => call(() => client.deletePost(postId)),
    addReaction: (userId: string, postId: string, emojiName: string): Promise<Reaction> => call(() => client.addReaction(userId, postId, emojiName)),
    removeReaction: (userId: string, postId: string, emojiName: string) => call(() => client.removeReaction(userId, postId, emojiName)),
    getPost: (postId: string): Promise<Post> => call(() => client.getPost(postId)),
    getPostsBefore: (channelId: string, postId: string, perPage: number): Promise<PostList> =>
        call(() => client.getPostsBefore(channelId, postId, 0, perPage, false, false, false)),
    getPostsAfter: (channelId: string, postId: string, perPage: number): Promise<PostList> =>
        call(() => client.getPostsAfter(channelId, postId, 0, perPage, false, false, false)),
    getChannel: (channelId: string): Promise<Channel> => call(() => client.getChannel(channelId)),
    pinPost: (postId: string) => call(() => client.pinPost(postId)),
    unpinPost: (postId: string) => call(() => client.unpinPost(postId)),
    getPinnedPosts: (channelId: string): Promise<PostList> => call(() => client.getPinnedPosts(channelId)),
    getFlaggedPosts: (userId: string, teamId: string): Promise<PostList> => call(() => client.getFlaggedPosts(userId, '', teamId, 0, 100)),
    markPostAsUnread: (userId: string, postId: string) => call(() => client.markPostAsUnread(userId, postId)),

    // -----------------------------------------------------------------------------------------
    // followed threads

    /** A page of my followed threads, newest reply first; `before`: the thread the page follows. */
    getUserThreads: (userId: string, teamId: string, before = ''): Promise<UserThreadList> =>
        call(() => client.getUserThreads(userId, teamId, {perPage: THREADS_PAGE, extended: true, before})),
    markThreadRead: (userId: string, teamId: string, threadId: string) => call(() => client.updateThreadReadForUser(userId, teamId, threadId, Date.now())),
    followThread: (userId: string, teamId: string, threadId: string, follow: boolean) => call(() => client.updateThreadFollowForUser(userId, teamId, threadId, follow)),

    // -----------------------------------------------------------------------------------------
    // preferences

    getMyPreferences: (): Promise<PreferenceType[]> => call(async () => (await client.getMyPreferences()) as unknown as PreferenceType[]),
    savePreferences: (userId: string, preferences: PreferenceType[]) => call(() => client.savePreferences(userId, preferences)),
    deletePreferences: (userId: string, preferences: PreferenceType[]) => call(() => client.deletePreferences(userId, preferences)),

    // -----------------------------------------------------------------------------------------
    // drafts (server-synced; this connection is left out of the resulting draft_* event)

    upsertDraft: (channelId: string, rootId: string, message: string) =>
        call(() => client.upsertDraft({channel_id: channelId, root_id: rootId, message} as Draft, connectionId)),
    getDrafts: (teamId: string): Promise<Draft[]> => call(() => client.getUserDrafts(teamId)),
    deleteDraft: (channelId: string, rootId: string) => call(() => client.deleteDraft(channelId, rootId, connectionId)),

    // -----------------------------------------------------------------------------------------
    // Web Push (Outpost's own API: Mattermost has no web push)

    subscribeWebPush: (subscription: WebPushSubscriptionJson) => call(() => client.subscribeWebPush(subscription)),
    unsubscribeWebPush: (endpoint: string) => call(() => client.unsubscribeWebPush(endpoint)),
};


// ---------------------------------------------------------------------------------------------
// WebSocket

let socket: WebSocketClient | null = null;
/** The `connection_id` the server gave this tab's socket in its `hello`. */
let connectionId = '';

export interface SocketHandlers {
    onState: (state: SocketState) => void;
    onEvent: (msg: WebSocketMessage) => void;
    /** After a reconnect: events may have been missed, so reload what is on screen. */
    onResync: () => void;
}

function socketUrl(): string {
    const url = new URL(client.getWebSocketUrl(), window.location.href);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    return url.toString();
}

/** Opens the socket for the current session (the cookie authenticates the upgrade; the login
 * token, when this tab has one, is also sent as the authentication challenge). */
export function connectSocket(handlers: SocketHandlers): void {
    disconnectSocket();
    const ws = new WebSocketClient({maxWebSocketRetryTime: 30_000});
    socket = ws;
    handlers.onState('connecting');
    // Open is not enough: the socket counts as connected once the server said hello (authenticated).
    // A reconnect that resumes the connection (its id and sequence number) gets no hello: the
    // server answers with the events missed meanwhile, so the reconnect itself means connected.
    ws.addReconnectListener(() => {
        handlers.onState('connected');
        handlers.onResync();
    });
    ws.addMissedMessageListener(() => handlers.onResync());
    ws.addCloseListener((failCount) => handlers.onState(failCount > 3 ? 'offline' : 'reconnecting'));
    ws.addMessageListener((msg) => {
        if (msg.event === 'hello') {
            connectionId = String((msg.data as {connection_id?: unknown} | undefined)?.connection_id ?? '');
            handlers.onState('connected');
        }
        handlers.onEvent(msg);
    });
    ws.initialize(socketUrl(), client.getToken() || undefined);
}

export function disconnectSocket(): void {
    socket?.close();
    socket = null;
    connectionId = '';
}

/** Tells the server which channel is on screen (Mattermost uses it for notifications and unreads). */
export function socketViewChannel(channelId: string): void {
    socket?.updateActiveChannel(channelId);
}

/** Tells the others in the channel (or thread) that this user is typing. */
export function socketUserTyping(channelId: string, rootId: string): void {
    socket?.userTyping(channelId, rootId);
}

// ---------------------------------------------------------------------------------------------
// for the feature modules next to this one (files, search, custom emoji)

/** The one Client4, for api/files.ts, api/search.ts and api/emoji.ts only. */
export function sharedClient(): Client4 {
    return client;
}

export {call as authenticated};
