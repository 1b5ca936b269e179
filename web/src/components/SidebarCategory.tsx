// One sidebar section (Favorites, Channels, Direct messages or a custom category), collapsible,
// its channels in the order it is sorted by; its menu mutes it, sorts it, and renames or deletes
// a custom one.

import {useEffect, useLayoutEffect, useMemo, useRef, useState} from 'react';
import type {DragEvent, FocusEvent, KeyboardEvent} from 'react';

import {openCategoryModal, openModal} from '../store/actions';
import {canDropInto, carriedOrder, draggedChannel, dropChannel, endChannelDrag, moveCategory, setCategoryCollapsed, setCategoryMuted, setCategorySorting} from '../store/categories';
import {isClosed, visibleConversations} from '../store/closedConversations';
import {channelName} from '../store/names';
import {showToast} from '../store/posts';
import {sortChannelIds} from '../store/sidebar';
import {getState, useStore} from '../store/store';
import type {SidebarCategory as Category} from '../store/store';
import {t} from '../strings';
import {ChannelRow} from './ChannelRow';
import {Icon} from './Icon';
import {useMenuPopup} from './useMenuPopup';

type Sorting = 'alpha' | 'recent' | 'manual';

function CategoryMenu({category, shown, first, last, onClose}: {category: Category; shown: string[]; first: boolean; last: boolean; onClose: () => void}) {
    const ref = useMenuPopup(onClose);
    const run = (action: () => Promise<void>) => () => {
        onClose();
        void action().catch(() => showToast(t.categorySaveFailed));
    };
    const item = (label: string, modal: 'category-rename' | 'category-delete') => (
        <button type='button' role='menuitem' className={modal === 'category-delete' ? 'menu__item menu__item--danger' : 'menu__item'} onClick={() => (onClose(), openCategoryModal(modal, category.id))}>
            {label}
        </button>
    );
    const dms = category.type === 'direct_messages';
    const current: Sorting = category.sorting === 'recent' || category.sorting === 'manual' ? category.sorting : 'alpha';
    const sortings: Array<[Sorting, string]> = [
        ['alpha', t.sortAlpha],
        ['recent', t.sortRecent],
        ...(dms ? [] : [['manual', t.sortManual] as [Sorting, string]]),
    ];
    return (
        <div className='menu menu--down category__menu' role='menu' aria-label={t.categoryOptions(category.displayName)} ref={ref} onKeyDown={(e) => e.key === 'Escape' && onClose()}>
            {!dms && (
                <button type='button' role='menuitem' className='menu__item' onClick={run(() => setCategoryMuted(category.id, !category.muted))}>
                    {category.muted ? t.unmuteCategory : t.muteCategory}
                </button>
            )}
            <div role='group' aria-label={t.sortCategory}>
                <div className='menu__label' aria-hidden='true'>
                    {t.sortCategory}
                </div>
                {sortings.map(([value, label]) => (
                    <button key={value} type='button' role='menuitemradio' aria-checked={current === value} className='menu__item' onClick={run(() => setCategorySorting(category.id, value, shown))}>
                        {label}
                    </button>
                ))}
            </div>
            {!(first && last) && <div className='menu__separator' role='separator' />}
            {!first && (
                <button type='button' role='menuitem' className='menu__item' onClick={run(() => moveCategory(category.id, -1))}>
                    {t.moveCategoryUp}
                </button>
            )}
            {!last && (
                <button type='button' role='menuitem' className='menu__item' onClick={run(() => moveCategory(category.id, 1))}>
                    {t.moveCategoryDown}
                </button>
            )}
            {category.type === 'custom' && (
                <>
                    <div className='menu__separator' role='separator' />
                    {item(t.renameCategory, 'category-rename')}
                    {item(t.deleteCategory, 'category-delete')}
                </>
            )}
        </div>
    );
}

/** The category's channels in its order; the same array while the order is the same, so the
 * rows are not rendered again for a post that changes nothing here. */
function useOrderedIds(category: Category): string[] {
    const channels = useStore((s) => s.channels);
    const users = useStore((s) => s.users);
    const myId = useStore((s) => s.me?.id ?? '');
    // Closed conversations are left out (the open one stays while it is open).
    const closed = useStore((s) => s.closedConversations);
    const current = useStore((s) => s.currentChannelId);
    // Direct messages: the most recent ones within my limit, the open and unread ones always.
    const limit = useStore((s) => (category.type === 'direct_messages' ? s.dmLimit : 0));
    const members = useStore((s) => (limit ? s.myMembers : null));
    const last = useRef<string[]>([]);
    return useMemo(() => {
        const open = sortChannelIds(category, channels, users, myId).filter((id) => id === current || !isClosed(channels[id], closed, myId));
        const unread = (id: string) => {
            const m = members?.[id];
            return Boolean(m && ((channels[id]?.total_msg_count ?? 0) > m.msg_count || m.mention_count > 0));
        };
        const next = visibleConversations(open, channels, limit, (id) => id === current || unread(id));
        const prev = last.current;
        if (prev.length === next.length && prev.every((id, i) => id === next[i])) {
            return prev;
        }
        last.current = next;
        return next;
    }, [category, channels, users, myId, closed, current, limit, members]);
}

