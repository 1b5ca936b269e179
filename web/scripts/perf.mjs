// Measures the web client's speed budget (issue: initial JS ≤ 250 KB gzipped; first paint of the
// channel view on a warm server < 1 s; switching to an already-loaded channel < 50 ms; scrolling
// through 10,000 messages without dropped frames) in Debian's chromium against a running server,
// and prints the results as JSON. The scroll goes from the newest post to the first and back down
// (the client drops and reloads pages on the way), and checks that every post was on screen once,
// in order, both ways. Not a test: scripts/web-perf.sh runs it on a fresh server and
// docs/web-performance.md records what it said.
//
//   OUTPOST_URL=http://127.0.0.1:8065 PERF_POSTS=10000 node scripts/perf.mjs

import {execFileSync} from 'node:child_process';
import {readdirSync, readFileSync, writeFileSync} from 'node:fs';
import {gzipSync} from 'node:zlib';
import path from 'node:path';

import {chromium} from 'playwright-core';

import {channelOrder, checkScroll, watchActionBars} from './history-order.mjs';

const BASE = process.env.OUTPOST_URL;
const POSTS = Number(process.env.PERF_POSTS ?? 10_000);
const RUNS = Number(process.env.PERF_RUNS ?? 7);
if (!BASE) {
    console.error('OUTPOST_URL is not set');
    process.exit(2);
}
const log = (...a) => console.error(...a);

