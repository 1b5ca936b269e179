// My custom sidebar categories: create one, rename or delete it, move a channel into one, and
// remember which are collapsed. The server keeps them (the sidebar categories API, as Mattermost's
// apps use it); its sidebar_category_* events bring my other tabs in step.

import {api} from '../api/client';
import type {ChannelCategory} from '../api/client';
import {closeModal, loadTeamChannels} from './actions';
import {getState} from './store';

/** Me, the team and the server's categories, when the sidebar comes from the server. */
function context(): {userId: string; teamId: string; raw: ChannelCategory[]} | null {
    const {me, currentTeamId, sidebars} = getState();
    const sidebar = currentTeamId ? sidebars[currentTeamId]?.data : null;
    if (!me || !currentTeamId || !sidebar || sidebar.source !== 'server') {
        return null;
    }
    return {userId: me.id, teamId: currentTeamId, raw: sidebar.raw};
}

/** Me, the team and one of the server's categories, or null (a sidebar not from the server, or
 * a category gone meanwhile). */
function categoryContext(categoryId: string): {userId: string; teamId: string; category: ChannelCategory} | null {
    const ctx = context();
    const category = ctx?.raw.find((c) => c.id === categoryId);
    return ctx && category ? {userId: ctx.userId, teamId: ctx.teamId, category} : null;
}

/** A new custom category, with `channelId` moved into it when given. */
export async function createCategory(name: string, channelId?: string): Promise<void> {
    const ctx = context();
    if (!ctx) {
        return;
    }
    const created = await api.createCategory(ctx.userId, ctx.teamId, {
        id: '',
        user_id: ctx.userId,
        team_id: ctx.teamId,
        type: 'custom',
        display_name: name,
        sorting: 'alpha',
        muted: false,
        collapsed: false,
        channel_ids: [],
    } as unknown as ChannelCategory);
    if (channelId) {
        await moveToCategory(channelId, created.id, [...ctx.raw, created]);
    }
    closeModal();
    await loadTeamChannels(ctx.teamId);
}

export async function renameCategory(categoryId: string, name: string): Promise<void> {
    const ctx = categoryContext(categoryId);
    if (!ctx) {
        return;
    }
    await api.updateCategory(ctx.userId, ctx.teamId, {...ctx.category, display_name: name});
    closeModal();
    await loadTeamChannels(ctx.teamId);
}

/** Deletes a custom category; the server returns its channels to their default categories. */
export async function deleteCategory(categoryId: string): Promise<void> {
    const ctx = context();
    if (!ctx) {
        return;
    }
    await api.deleteCategory(ctx.userId, ctx.teamId, categoryId);
    closeModal();
    await loadTeamChannels(ctx.teamId);
}

/** Moves a channel out of the category it is in and to the top of another, in one request. */
export async function moveToCategory(channelId: string, categoryId: string, raw?: ChannelCategory[]): Promise<void> {
    const ctx = context();
    const all = raw ?? ctx?.raw ?? [];
    const target = all.find((c) => c.id === categoryId);
    if (!ctx || !target || target.channel_ids.includes(channelId)) {
        return;
    }
    const changed = all
        .filter((c) => c.id !== categoryId && c.channel_ids.includes(channelId))
        .map((c) => ({...c, channel_ids: c.channel_ids.filter((id) => id !== channelId)}));
    await api.updateCategories(ctx.userId, ctx.teamId, [...changed, {...target, channel_ids: [channelId, ...target.channel_ids]}]);
    if (!raw) {
        closeModal();
        await loadTeamChannels(ctx.teamId);
    }
}

/** Saves whether a category is collapsed (the sidebar shows the change at once). */
export async function setCategoryCollapsed(categoryId: string, collapsed: boolean): Promise<void> {
    const ctx = categoryContext(categoryId);
    if (!ctx || ctx.category.collapsed === collapsed) {
        return;
    }
    await api.updateCategory(ctx.userId, ctx.teamId, {...ctx.category, collapsed});
}

/** Mutes or unmutes a category. The server mutes or unmutes its channels with it and says so
 * (`channel_member_updated`), which dims their rows here. */
export async function setCategoryMuted(categoryId: string, muted: boolean): Promise<void> {
    const ctx = categoryContext(categoryId);
    if (!ctx || ctx.category.muted === muted) {
        return;
    }
    await api.updateCategory(ctx.userId, ctx.teamId, {...ctx.category, muted});
    await loadTeamChannels(ctx.teamId);
}

/** `order` (the channels on screen) followed by the category's others that the sidebar does not
 * show (closed conversations), so a new order keeps them in the category. */
function keepingUnshown(order: string[], all: string[]): string[] {
    return [...order, ...all.filter((id) => !order.includes(id))];
}

/** Changes how a category orders its channels. Switching to manual keeps the order on screen
 * (`shown`), as Mattermost does, so nothing moves. */
