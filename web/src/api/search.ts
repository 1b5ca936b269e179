// Post and file search in a team (Mattermost's query syntax: "phrases", -exclude, from:, in:,
// before:/after:/on:, prefix*).

import type {FileInfo} from '@mattermost/types/files';
import type {PostList} from '@mattermost/types/posts';

import {authenticated, sharedClient} from './client';

export interface PostSearchResult extends PostList {
    /** The words each post matched, to highlight. */
    matches?: Record<string, string[]> | null;
}

const PER_PAGE = 60;

/** The browser's offset from UTC in seconds, as Mattermost expects for before:/after:/on:. */
const timeZoneOffset = () => -new Date().getTimezoneOffset() * 60;

/** `any`: posts with any of the words (Mattermost's is_or_search), not all of them. */
export const searchPosts = (teamId: string, terms: string, any = false): Promise<PostSearchResult> =>
    authenticated(
        async () =>
            (await sharedClient().searchPostsWithParams(teamId, {
                terms,
                is_or_search: any,
                time_zone_offset: timeZoneOffset(),
                page: 0,
                per_page: PER_PAGE,
            })) as unknown as PostSearchResult,
    );

/** Files whose name (or text) matches, newest first. */
export async function searchFiles(teamId: string, terms: string): Promise<FileInfo[]> {
    const found = (await authenticated(() => sharedClient().searchFilesWithParams(teamId, {terms, is_or_search: false, time_zone_offset: timeZoneOffset(), page: 0, per_page: PER_PAGE}))) as unknown as {
        order?: string[];
        file_infos?: Record<string, FileInfo>;
    };
    const infos = found.file_infos ?? {};
    const order = found.order?.length ? found.order : Object.keys(infos);
    return order.map((id) => infos[id]).filter((f): f is FileInfo => Boolean(f));
}
