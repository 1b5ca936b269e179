import {describe, expect, it, vi} from 'vitest';

const executed: string[] = [];
const searched: string[] = [];
vi.mock('../api/commands', async (importOriginal) => ({
    ...(await importOriginal<typeof import('../api/commands')>()),
    executeCommand: async (command: string) => {
        executed.push(command);
        return {};
    },
}));
vi.mock('../api/search', async (importOriginal) => ({
    ...(await importOriginal<typeof import('../api/search')>()),
    searchPosts: async (_team: string, terms: string) => {
        searched.push(terms);
        return {order: [], posts: {}, matches: {}};
    },
    searchFiles: async () => [],
}));

const {runCommand} = await import('./commands');
const {createStore, getState, initialState} = await import('./store');

describe('/search in the composer', () => {
    it('opens the search results in the right-hand pane instead of posting or asking the server', async () => {
        createStore({...initialState('light', {name: 'root'}), currentTeamId: 't1'});
        expect(await runCommand('c1', '', '/search release notes')).toBeNull();
        await vi.waitFor(() => expect(getState().search.posts.status).toBe('ready'));
        expect(searched).toEqual(['release notes']);
        expect(executed).toEqual([]);
        expect(getState().pane).toBe('search');
        expect(getState().search.terms).toBe('release notes');
        // Other commands still go to the server.
        await runCommand('c1', '', '/echo hi');
        expect(executed).toEqual(['/echo hi']);
    });
});
