// Signed in without a team: create the first one, or join one that is open.

import {useEffect, useState} from 'react';

import {api} from '../api/client';
import type {ApiError, Team} from '../api/client';
import {ErrorNote} from '../components/ErrorNote';
import {CreateTeamForm} from '../components/CreateTeamForm';
import {isAdmin, joinTeam, logout} from '../store/actions';
import {useStore} from '../store/store';
import {t} from '../strings';

function JoinableTeams() {
    const [teams, setTeams] = useState<Team[] | null>(null);
    const [error, setError] = useState<ApiError | null>(null);
    const mine = useStore((s) => s.teams.data);
    useEffect(() => {
        api.getJoinableTeams().then(setTeams, setError);
    }, []);
    if (error) {
        return <ErrorNote title={t.teamsUnavailable} error={error} />;
    }
    const open = (teams ?? []).filter((tm) => !mine.some((m) => m.id === tm.id));
    if (teams && !open.length) {
        return <p className='muted'>{t.noJoinableTeams}</p>;
    }
    return (
        <ul className='pick-list'>
            {open.map((tm) => (
                <li key={tm.id} className='pick-list__item'>
                    <span className='team-tile team-tile--static'>{tm.display_name.slice(0, 2)}</span>
                    <span className='pick-list__name'>{tm.display_name}</span>
                    <button type='button' className='button' onClick={() => void joinTeam(tm)}>
                        {t.join}
                    </button>
                </li>
            ))}
        </ul>
    );
}

export function TeamSetupScreen({mode}: {mode: 'create' | 'select'}) {
    const me = useStore((s) => s.me);
    const create = mode === 'create' || (me !== null && isAdmin(me));
    return (
        <main className='auth'>
            <div className='auth__card auth__card--wide'>
                <div className='auth__brand'>
                    <img src='/favicon.svg' alt='' width={40} height={40} />
                    <span>{t.productName}</span>
                </div>
                <h1>{create ? t.createFirstTeamTitle : t.joinTeamTitle}</h1>
                <p className='auth__lead'>{create ? t.createFirstTeamLead : t.joinTeamLead}</p>
                {create ? <CreateTeamForm /> : <JoinableTeams />}
            </div>
            <p className='auth__footer'>
                <button type='button' className='link-button' onClick={() => void logout()}>
                    {t.signOut}
                </button>
            </p>
        </main>
    );
}
