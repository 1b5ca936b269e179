// Dialogs for my sidebar categories: name a new one or rename one, delete one, and move the open
// channel into one (or into a new one).

import {useState} from 'react';
import type {FormEvent} from 'react';

import type {ApiError} from '../api/client';
import {createCategory, deleteCategory, dropChannel, moveToCategory, renameCategory} from '../store/categories';
import {sortChannelIds} from '../store/sidebar';
import {useStore} from '../store/store';
import type {AppState} from '../store/store';
import {t} from '../strings';
import {FormError} from './ErrorNote';
import {ConfirmModal} from './ConfirmModal';
import {FormActions, Modal} from './Modal';

const NAME_MAX = 64;

const sidebarOf = (s: AppState) => (s.currentTeamId ? s.sidebars[s.currentTeamId]?.data : null);

/** Runs an action for a dialog's button: busy meanwhile, its error shown, the dialog open again.
 * `stays`: the action leaves the dialog open, so it is no longer busy once done. */
function useAction(): [boolean, ApiError | null, (run: () => Promise<void>, stays?: boolean) => void] {
    const [busy, setBusy] = useState(false);
    const [error, setError] = useState<ApiError | null>(null);
    const act = (run: () => Promise<void>, stays = false) => {
        setBusy(true);
        setError(null);
        run().then(
            () => stays && setBusy(false),
            (err: ApiError) => {
                setError(err);
                setBusy(false);
            },
        );
    };
    return [busy, error, act];
}

export function CategoryNameModal({mode}: {mode: 'create' | 'rename'}) {
    const category = useStore((s) => sidebarOf(s)?.categories.find((c) => c.id === s.modalCategoryId));
    const [name, setName] = useState(mode === 'rename' ? (category?.displayName ?? '') : '');
    const [busy, error, act] = useAction();
    if (mode === 'rename' && !category) {
        return null;
    }
    const submit = (e: FormEvent) => {
        e.preventDefault();
        act(() => (mode === 'create' ? createCategory(name.trim()) : renameCategory(category?.id ?? '', name.trim())));
    };
    return (
        <Modal title={mode === 'create' ? t.createCategory : t.renameCategory}>
            <form className='form' onSubmit={submit}>
                <label className='field'>
                    <span className='field__label'>{t.categoryName}</span>
                    <input className='input' required maxLength={NAME_MAX} value={name} onChange={(e) => setName(e.target.value)} />
                </label>
                <FormError error={error} />
                <FormActions label={mode === 'create' ? t.create : t.save} disabled={busy || !name.trim()} />
            </form>
        </Modal>
    );
}

export function DeleteCategoryModal() {
    const category = useStore((s) => sidebarOf(s)?.categories.find((c) => c.id === s.modalCategoryId));
    if (!category) {
        return null;
    }
    return <ConfirmModal title={t.deleteCategory} lead={t.deleteCategoryLead(category.displayName)} action={t.deleteCategory} onConfirm={() => deleteCategory(category.id)} />;
}

/** The open channel one place up or down in its category (what dragging it does, for the
 * keyboard): the category is then sorted by hand. */
function ChannelPlace({channelId, busy, act}: {channelId: string; busy: boolean; act: (run: () => Promise<void>, stays?: boolean) => void}) {
    const home = useStore((s) => sidebarOf(s)?.categories.find((c) => c.channelIds.includes(channelId)));
    const channels = useStore((s) => s.channels);
    const users = useStore((s) => s.users);
    const myId = useStore((s) => s.me?.id ?? '');
    // Direct messages are sorted by name or activity only.
    if (!home || home.type === 'direct_messages' || home.channelIds.length < 2) {
        return null;
    }
    const order = sortChannelIds(home, channels, users, myId);
    const at = order.indexOf(channelId);
    // aria-disabled, not disabled: the button keeps the focus when the channel reaches an end.
    const move = (allowed: boolean, before: string | null) => () => allowed && !busy && act(() => dropChannel(channelId, home.id, order, before), true);
    return (
        <div className='channel-place' role='group' aria-label={t.placeIn(home.displayName)}>
            <span className='muted' data-testid='channel-place'>
                {t.placeOf(at + 1, order.length, home.displayName)}
            </span>
            <button type='button' className='button' aria-disabled={at <= 0} onClick={move(at > 0, order[at - 1] ?? null)}>
                {t.moveUp}
            </button>
            <button type='button' className='button' aria-disabled={at >= order.length - 1} onClick={move(at < order.length - 1, order[at + 2] ?? null)}>
                {t.moveDown}
            </button>
        </div>
    );
}

/** The open channel (or the one the sidebar's menu chose) into one of my categories (those that
 * may hold it), or into a new one. */
export function MoveChannelModal() {
    const channel = useStore((s) => {
        const id = s.modalChannelId ?? s.currentChannelId;
        return id ? s.channels[id] : undefined;
    });
    const sidebar = useStore(sidebarOf);
    const [name, setName] = useState('');
    const [busy, error, act] = useAction();
    if (!channel || !sidebar) {
        return null;
    }
    const direct = channel.type === 'D' || channel.type === 'G';
    const targets = sidebar.categories.filter((c) => (c.type === 'channels' ? !direct : c.type === 'direct_messages' ? direct : true));
    const submit = (e: FormEvent) => {
        e.preventDefault();
        act(() => createCategory(name.trim(), channel.id));
    };
    return (
        <Modal title={t.moveToCategory}>
            <div className='form'>
                <ChannelPlace channelId={channel.id} busy={busy} act={act} />
                <ul className='choice-list' aria-label={t.categories}>
                    {targets.map((c) => {
                        const here = c.channelIds.includes(channel.id);
                        return (
                            <li key={c.id}>
                                <button type='button' className='choice-list__item' aria-current={here ? 'true' : undefined} disabled={busy || here} onClick={() => act(() => moveToCategory(channel.id, c.id))}>
                                    {c.displayName}
                                    {here && <span className='muted'> · {t.currentCategory}</span>}
                                </button>
                            </li>
                        );
                    })}
                </ul>
                <form className='form' onSubmit={submit}>
                    <label className='field'>
                        <span className='field__label'>{t.newCategoryFor}</span>
                        <input className='input' maxLength={NAME_MAX} value={name} onChange={(e) => setName(e.target.value)} placeholder={t.categoryName} />
                    </label>
                    <div className='modal__actions'>
                        <button type='submit' className='button button--primary' disabled={busy || !name.trim()}>
                            {t.moveToNewCategory}
                        </button>
                    </div>
                </form>
                <FormError error={error} />
            </div>
        </Modal>
    );
}
