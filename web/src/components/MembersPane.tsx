// The right-hand pane listing the channel's members with their presence.

import {useMemo} from 'react';

import {closePane, loadChannelMembers, MEMBERS_PAGE, openDirectChannel} from '../store/actions';
import {fullName} from '../store/names';
import {useStore} from '../store/store';
import {t} from '../strings';
import {Avatar} from './Avatar';
import {ErrorNote} from './ErrorNote';
import {Icon} from './Icon';
import {SkeletonRows} from './Skeleton';

function MemberRow({userId}: {userId: string}) {
    const user = useStore((s) => s.users[userId]);
    const status = useStore((s) => s.statuses[userId]);
    const isMe = useStore((s) => s.me?.id === userId);
    if (!user) {
        return null;
    }
    const name = fullName(user);
    return (
        <li>
            <button type='button' className='member-row' onClick={() => !isMe && void openDirectChannel([userId])} disabled={isMe}>
                <Avatar user={user} status={status ?? 'offline'} />
                <span className='member-row__text'>
                    <span className='member-row__name'>
                        {user.username} {isMe && <span className='muted'>{t.you}</span>}
                    </span>
                    {name && <span className='member-row__full'>{name}</span>}
                </span>
            </button>
        </li>
    );
}

export function MembersPane({channelId}: {channelId: string}) {
    const members = useStore((s) => s.channelMembers[channelId]);
    const statuses = useStore((s) => s.statuses);
    const count = useStore((s) => s.memberCounts[channelId]);
    const sorted = useMemo(() => {
        const rank = (id: string) => ({online: 0, away: 1, dnd: 2}[statuses[id] ?? ''] ?? 3);
        return [...(members?.data ?? [])].sort((a, b) => rank(a) - rank(b));
    }, [members, statuses]);
    return (
        <aside className='pane' aria-label={t.membersTitle}>
            <header className='pane__header'>
                <h2>{t.membersTitle}</h2>
                <button type='button' className='icon-button' onClick={closePane} aria-label={t.closePane} title={t.closePane}>
                    <Icon name='x' />
                </button>
            </header>
            <div className='pane__scroll'>
                {!members || (members.status === 'loading' && !members.data.length) ? (
                    <SkeletonRows count={5} variant='member' />
                ) : members.status === 'error' && !members.data.length ? (
                    <ErrorNote title={t.membersUnavailable} error={members.error} onRetry={() => void loadChannelMembers(channelId)} />
                ) : (
                    <>
                        <ul className='member-list'>
                            {sorted.map((id) => (
                                <MemberRow key={id} userId={id} />
                            ))}
                        </ul>
                        {/* A large channel: its members a page at a time. */}
                        {count !== undefined && members.data.length < count && (
                            <button
                                type='button'
                                className='button button--quiet button--block'
                                disabled={members.status === 'loading'}
                                onClick={() => void loadChannelMembers(channelId, Math.floor(members.data.length / MEMBERS_PAGE))}
                            >
                                {t.showMoreMembers(count - members.data.length)}
                            </button>
                        )}
                    </>
                )}
            </div>
        </aside>
    );
}
