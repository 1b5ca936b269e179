// The "more actions" menu of a post: save, pin, follow its thread, copy link or text, mark as
// unread. A real menu: arrow keys move between items, Escape closes it and returns focus to its
// button.

import {useEffect, useRef} from 'react';

import {copyLink, copyText, markUnread, showToast, toggleSave, togglePin} from '../store/posts';
import {setFollowing} from '../store/threads';
import {useStore} from '../store/store';
import {t} from '../strings';
import {Icon} from './Icon';
import type {IconName} from './Icon';
import {popupMenuKeys} from './useMenuPopup';

interface Item {
    label: string;
    icon: IconName;
    run: () => void;
}

export function PostMenu({postId, onClose}: {postId: string; onClose: (refocus: boolean) => void}) {
    const pinned = useStore((s) => s.postsById[postId]?.is_pinned ?? false);
    const saved = useStore((s) => Boolean(s.flagged[postId]));
    // The thread the post starts or is in; followed when it is among my followed threads.
    const rootId = useStore((s) => s.postsById[postId]?.root_id || postId);
    const following = useStore((s) => s.userThreads[rootId]?.is_following ?? false);
    const system = useStore((s) => Boolean(s.postsById[postId]?.type?.startsWith('system_')));
    const menu = useRef<HTMLDivElement>(null);
    useEffect(() => {
        menu.current?.querySelector<HTMLButtonElement>('[role="menuitem"]')?.focus();
        const away = (e: MouseEvent) => {
            if (menu.current && !menu.current.parentElement?.contains(e.target as Node)) {
                onClose(false);
            }
        };
        document.addEventListener('mousedown', away);
        return () => document.removeEventListener('mousedown', away);
    }, [onClose]);
    const items: Item[] = [
        {label: saved ? t.unsavePost : t.savePost, icon: 'bookmark', run: () => void toggleSave(postId)},
        {label: pinned ? t.unpin : t.pin, icon: 'pin', run: () => void togglePin(postId)},
        ...(system ? [] : [{label: following ? t.unfollowThread : t.followThread, icon: 'threads' as const, run: () => void setFollowing(rootId, !following).catch(() => showToast(t.followFailed))}]),
        {label: t.copyLink, icon: 'link', run: () => void copyLink(postId)},
        ...(system ? [] : [{label: t.copyText, icon: 'file' as const, run: () => void copyText(postId)}]),
        {label: t.markUnread, icon: 'unread', run: () => void markUnread(postId)},
    ];
    return (
        <div className='menu post-menu' role='menu' aria-label={t.moreActions} ref={menu} onKeyDown={(e) => popupMenuKeys(e, menu.current, onClose)}>
            {items.map((item) => (
                <button
                    key={item.icon}
                    type='button'
                    role='menuitem'
                    className='menu__item'
                    onClick={() => {
                        onClose(true);
                        item.run();
                    }}
                >
                    <Icon name={item.icon} size={16} />
                    {item.label}
                </button>
            ))}
        </div>
    );
}
