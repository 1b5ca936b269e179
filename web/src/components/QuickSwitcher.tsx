// Ctrl/Cmd+K: jump to any of my channels, conversations or people by typing part of a name.

import {useEffect, useMemo, useState} from 'react';
import type {KeyboardEvent} from 'react';

import {channelRoute, closeModal, navigate, openDirectChannel, rememberUsersMatching} from '../store/actions';
import {switcherItems} from '../messages/switcher';
import type {SwitchItem} from '../messages/switcher';
import {useStore} from '../store/store';
import {t} from '../strings';
import {Avatar} from './Avatar';
import {Icon} from './Icon';
import {Modal} from './Modal';

const SEARCH_DELAY_MS = 250;

export function QuickSwitcher() {
    const channels = useStore((s) => s.channels);
    const members = useStore((s) => s.myMembers);
    const users = useStore((s) => s.users);
    const myId = useStore((s) => s.me?.id ?? '');
    const teamId = useStore((s) => s.currentTeamId ?? '');
    const [query, setQuery] = useState('');
    const [index, setIndex] = useState(0);
    // People not loaded yet (a larger server): what is typed is also looked up on the server, and
    // those found join the people known here (and so the list).
    useEffect(() => {
        const term = query.trim().replace(/^@/, '');
        if (!term || term.startsWith('~')) {
            return undefined;
        }
        const timer = window.setTimeout(() => void rememberUsersMatching(term, teamId), SEARCH_DELAY_MS);
        return () => window.clearTimeout(timer);
    }, [query, teamId]);
    const items = useMemo(() => switcherItems(query, Object.values(channels), members, users, myId, teamId), [query, channels, members, users, myId, teamId]);
    const active = Math.min(index, Math.max(0, items.length - 1));

    const open = (item: SwitchItem) => {
        closeModal();
        if (item.kind === 'channel') {
            navigate(channelRoute(item.channel));
        } else {
            void openDirectChannel([item.user.id]);
        }
    };
    const onKeyDown = (e: KeyboardEvent) => {
        if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
            e.preventDefault();
            if (items.length) {
                setIndex((active + (e.key === 'ArrowDown' ? 1 : -1) + items.length) % items.length);
            }
        } else if (e.key === 'Enter') {
            e.preventDefault();
            const item = items[active];
            if (item) {
                open(item);
            }
        }
    };
    return (
        <Modal title={t.switcherTitle} wide>
            <label className='search-field'>
                <Icon name='search' size={16} />
                <input
                    className='input input--bare'
                    role='combobox'
                    aria-expanded='true'
                    aria-controls='switcher-list'
                    aria-activedescendant={items.length ? `switcher-${active}` : undefined}
                    aria-label={t.switcherPlaceholder}
                    placeholder={t.switcherPlaceholder}
                    value={query}
                    onChange={(e) => {
                        setQuery(e.target.value);
                        setIndex(0);
                    }}
                    onKeyDown={onKeyDown}
                />
            </label>
            <ul className='pick-list switcher' id='switcher-list' role='listbox' aria-label={t.switcherTitle}>
                {items.map((item, i) => (
                    <li
                        key={item.kind === 'channel' ? item.channel.id : item.user.id}
                        id={`switcher-${i}`}
                        role='option'
                        aria-selected={i === active}
                        className={i === active ? 'switcher__item switcher__item--active' : 'switcher__item'}
                        onMouseEnter={() => setIndex(i)}
                        onClick={() => open(item)}
                    >
                        {item.kind === 'user' ? (
                            <Avatar user={item.user} size='sm' />
                        ) : item.channel.type === 'D' ? (
                            <Icon name='at' size={16} />
                        ) : item.channel.type === 'G' ? (
                            <Icon name='users' size={16} />
                        ) : (
                            <Icon name={item.channel.type === 'P' ? 'lock' : 'hash'} size={16} />
                        )}
                        <span className={item.kind === 'channel' && item.unread ? 'switcher__name switcher__name--unread' : 'switcher__name'}>{item.name}</span>
                        {item.kind === 'user' && <span className='pick-list__detail'>{t.startConversation}</span>}
                    </li>
                ))}
                {!items.length && <li className='muted pick-list__empty'>{t.noMatches}</li>}
            </ul>
            <p className='switcher__hint muted'>{t.switcherHint}</p>
        </Modal>
    );
}
