// The dialogs: create a team, create a channel, browse and join channels, write to people.

import {useMemo, useState} from 'react';
import type {FormEvent} from 'react';

import {api} from '../api/client';
import type {ApiError, Channel} from '../api/client';
import {channelRoute, closeModal, createChannel, deletePost, isAdmin, joinChannel, loadTeams, navigate, openDirectChannel} from '../store/actions';
import {showToast} from '../store/posts';
import {formatRoute} from '../store/routes';
import {slugify} from '../store/names';
import {useStore} from '../store/store';
import {t} from '../strings';
import {CreateTeamForm} from './CreateTeamForm';
import {FormError, LoadedList} from './ErrorNote';
import {Icon} from './Icon';
import {Modal} from './Modal';
import {PeoplePicker} from './PeoplePicker';
import {mergeById, useLoad, useServerSearch} from './useServerSearch';

export function CreateTeamModal() {
    return (
        <Modal title={t.createTeamTitle}>
            <CreateTeamForm />
        </Modal>
    );
}

/** A team's invite link (Mattermost's own form, so its apps open it too). */
export function inviteLink(siteUrl: string | undefined, inviteId: string): string {
    return `${(siteUrl || window.location.origin).replace(/\/+$/, '')}${formatRoute({name: 'signup', inviteId})}`;
}

/** The team's invite link to copy, and (for a team admin) a new one that replaces it. The server
 * shows a team's invite id to those who may invite (its members, by default), so only they get
 * the menu item. */
export function InvitePeopleModal() {
    const team = useStore((s) => s.teams.data.find((tm) => tm.id === s.currentTeamId));
    const me = useStore((s) => s.me);
    const siteUrl = useStore((s) => s.config.SiteURL);
    const [busy, setBusy] = useState(false);
    const [error, setError] = useState<ApiError | null>(null);
    const [member] = useLoad(() => (team && me ? api.getTeamMember(team.id, me.id) : Promise.reject(new Error('signed out'))));
    // Renewing the link needs the team's management: a team or system admin.
    const canRenew = Boolean(me && isAdmin(me)) || Boolean(member?.roles.split(' ').includes('team_admin'));
    const byEmail = useStore((s) => s.config.EnableEmailInvitations === 'true');
    if (!team?.invite_id) {
        return null;
    }
    const link = inviteLink(siteUrl, team.invite_id);
    const copy = () =>
        navigator.clipboard.writeText(link).then(
            () => showToast(t.linkCopied),
            () => showToast(t.linkNotCopied),
        );
    const regenerate = () => {
        setBusy(true);
        setError(null);
        api.regenerateTeamInviteId(team.id)
            .then(() => loadTeams())
            .then(() => showToast(t.inviteLinkRenewed), (err: ApiError) => setError(err))
            .finally(() => setBusy(false));
    };
    return (
        <Modal title={t.inviteTitle(team.display_name)} lead={t.inviteLead}>
            <div className='form'>
                <label className='field'>
                    <span className='field__label'>{t.inviteLinkLabel}</span>
                    <input className='input' readOnly value={link} onFocus={(e) => e.currentTarget.select()} />
                </label>
                <FormError error={error} />
                <div className='modal__actions'>
                    {canRenew && (
                        <button type='button' className='button' onClick={regenerate} disabled={busy}>
                            {t.inviteLinkRenew}
                        </button>
                    )}
                    <button type='button' className='button button--primary' onClick={() => void copy()}>
                        {t.copyLink}
                    </button>
                </div>
                {canRenew && <p className='field__hint'>{t.inviteLinkRenewHint}</p>}
                {byEmail && <EmailInvites teamId={team.id} />}
            </div>
        </Modal>
    );
}

/** Addresses typed or pasted: separated by commas, semicolons, spaces or lines. */
export function emailList(text: string): string[] {
    return [...new Set(text.split(/[\s,;]+/).map((e) => e.trim()).filter(Boolean))];
}

/** The invite link sent by e-mail (when the server has e-mail invitations on), with what
 * happened to each address. */
function EmailInvites({teamId}: {teamId: string}) {
    const [text, setText] = useState('');
    const [busy, setBusy] = useState(false);
    const [error, setError] = useState<ApiError | null>(null);
    const [results, setResults] = useState<Array<{email: string; error: string | null}>>([]);
    const send = (e: FormEvent) => {
        e.preventDefault();
        const emails = emailList(text);
        if (!emails.length) {
            return;
        }
        setBusy(true);
        setError(null);
        api.sendEmailInvites(teamId, emails)
            .then((sent) => {
                setResults(sent.map((r) => ({email: r.email, error: r.error ? r.error.message : null})));
                setText(sent.filter((r) => r.error).map((r) => r.email).join(', '));
            }, (err: ApiError) => setError(err))
            .finally(() => setBusy(false));
    };
    return (
        <form className='form' onSubmit={send}>
            <label className='field'>
                <span className='field__label'>{t.inviteByEmail}</span>
                <textarea className='input' rows={2} value={text} onChange={(e) => setText(e.target.value)} placeholder={t.inviteEmailsPlaceholder} />
            </label>
            <FormError error={error} />
            {results.length > 0 && (
                <ul className='invite-results' aria-label={t.inviteResults}>
                    {results.map((r) => (
                        <li key={r.email} className={r.error ? 'invite-results__failed' : undefined}>
                            {r.error ? t.inviteNotSent(r.email, r.error) : t.inviteSent(r.email)}
                        </li>
                    ))}
                </ul>
            )}
            <div className='modal__actions'>
                <button type='submit' className='button button--primary' disabled={busy || !emailList(text).length}>
                    {busy ? t.sendingInvites : t.sendInvites}
                </button>
            </div>
        </form>
    );
}

