import {describe, expect, it} from 'vitest';

import type {Channel, ChannelCategory, UserProfile} from '../api/client';
import {derive, fromServer, sortChannelIds, withUnlisted} from './sidebar';

function channel(id: string, type: Channel['type'], displayName: string, teamId = 't1'): Channel {
    return {id, type, display_name: displayName, name: id, team_id: type === 'D' || type === 'G' ? '' : teamId, delete_at: 0, last_post_at: 0} as Channel;
}

function category(id: string, type: ChannelCategory['type'], channelIds: string[]): ChannelCategory {
    return {id, type, display_name: id, channel_ids: channelIds, collapsed: false} as ChannelCategory;
}

describe('sidebar', () => {
    it('follows the server order and names the default categories', () => {
        const s = fromServer([category('c', 'channels', ['x']), category('f', 'favorites', []), category('d', 'direct_messages', [])], ['f', 'c', 'd']);
        expect(s.categories.map((c) => c.displayName)).toEqual(['Favorites', 'Channels', 'Direct messages']);
    });

    it('groups channels itself when the server has no categories', () => {
        const s = derive([channel('b', 'O', 'Beta'), channel('a', 'P', 'Alpha'), channel('d', 'D', ''), channel('o', 'O', 'Other team', 't2')], 't1');
        expect(s.source).toBe('derived');
        expect(s.categories.map((c) => c.channelIds)).toEqual([[], ['a', 'b'], ['d']]);
    });

    it('adds channels no category lists yet to their default category', () => {
        const s = fromServer([category('c', 'channels', ['a']), category('d', 'direct_messages', [])], []);
        const all = withUnlisted(s, [channel('a', 'O', 'A'), channel('n', 'O', 'New'), channel('g', 'G', 'x, y')], 't1');
        expect(all.categories.map((c) => c.channelIds)).toEqual([['a', 'n'], ['g']]);
    });

    it('keeps the sorting and muting of each server category', () => {
        const raw = {...category('c', 'custom', []), sorting: 'recent', muted: true} as ChannelCategory;
        const [c] = fromServer([raw], []).categories;
        expect([c?.sorting, c?.muted]).toEqual(['recent', true]);
    });
});

describe('sorting a category', () => {
    const chans: Record<string, Channel> = {
        b: {...channel('b', 'O', 'beta'), last_post_at: 30},
        a: {...channel('a', 'O', 'Alpha'), last_post_at: 10},
        d: {...channel('d', 'D', '', ''), name: 'me__zed', last_post_at: 20},
        n: {...channel('n', 'O', 'New'), create_at: 40} as Channel,
    };
    const users = {zed: {id: 'zed', username: 'aaron', first_name: '', last_name: '', nickname: ''} as UserProfile};
    const ids = ['b', 'd', 'n', 'a'];

    it('by name (a DM by the other person), for alpha and the default', () => {
        expect(sortChannelIds({channelIds: ids, sorting: 'alpha'}, chans, users, 'me')).toEqual(['d', 'a', 'b', 'n']);
        expect(sortChannelIds({channelIds: ids, sorting: ''}, chans, users, 'me')).toEqual(['d', 'a', 'b', 'n']);
    });

    it('by recent activity: the last post, or the creation of a channel without posts', () => {
        expect(sortChannelIds({channelIds: ids, sorting: 'recent'}, chans, users, 'me')).toEqual(['n', 'b', 'd', 'a']);
    });

    it('manually: as the server keeps them, the same array', () => {
        expect(sortChannelIds({channelIds: ids, sorting: 'manual'}, chans, users, 'me')).toBe(ids);
    });
});

