// Someone's custom status as its emoji beside their name (the text in its tooltip and label).

import type {UserProfile} from '../api/client';
import {customStatusOf, DEFAULT_EMOJI} from '../store/customStatus';
import {t} from '../strings';
import {EmojiGlyph} from './emoji/EmojiGlyph';

export function CustomStatusEmoji({user, className = ''}: {user: UserProfile | undefined; className?: string}) {
    const cs = customStatusOf(user);
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
