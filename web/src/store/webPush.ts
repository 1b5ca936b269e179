// Web Push: this browser subscribes with the server's VAPID key (`WebPushPublicKey` in the client
// config) through the service worker, and the server sends notifications to it while no Outpost
// tab is open. The service worker (public/sw.js) shows them and opens the post on a click.

import {ApiError, api} from '../api/client';
import type {WebPushSubscriptionJson} from '../api/client';

/** Why Web Push cannot be offered here. */
export type PushUnavailable = 'no-key' | 'unsupported' | 'insecure' | 'no-worker' | 'denied';

export type PushState = {kind: 'unavailable'; reason: PushUnavailable} | {kind: 'ready'; subscribed: boolean};

/** Decodes base64url (with or without padding) into bytes; throws on anything else. */
export function decodeBase64Url(value: string): Uint8Array {
    const s = value.trim().replace(/=+$/, '');
    if (!/^[A-Za-z0-9_-]*$/.test(s) || s.length % 4 === 1) {
        throw new Error('not base64url');
    }
    const b64 = s.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (s.length % 4)) % 4);
    const bin = atob(b64);
    const out = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) {
        out[i] = bin.charCodeAt(i);
    }
    return out;
}

/** The VAPID public key as `applicationServerKey`: an uncompressed P-256 point (65 bytes, 0x04 first). */
export function applicationServerKey(value: string): Uint8Array {
    const key = decodeBase64Url(value);
    if (key.length !== 65 || key[0] !== 4) {
        throw new Error('not an uncompressed P-256 public key');
    }
    return key;
}

/** What the browser and the server allow, before asking anything. Pure, for testing. */
export function pushAvailability(
    key: string | undefined,
    env: {secure: boolean; serviceWorker: boolean; pushManager: boolean; notification: boolean; permission: string},
): PushUnavailable | null {
    if (!key) {
        return 'no-key';
    }
    if (!env.secure) {
        return 'insecure';
    }
    if (!env.serviceWorker || !env.pushManager || !env.notification) {
        return 'unsupported';
    }
    if (env.permission === 'denied') {
        return 'denied';
    }
    return null;
}

/** The body the server takes: `PushSubscription.toJSON()` with both keys. */
export function subscriptionBody(json: PushSubscriptionJSON): WebPushSubscriptionJson {
    const {endpoint, keys} = json;
    if (!endpoint || !keys?.p256dh || !keys.auth) {
        throw new Error('the browser gave a subscription without keys');
    }
    return {endpoint, keys: {p256dh: keys.p256dh, auth: keys.auth}};
}

function sameBytes(a: ArrayBuffer | null | undefined, b: Uint8Array): boolean {
    if (!a) {
        return false;
    }
    const x = new Uint8Array(a);
    return x.length === b.length && x.every((v, i) => v === b[i]);
}

function browserEnv() {
    return {
        secure: window.isSecureContext,
        serviceWorker: 'serviceWorker' in navigator,
        pushManager: 'PushManager' in window,
        notification: 'Notification' in window,
        permission: 'Notification' in window ? Notification.permission : 'unsupported',
    };
}

/** The registration of our service worker, once active; null when it is not installed. */
async function registration(): Promise<ServiceWorkerRegistration | null> {
    const reg = await navigator.serviceWorker.getRegistration();
    if (!reg) {
        return null;
    }
    return reg.active ? reg : navigator.serviceWorker.ready;
}

async function currentSubscription(): Promise<PushSubscription | null> {
    if (!('serviceWorker' in navigator) || !('PushManager' in window)) {
        return null;
    }
    const reg = await navigator.serviceWorker.getRegistration();
    return reg ? reg.pushManager.getSubscription() : null;
}

/** Whether Web Push can be offered, and whether this browser is subscribed. */
export async function webPushState(key: string | undefined): Promise<PushState> {
    const reason = pushAvailability(key, browserEnv());
    if (reason) {
        return {kind: 'unavailable', reason};
    }
    if (!(await navigator.serviceWorker.getRegistration())) {
        return {kind: 'unavailable', reason: 'no-worker'};
    }
    return {kind: 'ready', subscribed: (await currentSubscription()) !== null};
}

/** A failure to show as it is: `reason` when the browser or server cannot do it at all. */
export class PushError extends Error {
    readonly reason: PushUnavailable | null;

    constructor(message: string, reason: PushUnavailable | null = null) {
        super(message);
        this.reason = reason;
    }
}

/** Asks for permission, subscribes with the server's key and registers the subscription there. */
export async function enableWebPush(key: string): Promise<void> {
    let serverKey: Uint8Array;
    try {
        serverKey = applicationServerKey(key);
    } catch {
        throw new PushError('bad-key', 'no-key');
    }
    const permission = await Notification.requestPermission();
    if (permission !== 'granted') {
        throw new PushError('denied', 'denied');
    }
    const reg = await registration();
    if (!reg) {
        throw new PushError('no-worker', 'no-worker');
    }
    let sub = await reg.pushManager.getSubscription();
    // Made with another key (the server's changed): the push service would refuse our sends.
    if (sub && !sameBytes(sub.options?.applicationServerKey, serverKey)) {
        await sub.unsubscribe().catch(() => false);
        sub = null;
    }
    sub ??= await reg.pushManager.subscribe({userVisibleOnly: true, applicationServerKey: serverKey as BufferSource});
    await api.subscribeWebPush(subscriptionBody(sub.toJSON()));
}

/** Removes the subscription from the server (when `server`) and from the browser. A subscription
 * the server no longer knows is fine; any other server failure is reported after the browser
 * has dropped it (the push service then refuses the server's sends and it forgets it too). */
export async function disableWebPush(server = true): Promise<void> {
    const sub = await currentSubscription();
    if (!sub) {
        return;
    }
    let failure: unknown = null;
    if (server) {
        try {
            await api.unsubscribeWebPush(sub.endpoint);
        } catch (err) {
            if (!(err instanceof ApiError && err.status === 404)) {
                failure = err;
            }
        }
    }
    await sub.unsubscribe();
    if (failure) {
        throw failure;
    }
}

/** At sign-out: no more notifications for this account here; never holds the sign-out for long. */
export async function dropWebPushAtSignOut(server: boolean): Promise<void> {
    const timeout = new Promise<void>((resolve) => setTimeout(resolve, 3000));
    await Promise.race([disableWebPush(server).catch(() => undefined), timeout]);
}
