// Custom emoji: list, create (name + image), delete, and the URL of each image.

import type {CustomEmoji} from '@mattermost/types/emojis';

import {authenticated, sharedClient} from './client';

export type {CustomEmoji};

export const getCustomEmojis = (page: number, perPage: number): Promise<CustomEmoji[]> => authenticated(() => sharedClient().getCustomEmojis(page, perPage, 'name'));
export const createCustomEmoji = (name: string, creatorId: string, image: File): Promise<CustomEmoji> =>
    authenticated(() => sharedClient().createCustomEmoji({name, creator_id: creatorId}, image));
export const deleteCustomEmoji = (id: string) => authenticated(() => sharedClient().deleteCustomEmoji(id));
export const customEmojiImageUrl = (id: string): string => sharedClient().getCustomEmojiImageUrl(id);
