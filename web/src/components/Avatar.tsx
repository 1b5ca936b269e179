// A profile picture with an optional presence dot (always labelled for screen readers).

import {api} from '../api/client';
import type {UserProfile} from '../api/client';
import {t} from '../strings';

const STATUS_LABEL: Record<string, string> = {online: t.online, away: t.away, dnd: t.dnd, offline: t.offline};

export function PresenceDot({status}: {status: string | undefined}) {
    const s = status && STATUS_LABEL[status] ? status : 'offline';
    return (
        <span className={`presence presence--${s}`} role='img' aria-label={STATUS_LABEL[s]} title={STATUS_LABEL[s]} />
    );
}

export function Avatar({user, size = 'md', status}: {user: UserProfile | undefined; size?: 'sm' | 'md' | 'lg'; status?: string | undefined}) {
    const src = user ? api.profileImageUrl(user.id, user.last_picture_update) : undefined;
    const px = size === 'sm' ? 24 : size === 'lg' ? 40 : 36;
    return (
        <span className={`avatar avatar--${size}`}>
            {src ? <img src={src} alt='' width={px} height={px} loading='lazy' decoding='async' /> : <span className='avatar__blank' />}
            {status !== undefined && <PresenceDot status={status} />}
        </span>
    );
}