/** `place`: where the category stands among the sidebar's (for its menu's moves). */
export function SidebarCategory({category, place}: {category: Category; place: 'first' | 'last' | 'only' | 'middle'}) {
    const [collapsed, setCollapsed] = useState(category.collapsed);
    const [menu, setMenu] = useState(false);
    const fromServer = useStore((s) => (s.currentTeamId ? s.sidebars[s.currentTeamId]?.data?.source === 'server' : false));
    const ids = useOrderedIds(category);
    // Reordering from the keyboard, as dragging does (Mattermost's sidebar takes Space, the arrow
    // keys and Space): the channel picked up and the place it is carried to, shown before it is
    // dropped; `dropped` while the new order is being saved. Not in Direct messages, which are
    // sorted by name or activity only.
    const reorderable = fromServer && category.type !== 'direct_messages' && ids.length > 1;
    const [carry, setCarry] = useState<{id: string; at: number; dropped?: boolean} | null>(null);
    const [said, setSaid] = useState('');
    const list = useRef<HTMLUListElement>(null);
    const shown = useMemo(() => (carry ? carriedOrder(ids, carry.id, carry.at) : ids), [ids, carry]);
    const helpId = reorderable ? `reorder-help-${category.id}` : undefined;
    const rows = useMemo(() => shown.map((id) => <ChannelRow key={id} channelId={id} carried={carry?.id === id} describedBy={helpId} />), [shown, carry?.id, helpId]);
    // A channel dragged over the category: where it would go (before that channel; null: at the
    // end), shown as a line; undefined when nothing is dragged over it.
    const [dropBefore, setDropBefore] = useState<string | null | undefined>(undefined);
    // Collapsed elsewhere (another tab, a reload of the sidebar): follow the server.
    useEffect(() => setCollapsed(category.collapsed), [category.collapsed]);
    // The carried row keeps the focus while React moves the rows around it.
    useLayoutEffect(() => {
        const link = carry ? list.current?.querySelector<HTMLElement>(`li[data-channel-id="${carry.id}"] a`) : null;
        if (link && document.activeElement !== link) {
            link.focus();
        }
    }, [carry, shown]);
    // A channel that left the category meanwhile is no longer carried.
    useEffect(() => setCarry((c) => (c && !ids.includes(c.id) ? null : c)), [ids]);
    const carryKeys = (e: KeyboardEvent<HTMLUListElement>) => {
        // Only on the row's link (not its menu button or menu).
        const target = e.target as HTMLElement;
        const id = target.matches('a.channel-row') ? target.closest('li[data-channel-id]')?.getAttribute('data-channel-id') : null;
        if (!reorderable || !id || e.altKey || e.ctrlKey || e.metaKey || e.shiftKey || (carry && carry.id !== id) || carry?.dropped) {
            return;
        }
        const {channels, users, me} = getState();
        const name = channels[id] ? channelName(channels[id], users, me?.id ?? '') : '';
        const place = (order: string[]) => t.placeOf(order.indexOf(id) + 1, order.length, category.displayName);
        if (e.key === ' ' && !carry) {
            e.preventDefault();
            setCarry({id, at: ids.indexOf(id)});
            setSaid(t.channelLifted(name, place(ids)));
        } else if (e.key === ' ' && carry) {
            e.preventDefault();
            const order = carriedOrder(ids, id, carry.at);
            setSaid(t.channelDropped(name, place(order)));
            if (order.every((x, i) => x === ids[i])) {
                setCarry(null);
                return;
            }
            setCarry({...carry, dropped: true});
            // Once saved, the sidebar's own order is the one shown (dropChannel reloads it).
            void dropChannel(id, category.id, ids, order[order.indexOf(id) + 1] ?? null)
                .catch(() => showToast(t.categorySaveFailed))
                .finally(() => setCarry(null));
        } else if (carry && (e.key === 'ArrowUp' || e.key === 'ArrowDown')) {
            e.preventDefault();
            const at = Math.max(0, Math.min(ids.length - 1, carry.at + (e.key === 'ArrowUp' ? -1 : 1)));
            setCarry({...carry, at});
            setSaid(t.channelCarried(name, place(carriedOrder(ids, id, at))));
        } else if (carry && e.key === 'Escape') {
            e.preventDefault();
            setCarry(null);
            setSaid(t.channelMoveCancelled(name, place(ids)));
        }
    };
    // Focus gone elsewhere (not a row moved under it): the carried channel goes back.
    const carryBlur = (e: FocusEvent<HTMLUListElement>) => {
        if (carry && !carry.dropped && !e.currentTarget.contains(e.relatedTarget as Node | null)) {
            window.setTimeout(() => {
                const link = list.current?.querySelector(`li[data-channel-id="${carry.id}"] a`);
                if (link !== document.activeElement) {
                    setCarry((c) => (c && !c.dropped ? null : c));
                }
            });
        }
    };
    const toggle = () => {
        setCollapsed(!collapsed);
        // Kept on the server, as Mattermost does, so it holds in my other tabs and devices.
        void setCategoryCollapsed(category.id, !collapsed).catch(() => undefined);
    };
    const addAction =
        category.type === 'channels' ? (
            <button type='button' className='icon-button icon-button--small' onClick={() => openModal('create-channel')} title={t.createChannel} aria-label={t.createChannel}>
                <Icon name='plus' size={16} />
            </button>
        ) : category.type === 'direct_messages' ? (
            <button type='button' className='icon-button icon-button--small' onClick={() => openModal('direct-message')} title={t.openDirectMessage} aria-label={t.openDirectMessage}>
                <Icon name='plus' size={16} />
            </button>
        ) : null;
    const dragOver = (e: DragEvent<HTMLElement>) => {
        if (!fromServer || !canDropInto(category)) {
            return;
        }
        e.preventDefault();
        e.dataTransfer.dropEffect = 'move';
        let before: string | null = null;
        for (const li of e.currentTarget.querySelectorAll<HTMLElement>('li[data-channel-id]')) {
            const box = li.getBoundingClientRect();
            if (e.clientY < box.top + box.height / 2) {
                before = li.dataset.channelId ?? null;
                break;
            }
        }
        setDropBefore(before);
    };
    const drop = (e: DragEvent<HTMLElement>) => {
        const channelId = draggedChannel();
        e.preventDefault();
        setDropBefore(undefined);
        endChannelDrag();
        if (channelId) {
            void dropChannel(channelId, category.id, ids, dropBefore ?? null).catch(() => showToast(t.categorySaveFailed));
        }
    };
    const classes = ['category', collapsed && 'category--collapsed', category.muted && 'category--muted', dropBefore !== undefined && 'category--drop'];
    const lineAt = dropBefore === undefined ? -1 : dropBefore === null ? rows.length : Math.max(0, shown.indexOf(dropBefore));
    const shownRows = lineAt < 0 ? rows : [...rows.slice(0, lineAt), <li key='drop-line' className='category__drop-line' aria-hidden='true' />, ...rows.slice(lineAt)];
    return (
        <section
            className={classes.filter(Boolean).join(' ')}
            aria-label={category.displayName}
            onDragOver={dragOver}
            onDragLeave={(e) => !e.currentTarget.contains(e.relatedTarget as Node | null) && setDropBefore(undefined)}
            onDrop={drop}
        >
            <div className='category__header'>
                <button
                    type='button'
                    className='category__toggle'
                    aria-expanded={!collapsed}
                    title={collapsed ? t.expandCategory(category.displayName) : t.collapseCategory(category.displayName)}
                    onClick={toggle}
                >
                    <Icon name='chevron' size={14} />
                    <span>{category.displayName}</span>
                    {category.muted && <span className='visually-hidden'>, {t.mutedState}</span>}
                </button>
                {fromServer && (
                    <button
                        type='button'
                        className='icon-button icon-button--small category__options'
                        aria-haspopup='menu'
                        aria-expanded={menu}
                        onClick={() => setMenu(!menu)}
                        title={t.categoryOptions(category.displayName)}
                        aria-label={t.categoryOptions(category.displayName)}
                    >
                        <Icon name='dots' size={16} />
                    </button>
                )}
                {addAction}
                {menu && <CategoryMenu category={category} shown={ids} first={place === 'first' || place === 'only'} last={place === 'last' || place === 'only'} onClose={() => setMenu(false)} />}
            </div>
            {!collapsed && (
                <ul className='category__channels' ref={list} onKeyDown={carryKeys} onBlur={carryBlur}>
                    {shownRows}
                </ul>
            )}
            {helpId && (
                <span id={helpId} hidden>
                    {t.reorderHelp}
                </span>
            )}
            <div className='visually-hidden' aria-live='assertive'>
                {said}
            </div>
        </section>
    );
}
