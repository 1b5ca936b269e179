// Dialogs about the current team: its members, its settings (team admins) and leaving it.

import {useEffect, useMemo, useState} from 'react';
import type {FormEvent} from 'react';

import {api} from '../api/client';
import type {ApiError} from '../api/client';
import {closeModal, openDirectChannel} from '../store/actions';
import {fullName} from '../store/names';
import {useStore} from '../store/store';
import {canManageTeam, leaveTeam, patchTeam, removeTeamMember} from '../store/teamActions';
import {t} from '../strings';
import {Avatar} from './Avatar';
import {ConfirmModal} from './ConfirmModal';
import {FormError, LoadedList} from './ErrorNote';
import {Icon} from './Icon';
import {FormActions, Modal} from './Modal';
import {matchesPerson} from './PeoplePicker';
import {mergeById, useLoad, useServerSearch} from './useServerSearch';

/** Mattermost's limits. */
const NAME_MAX = 64;
const DESCRIPTION_MAX = 255;

function useCurrentTeam() {
    return useStore((s) => s.teams.data.find((tm) => tm.id === s.currentTeamId));
}

export function TeamSettingsModal() {
    const team = useCurrentTeam();
    const [name, setName] = useState(team?.display_name ?? '');
    const [description, setDescription] = useState(team?.description ?? '');
    const [open, setOpen] = useState(team?.allow_open_invite ?? false);
    const [busy, setBusy] = useState(false);
    const [error, setError] = useState<ApiError | null>(null);
    if (!team) {
        return null;
    }
    const submit = (e: FormEvent) => {
        e.preventDefault();
        setBusy(true);
        setError(null);
        patchTeam(team.id, {display_name: name.trim(), description: description.trim(), allow_open_invite: open}).catch((err: ApiError) => {
            setError(err);
            setBusy(false);
        });
    };
    return (
        <Modal title={t.teamSettingsTitle}>
            <form className='form' onSubmit={submit}>
                <label className='field'>
                    <span className='field__label'>{t.teamName}</span>
                    <input className='input' required maxLength={NAME_MAX} value={name} onChange={(e) => setName(e.target.value)} />
                </label>
                <label className='field'>
                    <span className='field__label'>{t.teamDescription}</span>
                    <textarea className='input' rows={3} maxLength={DESCRIPTION_MAX} value={description} onChange={(e) => setDescription(e.target.value)} />
                    <span className='field__hint'>{t.teamDescriptionHint}</span>
                </label>
                <label className='check'>
                    <input type='checkbox' checked={open} onChange={(e) => setOpen(e.target.checked)} />
                    <span>{t.teamOpen}</span>
                </label>
                <FormError error={error} />
                <FormActions label={t.save} disabled={busy || !name.trim()} />
            </form>
        </Modal>
    );
}

export function LeaveTeamModal() {
    const team = useCurrentTeam();
    if (!team) {
        return null;
    }
    return <ConfirmModal title={t.leaveTeamTitle(team.display_name)} lead={t.leaveTeamLead} action={t.leaveTeam} onConfirm={() => leaveTeam(team.id)} />;
}

/** The team's members: search them, write to one, and (team admins) take one out of the team. */
export function TeamMembersModal() {
    const team = useCurrentTeam();
    const myId = useStore((s) => s.me?.id ?? '');
    const [users, error, retry] = useLoad(() => (team ? api.getTeamUsers(team.id) : Promise.resolve([])));
    const [query, setQuery] = useState('');
    const found = useServerSearch(query, (term) => (team ? api.searchTeamUsers(term, team.id) : Promise.resolve([])));
    const [removed, setRemoved] = useState<string[]>([]);
    const [removeError, setRemoveError] = useState<ApiError | null>(null);
    const [canManage, setCanManage] = useState(false);
    useEffect(() => {
        let live = true;
        if (team) {
            void canManageTeam(team.id).then((yes) => live && setCanManage(yes));
        }
        return () => {
            live = false;
        };
    }, [team]);
    const shown = useMemo(() => {
        const q = query.trim().toLowerCase();
        return mergeById(users ?? [], found)
            .filter((u) => !removed.includes(u.id) && matchesPerson(u, q))
            .sort((a, b) => a.username.localeCompare(b.username));
    }, [users, found, query, removed]);
    if (!team) {
        return null;
    }
    const remove = (userId: string) => {
        setRemoveError(null);
        removeTeamMember(team.id, userId).then(
            () => setRemoved([...removed, userId]),
            (err: ApiError) => setRemoveError(err),
        );
    };
    return (
        <Modal title={t.teamMembersTitle(team.display_name)} wide>
            <label className='search-field'>
                <Icon name='search' size={16} />
                <input className='input input--bare' aria-label={t.searchPeople} placeholder={t.searchPeople} value={query} onChange={(e) => setQuery(e.target.value)} />
            </label>
            <FormError error={removeError} />
            <LoadedList ready={Boolean(users)} error={error} title={t.membersUnavailable} onRetry={retry}>
                <ul className='pick-list pick-list--scroll'>
                    {shown.map((u) => (
                        <li key={u.id} className='pick-list__item'>
                            <Avatar user={u} size='sm' />
                            <span className='pick-list__name'>
                                {u.username} {u.id === myId && <span className='muted'>{t.you}</span>}
                                {fullName(u) && <span className='pick-list__detail'>{fullName(u)}</span>}
                            </span>
                            {u.id !== myId && (
                                <button
                                    type='button'
                                    className='button button--quiet button--small'
                                    onClick={() => {
                                        closeModal();
                                        void openDirectChannel([u.id]);
                                    }}
                                >
                                    {t.sendMessage}
                                </button>
                            )}
                            {canManage && u.id !== myId && (
                                <button type='button' className='icon-button icon-button--small' aria-label={t.removeFromTeam(u.username)} title={t.removeFromTeam(u.username)} onClick={() => remove(u.id)}>
                                    <Icon name='x' size={14} />
                                </button>
                            )}
                        </li>
                    ))}
                    {!shown.length && <li className='muted pick-list__empty'>{t.noPeopleFound}</li>}
                </ul>
            </LoadedList>
        </Modal>
    );
}
