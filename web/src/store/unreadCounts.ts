// A channel's unread state (its total_msg_count, my membership's msg_count and mention_count)
// comes from two sources that arrive in any order: REST snapshots of the team's channels and my
// memberships (at start, on a channel or membership event, after a reconnect), and `posted`
// events from the socket. A snapshot is taken at some instant on the server, the two halves of it
// (channels, members) at two different instants, and it is applied later; events are applied as
// they arrive, which may be seconds after the post (a socket that lags behind a burst). Adding
// every event to whatever the store holds, and replacing the store with every snapshot, loses
// posts (an event applied before an older snapshot replaced it) and counts others twice (an event
// that arrives after a snapshot already counted it); with the two halves taken while I post, the
// membership could count more posts than the channel, and the channel read as read after others
// wrote. Instead:
//
// - each snapshot is reconciled (a membership newer than its channel raises the channel's count),
//   and remembers up to when it counted: posts created up to then are in it;
// - an event counts a post only if the snapshot the store is based on does not (by creation time);
// - the events that arrive while a snapshot is on its way are kept, and applied again to the
//   snapshot when it arrives, by the same rule.
//
// The rules are pure functions of the channel, the membership and the post, tested without a server.

import type {Channel, ChannelMembership} from '../api/client';

/** A post as the unread state needs it, and how it was seen when its event arrived. */
export interface SeenPost {
    channelId: string;
    createAt: number;
    /** Mine, or on screen when it arrived: it counts as read (the server marks my own posts read). */
    viewed: boolean;
    /** It mentions me (and was not viewed). */
    mentioned: boolean;
}

/** Up to when the snapshot a channel's state is based on counted posts (creation times). */
export interface Tally {
    /** Posts created up to this time are in the channel's total_msg_count. */
    channelSince: number;
    /** Posts created up to this time are in the membership's counts. */
    memberSince: number;
}

/** Nothing is known to be counted: every post counts (a channel not from a snapshot). */
const OPEN: Tally = {channelSince: -Infinity, memberSince: -Infinity};

/** A channel and my membership from one snapshot, made consistent, and what they counted. The
 * two come from two requests: a membership taken after the channel, when I posted or read in
 * between, counts posts the channel does not (msg_count above total_msg_count, which would hide
 * that many posts of others); it was taken when the channel had `msg_count` posts. */
export function reconcile(channel: Channel, member: ChannelMembership | undefined): {channel: Channel; tally: Tally} {
    if (!member) {
        return {channel, tally: {channelSince: channel.last_post_at, memberSince: -Infinity}};
    }
    const memberSince = Math.max(member.last_viewed_at, member.last_update_at ?? 0);
    if (member.msg_count > channel.total_msg_count) {
        return {
            channel: {...channel, total_msg_count: member.msg_count},
            tally: {channelSince: Math.max(channel.last_post_at, member.last_viewed_at), memberSince},
        };
    }
    return {channel, tally: {channelSince: channel.last_post_at, memberSince}};
}

/** The channel and membership after a post, counted only where the snapshot behind `tally` did
 * not count it. A viewed post reads the channel up to it (as the server does for my own posts). */
export function countPost(channel: Channel, member: ChannelMembership | undefined, post: SeenPost, tally: Tally = OPEN): {channel: Channel; member: ChannelMembership | undefined} {
    const inChannel = post.createAt <= tally.channelSince;
    const next = inChannel ? channel : {...channel, total_msg_count: channel.total_msg_count + 1, last_post_at: Math.max(channel.last_post_at, post.createAt)};
    if (!member || post.createAt <= tally.memberSince) {
        return {channel: next, member};
    }
    if (post.viewed) {
        return {channel: next, member: {...member, msg_count: Math.max(member.msg_count, next.total_msg_count), last_viewed_at: Math.max(member.last_viewed_at, post.createAt)}};
    }
    if (post.mentioned) {
        return {channel: next, member: {...member, mention_count: member.mention_count + 1}};
    }
    return {channel: next, member};
}

// ---------------------------------------------------------------------------------------------
// posts seen arrive, which only this client knows of

/** Channels where someone else's post arrived while the channel was on screen, since the server
 * was last told the channel was viewed. */
const seenLive = new Set<string>();

/** Someone else's post arrived in the channel on screen: seen here, not yet on the server. */
export function noteSeenLive(channelId: string): void {
    seenLive.add(channelId);
}

/** Whether the server is to be told the channel was viewed (once: the note is taken). */
export function takeSeenLive(channelId: string): boolean {
    return seenLive.delete(channelId);
}

// ---------------------------------------------------------------------------------------------
// the store's side: tallies per channel, and the events seen while snapshots are on their way

const tallies = new Map<string, Tally>();
/** Posts seen while at least one snapshot is on its way; `journalStart` is the position of the
 * first (positions only grow, so a snapshot can say where its events begin). */
let journal: SeenPost[] = [];
let journalStart = 0;
let snapshotsOnTheirWay = 0;

/** What the store's state of the channel is based on. */
export function tallyOf(channelId: string): Tally {
    return tallies.get(channelId) ?? OPEN;
}

/** A post arrived: kept for the snapshots on their way. */
export function recordPost(post: SeenPost): void {
    if (snapshotsOnTheirWay > 0) {
        journal.push(post);
    }
}

/** A snapshot is about to be requested: returns where its events begin in the journal. */
export function beginSnapshot(): number {
    snapshotsOnTheirWay++;
    return journalStart + journal.length;
}

/** A snapshot arrived (or failed). */
export function endSnapshot(): void {
    snapshotsOnTheirWay = Math.max(0, snapshotsOnTheirWay - 1);
    if (snapshotsOnTheirWay === 0) {
        journalStart += journal.length;
        journal = [];
    }
}

/**
 * The channels and memberships of a snapshot requested at journal position `from`, reconciled,
 * with the posts seen since then counted where the snapshot did not count them; remembers the
 * snapshot's tallies for the events still to come. Channels the snapshot does not have are left
 * to the caller.
 */
export function applySnapshot(channels: Channel[], members: ChannelMembership[], from: number): {channels: Record<string, Channel>; members: Record<string, ChannelMembership>} {
    const memberOf = new Map(members.map((m) => [m.channel_id, m]));
    const since = journal.slice(Math.max(0, from - journalStart));
    const outChannels: Record<string, Channel> = {};
    const outMembers: Record<string, ChannelMembership> = {};
    for (const c of channels) {
        const {channel, tally} = reconcile(c, memberOf.get(c.id));
        let state = {channel, member: memberOf.get(c.id)};
        for (const post of since) {
            if (post.channelId === c.id) {
                state = countPost(state.channel, state.member, post, tally);
            }
        }
        tallies.set(c.id, tally);
        outChannels[c.id] = state.channel;
        if (state.member) {
            outMembers[c.id] = state.member;
        }
    }
    // Memberships of channels the snapshot's channel list does not have (it should): as they are.
    for (const m of members) {
        if (!(m.channel_id in outChannels)) {
            outMembers[m.channel_id] = m;
        }
    }
    return {channels: outChannels, members: outMembers};
}

/** For tests: forget every tally and the journal. */
export function resetUnreadCounts(): void {
    tallies.clear();
    seenLive.clear();
    journal = [];
    journalStart = 0;
    snapshotsOnTheirWay = 0;
}
