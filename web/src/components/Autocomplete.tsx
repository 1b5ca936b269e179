// Suggestions while typing in the composer: @people (known ones at once, more from the server),
// ~channels (mine and the team's public ones) and :emoji:; in the search box, from:people and
// in:channels (or in:@people, their direct messages). ↑/↓ choose, Enter or Tab picks, Esc closes.
// The list is a listbox the textbox points at (aria-activedescendant).

import {useEffect, useId, useMemo, useState} from 'react';
import type {KeyboardEvent} from 'react';

import {api} from '../api/client';
import type {Channel} from '../api/client';
import {commandSuggestions} from '../api/commands';
import type {AutocompleteSuggestion} from '../api/commands';
import {searchEmoji, useEmojiData} from '../emoji';
import {searchCustomEmoji, useCustomEmoji} from '../emoji/custom';
import {EmojiGlyph} from './emoji/EmojiGlyph';
import {findSearchToken, findToken, matchChannels, matchUsers, replaceToken} from '../messages/autocomplete';
import type {Token} from '../messages/autocomplete';
import {dmPartnerId, fullName} from '../store/names';
import {setState, useStore} from '../store/store';
import {t} from '../strings';
import {Avatar} from './Avatar';
import {Icon} from './Icon';

export interface Suggestion {
    key: string;
    insert: string;
    label: string;
    detail: string;
    icon: 'user' | 'channel' | 'emoji' | 'special' | 'command';
    userId?: string;
    char?: string;
}

const SPECIAL = [
    {name: 'here', detail: t.mentionHere},
    {name: 'channel', detail: t.mentionAll},
    {name: 'all', detail: t.mentionAll},
];

const publicChannels: Record<string, Promise<Channel[]>> = {};
const SERVER_DELAY_MS = 150;

function teamPublicChannels(teamId: string): Promise<Channel[]> {
    publicChannels[teamId] ??= api.getPublicChannels(teamId).catch(() => {
        delete publicChannels[teamId];
        return [];
    });
    return publicChannels[teamId];
}

/** People offered as in:@someone (their direct messages) after the channels. */
const SEARCH_DM_LIMIT = 4;

