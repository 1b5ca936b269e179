// The Integrations page (from the account menu, loaded on demand): the team's incoming webhooks
// (with the URL to post to), outgoing webhooks, slash commands and bots; list, create, delete.

import {useCallback, useEffect, useMemo, useState} from 'react';
import type {FormEvent, ReactNode} from 'react';

import type {ApiError} from '../../api/client';
import {integrationsApi} from '../../api/integrations';
import type {Bot, Command, IncomingWebhook, OutgoingWebhook} from '../../api/integrations';
import {showToast} from '../../store/posts';
import {useStore} from '../../store/store';
import {t} from '../../strings';
import {ErrorNote, FormError} from '../ErrorNote';
import {Icon} from '../Icon';
import {Modal} from '../Modal';
import {SkeletonRows} from '../Skeleton';

type Tab = 'incoming' | 'outgoing' | 'commands' | 'bots';

/** A list loaded from the server, reloadable after a change. */
function useList<T>(load: () => Promise<T[]>) {
    const [items, setItems] = useState<T[] | null>(null);
    const [error, setError] = useState<ApiError | null>(null);
    const reload = useCallback(() => {
        setError(null);
        load().then(setItems, (err: ApiError) => setError(err));
    }, [load]);
    useEffect(reload, [reload]);
    return {items, error, reload};
}

function useSubmit(run: () => Promise<unknown>, done: () => void) {
    const [busy, setBusy] = useState(false);
    const [error, setError] = useState<ApiError | null>(null);
    const submit = (e: FormEvent) => {
        e.preventDefault();
        setBusy(true);
        setError(null);
        run().then(
            () => {
                setBusy(false);
                done();
            },
            (err: ApiError) => {
                setBusy(false);
                setError(err);
            },
        );
    };
    return {busy, error, submit};
}

function Field({label, hint, children}: {label: string; hint?: string; children: ReactNode}) {
    return (
        <label className='field'>
            <span className='field__label'>{label}</span>
            {children}
            {hint && <span className='field__hint'>{hint}</span>}
        </label>
    );
}

function Rows<T>({items, error, reload, empty, label, render}: {items: T[] | null; error: ApiError | null; reload: () => void; empty: string; label: string; render: (item: T) => ReactNode}) {
    if (error) {
        return <ErrorNote title={t.integrationsUnavailable} error={error} onRetry={reload} />;
    }
    if (!items) {
        return <SkeletonRows count={3} variant='member' />;
    }
    if (!items.length) {
        return <p className='muted'>{empty}</p>;
    }
    return (
        <ul className='integration-list' aria-label={label}>
            {items.map(render)}
        </ul>
    );
}

function DeleteButton({name, onDelete}: {name: string; onDelete: () => Promise<unknown>}) {
    const [busy, setBusy] = useState(false);
    return (
        <button
            type='button'
            className='icon-button'
            aria-label={t.deleteNamed(name)}
            title={t.deleteNamed(name)}
            disabled={busy}
            onClick={() => {
                setBusy(true);
                onDelete().catch(() => {
                    setBusy(false);
                    showToast(t.actionFailed);
                });
            }}
        >
            <Icon name='trash' size={16} />
        </button>
    );
}

function useTeamChannels() {
    const channels = useStore((s) => s.channels);
    const teamId = useStore((s) => s.currentTeamId);
    return useMemo(
        () => Object.values(channels).filter((c) => c.team_id === teamId && (c.type === 'O' || c.type === 'P') && c.delete_at === 0).sort((a, b) => a.display_name.localeCompare(b.display_name)),
        [channels, teamId],
    );
}

const hookUrl = (id: string) => `${window.location.origin}/hooks/${id}`;

function copy(text: string) {
    navigator.clipboard.writeText(text).then(
        () => showToast(t.urlCopied),
        () => showToast(t.linkNotCopied),
    );
}

