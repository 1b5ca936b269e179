// Outpost's service worker: keeps the app shell (index.html, its scripts and styles, icons) so
// the client opens without a network and can say it is offline. The API and the WebSocket are
// never cached: messages always come from the server. It also shows Web Push notifications
// (sent by the server while no tab is open) and opens the post when one is clicked.
//
// Navigations: network first, the cached shell when offline. Hashed assets (/assets/…): cache
// first (their names change with their content). Other static files: network first.

const SHELL_CACHE = 'outpost-shell-v1';
const SHELL = ['/', '/manifest.webmanifest', '/favicon.svg', '/icon-192.png', '/icon-512.png'];

async function precache() {
    const cache = await caches.open(SHELL_CACHE);
    await cache.addAll(SHELL);
    // The scripts and styles the current index.html names.
    const html = await (await cache.match('/')).text();
    const assets = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((m) => m[1]);
    await cache.addAll(assets);
}

self.addEventListener('install', (event) => {
    event.waitUntil(precache().then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
    event.waitUntil(
        caches
            .keys()
            .then((keys) => Promise.all(keys.filter((k) => k !== SHELL_CACHE).map((k) => caches.delete(k))))
            .then(() => self.clients.claim()),
    );
});

async function networkFirst(request, fallbackKey) {
    const cache = await caches.open(SHELL_CACHE);
    try {
        const response = await fetch(request);
        if (response.ok) {
            await cache.put(fallbackKey ?? request, response.clone());
        }
        return response;
    } catch (err) {
        const cached = await cache.match(fallbackKey ?? request);
        if (cached) {
            return cached;
        }
        throw err;
    }
}

async function cacheFirst(request) {
    const cache = await caches.open(SHELL_CACHE);
    const cached = await cache.match(request);
    if (cached) {
        return cached;
    }
    const response = await fetch(request);
    if (response.ok) {
        await cache.put(request, response.clone());
    }
    return response;
}

self.addEventListener('fetch', (event) => {
    const {request} = event;
    const url = new URL(request.url);
    if (request.method !== 'GET' || url.origin !== self.location.origin || url.pathname.startsWith('/api/')) {
        return;
    }
    if (request.mode === 'navigate') {
        // Every client-side route is the same shell.
        event.respondWith(networkFirst(request, '/'));
    } else if (url.pathname.startsWith('/assets/')) {
        event.respondWith(cacheFirst(request));
    } else if (SHELL.includes(url.pathname)) {
        event.respondWith(networkFirst(request));
    }
});

// ---------------------------------------------------------------------------------------------
// Web Push. The server's payload (decrypted by the browser) is JSON:
//   {title, body, channel_id, post_id, root_id, team_id, url}
// where url is `<site url>/_redirect/pl/<post id>`, which the client resolves to the post.

function readPayload(event) {
    if (!event.data) {
        return {};
    }
    try {
        return event.data.json();
    } catch {
        return {body: event.data.text()};
    }
}

/** The path to open: the payload's URL on this origin (the site URL may name another host). */
function targetPath(data) {
    try {
        const url = new URL(data.url, self.location.origin);
        return url.pathname + url.search;
    } catch {
        return '/';
    }
}

self.addEventListener('push', (event) => {
    const data = readPayload(event);
    // Every push must show a notification (userVisibleOnly); an empty one still says something.
    const title = data.title || 'Outpost';
    event.waitUntil(
        self.registration.showNotification(title, {
            body: data.body || '',
            icon: '/icon-192.png',
            badge: '/icon-192.png',
            // One notification per channel: a newer post replaces the older one.
            tag: data.channel_id || data.post_id || 'outpost',
            renotify: Boolean(data.channel_id),
            data: {path: data.url ? targetPath(data) : '/', channel_id: data.channel_id || '', post_id: data.post_id || ''},
        }),
    );
});

self.addEventListener('notificationclick', (event) => {
    event.notification.close();
    const path = (event.notification.data && event.notification.data.path) || '/';
    event.waitUntil(
        (async () => {
            const windows = await self.clients.matchAll({type: 'window', includeUncontrolled: true});
            const open = windows.find((c) => new URL(c.url).origin === self.location.origin);
            if (open) {
                // The open tab shows the post itself (no reload).
                await open.focus();
                open.postMessage({type: 'outpost:open', path});
                return;
            }
            await self.clients.openWindow(path);
        })(),
    );
});
