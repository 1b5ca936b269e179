// "Set a status": an emoji and a line of text, one of Mattermost's suggestions, and when it clears.

import {useEffect, useState} from 'react';
import type {FormEvent} from 'react';

import {api} from '../api/client';
import type {ApiError} from '../api/client';
import {closeModal} from '../store/actions';
import {CLEAR_AFTER, clearCustomStatus, customStatusOf, DEFAULT_EMOJI, setCustomStatus, SUGGESTED, TEXT_MAX} from '../store/customStatus';
import type {ClearAfter, CustomStatus} from '../store/customStatus';
import {currentTimeZone} from '../messages/rows';
import {useStore} from '../store/store';
import {t} from '../strings';
import {EmojiGlyph} from './emoji/EmojiGlyph';
import {EmojiPicker} from './EmojiPicker';
import {FormError} from './ErrorNote';
import {Icon} from './Icon';
import {Modal} from './Modal';

function isClearAfter(value: string): value is ClearAfter {
    return (CLEAR_AFTER as readonly string[]).includes(value);
}

/** Recent statuses shown (Mattermost's five). */
const RECENT_SHOWN = 5;

const sameStatus = (a: {emoji: string; text: string}, b: {emoji: string; text: string}) => a.emoji === b.emoji && a.text === b.text;

/** One status to pick (a recent one or a suggestion): its emoji, its text and when it would clear. */
function StatusChoice({status, onPick}: {status: {emoji: string; text: string; duration: string}; onPick: () => void}) {
    return (
        <button type='button' className='pick-list__item pick-list__item--button' onClick={onPick}>
            <EmojiGlyph name={status.emoji || DEFAULT_EMOJI} />
            <span className='pick-list__name'>
                {status.text}
                <span className='pick-list__detail'>{t.customStatusClearAfterChoice[status.duration] ?? t.customStatusClearAfterChoice['']}</span>
            </span>
        </button>
    );
}

export function CustomStatusModal() {
    const me = useStore((s) => s.me);
    const current = customStatusOf(me ?? undefined);
    const [emoji, setEmoji] = useState(current?.emoji ?? '');
    const [text, setText] = useState(current?.text ?? '');
    // Mattermost's default is "Today"; a status being edited keeps its own choice.
    const [clearAfter, setClearAfter] = useState<ClearAfter>(current && isClearAfter(current.duration) ? current.duration : 'today');
    const [picking, setPicking] = useState(false);
    const [busy, setBusy] = useState(false);
    const [error, setError] = useState<ApiError | null>(null);
    const [recent, setRecent] = useState<CustomStatus[]>([]);
    useEffect(() => {
        let live = true;
        api.getRecentCustomStatuses().then(
            (list) => live && setRecent(list.filter((cs) => cs.emoji || cs.text).slice(0, RECENT_SHOWN)),
            () => undefined,
        );
        return () => {
            live = false;
        };
    }, []);
    const empty = !emoji && !text.trim();
    const choose = (cs: {emoji: string; text: string; duration: string}) => {
        setEmoji(cs.emoji);
        setText(cs.text);
        setClearAfter(isClearAfter(cs.duration) ? cs.duration : 'today');
    };
    const forget = (cs: CustomStatus) => {
        setRecent(recent.filter((r) => r !== cs));
        api.removeRecentCustomStatus(cs).catch((err: ApiError) => setError(err));
    };
    const run = (action: () => Promise<void>) => {
        setBusy(true);
        setError(null);
        action().then(closeModal, (err: ApiError) => {
            setError(err);
            setBusy(false);
        });
    };
    const submit = (e: FormEvent) => {
        e.preventDefault();
        if (!empty) {
            run(() => setCustomStatus(emoji, text, clearAfter, currentTimeZone()));
        }
    };
    return (
        <Modal title={t.customStatusTitle}>
            <form className='form' onSubmit={submit}>
                <div className='custom-status-field'>
                    <button type='button' className='icon-button' aria-label={t.customStatusEmoji} title={t.customStatusEmoji} aria-expanded={picking} onClick={() => setPicking(!picking)}>
                        {empty ? <Icon name='smile' size={18} /> : <EmojiGlyph name={emoji || DEFAULT_EMOJI} />}
                    </button>
                    <input className='input input--bare' aria-label={t.customStatusText} placeholder={t.customStatusText} maxLength={TEXT_MAX} value={text} onChange={(e) => setText(e.target.value)} />
                    {!empty && (
                        <button
                            type='button'
                            className='icon-button icon-button--small'
                            aria-label={t.customStatusClearText}
                            title={t.customStatusClearText}
                            onClick={() => {
                                setEmoji('');
                                setText('');
                            }}
                        >
                            <Icon name='x' size={14} />
                        </button>
                    )}
                </div>
                {picking && (
                    <EmojiPicker
                        className='emoji-picker--inline'
                        onPick={(name) => {
                            setEmoji(name);
                            setPicking(false);
                        }}
                        onClose={() => setPicking(false)}
                    />
                )}
                {empty && !picking && recent.length > 0 && (
                    <section aria-label={t.customStatusRecent}>
                        <h3 className='field__label'>{t.customStatusRecent}</h3>
                        <ul className='pick-list'>
                            {recent.map((cs) => (
                                <li key={`${cs.emoji}:${cs.text}`} className='member-list__item'>
                                    <StatusChoice status={cs} onPick={() => choose(cs)} />
                                    <button type='button' className='icon-button icon-button--small' aria-label={t.customStatusForget(cs.text || cs.emoji)} title={t.customStatusForget(cs.text || cs.emoji)} onClick={() => forget(cs)}>
                                        <Icon name='x' size={14} />
                                    </button>
                                </li>
                            ))}
                        </ul>
                    </section>
                )}
                {empty && !picking && (
                    <section aria-label={t.customStatusSuggestions}>
                        <h3 className='field__label'>{t.customStatusSuggestions}</h3>
                        <ul className='pick-list'>
                            {SUGGESTED.filter((sg) => !recent.some((r) => sameStatus(r, sg))).map((sg) => (
                                <li key={sg.text}>
                                    <StatusChoice status={sg} onPick={() => choose(sg)} />
                                </li>
                            ))}
                        </ul>
                    </section>
                )}
                <label className='field'>
                    <span className='field__label'>{t.customStatusClearAfter}</span>
                    <select className='input' value={clearAfter} onChange={(e) => isClearAfter(e.target.value) && setClearAfter(e.target.value)}>
                        {CLEAR_AFTER.map((c) => (
                            <option key={c} value={c}>
                                {t.customStatusClearAfterChoice[c]}
                            </option>
                        ))}
                    </select>
                </label>
                <FormError error={error} />
                <div className='modal__actions'>
                    {current && (
                        <button type='button' className='button button--quiet modal__actions-start' disabled={busy} onClick={() => run(clearCustomStatus)}>
                            {t.customStatusClear}
                        </button>
                    )}
                    <button type='button' className='button' onClick={closeModal}>
                        {t.cancel}
                    </button>
                    <button type='submit' className='button button--primary' disabled={busy || empty}>
                        {t.customStatusSet}
                    </button>
                </div>
            </form>
        </Modal>
    );
}
