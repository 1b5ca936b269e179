// The team form used by the first-run screen and the "create a team" dialog.

import {useState} from 'react';
import type {FormEvent} from 'react';

import type {ApiError} from '../api/client';
import {createTeam} from '../store/actions';
import {slugify} from '../store/names';
import {t} from '../strings';
import {FormError} from './ErrorNote';

export function CreateTeamForm() {
    const [displayName, setDisplayName] = useState('');
    const [open, setOpen] = useState(true);
    const [busy, setBusy] = useState(false);
    const [error, setError] = useState<ApiError | null>(null);
    const name = slugify(displayName);
    const submit = (e: FormEvent) => {
        e.preventDefault();
        setBusy(true);
        setError(null);
        createTeam(displayName.trim(), name, open).catch((err: ApiError) => {
            setError(err);
            setBusy(false);
        });
    };
    return (
        <form className='form' onSubmit={submit}>
            <label className='field'>
                <span className='field__label'>{t.teamName}</span>
                <input
                    className='input'
                    name='team_name'
                    required
                    autoFocus
                    maxLength={64}
                    placeholder={t.teamNamePlaceholder}
                    value={displayName}
                    onChange={(e) => setDisplayName(e.target.value)}
                />
                <span className='field__hint'>{t.teamUrl(name)}</span>
            </label>
            <label className='check'>
                <input type='checkbox' checked={open} onChange={(e) => setOpen(e.target.checked)} />
                <span>{t.teamOpen}</span>
            </label>
            <FormError error={error} />
            <button className='button button--primary button--block' type='submit' disabled={busy || name.length < 2}>
                {busy ? t.creatingTeam : t.createTeam}
            </button>
        </form>
    );
}
