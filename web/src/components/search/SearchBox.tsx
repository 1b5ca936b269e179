// The search field of the channel header: Enter searches the team and opens the results pane;
// typing from: or in: offers people and channels to complete it, and while it is empty the search
// options are shown below it.

import {useCallback, useEffect, useLayoutEffect, useRef, useState} from 'react';

import {runSearch} from '../../store/search';
import {useStore} from '../../store/store';
import {t} from '../../strings';
import {useAutocomplete} from '../Autocomplete';
import {Icon} from '../Icon';

/** What the options below an empty field put in it (the caret inside the quotes of a phrase). */
const SEARCH_OPTIONS: {insert: string; label: string; detail: string; caret?: number}[] = [
    {insert: 'from:', label: 'from:', detail: t.searchOptionFrom},
    {insert: 'in:', label: 'in:', detail: t.searchOptionIn},
    {insert: 'on:', label: 'on:', detail: t.searchOptionOn},
    {insert: 'before:', label: 'before:', detail: t.searchOptionBefore},
    {insert: 'after:', label: 'after:', detail: t.searchOptionAfter},
    {insert: '-', label: '-', detail: t.searchOptionExclude},
    {insert: '""', label: '""', detail: t.searchOptionPhrase, caret: 1},
];

export function SearchBox() {
    // (Not the words of my recent mentions: I did not type them.)
    const last = useStore((s) => (s.search.mentions ? '' : s.search.terms));
    const channelId = useStore((s) => s.currentChannelId ?? '');
    const [terms, setTerms] = useState(last);
    const [caret, setCaret] = useState(last.length);
    const input = useRef<HTMLInputElement>(null);
    // A search started elsewhere (/search in the composer) shows its words here too.
    useEffect(() => {
        setTerms(last);
        setCaret(last.length);
    }, [last]);
    // After a suggestion is picked: the caret goes after it.
    const pendingCaret = useRef<number | null>(null);
    const setText = useCallback((next: string, nextCaret: number) => {
        setTerms(next);
        setCaret(nextCaret);
        pendingCaret.current = nextCaret;
    }, []);
    useLayoutEffect(() => {
        const at = pendingCaret.current;
        if (input.current && at !== null) {
            pendingCaret.current = null;
            input.current.setSelectionRange(at, at);
        }
    });
    const auto = useAutocomplete(terms, caret, channelId, setText, 'search');
    // The focus is in the box (the field or the options below it).
    const [inside, setInside] = useState(false);
    const showOptions = inside && !terms && !auto.list;
    return (
        <form
            className='search-box'
            role='search'
            onFocus={() => setInside(true)}
            onBlur={(e) => !e.currentTarget.contains(e.relatedTarget as Node | null) && setInside(false)}
            onSubmit={(e) => {
                e.preventDefault();
                if (terms.trim()) {
                    void runSearch(terms);
                }
            }}
        >
            <Icon name='search' size={14} />
            <input
                ref={input}
                type='search'
                className='search-box__input'
                role='combobox'
                aria-expanded={Boolean(auto.list)}
                aria-label={t.searchLabel}
                placeholder={t.searchPlaceholder}
                title={t.searchHint}
                value={terms}
                {...auto.inputProps}
                onChange={(e) => {
                    setTerms(e.target.value);
                    setCaret(e.target.selectionStart ?? e.target.value.length);
                }}
                onSelect={(e) => setCaret(e.currentTarget.selectionStart ?? 0)}
                onKeyDown={(e) => {
                    if (auto.onKeyDown(e)) {
                        return;
                    }
                    if (e.key === 'Escape') {
                        e.currentTarget.blur();
                    }
                }}
            />
            {auto.list}
            {showOptions && (
                <div className='autocomplete search-options' role='group' aria-label={t.searchOptions}>
                    <div className='search-options__title'>{t.searchOptions}</div>
                    {SEARCH_OPTIONS.map((o) => (
                        <button
                            key={o.insert}
                            type='button'
                            className='autocomplete__item'
                            // Not onClick: the field would lose the focus (and the options) first.
                            onMouseDown={(e) => e.preventDefault()}
                            onClick={() => {
                                setText(o.insert, o.caret ?? o.insert.length);
                                input.current?.focus();
                            }}
                        >
                            <span className='autocomplete__label'>{o.label}</span>
                            <span className='autocomplete__detail'>{o.detail}</span>
                        </button>
                    ))}
                </div>
            )}
        </form>
    );
}
