// The right-hand pane listing the channel's members with their presence; people can be added to
// a channel from it, and taken out of it.

import {useMemo, useState} from 'react';

import type {ApiError} from '../api/client';
import {closePane, loadChannelMembers, MEMBERS_PAGE, openDirectChannel, openModal} from '../store/actions';
import {removeChannelMember} from '../store/channelActions';
import {fullName} from '../store/names';
import {useStore} from '../store/store';
import {t} from '../strings';
import {Avatar} from './Avatar';
import {ErrorNote, FormError} from './ErrorNote';
import {Icon} from './Icon';
import {SkeletonRows} from './Skeleton';

function MemberRow({userId, channelId, removable, onRemoveError}: {userId: string; channelId: string; removable: boolean; onRemoveError: (err: ApiError | null) => void}) {
    const user = useStore((s) => s.users[userId]);
    const status = useStore((s) => s.statuses[userId]);
    const isMe = useStore((s) => s.me?.id === userId);
    const [busy, setBusy] = useState(false);
    if (!user) {
        return null;
    }
    const name = fullName(user);
    const remove = () => {
        setBusy(true);
        onRemoveError(null);
        removeChannelMember(channelId, userId).catch((err: ApiError) => {
            setBusy(false);
            onRemoveError(err);
        });
    };
    return (
        <li className='member-list__item'>
            <button type='button' className='member-row' onClick={() => !isMe && void openDirectChannel([userId])} disabled={isMe}>
                <Avatar user={user} status={status ?? 'offline'} />
                <span className='member-row__text'>
                    <span className='member-row__name'>
                        {user.username} {isMe && <span className='muted'>{t.you}</span>}
                    </span>
                    {name && <span className='member-row__full'>{name}</span>}
                </span>
            </button>
            {removable && !isMe && (
                <button type='button' className='icon-button icon-button--small member-list__remove' aria-label={t.removeFromChannel(user.username)} title={t.removeFromChannel(user.username)} disabled={busy} onClick={remove}>
                    <Icon name='x' size={14} />
                </button>
            )}
        </li>
    );
}

export function MembersPane({channelId}: {channelId: string}) {
    const members = useStore((s) => s.channelMembers[channelId]);
    const channel = useStore((s) => s.channels[channelId]);
    const [removeError, setRemoveError] = useState<ApiError | null>(null);
    // People are added to and taken out of channels, not conversations; everyone stays in Town
    // Square (as in Mattermost). The server says no to those who may not.
    const managed = Boolean(channel && (channel.type === 'O' || channel.type === 'P') && !channel.delete_at && channel.name !== 'town-square');
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
                <span className='pane__actions'>
                    {managed && (
                        <button type='button' className='button button--quiet button--small' onClick={() => openModal('channel-add-members')}>
                            <Icon name='plus' size={14} />
                            {t.addMembers}
                        </button>
                    )}
                    <button type='button' className='icon-button' onClick={closePane} aria-label={t.closePane} title={t.closePane}>
                        <Icon name='x' />
                    </button>
                </span>
            </header>
            <div className='pane__scroll'>
                <FormError error={removeError} />
                {!members || (members.status === 'loading' && !members.data.length) ? (
                    <SkeletonRows count={5} variant='member' />
                ) : members.status === 'error' && !members.data.length ? (
                    <ErrorNote title={t.membersUnavailable} error={members.error} onRetry={() => void loadChannelMembers(channelId)} />
                ) : (
                    <>
                        <ul className='member-list'>
                            {sorted.map((id) => (
                                <MemberRow key={id} userId={id} channelId={channelId} removable={managed} onRemoveError={setRemoveError} />
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
