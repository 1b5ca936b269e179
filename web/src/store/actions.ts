// What the UI can do: each action calls the API through the client module and updates the store.

import {ApiError, api, connectSocket, disconnectSocket, handleSessionExpiry, socketViewChannel} from '../api/client';
import type {Channel, Post, Team, UserProfile} from '../api/client';
import type {FileInfo} from '../api/files';
import {applyTheme, saveThemePreference} from '../theme/theme';
import type {ThemePreference} from '../theme/theme';
import {applyDraftPreferences, configureDraftSync, type DraftBackend, flushServerDrafts, loadDrafts, loadServerDrafts} from './drafts';
import {handleSocketEvent} from './events';
import {setConversationShown} from './closedConversations';
import {afterNextFrame, loadPosts, loadPreferences, openPermalink, showToast} from './posts';
import {leaveWindow} from './postWindow';
import {openThread} from './postEdits';
import {loadFollowedThreads} from './threads';
import {applySnapshot, beginSnapshot, endSnapshot, takeSeenLive} from './unreadCounts';
import {loadMyStatus} from './status';
import {dropWebPushAtSignOut} from './webPush';
import {dmPartnerId} from './names';
import {formatRoute, isPublicRoute, parseRoute} from './routes';
import type {Route} from './routes';
import {derive, fromServer, withUnlisted} from './sidebar';
import {t} from '../strings';
import {getState, loadable, setState} from './store';
import type {AuthNotice, Modal, PendingPost} from './store';

const byId = <T extends {id: string}>(items: T[]): Record<string, T> => Object.fromEntries(items.map((i) => [i.id, i]));

// ---------------------------------------------------------------------------------------------
// navigation

/** Where the browser stands, as `parseRoute` reads it (the query carries an invite id). */
export function currentPath(): string {
    return window.location.pathname + window.location.search;
}

export function navigate(route: Route, replace = false): void {
    const path = formatRoute(route);
    if (currentPath() !== path) {
        if (replace) {
            window.history.replaceState(null, '', path);
        } else {
            window.history.pushState(null, '', path);
        }
    }
    setState({route, sidebarOpen: false});
    void resolveRoute();
}

export function listenToHistory(): void {
    window.addEventListener('popstate', () => {
        setState({route: parseRoute(currentPath())});
        void resolveRoute();
    });
}

/** Brings the data in line with the route: signed-out pages, team selection, then the channel. */
async function resolveRoute(): Promise<void> {
    const {route, me, teams} = getState();
    if (!me) {
        if (!isPublicRoute(route)) {
            navigate({name: 'login'}, true);
        }
        return;
    }
    if (route.name === 'create_team' || route.name === 'select_team') {
        return;
    }
    if ((route.name === 'login' || route.name === 'signup') && route.inviteId) {
        return joinInvitedTeam(route.inviteId);
    }
    // (Signed in, a password reset link leads home, as in Mattermost.)
    if (route.name === 'login' || route.name === 'signup' || route.name === 'root' || route.name === 'reset_password' || route.name === 'reset_password_complete') {
        return goHome();
    }
    if (route.name === 'permalink' && route.team === REDIRECT_TEAM) {
        return openRedirectPermalink(route.postId);
    }
    const team = teams.data.find((tm) => tm.name === route.team);
    if (!team) {
        return goHome();
    }
    await selectTeam(team);
    if (route.name === 'team') {
        return openDefaultChannel(team);
    }
    if (route.name === 'permalink') {
        return openPermalink(route.postId);
    }
    if (route.name === 'threads') {
        setState({currentChannelId: null, pane: null, threadRootId: null});
        return;
    }
    const channel = await findRouteChannel(team, route);
    if (channel) {
        openChannel(channel);
    } else {
        openDefaultChannel(team);
    }
}

/** A team's invite link opened while signed in, or the sign-up or sign-in it led to: I join the
 * team (again harmless when the sign-up already did) and land in it. */
async function joinInvitedTeam(inviteId: string): Promise<void> {
    try {
        const member = await api.joinTeamByInvite(inviteId);
        await loadTeams();
        const team = getState().teams.data.find((tm) => tm.id === member.team_id);
        if (team) {
            navigate({name: 'team', team: team.name}, true);
            return;
        }
    } catch {
        showToast(t.inviteInvalid);
    }
    goHome();
}

/** Links made by the server (Web Push, e-mails) do not know the team: `/_redirect/pl/{post}`. */
const REDIRECT_TEAM = '_redirect';

async function openRedirectPermalink(postId: string): Promise<void> {
    const {teams, currentTeamId} = getState();
    let team = teams.data.find((tm) => tm.id === currentTeamId) ?? teams.data[0];
    try {
        const post = getState().postsById[postId] ?? (await api.getPost(postId));
        const channel = getState().channels[post.channel_id] ?? (await api.getChannel(post.channel_id));
        team = teams.data.find((tm) => tm.id === channel.team_id) ?? team;
    } catch {
        // openPermalink says the post cannot be seen.
    }
    if (!team) {
        return goHome();
    }
    navigate({name: 'permalink', team: team.name, postId}, true);
}

