// Dialogs that change the open channel: rename it, set its header or purpose, add people to it,
// leave or archive it.

import {useState} from 'react';
import type {FormEvent} from 'react';

import {api} from '../api/client';
import type {ApiError} from '../api/client';
import {addChannelMembers, archiveChannel, leaveChannel, patchChannel} from '../store/channelActions';
import {getState, useStore} from '../store/store';
import {t} from '../strings';
import {FormError} from './ErrorNote';
import {ConfirmModal} from './ConfirmModal';
import {FormActions, Modal} from './Modal';
import {PeoplePicker} from './PeoplePicker';

type Field = 'display_name' | 'header' | 'purpose';

const LIMITS: Record<Field, number> = {display_name: 64, header: 1024, purpose: 250};

export function EditChannelModal({field}: {field: Field}) {
    const channel = useStore((s) => (s.currentChannelId ? s.channels[s.currentChannelId] : undefined));
    const [value, setValue] = useState(channel?.[field] ?? '');
    const [busy, setBusy] = useState(false);
    const [error, setError] = useState<ApiError | null>(null);
    if (!channel) {
        return null;
    }
    const title = field === 'display_name' ? t.renameChannel : field === 'header' ? t.editHeader : t.editPurpose;
    const submit = (e: FormEvent) => {
        e.preventDefault();
        setBusy(true);
        setError(null);
        patchChannel(channel.id, {[field]: field === 'display_name' ? value.trim() : value}).catch((err: ApiError) => {
            setError(err);
            setBusy(false);
        });
    };
    return (
        <Modal title={title}>
            <form className='form' onSubmit={submit}>
                <label className='field'>
                    <span className='field__label'>{field === 'display_name' ? t.channelName : field === 'header' ? t.channelHeader : t.channelPurposeLabel}</span>
                    {field === 'display_name' ? (
                        <input className='input' required maxLength={LIMITS[field]} value={value} onChange={(e) => setValue(e.target.value)} />
                    ) : (
                        <textarea className='input' rows={3} maxLength={LIMITS[field]} value={value} onChange={(e) => setValue(e.target.value)} />
                    )}
                    <span className='field__hint'>{field === 'display_name' ? t.renameHint(channel.name) : field === 'header' ? t.headerHint : t.purposeHint}</span>
                </label>
                <FormError error={error} />
                <FormActions label={t.save} disabled={busy || (field === 'display_name' && !value.trim())} />
            </form>
        </Modal>
    );
}

export function ConfirmChannelModal({action}: {action: 'leave' | 'archive'}) {
    const channel = useStore((s) => (s.currentChannelId ? s.channels[s.currentChannelId] : undefined));
    if (!channel) {
        return null;
    }
    const name = channel.display_name;
    return action === 'leave' ? (
        <ConfirmModal title={t.leaveTitle(name)} lead={t.leaveLead(channel.type === 'P')} action={t.leaveChannel} onConfirm={() => leaveChannel(channel.id)} />
    ) : (
        <ConfirmModal title={t.archiveTitle(name)} lead={t.archiveLead} action={t.archiveChannel} onConfirm={() => archiveChannel(channel.id)} />
    );
}

/** People added at once (Mattermost's dialog takes as many; the server takes a list). */
const MAX_ADD = 20;

export function AddMembersModal() {
    // The channel open when the dialog opened, even if the view moves on meanwhile.
    const [channelId] = useState(() => getState().currentChannelId);
    const channel = useStore((s) => (channelId ? s.channels[channelId] : undefined));
    if (!channel) {
        return null;
    }
    return (
        <Modal title={t.addMembersTitle(channel.display_name)} lead={t.addMembersLead} wide>
            <PeoplePicker
                load={() => api.getUsersNotInChannel(channel.team_id, channel.id)}
                search={(term) => api.searchUsersNotInChannel(term, channel.team_id, channel.id)}
                offer={() => true}
                max={MAX_ADD}
                action={t.add}
                empty={t.everyoneIsIn}
                onPick={(users) => addChannelMembers(channel.id, users.map((u) => u.id))}
            />
        </Modal>
    );
}
