// Unsent text per channel and per thread. localStorage (per user) is the immediate store, so a
// draft survives switching channels and reloading. When the server allows synced drafts
// (`AllowSyncedDrafts`) and the user has not turned them off (preference
// `advanced_settings`/`sync_drafts`), every change is also saved to the server (debounced), the
// server's drafts are merged in at sign-in and team switch, and the `draft_*` events of the
// user's other sessions are applied. Between two versions of a draft the later one wins.

const PREFIX = 'outpost.drafts.';
const SAVE_DELAY_MS = 300;
const SERVER_DELAY_MS = 800;

/** A draft as the server sends it (Mattermost's `Draft`). */
export interface ServerDraft {
    user_id?: string;
    channel_id: string;
    root_id?: string;
    message: string;
    update_at: number;
}

/** Where synced drafts go: the API, or a fake in tests. */
export interface DraftBackend {
    save(channelId: string, rootId: string, message: string): Promise<unknown>;
    remove(channelId: string, rootId: string): Promise<unknown>;
    list(teamId: string): Promise<ServerDraft[]>;
}

/** A draft's text and when it was last changed (epoch ms; 0 for drafts of older versions). */
interface Entry {
    m: string;
    t: number;
}

let userId = '';
let drafts: Record<string, Entry> = {};
let timer: ReturnType<typeof setTimeout> | null = null;

let backend: DraftBackend | null = null;
let serverAllows = false;
let userWants = true;
/** Changes not yet on the server, by key: the text to save ('' deletes). */
let outbox = new Map<string, string>();
let serverTimer: ReturnType<typeof setTimeout> | null = null;

export function draftKey(channelId: string, rootId = ''): string {
    return rootId ? `${channelId}:${rootId}` : channelId;
}

function splitKey(key: string): [string, string] {
    const at = key.indexOf(':');
    return at < 0 ? [key, ''] : [key.slice(0, at), key.slice(at + 1)];
}

function readEntry(v: unknown): Entry | null {
    if (typeof v === 'string') {
        return {m: v, t: 0};
    }
    if (v && typeof v === 'object' && typeof (v as Entry).m === 'string') {
        const t = Number((v as Entry).t);
        return {m: (v as Entry).m, t: Number.isFinite(t) ? t : 0};
    }
    return null;
}

/** Loads the signed-in user's drafts (called at sign-in). */
export function loadDrafts(forUser: string): void {
    userId = forUser;
    drafts = {};
    outbox = new Map();
    try {
        const raw = JSON.parse(localStorage.getItem(PREFIX + forUser) ?? '{}') as unknown;
        if (raw && typeof raw === 'object') {
            for (const [key, v] of Object.entries(raw as Record<string, unknown>)) {
                const entry = readEntry(v);
                if (entry) {
                    drafts[key] = entry;
                }
            }
        }
    } catch {
        drafts = {};
    }
}

export function getDraft(key: string): string {
    return drafts[key]?.m ?? '';
}

export function hasDraft(channelId: string): boolean {
    return Boolean(drafts[channelId]?.m.trim());
}

/** Stores (or, when blank, removes) a draft here, and queues it for the server. */
export function setDraft(key: string, text: string): void {
    if (!store(key, text, Date.now())) {
        return;
    }
    queueForServer(key, text.trim() ? text : '');
}