async function api(method, route, token, body) {
    const res = await fetch(`${BASE}/api/v4${route}`, {
        method,
        headers: {'content-type': 'application/json', ...(token ? {authorization: `Bearer ${token}`} : {})},
        body: body ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    if (!res.ok) {
        throw new Error(`${method} ${route}: ${res.status} ${text}`);
    }
    return {json: text ? JSON.parse(text) : null, token: res.headers.get('token')};
}

const stats = (xs) => {
    const s = [...xs].sort((a, b) => a - b);
    const q = (p) => s[Math.min(s.length - 1, Math.floor(p * s.length))];
    return {n: s.length, min: +s[0].toFixed(1), median: +q(0.5).toFixed(1), p95: +q(0.95).toFixed(1), max: +s[s.length - 1].toFixed(1)};
};

// ---------------------------------------------------------------------------------------------
// 1. initial JavaScript (what dist/index.html loads), gzipped

const dist = path.resolve(new URL('..', import.meta.url).pathname, 'dist');
const html = readFileSync(path.join(dist, 'index.html'), 'utf8');
const scripts = [...html.matchAll(/<(?:script[^>]*\ssrc|link[^>]*rel="modulepreload"[^>]*\shref)="([^"]+\.js)"/g)].map((m) => m[1]);
const initialJsGzipKB = scripts.reduce((n, ref) => n + gzipSync(readFileSync(path.join(dist, ref.replace(/^\//, ''))), {level: 9}).length, 0) / 1024;

// ---------------------------------------------------------------------------------------------
// setup: the first user, a team, two channels, and a long history

const admin = {username: 'perf', email: 'perf@example.com', password: 'Perf-Horse-42'};
await api('POST', '/users', null, admin).catch(() => undefined);
const {token} = await api('POST', '/users/login', null, {login_id: admin.username, password: admin.password});
const team = (await api('POST', '/teams', token, {name: 'perf', display_name: 'Perf', type: 'O'}).catch(() => api('GET', '/teams/name/perf', token))).json;
const channel = (name, display) => api('POST', '/channels', token, {team_id: team.id, name, display_name: display, type: 'O'}).then((r) => r.json);
// Fresh channel names each run, so the script can run again against the same server.
const run = Date.now().toString(36);
const HISTORY = `History ${run}`;
const QUIET = `Quiet ${run}`;
const history = await channel(`history-${run}`, HISTORY);
const quiet = await channel(`quiet-${run}`, QUIET);
for (let i = 0; i < 30; i++) {
    await api('POST', '/posts', token, {channel_id: quiet.id, message: `Quiet message ${i + 1}`});
}
// Four more channels of 40 posts, for switches to channels no longer kept in the page (see 3b).
const ROOMS = [1, 2, 3, 4].map((k) => `Room ${k} ${run}`);
for (const [k, name] of ROOMS.entries()) {
    const room = await channel(`room-${k + 1}-${run}`, name);
    for (let i = 0; i < 40; i++) {
        const extra = i % 5 === 0 ? '\n\nA second paragraph with **bold**, `code` and a link https://example.com' : '';
        await api('POST', '/posts', token, {channel_id: room.id, message: `Room ${k + 1} message ${i + 1}${extra}`});
    }
}
const seedStart = Date.now();
let next = 0;
await Promise.all(
    Array.from({length: 8}, async () => {
        while (next < POSTS) {
            const i = next++;
            if (i > 0 && i % 10_000 === 0) {
                log(`seeding: ${i} posts in ${((Date.now() - seedStart) / 1000).toFixed(0)} s`);
            }
            const extra = i % 5 === 0 ? '\n\nA second paragraph with **bold**, `code` and a link https://example.com' : i % 11 === 0 ? '\n```js\nconst x = 1;\n```' : '';
            await api('POST', '/posts', token, {channel_id: history.id, message: `History message ${i + 1}${extra}`});
        }
    }),
);
const seedSeconds = (Date.now() - seedStart) / 1000;
log(`seeded ${POSTS} posts in ${seedSeconds.toFixed(1)} s`);

const executablePath = process.env.CHROMIUM_PATH ?? execFileSync('sh', ['-c', 'command -v chromium'], {encoding: 'utf8'}).trim();
// PERF_JS_FLAGS='--trace-gc --trace-gc-reason': V8 flags for the page (what V8 prints shows with
// DEBUG=pw:browser), to see when and why the garbage collector runs.
const jsFlags = process.env.PERF_JS_FLAGS ? [`--js-flags=${process.env.PERF_JS_FLAGS}`] : [];
const browser = await chromium.launch({executablePath, headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', ...jsFlags]});
const context = await browser.newContext({viewport: {width: 1360, height: 820}});
const page = await context.newPage();
// PERF_PROFILE=1: a JavaScript CPU profile (DevTools' sampling profiler) of the switches and of
// the scroll, summarised by self time per function (build with `vite build --minify false` for
// readable names). Profiling slows the page down: its figures are not the budget's.
const PROFILE = Boolean(process.env.PERF_PROFILE);
const cdp = PROFILE ? await context.newCDPSession(page) : null;
// The main thread's own time (script, style, layout, whole tasks) over each scroll, from DevTools'
// performance metrics: the work the page did, less dependent on the machine's load than frame
// intervals are. PERF_CPU_THROTTLE=4 slows the page's main thread down four times (DevTools' CPU
// throttling), as on a slower or busier machine.
const metrics = await context.newCDPSession(page);
await metrics.send('Performance.enable');
const THROTTLE = Number(process.env.PERF_CPU_THROTTLE ?? 1);
if (THROTTLE > 1) {
    await metrics.send('Emulation.setCPUThrottlingRate', {rate: THROTTLE});
}
// The CPU time (user + system, from /proc) of every process this script started, i.e. Chromium's
// browser, GPU/compositor and renderer processes with all their threads (raster workers too):
// everything the browser did for the page, not only its main thread, and CPU time rather than
// wall time, so less dependent on the machine's load. Linux only (null elsewhere).
const CLK_TCK = (() => {
    try {
        return Number(execFileSync('getconf', ['CLK_TCK'], {encoding: 'utf8'}).trim()) || 100;
    } catch {
        return 100;
    }
})();
function browserCpuMs() {
    try {
        const procs = new Map();
        for (const d of readdirSync('/proc')) {
            if (!/^\d+$/.test(d)) {
                continue;
            }
            let stat;
            try {
                stat = readFileSync(`/proc/${d}/stat`, 'utf8');
            } catch {
                continue;
            }
            // After "pid (comm) ": state, ppid, ..., utime and stime are fields 14 and 15.
            const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
            procs.set(Number(d), {ppid: Number(f[1]), ticks: Number(f[11]) + Number(f[12])});
        }
        const mine = (pid) => {
            for (let p = procs.get(pid)?.ppid ?? 0, i = 0; p > 1 && i < 64; p = procs.get(p)?.ppid ?? 0, i++) {
                if (p === process.pid) {
                    return true;
                }
            }
            return false;
        };
        let ticks = 0;
        for (const [pid, p] of procs) {
            if (mine(pid)) {
                ticks += p.ticks;
            }
        }
        return (ticks * 1000) / CLK_TCK;
    } catch {
        return null;
    }
}
async function mainThread(session = metrics) {
    const {metrics: m} = await session.send('Performance.getMetrics');
    return {...Object.fromEntries(m.map((x) => [x.name, x.value])), browserCpuMs: browserCpuMs()};
}
const mainThreadSince = (before, after, frames) => {
    const per = (name) => +((((after[name] ?? 0) - (before[name] ?? 0)) * 1000) / Math.max(1, frames)).toFixed(2);
    const cpu = before.browserCpuMs === null || after.browserCpuMs === null ? null : +((after.browserCpuMs - before.browserCpuMs) / Math.max(1, frames)).toFixed(2);
    return {taskMsPerFrame: per('TaskDuration'), scriptMsPerFrame: per('ScriptDuration'), styleMsPerFrame: per('RecalcStyleDuration'), layoutMsPerFrame: per('LayoutDuration'), browserCpuMsPerFrame: cpu};
};
// PERF_HEAP_PROFILE=1: where the page's JavaScript allocates during the scroll up (DevTools'
// sampling heap profiler, counting objects already collected too), summarised by function: what
// makes the garbage collector run while scrolling (build with `vite build --minify false` for
// readable names).
const HEAP_PROFILE = Boolean(process.env.PERF_HEAP_PROFILE);
async function startHeapProfile() {
    if (HEAP_PROFILE) {
        await metrics.send('HeapProfiler.enable');
        await metrics.send('HeapProfiler.startSampling', {samplingInterval: 1024, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true});
    }
}
async function stopHeapProfile(label) {
    if (!HEAP_PROFILE) {
        return;
    }
    const {profile} = await metrics.send('HeapProfiler.stopSampling');
    const self = new Map();
    const walk = (n) => {
        const f = n.callFrame;
        const name = `${f.functionName || '(anonymous)'} ${f.url.split('/').pop()}:${f.lineNumber + 1}`;
        self.set(name, (self.get(name) ?? 0) + n.selfSize);
        for (const c of n.children) {
            walk(c);
        }
    };
    walk(profile.head);
    const total = [...self.values()].reduce((a, b) => a + b, 0);
    log(`--- allocations: ${label} (${(total / 1e6).toFixed(1)} MB sampled, collected included; self size) ---`);
    [...self.entries()]
        .sort((a, b) => b[1] - a[1])
        .slice(0, 30)
        .forEach(([name, bytes]) => log(`${(bytes / 1e6).toFixed(2).padStart(8)} MB  ${((bytes / total) * 100).toFixed(1).padStart(5)} %  ${name}`));
}
async function startProfile() {
    if (cdp) {
        await cdp.send('Profiler.enable');
        await cdp.send('Profiler.setSamplingInterval', {interval: 200});
        await cdp.send('Profiler.start');
    }
}
async function stopProfile(label) {
    if (!cdp) {
        return;
    }
    const {profile} = await cdp.send('Profiler.stop');
    if (process.env.PERF_PROFILE_DIR) {
        // The whole profile, to open in DevTools (Performance panel) or summarise otherwise.
        writeFileSync(path.join(process.env.PERF_PROFILE_DIR, `${label.replace(/\W+/g, '-')}.cpuprofile`), JSON.stringify(profile));
    }
    const self = new Map();
    const byId = new Map(profile.nodes.map((n) => [n.id, n]));
    const dt = profile.timeDeltas ?? [];
    profile.samples.forEach((id, i) => {
        const n = byId.get(id);
        const f = n.callFrame;
        const name = `${f.functionName || '(anonymous)'} ${f.url.split('/').pop()}:${f.lineNumber + 1}`;
        self.set(name, (self.get(name) ?? 0) + (dt[i] ?? 0) / 1000);
    });
    const total = [...self.values()].reduce((a, b) => a + b, 0);
    log(`--- CPU profile: ${label} (${total.toFixed(0)} ms sampled; self time) ---`);
    [...self.entries()]
        .sort((a, b) => b[1] - a[1])
        .slice(0, 25)
        .forEach(([name, ms]) => log(`${ms.toFixed(1).padStart(8)} ms  ${((ms / total) * 100).toFixed(1).padStart(5)} %  ${name}`));
}
page.on('crash', () => log('page crashed'));
page.on('console', (msg) => msg.text().startsWith('perf: ') && log(`${new Date().toISOString().slice(11, 19)} ${msg.text()}`));
page.on('pageerror', (e) => log('page error', String(e)));
await page.goto(`${BASE}/login`);
await page.getByLabel('Username or email').fill(admin.username);
await page.getByLabel('Password').fill(admin.password);
await page.getByRole('button', {name: 'Sign in'}).click();
await page.waitForURL(/\/perf\/channels\//);

// ---------------------------------------------------------------------------------------------
// 2. first paint of the channel view, warm server and warm browser cache: navigation start to the
// first message on screen (and to the first contentful paint)

const firstPaint = [];
const fcp = [];
for (let i = 0; i < RUNS + 1; i++) {
    await page.goto(`${BASE}/perf/channels/quiet-${run}`);
    await page.getByText('Quiet message 30', {exact: true}).waitFor();
    const t = await page.evaluate(() => {
        const nav = performance.getEntriesByType('navigation')[0];
        const paint = performance.getEntriesByName('first-contentful-paint')[0];
        const seen = performance.getEntriesByName('outpost:first-post')[0];
        return {seen: (seen?.startTime ?? performance.now()) - (nav?.startTime ?? 0), fcp: paint?.startTime ?? 0};
    });
    if (i > 0) {
        // The first load warms the server's and the browser's caches.
        firstPaint.push(t.seen);
        fcp.push(t.fcp);
    }
}

log('first paint measured');

// ---------------------------------------------------------------------------------------------
// 3. switching to an already-loaded channel: click to the DOM showing it, and to the next frame

await page.getByRole('navigation', {name: 'Channels'}).getByRole('link', {name: HISTORY}).click();
await page.getByText(`History message ${POSTS}`, {exact: true}).waitFor();
const switchDom = [];
const switchFrame = [];
await startProfile();
// PERF_TRACE_SWITCH=file.json: a Chrome trace of the channel switches (the categories of
// PERF_TRACE below).
const TRACE_SWITCH = process.env.PERF_TRACE_SWITCH;
const TRACE_CATEGORIES = ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'disabled-by-default-devtools.timeline.frame', 'blink', 'cc', 'gpu', 'toplevel', 'v8.execute', 'blink.user_timing'];
if (TRACE_SWITCH) {
    await browser.startTracing(page, {path: TRACE_SWITCH, categories: TRACE_CATEGORIES});
}
/** Clicks the channel's sidebar link: ms until the DOM shows it (its title and the text), and
 * until the next frame after that. */
const timeSwitch = (target, marker) =>
    page.evaluate(
        async ([name, text]) => {
            const link = [...document.querySelectorAll('nav a')].find((a) => a.textContent.trim() === name);
            const t0 = performance.now();
            link.click();
            const dom = performance.now() - t0;
            const shown = () => document.querySelector('h1')?.textContent.includes(name) && document.querySelector('[data-testid=message-list]')?.textContent.includes(text);
            while (!shown()) {
                if (performance.now() - t0 > 10_000) {
                    const list = document.querySelector('[data-testid=message-list]');
                    throw new Error(`${name} not shown in 10 s: h1 "${document.querySelector('h1')?.textContent}", ${list?.querySelectorAll('article').length} posts, last "${[...(list?.querySelectorAll('article') ?? [])].pop()?.textContent?.slice(0, 80)}"`);
                }
                await new Promise((r) => requestAnimationFrame(r));
            }
            const domShown = performance.now() - t0;
            await new Promise((r) => requestAnimationFrame(() => r()));
            return {dom: Math.max(dom, domShown), frame: performance.now() - t0};
        },
        [target, marker],
    );
for (let i = 0; i < RUNS * 2; i++) {
    const t = i % 2 === 0 ? await timeSwitch(QUIET, 'Quiet message 30') : await timeSwitch(HISTORY, `History message ${POSTS}`);
    switchDom.push(t.dom);
    switchFrame.push(t.frame);
    await page.waitForTimeout(300);
}

// 3b. switching to an already-loaded channel that is no longer kept in the page (the client keeps
// the last four channels' lists; going round six channels, each was left five switches ago): its
// posts are in the store, its list and composer are built again.
const round = [...ROOMS.map((name, k) => [name, `Room ${k + 1} message 40`]), [QUIET, 'Quiet message 30'], [HISTORY, `History message ${POSTS}`]];
for (const [name, marker] of round) {
    await timeSwitch(name, marker);
    await page.waitForTimeout(300);
}
const coldDom = [];
const coldFrame = [];
for (let i = 0; i < RUNS * 2; i++) {
    const [name, marker] = round[i % round.length];
    const t = await timeSwitch(name, marker);
    coldDom.push(t.dom);
    coldFrame.push(t.frame);
    await page.waitForTimeout(300);
}
if (TRACE_SWITCH) {
    await browser.stopTracing();
}
await stopProfile('channel switches');
// PERF_SWITCH_ONLY=1: stop here (first paint and the switches, each switch listed).
if (process.env.PERF_SWITCH_ONLY === '1') {
    await browser.close();
    const each = (xs) => xs.map((x) => +x.toFixed(1));
    console.log(
        JSON.stringify(
            {
                date: new Date().toISOString(),
                posts: POSTS,
                cpuThrottle: THROTTLE,
                firstPaintMs: stats(firstPaint),
                switchChannelDomMs: stats(switchDom),
                switchChannelNextFrameMs: stats(switchFrame),
                switchNotKeptDomMs: stats(coldDom),
                switchNotKeptNextFrameMs: stats(coldFrame),
                switches: {dom: each(switchDom), frame: each(switchFrame), notKeptDom: each(coldDom), notKeptFrame: each(coldFrame)},
            },
            null,
            2,
        ),
    );
    process.exit(0);
}
log('channel switches measured; scrolling up');

// ---------------------------------------------------------------------------------------------
// 4. scrolling the whole history back, like a steady fast scroll (a fixed distance per frame),
// recording every frame interval and long task

await page.getByRole('navigation', {name: 'Channels'}).getByRole('link', {name: HISTORY}).click();
await page.getByText(`History message ${POSTS}`, {exact: true}).waitFor();
// PERF_LATENCY_MS=300: every request of the page's takes that much longer from here on (DevTools'
// network emulation), as from a distant or busy server: a fast scroll then reaches the end of the
// loaded posts before the next page is in, and must still show every post once, in order.
const LATENCY = Number(process.env.PERF_LATENCY_MS ?? 0);
if (LATENCY > 0) {
    await metrics.send('Network.enable');
    await metrics.send('Network.emulateNetworkConditions', {offline: false, latency: LATENCY, downloadThroughput: -1, uploadThroughput: -1});
}
const STEP = Number(process.env.PERF_SCROLL_STEP ?? 150);
// Each frame also records which posts are on screen (the rows' boxes, read after the frame's
// scroll: the layout the frame needs anyway), to check afterwards that the scroll showed every
// post once and in order (scripts/history-order.mjs).
// PERF_CHECK=0 leaves the check out (to see what it costs: it reads every rendered row's box).
const CHECK = process.env.PERF_CHECK !== '0';
const scrollOnce = ([step, limitMs, direction, check]) =>
    (async () => {
        const list = document.querySelector('[data-testid=message-list]');
        const longTasks = [];
        const obs = new PerformanceObserver((l) => l.getEntries().forEach((e) => longTasks.push(e.duration)));
        obs.observe({type: 'longtask', buffered: false});
        // The baseline's static copy has every row in the page: only the rows within 900 px of
        // the viewport are read (found by halving), about as many as the client renders.
        const staticRows = list.dataset.static ? [...list.querySelectorAll('.vlist__row')] : null;
        const near = () => {
            if (!staticRows) {
                return list.querySelectorAll('.vlist__row');
            }
            const box = list.getBoundingClientRect();
            let lo = 0;
            let hi = staticRows.length;
            while (lo < hi) {
                const mid = (lo + hi) >> 1;
                if (staticRows[mid].getBoundingClientRect().bottom < box.top - 900) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            const out = [];
            for (let i = lo; i < staticRows.length && staticRows[i].getBoundingClientRect().top < box.bottom + 900; i++) {
                out.push(staticRows[i]);
            }
            return out;
        };
        const visible = () => {
            if (!check) {
                return [];
            }
            const box = list.getBoundingClientRect();
            const keys = [];
            for (const row of near()) {
                const b = row.getBoundingClientRect();
                if (b.bottom > box.top + 2 && b.top < box.bottom - 2) {
                    keys.push(row.dataset.key);
                }
            }
            return keys;
        };
        const up = direction === 'up';
        const done = () =>
            up
                ? list.scrollTop <= 0 && list.textContent.includes('This is the start of')
                : // The bottom of a window that reaches the present (no "jump to recent" while there).
                  list.scrollHeight - list.scrollTop - list.clientHeight < 2 && !document.querySelector('.jump-recent');
        const views = [visible()];
        // Per frame, for the report of an order problem: when, where the scroll stood, the blank
        // room above the rows, the rows in the window and the first one rendered; and the page
        // requests, from the resource timings.
        const trail = [[performance.now(), Math.round(list.scrollTop), list.scrollHeight, list.dataset.room, list.dataset.rows, list.querySelector('.vlist__row')?.dataset.key]];
        performance.setResourceTimingBufferSize(100_000);
        performance.clearResourceTimings();
        const intervals = [];
        let maxRows = 0;
        // The tallest the page got: it must stay about as tall as the loaded window (the list
        // keeps the room above its rows bounded), not grow with everything scrolled through.
        let maxHeight = list.scrollHeight;
        let last = performance.now();
        const start = last;
        let reached = false;
        const stalls = [];
        /** The next animation frame (true), or false after 2 s without one. */
        const nextFrame = () =>
            new Promise((resolve) => {
                const timer = setTimeout(() => resolve(false), 2000);
                requestAnimationFrame(() => {
                    clearTimeout(timer);
                    resolve(true);
                });
            });
        // Where the scroll stands, every 10 s (perf.mjs prints these as they come): a run that
        // stops moving says where.
        let lastReport = start;
        const report = () => {
            const rows = list.querySelectorAll('.vlist__row');
            console.log(
                `perf: ${direction} ${((performance.now() - start) / 1000).toFixed(0)} s, ${intervals.length} frames, scrollTop ${Math.round(list.scrollTop)} of ${list.scrollHeight}, ${list.dataset.rows} rows in the window, ${rows.length} rendered (${rows[0]?.dataset.key} … ${rows[rows.length - 1]?.dataset.key})`,
            );
        };
        while (!reached && performance.now() - start < limitMs) {
            if (performance.now() - lastReport > 10_000) {
                lastReport = performance.now();
                report();
            }
            list.scrollTop += up ? -step : step;
            if (!(await nextFrame())) {
                // No animation frame for 2 s: the browser stopped producing frames (a 100,000-post
                // run did once, on the way up, with every process idle and the page's main thread
                // waiting for work). Not hidden: reported as a stall, and the scroll goes on when
                // frames come back (timers still run); after a minute without, it stops here.
                const t0 = performance.now();
                const stall = {frame: intervals.length, scrollTop: Math.round(list.scrollTop), scrollHeight: list.scrollHeight, visibility: document.visibilityState, focus: document.hasFocus()};
                console.log(`perf: ${direction}: no animation frame for 2 s at ${JSON.stringify(stall)}`);
                let back = false;
                while (!back && performance.now() - t0 < 60_000) {
                    back = await nextFrame();
                }
                stalls.push({...stall, ms: Math.round(performance.now() - t0 + 2000), resumed: back});
                console.log(`perf: ${direction}: ${back ? `frames again after ${((performance.now() - t0) / 1000 + 2).toFixed(1)} s` : 'no frames for a minute: stopping'}`);
                if (!back) {
                    break;
                }
            }
            const now = performance.now();
            intervals.push(now - last);
            last = now;
            maxRows = staticRows ? staticRows.length : Math.max(maxRows, list.querySelectorAll('article').length);
            views.push(visible());
            trail.push([now, Math.round(list.scrollTop), list.scrollHeight, list.dataset.room, list.dataset.rows, list.querySelector('.vlist__row')?.dataset.key]);
            maxHeight = Math.max(maxHeight, list.scrollHeight);
            reached = done();
        }
        obs.disconnect();
        // Where a scroll that did not reach its end stopped.
        const rowKeys = [...list.querySelectorAll('.vlist__row')].map((r) => r.dataset.key);
        const stuck = reached ? null : {scrollTop: list.scrollTop, scrollHeight: list.scrollHeight, rows: list.dataset.rows, rendered: rowKeys.length, first: rowKeys.slice(0, 3), last: rowKeys.slice(-3)};
        const pages = performance
            .getEntriesByType('resource')
            .filter((e) => /\/posts\?/.test(e.name))
            .map((e) => [Math.round(e.startTime), Math.round(e.responseEnd), e.name.replace(/.*\/posts\?/, '').replace(/&page=0.*/, '')]);
        return {intervals, longTasks, maxRows, maxHeight, reached, views, trail, pages, stuck, stalls, seconds: (performance.now() - start) / 1000};
    })();
await startProfile();
await startHeapProfile();
// PERF_TRACE=file.json: a Chrome trace (main thread, frames, raster) of the scroll up, for
// scripts/trace-frames.mjs. Tracing slows the page down too.
const TRACE = process.env.PERF_TRACE;
if (TRACE) {
    await browser.startTracing(page, {path: TRACE, categories: TRACE_CATEGORIES});
}
const upBefore = await mainThread();
const LIMIT_MS = Number(process.env.PERF_SCROLL_LIMIT_MS ?? 1_200_000);
const scroll = await page.evaluate(scrollOnce, [STEP, LIMIT_MS, 'up', CHECK]);
scroll.mainThread = mainThreadSince(upBefore, await mainThread(), scroll.intervals.length);
if (TRACE) {
    await browser.stopTracing();
}
await stopProfile('scroll');
await stopHeapProfile('scroll up');
log(`scrolled up: reached the start ${scroll.reached}, ${scroll.intervals.length} frames in ${scroll.seconds.toFixed(0)} s; scrolling down`);
// Back down to the present: the pages dropped on the way up (the window keeps about 1,000 posts)
// load again.
const downBefore = await mainThread();
const scrollDown = await page.evaluate(scrollOnce, [STEP, LIMIT_MS, 'down', CHECK]);
scrollDown.mainThread = mainThreadSince(downBefore, await mainThread(), scrollDown.intervals.length);
log(`scrolled down: reached the end ${scrollDown.reached}, ${scrollDown.intervals.length} frames in ${scrollDown.seconds.toFixed(0)} s; checking the order`);

// PERF_HEAP_SNAPSHOT=1: what stays alive in the page's JavaScript heap after the scroll (the
// objects a major collection marks, and moves when it compacts): a heap snapshot, summed by
// kind and constructor, the largest printed.
if (process.env.PERF_HEAP_SNAPSHOT) {
    const chunks = [];
    const onChunk = (e) => chunks.push(e.chunk);
    metrics.on('HeapProfiler.addHeapSnapshotChunk', onChunk);
    await metrics.send('HeapProfiler.enable');
    await metrics.send('HeapProfiler.collectGarbage');
    await metrics.send('HeapProfiler.takeHeapSnapshot', {reportProgress: false});
    metrics.off('HeapProfiler.addHeapSnapshotChunk', onChunk);
    const snap = JSON.parse(chunks.join(''));
    const fields = snap.snapshot.meta.node_fields;
    const types = snap.snapshot.meta.node_types[0];
    const [typeAt, nameAt, sizeAt, edgesAt] = ['type', 'name', 'self_size', 'edge_count'].map((f) => fields.indexOf(f));
    const edgeFields = snap.snapshot.meta.edge_fields;
    const edgeTypes = snap.snapshot.meta.edge_types[0];
    const groups = new Map();
    let total = 0;
    let count = 0;
    let edge = 0;
    for (let i = 0; i < snap.nodes.length; i += fields.length) {
        const type = types[snap.nodes[i + typeAt]];
        const name = type === 'object' || type === 'native' || type === 'closure' ? snap.strings[snap.nodes[i + nameAt]] : '';
        // A plain object is told by its first property names (a post, a row, a fiber…).
        const props = [];
        for (let e = 0; e < snap.nodes[i + edgesAt]; e++, edge += edgeFields.length) {
            if (type === 'object' && props.length < 4 && edgeTypes[snap.edges[edge]] === 'property') {
                props.push(snap.strings[snap.edges[edge + 1]]);
            }
        }
        const key = `${type} ${name}${props.length ? ` {${props.join(',')}}` : ''}`.slice(0, 90);
        const size = snap.nodes[i + sizeAt];
        const g = groups.get(key) ?? {count: 0, size: 0};
        g.count++;
        g.size += size;
        groups.set(key, g);
        total += size;
        count++;
    }
    log(`heap snapshot after the scroll: ${count} nodes, ${(total / 1e6).toFixed(1)} MB; by count:`);
    for (const [key, g] of [...groups].sort((a, b) => b[1].count - a[1].count).slice(0, 60)) {
        log(`  ${String(g.count).padStart(8)} ${(g.size / 1e3).toFixed(0).padStart(8)} KB  ${key}`);
    }
}
const order = await channelOrder(async (route) => (await api('GET', route, token)).json, history.id);
const unchecked = {unseen: null, problems: []};
const placeOf = new Map(order.map((id, i) => [id, i]));
const upCheck = CHECK ? checkScroll(order, scroll.views, 'up') : unchecked;
const downCheck = CHECK ? checkScroll(order, scrollDown.views, 'down') : unchecked;
const frameBudget = 1000 / 60;
const lateWithPage = (sc) => {
    const ends = sc.pages.map(([, end]) => end).sort((a, b) => a - b);
    let n = 0;
    sc.intervals.forEach((d, i) => {
        if (d > frameBudget * 1.5) {
            const to = sc.trail[i + 1]?.[0] ?? 0;
            const from = to - d;
            n += ends.some((e) => e > from && e <= to) ? 1 : 0;
        }
    });
    return n;
};
const problemTrail = (sc, problems) =>
    problems.slice(0, 3).map((p) => {
        const step = Number(/^step (\d+)/.exec(p)?.[1] ?? 0);
        const frames = sc.trail.slice(Math.max(0, step - 8), step + 2).map((f, i) => [Math.max(0, step - 8) + i, ...f.map((x) => (typeof x === 'number' ? Math.round(x) : x))]);
        const from = (frames[0]?.[1] ?? 0) - 3000;
        const to = frames[frames.length - 1]?.[1] ?? 0;
        // The posts on screen (their place in the channel, oldest #0) in the frame before and the frame of the problem.
        const views = sc.views.slice(Math.max(0, step - 1), step + 1).map((keys) => keys.map((k) => (placeOf.has(k) ? `#${placeOf.get(k)}` : k)).join(' '));
        return {problem: p, frames, views, pages: sc.pages.filter(([s0, e0]) => e0 >= from && s0 <= to)};
    });
const scrollStats = (sc, check) => {
    const dropped = sc.intervals.filter((d) => d > frameBudget * 1.5).length;
    return {
        pxPerFrame: STEP,
        reachedEnd: sc.reached,
        ...(sc.stuck ? {stuck: sc.stuck} : {}),
        // Times the browser produced no animation frame for 2 s or more (their intervals are
        // counted as late frames too).
        stalls: sc.stalls,
        seconds: +sc.seconds.toFixed(1),
        frames: sc.intervals.length,
        frameMs: stats(sc.intervals),
        framesOver25ms: dropped,
        droppedShare: +((dropped / Math.max(1, sc.intervals.length)) * 100).toFixed(2),
        // Late frames in which a page of posts arrived (its response ended between the frame's
        // start and end), against all late frames: the frames a page's store update and render
        // made late, or not.
        lateWithPageArrival: lateWithPage(sc),
        longTasks: sc.longTasks.length,
        longestTaskMs: +Math.max(0, ...sc.longTasks).toFixed(1),
        maxPostsInPage: sc.maxRows,
        maxScrollHeight: sc.maxHeight,
        mainThread: sc.mainThread,
        // Every post on screen once, in order: the posts never seen and what went wrong.
        postsNeverOnScreen: check.unseen,
        orderProblems: check.problems.length,
        firstProblems: check.problems.slice(0, 5),
        // What the frames around the first problems looked like: [ms, scrollTop, scrollHeight,
        // room above, rows in the window, first rendered row], and the page requests meanwhile.
        ...(check.problems.length ? {problemTrail: problemTrail(sc, check.problems)} : {}),
    };
};

// ---------------------------------------------------------------------------------------------
// 4b. PERF_WHEEL=N (e.g. 600): up to N notches of a mouse wheel (100 px up each, one every 16 ms
// or as fast as the page takes them) with the pointer resting over the list, from the newest post
// until the channel's start, as a reader scrolls with a mouse.
// The scroll above moves scrollTop from the page's script with no pointer anywhere; here the rows
// pass under the pointer, so what hovering a post does is paid for on the way (a post used to
// create its action bar for every hover, which a scroll gave to each post passing under the
// pointer). Frames are the page's animation frame intervals meanwhile; action bars are those
// created in the list during the wheel scroll.
// With it, the same over a blank page as tall as the distance the client's list scrolled, in a
// page of its own (no application): what this browser and machine drop for a wheel scroll at all.
const WHEEL = Number(process.env.PERF_WHEEL ?? 0);
/** Wheel notches on `pg` until its list's start or `max` notches; `session` reads its main thread. */
async function wheelScroll(pg, session, max, label) {
    const list = pg.locator('[data-testid=message-list]');
    const box = await list.boundingBox();
    await pg.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await pg.waitForTimeout(500);
    const before = await mainThread(session);
    await list.evaluate(watchActionBars);
    await pg.evaluate(() => {
        const el = document.querySelector('[data-testid=message-list]');
        const rec = {intervals: [], done: false, startTop: el.scrollTop};
        window.__perfWheel = rec;
        let last = 0;
        const tick = (now) => {
            if (last) {
                rec.intervals.push(now - last);
            }
            last = now;
            if (!rec.done) {
                requestAnimationFrame(tick);
            }
        };
        requestAnimationFrame(tick);
    });
    // (A notch waits for the page to take it: a page that stopped producing frames, see the
    // scroll's stalls, would hold it for ever.)
    const timeout = (ms) => new Promise((resolve) => setTimeout(() => resolve('timeout'), ms));
    const atStart = () =>
        pg.evaluate(() => {
            const el = document.querySelector('[data-testid=message-list]');
            return el.scrollTop <= 0 && el.textContent.includes('This is the start of');
        });
    let notches = 0;
    let reachedStart = false;
    while (notches < max && !reachedStart) {
        if ((await Promise.race([pg.mouse.wheel(0, -100), timeout(10_000)])) === 'timeout') {
            log(`${label}: notch ${notches} not taken in 10 s; stopping`);
            break;
        }
        notches++;
        await pg.waitForTimeout(16);
        if (notches % 50 === 0) {
            reachedStart = await atStart();
            if (notches % 1000 === 0) {
                log(`${label}: ${notches} notches`);
            }
        }
    }
    reachedStart ||= await atStart();
    await pg.waitForTimeout(300);
    const r = await pg.evaluate(() => {
        const rec = window.__perfWheel;
        rec.done = true;
        return {intervals: rec.intervals, actionBars: window.__actionBars, scrolledPx: Math.round(rec.startTop - document.querySelector('[data-testid=message-list]').scrollTop)};
    });
    const late = r.intervals.filter((d) => d > frameBudget * 1.5).length;
    log(`${label}: ${notches} notches (start reached: ${reachedStart}), ${r.intervals.length} frames, ${late} late, ${r.actionBars} action bars created, scrollTop moved ${r.scrolledPx} px (page loads move it too)`);
    return {
        notches,
        reachedStart,
        frames: r.intervals.length,
        frameMs: stats(r.intervals),
        framesOver25ms: late,
        droppedShare: +((late / Math.max(1, r.intervals.length)) * 100).toFixed(2),
        actionBarsCreated: r.actionBars,
        mainThread: mainThreadSince(before, await mainThread(session), r.intervals.length),
    };
}
let wheel = null;
if (WHEEL > 0) {
    wheel = await wheelScroll(page, metrics, WHEEL, 'wheel');
    // The blank page: as many notches as the client took, over as much height (100 px each).
    const blankContext = await browser.newContext({viewport: {width: 1360, height: 820}});
    const blankPage = await blankContext.newPage();
    const height = wheel.notches * 100 + 2000;
    await blankPage.route(`${BASE}/blank`, (r) =>
        r.fulfill({
            contentType: 'text/html',
            body: `<!doctype html><html><body style="margin:0"><div data-testid="message-list" style="height:820px;overflow-y:auto"><div>This is the start of nothing</div><div style="height:${height}px"></div></div></body></html>`,
        }),
    );
    await blankPage.goto(`${BASE}/blank`);
    await blankPage.evaluate(() => {
        const el = document.querySelector('[data-testid=message-list]');
        el.scrollTop = el.scrollHeight;
    });
    const blankSession = await blankContext.newCDPSession(blankPage);
    await blankSession.send('Performance.enable');
    if (THROTTLE > 1) {
        await blankSession.send('Emulation.setCPUThrottlingRate', {rate: THROTTLE});
    }
    wheel.blankPage = await wheelScroll(blankPage, blankSession, wheel.notches, 'wheel, blank page');
    await blankContext.close();
}

// ---------------------------------------------------------------------------------------------
// 5. PERF_BASELINE=1: the same scroll over a static copy of the client's own rows (every post of
// the channel, rendered by the client, in one page with the client's stylesheet and no script
// running), and over a blank page as tall. What the browser and the machine drop scrolling this
// content with no application at all: late frames the client has beyond these are its own.

const BASELINE = Boolean(process.env.PERF_BASELINE);
let baseline = null;
if (BASELINE) {
    log('baseline: collecting the rendered rows (a scroll up, not measured)');
    // Every row the client renders on a scroll from the newest post to the first, in order
    // (oldest first), as its HTML. New rows appear above the known ones on the way up; a row new
    // in the middle of a view goes before the known row that follows it.
    const harvest = await page.evaluate(async () => {
        const list = document.querySelector('[data-testid=message-list]');
        const html = new Map();
        let order = [];
        const collect = () => {
            let pending = [];
            for (const row of list.querySelectorAll('.vlist__row')) {
                const key = row.dataset.key ?? '';
                if (!key || key.startsWith('loading')) {
                    continue;
                }
                if (!html.has(key)) {
                    html.set(key, row.outerHTML);
                    pending.push(key);
                } else if (pending.length) {
                    const at = order.indexOf(key);
                    order = [...order.slice(0, at), ...pending, ...order.slice(at)];
                    pending = [];
                }
            }
            order.push(...pending);
        };
        list.scrollTop = list.scrollHeight;
        const t0 = performance.now();
        while (!(list.scrollTop <= 0 && list.textContent.includes('This is the start of')) && performance.now() - t0 < 600_000) {
            collect();
            list.scrollTop -= 400;
            await new Promise((r) => requestAnimationFrame(r));
        }
        collect();
        // The page around the list, with the rows in place of the list's spacers and rows.
        const doc = document.documentElement.cloneNode(true);
        const copy = doc.querySelector('[data-testid=message-list]');
        copy.dataset.static = '1';
        copy.querySelector('.vlist').innerHTML = order.map((k) => html.get(k)).join('');
        doc.querySelectorAll('script, link[rel=modulepreload], .jump-recent').forEach((n) => n.remove());
        return {rows: order.length, html: `<!doctype html>${doc.outerHTML}`};
    });
    log(`baseline: ${harvest.rows} rows, ${(harvest.html.length / 1e6).toFixed(1)} MB of HTML`);
    // A context of its own (no service worker: it would answer the navigation with the app),
    // the copy served at the server's origin so the stylesheet and images load from it.
    const staticContext = await browser.newContext({viewport: {width: 1360, height: 820}, serviceWorkers: 'block'});
    const measureStatic = async (body, check) => {
        const p = await staticContext.newPage();
        await p.route(`${BASE}/baseline`, (r) => r.fulfill({contentType: 'text/html', body}));
        await p.goto(`${BASE}/baseline`);
        const m = await staticContext.newCDPSession(p);
        await m.send('Performance.enable');
        if (THROTTLE > 1) {
            await m.send('Emulation.setCPUThrottlingRate', {rate: THROTTLE});
        }
        await p.evaluate(() => {
            const list = document.querySelector('[data-testid=message-list]');
            list.scrollTop = list.scrollHeight;
        });
        await p.waitForTimeout(500);
        const before = await mainThread(m);
        const up = await p.evaluate(scrollOnce, [STEP, LIMIT_MS, 'up', check]);
        up.mainThread = mainThreadSince(before, await mainThread(m), up.intervals.length);
        const mid = await mainThread(m);
        const down = await p.evaluate(scrollOnce, [STEP, LIMIT_MS, 'down', check]);
        down.mainThread = mainThreadSince(mid, await mainThread(m), down.intervals.length);
        await p.close();
        return {up, down};
    };
    // PERF_BASELINE=virtual leaves the static copy out (its scroll is slow: a quarter of its
    // frames are late) and measures the blank page and the plain virtualised rows only.
    const staticToo = process.env.PERF_BASELINE !== 'virtual';
    log(staticToo ? 'baseline: scrolling the static copy' : 'baseline: the static copy left out');
    const rows = staticToo ? await measureStatic(harvest.html, CHECK) : null;
    // The same rows virtualised by a dozen lines of plain script: each row's place measured once
    // in the static copy, then only the rows within 900 px of the view are in the page, each
    // created from its HTML when it comes near and removed when it leaves (no React, no store,
    // no requests). What any virtualised list showing this content costs this browser: the
    // elements, styles and layout objects created and dropped, and their garbage collection.
    const virtualScript = `<script>(() => {
        const list = document.querySelector('[data-testid=message-list]');
        delete list.dataset.static;
        const vlist = list.querySelector('.vlist');
        const rows = [...vlist.children];
        const origin = vlist.getBoundingClientRect().top;
        const tops = rows.map((r) => r.getBoundingClientRect().top - origin);
        const bottoms = rows.map((r) => r.getBoundingClientRect().bottom - origin);
        const html = rows.map((r) => r.outerHTML);
        const offset = vlist.offsetTop;
        vlist.style.cssText += ';position:relative;height:' + bottoms[bottoms.length - 1] + 'px';
        vlist.replaceChildren();
        const shown = new Map();
        const tpl = document.createElement('template');
        const update = () => {
            const from = list.scrollTop - offset - 900;
            const to = list.scrollTop - offset + list.clientHeight + 900;
            let lo = 0;
            let hi = rows.length;
            while (lo < hi) {
                const mid = (lo + hi) >> 1;
                if (bottoms[mid] < from) lo = mid + 1; else hi = mid;
            }
            let last = lo;
            while (last < rows.length && tops[last] < to) last++;
            for (const [i, el] of shown) {
                if (i < lo || i >= last) {
                    el.remove();
                    shown.delete(i);
                }
            }
            for (let i = lo; i < last; i++) {
                if (!shown.has(i)) {
                    tpl.innerHTML = html[i];
                    const el = tpl.content.firstElementChild;
                    el.style.cssText += ';position:absolute;left:0;right:0;top:' + tops[i] + 'px';
                    vlist.append(el);
                    shown.set(i, el);
                }
            }
        };
        list.addEventListener('scroll', update, {passive: true});
        update();
    })();</script>`;
    log('baseline: scrolling the same rows virtualised by plain script');
    const virtual = await measureStatic(harvest.html.replace(/<\/body>/, `${virtualScript}</body>`), false);
    // As tall as the copy, nothing in it but the start line the scroll stops at.
    const height = rows?.up.maxHeight ?? virtual.up.maxHeight;
    const blankHtml = `<!doctype html><html><body style="margin:0"><div data-testid="message-list" data-static="1" style="height:820px;overflow-y:auto"><div class="vlist__row" data-key="intro">This is the start of nothing</div><div style="height:${height}px"></div></div></body></html>`;
    log('baseline: scrolling a blank page as tall');
    const blank = await measureStatic(blankHtml, false);
    await staticContext.close();
    baseline = {
        rows: harvest.rows,
        ...(rows ? {staticRows: {scroll: scrollStats(rows.up, CHECK ? checkScroll(order, rows.up.views, 'up') : unchecked), scrollDown: scrollStats(rows.down, CHECK ? checkScroll(order, rows.down.views, 'down') : unchecked)}} : {}),
        blank: {scroll: scrollStats(blank.up, unchecked), scrollDown: scrollStats(blank.down, unchecked)},
        plainVirtualised: {scroll: scrollStats(virtual.up, unchecked), scrollDown: scrollStats(virtual.down, unchecked)},
    };
}

await browser.close();

const result = {
    date: new Date().toISOString(),
    server: BASE,
    posts: POSTS,
    cpuThrottle: THROTTLE,
    latencyMs: LATENCY,
    seedSeconds: +seedSeconds.toFixed(1),
    initialJsGzipKB: +initialJsGzipKB.toFixed(1),
    firstPaintMs: stats(firstPaint),
    firstContentfulPaintMs: stats(fcp),
    switchChannelDomMs: stats(switchDom),
    switchChannelNextFrameMs: stats(switchFrame),
    switchNotKeptDomMs: stats(coldDom),
    switchNotKeptNextFrameMs: stats(coldFrame),
    scroll: scrollStats(scroll, upCheck),
    scrollDown: scrollStats(scrollDown, downCheck),
    ...(wheel ? {wheel} : {}),
    ...(baseline ? {baseline} : {}),
};
console.log(JSON.stringify(result, null, 2));
