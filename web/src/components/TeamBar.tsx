// The leftmost column: one tile per team, and a button to create another.

import {navigate, openModal} from '../store/actions';
import {initials} from '../store/names';
import {useStore} from '../store/store';
import {t} from '../strings';
import {Icon} from './Icon';

export function TeamBar() {
    const teams = useStore((s) => s.teams.data);
    const current = useStore((s) => s.currentTeamId);
    const unreads = useStore((s) => s.teamUnreads);
    return (
        <nav className='team-bar' aria-label={t.teamBarLabel}>
            <ul className='team-bar__list'>
                {teams.map((team) => {
                    const active = team.id === current;
                    // Another team's unread messages (a dot) and mentions (a count); the open
                    // team's show in its sidebar.
                    const marks = active ? undefined : unreads[team.id];
                    const mentions = marks?.mentions ?? 0;
                    const unread = Boolean(marks?.unread) || mentions > 0;
                    const label = [team.display_name, mentions > 0 ? t.unreadMentions(mentions) : unread ? t.unreadState : ''].filter(Boolean).join(', ');
                    return (
                        <li key={team.id}>
                            <a
                                href={`/${team.name}`}
                                className={['team-tile', active && 'team-tile--active', unread && 'team-tile--unread'].filter(Boolean).join(' ')}
                                aria-current={active ? 'page' : undefined}
                                title={label}
                                aria-label={label}
                                onClick={(e) => {
                                    e.preventDefault();
                                    navigate({name: 'team', team: team.name});
                                }}
                            >
                                {initials(team.display_name)}
                                {mentions > 0 && (
                                    <span className='badge team-tile__badge' aria-hidden='true'>
                                        {mentions}
                                    </span>
                                )}
                            </a>
                        </li>
                    );
                })}
            </ul>
            <button type='button' className='team-tile team-tile--add' onClick={() => openModal('create-team')} title={t.addTeam} aria-label={t.addTeam}>
                <Icon name='plus' />
            </button>
        </nav>
    );
}
