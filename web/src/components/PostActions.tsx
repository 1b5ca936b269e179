// The small action bar that appears over a hovered (or focused) post: react, reply, edit, delete.

import {useState} from 'react';

import {openModal, openThread, startEditing} from '../store/actions';
import {t} from '../strings';
import {Icon} from './Icon';
import {QuickReactions} from './Reactions';

export function PostActions({postId, rootId, mine, inThread}: {postId: string; rootId: string; mine: boolean; inThread: boolean}) {
    const [picking, setPicking] = useState(false);
    return (
        <div className={picking ? 'post-actions post-actions--open' : 'post-actions'} role='toolbar' aria-label={t.postActions}>
            <button type='button' className='icon-button' aria-label={t.addReaction} title={t.addReaction} aria-expanded={picking} onClick={() => setPicking(!picking)}>
                <Icon name='smile' size={16} />
            </button>
            {!inThread && (
                <button type='button' className='icon-button' aria-label={t.reply} title={t.reply} onClick={() => void openThread(rootId || postId)}>
                    <Icon name='reply' size={16} />
                </button>
            )}
            {mine && (
                <>
                    <button type='button' className='icon-button' aria-label={t.editMessage} title={t.editMessage} onClick={() => startEditing(postId, inThread)}>
                        <Icon name='edit' size={16} />
                    </button>
                    <button
                        type='button'
                        className='icon-button icon-button--danger'
                        aria-label={t.deleteMessage}
                        title={t.deleteMessage}
                        onClick={() => openModal('delete-post', postId)}
                    >
                        <Icon name='trash' size={16} />
                    </button>
                </>
            )}
            {picking && <QuickReactions postId={postId} onDone={() => setPicking(false)} />}
        </div>
    );
}
