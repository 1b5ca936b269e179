// One message: avatar and name (unless it continues the previous author's run), time, text, and
// the state of a message still being sent.

import {memo, useCallback, useEffect, useRef, useState} from 'react';
import type {MouseEvent} from 'react';

import {Markdown} from '../markdown/Markdown';
import {postOverride} from '../messages/attachments';
import {discardPending, openProfile, openThread, sendPost} from '../store/actions';
import type {PostView} from '../messages/rows';
import {timeLabel} from '../messages/rows';
import {userName} from '../store/names';
import {useStoreTuple} from '../store/store';
import {t} from '../strings';
import {Avatar} from './Avatar';
import {CustomStatusEmoji} from './CustomStatusEmoji';
import {Attachments} from './files/Attachments';
import {errorText} from './ErrorNote';
import {Icon} from './Icon';
import {MessageAttachments} from './integrations/MessageAttachments';
import {PostActions} from './PostActions';
import {PostEditor} from './PostEditor';
import {Reactions} from './Reactions';

/** How long a post reached by the pointer without a move (see PostItem) must stay hovered before
 * its action bar is created: a wheel scroll moves each post away from under the pointer sooner. */
const HOVER_SETTLE_MS = 150;

function PendingState({post}: {post: PostView}) {
    const p = post.pending;
    if (!p) {
        return null;
    }
    if (p.state === 'sending') {
        return <span className='post__pending'>{t.sending}</span>;
    }
    return (
        <span className='post__failed' role='alert'>
            {t.notSent}: {errorText(p.error)}
            <button type='button' className='link-button' onClick={() => void sendPost(p.channelId, p.message, p, p.rootId)}>
                {t.resend}
            </button>
            <button type='button' className='link-button' onClick={() => discardPending(p)}>
                {t.discard}
            </button>
        </span>
    );
}

/** `rowKey` and `rowRef`: the post is a row of the channel's virtualised list (MessageList), which
 * measures it; the article is the row itself (no wrapper element per row). */
