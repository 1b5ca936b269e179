// The signed-in layout: team bar, channel sidebar, the channel (header, messages, composer) and
// the right-hand pane. Below 768 px the sidebars slide in over the channel.

import {Suspense, lazy, memo, useEffect, useRef} from 'react';

import type {Channel} from '../api/client';

import {ChannelHeader} from '../components/ChannelHeader';
import {ChannelSidebar} from '../components/ChannelSidebar';
import {Composer} from '../components/Composer';
import {ErrorNote} from '../components/ErrorNote';
import {Icon} from '../components/Icon';
import {MembersPane} from '../components/MembersPane';
import {PostListPane} from '../components/PostListPane';
import {SearchPane} from '../components/search/SearchPane';
import {ProfilePopover} from '../components/ProfilePopover';
import {Toast} from '../components/Toast';
import {MessageList} from '../components/MessageList';
import {QuickSwitcher} from '../components/QuickSwitcher';
import {ShortcutsModal} from '../components/ShortcutsModal';
import {CategoryNameModal, DeleteCategoryModal, MoveChannelModal} from '../components/CategoryModals';
import {AddMembersModal, ConfirmChannelModal, EditChannelModal} from '../components/ChannelModals';
import {LeaveTeamModal, TeamMembersModal, TeamSettingsModal} from '../components/TeamModals';
import {BrowseChannelsModal, CreateChannelModal, CreateTeamModal, DeletePostModal, DirectMessageModal, InvitePeopleModal} from '../components/Modals';
import {TeamBar} from '../components/TeamBar';
import {ThreadPane} from '../components/ThreadPane';
import {ThreadsView} from '../components/ThreadsView';
import {ConnectionState} from '../components/UserFooter';
import {loadTeams, setSidebarOpen} from '../store/actions';
import {channelName} from '../store/names';
import {listenToShortcuts} from '../store/shortcuts';
import {NONE_KEPT, keepChannel} from '../store/keptChannels';
import type {Kept} from '../store/keptChannels';
import {useStore} from '../store/store';
import {t} from '../strings';

/** How many channels' messages and composers stay in the page, the current one shown and the
 * others hidden, so going back to a channel read a moment ago shows it as it was (scroll position,
 * draft, uploads) without building it again. */
const KEPT_CHANNELS = 4;

/** One channel's messages and composer; hidden (see `.channel-body--kept`) while another is shown. */
const ChannelBody = memo(function ChannelBody({channel, shown}: {channel: Channel; shown: boolean}) {
    return (
        <div className={shown ? 'channel-body' : 'channel-body channel-body--kept'} aria-hidden={shown ? undefined : true} inert={!shown}>
            <MessageList channel={channel} shown={shown} />
            {channel.delete_at ? <p className='composer composer--archived'>{t.archivedNote}</p> : <Composer channel={channel} shown={shown} />}
        </div>
    );
});

/**
 * The bodies of the channels opened last. Each keeps a slot in the page (a list moved in the page
 * would lose its layout and scroll position): a channel not kept takes the slot of the one opened
 * longest ago.
 */
function ChannelBodies({channel}: {channel: Channel}) {
    const channels = useStore((s) => s.channels);
    const kept = useRef<Kept>(NONE_KEPT);
    kept.current = keepChannel(kept.current, channel.id, (id) => id === channel.id || Boolean(channels[id]), KEPT_CHANNELS);
    // A hidden body gets its channel as it was when last shown: a channel changes with every post
    // (its message count), which would render the hidden body for nothing.
    const lastShown = useRef(new Map<string, Channel>());
    lastShown.current.set(channel.id, channel);
    for (const id of lastShown.current.keys()) {
        if (!kept.current.slots.includes(id)) {
            lastShown.current.delete(id);
        }
    }
    return (
        <div className='channel-bodies'>
            {kept.current.slots.map((id) => {
                const c = id === channel.id ? channel : lastShown.current.get(id);
                return c ? <ChannelBody key={id} channel={c} shown={id === channel.id} /> : null;
            })}
        </div>
    );
}

function ChannelView() {
    const channel = useStore((s) => (s.currentChannelId ? s.channels[s.currentChannelId] : undefined));
    const pane = useStore((s) => s.pane);
    const threadRootId = useStore((s) => s.threadRootId);
    // (A DM's own display name is empty: it is named after the other person.)
    const name = useStore((s) => channelName(channel, s.users, s.me?.id ?? ''));
    if (!channel) {
        return (
            <main className='channel channel--none'>
                <button type='button' className='icon-button channel-header__menu' onClick={() => setSidebarOpen(true)} aria-label={t.openSidebar}>
                    <Icon name='menu' />
                </button>
                <p className='muted'>{t.noChannelSelected}</p>
            </main>
        );
    }
    return (
        <>
            <main className='channel' aria-label={name}>
                <ChannelHeader channel={channel} />
                <ChannelBodies channel={channel} />
            </main>
            {pane === 'members' && <MembersPane key={channel.id} channelId={channel.id} />}
            {(pane === 'pinned' || pane === 'saved') && <PostListPane kind={pane} />}
            {pane === 'thread' && threadRootId && <ThreadPane key={threadRootId} channel={channel} rootId={threadRootId} />}
            {pane === 'search' && <SearchPane />}
        </>
    );
}