/** A click on a Web Push notification while a tab is open: the service worker asks this tab to
 * show the post instead of opening another one. */
function listenToServiceWorker(): void {
    navigator.serviceWorker?.addEventListener('message', (e: MessageEvent) => {
        const data = e.data as {type?: string; path?: string} | null;
        if (data?.type === 'outpost:open' && typeof data.path === 'string' && data.path.startsWith('/')) {
            navigate(parseRoute(data.path));
        }
    });
}

function goHome(): void {
    const {teams, me} = getState();
    const first = teams.data[0];
    if (first) {
        navigate({name: 'team', team: first.name}, true);
    } else if (teams.status === 'ready' || teams.status === 'error') {
        navigate({name: me && isAdmin(me) ? 'create_team' : 'select_team'}, true);
    }
}

export function isAdmin(user: UserProfile): boolean {
    return user.roles.split(' ').includes('system_admin');
}

async function findRouteChannel(team: Team, route: Extract<Route, {name: 'channel' | 'dm'}>): Promise<Channel | undefined> {
    const {channels, users, me} = getState();
    const all = Object.values(channels);
    if (route.name === 'channel') {
        return all.find((c) => c.name === route.channel && (c.team_id === team.id || c.team_id === ''));
    }
    const user = Object.values(users).find((u) => u.username === route.username) ?? (await api.getUserByUsername(route.username).catch(() => undefined));
    if (!user || !me) {
        return undefined;
    }
    setState((s) => ({users: {...s.users, [user.id]: user}}));
    const existing = all.find((c) => c.type === 'D' && dmPartnerId(c, me.id) === user.id);
    return existing ?? (await openDirectChannel([user.id], false));
}

function openDefaultChannel(team: Team): void {
    const {channels} = getState();
    const inTeam = Object.values(channels).filter((c) => c.team_id === team.id && c.delete_at === 0);
    const pick = inTeam.find((c) => c.name === 'town-square') ?? inTeam[0];
    if (pick) {
        navigate({name: 'channel', team: team.name, channel: pick.name}, true);
    } else {
        setState({currentChannelId: null});
    }
}

export function channelRoute(channel: Channel): Route {
    const {me, users, teams, currentTeamId} = getState();
    const team = teams.data.find((tm) => tm.id === currentTeamId) ?? teams.data[0];
    const teamName = team?.name ?? '';
    if (channel.type === 'D' && me) {
        const partner = users[dmPartnerId(channel, me.id)];
        if (partner) {
            return {name: 'dm', team: teamName, username: partner.username};
        }
    }
    return {name: 'channel', team: teamName, channel: channel.name};
}

// ---------------------------------------------------------------------------------------------
// start, sign-in, sign-out

export async function boot(): Promise<void> {
    handleSessionExpiry(() => signedOut('session-expired'));
    listenToHistory();
    listenToNetwork();
    listenToServiceWorker();
    await start();
}

/** The network state, and a start that failed for want of a network retried when it is back. */
function listenToNetwork(): void {
    const update = () => {
        setState({online: navigator.onLine});
        if (navigator.onLine && getState().boot.status === 'error') {
            void start();
        }
    };
    window.addEventListener('online', update);
    window.addEventListener('offline', update);
}

/** A start that failed for want of an answer (no network, the server restarting) is tried again
 * by itself, after 1 s, 2 s, 4 s … up to 30 s: the browser's `online` event alone is not enough
 * (it can come before the network answers again, or not at all when only the server was away). */
const START_RETRY_MS = {first: 1000, most: 30_000};
let startRetry = {timer: 0, delay: START_RETRY_MS.first};

function retryStartLater(): void {
    window.clearTimeout(startRetry.timer);
    const delay = startRetry.delay;
    startRetry = {delay: Math.min(delay * 2, START_RETRY_MS.most), timer: window.setTimeout(() => void start(true), delay)};
}

/** Loads the configuration and the session, then shows the right screen. `retrying`: a retry of a
 * start that got no answer, which leaves the screen as it is (the offline card, not a splash
 * between tries: no flicker, and its alert is not announced again) until it succeeds. */
export async function start(retrying = false): Promise<void> {
    window.clearTimeout(startRetry.timer);
    if (!retrying) {
        setState({boot: loadable(null, 'loading')});
    }
    try {
        const [config, me] = await Promise.all([api.getClientConfig(), api.getMeOrNull()]);
        setState({config, boot: loadable(null, 'ready')});
        if (me) {
            await startSession(me);
        } else {
            const firstRun = config.NoAccounts === 'true';
            const route = getState().route;
            navigate(firstRun ? {name: 'signup'} : isPublicRoute(route) ? route : {name: 'login'}, true);
        }
        // (Only a whole start that succeeded: one that fails later on makes the next wait longer.)
        startRetry = {timer: 0, delay: START_RETRY_MS.first};
    } catch (err) {
        setState({boot: loadable(null, 'error', err as ApiError)});
        if ((err as ApiError).status === 0) {
            retryStartLater();
        }
    }
}

