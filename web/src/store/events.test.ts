import {beforeEach, describe, expect, it, vi} from 'vitest';

import type {Channel, ChannelMembership, Team, UserProfile, WebSocketMessage} from '../api/client';

// Where the events send the view, without the routing behind it (that loads from the server).
const navigated: unknown[] = [];
// The channels whose members were asked for again.
const refreshed: string[] = [];
// My teams as the server has them (what loadTeams loads), when a test sets them.
let serverTeams: Team[] | null = null;
vi.mock('./actions', async (importOriginal) => {
    const real = await importOriginal<typeof import('./actions')>();
    const store = await import('./store');
    return {
        ...real,
        navigate: (route: unknown) => navigated.push(route),
        loadTeamChannels: async () => undefined,
        loadTeams: async () => {
            const data = serverTeams;
            if (data) {
                store.setState((s) => ({teams: {...s.teams, data}}));
            }
        },
        refreshChannelMembers: (id: string) => refreshed.push(id),
    };
});

const {handleSocketEvent} = await import('./events');
const {createStore, getState, initialState, loadable, setState} = await import('./store');

const me = {id: 'me', username: 'me'} as UserProfile;
const team = {id: 'tm', name: 'acme'} as Team;
const channel = (id: string, name: string, total: number): Channel => ({id, name, display_name: name, team_id: 'tm', type: 'O', delete_at: 0, total_msg_count: total}) as Channel;
const member = (channelId: string, msgCount: number, mentions: number): ChannelMembership =>
    ({channel_id: channelId, user_id: 'me', msg_count: msgCount, mention_count: mentions, last_viewed_at: 100}) as ChannelMembership;
const event = (name: string, data: Record<string, unknown>, broadcast: Record<string, unknown> = {}) =>
    ({event: name, data, broadcast, seq: 1}) as unknown as WebSocketMessage;

describe('socket events about channels', () => {
    beforeEach(() => {
        navigated.length = 0;
        refreshed.length = 0;
        serverTeams = null;
        createStore(initialState('light', {name: 'channel', team: 'acme', channel: 'plans'}));
        setState({
            me,
            teams: loadable([team], 'ready'),
            currentTeamId: 'tm',
            currentChannelId: 'c-plans',
            channels: {'c-town': channel('c-town', 'town-square', 5), 'c-plans': channel('c-plans', 'plans', 9), 'c-other': channel('c-other', 'other', 4)},
            myMembers: {'c-town': member('c-town', 5, 0), 'c-plans': member('c-plans', 9, 0), 'c-other': member('c-other', 1, 2)},
        });
    });

    it('multiple_channels_viewed: a channel read on another device is read here', () => {
        handleSocketEvent(event('multiple_channels_viewed', {channel_times: {'c-other': 500, 'c-unknown': 600}}, {user_id: 'me'}));
        expect(getState().myMembers['c-other']).toMatchObject({msg_count: 4, mention_count: 0, last_viewed_at: 500});
        expect(getState().myMembers['c-unknown']).toBeUndefined();
    });

    it('user_removed to me for the open channel: the membership goes and the view moves to Town Square', () => {
        handleSocketEvent(event('user_removed', {channel_id: 'c-plans', remover_id: 'admin'}, {user_id: 'me'}));
        expect(getState().myMembers['c-plans']).toBeUndefined();
        expect(navigated).toEqual([{name: 'channel', team: 'acme', channel: 'town-square'}]);
        expect(getState().toast).toBe('You were removed from plans');
    });

    it('user_added and user_removed about someone in a channel: its members are asked for again', () => {
        handleSocketEvent(event('user_added', {user_id: 'bob', team_id: 'tm'}, {channel_id: 'c-plans'}));
        handleSocketEvent(event('user_removed', {user_id: 'bob', remover_id: 'admin'}, {channel_id: 'c-plans'}));
        // To me, about a channel I was taken out of: no channel in the broadcast, nothing to ask.
        handleSocketEvent(event('user_removed', {channel_id: 'c-other', remover_id: 'admin'}, {user_id: 'me'}));
        expect(refreshed).toEqual(['c-plans', 'c-plans']);
    });

    it('leave_team about me for the team on screen: the view goes home and says why', async () => {
        setState({teams: loadable([{...team, display_name: 'Acme'}], 'ready')});
        serverTeams = [];
        handleSocketEvent(event('leave_team', {user_id: 'me', team_id: 'tm'}, {team_id: 'tm'}));
        await vi.waitFor(() => expect(navigated).toEqual([{name: 'root'}]));
        expect(getState().currentTeamId).toBeNull();
        expect(getState().toast).toBe('You were removed from Acme');
    });

    it('leave_team about someone else: the view stays, the open channel\'s members are refreshed', async () => {
        serverTeams = [team];
        handleSocketEvent(event('leave_team', {user_id: 'bob', team_id: 'tm'}, {team_id: 'tm'}));
        await new Promise((resolve) => setTimeout(resolve, 0));
        expect(navigated).toEqual([]);
        expect(getState().currentTeamId).toBe('tm');
        // bob left the team's channels too: the open one's members are asked for again.
        expect(refreshed).toEqual(['c-plans']);
    });

    it('user_removed about someone else, or another channel of mine, leaves the view alone', () => {
        handleSocketEvent(event('user_removed', {user_id: 'bob', remover_id: 'admin'}, {channel_id: 'c-plans'}));
        expect(getState().myMembers['c-plans']).toBeDefined();
        handleSocketEvent(event('user_removed', {channel_id: 'c-other', remover_id: 'me'}, {user_id: 'me'}));
        expect(getState().myMembers['c-other']).toBeUndefined();
        expect(navigated).toEqual([]);
        expect(getState().toast).toBeNull();
    });

    it('channel_deleted: the open channel reads as archived and the view moves to Town Square', () => {
        handleSocketEvent(event('channel_deleted', {channel_id: 'c-plans', delete_at: 1234, team_id: 'tm'}, {team_id: 'tm'}));
        expect(getState().channels['c-plans']?.delete_at).toBe(1234);
        expect(navigated).toEqual([{name: 'channel', team: 'acme', channel: 'town-square'}]);
        handleSocketEvent(event('channel_deleted', {channel_id: 'c-other', delete_at: 1300, team_id: 'tm'}, {team_id: 'tm'}));
        expect(getState().channels['c-other']?.delete_at).toBe(1300);
        expect(navigated).toHaveLength(1);
    });
});
