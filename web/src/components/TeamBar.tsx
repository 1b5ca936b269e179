// The leftmost column: one tile per team, and a button to create another.

import {navigate, openModal} from '../store/actions';
import {initials} from '../store/names';
import {useStore} from '../store/store';
import {t} from '../strings';
import {Icon} from './Icon';

export function TeamBar() {
    const teams = useStore((s) => s.teams.data);
    const current = useStore((s) => s.currentTeamId);
    return (
        <nav className='team-bar' aria-label={t.teamBarLabel}>
            <ul className='team-bar__list'>
                {teams.map((team) => (
                    <li key={team.id}>
                        <a
                            href={`/${team.name}`}
                            className={team.id === current ? 'team-tile team-tile--active' : 'team-tile'}
                            aria-current={team.id === current ? 'page' : undefined}
                            title={team.display_name}
                            aria-label={team.display_name}
                            onClick={(e) => {
                                e.preventDefault();
                                navigate({name: 'team', team: team.name});
                            }}
                        >
                            {initials(team.display_name)}
                        </a>
                    </li>
                ))}
            </ul>
            <button type='button' className='team-tile team-tile--add' onClick={() => openModal('create-team')} title={t.addTeam} aria-label={t.addTeam}>
                <Icon name='plus' />
            </button>
        </nav>
    );
}