/** Server-synced drafts go through the API. */
const draftBackend: DraftBackend = {
    save: (channelId, rootId, message) => api.upsertDraft(channelId, rootId, message),
    remove: (channelId, rootId) => api.deleteDraft(channelId, rootId),
    list: (teamId) => api.getDrafts(teamId),
};

/** Settles once the user's `sync_drafts` preference is known (server drafts wait for it). */
let draftPreferences: Promise<void> = Promise.resolve();

async function startSession(me: UserProfile): Promise<void> {
    loadDrafts(me.id);
    configureDraftSync(draftBackend, getState().config.AllowSyncedDrafts !== 'false');
    draftPreferences = api.getMyPreferences().then((prefs) => applyDraftPreferences(prefs, true), () => undefined);
    setState({me, authNotice: null, users: {...getState().users, [me.id]: me}});
    connectSocket({
        onState: (socket) => setState({socket}),
        onEvent: handleSocketEvent,
        onResync: () => void resync(),
    });
    void loadPreferences();
    void loadMyStatus();
    startStatusPolling();
    await loadTeams();
    await resolveRoute();
}

export async function login(loginId: string, password: string): Promise<void> {
    const me = await api.login(loginId, password);
    await startSession(me);
}

export async function signUp(username: string, email: string, password: string, inviteId = ''): Promise<void> {
    await api.createUser({username, email, password}, inviteId);
    const me = await api.login(username, password);
    await startSession(me);
}

export async function logout(): Promise<void> {
    // While the session still works: the server forgets this browser's push subscription.
    await dropWebPushAtSignOut(true);
    await flushServerDrafts();
    await api.logout();
    signedOut('signed-out');
}

function signedOut(notice: AuthNotice): void {
    if (!getState().me) {
        return;
    }
    disconnectSocket();
    stopStatusPolling();
    configureDraftSync(null, false);
    if (notice === 'session-expired') {
        // No session to tell the server with: the browser drops its subscription, so the push
        // service refuses the server's next send and the server forgets it.
        void dropWebPushAtSignOut(false);
    }
    const {config, theme} = getState();
    setState({
        me: null,
        authNotice: notice,
        config,
        theme,
        teams: loadable<Team[]>([]),
        teamUnreads: {},
        currentTeamId: null,
        currentChannelId: null,
        channels: {},
        myMembers: {},
        sidebars: {},
        posts: {},
        postsById: {},
        pending: {},
        channelMembers: {},
        windows: {},
        flagged: {},
        newSince: {},
        modal: null,
        pane: null,
        socket: 'offline',
        myDndEndTime: 0,
    });
    navigate({name: 'login'}, true);
}

// ---------------------------------------------------------------------------------------------
// teams

export async function loadTeams(): Promise<void> {
    setState((s) => ({teams: {...s.teams, status: 'loading'}}));
    try {
        const teams = await api.getMyTeams();
        teams.sort((a, b) => a.display_name.localeCompare(b.display_name));
        setState({teams: loadable(teams, 'ready')});
        if (teams.length > 1) {
            loadTeamUnreadsSoon();
        }
    } catch (err) {
        setState((s) => ({teams: loadable(s.teams.data, 'error', err as ApiError)}));
    }
}

/** The other teams' unread marks, asked again a moment after whatever may change them (a post in
 * another team, a team switch): a burst of posts makes one request. */
let teamUnreadsTimer = 0;
const TEAM_UNREADS_DELAY_MS = 400;

export function loadTeamUnreadsSoon(): void {
    window.clearTimeout(teamUnreadsTimer);
    teamUnreadsTimer = window.setTimeout(() => void loadTeamUnreads(), TEAM_UNREADS_DELAY_MS);
}

async function loadTeamUnreads(): Promise<void> {
    try {
        const list = await api.getTeamUnreads();
        setState({teamUnreads: Object.fromEntries(list.map((u) => [u.team_id, {unread: u.msg_count > 0, mentions: u.mention_count}]))});
    } catch {
        // Decoration: the team bar shows no marks until the next try.
    }
}

export async function createTeam(displayName: string, name: string, open: boolean): Promise<void> {
    const team = await api.createTeam(name, displayName, open);
    await loadTeams();
    setState({modal: null});
    navigate({name: 'team', team: team.name});
}

export async function joinTeam(team: Team): Promise<void> {
    const me = getState().me;
    if (!me) {
        return;
    }
    await api.addToTeam(team.id, me.id);
    await loadTeams();
    navigate({name: 'team', team: team.name});
}

