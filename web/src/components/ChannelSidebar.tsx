// The channel sidebar: team name and its menu, the categories, and me at the bottom.

import {useEffect, useState} from 'react';
import type {KeyboardEvent} from 'react';

import {loadTeamChannels, navigate, openModal} from '../store/actions';
import {categoryShown} from '../store/categories';
import {formatRoute} from '../store/routes';
import {useStore} from '../store/store';
import {canManageTeam} from '../store/teamActions';
import {t} from '../strings';
import {ErrorNote} from './ErrorNote';
import {Icon} from './Icon';
import {SidebarCategory} from './SidebarCategory';
import {SkeletonRows} from './Skeleton';
import {moveMenuFocus, useMenuPopup} from './useMenuPopup';
import {UserFooter} from './UserFooter';

function TeamMenu({onClose, teamId, canInvite, canCategorize}: {onClose: () => void; teamId: string; canInvite: boolean; canCategorize: boolean}) {
    const ref = useMenuPopup(onClose);
    // Team settings only for those who may change them (asked when the menu opens).
    const [canManage, setCanManage] = useState(false);
    useEffect(() => {
        let live = true;
        void canManageTeam(teamId).then((yes) => live && setCanManage(yes));
        return () => {
            live = false;
        };
    }, [teamId]);
    const item = (label: string, modal: Parameters<typeof openModal>[0], danger = false) => (
        <button type='button' role='menuitem' className={danger ? 'menu__item menu__item--danger' : 'menu__item'} onClick={() => (onClose(), openModal(modal))}>
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
    return (
        <div className='menu menu--down' role='menu' aria-label={t.teamMenu} ref={ref} onKeyDown={onKeyDown}>
            {item(t.createChannel, 'create-channel')}
            {item(t.browseChannels, 'browse-channels')}
            {item(t.openDirectMessage, 'direct-message')}
            {canInvite && item(t.invitePeople, 'invite-people')}
            {canCategorize && item(t.createCategory, 'category-create')}
            <div className='menu__separator' role='separator' />
            {item(t.teamMembers, 'team-members')}
            {canManage && item(t.teamSettings, 'team-settings')}
            {item(t.createTeamTitle, 'create-team')}
            {item(t.leaveTeam, 'team-leave', true)}
        </div>
    );
}

function Categories({teamId}: {teamId: string}) {
    const sidebar = useStore((s) => s.sidebars[teamId]);
    if (!sidebar || (sidebar.status === 'loading' && !sidebar.data)) {
        return <SkeletonRows count={7} variant='sidebar' />;
    }
    if (sidebar.status === 'error' && !sidebar.data) {
        return <ErrorNote title={t.channelsUnavailable} error={sidebar.error} onRetry={() => void loadTeamChannels(teamId)} />;
    }
    return (
        <>
            {sidebar.data?.categories.filter(categoryShown).map((c, i, all) => (
                <SidebarCategory key={c.id} category={c} place={all.length === 1 ? 'only' : i === 0 ? 'first' : i === all.length - 1 ? 'last' : 'middle'} />
            ))}
            {sidebar.data?.source === 'derived' && <p className='sidebar__note'>{t.categoriesFallback}</p>}
        </>
    );
}

function ThreadsLink({team}: {team: string}) {
    const active = useStore((s) => s.route.name === 'threads');
    const threads = useStore((s) => s.userThreads);
    const ids = useStore((s) => s.followedThreads.data);
    let unread = false;
    let mentions = 0;
    for (const id of ids) {
        const th = threads[id];
        unread ||= (th?.unread_replies ?? 0) > 0;
        mentions += th?.unread_mentions ?? 0;
    }
    const route = {name: 'threads', team} as const;
    const classes = ['channel-row', 'threads-link', active && 'channel-row--active', !active && (unread || mentions > 0) && 'channel-row--unread'];
    return (
        <a
            href={formatRoute(route)}
            className={classes.filter(Boolean).join(' ')}
            aria-current={active ? 'page' : undefined}
            onClick={(e) => {
                e.preventDefault();
                navigate(route);
            }}
        >
            <span className='channel-row__icon'>
                <Icon name='threads' size={16} />
            </span>
            <span className='channel-row__name'>{t.threadsTitle}</span>
            {mentions > 0 && (
                <span className='badge' aria-label={t.unreadMentions(mentions)}>
                    {mentions}
                </span>
            )}
        </a>
    );
}

export function ChannelSidebar() {
    const team = useStore((s) => s.teams.data.find((tm) => tm.id === s.currentTeamId));
    const [menu, setMenu] = useState(false);
    // Categories of my own need the server's (not the ones derived when it has none).
    const categorized = useStore((s) => (s.currentTeamId ? s.sidebars[s.currentTeamId]?.data?.source === 'server' : false));
    return (
        <nav className='sidebar' aria-label={t.sidebarLabel}>
            <div className='sidebar__header'>
                <button type='button' className='sidebar__team' aria-haspopup='menu' aria-expanded={menu} onClick={() => setMenu(!menu)}>
                    <span className='sidebar__team-name'>{team?.display_name ?? ''}</span>
                    <Icon name='chevron' size={16} />
                </button>
                <button type='button' className='icon-button' onClick={() => openModal('browse-channels')} title={t.browseChannels} aria-label={t.browseChannels}>
                    <Icon name='search' size={18} />
                </button>
                {menu && team && <TeamMenu onClose={() => setMenu(false)} teamId={team.id} canInvite={Boolean(team?.invite_id)} canCategorize={categorized} />}
            </div>
            <button type='button' className='sidebar__find' onClick={() => openModal('quick-switcher')} aria-keyshortcuts='Control+K Meta+K'>
                <Icon name='search' size={14} />
                <span className='sidebar__find-label'>{t.quickSwitcher}</span>
                <kbd aria-hidden='true'>{t.quickSwitcherKeys}</kbd>
            </button>
            <div className='sidebar__scroll'>
                {team && <ThreadsLink team={team.name} />}
                {team && <Categories teamId={team.id} />}
            </div>
            <UserFooter />
        </nav>
    );
}