/** Changes the local copy; false when there was nothing to change. */
function store(key: string, text: string, at: number): boolean {
    if (text.trim()) {
        if (drafts[key]?.m === text) {
            return false;
        }
        drafts = {...drafts, [key]: {m: text, t: at}};
    } else if (key in drafts) {
        const {[key]: _gone, ...rest} = drafts;
        drafts = rest;
    } else {
        return false;
    }
    if (timer) {
        clearTimeout(timer);
    }
    timer = setTimeout(flushDrafts, SAVE_DELAY_MS);
    return true;
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

// ---------------------------------------------------------------------------------------------
// server sync

function syncing(): boolean {
    return backend !== null && serverAllows && userWants && userId !== '';
}

/** Turns server sync on (a backend and a server that allows it) or off (`null`). */
export function configureDraftSync(next: DraftBackend | null, allowedByServer: boolean): void {
    backend = next;
    serverAllows = allowedByServer;
    userWants = true;
    outbox = new Map();
    if (serverTimer) {
        clearTimeout(serverTimer);
        serverTimer = null;
    }
}

/** Applies the user's `advanced_settings`/`sync_drafts` preference (`present`: saved, not deleted). */
export function applyDraftPreferences(prefs: {category: string; name: string; value?: string}[], present: boolean): void {
    const pref = prefs.find((p) => p.category === 'advanced_settings' && p.name === 'sync_drafts');
    if (pref) {
        userWants = !present || pref.value !== 'false';
    }
}

function queueForServer(key: string, text: string): void {
    if (!syncing()) {
        return;
    }
    outbox.set(key, text);
    if (serverTimer) {
        clearTimeout(serverTimer);
    }
    serverTimer = setTimeout(() => void flushServerDrafts(), SERVER_DELAY_MS);
}

/** Sends the queued changes now. A change that fails stays queued for the next flush. */
export async function flushServerDrafts(): Promise<void> {
    if (serverTimer) {
        clearTimeout(serverTimer);
        serverTimer = null;
    }
    const to = backend;
    if (!to || !syncing() || outbox.size === 0) {
        return;
    }
    const batch = outbox;
    const owner = userId;
    outbox = new Map();
    await Promise.all([...batch].map(async ([key, text]) => {
        const [channelId, rootId] = splitKey(key);
        try {
            await (text ? to.save(channelId, rootId, text) : to.remove(channelId, rootId));
        } catch {
            // Offline or refused: try again with the next change, unless a newer one is queued.
            if (userId === owner && !outbox.has(key)) {
                outbox.set(key, text);
            }
        }
    }));
}

/** Merges the server's drafts of a team (and of direct and group messages): the later wins. */
export async function loadServerDrafts(teamId: string): Promise<void> {
    const from = backend;
    if (!from || !syncing()) {
        return;
    }
    const owner = userId;
    let list: ServerDraft[];
    try {
        list = await from.list(teamId);
    } catch {
        return;
    }
    if (userId !== owner) {
        return;
    }
    for (const d of list) {
        takeServerVersion(d);
    }
}

function takeServerVersion(d: ServerDraft): void {
    if ((d.user_id && d.user_id !== userId) || typeof d.message !== 'string' || !d.channel_id) {
        return;
    }
    const key = draftKey(d.channel_id, d.root_id ?? '');
    const local = drafts[key];
    if (outbox.has(key) || (local && local.t > d.update_at)) {
        return;
    }
    store(key, d.message, d.update_at);
}

/** Applies a `draft_created`, `draft_updated` or `draft_deleted` event of another session. */
export function applyDraftEvent(event: string, data: Record<string, unknown>): void {
    if (!syncing()) {
        return;
    }
    let d: ServerDraft | null = null;
    try {
        d = (typeof data.draft === 'string' ? JSON.parse(data.draft) : data.draft) as ServerDraft | null;
    } catch {
        return;
    }
    if (!d || typeof d !== 'object' || !d.channel_id) {
        return;
    }
    if (event === 'draft_deleted') {
        if (d.user_id && d.user_id !== userId) {
            return;
        }
        const key = draftKey(d.channel_id, d.root_id ?? '');
        const local = drafts[key];
        // A change typed here after the deleted version was saved is kept.
        if (!outbox.has(key) && (!local || local.t <= Number(d.update_at ?? 0))) {
            store(key, '', Date.now());
        }
    } else if (event === 'draft_created' || event === 'draft_updated') {
        takeServerVersion(d);
    }
}

if (typeof window !== 'undefined') {
    window.addEventListener('pagehide', () => {
        flushDrafts();
        void flushServerDrafts();
    });
}