async function selectTeam(team: Team): Promise<void> {
    if (getState().currentTeamId === team.id && getState().sidebars[team.id]?.status === 'ready') {
        return;
    }
    setState({currentTeamId: team.id, followedThreads: loadable<string[]>([]), userThreads: {}});
    if (getState().teams.data.length > 1) {
        // The team left behind may have unread messages the team bar should mark.
        loadTeamUnreadsSoon();
    }
    void draftPreferences.then(() => loadServerDrafts(team.id));
    await loadTeamChannels(team.id);
    void loadFollowedThreads();
}

/** My channels and memberships of a team, with the posts that arrived while they were on their
 * way counted where they did not count them (unreadCounts.ts): applied as they are, they would
 * undo those posts, or count others twice. */
async function channelSnapshot(teamId: string): Promise<{channels: Channel[]; snapshot: ReturnType<typeof applySnapshot>}> {
    const from = beginSnapshot();
    try {
        const [channels, members] = await Promise.all([api.getMyChannels(teamId), api.getMyChannelMembers(teamId)]);
        return {channels, snapshot: applySnapshot(channels, members, from)};
    } finally {
        endSnapshot();
    }
}

/** My channels, memberships and sidebar categories of a team (categories fall back to grouping). */
export async function loadTeamChannels(teamId: string): Promise<void> {
    const me = getState().me;
    if (!me) {
        return;
    }
    setState((s) => ({sidebars: {...s.sidebars, [teamId]: loadable(s.sidebars[teamId]?.data ?? null, 'loading')}}));
    try {
        const {channels, snapshot} = await channelSnapshot(teamId);
        setState((s) => ({
            channels: {...s.channels, ...snapshot.channels},
            myMembers: {...s.myMembers, ...snapshot.members},
        }));
        const sidebar = await api.getCategories(me.id, teamId).then(
            (c) => withUnlisted(fromServer(c.categories, c.order), channels, teamId),
            (err: ApiError) => {
                if (err.isMissingEndpoint) {
                    return derive(channels, teamId);
                }
                throw err;
            },
        );
        setState((s) => ({sidebars: {...s.sidebars, [teamId]: loadable(sidebar, 'ready')}}));
        void loadDirectPartners(channels);
    } catch (err) {
        setState((s) => ({sidebars: {...s.sidebars, [teamId]: loadable(s.sidebars[teamId]?.data ?? null, 'error', err as ApiError)}}));
    }
}

async function loadDirectPartners(channels: Channel[]): Promise<void> {
    const me = getState().me;
    if (!me) {
        return;
    }
    const known = getState().users;
    const ids = [...new Set(channels.filter((c) => c.type === 'D').map((c) => dmPartnerId(c, me.id)))].filter((id) => id && !known[id]);
    if (!ids.length) {
        return;
    }
    await loadUsers(ids);
}

/** People of the team whose names start with `term`, found on the server and kept with the
 * people known here (the quick switcher looks there). */
export async function rememberUsersMatching(term: string, teamId: string): Promise<void> {
    try {
        const found = await api.autocompleteUsers(term, teamId, '');
        if (found.length) {
            setState((s) => ({users: {...byId(found), ...s.users}}));
        }
    } catch {
        // The switcher still lists the people already known.
    }
}

/** Loads the authors of `posts` that are not known yet. */
export function loadUsersOf(posts: Post[]): void {
    loadMissingUsers(posts.map((p) => p.user_id));
}

/** Loads the profiles of `ids` that are not known yet. */
export function loadMissingUsers(ids: string[]): void {
    const known = getState().users;
    const unknown = [...new Set(ids)].filter((id) => id && !known[id]);
    if (unknown.length) {
        void loadUsers(unknown);
    }
}

async function loadUsers(ids: string[]): Promise<void> {
    if (!ids.length) {
        return;
    }
    try {
        const users = await api.getUsersByIds(ids);
        setState((s) => ({users: {...s.users, ...byId(users)}}));
        void loadStatuses(ids);
    } catch {
        // Names fall back to "Someone"; the next load tries again.
    }
}

/** Others' presence is asked for again every minute, and when the tab is shown again: the server
 * sends status_change only to the person it is about (as Mattermost's does; its apps poll too).
 * Asked for: the people of my direct messages, the authors of the open channel's latest posts,
 * and the members pane's list. */
const STATUS_POLL_MS = 60_000;
const STATUS_POLL_POSTS = 100;
let statusPoll = 0;

