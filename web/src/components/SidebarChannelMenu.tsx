// A sidebar channel's menu (its "⋯" button or a right-click), as Mattermost's sidebar has it: mark
// as read, favorite, mute, move to a category, copy its link, leave (a channel) or close (a
// conversation).

import {useEffect, useLayoutEffect, useRef, useState} from 'react';

import type {Channel} from '../api/client';
import {markChannelRead, openChannelMoveModal, toggleFavorite} from '../store/actions';
import {closeConversation, copyChannelLink, leaveChannel, setChannelMuted} from '../store/channelActions';
import {isMuted} from '../store/channelNotify';
import {showToast} from '../store/posts';
import {useStore} from '../store/store';
import {t} from '../strings';
import {popupMenuKeys} from './useMenuPopup';

export interface MenuAnchor {
    left: number;
    top: number;
    bottom: number;
}

interface Item {
    label: string;
    run: () => Promise<void> | void;
    danger?: boolean;
}

/** `name`: the channel as the sidebar shows it; `onClose(refocus)`: refocus the row when closed from the keyboard. */
export function SidebarChannelMenu({channel, name, anchor, onClose}: {channel: Channel; name: string; anchor: MenuAnchor; onClose: (refocus: boolean) => void}) {
    const member = useStore((s) => s.myMembers[channel.id]);
    const sidebar = useStore((s) => (s.currentTeamId ? s.sidebars[s.currentTeamId]?.data : null));
    const menu = useRef<HTMLDivElement>(null);
    const [pos, setPos] = useState({left: anchor.left, top: anchor.bottom});
    // Below the row, or above it when it would not fit.
    useLayoutEffect(() => {
        const h = menu.current?.offsetHeight ?? 0;
        const top = anchor.bottom + h + 8 > window.innerHeight ? Math.max(8, anchor.top - h) : anchor.bottom;
        setPos({left: Math.min(anchor.left, window.innerWidth - 236), top});
    }, [anchor]);
    useEffect(() => {
        menu.current?.querySelector<HTMLButtonElement>('[role="menuitem"]')?.focus();
        const away = (e: MouseEvent) => menu.current && !menu.current.contains(e.target as Node) && onClose(false);
        document.addEventListener('mousedown', away);
        return () => document.removeEventListener('mousedown', away);
    }, [onClose]);

    const unread = Boolean(member && (member.msg_count < channel.total_msg_count || member.mention_count > 0));
    const muted = isMuted(member?.notify_props);
    const fromServer = sidebar?.source === 'server';
    const favorite = sidebar?.categories.some((c) => c.type === 'favorites' && c.channelIds.includes(channel.id)) ?? false;
    const items: Item[] = [
        ...(unread ? [{label: t.markAsRead, run: () => markChannelRead(channel.id)}] : []),
        ...(fromServer ? [{label: favorite ? t.unfavorite : t.favorite, run: () => toggleFavorite(channel.id)}] : []),
        ...(member ? [{label: muted ? t.unmuteChannelItem : t.muteChannelItem, run: () => setChannelMuted(channel.id, !muted)}] : []),
        ...(fromServer ? [{label: t.moveToCategory, run: () => openChannelMoveModal(channel.id)}] : []),
        {label: t.copyLink, run: () => copyChannelLink(channel)},
        // Private channels ask first, from their header's menu; public ones are left at once, as in Mattermost.
        ...(channel.type === 'O' && channel.name !== 'town-square' ? [{label: t.leaveChannel, run: () => leaveChannel(channel.id), danger: true}] : []),
        ...(channel.type === 'D' || channel.type === 'G' ? [{label: t.closeConversation, run: () => closeConversation(channel)}] : []),
    ];
    return (
        <div className='menu sidebar-channel-menu' role='menu' aria-label={t.channelOptions(name)} ref={menu} style={{left: pos.left, top: pos.top}} onKeyDown={(e) => popupMenuKeys(e, menu.current, onClose)}>
            {items.map((item) => (
                <button
                    key={item.label}
                    type='button'
                    role='menuitem'
                    className={item.danger ? 'menu__item menu__item--danger' : 'menu__item'}
                    onClick={() => {
                        onClose(false);
                        void Promise.resolve(item.run()).catch(() => showToast(t.channelChangeFailed));
                    }}
                >
                    {item.label}
                </button>
            ))}
        </div>
    );
}
