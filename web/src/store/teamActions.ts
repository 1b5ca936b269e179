// Changing a team: its name, description and who may join (team admins), and leaving it. The
// server's update_team and leave_team events bring everyone else's team bar in step.

import {api} from '../api/client';
import {t} from '../strings';
import type {Team} from '../api/client';
import {closeModal, isAdmin, loadTeams, navigate} from './actions';
import {showToast} from './posts';
import {getState, setState} from './store';

/** Whether I may change the team's settings: a system admin, or an admin of the team. */
export async function canManageTeam(teamId: string): Promise<boolean> {
    const me = getState().me;
    if (!me) {
        return false;
    }
    if (isAdmin(me)) {
        return true;
    }
    try {
        const member = await api.getTeamMember(teamId, me.id);
        return member.roles.split(' ').includes('team_admin');
    } catch {
        return false;
    }
}

export async function patchTeam(teamId: string, patch: Partial<Pick<Team, 'display_name' | 'description' | 'allow_open_invite'>>): Promise<void> {
    const team = await api.patchTeam(teamId, patch);
    setState((s) => ({teams: {...s.teams, data: s.teams.data.map((tm) => (tm.id === team.id ? team : tm)).sort((a, b) => a.display_name.localeCompare(b.display_name))}}));
    closeModal();
}

/** An admin takes someone out of the team (and so out of its channels). */
export async function removeTeamMember(teamId: string, userId: string): Promise<void> {
    await api.removeFromTeam(teamId, userId);
    showToast(t.removedFromTeamBy(getState().users[userId]?.username ?? ''));
}

// Teams I am leaving myself: their leave_team event is no news.
const leaving = new Set<string>();

export async function leaveTeam(teamId: string): Promise<void> {
    const me = getState().me;
    if (!me) {
        return;
    }
    leaving.add(teamId);
    try {
        await api.removeFromTeam(teamId, me.id);
        closeModal();
        await teamLeft(teamId, null);
    } finally {
        // Its event may come after this; a later removal by someone else is news again.
        window.setTimeout(() => leaving.delete(teamId), LEAVING_EVENT_WAIT_MS);
    }
}

/** How long my own leaving's leave_team event is expected. */
const LEAVING_EVENT_WAIT_MS = 10_000;

/** `leave_team` about me: removed by someone else, or my own leaving seen from another tab. */
export function removedFromTeam(teamId: string, message: string): Promise<void> {
    return teamLeft(teamId, leaving.has(teamId) ? null : message);
}

/** I am no longer in a team (I left, or `leave_team` says I was removed): the team bar loses it,
 * and if it was on screen the view goes to another team (or the team choice). */
export async function teamLeft(teamId: string, message: string | null): Promise<void> {
    // Gone at once (the reload below may fail and would keep it).
    setState((s) => ({teams: {...s.teams, data: s.teams.data.filter((tm) => tm.id !== teamId)}}));
    await loadTeams();
    const {teams, currentTeamId} = getState();
    if (teams.data.some((tm) => tm.id === teamId) || currentTeamId !== teamId) {
        return;
    }
    setState({currentTeamId: null, currentChannelId: null, pane: null, threadRootId: null});
    navigate({name: 'root'}, true);
    if (message) {
        showToast(message);
    }
}

