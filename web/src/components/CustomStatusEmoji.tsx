// Someone's custom status as its emoji beside their name (the text in its tooltip and label); it
// goes when its time is up.

import {useEffect, useState} from 'react';

import type {UserProfile} from '../api/client';
import {customStatusOf, DEFAULT_EMOJI, useCustomStatusEnabled} from '../store/customStatus';
import {t} from '../strings';
import {EmojiGlyph} from './emoji/EmojiGlyph';

/** setTimeout's longest wait. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** Rendered beside every author in the message list: nothing (and no store subscription or
 * timer) for the many people without a custom status. */
export function CustomStatusEmoji({user, className = ''}: {user: UserProfile | undefined; className?: string}) {
    return user?.props?.customStatus ? <StatusEmoji user={user} className={className} /> : null;
}

function StatusEmoji({user, className}: {user: UserProfile; className: string}) {
    const enabled = useCustomStatusEnabled();
    const cs = enabled ? customStatusOf(user) : null;
    // Shown again (and so hidden) once it expires: nothing else renders a row again then.
    const [, setExpired] = useState(0);
    const end = cs?.duration ? Date.parse(cs.expires_at) : NaN;
    useEffect(() => {
        const wait = end - Date.now();
        if (!(wait > 0)) {
            return undefined;
        }
        const timer = window.setTimeout(() => setExpired((n) => n + 1), Math.min(wait + 50, MAX_TIMER_MS));
        return () => window.clearTimeout(timer);
    }, [end]);
    if (!cs) {
        return null;
    }
    const text = cs.text || `:${cs.emoji}:`;
    return (
        <span className={`custom-status ${className}`} role='img' aria-label={t.customStatusLabel(text)} title={text}>
            <EmojiGlyph name={cs.emoji || DEFAULT_EMOJI} />
        </span>
    );
}