function pollStatuses(): void {
    const {me, channels, posts, postsById, currentChannelId, pane, channelMembers} = getState();
    if (!me || document.visibilityState !== 'visible') {
        return;
    }
    const ids = new Set<string>();
    for (const c of Object.values(channels)) {
        if (c.type === 'D') {
            ids.add(dmPartnerId(c, me.id));
        }
    }
    if (currentChannelId) {
        for (const id of (posts[currentChannelId]?.data ?? []).slice(-STATUS_POLL_POSTS)) {
            const author = postsById[id]?.user_id;
            if (author) {
                ids.add(author);
            }
        }
        if (pane === 'members') {
            for (const id of channelMembers[currentChannelId]?.data ?? []) {
                ids.add(id);
            }
        }
    }
    ids.delete(me.id);
    ids.delete('');
    const all = [...ids];
    for (let i = 0; i < all.length; i += STATUS_BATCH) {
        void loadStatuses(all.slice(i, i + STATUS_BATCH));
    }
}

function startStatusPolling(): void {
    stopStatusPolling();
    statusPoll = window.setInterval(pollStatuses, STATUS_POLL_MS);
    document.addEventListener('visibilitychange', pollStatuses);
}

function stopStatusPolling(): void {
    window.clearInterval(statusPoll);
    document.removeEventListener('visibilitychange', pollStatuses);
}

async function loadStatuses(ids: string[]): Promise<void> {
    try {
        const statuses = await api.getStatuses(ids);
        setState((s) => ({statuses: {...s.statuses, ...Object.fromEntries(statuses.map((st) => [st.user_id, st.status]))}}));
    } catch {
        // Presence is decoration: without the status API everyone shows as offline.
    }
}

// ---------------------------------------------------------------------------------------------
// channels

/** How long after leaving a channel its window is cut to its newest posts (not during the switch). */
const LEAVE_MS = 2000;

/** Whether everything in the channel counts as seen here: no unread post (one that arrived while
 * the page was hidden, or "mark as unread"), no mention. */
function allSeen(channelId: string): boolean {
    const s = getState();
    const member = s.myMembers[channelId];
    const channel = s.channels[channelId];
    return Boolean(member && channel && member.msg_count >= channel.total_msg_count && member.mention_count === 0);
}

/**
 * Leaving a channel: the posts that arrived while it was on screen were seen. Its membership's
 * last view moves up to the newest of them, here at once (so the "new messages" line of the way
 * back comes after them, not before) and on the server after the switch (so a reload agrees).
 * Not when something in it is unread (a post that arrived while the page was hidden, or one
 * marked unread): that stays unread. Returns whether the server needs telling.
 */
function seenUntilLeft(channelId: string): boolean {
    const s = getState();
    const member = s.myMembers[channelId];
    const ids = s.posts[channelId]?.data ?? [];
    const newest = s.windows[channelId]?.hasNewer ? undefined : s.postsById[ids[ids.length - 1] ?? ''];
    // Someone's post seen arrive here (its arrival moved the last view up here already).
    const live = takeSeenLive(channelId);
    if (!member || !allSeen(channelId)) {
        return false;
    }
    if (!newest || newest.create_at <= member.last_viewed_at) {
        return live;
    }
    setState((st) => {
        const m = st.myMembers[channelId];
        return m ? {myMembers: {...st.myMembers, [channelId]: {...m, last_viewed_at: Math.max(m.last_viewed_at, newest.create_at)}}} : {};
    });
    return true;
}

export function openChannel(channel: Channel): void {
    const previous = getState().currentChannelId;
    const changed = previous !== channel.id;
    const tellLeft = changed && previous ? seenUntilLeft(previous) : false;
    if (changed && previous) {
        // Unless the reader is back by then (leaveWindow leaves the channel on screen alone).
        setTimeout(() => {
            const patch = leaveWindow(getState(), previous);
            if (Object.keys(patch).length) {
                setState(patch);
            }
        }, LEAVE_MS);
    }
    setState(changed && getState().pane === 'thread' ? {currentChannelId: channel.id, pane: null, threadRootId: null, editingPostId: null} : {currentChannelId: channel.id});
    // A closed conversation opened again (a link, the switcher, a new DM) is back in the sidebar.
    void setConversationShown(channel, true).catch(() => undefined);
    if (!changed && getState().posts[channel.id]) {
        return;
    }
    const member = getState().myMembers[channel.id];
    const unread = member !== undefined && member.msg_count < channel.total_msg_count;
    // Never viewed (0): everything loaded is new.
    setState((s) => ({newSince: {...s.newSince, [channel.id]: unread ? Math.max(1, member.last_viewed_at) : 0}}));
    // A channel loaded before is kept current by the socket's events (a reconnect marks it for a
    // reload): opening it again shows it at once, with no refetch and no second render.
    const loaded = getState().posts[channel.id];
    const current = loaded?.status === 'ready' && getState().socket === 'connected' && !getState().windows[channel.id]?.hasNewer;
    if (!current && (getState().highlightPostId === null || !loaded)) {
        void loadPosts(channel.id);
    }
    // The rest once the channel is on screen: starting requests takes a few milliseconds of the
    // switch's frame, and nothing in that frame waits for them.
    void afterNextFrame().then(async () => {
        const here = () => getState().currentChannelId === channel.id;
        if (here()) {
            socketViewChannel(channel.id);
            void loadMemberCount(channel.id);
            if (getState().pane === 'members') {
                void loadChannelMembers(channel.id);
            }
        }
        // The channel left is viewed first (whatever is on screen by now): the server takes the
        // channel viewed last for the one on screen. Not if a post came in since the reader left.
        if (tellLeft && previous && getState().currentChannelId !== previous && allSeen(previous)) {
            await api.viewChannel(previous).catch(() => undefined);
        }
        if (here()) {
            void markViewed(channel.id);
        }
    });
}

