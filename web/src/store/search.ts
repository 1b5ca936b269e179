// Search in the current team: messages (with the words they matched) and files, shown in the
// right-hand pane. A newer search wins over an older one still on its way.

import type {ApiError, UserProfile} from '../api/client';
import {searchFiles, searchPosts} from '../api/search';
import {loadUsersOf} from './actions';
import {getState, loadable, setState} from './store';
import type {SearchState} from './store';

let generation = 0;

function patchSearch(patch: Partial<SearchState>): void {
    setState((s) => ({search: {...s.search, ...patch}}));
}

/** The words that mention me, as Mattermost's Recent mentions searches them: @username, my
 * other mention words, and my first name when it counts (not @channel, @all or @here). */
export function mentionTerms(me: Pick<UserProfile, 'username' | 'first_name' | 'notify_props'>): string[] {
    const props = (me.notify_props ?? {}) as unknown as Record<string, string | undefined>;
    const keys = [`@${me.username}`, ...(props.mention_keys ?? '').split(',')];
    if (props.first_name === 'true' && me.first_name) {
        keys.push(me.first_name);
    }
    const seen = new Set<string>();
    return keys
        .map((k) => k.trim())
        .filter((k) => k && !['@channel', '@all', '@here'].includes(k.toLowerCase()) && !seen.has(k.toLowerCase()) && seen.add(k.toLowerCase()));
}

/** My recent mentions in the current team, in the search pane. */
export function showMentions(): Promise<void> {
    const me = getState().me;
    // A word with a space in it is one phrase: quoted (one of any words is a match).
    return me ? runSearch(mentionTerms(me).map((k) => (/\s/.test(k) ? `"${k.replace(/"/g, '')}"` : k)).join(' '), true) : Promise.resolve();
}

/** `mentions`: the words are those that mention me, any of them a match; no files. */
export async function runSearch(terms: string, mentions = false): Promise<void> {
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
        search: {
            ...s.search,
            terms: query,
            mentions,
            tab: mentions ? 'messages' : s.search.tab,
            posts: loadable<string[]>([], 'loading'),
            matches: {},
            files: loadable(s.search.files.data.slice(0, 0), mentions ? 'ready' : 'loading'),
        },
    }));
    const posts = searchPosts(teamId, query, mentions).then(
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
    if (mentions) {
        await posts;
        return;
    }
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
