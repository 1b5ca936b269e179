// A channel's notification preferences: mute, desktop, push, e-mail and @channel mentions, over
// my account-wide settings.

import {useState} from 'react';
import type {FormEvent} from 'react';

import type {ApiError} from '../api/client';
import {closeModal} from '../store/actions';
import {notifyForm} from '../store/channelNotify';
import type {ChannelNotifyForm, Level} from '../store/channelNotify';
import {saveChannelNotifyProps} from '../store/channelActions';
import {channelName} from '../store/names';
import {useStore} from '../store/store';
import {t} from '../strings';
import {FormError} from './ErrorNote';
import {Modal} from './Modal';

function Choice<V extends string>({legend, name, value, options, onChange}: {legend: string; name: string; value: V; options: Array<[V, string]>; onChange: (v: V) => void}) {
    return (
        <fieldset className='settings__group'>
            <legend className='field__label'>{legend}</legend>
            {options.map(([v, label]) => (
                <label key={v} className='check'>
                    <input type='radio' name={name} value={v} checked={value === v} onChange={() => onChange(v)} />
                    <span>{label}</span>
                </label>
            ))}
        </fieldset>
    );
}

export function ChannelNotificationsModal() {
    const channel = useStore((s) => (s.currentChannelId ? s.channels[s.currentChannelId] : undefined));
    const member = useStore((s) => (s.currentChannelId ? s.myMembers[s.currentChannelId] : undefined));
    const me = useStore((s) => s.me);
    const users = useStore((s) => s.users);
    const [form, setForm] = useState<ChannelNotifyForm>(() => notifyForm(member?.notify_props as Record<string, string> | undefined));
    const [busy, setBusy] = useState(false);
    const [error, setError] = useState<ApiError | null>(null);
    if (!channel || !me) {
        return null;
    }
    const set = (patch: Partial<ChannelNotifyForm>) => setForm({...form, ...patch});
    const mine = me.notify_props ?? {};
    const levelName = (v: string | undefined, fallback: 'all' | 'mention' | 'none') => t.notifyLevel[(v === 'all' || v === 'mention' || v === 'none' ? v : fallback) as 'all' | 'mention' | 'none'];
    const levels = (mineValue: string | undefined): Array<[Level, string]> => [
        ['default', t.notifyDefault(levelName(mineValue, 'mention'))],
        ['all', t.notifyLevel.all],
        ['mention', t.notifyLevel.mention],
        ['none', t.notifyLevel.none],
    ];
    const submit = (e: FormEvent) => {
        e.preventDefault();
        setBusy(true);
        setError(null);
        saveChannelNotifyProps(channel.id, form).then(closeModal, (err: ApiError) => {
            setError(err);
            setBusy(false);
        });
    };
    return (
        <Modal title={t.channelNotificationsTitle(channelName(channel, users, me.id))} wide>
            <form className='form' onSubmit={submit}>
                <label className='check'>
                    <input type='checkbox' checked={form.muted} onChange={(e) => set({muted: e.target.checked})} />
                    <span>
                        {t.muteChannel}
                        <span className='field__hint'>{t.muteChannelHint}</span>
                    </span>
                </label>
                <div className='notify-grid'>
                    <Choice legend={t.notifyDesktop} name='desktop' value={form.desktop} options={levels(mine.desktop)} onChange={(desktop) => set({desktop})} />
                    <Choice legend={t.notifyPush} name='push' value={form.push} options={levels(mine.push)} onChange={(push) => set({push})} />
                    <Choice
                        legend={t.notifyEmail}
                        name='email'
                        value={form.email}
                        options={[
                            ['default', t.notifyDefault(mine.email === 'false' ? t.notifyEmailLevel.none : t.notifyEmailLevel.all)],
                            ['all', t.notifyEmailLevel.all],
                            ['none', t.notifyEmailLevel.none],
                        ]}
                        onChange={(email) => set({email})}
                    />
                    <Choice
                        legend={t.notifyIgnoreChannelMentions}
                        name='ignore_channel_mentions'
                        value={form.ignoreChannelMentions}
                        options={[
                            ['default', t.notifyDefault(mine.channel === 'false' ? t.notifyIgnore.on : t.notifyIgnore.off)],
                            ['off', t.notifyIgnore.off],
                            ['on', t.notifyIgnore.on],
                        ]}
                        onChange={(ignoreChannelMentions) => set({ignoreChannelMentions})}
                    />
                </div>
                <FormError error={error} />
                <div className='modal__actions'>
                    <button type='button' className='button' onClick={closeModal}>
                        {t.cancel}
                    </button>
                    <button type='submit' className='button button--primary' disabled={busy}>
                        {t.save}
                    </button>
                </div>
            </form>
        </Modal>
    );
}
