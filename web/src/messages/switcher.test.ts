import {describe, expect, it} from 'vitest';

import type {Channel, ChannelMembership, UserProfile} from '../api/client';
import {switcherItems} from './switcher';

const ch = (id: string, name: string, display: string, type = 'O', team = 't1', total = 0) =>
    ({id, name, display_name: display, type, team_id: team, delete_at: 0, total_msg_count: total}) as Channel;
const member = (id: string, viewed: number, msgs = 0) => ({channel_id: id, last_viewed_at: viewed, msg_count: msgs}) as ChannelMembership;
const user = (id: string, username: string, first = '') => ({id, username, first_name: first, last_name: '', delete_at: 0}) as UserProfile;

describe('quick switcher', () => {
    const users = {me: user('me', 'alice'), u2: user('u2', 'bob', 'Robert'), u3: user('u3', 'carol')};
    const channels = [ch('c1', 'town-square', 'Town Square', 'O', 't1', 5), ch('c2', 'release', 'Release Planning'), ch('c3', 'other', 'Other team', 'O', 't2'), ch('d1', 'me__u2', '', 'D', ''), ch('c4', 'not-mine', 'Not Mine')];
    const members = {c1: member('c1', 10, 3), c2: member('c2', 30), c3: member('c3', 50), d1: member('d1', 20)};

    it('lists my channels in this team and my DMs, most recently viewed first, when empty', () => {
        const items = switcherItems('', channels, members, users, 'me', 't1');
        expect(items.map((i) => i.name)).toEqual(['Release Planning', 'bob', 'Town Square']);
        expect(items.find((i) => i.name === 'Town Square')).toMatchObject({unread: true});
    });

    it('matches words of names, DM partners by full name, and people without a DM', () => {
        expect(switcherItems('plan', channels, members, users, 'me', 't1').map((i) => i.name)).toEqual(['Release Planning']);
        expect(switcherItems('rob', channels, members, users, 'me', 't1').map((i) => i.name)).toEqual(['bob']);
        const carol = switcherItems('@car', channels, members, users, 'me', 't1');
        expect(carol).toEqual([{kind: 'user', user: users.u3, name: 'carol'}]);
        expect(switcherItems('not', channels, members, users, 'me', 't1')).toEqual([]);
    });
});
