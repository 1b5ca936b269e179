// Reaction pills under a post (click to add or remove yours) and the quick-reaction picker.

import {useMemo} from 'react';

import type {Reaction} from '../api/client';
import {QUICK_EMOJI, emojiChar} from '../emoji';
import {EmojiGlyph} from './emoji/EmojiGlyph';
import {groupReactions} from '../messages/rows';
import {toggleReaction} from '../store/actions';
import {useStore} from '../store/store';
import {t} from '../strings';
import {Icon} from './Icon';

export function Reactions({postId, reactions}: {postId: string; reactions: Reaction[]}) {
    const myId = useStore((s) => s.me?.id ?? '');
    const groups = useMemo(() => groupReactions(reactions, myId), [reactions, myId]);
    if (!groups.length) {
        return null;
    }
    return (
        <div className='reactions'>
            {groups.map((g) => (
                <button
                    key={g.emoji}
                    type='button'
                    className={g.mine ? 'reaction reaction--mine' : 'reaction'}
                    aria-pressed={g.mine}
                    aria-label={t.reactionBy(`:${g.emoji}:`, g.count, g.mine)}
                    title={`:${g.emoji}:`}
                    onClick={() => void toggleReaction(postId, g.emoji)}
                >
                    <span className='reaction__emoji'>
                        <EmojiGlyph name={g.emoji} />
                    </span>
                    <span className='reaction__count'>{g.count}</span>
                </button>
            ))}
        </div>
    );
}

export function QuickReactions({postId, onDone, onMore}: {postId: string; onDone: () => void; onMore: () => void}) {
    return (
        <div className='quick-reactions' role='menu' aria-label={t.addReaction}>
            {QUICK_EMOJI.map((name) => (
                <button
                    key={name}
                    type='button'
                    role='menuitem'
                    className='quick-reactions__item'
                    aria-label={t.react(`:${name}:`)}
                    title={`:${name}:`}
                    onClick={() => {
                        onDone();
                        void toggleReaction(postId, name);
                    }}
                >
                    {emojiChar(name) ?? `:${name}:`}
                </button>
            ))}
            <button type='button' role='menuitem' className='quick-reactions__item quick-reactions__more' aria-label={t.moreEmoji} title={t.moreEmoji} onClick={onMore}>
                <Icon name='plus' size={16} />
            </button>
        </div>
    );
}
