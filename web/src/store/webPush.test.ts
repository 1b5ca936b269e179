import {describe, expect, it} from 'vitest';

import {applicationServerKey, decodeBase64Url, pushAvailability, subscriptionBody} from './webPush';

// A real VAPID public key (an uncompressed P-256 point), as the server's config carries it.
const VAPID = 'BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4';

describe('decodeBase64Url', () => {
    it('decodes with and without padding, and the url-safe alphabet', () => {
        expect([...decodeBase64Url('AQID')]).toEqual([1, 2, 3]);
        expect([...decodeBase64Url('AQ')]).toEqual([1]);
        expect([...decodeBase64Url('AQ==')]).toEqual([1]);
        expect([...decodeBase64Url('-_8')]).toEqual([0xfb, 0xff]);
        expect(decodeBase64Url('').length).toBe(0);
    });

    it('refuses standard base64 characters and impossible lengths', () => {
        expect(() => decodeBase64Url('a+b/')).toThrow();
        expect(() => decodeBase64Url('AQIDB')).toThrow();
        expect(() => decodeBase64Url('no spaces')).toThrow();
    });
});

describe('applicationServerKey', () => {
    it('accepts a 65-byte uncompressed point', () => {
        const key = applicationServerKey(VAPID);
        expect(key.length).toBe(65);
        expect(key[0]).toBe(4);
        expect(key[1]).toBe(0x25);
    });

    it('refuses anything else', () => {
        expect(() => applicationServerKey('AQID')).toThrow();
        // A compressed point (33 bytes) is not what PushManager takes.
        expect(() => applicationServerKey(VAPID.slice(0, 44))).toThrow();
    });
});

describe('pushAvailability', () => {
    const env = {secure: true, serviceWorker: true, pushManager: true, notification: true, permission: 'default'};
    it('says why Web Push cannot be offered, server first', () => {
        expect(pushAvailability(undefined, env)).toBe('no-key');
        expect(pushAvailability('', {...env, pushManager: false})).toBe('no-key');
        expect(pushAvailability(VAPID, {...env, secure: false})).toBe('insecure');
        expect(pushAvailability(VAPID, {...env, pushManager: false})).toBe('unsupported');
        expect(pushAvailability(VAPID, {...env, serviceWorker: false})).toBe('unsupported');
        expect(pushAvailability(VAPID, {...env, permission: 'denied'})).toBe('denied');
        expect(pushAvailability(VAPID, env)).toBeNull();
        expect(pushAvailability(VAPID, {...env, permission: 'granted'})).toBeNull();
    });
});

describe('subscriptionBody', () => {
    it('keeps the endpoint and both keys, nothing else', () => {
        const json = {endpoint: 'https://push.example/x', expirationTime: null, keys: {p256dh: 'BAAA', auth: 'q83v'}};
        expect(subscriptionBody(json)).toEqual({endpoint: 'https://push.example/x', keys: {p256dh: 'BAAA', auth: 'q83v'}});
    });

    it('refuses a subscription without keys', () => {
        expect(() => subscriptionBody({endpoint: 'https://push.example/x'})).toThrow();
        expect(() => subscriptionBody({keys: {p256dh: 'a', auth: 'b'}})).toThrow();
    });
});
