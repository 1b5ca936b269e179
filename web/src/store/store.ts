// The one store: a single immutable state object, replaced on every change, read by components
// through `useStore(selector)`. Selectors must return values that already exist in the state (or
// primitives) so React can compare them by reference; derived lists are computed with useMemo.

import {useRef, useSyncExternalStore} from 'react';

import type {ApiError, Channel, ChannelCategory, ChannelMembership, ClientConfig, Post, SocketState, Team, UserProfile, UserThread} from '../api/client';
import type {FileInfo} from '@mattermost/types/files';
import type {Route} from './routes';
import type {ThemePreference} from '../theme/theme';
import type {OpenDialog} from '../messages/dialog';
import {setTimeZone, userTimeZone} from '../messages/rows';

export type LoadStatus = 'idle' | 'loading' | 'ready' | 'error';

export interface Loadable<T> {
    status: LoadStatus;
    data: T;
    error: ApiError | null;
}

export function loadable<T>(data: T, status: LoadStatus = 'idle', error: ApiError | null = null): Loadable<T> {
    return {status, data, error};
}

/** One sidebar section; `source` says whether the server's categories API produced it. */
export interface SidebarCategory {
    id: string;
    type: ChannelCategory['type'];
    displayName: string;
    channelIds: string[];
    collapsed: boolean;
    /** How its channels are ordered: `alpha`, `recent`, `manual`, or '' (the default, by name). */
    sorting: string;
    /** Muted: its channels were muted with it (the server did that), and its heading is dimmed. */
    muted: boolean;
}

export interface Sidebar {
    source: 'server' | 'derived';
    categories: SidebarCategory[];
    raw: ChannelCategory[];
}

/** A message typed here and not yet confirmed by the server. */
export interface PendingPost {
    pendingId: string;
    channelId: string;
    /** The thread this reply belongs to ('' for a channel message). */
    rootId: string;
    message: string;
    createAt: number;
    state: 'sending' | 'failed';
    error: ApiError | null;
    /** Uploaded attachments sent with it (ids, and their infos to show meanwhile). */
    fileIds?: string[];
    files?: FileInfo[];
}

export type Modal = 'create-team' | 'invite-people' | 'category-create' | 'category-rename' | 'category-delete' | 'channel-move' | 'create-channel' | 'browse-channels' | 'direct-message' | 'delete-post' | 'quick-switcher' | 'settings' | 'channel-rename' | 'channel-header' | 'channel-purpose' | 'channel-add-members' | 'channel-leave' | 'channel-archive' | 'custom-emoji' | 'integrations' | 'channel-notifications' | 'dnd-custom' | 'custom-status' | 'team-members' | 'team-settings' | 'team-leave' | 'shortcuts';

/** What part of a channel's history is loaded: older and newer posts beyond it may exist. */
export interface PostWindow {
    hasOlder: boolean;
    hasNewer: boolean;
}

export type Pane = 'members' | 'thread' | 'pinned' | 'saved' | 'search';

/** The search pane: the query, which tab shows, and the results of each. */
export interface SearchState {
    terms: string;
    /** The pane shows my recent mentions (the words that mention me), not a search typed. */
    mentions: boolean;
    tab: 'messages' | 'files';
    posts: Loadable<string[]>;
    /** The words each post matched. */
    matches: Record<string, string[]>;
    files: Loadable<FileInfo[]>;
}

export type AuthNotice = 'session-expired' | 'signed-out' | 'password-reset' | null;

export interface AppState {
    boot: Loadable<null>;
    config: Partial<ClientConfig>;
    me: UserProfile | null;
    authNotice: AuthNotice;
    route: Route;

    teams: Loadable<Team[]>;
    /** Per team: whether it has unread messages, and how many mention me (for the team bar). */
    teamUnreads: Record<string, {unread: boolean; mentions: number}>;
    currentTeamId: string | null;
    currentChannelId: string | null;

    channels: Record<string, Channel>;
    myMembers: Record<string, ChannelMembership>;
    sidebars: Record<string, Loadable<Sidebar | null>>;

    users: Record<string, UserProfile>;
    statuses: Record<string, string>;
    /** When my Do not disturb ends (seconds since the epoch; 0: no end, or not in DND). */
    myDndEndTime: number;

    posts: Record<string, Loadable<string[]>>;
    postsById: Record<string, Post>;
    pending: Record<string, PendingPost[]>;

    memberCounts: Record<string, number>;
    channelMembers: Record<string, Loadable<string[]>>;

    /** Replies of each open thread (by root id), oldest first, without the root. */
    threads: Record<string, Loadable<string[]>>;
    threadRootId: string | null;
    editingPostId: string | null;
    /** Whether that post is being edited in the thread pane (a root shows in both places). */
    editingInThread: boolean;
    /** Who is typing where: `${channelId}:${rootId}` → user id → when the indicator expires. */
    typing: Record<string, Record<string, number>>;

