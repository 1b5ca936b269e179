// Slash commands: running one from the composer and the `/` suggestions (Mattermost's
// /commands/execute and /commands/autocomplete_suggestions).

import type {AutocompleteSuggestion, CommandResponse} from '@mattermost/types/integrations';

import {authenticated, sharedClient} from './client';

export type {AutocompleteSuggestion, CommandResponse};

export interface CommandContext {
    channelId: string;
    teamId: string;
    rootId: string;
}

const args = (c: CommandContext) => ({channel_id: c.channelId, team_id: c.teamId, root_id: c.rootId});

export const executeCommand = (command: string, context: CommandContext): Promise<CommandResponse> =>
    authenticated(() => sharedClient().executeCommand(command, args(context)));

export const commandSuggestions = (userInput: string, context: CommandContext): Promise<AutocompleteSuggestion[]> =>
    authenticated(async () => (await sharedClient().getCommandAutocompleteSuggestionsList(userInput, context.teamId, args(context))) ?? []);
