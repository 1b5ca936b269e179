// The search field of the channel header: Enter searches the team and opens the results pane.

import {useEffect, useState} from 'react';

import {runSearch} from '../../store/search';
import {useStore} from '../../store/store';
import {t} from '../../strings';
import {Icon} from '../Icon';

export function SearchBox() {
    // (Not the words of my recent mentions: I did not type them.)
    const last = useStore((s) => (s.search.mentions ? '' : s.search.terms));
    const [terms, setTerms] = useState(last);
    // A search started elsewhere (/search in the composer) shows its words here too.
    useEffect(() => setTerms(last), [last]);
    return (
        <form
            className='search-box'
            role='search'
            onSubmit={(e) => {
                e.preventDefault();
                if (terms.trim()) {
                    void runSearch(terms);
                }
            }}
        >
            <Icon name='search' size={14} />
            <input
                type='search'
                className='search-box__input'
                aria-label={t.searchLabel}
                placeholder={t.searchPlaceholder}
                title={t.searchHint}
                value={terms}
                onChange={(e) => setTerms(e.target.value)}
                onKeyDown={(e) => {
                    if (e.key === 'Escape') {
                        e.currentTarget.blur();
                    }
                }}
            />
        </form>
    );
}
