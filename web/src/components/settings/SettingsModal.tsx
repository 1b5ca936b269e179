// Account settings, loaded on demand (its own chunk): profile (names, nickname, position,
// picture), security (password), display (theme, timezone) and notifications (desktop level,
// sound, e-mail, mention keys; the browser's permission; Web Push while Outpost is closed).

import {useState} from 'react';
import type {FormEvent, ReactNode} from 'react';

import {ApiError, api} from '../../api/client';
import type {UserProfile} from '../../api/client';
import {setTheme, updateMe} from '../../store/actions';
import {DM_LIMITS, setDmLimit} from '../../store/closedConversations';
import {notificationPermission, playChime, requestNotificationPermission} from '../../store/notify';
import {useStore} from '../../store/store';
import {t} from '../../strings';
import type {ThemePreference} from '../../theme/theme';
import {Avatar} from '../Avatar';
import {FormError} from '../ErrorNote';
import {Modal} from '../Modal';
import {WebPushSetting} from './WebPushSetting';

type Tab = 'profile' | 'security' | 'display' | 'notifications';

function Saved({show}: {show: boolean}) {
    return show ? (
        <span className='settings__saved' role='status'>
            {t.savedSettings}
        </span>
    ) : null;
}

/** A form that saves with `save`, showing busy, saved and error states. */
function SettingsForm({save, children, label = t.save}: {save: () => Promise<unknown>; children: ReactNode; label?: string}) {
    const [busy, setBusy] = useState(false);
    const [done, setDone] = useState(false);
    const [error, setError] = useState<ApiError | null>(null);
    const submit = (e: FormEvent) => {
        e.preventDefault();
        setBusy(true);
        setDone(false);
        setError(null);
        save().then(
            () => {
                setBusy(false);
                setDone(true);
            },
            (err: ApiError) => {
                setBusy(false);
                setError(err);
            },
        );
    };
    return (
        <form className='form settings__form' onSubmit={submit} onChange={() => setDone(false)}>
            {children}
            <FormError error={error} />
            <div className='settings__actions'>
                <button type='submit' className='button button--primary' disabled={busy}>
                    {label}
                </button>
                <Saved show={done} />
            </div>
        </form>
    );
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

function ProfileTab({me}: {me: UserProfile}) {
    const [first, setFirst] = useState(me.first_name);
    const [last, setLast] = useState(me.last_name);
    const [nickname, setNickname] = useState(me.nickname);
    const [position, setPosition] = useState(me.position);
    const [pictureError, setPictureError] = useState<ApiError | null>(null);
    const upload = (file: File | undefined) => {
        if (!file) {
            return;
        }
        setPictureError(null);
        api.uploadProfileImage(me.id, file).then(
            () => updateMe({last_picture_update: Date.now()}),
            (err: ApiError) => setPictureError(err),
        );
    };
    return (
        <>
            <div className='settings__picture'>
                <Avatar user={me} size='lg' />
                <label className='button'>
                    {t.uploadPicture}
                    <input className='visually-hidden' type='file' accept='image/png,image/jpeg,image/gif,image/webp' onChange={(e) => upload(e.target.files?.[0])} />
                </label>
                <button type='button' className='button button--quiet' onClick={() => void api.removeProfileImage(me.id).then(() => updateMe({last_picture_update: Date.now()}), setPictureError)}>
                    {t.removePicture}
                </button>
            </div>
            <FormError error={pictureError} />
            <SettingsForm save={async () => updateMe(await api.patchUser(me.id, {first_name: first.trim(), last_name: last.trim(), nickname: nickname.trim(), position: position.trim()}))}>
                <div className='settings__row'>
                    <Field label={t.firstName}>
                        <input className='input' maxLength={64} value={first} onChange={(e) => setFirst(e.target.value)} />
                    </Field>
                    <Field label={t.lastName}>
                        <input className='input' maxLength={64} value={last} onChange={(e) => setLast(e.target.value)} />
                    </Field>
                </div>
                <Field label={t.nickname} hint={t.nicknameHint}>
                    <input className='input' maxLength={64} value={nickname} onChange={(e) => setNickname(e.target.value)} />
                </Field>
                <Field label={t.position}>
                    <input className='input' maxLength={128} value={position} onChange={(e) => setPosition(e.target.value)} />
                </Field>
            </SettingsForm>
        </>
    );
}

function SecurityTab({me}: {me: UserProfile}) {
    const [current, setCurrent] = useState('');
    const [next, setNext] = useState('');
    const [again, setAgain] = useState('');
    const min = Number(useStore((s) => s.config.PasswordMinimumLength) ?? 8) || 8;
    return (
        <SettingsForm
            label={t.changePassword}
            save={async () => {
                if (next !== again) {
                    throw new ApiError(400, 'client.passwords_differ', t.passwordsDiffer);
                }
                await api.updatePassword(me.id, current, next);
                setCurrent('');
                setNext('');
                setAgain('');
            }}
        >
            <Field label={t.currentPassword}>
                <input className='input' type='password' autoComplete='current-password' required value={current} onChange={(e) => setCurrent(e.target.value)} />
            </Field>
            <Field label={t.newPassword} hint={t.passwordHint(min)}>
                <input className='input' type='password' autoComplete='new-password' required minLength={min} value={next} onChange={(e) => setNext(e.target.value)} />
            </Field>
            <Field label={t.repeatPassword}>
                <input className='input' type='password' autoComplete='new-password' required value={again} onChange={(e) => setAgain(e.target.value)} />
            </Field>
        </SettingsForm>
    );
}

function zones(): string[] {
    try {
        return (Intl as unknown as {supportedValuesOf: (k: string) => string[]}).supportedValuesOf('timeZone');
    } catch {
        return ['UTC'];
    }
}

function DisplayTab({me}: {me: UserProfile}) {
    const theme = useStore((s) => s.theme);
    const dmLimit = useStore((s) => s.dmLimit);
    const [limitError, setLimitError] = useState<ApiError | null>(null);
    const tz = me.timezone ?? {useAutomaticTimezone: 'true', automaticTimezone: '', manualTimezone: ''};
    const [automatic, setAutomatic] = useState(String(tz.useAutomaticTimezone) !== 'false');
    const [manual, setManual] = useState(tz.manualTimezone || Intl.DateTimeFormat().resolvedOptions().timeZone);
    const browserZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    const themes: Array<[ThemePreference, string]> = [
        ['light', t.themeLight],
        ['dark', t.themeDark],
        ['system', t.themeSystem],
    ];
    return (
        <>
            <fieldset className='settings__group'>
                <legend className='field__label'>{t.theme}</legend>
                <div className='segmented' role='radiogroup' aria-label={t.theme}>
                    {themes.map(([value, label]) => (
                        <button key={value} type='button' role='radio' aria-checked={theme === value} onClick={() => setTheme(value)}>
                            {label}
                        </button>
                    ))}
                </div>
            </fieldset>
            <Field label={t.dmLimit}>
                <select
                    className='input'
                    value={dmLimit}
                    onChange={(e) => {
                        setLimitError(null);
                        void setDmLimit(Number(e.target.value)).catch(setLimitError);
                    }}
                >
                    {DM_LIMITS.map((n) => (
                        <option key={n} value={n}>
                            {n ? t.dmLimitCount(n) : t.dmLimitAll}
                        </option>
                    ))}
                </select>
            </Field>
            <FormError error={limitError} />
            <SettingsForm
                save={async () =>
                    updateMe(
                        await api.patchUser(me.id, {
                            timezone: {useAutomaticTimezone: automatic ? 'true' : 'false', automaticTimezone: browserZone, manualTimezone: automatic ? tz.manualTimezone : manual},
                        }),
                    )
                }
            >
                <label className='check'>
                    <input type='checkbox' checked={automatic} onChange={(e) => setAutomatic(e.target.checked)} />
                    <span>{t.timezoneAutomatic(browserZone)}</span>
                </label>
                {!automatic && (
                    <Field label={t.timezone}>
                        <select className='input' value={manual} onChange={(e) => setManual(e.target.value)}>
                            {zones().map((z) => (
                                <option key={z} value={z}>
                                    {z}
                                </option>
                            ))}
                        </select>
                    </Field>
                )}
            </SettingsForm>
        </>
    );
}

function NotificationsTab({me}: {me: UserProfile}) {
    const props = me.notify_props;
    const [desktop, setDesktop] = useState<string>(props?.desktop && props.desktop !== 'default' ? props.desktop : 'mention');
    const [sound, setSound] = useState(props?.desktop_sound !== 'false');
    const [email, setEmail] = useState(props?.email !== 'false');
    const [keys, setKeys] = useState(props?.mention_keys ?? '');
    const [permission, setPermission] = useState(notificationPermission());
    return (
        <>
            <div className='settings__permission'>
                <span>{t.browserPermission(permission)}</span>
                {permission === 'default' && (
                    <button type='button' className='button' onClick={() => void requestNotificationPermission().then(setPermission)}>
                        {t.allowNotifications}
                    </button>
                )}
            </div>
            <WebPushSetting />
            <SettingsForm
                save={async () =>
                    updateMe(
                        await api.patchUser(me.id, {
                            notify_props: {...props, desktop: desktop as never, desktop_sound: sound ? 'true' : 'false', email: email ? 'true' : 'false', mention_keys: keys.replace(/\s+/g, '')},
                        }),
                    )
                }
            >
                <fieldset className='settings__group'>
                    <legend className='field__label'>{t.desktopNotifications}</legend>
                    {(['all', 'mention', 'none'] as const).map((level) => (
                        <label key={level} className='check'>
                            <input type='radio' name='desktop' value={level} checked={desktop === level} onChange={() => setDesktop(level)} />
                            <span>{t.desktopLevel[level]}</span>
                        </label>
                    ))}
                </fieldset>
                <label className='check'>
                    <input type='checkbox' checked={sound} onChange={(e) => setSound(e.target.checked)} />
                    <span>{t.notificationSound}</span>
                </label>
                <button type='button' className='link-button settings__try' onClick={playChime}>
                    {t.playSound}
                </button>
                <label className='check'>
                    <input type='checkbox' checked={email} onChange={(e) => setEmail(e.target.checked)} />
                    <span>{t.emailNotifications}</span>
                </label>
                <Field label={t.mentionKeys} hint={t.mentionKeysHint}>
                    <input className='input' value={keys} onChange={(e) => setKeys(e.target.value)} />
                </Field>
            </SettingsForm>
        </>
    );
}

export default function SettingsModal() {
    const me = useStore((s) => s.me);
    const [tab, setTab] = useState<Tab>('profile');
    if (!me) {
        return null;
    }
    const tabs: Array<[Tab, string]> = [
        ['profile', t.settingsProfile],
        ['security', t.settingsSecurity],
        ['display', t.settingsDisplay],
        ['notifications', t.settingsNotifications],
    ];
    return (
        <Modal title={t.settingsTitle} wide>
            <div className='settings'>
                <div
                    className='settings__tabs'
                    role='tablist'
                    aria-label={t.settingsTitle}
                    onKeyDown={(e) => {
                        // The tabs pattern: arrows (and Home, End) move between tabs and select;
                        // only the selected tab is in the Tab order.
                        const at = tabs.findIndex(([value]) => value === tab);
                        const next = {ArrowDown: at + 1, ArrowRight: at + 1, ArrowUp: at - 1, ArrowLeft: at - 1, Home: 0, End: tabs.length - 1}[e.key];
                        if (next === undefined) {
                            return;
                        }
                        e.preventDefault();
                        const [value] = tabs[(next + tabs.length) % tabs.length] ?? [];
                        if (value) {
                            setTab(value);
                            document.getElementById(`settings-tab-${value}`)?.focus();
                        }
                    }}
                >
                    {tabs.map(([value, label]) => (
                        <button
                            key={value}
                            type='button'
                            role='tab'
                            id={`settings-tab-${value}`}
                            aria-selected={tab === value}
                            aria-controls='settings-panel'
                            tabIndex={tab === value ? 0 : -1}
                            onClick={() => setTab(value)}
                        >
                            {label}
                        </button>
                    ))}
                </div>
                <div className='settings__panel' role='tabpanel' id='settings-panel' aria-labelledby={`settings-tab-${tab}`}>
                    {tab === 'profile' && <ProfileTab me={me} />}
                    {tab === 'security' && <SecurityTab me={me} />}
                    {tab === 'display' && <DisplayTab me={me} />}
                    {tab === 'notifications' && <NotificationsTab me={me} />}
                </div>
            </div>
        </Modal>
    );
}
