// Bottom of the sidebar: who I am, the live-connection state, and my menu (status, theme, sign out).

import {useEffect, useRef, useState} from 'react';

import {logout, openModal, setTheme} from '../store/actions';
import {useStore} from '../store/store';
import type {ThemePreference} from '../theme/theme';
import {t} from '../strings';
import {Avatar} from './Avatar';
import {Icon} from './Icon';
import type {IconName} from './Icon';
import {StatusMenuItems} from './StatusMenu';

const THEMES: {value: ThemePreference; label: string; icon: IconName}[] = [
    {value: 'light', label: t.themeLight, icon: 'sun'},
    {value: 'dark', label: t.themeDark, icon: 'moon'},
    {value: 'system', label: t.themeSystem, icon: 'monitor'},
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

function UserMenu({onClose}: {onClose: () => void}) {
    const theme = useStore((s) => s.theme);
    const ref = useRef<HTMLDivElement>(null);
    useEffect(() => {
        const away = (e: MouseEvent) => ref.current && !ref.current.contains(e.target as Node) && onClose();
        const esc = (e: KeyboardEvent) => {
            if (e.key === 'Escape') {
                onClose();
            } else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
                const items = [...(ref.current?.querySelectorAll<HTMLButtonElement>('button') ?? [])];
                const at = items.indexOf(document.activeElement as HTMLButtonElement);
                e.preventDefault();
                items[(at + (e.key === 'ArrowDown' ? 1 : -1) + items.length) % items.length]?.focus();
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
            <button
                type='button'
                role='menuitem'
                className='menu__item'
                onClick={() => {
                    onClose();
                    openModal('settings');
                }}
            >
                <Icon name='settings' size={16} />
                {t.settings}
            </button>
            <button
                type='button'
                role='menuitem'
                className='menu__item'
                onClick={() => {
                    onClose();
                    openModal('custom-emoji');
                }}
            >
                <Icon name='smile' size={16} />
                {t.customEmoji}
            </button>
            <button
                type='button'
                role='menuitem'
                className='menu__item'
                onClick={() => {
                    onClose();
                    openModal('integrations');
                }}
            >
                <Icon name='link' size={16} />
                {t.integrations}
            </button>
            <button
                type='button'
                role='menuitem'
                className='menu__item'
                onClick={() => {
                    onClose();
                    openModal('shortcuts');
                }}
            >
                <Icon name='keyboard' size={16} />
                {t.keyboardShortcuts}
            </button>
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
                    <span className='user-footer__name'>{me.username}</span>
                    <ConnectionState />
                </span>
            </button>
        </div>
    );
}