    socket: SocketState;
    /** What the browser says about the network. */
    online: boolean;
    pane: Pane | null;
    /** The posts of the pinned or saved pane (newest first). */
    paneList: Loadable<string[]>;
    windows: Record<string, PostWindow>;
    /** Saved (flagged) posts: the user's `flagged_post` preferences. */
    flagged: Record<string, true>;
    /** The post a permalink jumped to, highlighted for a moment. */
    highlightPostId: string | null;
    /** When I last viewed each channel before opening it now: the "new messages" line. */
    newSince: Record<string, number>;
    /** Threads I follow in the current team (root ids, latest reply first) and their state. */
    followedThreads: Loadable<string[]>;
    /** Whether the server has followed threads older than those loaded. */
    followedThreadsMore: boolean;
    userThreads: Record<string, UserThread>;
    threadsFilter: 'all' | 'unread';
    /** The profile popover: whose, and the box of what was clicked (to place it next to). */
    profile: {userId: string; left: number; top: number; bottom: number} | null;
    /** A short confirmation ("Link copied"), shown for a moment. */
    toast: string | null;
    modal: Modal | null;
    /** An integration's interactive dialog (open_dialog), with the channel it was opened in. */
    dialog: {dialog: OpenDialog; channelId: string} | null;
    /** The post a post dialog (delete) is about. */
    modalPostId: string | null;
    /** The sidebar category a category dialog is about. */
    modalCategoryId: string | null;
    /** The channel a channel dialog is about when it is not the open one (the sidebar's menu). */
    modalChannelId: string | null;
    /** Conversations closed from the sidebar (see closedConversations.ts), keyed `category:name`. */
    closedConversations: Record<string, true>;
    /** How many conversations Direct messages shows, the most recent (0: all). */
    dmLimit: number;
    theme: ThemePreference;
    sidebarOpen: boolean;
    search: SearchState;
}

export function initialState(theme: ThemePreference, route: Route): AppState {
    return {
        boot: loadable(null, 'loading'),
        config: {},
        me: null,
        authNotice: null,
        teamUnreads: {},
        route,
        teams: loadable<Team[]>([]),
        currentTeamId: null,
        currentChannelId: null,
        channels: {},
        myMembers: {},
        sidebars: {},
        users: {},
        statuses: {},
        myDndEndTime: 0,
        posts: {},
        postsById: {},
        pending: {},
        memberCounts: {},
        channelMembers: {},
        threads: {},
        threadRootId: null,
        editingPostId: null,
        editingInThread: false,
        typing: {},
        socket: 'offline',
        online: typeof navigator === 'undefined' ? true : navigator.onLine,
        pane: null,
        paneList: loadable<string[]>([]),
        windows: {},
        flagged: {},
        highlightPostId: null,
        newSince: {},
        toast: null,
        profile: null,
        followedThreads: loadable<string[]>([]),
        followedThreadsMore: false,
        userThreads: {},
        threadsFilter: 'all',
        modal: null,
        dialog: null,
        modalPostId: null,
        modalCategoryId: null,
        modalChannelId: null,
        closedConversations: {},
        dmLimit: 40,
        theme,
        sidebarOpen: false,
        search: {terms: '', mentions: false, tab: 'messages', posts: loadable<string[]>([]), matches: {}, files: loadable<FileInfo[]>([])},
    };
}

type Listener = () => void;

let state: AppState;
const listeners = new Set<Listener>();

export function createStore(initial: AppState): void {
    state = initial;
    setTimeZone(userTimeZone(state.me));
    listeners.forEach((l) => l());
}

export function getState(): AppState {
    return state;
}

/** Replaces part of the state; `update` may be a function of the current state. */
export function setState(update: Partial<AppState> | ((s: AppState) => Partial<AppState>)): void {
    const patch = typeof update === 'function' ? update(state) : update;
    state = {...state, ...patch};
    // Times and days are formatted outside React (messages/rows): their zone follows my settings
    // before any component renders with the new state.
    if (patch.me !== undefined) {
        setTimeZone(userTimeZone(state.me));
    }
    listeners.forEach((l) => l());
}

function subscribe(listener: Listener): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
}

export function useStore<T>(selector: (s: AppState) => T): T {
    return useSyncExternalStore(subscribe, () => selector(state));
}

/** Several values of the state through one subscription (a component rendered many times, such
 * as a message row, then costs one listener instead of one per value): the selector returns them
 * as a tuple, and the tuple last returned is kept while its values are the same. */
export function useStoreTuple<T extends readonly unknown[]>(selector: (s: AppState) => T): T {
    const last = useRef<T | null>(null);
    return useSyncExternalStore(subscribe, () => {
        const next = selector(state);
        const prev = last.current;
        if (prev && prev.length === next.length && prev.every((v, i) => Object.is(v, next[i]))) {
            return prev;
        }
        last.current = next;
        return next;
    });
}
