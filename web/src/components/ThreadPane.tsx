// The right-hand pane for one thread: its root, the replies, and a composer that replies.

import {useEffect, useLayoutEffect, useMemo, useRef} from 'react';

import type {Channel} from '../api/client';
import {fromPending, fromPost} from '../messages/rows';
import {closePane, openThread} from '../store/actions';
import {channelName} from '../store/names';
import {useStore} from '../store/store';
import {markThreadRead, setFollowing} from '../store/threads';
import {t} from '../strings';
import {Composer} from './Composer';
import {ErrorNote} from './ErrorNote';
import {Icon} from './Icon';
import {PostItem} from './PostItem';
import {SkeletonRows} from './Skeleton';

const NO_PENDING: never[] = [];
const GROUP_WINDOW_MS = 5 * 60 * 1000;

export function ThreadPane({channel, rootId}: {channel: Channel; rootId: string}) {
    const root = useStore((s) => s.postsById[rootId]);
    const thread = useStore((s) => s.threads[rootId]);
    const postsById = useStore((s) => s.postsById);
    const pending = useStore((s) => s.pending[channel.id] ?? NO_PENDING);
    const myId = useStore((s) => s.me?.id ?? '');
    const users = useStore((s) => s.users);
    const replies = useMemo(() => {
        const posted = (thread?.data ?? []).map((id) => postsById[id]).filter((p) => p !== undefined && p.delete_at === 0).map((p) => fromPost(p!));
        return [...posted, ...pending.filter((p) => p.rootId === rootId).map((p) => fromPending(p, myId))];
    }, [thread, postsById, pending, rootId, myId]);
    const following = useStore((s) => s.userThreads[rootId]?.is_following ?? false);
    const unread = useStore((s) => (s.userThreads[rootId]?.unread_replies ?? 0) > 0);
    useEffect(() => {
        if (unread) {
            void markThreadRead(rootId);
        }
    }, [unread, rootId]);
    const scroller = useRef<HTMLDivElement>(null);
    useLayoutEffect(() => {
        const el = scroller.current;
        if (el) {
            el.scrollTop = el.scrollHeight;
        }
    }, [replies.length, rootId]);

    return (
        <aside className='pane pane--thread' aria-label={t.threadTitle}>
            <header className='pane__header'>
                <h2>
                    {t.threadTitle} <span className='pane__subtitle'>{channelName(channel, users, myId)}</span>
                </h2>
                {root && !root.delete_at && (
                    <button
                        type='button'
                        className={following ? 'follow-button follow-button--on' : 'follow-button'}
                        aria-pressed={following}
                        title={following ? t.unfollowThread : t.followThread}
                        onClick={() => void setFollowing(rootId, !following)}
                    >
                        {following ? t.following : t.follow}
                    </button>
                )}
                <button type='button' className='icon-button' onClick={closePane} aria-label={t.closePane} title={t.closePane}>
                    <Icon name='x' />
                </button>
            </header>
            <div className='pane__scroll thread' ref={scroller} data-testid='thread'>
                {!root || root.delete_at ? (
                    thread?.status === 'error' ? (
                        <ErrorNote title={t.threadUnavailable} error={thread.error} onRetry={() => void openThread(rootId)} />
                    ) : root?.delete_at ? (
                        <p className='muted thread__gone'>{t.threadGone}</p>
                    ) : (
                        <SkeletonRows count={3} variant='post' />
                    )
                ) : (
                    <>
                        <PostItem post={fromPost(root)} continued={false} inThread />
                        {replies.length > 0 && (
                            <div className='thread__count' role='separator'>
                                <span>{t.replies(replies.length)}</span>
                            </div>
                        )}
                        {replies.map((p, i) => {
                            const prev = replies[i - 1];
                            const continued = prev !== undefined && prev.userId === p.userId && p.createAt - prev.createAt < GROUP_WINDOW_MS;
                            return <PostItem key={p.id} post={p} continued={continued} inThread />;
                        })}
                    </>
                )}
            </div>
            {root && !root.delete_at && <Composer channel={channel} rootId={rootId} />}
        </aside>
    );
}
