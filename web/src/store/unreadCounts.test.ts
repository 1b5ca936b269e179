import {beforeEach, describe, expect, it} from 'vitest';

import type {Channel, ChannelMembership} from '../api/client';
import {applySnapshot, beginSnapshot, countPost, endSnapshot, noteSeenLive, recordPost, reconcile, resetUnreadCounts, takeSeenLive, tallyOf} from './unreadCounts';
import type {SeenPost} from './unreadCounts';

function channel(total: number, lastPostAt: number): Channel {
    return {id: 'c', total_msg_count: total, last_post_at: lastPostAt} as Channel;
}

function member(msgCount: number, lastViewedAt: number, mentions = 0, lastUpdateAt = lastViewedAt): ChannelMembership {
    return {channel_id: 'c', msg_count: msgCount, last_viewed_at: lastViewedAt, last_update_at: lastUpdateAt, mention_count: mentions} as ChannelMembership;
}

const mine = (createAt: number): SeenPost => ({channelId: 'c', createAt, viewed: true, mentioned: false});
const theirs = (createAt: number, mentioned = false): SeenPost => ({channelId: 'c', createAt, viewed: false, mentioned});
const unread = (s: {channel: Channel; member: ChannelMembership | undefined}) => s.channel.total_msg_count > (s.member?.msg_count ?? 0);

describe('unread counts', () => {
    beforeEach(resetUnreadCounts);

    it('a membership taken after its channel, while I posted, does not hide the posts of others', () => {
        // The e2e burst: the channel was read at 631 posts, my membership 8 of my posts later.
        const {channel: c, tally} = reconcile(channel(631, 1000), member(639, 1080));
        expect(c.total_msg_count).toBe(639);
        let s = {channel: c, member: member(639, 1080) as ChannelMembership | undefined};
        // My posts in between, whose events arrive after the snapshot, are not counted again.
        s = countPost(s.channel, s.member, mine(1050), tally);
        expect([s.channel.total_msg_count, s.member?.msg_count]).toEqual([639, 639]);
        // Two more of mine, then bob's two: unread.
        s = countPost(s.channel, s.member, mine(1090), tally);
        s = countPost(s.channel, s.member, mine(1100), tally);
        expect(unread(s)).toBe(false);
        s = countPost(s.channel, s.member, theirs(1200), tally);
        s = countPost(s.channel, s.member, theirs(1210), tally);
        expect([s.channel.total_msg_count, s.member?.msg_count]).toEqual([643, 641]);
        expect(unread(s)).toBe(true);
    });

    it('a post the snapshot already counted is not counted again when its event arrives late', () => {
        const {channel: c, tally} = reconcile(channel(10, 500), member(8, 300));
        const s = countPost(c, member(8, 300), theirs(450), tally);
        expect(s.channel.total_msg_count).toBe(10);
        const later = countPost(s.channel, s.member, theirs(600), tally);
        expect(later.channel.total_msg_count).toBe(11);
        expect(later.channel.last_post_at).toBe(600);
    });

    it('events out of order after a snapshot are each counted once', () => {
        const {channel: c, tally} = reconcile(channel(10, 500), member(10, 500));
        let s = countPost(c, member(10, 500), theirs(620), tally);
        s = countPost(s.channel, s.member, theirs(610), tally);
        expect(s.channel.total_msg_count).toBe(12);
        expect(s.channel.last_post_at).toBe(620);
    });

    it('a post of mine reads the channel, unless the membership already has it', () => {
        const {channel: c, tally} = reconcile(channel(10, 500), member(7, 300));
        // Mine, in the channel snapshot but not in the older membership: read up to it.
        let s = countPost(c, member(7, 300), mine(500), tally);
        expect(s.member?.msg_count).toBe(10);
        expect(s.member?.last_viewed_at).toBe(500);
        expect(unread(s)).toBe(false);
        s = countPost(s.channel, s.member, theirs(700), tally);
        expect(unread(s)).toBe(true);
        s = countPost(s.channel, s.member, mine(710), tally);
        expect([s.channel.total_msg_count, s.member?.msg_count]).toEqual([12, 12]);
    });

    it('a mention counts once: not when the membership already counted it', () => {
        const {channel: c, tally} = reconcile(channel(10, 500), member(9, 300, 1, 520));
        let s = countPost(c, member(9, 300, 1, 520), theirs(510, true), tally);
        expect(s.member?.mention_count).toBe(1);
        s = countPost(s.channel, s.member, theirs(530, true), tally);
        expect(s.member?.mention_count).toBe(2);
        // Both are newer than the channel's snapshot.
        expect(s.channel.total_msg_count).toBe(12);
    });

    it('without a snapshot, every post counts', () => {
        const s = countPost(channel(3, 100), member(3, 100), theirs(50), tallyOf('c'));
        expect(s.channel.total_msg_count).toBe(4);
    });

    it('posts that arrived while the snapshot was on its way are counted into it', () => {
        const from = beginSnapshot();
        // The store counted these as they came; the snapshot was taken before the second.
        recordPost(mine(100));
        recordPost(theirs(200));
        recordPost({...theirs(250), channelId: 'other'});
        const {channels, members} = applySnapshot([channel(5, 100)], [member(5, 100)], from);
        endSnapshot();
        expect(channels.c?.total_msg_count).toBe(6);
        expect(members.c?.msg_count).toBe(5);
        expect(tallyOf('c')).toEqual({channelSince: 100, memberSince: 100});
    });

    it('a snapshot only gets the posts seen since it was asked for, and the journal empties when none is on its way', () => {
        const first = beginSnapshot();
        recordPost(theirs(100));
        const second = beginSnapshot();
        recordPost(theirs(200));
        // The later snapshot (taken after the first post) arrives first.
        const a = applySnapshot([channel(6, 100)], [member(5, 90)], second);
        endSnapshot();
        expect(a.channels.c?.total_msg_count).toBe(7);
        // The older one (taken before both) arrives last: still every post, once.
        const b = applySnapshot([channel(5, 90)], [member(5, 90)], first);
        endSnapshot();
        expect(b.channels.c?.total_msg_count).toBe(7);
        // Nothing on its way: posts are not kept.
        recordPost(theirs(300));
        const from = beginSnapshot();
        const c = applySnapshot([channel(8, 300)], [member(5, 90)], from);
        endSnapshot();
        expect(c.channels.c?.total_msg_count).toBe(8);
    });
});

describe('posts seen arrive', () => {
    it('are noted per channel and taken once, for telling the server on leaving', () => {
        expect(takeSeenLive('c1')).toBe(false);
        noteSeenLive('c1');
        noteSeenLive('c1');
        expect(takeSeenLive('c2')).toBe(false);
        expect(takeSeenLive('c1')).toBe(true);
        expect(takeSeenLive('c1')).toBe(false);
    });
});
