// Custom emoji (loaded on first use): add one (name and image, previewed), and the list of the
// server's custom emoji with who added them; mine (or any, for an admin) can be deleted.

import {useEffect, useMemo, useState} from 'react';
import type {FormEvent} from 'react';

import {ApiError} from '../../api/client';
import {customEmojiImageUrl} from '../../api/emoji';
import type {CustomEmoji} from '../../api/emoji';
import {emojiChar} from '../../emoji';
import {addCustomEmoji, loadCustomEmoji, removeCustomEmoji, useCustomEmoji, validEmojiName} from '../../emoji/custom';
import {loadMissingUsers} from '../../store/actions';
import {userName} from '../../store/names';
import {showToast} from '../../store/posts';
import {useStore} from '../../store/store';
import {t} from '../../strings';
import {FormError} from '../ErrorNote';
import {Icon} from '../Icon';
import {Modal} from '../Modal';

function EmojiRow({emoji, canDelete}: {emoji: CustomEmoji; canDelete: boolean}) {
    const creator = useStore((s) => s.users[emoji.creator_id]);
    const [busy, setBusy] = useState(false);
    return (
        <li className='custom-emoji-row' data-testid='custom-emoji'>
            <img className='custom-emoji custom-emoji--large' src={customEmojiImageUrl(emoji.id)} alt='' />
            <span className='custom-emoji-row__name'>:{emoji.name}:</span>
            <span className='muted custom-emoji-row__by'>{creator ? userName(creator) : ''}</span>
            {canDelete && (
                <button
                    type='button'
                    className='icon-button'
                    disabled={busy}
                    aria-label={t.deleteEmoji(emoji.name)}
                    title={t.deleteEmoji(emoji.name)}
                    onClick={() => {
                        setBusy(true);
                        removeCustomEmoji(emoji).catch(() => {
                            setBusy(false);
                            showToast(t.actionFailed);
                        });
                    }}
                >
                    <Icon name='trash' size={16} />
                </button>
            )}
        </li>
    );
}

export default function CustomEmojiModal() {
    const me = useStore((s) => s.me);
    const all = useCustomEmoji();
    const [name, setName] = useState('');
    const [image, setImage] = useState<File | null>(null);
    const [busy, setBusy] = useState(false);
    const [error, setError] = useState<ApiError | null>(null);
    const preview = useMemo(() => (image ? URL.createObjectURL(image) : null), [image]);
    useEffect(() => () => void (preview && URL.revokeObjectURL(preview)), [preview]);
    useEffect(() => {
        void loadCustomEmoji(true).catch(() => undefined);
    }, []);
    const list = useMemo(() => [...all.values()].sort((a, b) => a.name.localeCompare(b.name)), [all]);
    useEffect(() => {
        loadMissingUsers(list.map((e) => e.creator_id));
    }, [list]);
    const isAdmin = (me?.roles ?? '').split(' ').includes('system_admin');

    const submit = (e: FormEvent) => {
        e.preventDefault();
        const clean = name.trim().replace(/^:|:$/g, '').toLowerCase();
        if (!me || !image) {
            return;
        }
        if (!validEmojiName(clean)) {
            setError(new ApiError(400, 'local', t.emojiNameInvalid));
            return;
        }
        if (all.has(clean) || emojiChar(clean)) {
            setError(new ApiError(400, 'local', t.emojiNameTaken(clean)));
            return;
        }
        setBusy(true);
        setError(null);
        addCustomEmoji(clean, me.id, image).then(
            () => {
                setBusy(false);
                setName('');
                setImage(null);
                showToast(t.emojiAdded(clean));
            },
            (err: ApiError) => {
                setBusy(false);
                setError(err);
            },
        );
    };

    return (
        <Modal title={t.customEmoji} lead={t.customEmojiLead} wide>
            <form className='form' onSubmit={submit}>
                <label className='field'>
                    <span className='field__label'>{t.emojiName}</span>
                    <input className='input' name='emoji_name' required maxLength={66} value={name} onChange={(e) => setName(e.target.value)} />
                    <span className='field__hint'>{t.emojiNameHint}</span>
                </label>
                <label className='field'>
                    <span className='field__label'>{t.emojiImage}</span>
                    <span className='custom-emoji-pick'>
                        <input className='input' name='emoji_image' type='file' accept='image/png,image/jpeg,image/gif' required onChange={(e) => setImage(e.target.files?.[0] ?? null)} />
                        {preview && <img className='custom-emoji custom-emoji--large' src={preview} alt='' />}
                    </span>
                    <span className='field__hint'>{t.emojiImageHint}</span>
                </label>
                <FormError error={error} />
                <button className='button button--primary' type='submit' disabled={busy || !name.trim() || !image}>
                    {busy ? t.addingEmoji : t.addEmoji}
                </button>
            </form>
            {list.length ? (
                <ul className='custom-emoji-list' aria-label={t.customEmojiList}>
                    {list.map((e) => (
                        <EmojiRow key={e.id} emoji={e} canDelete={isAdmin || e.creator_id === me?.id} />
                    ))}
                </ul>
            ) : (
                <p className='muted'>{t.noCustomEmoji}</p>
            )}
        </Modal>
    );
}