function IncomingHooks({teamId}: {teamId: string}) {
    const channels = useTeamChannels();
    const load = useCallback(() => integrationsApi.incomingHooks(teamId), [teamId]);
    const {items, error, reload} = useList<IncomingWebhook>(load);
    const [channelId, setChannelId] = useState('');
    const [name, setName] = useState('');
    const [description, setDescription] = useState('');
    const form = useSubmit(
        () => integrationsApi.createIncomingHook({channel_id: channelId || channels[0]?.id || '', display_name: name.trim(), description: description.trim()}),
        () => {
            setName('');
            setDescription('');
            reload();
        },
    );
    const channelName = (id: string) => channels.find((c) => c.id === id)?.display_name ?? id;
    return (
        <>
            <form className='form integration-form' onSubmit={form.submit} aria-label={t.addIncomingHook}>
                <Field label={t.hookName}>
                    <input className='input' required value={name} onChange={(e) => setName(e.target.value)} />
                </Field>
                <Field label={t.hookChannel}>
                    <select className='input' value={channelId || channels[0]?.id || ''} onChange={(e) => setChannelId(e.target.value)}>
                        {channels.map((c) => (
                            <option key={c.id} value={c.id}>
                                {c.display_name}
                            </option>
                        ))}
                    </select>
                </Field>
                <Field label={t.hookDescription}>
                    <input className='input' value={description} onChange={(e) => setDescription(e.target.value)} />
                </Field>
                <FormError error={form.error} />
                <button className='button button--primary' type='submit' disabled={form.busy || !name.trim() || !channels.length}>
                    {t.addIncomingHook}
                </button>
            </form>
            <Rows
                items={items}
                error={error}
                reload={reload}
                empty={t.noIncomingHooks}
                label={t.incomingHooks}
                render={(h) => (
                    <li key={h.id} className='integration-row' data-testid='incoming-hook'>
                        <div className='integration-row__main'>
                            <strong>{h.display_name || t.unnamed}</strong>
                            <span className='muted'>~{channelName(h.channel_id)}</span>
                            <input className='input integration-row__url' readOnly aria-label={t.hookUrlOf(h.display_name)} value={hookUrl(h.id)} onFocus={(e) => e.target.select()} />
                        </div>
                        <button type='button' className='button button--quiet' onClick={() => copy(hookUrl(h.id))}>
                            {t.copyUrl}
                        </button>
                        <DeleteButton name={h.display_name || h.id} onDelete={() => integrationsApi.deleteIncomingHook(h.id).then(reload)} />
                    </li>
                )}
            />
        </>
    );
}