export async function setCategorySorting(categoryId: string, sorting: 'alpha' | 'recent' | 'manual', shown: string[]): Promise<void> {
    const ctx = categoryContext(categoryId);
    if (!ctx || (ctx.category.sorting as string) === sorting) {
        return;
    }
    const {category} = ctx;
    const channelIds = sorting === 'manual' && category.type !== 'direct_messages' ? keepingUnshown(shown, category.channel_ids) : category.channel_ids;
    await api.updateCategory(ctx.userId, ctx.teamId, {...category, sorting: sorting as ChannelCategory['sorting'], channel_ids: channelIds});
    await loadTeamChannels(ctx.teamId);
}

/** The channel being dragged in the sidebar (drag events tell its id only on drop). */
let dragged: string | null = null;

export function startChannelDrag(channelId: string): void {
    dragged = channelId;
}

export function endChannelDrag(): void {
    dragged = null;
}

export function draggedChannel(): string | null {
    return dragged;
}

/** Whether the channel being dragged may be dropped into `category`: Direct messages takes only
 * DMs and group messages, Channels only channels; Favorites and my own categories take both. */
export function canDropInto(category: {type: ChannelCategory['type']; channelIds?: string[]}): boolean {
    const channel = dragged ? getState().channels[dragged] : undefined;
    // Nor is a DM reordered within Direct messages (sorted by name or activity only).
    if (!channel || (category.type === 'direct_messages' && category.channelIds?.includes(channel.id))) {
        return false;
    }
    const direct = channel.type === 'D' || channel.type === 'G';
    return category.type === 'direct_messages' ? direct : category.type === 'channels' ? !direct : true;
}

/** Drops a channel into a category, before `beforeId` (null: at the end) of the channels shown
 * there (`shown`). Within its own category this reorders it, and a category sorted by name or
 * activity becomes sorted by hand, as in Mattermost; into another category it moves there (at
 * that place when that one is sorted by hand). One request for both categories. */
export async function dropChannel(channelId: string, categoryId: string, shown: string[], beforeId: string | null): Promise<void> {
    const ctx = context();
    const target = ctx?.raw.find((c) => c.id === categoryId);
    if (!ctx || !target || beforeId === channelId) {
        return;
    }
    const ordered = shown.filter((id) => id !== channelId);
    const at = beforeId === null ? ordered.length : Math.max(0, ordered.indexOf(beforeId));
    ordered.splice(at, 0, channelId);
    const from = ctx.raw.find((c) => c.channel_ids.includes(channelId));
    let update: ChannelCategory[];
    if (from?.id === target.id) {
        // Direct messages are sorted by name or activity only, as in Mattermost.
        if (target.type === 'direct_messages' || ordered.every((id, i) => id === shown[i])) {
            return;
        }
        update = [{...target, sorting: 'manual' as ChannelCategory['sorting'], channel_ids: keepingUnshown(ordered, target.channel_ids)}];
    } else {
        const placed = (target.sorting as string) === 'manual' ? keepingUnshown(ordered, target.channel_ids) : [channelId, ...target.channel_ids.filter((id) => id !== channelId)];
        update = [...(from ? [{...from, channel_ids: from.channel_ids.filter((id) => id !== channelId)}] : []), {...target, channel_ids: placed}];
    }
    await api.updateCategories(ctx.userId, ctx.teamId, update);
    await loadTeamChannels(ctx.teamId);
}

/** The category's channels as they show while `channelId`, picked up with the keyboard, is
 * carried to place `at` (0-based, clamped) — what the sidebar shows before it is dropped. */
export function carriedOrder(ids: string[], channelId: string, at: number): string[] {
    const rest = ids.filter((id) => id !== channelId);
    if (rest.length === ids.length) {
        return ids;
    }
    rest.splice(Math.max(0, Math.min(at, rest.length)), 0, channelId);
    return rest;
}

/** Whether the sidebar shows a category (an empty Favorites it does not). */
export function categoryShown(c: {type: ChannelCategory['type']; channelIds: string[]}): boolean {
    return !(c.type === 'favorites' && c.channelIds.length === 0);
}

/** Moves a category past the one shown above (-1) or below (+1) it in the sidebar (what
 * Mattermost's apps do by dragging it). */
export async function moveCategory(categoryId: string, by: -1 | 1): Promise<void> {
    const ctx = context();
    const categories = ctx ? (getState().sidebars[ctx.teamId]?.data?.categories ?? []) : [];
    const shown = categories.filter(categoryShown).map((c) => c.id);
    const neighbour = shown[shown.indexOf(categoryId) + by];
    if (!ctx || !shown.includes(categoryId) || !neighbour) {
        return;
    }
    const order = categories.map((c) => c.id).filter((id) => id !== categoryId);
    const at = order.indexOf(neighbour);
    order.splice(by < 0 ? at : at + 1, 0, categoryId);
    await api.updateCategoryOrder(ctx.userId, ctx.teamId, order);
    await loadTeamChannels(ctx.teamId);
}
