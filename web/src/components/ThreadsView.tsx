// The global Threads view: threads I follow in this team, latest reply first, with unread replies
// and mentions; one opens in the right-hand pane (and is then read).

import {useMemo} from 'react';

import {Markdown} from '../markdown/Markdown';
import {timeLabel} from '../messages/rows';
import {setSidebarOpen} from '../store/actions';
import {channelName, userName} from '../store/names';
import {useStore} from '../store/store';
import {loadFollowedThreads, loadOlderThreads, openFollowedThread, setThreadsFilter} from '../store/threads';
import {t} from '../strings';
import {Avatar} from './Avatar';
import {ErrorNote} from './ErrorNote';
import {Icon} from './Icon';
import {SkeletonRows} from './Skeleton';

function ThreadItem({threadId}: {threadId: string}) {
    const thread = useStore((s) => s.userThreads[threadId]);
    const root = useStore((s) => s.postsById[threadId]);
    const author = useStore((s) => (root ? s.users[root.user_id] : undefined));
    const channel = useStore((s) => (root ? s.channels[root.channel_id] : undefined));
    const users = useStore((s) => s.users);
    const myId = useStore((s) => s.me?.id ?? '');
    const me = useStore((s) => s.me?.username ?? '');
    const selected = useStore((s) => s.pane === 'thread' && s.threadRootId === threadId);
    if (!thread || !root) {
        return null;
    }
    const unread = thread.unread_replies > 0;
    const participants = thread.participants.slice(0, 4);
    return (
        <li>
            <button
                type='button'
                className={['thread-item', unread && 'thread-item--unread', selected && 'thread-item--selected'].filter(Boolean).join(' ')}
                aria-current={selected ? 'true' : undefined}
                onClick={() => openFollowedThread(threadId)}
            >
                <span className='thread-item__top'>
                    <span className='thread-item__channel'>{channel ? channelName(channel, users, myId) : ''}</span>
                    <span className='thread-item__time'>{timeLabel(thread.last_reply_at || root.create_at)}</span>
                    {thread.unread_mentions > 0 && (
                        <span className='badge' aria-label={t.unreadMentions(thread.unread_mentions)}>
                            {thread.unread_mentions}
                        </span>
                    )}
                </span>
                <span className='thread-item__author'>{userName(author)}</span>
                <span className='thread-item__message'>
                    <Markdown text={root.message} myUsername={me} />
                </span>
                <span className='thread-item__footer'>
                    <span className='thread-item__avatars' aria-hidden='true'>
                        {participants.map((p) => (
                            <Avatar key={p.id} user={users[p.id]} size='sm' />
                        ))}
                    </span>
                    <span>{t.replies(thread.reply_count)}</span>
                    {unread && <span className='thread-item__unread'>{t.unreadReplies(thread.unread_replies)}</span>}
                </span>
            </button>
        </li>
    );
}

export function ThreadsView() {
    const followed = useStore((s) => s.followedThreads);
    const filter = useStore((s) => s.threadsFilter);
    const userThreads = useStore((s) => s.userThreads);
    const more = useStore((s) => s.followedThreadsMore);
    const ids = useMemo(() => (filter === 'unread' ? followed.data.filter((id) => (userThreads[id]?.unread_replies ?? 0) > 0) : followed.data), [followed, filter, userThreads]);
    return (
        <main className='channel threads-view' aria-label={t.threadsTitle}>
            <header className='channel-header'>
                <button type='button' className='icon-button channel-header__menu' onClick={() => setSidebarOpen(true)} aria-label={t.openSidebar} title={t.openSidebar}>
                    <Icon name='menu' />
                </button>
                <div className='channel-header__title'>
                    <span className='channel-header__kind'>
                        <Icon name='threads' size={18} />
                    </span>
                    <h1 className='channel-header__name'>{t.threadsTitle}</h1>
                </div>
                <div className='segmented' role='tablist' aria-label={t.threadsFilter}>
                    <button type='button' role='tab' aria-selected={filter === 'all'} onClick={() => setThreadsFilter('all')}>
                        {t.threadsAll}
                    </button>
                    <button type='button' role='tab' aria-selected={filter === 'unread'} onClick={() => setThreadsFilter('unread')}>
                        {t.threadsUnread}
                    </button>
                </div>
            </header>
            <div className='threads-view__scroll'>
                {followed.status !== 'ready' && !followed.data.length ? (
                    followed.status === 'error' ? (
                        <ErrorNote title={t.threadsUnavailable} error={followed.error} onRetry={() => void loadFollowedThreads()} />
                    ) : (
                        <SkeletonRows count={4} variant='post' />
                    )
                ) : ids.length ? (
                    <>
                        <ul className='thread-list'>
                            {ids.map((id) => (
                                <ThreadItem key={id} threadId={id} />
                            ))}
                        </ul>
                        {more && (
                            <button type='button' className='button button--quiet button--block' disabled={followed.status === 'loading'} onClick={() => void loadOlderThreads()}>
                                {t.olderThreads}
                            </button>
                        )}
                    </>
                ) : (
                    <div className='channel-intro'>
                        <span className='channel-intro__icon'>
                            <Icon name='threads' size={28} />
                        </span>
                        <h2>{filter === 'unread' ? t.noUnreadThreads : t.noThreads}</h2>
                        <p>{t.noThreadsLead}</p>
                    </div>
                )}
            </div>
        </main>
    );
}
