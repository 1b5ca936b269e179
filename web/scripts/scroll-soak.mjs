// Scrolls a long channel up and down, again and again, in headless Chromium, watching every
// animation frame: a soak test for the stall a 100,000-post run of perf.mjs hit (the browser
// stopped producing animation frames, every process idle). Not a measurement. Uses the data of a
// perf.mjs run (its user `perf`, its longest `history-…` channel): copy that run's data directory
// before web-perf.sh removes it, serve it with `outpost serve --data-dir COPY`, then
//
//   OUTPOST_URL=http://127.0.0.1:PORT [STEP=150] [ROUNDS=6] [THROTTLE=4] node scripts/scroll-soak.mjs
//
// A frame that does not come within 3 s is reported (page visibility, focus, position), and then
// the script tries, 4 s apart, things that might wake the browser (an evaluate, a mouse move,
// bringToFront, focus emulation, a screenshot to /tmp/stall.png), reporting which one did.

import {execFileSync} from 'node:child_process';

import {chromium} from 'playwright-core';
const BASE = process.env.OUTPOST_URL;
const STEP = Number(process.env.STEP ?? 150);
const log = (...a) => console.log(new Date().toISOString().slice(11, 19), ...a);
const res = await fetch(`${BASE}/api/v4/users/login`, {method: 'POST', headers: {'content-type': 'application/json'}, body: JSON.stringify({login_id: 'perf', password: 'Perf-Horse-42'})});
const token = res.headers.get('token');
const chans = await (await fetch(`${BASE}/api/v4/users/me/channels`, {headers: {authorization: `Bearer ${token}`}})).json();
const hist = chans.filter((c) => c.name.startsWith('history-')).sort((a, b) => b.total_msg_count - a.total_msg_count)[0];
log('channel', hist.name, hist.total_msg_count);
const browser = await chromium.launch({executablePath: process.env.CHROMIUM_PATH ?? execFileSync('sh', ['-c', 'command -v chromium'], {encoding: 'utf8'}).trim(), headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking']});
const context = await browser.newContext({viewport: {width: 1360, height: 820}});
const page = await context.newPage();
const cdp = await context.newCDPSession(page);
// THROTTLE=4: DevTools' CPU throttling of the page's main thread (longer main frames, as under load).
if (Number(process.env.THROTTLE ?? 1) > 1) {
    await cdp.send('Emulation.setCPUThrottlingRate', {rate: Number(process.env.THROTTLE)});
}
let stalled = false;
page.on('console', async (m) => {
    const t = m.text();
    if (!t.startsWith('diag')) return;
    log(t);
    if (t.includes('STALL') && !stalled) {
        stalled = true;
        const pokes = [
            ['nothing', async () => {}],
            ['Runtime.evaluate', async () => log('eval:', JSON.stringify(await page.evaluate(() => ({vis: document.visibilityState, focus: document.hasFocus(), top: document.querySelector('[data-testid=message-list]').scrollTop}))))],
            ['mouse.move', async () => page.mouse.move(700, 400)],
            ['bringToFront', async () => page.bringToFront()],
            ['setFocusEmulation', async () => cdp.send('Emulation.setFocusEmulationEnabled', {enabled: true})],
            ['screenshot', async () => page.screenshot({path: '/tmp/stall.png'})],
        ];
        for (const [name, poke] of pokes) {
            if (!stalled) break;
            log('poke:', name);
            await poke().catch((e) => log('poke failed', String(e)));
            await new Promise((r) => setTimeout(r, 4000));
        }
    }
    if (t.includes('BACK')) stalled = false;
});
await page.goto(`${BASE}/login`);
await page.getByLabel('Username or email').fill('perf');
await page.getByLabel('Password').fill('Perf-Horse-42');
await page.getByRole('button', {name: 'Sign in'}).click();
await page.waitForURL(/\/perf\/channels\//);
await page.goto(`${BASE}/perf/channels/${hist.name}`);
await page.getByText(`History message`, {exact: false}).first().waitFor();
for (let round = 0; round < Number(process.env.ROUNDS ?? 6); round++) {
    const dir = round % 2 === 0 ? 'up' : 'down';
    const r = await page.evaluate(async ([step, dir]) => {
        const list = document.querySelector('[data-testid=message-list]');
        const up = dir === 'up';
        const done = () => (up ? list.scrollTop <= 0 && list.textContent.includes('This is the start of') : list.scrollHeight - list.scrollTop - list.clientHeight < 2 && !document.querySelector('.jump-recent'));
        let frames = 0, last = performance.now(), lastLog = last, stalls = 0;
        const start = last;
        while (!done() && performance.now() - start < 3_600_000) {
            list.scrollTop += up ? -step : step;
            const t0 = performance.now();
            let got = await Promise.race([new Promise((r) => requestAnimationFrame(() => r(true))), new Promise((r) => setTimeout(() => r(false), 3000))]);
            if (!got) {
                stalls++;
                console.log(`diag STALL ${dir} frame ${frames}: no rAF for 3 s; vis ${document.visibilityState} focus ${document.hasFocus()} top ${list.scrollTop}/${list.scrollHeight} rows ${list.dataset.rows}`);
                // Wait for rAF to come back, checking timers still run.
                while (!(await Promise.race([new Promise((r) => requestAnimationFrame(() => r(true))), new Promise((r) => setTimeout(() => r(false), 2000))]))) {
                    console.log(`diag still stalled at ${((performance.now() - t0) / 1000).toFixed(0)} s (timers run)`);
                    if (performance.now() - t0 > 60_000) return {frames, stalls, gaveUp: true};
                }
                console.log(`diag BACK after ${((performance.now() - t0) / 1000).toFixed(1)} s`);
            }
            frames++;
            if (performance.now() - lastLog > 15_000) {
                lastLog = performance.now();
                console.log(`diag ${dir} ${frames} frames, top ${list.scrollTop}/${list.scrollHeight}`);
            }
        }
        return {frames, stalls, seconds: (performance.now() - start) / 1000};
    }, [STEP, dir]);
    log('round', round, dir, JSON.stringify(r));
    if (r.gaveUp) break;
}
await browser.close();
