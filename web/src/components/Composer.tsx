// Writing a message (or a reply, with rootId): Enter sends, Shift+Enter starts a new line, ↑ in an
// empty box edits my last message; @, ~ and : suggest people, channels and emoji; the emoji button
// inserts one; unsent text is kept per channel and thread; others see that I am typing.

import {useCallback, useLayoutEffect, useRef, useState} from 'react';
import type {FormEvent, KeyboardEvent} from 'react';

import type {ApiError, Channel} from '../api/client';
import {isCommand} from '../messages/commands';
import {applyFormat, formatOfKey} from '../messages/format';
import type {Format} from '../messages/format';
import {lastOwnPostId, sendPost, startEditing, userTyping} from '../store/actions';
import {runCommand} from '../store/commands';
import {draftKey, getDraft, setDraft} from '../store/drafts';
import {channelName} from '../store/names';
import {useStore} from '../store/store';
import {t} from '../strings';
import {useAutocomplete} from './Autocomplete';
import {errorText} from './ErrorNote';
import {EmojiPicker} from './EmojiPicker';
import {UploadTray} from './files/UploadTray';
import {useUploads} from './files/useUploads';
import {Icon} from './Icon';
import type {IconName} from './Icon';
import {TypingIndicator} from './TypingIndicator';

const MAX_ROWS = 10;

/** A phone or tablet (a finger is the main pointer): its on-screen keyboard has no Shift+Enter,
 * so Enter starts a new line there and the send button sends, as in Mattermost's mobile app. */
function touchFirst(): boolean {
    return window.matchMedia?.('(pointer: coarse)').matches ?? false;
}

/** Whether the formatting bar shows (kept in this browser, for every composer). */
const FORMAT_BAR_KEY = 'outpost.formattingBar';
const readFormatBar = () => {
    try {
        return localStorage.getItem(FORMAT_BAR_KEY) === '1';
    } catch {
        return false;
    }
};

const BAR: Array<{format: Format; icon?: IconName; glyph?: string}> = [
    {format: 'bold', glyph: 'B'},
    {format: 'italic', glyph: 'I'},
    {format: 'strike', glyph: 'S'},
    {format: 'heading', glyph: 'H'},
    {format: 'link', icon: 'link'},
    {format: 'code', icon: 'code'},
    {format: 'quote', icon: 'quote'},
    {format: 'bullets', icon: 'bullets'},
    {format: 'numbers', icon: 'numbers'},
];

/** The formatting bar: each button formats the selection in the box (which keeps the focus). */
function FormatBar({onFormat}: {onFormat: (format: Format) => void}) {
    return (
        <div className='format-bar' role='toolbar' aria-label={t.formattingBar}>
            {BAR.map(({format, icon, glyph}) => (
                <button
                    key={format}
                    type='button'
                    className={`icon-button icon-button--small format-bar__${format}`}
                    aria-label={t.formats[format]}
                    title={t.formats[format]}
                    onMouseDown={(e) => e.preventDefault()}
                    onClick={() => onFormat(format)}
                >
                    {icon ? <Icon name={icon} size={16} /> : <span aria-hidden='true'>{glyph}</span>}
                </button>
            ))}
        </div>
    );
}

/** Keyed by channel (and thread) where it is used, so its state is that place's draft. `shown` is
 * false while it is kept hidden with its channel (see ChannelBodies in MainScreen). */
