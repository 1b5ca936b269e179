// The small action bar that appears over a hovered (or focused) post: react, reply, edit, delete,
// and a menu with pin, save, copy link and mark as unread.

import {useCallback, useRef, useState} from 'react';

import {openModal, openThread, startEditing, toggleReaction} from '../store/actions';
import {t} from '../strings';
import {EmojiPicker} from './EmojiPicker';
import {Icon} from './Icon';
import {PostMenu} from './PostMenu';
import {QuickReactions} from './Reactions';

export function PostActions({postId, rootId, mine, inThread}: {postId: string; rootId: string; mine: boolean; inThread: boolean}) {
    const [open, setOpen] = useState<'react' | 'picker' | 'menu' | null>(null);
    const closePicker = useCallback(() => setOpen(null), []);
    const moreButton = useRef<HTMLButtonElement>(null);
    const closeMenu = useCallback((refocus: boolean) => {
        setOpen(null);
        if (refocus) {
            moreButton.current?.focus();
        }
    }, []);
    return (
        <div className={open ? 'post-actions post-actions--open' : 'post-actions'} role='toolbar' aria-label={t.postActions}>
            <button
                type='button'
                className='icon-button'
                aria-label={t.addReaction}
                title={t.addReaction}
                aria-expanded={open === 'react' || open === 'picker'}
                onClick={() => setOpen(open === 'react' || open === 'picker' ? null : 'react')}
            >
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
            <button
                ref={moreButton}
                type='button'
                className='icon-button'
                aria-label={t.moreActions}
                title={t.moreActions}
                aria-haspopup='menu'
                aria-expanded={open === 'menu'}
                onClick={() => setOpen(open === 'menu' ? null : 'menu')}
            >
                <Icon name='dots' size={16} />
            </button>
            {open === 'react' && <QuickReactions postId={postId} onDone={() => setOpen(null)} onMore={() => setOpen('picker')} />}
            {open === 'picker' && (
                <EmojiPicker
                    className='emoji-picker--post'
                    onClose={closePicker}
                    onPick={(name) => {
                        setOpen(null);
                        void toggleReaction(postId, name);
                    }}
                />
            )}
            {open === 'menu' && <PostMenu postId={postId} onClose={closeMenu} />}
        </div>
    );
}
