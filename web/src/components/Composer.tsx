// Writing a message (or a reply, with rootId): Enter sends, Shift+Enter starts a new line, ↑ in an
// empty box edits my last message; the box grows with the text and others see that I am typing.

import {useLayoutEffect, useRef, useState} from 'react';
import type {FormEvent, KeyboardEvent} from 'react';

import type {Channel} from '../api/client';
import {lastOwnPostId, sendPost, startEditing, userTyping} from '../store/actions';
import {channelName} from '../store/names';
import {useStore} from '../store/store';
import {t} from '../strings';
import {Icon} from './Icon';
import {TypingIndicator} from './TypingIndicator';

const MAX_ROWS = 10;

export function Composer({channel, rootId = ''}: {channel: Channel; rootId?: string}) {
    const users = useStore((s) => s.users);
    const myId = useStore((s) => s.me?.id ?? '');
    const [text, setText] = useState('');
    const box = useRef<HTMLTextAreaElement>(null);
    const name = channelName(channel, users, myId);

    useLayoutEffect(() => {
        const el = box.current;
        if (el) {
            el.rows = Math.min(MAX_ROWS, Math.max(1, text.split('\n').length));
        }
    }, [text]);
    useLayoutEffect(() => {
        box.current?.focus();
    }, [channel.id, rootId]);

    const send = (e?: FormEvent) => {
        e?.preventDefault();
        const message = text.trim();
        if (!message) {
            return;
        }
        setText('');
        void sendPost(channel.id, message, undefined, rootId);
    };
    const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
        if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
            send(e);
        } else if (e.key === 'ArrowUp' && !text) {
            const last = lastOwnPostId(channel.id, rootId);
            if (last) {
                e.preventDefault();
                startEditing(last, rootId !== '');
            }
        }
    };
    return (
        <form className='composer' onSubmit={send}>
            <div className='composer__box'>
                <textarea
                    ref={box}
                    className='composer__input'
                    aria-label={t.composerLabel}
                    placeholder={rootId ? t.replyPlaceholder : t.composerPlaceholder(channel.type === 'O' || channel.type === 'P' ? `~${name}` : name)}
                    value={text}
                    rows={1}
                    onChange={(e) => {
                        setText(e.target.value);
                        if (e.target.value) {
                            userTyping(channel.id, rootId);
                        }
                    }}
                    onKeyDown={onKeyDown}
                />
                <button type='submit' className='composer__send' disabled={!text.trim()} aria-label={t.send} title={t.send}>
                    <Icon name='send' size={18} />
                </button>
            </div>
            <div className='composer__footer'>
                <TypingIndicator channelId={channel.id} rootId={rootId} />
                <p className='composer__hint'>{t.composerHint}</p>
            </div>
        </form>
    );
}
