// Writing a message: Enter sends, Shift+Enter starts a new line; the box grows with the text.

import {useLayoutEffect, useRef, useState} from 'react';
import type {FormEvent, KeyboardEvent} from 'react';

import type {Channel} from '../api/client';
import {sendPost} from '../store/actions';
import {channelName} from '../store/names';
import {useStore} from '../store/store';
import {t} from '../strings';
import {Icon} from './Icon';

const MAX_ROWS = 10;

export function Composer({channel}: {channel: Channel}) {
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
    }, [channel.id]);

    const send = (e?: FormEvent) => {
        e?.preventDefault();
        const message = text.trim();
        if (!message) {
            return;
        }
        setText('');
        void sendPost(channel.id, message);
    };
    const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
        if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
            send(e);
        }
    };
    return (
        <form className='composer' onSubmit={send}>
            <div className='composer__box'>
                <textarea
                    ref={box}
                    className='composer__input'
                    aria-label={t.composerLabel}
                    placeholder={t.composerPlaceholder(channel.type === 'O' || channel.type === 'P' ? `~${name}` : name)}
                    value={text}
                    rows={1}
                    onChange={(e) => setText(e.target.value)}
                    onKeyDown={onKeyDown}
                />
                <button type='submit' className='composer__send' disabled={!text.trim()} aria-label={t.send} title={t.send}>
                    <Icon name='send' size={18} />
                </button>
            </div>
            <p className='composer__hint'>{t.composerHint}</p>
        </form>
    );
}
