// What the pick-lists of the dialogs share: a list loaded once (with a retry), the server's search
// for what is typed, and the two merged.

import {useEffect, useState} from 'react';

import type {ApiError} from '../api/client';

export function useLoad<T>(load: () => Promise<T>): [T | null, ApiError | null, () => void] {
    const [data, setData] = useState<T | null>(null);
    const [error, setError] = useState<ApiError | null>(null);
    const [attempt, setAttempt] = useState(0);
    useEffect(() => {
        setError(null);
        load().then(setData, setError);
        // eslint-disable-next-line react-hooks/exhaustive-deps
    }, [attempt]);
    return [data, error, () => setAttempt(attempt + 1)];
}

const SEARCH_DELAY_MS = 250;

/** What the server's search finds for `query` (after a short pause in the typing): the dialogs
 * load the first page, which is all of a small server; past it, a name typed is found anyway. */
export function useServerSearch<T>(query: string, search: (term: string) => Promise<T[]>): T[] {
    const [found, setFound] = useState<T[]>([]);
    useEffect(() => {
        const term = query.trim();
        if (!term) {
            setFound([]);
            return undefined;
        }
        let live = true;
        const timer = window.setTimeout(() => {
            search(term).then(
                (r) => live && setFound(r),
                () => undefined,
            );
        }, SEARCH_DELAY_MS);
        return () => {
            live = false;
            window.clearTimeout(timer);
        };
        // eslint-disable-next-line react-hooks/exhaustive-deps
    }, [query]);
    return found;
}

/** `first`, then what `more` adds (by id). */
export function mergeById<T extends {id: string}>(first: T[], more: T[]): T[] {
    if (!more.length) {
        return first;
    }
    const seen = new Set(first.map((x) => x.id));
    return [...first, ...more.filter((x) => !seen.has(x.id))];
}