/** Marks a channel read (its sidebar menu's "Mark as read"), as opening it does. */
export function markChannelRead(channelId: string): Promise<void> {
    return markViewed(channelId);
}

async function markViewed(channelId: string): Promise<void> {
    try {
        await api.viewChannel(channelId);
        setState((s) => {
            const member = s.myMembers[channelId];
            const channel = s.channels[channelId];
            if (!member || !channel) {
                return {};
            }
            return {myMembers: {...s.myMembers, [channelId]: {...member, msg_count: channel.total_msg_count, mention_count: 0}}};
        });
    } catch {
        // Unread state stays as it was.
    }
}

/** People added at once come as one event each: one refresh for the burst. */
const MEMBERS_REFRESH_DELAY_MS = 250;
let membersRefreshTimer = 0;

/** Someone joined or left the channel (here or on the server): the header's count, and the
 * members pane when it shows this channel, a moment later. */
export function refreshChannelMembers(channelId: string): void {
    if (channelId !== getState().currentChannelId) {
        return;
    }
    window.clearTimeout(membersRefreshTimer);
    membersRefreshTimer = window.setTimeout(() => {
        const {currentChannelId, pane} = getState();
        if (channelId !== currentChannelId) {
            return;
        }
        void loadMemberCount(channelId);
        if (pane === 'members') {
            // As many pages as the pane had shown (a large channel's "Show more").
            const shown = getState().channelMembers[channelId]?.data.length ?? 0;
            void (async () => {
                await loadChannelMembers(channelId);
                for (let page = 1; page * MEMBERS_PAGE < shown; page++) {
                    await loadChannelMembers(channelId, page);
                }
            })();
        }
    }, MEMBERS_REFRESH_DELAY_MS);
}

async function loadMemberCount(channelId: string): Promise<void> {
    try {
        const stats = await api.getChannelStats(channelId);
        setState((s) => ({memberCounts: {...s.memberCounts, [channelId]: stats.member_count}}));
    } catch {
        // The header simply shows no count.
    }
}

export async function createChannel(displayName: string, name: string, purpose: string, isPrivate: boolean): Promise<void> {
    const teamId = getState().currentTeamId;
    if (!teamId) {
        return;
    }
    const channel = await api.createChannel(teamId, name, displayName, purpose, isPrivate);
    setState((s) => ({channels: {...s.channels, [channel.id]: channel}, modal: null}));
    await loadTeamChannels(teamId);
    navigate(channelRoute(channel));
}

export async function joinChannel(channel: Channel): Promise<void> {
    const me = getState().me;
    if (!me) {
        return;
    }
    await api.joinChannel(me.id, channel.id);
    setState((s) => ({channels: {...s.channels, [channel.id]: channel}, modal: null}));
    await loadTeamChannels(channel.team_id);
    navigate(channelRoute(channel));
}

/** Opens (creating when needed) the direct or group channel with `userIds` (not including me). */
export async function openDirectChannel(userIds: string[], go = true): Promise<Channel | undefined> {
    const {me, currentTeamId} = getState();
    if (!me) {
        return undefined;
    }
    const channel = userIds.length === 1 ? await api.createDirectChannel(me.id, userIds[0] ?? '') : await api.createGroupChannel([me.id, ...userIds]);
    setState((s) => ({channels: {...s.channels, [channel.id]: channel}, modal: null}));
    await loadUsers(userIds.filter((id) => !getState().users[id]));
    if (currentTeamId) {
        await loadTeamChannels(currentTeamId);
    }
    if (go) {
        navigate(channelRoute(channel));
    }
    return channel;
}

export async function toggleFavorite(channelId: string): Promise<void> {
    const {me, currentTeamId, sidebars} = getState();
    const sidebar = currentTeamId ? sidebars[currentTeamId]?.data : null;
    if (!me || !currentTeamId || !sidebar || sidebar.source !== 'server') {
        return;
    }
    const favorites = sidebar.raw.find((c) => c.type === 'favorites');
    if (!favorites) {
        return;
    }
    // Like Mattermost: adding to Favorites moves the channel out of its category; removing it
    // from Favorites returns it to its default category.
    const channelIds = favorites.channel_ids.includes(channelId)
        ? favorites.channel_ids.filter((id) => id !== channelId)
        : [channelId, ...favorites.channel_ids];
    await api.updateCategory(me.id, currentTeamId, {...favorites, channel_ids: channelIds});
    await loadTeamChannels(currentTeamId);
}

