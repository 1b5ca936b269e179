// One channel in the sidebar: icon (or avatar for a DM), name, unread weight and mention badge,
// and its menu.

import {useCallback, useState} from 'react';
import type {MouseEvent} from 'react';

import type {Channel} from '../api/client';
import {channelRoute, navigate} from '../store/actions';
import {endChannelDrag, startChannelDrag} from '../store/categories';
import {isMuted} from '../store/channelNotify';
import {channelName, dmPartnerId} from '../store/names';
import {useStore} from '../store/store';
import {formatRoute} from '../store/routes';
import {t} from '../strings';
import {Avatar} from './Avatar';
import {CustomStatusEmoji} from './CustomStatusEmoji';
import {Icon} from './Icon';
import {SidebarChannelMenu} from './SidebarChannelMenu';
import type {MenuAnchor} from './SidebarChannelMenu';

function ChannelIcon({channel}: {channel: Channel}) {
    const myId = useStore((s) => s.me?.id ?? '');
    const partner = useStore((s) => (channel.type === 'D' ? s.users[dmPartnerId(channel, myId)] : undefined));
    const status = useStore((s) => (partner ? s.statuses[partner.id] : undefined));
    if (channel.type === 'D') {
        return <Avatar user={partner} size='sm' status={status ?? 'offline'} />;
    }
    if (channel.type === 'G') {
        return <span className='channel-row__count'>{Math.max(channel.display_name.split(',').length - 1, 2)}</span>;
    }
    return channel.type === 'P' ? <Icon name='lock' size={16} label={t.privateChannel} /> : <Icon name='hash' size={16} />;
}

/** `carried`: picked up with the keyboard to be moved (SidebarCategory); `describedBy`: the
 * id of the text that says how. */
export function ChannelRow({channelId, carried = false, describedBy}: {channelId: string; carried?: boolean; describedBy?: string}) {
    const channel = useStore((s) => s.channels[channelId]);
    const member = useStore((s) => s.myMembers[channelId]);
    const users = useStore((s) => s.users);
    const myId = useStore((s) => s.me?.id ?? '');
    const active = useStore((s) => s.currentChannelId === channelId);
    // Its menu, where it opens (the "⋯" button, or a right-click on the row).
    const [menuAt, setMenuAt] = useState<MenuAnchor | null>(null);
    const closeMenu = useCallback(
        (refocus: boolean) => {
            setMenuAt(null);
            if (refocus) {
                document.querySelector<HTMLElement>(`li[data-channel-id="${channelId}"] .channel-row__options`)?.focus();
            }
        },
        [channelId],
    );
    if (!channel || channel.delete_at !== 0) {
        return null;
    }
    const openMenu = (e: MouseEvent<HTMLElement>, at?: {x: number; y: number}) => {
        const r = e.currentTarget.getBoundingClientRect();
        setMenuAt(at ? {left: at.x, top: at.y, bottom: at.y} : {left: r.left, top: r.top, bottom: r.bottom});
    };
    const name = channelName(channel, users, myId);
    const muted = isMuted(member?.notify_props);
    // Muted: only mentions mark it unread.
    const unread = !active && !muted && member !== undefined && channel.total_msg_count > member.msg_count;
    const mentions = active ? 0 : (member?.mention_count ?? 0);
    const classes = ['channel-row', active && 'channel-row--active', (unread || mentions > 0) && 'channel-row--unread', muted && 'channel-row--muted', carried && 'channel-row--carried'];
    const route = channelRoute(channel);
    return (
        <li data-channel-id={channelId} className={menuAt ? 'channel-item channel-item--menu' : 'channel-item'}>
            <a
                href={formatRoute(route)}
                className={classes.filter(Boolean).join(' ')}
                aria-current={active ? 'page' : undefined}
                aria-describedby={describedBy}
                // Dragged onto a category (SidebarCategory) it moves there; the link's address
                // still goes along for a drop outside the page.
                onDragStart={(e) => {
                    startChannelDrag(channelId);
                    e.dataTransfer.effectAllowed = 'copyMove';
                }}
                onDragEnd={endChannelDrag}
                onClick={(e) => {
                    e.preventDefault();
                    navigate(route);
                }}
                onContextMenu={(e) => {
                    e.preventDefault();
                    openMenu(e, {x: e.clientX, y: e.clientY});
                }}
            >
                <span className='channel-row__icon'>
                    <ChannelIcon channel={channel} />
                </span>
                <span className='channel-row__name'>{name}</span>
                {channel.type === 'D' && <CustomStatusEmoji user={users[dmPartnerId(channel, myId)]} />}
                {/* What the weight and dimming show, for screen readers. */}
                {(unread || muted) && <span className='visually-hidden'>{[unread && t.unreadState, muted && t.mutedState].filter(Boolean).join(', ')}</span>}
                {mentions > 0 && (
                    <span className='badge' aria-label={t.unreadMentions(mentions)}>
                        {mentions}
                    </span>
                )}
            </a>
            <button
                type='button'
                className='icon-button icon-button--small channel-row__options'
                aria-haspopup='menu'
                aria-expanded={Boolean(menuAt)}
                aria-label={t.channelOptions(name)}
                title={t.channelOptions(name)}
                onClick={(e) => (menuAt ? setMenuAt(null) : openMenu(e))}
            >
                <Icon name='dots' size={16} />
            </button>
            {menuAt && <SidebarChannelMenu channel={channel} name={name} anchor={menuAt} onClose={closeMenu} />}
        </li>
    );
}
