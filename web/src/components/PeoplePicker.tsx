// Picks people for a dialog (a direct or group message, members to add to a channel): chips for
// those picked, a search field, and the list of those offered (the first page loaded, plus what
// the server's search finds for a name typed).

import {useMemo, useRef, useState} from 'react';

import type {ApiError, UserProfile} from '../api/client';
import {fullName} from '../store/names';
import {t} from '../strings';
import {Avatar} from './Avatar';
import {FormError, LoadedList} from './ErrorNote';
import {Icon} from './Icon';
import {mergeById, useLoad, useServerSearch} from './useServerSearch';

export interface PeoplePickerProps {
    /** The people offered before anything is typed. */
    load: () => Promise<UserProfile[]>;
    /** The server's search for a name typed. */
    search: (term: string) => Promise<UserProfile[]>;
    /** Whether someone loaded or found may be picked here. */
    offer: (user: UserProfile) => boolean;
    /** At most this many. */
    max: number;
    /** The label of the button that acts on those picked. */
    action: string;
    /** Acts on those picked; a failure is shown and the picker stays. */
    onPick: (users: UserProfile[]) => Promise<unknown>;
    /** What the list says when it is empty and nothing is typed. */
    empty?: string;
}

/** Whether `user` matches what is typed (already lower case and trimmed; empty matches anyone). */
export function matchesPerson(user: UserProfile, query: string): boolean {
    return !query || user.username.includes(query) || fullName(user).toLowerCase().includes(query) || (user.nickname ?? '').toLowerCase().includes(query) || user.email.toLowerCase().includes(query);
}

export function PeoplePicker({load, search, offer, max, action, onPick, empty}: PeoplePickerProps) {
    const [users, error, retry] = useLoad(load);
    const [query, setQuery] = useState('');
    const [picked, setPicked] = useState<UserProfile[]>([]);
    const [busy, setBusy] = useState(false);
    const [actError, setActError] = useState<ApiError | null>(null);
    const found = useServerSearch(query, search);
    // The button pressed goes away (picked, or its chip removed): the focus goes to the field.
    const field = useRef<HTMLInputElement>(null);
    const shown = useMemo(() => {
        const q = query.trim().toLowerCase();
        return mergeById(users ?? [], found).filter((u) => u.delete_at === 0 && offer(u) && !picked.some((p) => p.id === u.id) && matchesPerson(u, q));
        // `offer` is the dialog's own rule, the same for the dialog's life.
        // eslint-disable-next-line react-hooks/exhaustive-deps
    }, [users, found, query, picked]);
    const go = () => {
        setBusy(true);
        setActError(null);
        onPick(picked).catch((err: ApiError) => {
            setActError(err);
            setBusy(false);
        });
    };
    return (
        <>
            <div className='people-picker'>
                {picked.map((u) => (
                    <button
                        type='button'
                        key={u.id}
                        className='chip'
                        aria-label={t.unpick(u.username)}
                        onClick={() => {
                            setPicked(picked.filter((p) => p.id !== u.id));
                            field.current?.focus();
                        }}
                    >
                        {u.username}
                        <Icon name='x' size={14} />
                    </button>
                ))}
                <input ref={field} className='input input--bare' aria-label={t.searchPeople} placeholder={t.searchPeople} value={query} onChange={(e) => setQuery(e.target.value)} />
                <button type='button' className='button button--primary' disabled={!picked.length || busy} onClick={go}>
                    {action}
                </button>
            </div>
            <FormError error={actError} />
            <LoadedList ready={Boolean(users)} error={error} title={t.membersUnavailable} onRetry={retry}>
                <ul className='pick-list pick-list--scroll'>
                    {shown.map((u) => (
                        <li key={u.id}>
                            <button
                                type='button'
                                className='pick-list__item pick-list__item--button'
                                disabled={picked.length >= max}
                                onClick={() => {
                                    setPicked([...picked, u]);
                                    setQuery('');
                                    field.current?.focus();
                                }}
                            >
                                <Avatar user={u} size='sm' />
                                <span className='pick-list__name'>
                                    {u.username}
                                    {fullName(u) && <span className='pick-list__detail'>{fullName(u)}</span>}
                                </span>
                            </button>
                        </li>
                    ))}
                    {!shown.length && <li className='muted pick-list__empty'>{(!query.trim() && empty) || t.noPeopleFound}</li>}
                </ul>
            </LoadedList>
        </>
    );
}
