import {describe, expect, it} from 'vitest';

import type {Channel, ChannelCategory} from '../api/client';
import {derive, fromServer, withUnlisted} from './sidebar';

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
});