export function CreateChannelModal() {
    const [displayName, setDisplayName] = useState('');
    const [purpose, setPurpose] = useState('');
    const [isPrivate, setPrivate] = useState(false);
    const [busy, setBusy] = useState(false);
    const [error, setError] = useState<ApiError | null>(null);
    const name = slugify(displayName);
    const submit = (e: FormEvent) => {
        e.preventDefault();
        setBusy(true);
        setError(null);
        createChannel(displayName.trim(), name, purpose.trim(), isPrivate).catch((err: ApiError) => {
            setError(err);
            setBusy(false);
        });
    };
    return (
        <Modal title={t.createChannelTitle}>
            <form className='form' onSubmit={submit}>
                <label className='field'>
                    <span className='field__label'>{t.channelName}</span>
                    <input className='input' name='channel_name' required maxLength={64} placeholder={t.channelNamePlaceholder} value={displayName} onChange={(e) => setDisplayName(e.target.value)} />
                    <span className='field__hint'>~{name || 'name'}</span>
                </label>
                <label className='field'>
                    <span className='field__label'>{t.channelPurpose}</span>
                    <input className='input' name='channel_purpose' maxLength={250} placeholder={t.channelPurposePlaceholder} value={purpose} onChange={(e) => setPurpose(e.target.value)} />
                </label>
                <label className='check'>
                    <input type='checkbox' checked={isPrivate} onChange={(e) => setPrivate(e.target.checked)} />
                    <span>
                        {t.channelPrivate}
                        <span className='field__hint'>{t.channelPrivateHint}</span>
                    </span>
                </label>
                <FormError error={error} />
                <button className='button button--primary button--block' type='submit' disabled={busy || name.length < 1}>
                    {busy ? t.creatingChannel : t.createChannel}
                </button>
            </form>
        </Modal>
    );
}

export function BrowseChannelsModal() {
    const teamId = useStore((s) => s.currentTeamId ?? '');
    const mine = useStore((s) => s.myMembers);
    const [channels, error, retry] = useLoad(() => api.getPublicChannels(teamId));
    const [query, setQuery] = useState('');
    const found = useServerSearch(query, (term) => api.searchChannels(teamId, term));
    const shown = useMemo(() => {
        const q = query.trim().toLowerCase();
        return mergeById(channels ?? [], found)
            .filter((c) => c.delete_at === 0 && (!q || c.display_name.toLowerCase().includes(q) || c.name.includes(q)))
            .sort((a, b) => a.display_name.localeCompare(b.display_name));
    }, [channels, found, query]);
    const open = (c: Channel) => (mine[c.id] ? navigate(channelRoute(c)) : void joinChannel(c));
    return (
        <Modal title={t.browseChannelsTitle} wide>
            <label className='search-field'>
                <Icon name='search' size={16} />
                <input className='input input--bare' aria-label={t.searchChannels} placeholder={t.searchChannels} value={query} onChange={(e) => setQuery(e.target.value)} />
            </label>
            <LoadedList ready={Boolean(channels)} error={error} title={t.channelsUnavailable} onRetry={retry}>
                <ul className='pick-list pick-list--scroll'>
                    {shown.map((c) => (
                        <li key={c.id} className='pick-list__item'>
                            <Icon name='hash' size={16} />
                            <span className='pick-list__name'>
                                {c.display_name}
                                {c.purpose && <span className='pick-list__detail'>{c.purpose}</span>}
                            </span>
                            <button type='button' className={mine[c.id] ? 'button button--quiet' : 'button'} onClick={() => open(c)}>
                                {mine[c.id] ? t.view : t.join}
                            </button>
                        </li>
                    ))}
                    {!shown.length && <li className='muted pick-list__empty'>{t.noMoreChannels}</li>}
                </ul>
            </LoadedList>
        </Modal>
    );
}

const MAX_GROUP = 7;

export function DirectMessageModal() {
    const myId = useStore((s) => s.me?.id ?? '');
    return (
        <Modal title={t.directMessageTitle} lead={t.directMessageLead} wide>
            <PeoplePicker
                load={() => api.getUsers()}
                search={(term) => api.searchUsers(term)}
                offer={(u) => u.id !== myId}
                max={MAX_GROUP}
                action={t.go}
                onPick={(users) => openDirectChannel(users.map((u) => u.id))}
            />
        </Modal>
    );
}

export function DeletePostModal() {
    const postId = useStore((s) => s.modalPostId);
    const [busy, setBusy] = useState(false);
    const [error, setError] = useState<ApiError | null>(null);
    const confirm = () => {
        if (!postId) {
            return;
        }
        setBusy(true);
        setError(null);
        deletePost(postId)
            .then(closeModal)
            .catch((err: ApiError) => {
                setError(err);
                setBusy(false);
            });
    };
    return (
        <Modal title={t.deleteTitle} lead={t.confirmDelete}>
            {error && <FormError error={error} />}
            <div className='modal__actions'>
                <button type='button' className='button' onClick={closeModal}>
                    {t.cancel}
                </button>
                <button type='button' className='button button--danger' onClick={confirm} disabled={busy}>
                    {t.deleteMessage}
                </button>
            </div>
        </Modal>
    );
}