export function Composer({channel, rootId = '', shown = true}: {channel: Channel; rootId?: string; shown?: boolean}) {
    const users = useStore((s) => s.users);
    const myId = useStore((s) => s.me?.id ?? '');
    const key = draftKey(channel.id, rootId);
    const [text, setTextState] = useState(() => getDraft(key));
    const [caret, setCaret] = useState(() => getDraft(key).length);
    const [picking, setPicking] = useState(false);
    const [running, setRunning] = useState(false);
    const [commandError, setCommandError] = useState<ApiError | null>(null);
    const box = useRef<HTMLTextAreaElement>(null);
    const form = useRef<HTMLFormElement>(null);
    const picker = useRef<HTMLInputElement>(null);
    const files = useUploads(channel.id, form, shown);
    const name = channelName(channel, users, myId);

    /** A caret position (or selection) to apply once React has put the new text in the box. */
    const pendingCaret = useRef<[number, number] | null>(null);
    const setText = useCallback(
        (next: string, nextCaret = next.length, moveCaret = true, selectionEnd = nextCaret) => {
            setTextState(next);
            setCaret(nextCaret);
            setDraft(key, next);
            pendingCaret.current = moveCaret ? [nextCaret, selectionEnd] : null;
        },
        [key],
    );
    useLayoutEffect(() => {
        const el = box.current;
        const at = pendingCaret.current;
        if (el && at !== null) {
            pendingCaret.current = null;
            el.focus();
            el.setSelectionRange(at[0], at[1]);
        }
    });
    const auto = useAutocomplete(text, caret, channel.id, setText);

    useLayoutEffect(() => {
        const el = box.current;
        if (el) {
            el.rows = Math.min(MAX_ROWS, Math.max(1, text.split('\n').length));
        }
    }, [text]);
    // Shown again (kept hidden with its channel meanwhile): the draft may have changed elsewhere
    // (sent or edited on another device, a reconnect's drafts); every edit here goes to the
    // drafts at once, so a different draft is newer than the text in the box.
    const wasShown = useRef(shown);
    useLayoutEffect(() => {
        if (shown && !wasShown.current) {
            const draft = getDraft(key);
            if (draft !== text) {
                setTextState(draft);
                setCaret(draft.length);
            }
        }
        wasShown.current = shown;
        // (Only on a change of `shown`: `text` and `key` are read as they are then.)
        // eslint-disable-next-line react-hooks/exhaustive-deps
    }, [shown]);
    useLayoutEffect(() => {
        const el = box.current;
        // Not on a phone: its keyboard would slide up over the messages at every switch.
        if (el && shown && !touchFirst()) {
            el.focus();
            el.setSelectionRange(el.value.length, el.value.length);
        }
    }, [channel.id, rootId, shown]);

    const send = (e?: FormEvent) => {
        e?.preventDefault();
        const message = text.trim();
        if ((!message && !files.ready) || files.uploading) {
            return;
        }
        if (isCommand(message) && !files.ready) {
            if (running) {
                return;
            }
            setRunning(true);
            setCommandError(null);
            setText('');
            void runCommand(channel.id, rootId, message).then((err) => {
                setRunning(false);
                setCommandError(err);
                if (err) {
                    // Give the command back to fix it.
                    setText(message);
                }
            });
            return;
        }
        setText('');
        void sendPost(channel.id, message, undefined, rootId, files.take());
    };
    const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
        if (e.nativeEvent.isComposing || auto.onKeyDown(e)) {
            return;
        }
        const format = formatOfKey(e);
        if (format) {
            e.preventDefault();
            const el = e.currentTarget;
            const edit = applyFormat(text, el.selectionStart, el.selectionEnd, format);
            setText(edit.text, edit.start, true, edit.end);
        } else if (e.key === 'Enter' && !e.shiftKey && !touchFirst()) {
            send(e);
        } else if (e.key === 'ArrowUp' && !text) {
            const last = lastOwnPostId(channel.id, rootId);
            if (last) {
                e.preventDefault();
                startEditing(last, rootId !== '');
            }
        }
    };
    const insertEmoji = (emoji: string) => {
        setPicking(false);
        const at = box.current?.selectionStart ?? text.length;
        const before = text.slice(0, at);
        const insert = `${before && !/\s$/.test(before) ? ' ' : ''}:${emoji}: `;
        setText(before + insert + text.slice(at), at + insert.length);
    };
    const closePicker = useCallback(() => setPicking(false), []);
    const [formatBar, setFormatBar] = useState(readFormatBar);
    const toggleFormatBar = () => {
        setFormatBar(!formatBar);
        try {
            localStorage.setItem(FORMAT_BAR_KEY, formatBar ? '0' : '1');
        } catch {
            // (Private mode: for this page only.)
        }
    };
    const formatSelection = (format: Format) => {
        const el = box.current;
        if (el) {
            const edit = applyFormat(text, el.selectionStart, el.selectionEnd, format);
            setText(edit.text, edit.start, true, edit.end);
        }
    };
    return (
        <form ref={form} className={files.dragging ? 'composer composer--drop' : 'composer'} onSubmit={send}>
            {files.dragging && <div className='drop-hint' aria-hidden='true'>{t.dropFiles}</div>}
            <UploadTray uploads={files.uploads} onRemove={files.remove} />
            {commandError && (
                <p className='composer__error' role='alert'>
                    {t.commandFailed}: {errorText(commandError)}
                </p>
            )}
            {formatBar && <FormatBar onFormat={formatSelection} />}
            <div className='composer__box'>
                {auto.list}
                <textarea
                    ref={box}
                    className='composer__input'
                    aria-label={t.composerLabel}
                    placeholder={rootId ? t.replyPlaceholder : t.composerPlaceholder(channel.type === 'O' || channel.type === 'P' ? `~${name}` : name)}
                    value={text}
                    rows={1}
                    {...auto.inputProps}
                    onChange={(e) => {
                        setCommandError(null);
                        setText(e.target.value, e.target.selectionStart, false);
                        if (e.target.value) {
                            userTyping(channel.id, rootId);
                        }
                    }}
                    onSelect={(e) => setCaret(e.currentTarget.selectionStart)}
                    onKeyDown={onKeyDown}
                    onPaste={files.onPaste}
                />
                <div className='composer__tools'>
                    <input
                        ref={picker}
                        type='file'
                        multiple
                        hidden
                        data-testid={shown ? 'file-input' : undefined}
                        onChange={(e) => {
                            files.add(Array.from(e.target.files ?? []));
                            e.target.value = '';
                        }}
                    />
                    <button type='button' className='icon-button' aria-label={t.showFormatting} title={t.showFormatting} aria-pressed={formatBar} onClick={toggleFormatBar}>
                        <Icon name='textFormat' size={18} />
                    </button>
                    <button type='button' className='icon-button' aria-label={t.attachFiles} title={t.attachFiles} onClick={() => picker.current?.click()}>
                        <Icon name='paperclip' size={18} />
                    </button>
                    <button
                        type='button'
                        className='icon-button'
                        aria-label={t.insertEmoji}
                        title={t.insertEmoji}
                        aria-expanded={picking}
                        onClick={() => setPicking(!picking)}
                    >
                        <Icon name='smile' size={18} />
                    </button>
                    {picking && <EmojiPicker className='emoji-picker--composer' onPick={insertEmoji} onClose={closePicker} />}
                </div>
                <button type='submit' className='composer__send' disabled={(!text.trim() && !files.ready) || files.uploading} aria-label={t.send} title={t.send}>
                    <Icon name='send' size={18} />
                </button>
            </div>
            <div className='composer__footer'>
                {shown && <TypingIndicator channelId={channel.id} rootId={rootId} />}
                <p className='composer__hint'>{running ? t.runningCommand : touchFirst() ? t.composerHintTouch : t.composerHint}</p>
            </div>
        </form>
    );
}