export function useAutocomplete(text: string, caret: number, channelId: string, setText: (text: string, caret: number) => void, mode: 'compose' | 'search' = 'compose') {
    const token = useMemo(() => (mode === 'search' ? findSearchToken(text, caret) : findToken(text, caret)), [text, caret, mode]);
    const [dismissed, setDismissed] = useState<Token | null>(null);
    const [index, setIndex] = useState(0);
    const [more, setMore] = useState<Channel[]>([]);
    const [commands, setCommands] = useState<AutocompleteSuggestion[]>([]);
    const users = useStore((s) => s.users);
    const channels = useStore((s) => s.channels);
    const teamId = useStore((s) => s.currentTeamId ?? '');
    const myId = useStore((s) => s.me?.id ?? '');
    const emoji = useEmojiData();
    const custom = useCustomEmoji();
    const listId = useId();

    // People and public channels beyond what is loaded come from the server.
    useEffect(() => {
        if (!token || token.trigger === ':') {
            return;
        }
        let live = true;
        const timer = setTimeout(() => {
            if (token.trigger === '/') {
                void commandSuggestions(`/${token.query}`, {channelId, teamId, rootId: ''}).then(
                    (found) => live && setCommands(Array.isArray(found) ? found : []),
                    () => live && setCommands([]),
                );
            } else if (token.trigger === '@') {
                void api.autocompleteUsers(token.query, teamId, channelId).then(
                    (found) => live && found.length && setState((s) => ({users: {...s.users, ...Object.fromEntries(found.map((u) => [u.id, s.users[u.id] ?? u]))}})),
                    () => undefined,
                );
            } else if (teamId && !token.flag) {
                // (in: offers only my own channels, as Mattermost's search does.)
                void teamPublicChannels(teamId).then((list) => live && setMore(list));
            }
        }, SERVER_DELAY_MS);
        return () => {
            live = false;
            clearTimeout(timer);
        };
    }, [token?.trigger, token?.query, teamId, channelId]);

    const suggestions: Suggestion[] = useMemo(() => {
        if (!token || (dismissed && dismissed.start === token.start && dismissed.trigger === token.trigger)) {
            return [];
        }
        const person = (u: (typeof users)[string], insert: string, detail = [fullName(u), u.nickname && `(${u.nickname})`].filter(Boolean).join(' ')) => ({key: u.id, insert, label: `@${u.username}`, detail, icon: 'user' as const, userId: u.id});
        if (token.flag === 'from:') {
            return matchUsers(Object.values(users), token.query).map((u) => person(u, `from:${u.username}`));
        }
        if (token.flag === 'in:') {
            const all = Object.values(channels);
            const named = matchChannels(all.filter((c) => c.team_id === teamId), token.query).map((c) => ({key: c.id, insert: `in:${c.name}`, label: c.display_name, detail: `~${c.name}`, icon: 'channel' as const}));
            // The people I have a direct message with.
            const partners = all.flatMap((c) => (c.type === 'D' ? [users[dmPartnerId(c, myId)]] : [])).filter((u): u is (typeof users)[string] => Boolean(u) && u?.id !== myId);
            return [...named, ...matchUsers(partners, token.query, SEARCH_DM_LIMIT).map((u) => person(u, `in:@${u.username}`, t.directMessage))];
        }
        if (token.trigger === '@') {
            const people = matchUsers(Object.values(users), token.query).map((u) => person(u, `@${u.username}`));
            const special = SPECIAL.filter((sp) => sp.name.startsWith(token.query.toLowerCase())).map((sp) => ({key: sp.name, insert: `@${sp.name}`, label: `@${sp.name}`, detail: sp.detail, icon: 'special' as const}));
            return [...people, ...special];
        }
        if (token.trigger === '/') {
            return commands
                .filter((c) => c.Complete)
                .slice(0, 12)
                .map((c) => ({key: c.Complete, insert: `/${c.Complete.replace(/^\//, '')}`, label: c.Suggestion || `/${c.Complete}`, detail: [c.Hint, c.Description].filter(Boolean).join(' — '), icon: 'command' as const}));
        }
        if (token.trigger === '~') {
            const mine = Object.values(channels).filter((c) => c.team_id === teamId);
            return matchChannels([...mine, ...more], token.query).map((c) => ({key: c.id, insert: `~${c.name}`, label: c.display_name, detail: `~${c.name}`, icon: 'channel' as const}));
        }
        // Custom emoji (shown as their image, no character) first.
        const mineFirst = searchCustomEmoji(custom, token.query.toLowerCase(), 8).map((e) => ({key: e.name, insert: `:${e.name}:`, label: `:${e.name}:`, detail: '', icon: 'emoji' as const, char: ''}));
        const standard = emoji ? searchEmoji(emoji, token.query.toLowerCase(), 8).map((e) => ({key: e.name, insert: `:${e.name}:`, label: `:${e.name}:`, detail: '', icon: 'emoji' as const, char: e.char})) : [];
        return [...mineFirst, ...standard].slice(0, 8);
    }, [token, dismissed, users, channels, more, commands, teamId, myId, emoji, custom]);

    useEffect(() => setIndex(0), [token?.trigger, token?.query]);
    const active = Math.min(index, Math.max(0, suggestions.length - 1));
    const open = suggestions.length > 0;

    const pick = (s: Suggestion) => {
        if (!token) {
            return;
        }
        const next = replaceToken(text, token, s.insert);
        setText(next.text, next.caret);
    };

    /** Handles the key if the list is open; returns whether it did. */
    const onKeyDown = (e: KeyboardEvent): boolean => {
        if (!open) {
            return false;
        }
        if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
            e.preventDefault();
            setIndex((active + (e.key === 'ArrowDown' ? 1 : -1) + suggestions.length) % suggestions.length);
            return true;
        }
        if ((e.key === 'Enter' && !e.shiftKey) || e.key === 'Tab') {
            const s = suggestions[active];
            if (s) {
                e.preventDefault();
                pick(s);
                return true;
            }
        }
        if (e.key === 'Escape') {
            e.preventDefault();
            setDismissed(token);
            return true;
        }
        return false;
    };

    const inputProps = {
        'aria-autocomplete': 'list' as const,
        'aria-controls': open ? listId : undefined,
        'aria-activedescendant': open ? `${listId}-${active}` : undefined,
    };

    const list = open ? (
        <ul className='autocomplete' role='listbox' id={listId} aria-label={t.suggestions}>
            {suggestions.map((s, i) => (
                <li
                    key={s.key}
                    id={`${listId}-${i}`}
                    role='option'
                    aria-selected={i === active}
                    className={i === active ? 'autocomplete__item autocomplete__item--active' : 'autocomplete__item'}
                    onMouseDown={(e) => {
                        e.preventDefault();
                        pick(s);
                    }}
                    onMouseEnter={() => setIndex(i)}
                >
                    <span className='autocomplete__icon' aria-hidden='true'>
                        {s.icon === 'user' ? (
                            <Avatar user={users[s.userId ?? '']} size='sm' />
                        ) : s.icon === 'emoji' ? (
                            <span className='md-emoji'>{s.char || <EmojiGlyph name={s.key} />}</span>
                        ) : (
                            s.icon === 'command' ? (
                            <span className='autocomplete__slash'>/</span>
                        ) : (
                            <Icon name={s.icon === 'channel' ? 'hash' : 'at'} size={16} />
                        )
                        )}
                    </span>
                    <span className='autocomplete__label'>{s.label}</span>
                    {s.detail && <span className='autocomplete__detail'>{s.detail}</span>}
                </li>
            ))}
        </ul>
    ) : null;

    return {list, onKeyDown, inputProps};
}