// ---------------------------------------------------------------------------------------------
// posts

export async function sendPost(channelId: string, message: string, retryOf?: PendingPost, rootId = '', files: FileInfo[] = []): Promise<void> {
    const me = getState().me;
    if (!me) {
        return;
    }
    const attached = files.length ? {fileIds: files.map((f) => f.id), files} : {};
    const pending: PendingPost = retryOf
        ? {...retryOf, state: 'sending', error: null}
        : {pendingId: `${me.id}:${Date.now()}`, channelId, rootId, message, createAt: Date.now(), state: 'sending', error: null, ...attached};
    const setPending = (p: PendingPost | null) =>
        setState((s) => {
            const rest = (s.pending[channelId] ?? []).filter((x) => x.pendingId !== pending.pendingId);
            return {pending: {...s.pending, [channelId]: p ? [...rest, p] : rest}};
        });
    setPending(pending);
    try {
        const post = await api.createPost(channelId, pending.message, pending.pendingId, pending.rootId, pending.fileIds);
        addPost(post);
        setPending(null);
    } catch (err) {
        setPending({...pending, state: 'failed', error: err as ApiError});
    }
}

export function discardPending(p: PendingPost): void {
    setState((s) => ({pending: {...s.pending, [p.channelId]: (s.pending[p.channelId] ?? []).filter((x) => x.pendingId !== p.pendingId)}}));
}

/** A post the server confirmed or announced; replaces its pending copy. A reply also joins its
 * thread and counts under its root. */
export function addPost(post: Post): void {
    setState((s) => {
        const known = post.id in s.postsById;
        const list = s.posts[post.channel_id];
        const pending = (s.pending[post.channel_id] ?? []).filter((p) => p.pendingId !== post.pending_post_id);
        // A window that does not reach the present gets the post when it is scrolled to.
        const reachesNow = !s.windows[post.channel_id]?.hasNewer;
        const order = list && reachesNow && !list.data.includes(post.id) ? [...list.data, post.id] : list?.data;
        const postsById = {...s.postsById, [post.id]: post};
        let threads = s.threads;
        if (post.root_id) {
            const root = postsById[post.root_id];
            // A reply is counted once: thread_updated may have counted it already (last_reply_at).
            if (root && !known && post.create_at > (root.last_reply_at ?? 0)) {
                postsById[root.id] = {...root, reply_count: (root.reply_count ?? 0) + 1, last_reply_at: post.create_at};
            }
            const thread = s.threads[post.root_id];
            if (thread && !thread.data.includes(post.id)) {
                threads = {...s.threads, [post.root_id]: {...thread, data: [...thread.data, post.id]}};
            }
        }
        return {
            postsById,
            threads,
            posts: order && list ? {...s.posts, [post.channel_id]: {...list, data: order}} : s.posts,
            pending: {...s.pending, [post.channel_id]: pending},
        };
    });
}

/** An edit from the server (mine or someone else's): keep the reactions we already know. */
export function updatePost(post: Post): void {
    setState((s) => {
        const old = s.postsById[post.id];
        const merged = old && !post.metadata?.reactions && old.metadata?.reactions ? {...post, metadata: {...post.metadata, reactions: old.metadata.reactions}} : post;
        return {postsById: {...s.postsById, [post.id]: merged}};
    });
}

export function removePost(post: Post): void {
    setState((s) => {
        const list = s.posts[post.channel_id];
        const postsById = {...s.postsById, [post.id]: {...(s.postsById[post.id] ?? post), delete_at: post.delete_at || Date.now()}};
        const root = post.root_id ? postsById[post.root_id] : undefined;
        if (root && s.postsById[post.id]?.delete_at === 0) {
            postsById[root.id] = {...root, reply_count: Math.max(0, (root.reply_count ?? 1) - 1)};
        }
        const closing = s.threadRootId === post.id;
        return {
            postsById,
            posts: list ? {...s.posts, [post.channel_id]: {...list, data: list.data.filter((id) => id !== post.id)}} : s.posts,
            ...(closing ? {pane: null, threadRootId: null} : {}),
            ...(s.editingPostId === post.id ? {editingPostId: null} : {}),
        };
    });
}

// Threads, edits, reactions and typing live in ./postEdits; re-exported for the components.
export {applyReaction, deletePost, editPost, lastOwnPostId, openThread, someoneTyping, startEditing, stopTyping, toggleReaction, userTyping} from './postEdits';

// ---------------------------------------------------------------------------------------------
// members pane, modals, theme, small UI state

/** Members asked for at once; the pane offers the next page while the channel has more. */
export const MEMBERS_PAGE = 200;

