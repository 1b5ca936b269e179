// Integrations: interactive message actions, interactive dialogs, and the CRUD of incoming and
// outgoing webhooks, slash commands and bots (Mattermost's v4 API).

import type {Bot} from '@mattermost/types/bots';
import type {Command, DialogSubmission, IncomingWebhook, OutgoingWebhook, SubmitDialogResponse} from '@mattermost/types/integrations';

import {authenticated, sharedClient} from './client';

export type {Bot, Command, DialogSubmission, IncomingWebhook, OutgoingWebhook, SubmitDialogResponse};

export interface PostActionAnswer {
    status?: string;
    goto_location?: string;
}

export const doPostAction = (postId: string, actionId: string, selectedOption = ''): Promise<PostActionAnswer> =>
    authenticated(async () => (await sharedClient().doPostActionWithCookie(postId, actionId, '', selectedOption)) as unknown as PostActionAnswer);

export const submitDialog = (submission: DialogSubmission): Promise<SubmitDialogResponse> =>
    authenticated(async () => ((await sharedClient().submitInteractiveDialog(submission)) ?? {}) as SubmitDialogResponse);
