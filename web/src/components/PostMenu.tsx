// The "more actions" menu of a post: pin, save, copy link, mark as unread. A real menu: arrow keys
// move between items, Escape closes it and returns focus to its button.

import {useEffect, useRef} from 'react';
import type {KeyboardEvent} from 'react';

import {copyLink, markUnread, toggleSave, togglePin} from '../store/posts';
import {useStore} from '../store/store';
import {t} from '../strings';
import {Icon} from './Icon';
import type {IconName} from './Icon';
import {moveMenuFocus} from './useMenuPopup';

interface Item {
    label: string;
    icon: IconName;
    run: () => void;
}

export function PostMenu({postId, onClose}: {postId: string; onClose: (refocus: boolean) => void}) {
    const pinned = useStore((s) => s.postsById[postId]?.is_pinned ?? false);
    const saved = useStore((s) => Boolean(s.flagged[postId]));
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
        {label: t.copyLink, icon: 'link', run: () => void copyLink(postId)},
        {label: t.markUnread, icon: 'unread', run: () => void markUnread(postId)},
    ];
    const onKeyDown = (e: KeyboardEvent) => {
        if (moveMenuFocus(e, menu.current)) {
            return;
        }
        if (e.key === 'Escape') {
            e.preventDefault();
            e.stopPropagation();
            onClose(true);
        } else if (e.key === 'Tab') {
            onClose(false);
        }
    };
    return (
        <div className='menu post-menu' role='menu' aria-label={t.moreActions} ref={menu} onKeyDown={onKeyDown}>
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