/** A page of the channel's members: the first replaces what was loaded, a later one adds to it. */
export async function loadChannelMembers(channelId: string, page = 0): Promise<void> {
    setState((s) => ({channelMembers: {...s.channelMembers, [channelId]: loadable(s.channelMembers[channelId]?.data ?? [], 'loading')}}));
    try {
        const users = await api.getUsersInChannel(channelId, page, MEMBERS_PAGE);
        users.sort((a, b) => a.username.localeCompare(b.username));
        setState((s) => {
            const before = page > 0 ? (s.channelMembers[channelId]?.data ?? []) : [];
            const ids = [...before, ...users.map((u) => u.id).filter((id) => !before.includes(id))];
            return {
                users: {...s.users, ...byId(users)},
                channelMembers: {...s.channelMembers, [channelId]: loadable(ids, 'ready')},
            };
        });
        void loadStatuses(users.map((u) => u.id));
    } catch (err) {
        setState((s) => ({channelMembers: {...s.channelMembers, [channelId]: loadable(s.channelMembers[channelId]?.data ?? [], 'error', err as ApiError)}}));
    }
}

export function toggleMembersPane(): void {
    const {pane, currentChannelId} = getState();
    const open = pane !== 'members';
    setState({pane: open ? 'members' : null});
    if (open && currentChannelId) {
        void loadChannelMembers(currentChannelId);
    }
}

export function closePane(): void {
    setState({pane: null, threadRootId: null});
}

export {loadPosts};

export function openModal(modal: Modal | null, postId: string | null = null): void {
    setState({modal, modalPostId: postId, modalChannelId: null, sidebarOpen: false});
}

/** "Move to category" for a channel of the sidebar, not necessarily the open one. */
export function openChannelMoveModal(channelId: string): void {
    setState({modal: 'channel-move', modalPostId: null, modalChannelId: channelId, sidebarOpen: false});
}

export function openCategoryModal(modal: 'category-rename' | 'category-delete', categoryId: string): void {
    setState({modal, modalCategoryId: categoryId, sidebarOpen: false});
}

/** Shows someone's profile next to `anchor` (loading it and their status when needed). */
export function openProfile(userId: string, anchor: Element): void {
    const r = anchor.getBoundingClientRect();
    setState({profile: {userId, left: r.left, top: r.top, bottom: r.bottom}});
    if (!getState().users[userId]) {
        void loadUsers([userId]);
    } else {
        void loadStatuses([userId]);
    }
}

export function openProfileByUsername(username: string, anchor: Element): void {
    const user = Object.values(getState().users).find((u) => u.username === username);
    if (user) {
        openProfile(user.id, anchor);
        return;
    }
    void api.getUserByUsername(username).then(
        (u) => {
            setState((s) => ({users: {...s.users, [u.id]: u}}));
            openProfile(u.id, anchor);
        },
        () => undefined,
    );
}

/** My profile changed (settings, or another session): keep `me` and the users map in step. */
export function updateMe(patch: Partial<UserProfile>): void {
    setState((s) => {
        if (!s.me) {
            return {};
        }
        const me = {...s.me, ...patch};
        return {me, users: {...s.users, [me.id]: me}};
    });
}

export function closeProfile(): void {
    setState({profile: null});
}

export function closeModal(): void {
    setState({modal: null, modalPostId: null});
}

export function setTheme(theme: ThemePreference): void {
    saveThemePreference(theme);
    applyTheme(theme);
    setState({theme});
}

export function setSidebarOpen(open: boolean): void {
    setState({sidebarOpen: open});
}

/** After a reconnect: reload what the screen shows. */
async function resync(): Promise<void> {
    const {currentTeamId, currentChannelId, pane, threadRootId, statuses} = getState();
    // Events may have been missed: every other loaded channel reloads when opened again.
    setState((s) => ({posts: Object.fromEntries(Object.entries(s.posts).map(([id, l]) => [id, id === currentChannelId || l.status !== 'ready' ? l : {...l, status: 'idle' as const}]))}));
    // What is on screen besides the channel: presence, my followed threads, the open thread and
    // the members pane, each as the server has it now.
    void loadMyStatus();
    const known = Object.keys(statuses);
    for (let i = 0; i < known.length; i += STATUS_BATCH) {
        void loadStatuses(known.slice(i, i + STATUS_BATCH));
    }
    void loadFollowedThreads();
    if (pane === 'thread' && threadRootId) {
        void openThread(threadRootId);
    } else if (pane === 'members' && currentChannelId) {
        void loadChannelMembers(currentChannelId);
    }
    await loadTeams();
    if (currentTeamId) {
        void loadServerDrafts(currentTeamId);
        await loadTeamChannels(currentTeamId);
    }
    if (currentChannelId) {
        await loadPosts(currentChannelId);
    }
}

/** Statuses asked for at once after a reconnect (the server takes a list of ids per request). */
const STATUS_BATCH = 200;

export {ApiError};
