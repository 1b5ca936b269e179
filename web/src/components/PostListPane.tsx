// The right-hand pane with a list of posts from anywhere: the channel's pinned messages or my saved
// messages. Each shows where it was posted and jumps there.

import {fromPost} from '../messages/rows';
import {closePane, navigate} from '../store/actions';
import {channelName} from '../store/names';
import {openPinned, openSaved} from '../store/posts';
import {useStore} from '../store/store';
import {t} from '../strings';
import {ErrorNote} from './ErrorNote';
import {Icon} from './Icon';
import {PostItem} from './PostItem';
import {SkeletonRows} from './Skeleton';

function ListedPost({postId}: {postId: string}) {
    const post = useStore((s) => s.postsById[postId]);
    const channel = useStore((s) => (post ? s.channels[post.channel_id] : undefined));
    const users = useStore((s) => s.users);
    const myId = useStore((s) => s.me?.id ?? '');
    const team = useStore((s) => s.teams.data.find((tm) => tm.id === s.currentTeamId)?.name ?? '');
    if (!post || post.delete_at) {
        return null;
    }
    return (
        <li className='pane-post'>
            <div className='pane-post__context'>
                <span>{channel ? t.inChannel(channelName(channel, users, myId)) : ''}</span>
                <button type='button' className='link-button' onClick={() => navigate({name: 'permalink', team, postId})}>
                    {t.jump}
                </button>
            </div>
            <PostItem post={fromPost(post)} continued={false} inThread />
        </li>
    );
}

export function PostListPane({kind}: {kind: 'pinned' | 'saved'}) {
    const list = useStore((s) => s.paneList);
    const flagged = useStore((s) => s.flagged);
    const postsById = useStore((s) => s.postsById);
    const title = kind === 'pinned' ? t.pinnedTitle : t.savedTitle;
    // Unpinning or unsaving here takes the post off the list at once.
    const ids = list.data.filter((id) => (kind === 'saved' ? flagged[id] : postsById[id]?.is_pinned));
    return (
        <aside className='pane' aria-label={title}>
            <header className='pane__header'>
                <h2>{title}</h2>
                <button type='button' className='icon-button' onClick={closePane} aria-label={t.closePane} title={t.closePane}>
                    <Icon name='x' />
                </button>
            </header>
            <div className='pane__scroll' data-testid={`${kind}-list`}>
                {list.status === 'loading' && !ids.length ? (
                    <SkeletonRows count={3} variant='post' />
                ) : list.status === 'error' && !ids.length ? (
                    <ErrorNote title={t.listUnavailable} error={list.error} onRetry={() => void (kind === 'pinned' ? openPinned() : openSaved())} />
                ) : ids.length ? (
                    <ul className='pane-list'>
                        {ids.map((id) => (
                            <ListedPost key={id} postId={id} />
                        ))}
                    </ul>
                ) : (
                    <p className='muted pane__empty'>{kind === 'pinned' ? t.noPinned : t.noSaved}</p>
                )}
            </div>
        </aside>
    );
}
