// Unsent text per channel and per thread, kept in this browser (localStorage, per user) so it
// survives switching channels and reloading.

const PREFIX = 'outpost.drafts.';
const SAVE_DELAY_MS = 300;

let userId = '';
let drafts: Record<string, string> = {};
let timer: ReturnType<typeof setTimeout> | null = null;

export function draftKey(channelId: string, rootId = ''): string {
    return rootId ? `${channelId}:${rootId}` : channelId;
}

/** Loads the signed-in user's drafts (called at sign-in). */
export function loadDrafts(forUser: string): void {
    userId = forUser;
    try {
        const raw = JSON.parse(localStorage.getItem(PREFIX + forUser) ?? '{}') as unknown;
        drafts = raw && typeof raw === 'object' ? (raw as Record<string, string>) : {};
    } catch {
        drafts = {};
    }
}

export function getDraft(key: string): string {
    return typeof drafts[key] === 'string' ? drafts[key] : '';
}

export function hasDraft(channelId: string): boolean {
    return Boolean(drafts[channelId]?.trim());
}

export function setDraft(key: string, text: string): void {
    if (text.trim()) {
        drafts = {...drafts, [key]: text};
    } else if (key in drafts) {
        const {[key]: _gone, ...rest} = drafts;
        drafts = rest;
    } else {
        return;
    }
    if (timer) {
        clearTimeout(timer);
    }
    timer = setTimeout(flushDrafts, SAVE_DELAY_MS);
}

export function flushDrafts(): void {
    timer = null;
    if (!userId) {
        return;
    }
    try {
        localStorage.setItem(PREFIX + userId, JSON.stringify(drafts));
    } catch {
        // Storage full or unavailable: drafts live as long as the page.
    }
}

if (typeof window !== 'undefined') {
    window.addEventListener('pagehide', flushDrafts);
}
