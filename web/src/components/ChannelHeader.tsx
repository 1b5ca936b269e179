// Above the messages: channel kind and name, favorite star, purpose, and the members button.

import type {Channel} from '../api/client';
import {closePane, setSidebarOpen, toggleFavorite, toggleMembersPane} from '../store/actions';
import {openPinned, openSaved} from '../store/posts';
import {channelName} from '../store/names';
import {useStore} from '../store/store';
import {t} from '../strings';
import {Icon} from './Icon';

const KIND_LABEL: Record<string, string> = {O: t.publicChannel, P: t.privateChannel, D: t.directMessage, G: t.groupMessage};

function kindLabel(channel: Channel): string {
    return KIND_LABEL[channel.type] ?? '';
}

export function ChannelHeader({channel}: {channel: Channel}) {
    const users = useStore((s) => s.users);
    const myId = useStore((s) => s.me?.id ?? '');
    const count = useStore((s) => s.memberCounts[channel.id]);
    const pane = useStore((s) => s.pane);
    const paneOpen = pane === 'members';
    const sidebar = useStore((s) => (s.currentTeamId ? s.sidebars[s.currentTeamId]?.data : null));
    const favorite = sidebar?.categories.some((c) => c.type === 'favorites' && c.channelIds.includes(channel.id)) ?? false;
    const canFavorite = sidebar?.source === 'server';
    const name = channelName(channel, users, myId);
    const about = channel.purpose || channel.header;
    return (
        <header className='channel-header'>
            <button type='button' className='icon-button channel-header__menu' onClick={() => setSidebarOpen(true)} aria-label={t.openSidebar} title={t.openSidebar}>
                <Icon name='menu' />
            </button>
            <div className='channel-header__title'>
                <span className='channel-header__kind'>
                    <Icon name={channel.type === 'P' ? 'lock' : channel.type === 'O' ? 'hash' : 'at'} size={18} label={kindLabel(channel)} />
                </span>
                <h1 className='channel-header__name'>{name}</h1>
                {canFavorite && (
                    <button
                        type='button'
                        className={favorite ? 'icon-button icon-button--small star star--on' : 'icon-button icon-button--small star'}
                        aria-pressed={favorite}
                        aria-label={favorite ? t.unfavorite : t.favorite}
                        title={favorite ? t.unfavorite : t.favorite}
                        onClick={() => void toggleFavorite(channel.id)}
                    >
                        <Icon name='star' size={16} />
                    </button>
                )}
                {about && <p className='channel-header__about'>{about}</p>}
            </div>
            <button
                type='button'
                className={pane === 'pinned' ? 'header-button header-button--active' : 'header-button'}
                aria-pressed={pane === 'pinned'}
                aria-label={t.pinnedTitle}
                title={t.pinnedTitle}
                onClick={() => (pane === 'pinned' ? closePane() : void openPinned())}
            >
                <Icon name='pin' size={18} />
            </button>
            <button
                type='button'
                className={pane === 'saved' ? 'header-button header-button--active' : 'header-button'}
                aria-pressed={pane === 'saved'}
                aria-label={t.savedTitle}
                title={t.savedTitle}
                onClick={() => (pane === 'saved' ? closePane() : void openSaved())}
            >
                <Icon name='bookmark' size={18} />
            </button>
            <button
                type='button'
                className={paneOpen ? 'header-button header-button--active' : 'header-button'}
                aria-pressed={paneOpen}
                aria-label={count !== undefined ? `${t.members}: ${t.memberCount(count)}` : t.members}
                title={t.members}
                onClick={toggleMembersPane}
            >
                <Icon name='users' size={18} />
                {count !== undefined && <span>{count}</span>}
            </button>
        </header>
    );
}
