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

// ---------------------------------------------------------------------------------------------
// the Integrations page: webhooks, slash commands and bots of a team

const PER_PAGE = 200;
const list = <T>(v: T[] | {incoming_webhooks?: T[]} | null | undefined): T[] => (Array.isArray(v) ? v : (v?.incoming_webhooks ?? []));

export const integrationsApi = {
    incomingHooks: (teamId: string) => authenticated(async () => list<IncomingWebhook>(await sharedClient().getIncomingWebhooks(teamId, 0, PER_PAGE))),
    createIncomingHook: (hook: {channel_id: string; display_name: string; description: string; username?: string; icon_url?: string}) =>
        authenticated(() => sharedClient().createIncomingWebhook(hook)),
    deleteIncomingHook: (id: string) => authenticated(() => sharedClient().removeIncomingWebhook(id)),

    outgoingHooks: (teamId: string) => authenticated(async () => (await sharedClient().getOutgoingWebhooks('', teamId, 0, PER_PAGE)) ?? []),
    createOutgoingHook: (hook: Partial<OutgoingWebhook>) => authenticated(() => sharedClient().createOutgoingWebhook(hook as OutgoingWebhook)),
    deleteOutgoingHook: (id: string) => authenticated(() => sharedClient().removeOutgoingWebhook(id)),

    commands: (teamId: string) => authenticated(async () => (await sharedClient().getCustomTeamCommands(teamId)) ?? []),
    createCommand: (command: Partial<Command>) => authenticated(() => sharedClient().addCommand(command as Command)),
    deleteCommand: (id: string) => authenticated(() => sharedClient().deleteCommand(id)),

    bots: () => authenticated(async () => (await sharedClient().getBots(0, PER_PAGE)) ?? []),
    createBot: (bot: {username: string; display_name: string; description: string}) => authenticated(() => sharedClient().createBot(bot)),
    disableBot: (userId: string) => authenticated(() => sharedClient().disableBot(userId)),
};
