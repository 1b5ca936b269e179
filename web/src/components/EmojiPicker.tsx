// The emoji picker: search by name, browse by category, recently used first. Used for reactions
// and the composer. The emoji set itself is a separate chunk, loaded when the picker first opens.

import {useEffect, useMemo, useRef, useState} from 'react';
import type {KeyboardEvent} from 'react';

import {QUICK_EMOJI, emojiChar, searchEmoji, useEmojiData} from '../emoji';
import {searchCustomEmoji, useCustomEmoji} from '../emoji/custom';
import {EmojiGlyph} from './emoji/EmojiGlyph';
import type {EmojiEntry} from '../emoji';
import {t} from '../strings';

const RECENT_KEY = 'outpost.recentEmoji';
const RECENT_MAX = 16;
const COLUMNS = 8;

export function recentEmoji(): string[] {
    try {
        const raw = JSON.parse(localStorage.getItem(RECENT_KEY) ?? '[]') as unknown;
        return Array.isArray(raw) ? raw.filter((x): x is string => typeof x === 'string') : [];
    } catch {
        return [];
    }
}

export function rememberEmoji(name: string): void {
    const next = [name, ...recentEmoji().filter((n) => n !== name)].slice(0, RECENT_MAX);
    try {
        localStorage.setItem(RECENT_KEY, JSON.stringify(next));
    } catch {
        // Private mode: recents are simply not kept.
    }
}

export function EmojiPicker({onPick, onClose, className = ''}: {onPick: (name: string) => void; onClose: () => void; className?: string}) {
    const data = useEmojiData();
    const custom = useCustomEmoji();
    const [query, setQuery] = useState('');
    const [category, setCategory] = useState(-1);
    const root = useRef<HTMLDivElement>(null);
    const search = useRef<HTMLInputElement>(null);
    useEffect(() => {
        search.current?.focus();
        const away = (e: MouseEvent) => {
            if (root.current && !root.current.contains(e.target as Node) && !root.current.parentElement?.contains(e.target as Node)) {
                onClose();
            }
        };
        document.addEventListener('mousedown', away);
        return () => document.removeEventListener('mousedown', away);
    }, [onClose]);

    const shown: Array<Pick<EmojiEntry, 'name' | 'char'>> = useMemo(() => {
        // Custom emoji have no character: they show as their image.
        const customs = (q: string) => searchCustomEmoji(custom, q, 120).map((e) => ({name: e.name, char: ''}));
        if (query.trim()) {
            const q = query.trim().replace(/^:|:$/g, '');
            return [...customs(q), ...(data ? searchEmoji(data, q, 120) : [])];
        }
        if (category < 0) {
            const names = [...new Set([...recentEmoji(), ...QUICK_EMOJI])];
            const recent = names.map((name) => ({name, char: emojiChar(name, data) ?? ''})).filter((e) => e.char || custom.has(e.name));
            return [...recent, ...customs('').filter((e) => !names.includes(e.name))];
        }
        return data ? data.list.filter((e) => e.category === category) : [];
    }, [data, custom, query, category]);

    const pick = (name: string) => {
        rememberEmoji(name);
        onPick(name);
    };
    const onKeyDown = (e: KeyboardEvent) => {
        if (e.key === 'Escape') {
            e.preventDefault();
            e.stopPropagation();
            onClose();
            return;
        }
        const cells = [...(root.current?.querySelectorAll<HTMLButtonElement>('.emoji-picker__cell') ?? [])];
        const at = cells.indexOf(document.activeElement as HTMLButtonElement);
        const move = {ArrowRight: 1, ArrowLeft: -1, ArrowDown: COLUMNS, ArrowUp: -COLUMNS}[e.key];
        if (move === undefined) {
            if (e.key === 'Enter' && at < 0 && shown[0]) {
                e.preventDefault();
                pick(shown[0].name);
            }
            return;
        }
        if (at < 0 && e.key !== 'ArrowDown') {
            return;
        }
        e.preventDefault();
        const next = at < 0 ? 0 : at + move;
        if (next < 0) {
            search.current?.focus();
        } else {
            cells[Math.min(next, cells.length - 1)]?.focus();
        }
    };

    return (
        <div className={`emoji-picker ${className}`} role='dialog' aria-label={t.emojiPicker} ref={root} onKeyDown={onKeyDown}>
            <input
                ref={search}
                className='input emoji-picker__search'
                type='search'
                aria-label={t.searchEmoji}
                placeholder={t.searchEmoji}
                value={query}
                onChange={(e) => setQuery(e.target.value)}
            />
            {!query && (
                <div className='emoji-picker__tabs' role='tablist' aria-label={t.emojiCategories}>
                    {[t.emojiRecent, ...(data?.categories ?? [])].map((name, i) => (
                        <button
                            key={name}
                            type='button'
                            role='tab'
                            aria-selected={category === i - 1}
                            className='emoji-picker__tab'
                            title={name}
                            aria-label={name}
                            onClick={() => setCategory(i - 1)}
                        >
                            {CATEGORY_ICON[i] ?? '•'}
                        </button>
                    ))}
                </div>
            )}
            <div className='emoji-picker__grid' role='group' aria-label={query ? t.searchResults : category < 0 ? t.emojiRecent : (data?.categories[category] ?? '')}>
                {!data && query ? <p className='muted emoji-picker__note'>{t.loading}</p> : null}
                {data && query && !shown.length ? <p className='muted emoji-picker__note'>{t.noEmojiFound}</p> : null}
                {shown.map((e) => (
                    <button key={e.name} type='button' className='emoji-picker__cell' aria-label={`:${e.name}:`} title={`:${e.name}:`} onClick={() => pick(e.name)}>
                        {e.char || <EmojiGlyph name={e.name} />}
                    </button>
                ))}
            </div>
        </div>
    );
}

/** One emoji per tab: recent, then the categories of the data set in order. */
const CATEGORY_ICON = ['🕘', '😀', '👋', '🐻', '🍔', '✈️', '⚽', '💡', '🔣', '🏳️'];
