// Bottom of the sidebar: who I am, the live-connection state, and my menu (custom status, status,
// theme, sign out).

import {useEffect, useRef, useState} from 'react';

import {logout, openModal, setTheme} from '../store/actions';
import {useStore} from '../store/store';
import type {Modal} from '../store/store';
import type {ThemePreference} from '../theme/theme';
import {t} from '../strings';
import {clearCustomStatus, customStatusOf, DEFAULT_EMOJI, useCustomStatusEnabled} from '../store/customStatus';
import {showToast} from '../store/posts';
import {Avatar} from './Avatar';
import {CustomStatusEmoji} from './CustomStatusEmoji';
import {EmojiGlyph} from './emoji/EmojiGlyph';
import {Icon} from './Icon';
import type {IconName} from './Icon';
import {StatusMenuItems} from './StatusMenu';
import {moveMenuFocus} from './useMenuPopup';

const THEMES: {value: ThemePreference; label: string; icon: IconName}[] = [
    {value: 'light', label: t.themeLight, icon: 'sun'},
    {value: 'dark', label: t.themeDark, icon: 'moon'},
    {value: 'system', label: t.themeSystem, icon: 'monitor'},
];

/** The account menu's dialogs, each opened by one item. */
const DIALOGS: {modal: Modal; label: string; icon: IconName}[] = [
    {modal: 'settings', label: t.settings, icon: 'settings'},
    {modal: 'custom-emoji', label: t.customEmoji, icon: 'smile'},
    {modal: 'integrations', label: t.integrations, icon: 'link'},
    {modal: 'shortcuts', label: t.keyboardShortcuts, icon: 'keyboard'},
];

export function ConnectionState() {
    const socket = useStore((s) => s.socket);
    return (
        <span className={`connection connection--${socket}`} role='status' aria-live='polite' data-testid='connection-state'>
            <span className='connection__dot' aria-hidden='true' />
            {t.connection[socket]}
        </span>
    );
}

/** The account menu's first items: "Set a custom status", or the one set (to change it) and a
 * button that clears it. */
function CustomStatusItems({onClose}: {onClose: () => void}) {
    const me = useStore((s) => s.me);
    const enabled = useCustomStatusEnabled();
    const custom = customStatusOf(me ?? undefined);
    const open = () => {
        onClose();
        openModal('custom-status');
    };
    if (!enabled) {
        return null;
    }
    if (!custom) {
        return (
            <>
                <button type='button' role='menuitem' className='menu__item' onClick={open}>
                    <Icon name='smile' size={16} />
                    {t.setCustomStatus}
                </button>
                <div className='menu__separator' role='separator' />
            </>
        );
    }
    return (
        <>
            <div className='menu__row'>
                <button type='button' role='menuitem' className='menu__item' aria-label={`${t.customStatusLabel(custom.text || `:${custom.emoji}:`)}. ${t.setCustomStatus}`} onClick={open}>
                    <EmojiGlyph name={custom.emoji || DEFAULT_EMOJI} />
                    <span className='menu__item-text'>{custom.text}</span>
                </button>
                <button
                    type='button'
                    role='menuitem'
                    className='icon-button icon-button--small'
                    aria-label={t.customStatusClear}
                    title={t.customStatusClear}
                    onClick={() => {
                        onClose();
                        clearCustomStatus().catch(() => showToast(t.customStatusFailed));
                    }}
                >
                    <Icon name='x' size={14} />
                </button>
            </div>
            <div className='menu__separator' role='separator' />
        </>
    );
}

function UserMenu({onClose}: {onClose: () => void}) {
    const theme = useStore((s) => s.theme);
    const ref = useRef<HTMLDivElement>(null);
    useEffect(() => {
        const away = (e: MouseEvent) => ref.current && !ref.current.contains(e.target as Node) && onClose();
        const esc = (e: KeyboardEvent) => {
            if (e.key === 'Escape') {
                onClose();
            } else {
                moveMenuFocus(e, ref.current, 'button');
            }
        };
        document.addEventListener('mousedown', away);
        document.addEventListener('keydown', esc);
        ref.current?.querySelector<HTMLElement>('button')?.focus();
        return () => {
            document.removeEventListener('mousedown', away);
            document.removeEventListener('keydown', esc);
        };
    }, [onClose]);
    return (
        <div className='menu menu--up user-menu' role='menu' aria-label={t.userMenu} ref={ref}>
            <CustomStatusItems onClose={onClose} />
            <StatusMenuItems onClose={onClose} />
            <div className='menu__separator' role='separator' />
            <div className='menu__label'>{t.theme}</div>
            {THEMES.map((th) => (
                <button key={th.value} type='button' role='menuitemradio' aria-checked={theme === th.value} className='menu__item' onClick={() => setTheme(th.value)}>
                    <Icon name={th.icon} size={16} />
                    {th.label}
                </button>
            ))}
            <div className='menu__separator' role='separator' />
            {DIALOGS.map((d) => (
                <button
                    key={d.modal}
                    type='button'
                    role='menuitem'
                    className='menu__item'
                    onClick={() => {
                        onClose();
                        openModal(d.modal);
                    }}
                >
                    <Icon name={d.icon} size={16} />
                    {d.label}
                </button>
            ))}
            <button type='button' role='menuitem' className='menu__item' onClick={() => void logout()}>
                <Icon name='logout' size={16} />
                {t.signOut}
            </button>
        </div>
    );
}

export function UserFooter() {
    const me = useStore((s) => s.me);
    const status = useStore((s) => (me ? s.statuses[me.id] : undefined));
    const socket = useStore((s) => s.socket);
    const [open, setOpen] = useState(false);
    if (!me) {
        return null;
    }
    return (
        <div className='user-footer'>
            {open && <UserMenu onClose={() => setOpen(false)} />}
            <button type='button' className='user-footer__button' aria-haspopup='menu' aria-expanded={open} aria-label={t.userMenu} title={t.userMenu} onClick={() => setOpen(!open)}>
                <Avatar user={me} size='md' status={status ?? (socket === 'connected' ? 'online' : 'offline')} />
                <span className='user-footer__text'>
                    <span className='user-footer__name'>
                        {me.username}
                        <CustomStatusEmoji user={me} />
                    </span>
                    <ConnectionState />
                </span>
            </button>
        </div>
    );
}
