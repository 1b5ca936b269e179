// Dialogs about the current team: its settings (team admins) and leaving it.

import {useState} from 'react';
import type {FormEvent} from 'react';

import type {ApiError} from '../api/client';
import {closeModal} from '../store/actions';
import {useStore} from '../store/store';
import {leaveTeam, patchTeam} from '../store/teamActions';
import {t} from '../strings';
import {FormError} from './ErrorNote';
import {Modal} from './Modal';

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
                <div className='modal__actions'>
                    <button type='button' className='button' onClick={closeModal}>
                        {t.cancel}
                    </button>
                    <button type='submit' className='button button--primary' disabled={busy || !name.trim()}>
                        {t.save}
                    </button>
                </div>
            </form>
        </Modal>
    );
}

export function LeaveTeamModal() {
    const team = useCurrentTeam();
    const [busy, setBusy] = useState(false);
    const [error, setError] = useState<ApiError | null>(null);
    if (!team) {
        return null;
    }
    const confirm = () => {
        setBusy(true);
        setError(null);
        leaveTeam(team.id).catch((err: ApiError) => {
            setError(err);
            setBusy(false);
        });
    };
    return (
        <Modal title={t.leaveTeamTitle(team.display_name)} lead={t.leaveTeamLead}>
            <FormError error={error} />
            <div className='modal__actions'>
                <button type='button' className='button' onClick={closeModal}>
                    {t.cancel}
                </button>
                <button type='button' className='button button--danger' onClick={confirm} disabled={busy}>
                    {t.leaveTeam}
                </button>
            </div>
        </Modal>
    );
}
