// A person's card, next to the name, avatar or @mention that was clicked: picture, presence,
// names, position, local time, and a button to message them.

import {useEffect, useLayoutEffect, useRef, useState} from 'react';

import {closeProfile, openDirectChannel} from '../store/actions';
import {customStatusOf, DEFAULT_EMOJI, useCustomStatusEnabled} from '../store/customStatus';
import {fullName} from '../store/names';
import {useStore} from '../store/store';
import {t} from '../strings';
import {Avatar} from './Avatar';
import {EmojiGlyph} from './emoji/EmojiGlyph';

const WIDTH = 280;
const STATUS_LABEL: Record<string, string> = {online: t.online, away: t.away, dnd: t.dnd, offline: t.offline};

function localTime(timezone: {useAutomaticTimezone?: string | boolean; automaticTimezone?: string; manualTimezone?: string} | undefined): string {
    const zone = timezone ? (String(timezone.useAutomaticTimezone) === 'true' ? timezone.automaticTimezone : timezone.manualTimezone) : '';
    try {
        return new Date().toLocaleTimeString(undefined, {hour: 'numeric', minute: '2-digit', ...(zone ? {timeZone: zone} : {})});
    } catch {
        return '';
    }
}

export function ProfilePopover() {
    const profile = useStore((s) => s.profile);
    const user = useStore((s) => (s.profile ? s.users[s.profile.userId] : undefined));
    const status = useStore((s) => (s.profile ? s.statuses[s.profile.userId] : undefined));
    const isMe = useStore((s) => s.me?.id === s.profile?.userId);
    const customStatusEnabled = useCustomStatusEnabled();
    const ref = useRef<HTMLDivElement>(null);
    const [pos, setPos] = useState<{left: number; top: number}>({left: 0, top: 0});

    useLayoutEffect(() => {
        const el = ref.current;
        if (!el || !profile) {
            return;
        }
        const h = el.offsetHeight;
        const left = Math.max(8, Math.min(profile.left, window.innerWidth - WIDTH - 8));
        const below = profile.bottom + 6;
        const top = below + h > window.innerHeight - 8 ? Math.max(8, profile.top - h - 6) : below;
        setPos({left, top});
    }, [profile, user]);
    useEffect(() => {
        if (!profile) {
            return;
        }
        // Focus goes back to what opened the card (the name or avatar), unless it went elsewhere.
        const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
        ref.current?.querySelector<HTMLElement>('button')?.focus();
        const away = (e: MouseEvent) => ref.current && !ref.current.contains(e.target as Node) && closeProfile();
        const onKey = (e: KeyboardEvent) => e.key === 'Escape' && closeProfile();
        document.addEventListener('mousedown', away);
        window.addEventListener('keydown', onKey);
        return () => {
            document.removeEventListener('mousedown', away);
            window.removeEventListener('keydown', onKey);
            const now = document.activeElement;
            // (By now the card is gone from the page: its focused button left the focus on body.)
            if (opener?.isConnected && (!now || now === document.body)) {
                opener.focus();
            }
        };
    }, [profile]);

    if (!profile || !user) {
        return null;
    }
    const name = fullName(user);
    const s = status && STATUS_LABEL[status] ? status : 'offline';
    const time = localTime(user.timezone as never);
    const custom = customStatusEnabled ? customStatusOf(user) : null;
    return (
        <div className='profile-popover' role='dialog' aria-label={t.profileOf(user.username)} ref={ref} style={{left: pos.left, top: pos.top, width: WIDTH}}>
            <div className='profile-popover__head'>
                <Avatar user={user} size='lg' status={s} />
                <div className='profile-popover__names'>
                    <strong>{name || user.username}</strong>
                    {name && <span className='muted'>@{user.username}</span>}
                    {user.nickname && <span className='muted'>{user.nickname}</span>}
                </div>
            </div>
            {custom && (
                <p className='profile-popover__line profile-popover__custom'>
                    <EmojiGlyph name={custom.emoji || DEFAULT_EMOJI} />
                    <span>{custom.text}</span>
                </p>
            )}
            <p className='profile-popover__status'>
                <span className={`presence-label presence-label--${s}`}>{STATUS_LABEL[s]}</span>
            </p>
            {user.position && <p className='profile-popover__line'>{user.position}</p>}
            {time && <p className='profile-popover__line muted'>{t.localTime(time)}</p>}
            {!isMe && (
                <button
                    type='button'
                    className='button button--primary button--block'
                    onClick={() => {
                        closeProfile();
                        void openDirectChannel([user.id]);
                    }}
                >
                    {t.sendMessage}
                </button>
            )}
        </div>
    );
}
