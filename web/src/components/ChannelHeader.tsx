// Above the messages: channel kind and name, favorite star, header (or purpose), and the members button.

import {useCallback, useState} from 'react';
import type {KeyboardEvent} from 'react';

import type {Channel} from '../api/client';
import {closePane, openModal, setSidebarOpen, toggleFavorite, toggleMembersPane} from '../store/actions';
import type {Modal} from '../store/store';
import {openPinned, openSaved} from '../store/posts';
import {channelName, dmPartnerId} from '../store/names';
import {showMentions} from '../store/search';
import {useStore} from '../store/store';
import {t} from '../strings';
import {Markdown} from '../markdown/Markdown';
import {CustomStatusEmoji} from './CustomStatusEmoji';
import {Icon} from './Icon';
import {SearchBox} from './search/SearchBox';
import {moveMenuFocus, useMenuPopup} from './useMenuPopup';

const KIND_LABEL: Record<string, string> = {O: t.publicChannel, P: t.privateChannel, D: t.directMessage, G: t.groupMessage};

function kindLabel(channel: Channel): string {
    return KIND_LABEL[channel.type] ?? '';
}

function ChannelMenu({channel, onClose}: {channel: Channel; onClose: () => void}) {
    const ref = useMenuPopup(onClose);
    const direct = channel.type === 'D' || channel.type === 'G';
    const categorized = useStore((s) => (s.currentTeamId ? s.sidebars[s.currentTeamId]?.data?.source === 'server' : false));
    const item = (label: string, modal: Modal, danger = false) => (
        <button
            type='button'
            role='menuitem'
            className={danger ? 'menu__item menu__item--danger' : 'menu__item'}
            onClick={() => {
                onClose();
                openModal(modal);
            }}
        >
            {label}
        </button>
    );
    const onKeyDown = (e: KeyboardEvent) => {
        if (e.key === 'Escape') {
            onClose();
        } else {
            moveMenuFocus(e, ref.current);
        }
    };
    // On a phone the header has no room for the mentions, pinned and saved buttons: they are here
    // instead (channel.css shows these items only where it hides the buttons).
    const narrowItem = (label: string, open: () => void) => (
        <button
            type='button'
            role='menuitem'
            className='menu__item channel-menu__narrow'
            onClick={() => {
                onClose();
                open();
            }}
        >
            {label}
        </button>
    );
    return (
        <div className='menu menu--down channel-menu' role='menu' aria-label={t.channelMenu(channel.display_name)} ref={ref} onKeyDown={onKeyDown}>
            {narrowItem(t.recentMentions, () => void showMentions())}
            {narrowItem(t.pinnedTitle, () => void openPinned())}
            {narrowItem(t.savedTitle, () => void openSaved())}
            <div className='menu__separator channel-menu__narrow' role='separator' />
            {item(t.channelNotifications, 'channel-notifications')}
            <div className='menu__separator' role='separator' />
            {!direct && channel.name !== 'town-square' && item(t.addMembers, 'channel-add-members')}
            {!direct && item(t.renameChannel, 'channel-rename')}
            {item(t.editHeader, 'channel-header')}
            {!direct && item(t.editPurpose, 'channel-purpose')}
            {categorized && item(t.moveToCategory, 'channel-move')}
            {!direct && channel.name !== 'town-square' && (
                <>
                    <div className='menu__separator' role='separator' />
                    {item(t.leaveChannel, 'channel-leave')}
                    {item(t.archiveChannel, 'channel-archive', true)}
                </>
            )}
        </div>
    );
}

export function ChannelHeader({channel}: {channel: Channel}) {
    const [menu, setMenu] = useState(false);
    // Stable, so that the menu's effect (focus on its first item) runs once per opening.
    const closeMenu = useCallback(() => setMenu(false), []);
    // An archived channel has no menu: on a phone its buttons stay in the header.
    const wide = channel.delete_at ? 'header-button' : 'header-button header-button--wide';
    const users = useStore((s) => s.users);
    const myId = useStore((s) => s.me?.id ?? '');
    const count = useStore((s) => s.memberCounts[channel.id]);
    const pane = useStore((s) => s.pane);
    const mentionsOpen = useStore((s) => s.pane === 'search' && s.search.mentions);
    const paneOpen = pane === 'members';
    const sidebar = useStore((s) => (s.currentTeamId ? s.sidebars[s.currentTeamId]?.data : null));
    const favorite = sidebar?.categories.some((c) => c.type === 'favorites' && c.channelIds.includes(channel.id)) ?? false;
    const canFavorite = sidebar?.source === 'server';
    const name = channelName(channel, users, myId);
    const myUsername = useStore((s) => s.me?.username);
    return (
        <header className='channel-header'>
            <button type='button' className='icon-button channel-header__menu' onClick={() => setSidebarOpen(true)} aria-label={t.openSidebar} title={t.openSidebar}>
                <Icon name='menu' />
            </button>
            <div className='channel-header__title'>
                <span className='channel-header__kind'>
                    <Icon name={channel.type === 'P' ? 'lock' : channel.type === 'O' ? 'hash' : 'at'} size={18} label={kindLabel(channel)} />
                </span>
                <h1 className='channel-header__name'>
                    <button type='button' className='channel-header__name-button' aria-haspopup='menu' aria-expanded={menu} onClick={() => setMenu(!menu)} disabled={Boolean(channel.delete_at)}>
                        <span className='channel-header__name-text'>{name}</span>
                        <Icon name='chevron' size={14} />
                    </button>
                </h1>
                {channel.type === 'D' && <CustomStatusEmoji user={users[dmPartnerId(channel, myId)]} />}
                {menu && <ChannelMenu channel={channel} onClose={closeMenu} />}
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
                {/* The header is Markdown, as in Mattermost (links, mentions, emoji), on one line;
                    without one, the purpose (which the channel's intro also shows). */}
                {channel.header ? (
                    <div className='channel-header__about channel-header__about--md' title={channel.header}>
                        <Markdown text={channel.header} myUsername={myUsername} />
                    </div>
                ) : (
                    channel.purpose && <p className='channel-header__about'>{channel.purpose}</p>
                )}
            </div>
            <SearchBox />
            <button
                type='button'
                className={mentionsOpen ? `${wide} header-button--active` : wide}
                aria-pressed={mentionsOpen}
                aria-label={t.recentMentions}
                title={`${t.recentMentions} (${t.mentionsShortcut})`}
                onClick={() => (mentionsOpen ? closePane() : void showMentions())}
            >
                <Icon name='at' size={18} />
            </button>
            <button
                type='button'
                className={pane === 'pinned' ? `${wide} header-button--active` : wide}
                aria-pressed={pane === 'pinned'}
                aria-label={t.pinnedTitle}
                title={t.pinnedTitle}
                onClick={() => (pane === 'pinned' ? closePane() : void openPinned())}
            >
                <Icon name='pin' size={18} />
            </button>
            <button
                type='button'
                className={pane === 'saved' ? `${wide} header-button--active` : wide}
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
