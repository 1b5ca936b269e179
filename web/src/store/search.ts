// Search in the current team: messages (with the words they matched) and files, shown in the
// right-hand pane. A newer search wins over an older one still on its way.

import type {ApiError} from '../api/client';
import {searchFiles, searchPosts} from '../api/search';
import {loadUsersOf} from './actions';
import {getState, loadable, setState} from './store';
import type {SearchState} from './store';

let generation = 0;

function patchSearch(patch: Partial<SearchState>): void {
    setState((s) => ({search: {...s.search, ...patch}}));
}

export async function runSearch(terms: string): Promise<void> {
    const teamId = getState().currentTeamId;
    const query = terms.trim();
    if (!teamId || !query) {
        return;
    }
    generation += 1;
    const mine = generation;
    setState((s) => ({
        pane: 'search',
        threadRootId: null,
        search: {...s.search, terms: query, posts: loadable<string[]>([], 'loading'), matches: {}, files: loadable(s.search.files.data.slice(0, 0), 'loading')},
    }));
    const posts = searchPosts(teamId, query).then(
        (found) => {
            if (mine !== generation) {
                return;
            }
            const list = Object.values(found.posts ?? {});
            setState((s) => ({postsById: {...s.postsById, ...found.posts}}));
            loadUsersOf(list);
            const order = found.order?.length ? found.order : list.sort((a, b) => b.create_at - a.create_at).map((p) => p.id);
            patchSearch({posts: loadable(order, 'ready'), matches: found.matches ?? {}});
        },
        (err: ApiError) => mine === generation && patchSearch({posts: loadable<string[]>([], 'error', err)}),
    );
    const files = searchFiles(teamId, query).then(
        (infos) => mine === generation && patchSearch({files: loadable(infos, 'ready')}),
        (err: ApiError) => mine === generation && patchSearch({files: loadable(getState().search.files.data.slice(0, 0), 'error', err)}),
    );
    await Promise.all([posts, files]);
}

export function setSearchTab(tab: SearchState['tab']): void {
    patchSearch({tab});
}

/** Opens the pane again with the last results. */
export function showSearch(): void {
    setState({pane: 'search', threadRootId: null});
}