/** The global Threads view, with the selected thread in the right-hand pane. */
function ThreadsScreen() {
    const pane = useStore((s) => s.pane);
    const threadRootId = useStore((s) => s.threadRootId);
    const channel = useStore((s) => (s.threadRootId ? s.channels[s.postsById[s.threadRootId]?.channel_id ?? ''] : undefined));
    return (
        <>
            <ThreadsView />
            {pane === 'thread' && threadRootId && channel && <ThreadPane key={threadRootId} channel={channel} rootId={threadRootId} />}
        </>
    );
}

const SettingsModal = lazy(() => import('../components/settings/SettingsModal'));
const CustomEmojiModal = lazy(() => import('../components/emoji/CustomEmojiModal'));
const IntegrationsModal = lazy(() => import('../components/integrations/IntegrationsModal'));
const InteractiveDialog = lazy(() => import('../components/integrations/InteractiveDialog'));
const ChannelNotificationsModal = lazy(() => import('../components/ChannelNotificationsModal').then((m) => ({default: m.ChannelNotificationsModal})));
const DndCustomModal = lazy(() => import('../components/DndCustomModal').then((m) => ({default: m.DndCustomModal})));
const CustomStatusModal = lazy(() => import('../components/CustomStatusModal').then((m) => ({default: m.CustomStatusModal})));

function ActiveModal() {
    const modal = useStore((s) => s.modal);
    switch (modal) {
        case 'create-team':
            return <CreateTeamModal />;
        case 'invite-people':
            return <InvitePeopleModal />;
        case 'category-create':
            return <CategoryNameModal mode='create' />;
        case 'category-rename':
            return <CategoryNameModal mode='rename' />;
        case 'category-delete':
            return <DeleteCategoryModal />;
        case 'channel-move':
            return <MoveChannelModal />;
        case 'create-channel':
            return <CreateChannelModal />;
        case 'browse-channels':
            return <BrowseChannelsModal />;
        case 'direct-message':
            return <DirectMessageModal />;
        case 'delete-post':
            return <DeletePostModal />;
        case 'quick-switcher':
            return <QuickSwitcher />;
        case 'shortcuts':
            return <ShortcutsModal />;
        case 'channel-rename':
            return <EditChannelModal field='display_name' />;
        case 'channel-header':
            return <EditChannelModal field='header' />;
        case 'channel-purpose':
            return <EditChannelModal field='purpose' />;
        case 'channel-add-members':
            return <AddMembersModal />;
        case 'team-members':
            return <TeamMembersModal />;
        case 'team-settings':
            return <TeamSettingsModal />;
        case 'team-leave':
            return <LeaveTeamModal />;
        case 'channel-leave':
            return <ConfirmChannelModal action='leave' />;
        case 'channel-archive':
            return <ConfirmChannelModal action='archive' />;
        case 'channel-notifications':
            return (
                <Suspense fallback={null}>
                    <ChannelNotificationsModal />
                </Suspense>
            );
        case 'dnd-custom':
            return (
                <Suspense fallback={null}>
                    <DndCustomModal />
                </Suspense>
            );
        case 'custom-status':
            return (
                <Suspense fallback={null}>
                    <CustomStatusModal />
                </Suspense>
            );
        case 'custom-emoji':
            return (
                <Suspense fallback={null}>
                    <CustomEmojiModal />
                </Suspense>
            );
        case 'integrations':
            return (
                <Suspense fallback={null}>
                    <IntegrationsModal />
                </Suspense>
            );
        case 'settings':
            return (
                <Suspense fallback={null}>
                    <SettingsModal />
                </Suspense>
            );
        default:
            return null;
    }
}

function ConnectionBanner() {
    const socket = useStore((s) => s.socket);
    const online = useStore((s) => s.online);
    if (!online) {
        return (
            <div className='banner' role='status'>
                {t.offlineBanner}
            </div>
        );
    }
    if (socket === 'connected' || socket === 'connecting') {
        return null;
    }
    return (
        <div className='banner'>
            <ConnectionState />
        </div>
    );
}

export function MainScreen() {
    useEffect(() => listenToShortcuts(), []);
    const sidebarOpen = useStore((s) => s.sidebarOpen);
    const teams = useStore((s) => s.teams);
    const threadsRoute = useStore((s) => s.route.name === 'threads');
    const dialogOpen = useStore((s) => s.dialog !== null);
    if (teams.status === 'error' && !teams.data.length) {
        return (
            <main className='auth'>
                <div className='auth__card'>
                    <ErrorNote title={t.teamsUnavailable} error={teams.error} onRetry={() => void loadTeams()} />
                </div>
            </main>
        );
    }
    return (
        <div className={sidebarOpen ? 'app app--sidebar-open' : 'app'}>
            <ConnectionBanner />
            <div className='app__nav'>
                <TeamBar />
                <ChannelSidebar />
            </div>
            <button type='button' className='app__scrim' aria-label={t.close} tabIndex={-1} onClick={() => setSidebarOpen(false)} />
            {threadsRoute ? <ThreadsScreen /> : <ChannelView />}
            <ActiveModal />
            {dialogOpen && (
                <Suspense fallback={null}>
                    <InteractiveDialog />
                </Suspense>
            )}
            <Toast />
            <ProfilePopover />
        </div>
    );
}
