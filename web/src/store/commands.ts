// Running a slash command from the composer (on the server, or here for the few the client runs
// itself, like /search), and the ephemeral answers ("Only visible to you")
// that commands and the server send to this user alone.

import type {ApiError, Post} from '../api/client';
import {executeCommand} from '../api/commands';
import {gotoTarget, localCommand} from '../messages/commands';
import {navigate} from './actions';
import {parseRoute} from './routes';
import {runSearch, showSearch} from './search';
import {getState, setState} from './store';

/** Runs the command; resolves to null when it ran, or the error to show next to the composer. */
export async function runCommand(channelId: string, rootId: string, command: string): Promise<ApiError | null> {
    const local = localCommand(command);
    if (local) {
        if (local.terms) {
            void runSearch(local.terms);
        } else {
            showSearch();
        }
        return null;
    }
    const teamId = getState().channels[channelId]?.team_id || getState().currentTeamId || '';
    try {
        const answer = await executeCommand(command, {channelId, teamId, rootId});
        const target = gotoTarget(answer?.goto_location ?? '', window.location.origin);
        if (target && 'internal' in target) {
            navigate(parseRoute(target.internal));
        } else if (target) {
            window.open(target.external, '_blank', 'noopener,noreferrer');
        }
        return null;
    } catch (err) {
        return err as ApiError;
    }
}

/** A post only this user sees (never stored by the server): shown in its channel until reload. */
export function addEphemeral(post: Post): void {
    if (!post?.id || !post.channel_id) {
        return;
    }
    const note = {...post, type: post.type || 'system_ephemeral'} as Post;
    // Shown in the channel (even when it answers in a thread) and in its open thread; it never
    // counts as a reply.
    setState((s) => {
        // Not into a window that does not reach the present (it would show at its end).
        const list = s.windows[note.channel_id]?.hasNewer ? undefined : s.posts[note.channel_id];
        const thread = note.root_id ? s.threads[note.root_id] : undefined;
        return {
            postsById: {...s.postsById, [note.id]: note},
            posts: list && !list.data.includes(note.id) ? {...s.posts, [note.channel_id]: {...list, data: [...list.data, note.id]}} : s.posts,
            threads: thread && note.root_id && !thread.data.includes(note.id) ? {...s.threads, [note.root_id]: {...thread, data: [...thread.data, note.id]}} : s.threads,
        };
    });
}