function OutgoingHooks({teamId}: {teamId: string}) {
    const channels = useTeamChannels();
    const load = useCallback(() => integrationsApi.outgoingHooks(teamId), [teamId]);
    const {items, error, reload} = useList<OutgoingWebhook>(load);
    const [name, setName] = useState('');
    const [channelId, setChannelId] = useState('');
    const [triggers, setTriggers] = useState('');
    const [urls, setUrls] = useState('');
    const form = useSubmit(
        () =>
            integrationsApi.createOutgoingHook({
                team_id: teamId,
                channel_id: channelId,
                display_name: name.trim(),
                trigger_words: triggers.split(/[,\s]+/).filter(Boolean),
                trigger_when: 0,
                callback_urls: urls.split(/\s+/).filter(Boolean),
                content_type: 'application/json',
            }),
        () => {
            setName('');
            setTriggers('');
            setUrls('');
            reload();
        },
    );
    return (
        <>
            <form className='form integration-form' onSubmit={form.submit} aria-label={t.addOutgoingHook}>
                <Field label={t.hookName}>
                    <input className='input' required value={name} onChange={(e) => setName(e.target.value)} />
                </Field>
                <Field label={t.hookChannelOptional}>
                    <select className='input' value={channelId} onChange={(e) => setChannelId(e.target.value)}>
                        <option value=''>{t.anyChannel}</option>
                        {channels.filter((c) => c.type === 'O').map((c) => (
                            <option key={c.id} value={c.id}>
                                {c.display_name}
                            </option>
                        ))}
                    </select>
                </Field>
                <Field label={t.triggerWords} hint={t.triggerWordsHint}>
                    <input className='input' value={triggers} onChange={(e) => setTriggers(e.target.value)} />
                </Field>
                <Field label={t.callbackUrls} hint={t.callbackUrlsHint}>
                    <textarea className='input' rows={2} required value={urls} onChange={(e) => setUrls(e.target.value)} />
                </Field>
                <FormError error={form.error} />
                <button className='button button--primary' type='submit' disabled={form.busy || !name.trim() || !urls.trim()}>
                    {t.addOutgoingHook}
                </button>
            </form>
            <Rows
                items={items}
                error={error}
                reload={reload}
                empty={t.noOutgoingHooks}
                label={t.outgoingHooks}
                render={(h) => (
                    <li key={h.id} className='integration-row' data-testid='outgoing-hook'>
                        <div className='integration-row__main'>
                            <strong>{h.display_name || t.unnamed}</strong>
                            <span className='muted'>{(h.trigger_words ?? []).join(', ')}</span>
                            <span className='muted'>{(h.callback_urls ?? []).join(' ')}</span>
                        </div>
                        <DeleteButton name={h.display_name || h.id} onDelete={() => integrationsApi.deleteOutgoingHook(h.id).then(reload)} />
                    </li>
                )}
            />
        </>
    );
}

