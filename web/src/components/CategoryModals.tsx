// Dialogs for my sidebar categories: name a new one or rename one, delete one, and move the open
// channel into one (or into a new one).

import {useState} from 'react';
import type {FormEvent} from 'react';

import type {ApiError} from '../api/client';
import {closeModal} from '../store/actions';
import {createCategory, deleteCategory, moveToCategory, renameCategory} from '../store/categories';
import {useStore} from '../store/store';
import type {AppState} from '../store/store';
import {t} from '../strings';
import {FormError} from './ErrorNote';
import {Modal} from './Modal';

const NAME_MAX = 64;

const sidebarOf = (s: AppState) => (s.currentTeamId ? s.sidebars[s.currentTeamId]?.data : null);

/** Runs an action for a dialog's button: busy meanwhile, its error shown, the dialog open again. */
function useAction(): [boolean, ApiError | null, (run: () => Promise<void>) => void] {
    const [busy, setBusy] = useState(false);
    const [error, setError] = useState<ApiError | null>(null);
    const act = (run: () => Promise<void>) => {
        setBusy(true);
        setError(null);
        run().catch((err: ApiError) => {
            setError(err);
            setBusy(false);
        });
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
                <div className='modal__actions'>
                    <button type='button' className='button' onClick={closeModal}>
                        {t.cancel}
                    </button>
                    <button type='submit' className='button button--primary' disabled={busy || !name.trim()}>
                        {mode === 'create' ? t.create : t.save}
                    </button>
                </div>
            </form>
        </Modal>
    );
}

export function DeleteCategoryModal() {
    const category = useStore((s) => sidebarOf(s)?.categories.find((c) => c.id === s.modalCategoryId));
    const [busy, error, act] = useAction();
    if (!category) {
        return null;
    }
    return (
        <Modal title={t.deleteCategory} lead={t.deleteCategoryLead(category.displayName)}>
            <FormError error={error} />
            <div className='modal__actions'>
                <button type='button' className='button' onClick={closeModal}>
                    {t.cancel}
                </button>
                <button type='button' className='button button--danger' disabled={busy} onClick={() => act(() => deleteCategory(category.id))}>
                    {t.deleteCategory}
                </button>
            </div>
        </Modal>
    );
}

/** The open channel into one of my categories (those that may hold it), or into a new one. */
export function MoveChannelModal() {
    const channel = useStore((s) => (s.currentChannelId ? s.channels[s.currentChannelId] : undefined));
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
