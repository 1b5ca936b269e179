// The channel's messages from GET /channels/{id}/posts, oldest at the top, newest at the bottom,
// with honest loading, empty and error states.

import {useLayoutEffect, useMemo, useRef} from 'react';

import type {Channel} from '../api/client';
import {buildRows, fromPending, fromPost} from '../messages/rows';
import {loadPosts} from '../store/actions';
import {channelName} from '../store/names';
import {useStore} from '../store/store';
import {t} from '../strings';
import {ErrorNote} from './ErrorNote';
import {Icon} from './Icon';
import {PostItem} from './PostItem';
import {SkeletonRows} from './Skeleton';

const NO_IDS: string[] = [];
const NO_PENDING: never[] = [];

function EmptyChannel({channel}: {channel: Channel}) {
    const users = useStore((s) => s.users);
    const myId = useStore((s) => s.me?.id ?? '');
    const name = channelName(channel, users, myId);
    const direct = channel.type === 'D' || channel.type === 'G';
    return (
        <div className='channel-intro'>
            <span className='channel-intro__icon'>
                <Icon name={direct ? 'message' : channel.type === 'P' ? 'lock' : 'hash'} size={28} />
            </span>
            <h2>{t.emptyChannelTitle(name)}</h2>
            <p>{direct ? t.emptyDirectLead(name) : channel.purpose || t.emptyChannelLead}</p>
        </div>
    );
}

export function MessageList({channel}: {channel: Channel}) {
    const list = useStore((s) => s.posts[channel.id]);
    const postsById = useStore((s) => s.postsById);
    const pending = useStore((s) => s.pending[channel.id] ?? NO_PENDING);
    const myId = useStore((s) => s.me?.id ?? '');
    const ids = list?.data ?? NO_IDS;
    const rows = useMemo(() => {
        // Collapsed reply threads: replies live in the thread pane, counted under their root.
        const posts = ids
            .map((id) => postsById[id])
            .filter((p) => p !== undefined && p.delete_at === 0 && !p.root_id)
            .map((p) => fromPost(p!));
        const mine = pending.filter((p) => !p.rootId).map((p) => fromPending(p, myId));
        return buildRows([...posts, ...mine], Date.now());
    }, [ids, postsById, pending, myId]);
    const highlight = useStore((s) => s.highlightPostId);
    const scroller = useRef<HTMLDivElement>(null);
    useLayoutEffect(() => {
        const el = scroller.current;
        const target = highlight ? el?.querySelector(`[data-post-id="${CSS.escape(highlight)}"]`) : null;
        if (target) {
            target.scrollIntoView({block: 'center'});
        } else if (el) {
            el.scrollTop = el.scrollHeight;
        }
    }, [rows.length, channel.id, highlight]);

    let content;
    if (!list || (list.status === 'loading' && !ids.length && !pending.length)) {
        content = <SkeletonRows count={6} variant='post' />;
    } else if (list.status === 'error' && !ids.length) {
        content = (
            <>
                <EmptyChannel channel={channel} />
                <ErrorNote
                    title={t.messagesUnavailable}
                    error={list.error}
                    detail={list.error?.isMissingEndpoint ? t.messagesMissingEndpoint : undefined}
                    onRetry={() => void loadPosts(channel.id)}
                />
            </>
        );
    } else {
        content = (
            <>
                <EmptyChannel channel={channel} />
                {rows.map((row) =>
                    row.kind === 'date' ? (
                        <div className='date-separator' key={row.key} role='separator'>
                            <span>{row.label}</span>
                        </div>
                    ) : (
                        <PostItem key={row.key} post={row.post} continued={row.continued} />
                    ),
                )}
            </>
        );
    }
    return (
        <div className='message-list' ref={scroller} role='log' aria-label={t.messageListLabel(channelName(channel, {}, myId))} data-testid='message-list'>
            <div className='message-list__inner'>{content}</div>
        </div>
    );
}