function SlashCommands({teamId}: {teamId: string}) {
    const load = useCallback(() => integrationsApi.commands(teamId), [teamId]);
    const {items, error, reload} = useList<Command>(load);
    const [name, setName] = useState('');
    const [trigger, setTrigger] = useState('');
    const [url, setUrl] = useState('');
    const [method, setMethod] = useState<'P' | 'G'>('P');
    const [autocomplete, setAutocomplete] = useState(true);
    const [hint, setHint] = useState('');
    const [description, setDescription] = useState('');
    const form = useSubmit(
        () =>
            integrationsApi.createCommand({
                team_id: teamId,
                display_name: name.trim(),
                trigger: trigger.trim().replace(/^\//, ''),
                url: url.trim(),
                method,
                auto_complete: autocomplete,
                auto_complete_hint: hint.trim(),
                auto_complete_desc: description.trim(),
                description: description.trim(),
            }),
        () => {
            setName('');
            setTrigger('');
            setUrl('');
            setHint('');
            setDescription('');
            reload();
        },
    );
    return (
        <>
            <form className='form integration-form' onSubmit={form.submit} aria-label={t.addCommand}>
                <Field label={t.hookName}>
                    <input className='input' required value={name} onChange={(e) => setName(e.target.value)} />
                </Field>
                <Field label={t.commandTrigger} hint={t.commandTriggerHint}>
                    <input className='input' required value={trigger} onChange={(e) => setTrigger(e.target.value)} />
                </Field>
                <Field label={t.commandUrl}>
                    <input className='input' type='url' required value={url} onChange={(e) => setUrl(e.target.value)} />
                </Field>
                <Field label={t.commandMethod}>
                    <select className='input' value={method} onChange={(e) => setMethod(e.target.value === 'G' ? 'G' : 'P')}>
                        <option value='P'>POST</option>
                        <option value='G'>GET</option>
                    </select>
                </Field>
                <label className='check'>
                    <input type='checkbox' checked={autocomplete} onChange={(e) => setAutocomplete(e.target.checked)} />
                    <span>{t.commandAutocomplete}</span>
                </label>
                <Field label={t.commandHint}>
                    <input className='input' value={hint} onChange={(e) => setHint(e.target.value)} />
                </Field>
                <Field label={t.hookDescription}>
                    <input className='input' value={description} onChange={(e) => setDescription(e.target.value)} />
                </Field>
                <FormError error={form.error} />
                <button className='button button--primary' type='submit' disabled={form.busy || !name.trim() || !trigger.trim() || !url.trim()}>
                    {t.addCommand}
                </button>
            </form>
            <Rows
                items={items}
                error={error}
                reload={reload}
                empty={t.noCommands}
                label={t.slashCommands}
                render={(c) => (
                    <li key={c.id} className='integration-row' data-testid='slash-command'>
                        <div className='integration-row__main'>
                            <strong>/{c.trigger}</strong>
                            <span className='muted'>{c.display_name}</span>
                            <span className='muted'>{c.url}</span>
                        </div>
                        <DeleteButton name={`/${c.trigger}`} onDelete={() => integrationsApi.deleteCommand(c.id).then(reload)} />
                    </li>
                )}
            />
        </>
    );
}

function Bots() {
    const load = useCallback(() => integrationsApi.bots(), []);
    const {items, error, reload} = useList<Bot>(load);
    const [username, setUsername] = useState('');
    const [name, setName] = useState('');
    const [description, setDescription] = useState('');
    const form = useSubmit(
        () => integrationsApi.createBot({username: username.trim().toLowerCase(), display_name: name.trim(), description: description.trim()}),
        () => {
            setUsername('');
            setName('');
            setDescription('');
            reload();
        },
    );
    return (
        <>
            <form className='form integration-form' onSubmit={form.submit} aria-label={t.addBot}>
                <Field label={t.botUsername}>
                    <input className='input' required value={username} onChange={(e) => setUsername(e.target.value)} />
                </Field>
                <Field label={t.botDisplayName}>
                    <input className='input' value={name} onChange={(e) => setName(e.target.value)} />
                </Field>
                <Field label={t.hookDescription}>
                    <input className='input' value={description} onChange={(e) => setDescription(e.target.value)} />
                </Field>
                <FormError error={form.error} />
                <button className='button button--primary' type='submit' disabled={form.busy || !username.trim()}>
                    {t.addBot}
                </button>
            </form>
            <Rows
                items={items?.filter((b) => !b.delete_at) ?? null}
                error={error}
                reload={reload}
                empty={t.noBots}
                label={t.bots}
                render={(b) => (
                    <li key={b.user_id} className='integration-row' data-testid='bot'>
                        <div className='integration-row__main'>
                            <strong>@{b.username}</strong>
                            <span className='muted'>{b.display_name}</span>
                            <span className='muted'>{b.description}</span>
                        </div>
                        <DeleteButton name={`@${b.username}`} onDelete={() => integrationsApi.disableBot(b.user_id).then(reload)} />
                    </li>
                )}
            />
        </>
    );
}

const TABS: {id: Tab; label: string}[] = [
    {id: 'incoming', label: t.incomingHooks},
    {id: 'outgoing', label: t.outgoingHooks},
    {id: 'commands', label: t.slashCommands},
    {id: 'bots', label: t.bots},
];

export default function IntegrationsModal() {
    const teamId = useStore((s) => s.currentTeamId ?? '');
    const [tab, setTab] = useState<Tab>('incoming');
    return (
        <Modal title={t.integrations} wide>
            <div className='segmented integrations__tabs' role='tablist' aria-label={t.integrations}>
                {TABS.map((x) => (
                    <button key={x.id} type='button' role='tab' aria-selected={tab === x.id} onClick={() => setTab(x.id)}>
                        {x.label}
                    </button>
                ))}
            </div>
            <div role='tabpanel' className='integrations__panel'>
                {tab === 'incoming' && <IncomingHooks teamId={teamId} />}
                {tab === 'outgoing' && <OutgoingHooks teamId={teamId} />}
                {tab === 'commands' && <SlashCommands teamId={teamId} />}
                {tab === 'bots' && <Bots />}
            </div>
        </Modal>
    );
}