export const PostItem = memo(function PostItem({
    post,
    continued,
    inThread = false,
    rowKey,
    rowRef,
}: {
    post: PostView;
    continued: boolean;
    inThread?: boolean;
    rowKey?: string;
    rowRef?: (el: HTMLElement | null) => void;
}) {
    // One subscription per row (a scroll mounts many rows). A change of `me` also renders the
    // time again in a time zone chosen in Settings (timeLabel reads it).
    const [user, me, editing, saved, highlighted] = useStoreTuple(
        (s) => [s.users[post.userId], s.me, s.editingPostId === post.id && s.editingInThread === inThread, Boolean(s.flagged[post.id]), s.highlightPostId === post.id] as const,
    );
    // The action bar shows only on hover or focus within the post (until then it is display: none,
    // so neither the pointer nor Tab nor a screen reader can reach it). It is rendered the first
    // time the post is hovered or focused, not for every post scrolled past: its buttons and
    // icons were a large part of the elements a scroll creates per post. A wheel scroll with the
    // pointer resting over the list hovers every post passing under it (and each created its
    // bar): the pointer moving over the post creates it at once (the browser sends no mousemove
    // for a scroll), the pointer arriving without moving (a scroll, a post appearing under it)
    // only if the post is still hovered a moment later.
    const [actionsWanted, setActionsWanted] = useState(false);
    const wantActions = useCallback(() => setActionsWanted(true), []);
    const settle = useRef(0);
    useEffect(() => () => window.clearTimeout(settle.current), []);
    const hovered = useCallback((e: MouseEvent<HTMLElement>) => {
        const el = e.currentTarget;
        window.clearTimeout(settle.current);
        settle.current = window.setTimeout(() => {
            if (el.matches(':hover')) {
                setActionsWanted(true);
            }
        }, HOVER_SETTLE_MS);
    }, []);
    const unhovered = useCallback(() => window.clearTimeout(settle.current), []);
    const time = timeLabel(post.createAt);
    const mine = post.userId === me?.id;
    const override = postOverride(post.props);
    const bot = override.fromWebhook || override.fromBot || Boolean(user?.is_bot);
    const authorName = override.username || userName(user);
    const classes = [
        'post',
        continued && 'post--continued',
        post.system && 'post--system',
        post.ephemeral && 'post--ephemeral',
        post.pending && `post--${post.pending.state}`,
        editing && 'post--editing',
        post.pinned && 'post--pinned',
        highlighted && 'post--highlight',
    ];
    const flags =
        post.pinned || saved ? (
            <span className='post__flags'>
                {post.pinned && (
                    <span className='post__flag'>
                        <Icon name='pin' size={12} />
                        {t.pinned}
                    </span>
                )}
                {saved && (
                    <span className='post__flag'>
                        <Icon name='bookmark' size={12} />
                        {t.saved}
                    </span>
                )}
            </span>
        ) : null;
    return (
        <article
            ref={rowRef}
            data-key={rowKey}
            className={`${rowKey === undefined ? '' : 'vlist__row '}${classes.filter(Boolean).join(' ')}`}
            aria-label={`${post.system ? t.systemMessage : authorName}, ${time}`}
            data-post-id={post.id}
            // Reached with the arrow keys from the list (MessageList), then Tab goes into it.
            tabIndex={-1}
            onMouseMove={actionsWanted ? undefined : wantActions}
            onMouseEnter={actionsWanted ? undefined : hovered}
            onMouseLeave={actionsWanted ? undefined : unhovered}
            onFocus={actionsWanted ? undefined : wantActions}
        >
            <div className='post__gutter'>
                {continued ? (
                    // Shown on hover only: created with the action bar (when the pointer or focus
                    // first comes to the post), not for every row a scroll goes past.
                    actionsWanted && <time className='post__hover-time'>{time}</time>
                ) : post.system ? (
                    <Avatar user={undefined} />
                ) : override.iconUrl ? (
                    <span className='avatar avatar--md'>
                        <img src={override.iconUrl} alt='' width={36} height={36} loading='lazy' decoding='async' />
                    </span>
                ) : (
                    <button type='button' className='author-button' tabIndex={-1} aria-hidden='true' onClick={(e) => openProfile(post.userId, e.currentTarget)}>
                        <Avatar user={user} />
                    </button>
                )}
            </div>
            <div className='post__body'>
                {!continued && (
                    <div className='post__meta'>
                        {post.system ? (
                            <span className='post__author'>{t.systemMessage}</span>
                        ) : (
                            <>
                                <button type='button' className='post__author author-button' onClick={(e) => openProfile(post.userId, e.currentTarget)}>
                                    {authorName}
                                </button>
                                {!override.username && <CustomStatusEmoji user={user} />}
                            </>
                        )}
                        {bot && !post.system && <span className='post__bot-tag'>{t.botTag}</span>}
                        <time className='post__time' dateTime={new Date(post.createAt).toISOString()}>
                            {time}
                        </time>
                        {post.ephemeral && <span className='post__ephemeral'>{t.onlyVisibleToYou}</span>}
                        {flags}
                    </div>
                )}
                {continued && flags && <div className='post__meta'>{flags}</div>}
                {editing ? (
                    <PostEditor postId={post.id} message={post.message} />
                ) : (
                    <div className='post__message'>
                        <Markdown text={post.message} myUsername={me?.username} trailing={post.edited ? <span className='post__edited'>{t.edited}</span> : undefined} />
                    </div>
                )}
                {post.props?.attachments !== undefined && <MessageAttachments postId={post.id} props={post.props} myUsername={me?.username} />}
                {(post.fileIds?.length ?? 0) > 0 && <Attachments postId={post.id} fileIds={post.fileIds ?? []} files={post.files ?? []} />}
                <PendingState post={post} />
                {!post.pending && !post.ephemeral && post.reactions.length > 0 && <Reactions postId={post.id} reactions={post.reactions} />}
                {!inThread && post.replyCount > 0 && (
                    <button type='button' className='post__replies' onClick={() => void openThread(post.id)}>
                        <Icon name='reply' size={14} />
                        {t.replies(post.replyCount)}
                    </button>
                )}
            </div>
            {actionsWanted && !post.pending && !post.system && !editing && <PostActions postId={post.id} rootId={post.rootId} mine={mine} inThread={inThread} />}
        </article>
    );
});
