// Regenerates the app icons in public/ (icon-192.png, icon-512.png, and a maskable 512 with a
// safe margin) from public/favicon.svg, rendered by Debian's chromium. Not part of the build:
//
//   node scripts/gen-icons.mjs

import {readFileSync} from 'node:fs';
import {execFileSync} from 'node:child_process';

import {chromium} from 'playwright-core';

const svg = readFileSync(new URL('../public/favicon.svg', import.meta.url), 'utf8');
const executablePath = process.env.CHROMIUM_PATH ?? execFileSync('sh', ['-c', 'command -v chromium'], {encoding: 'utf8'}).trim();
const browser = await chromium.launch({executablePath, args: ['--no-sandbox']});
for (const [name, size, pad, bg] of [
    ['icon-192.png', 192, 0, 'transparent'],
    ['icon-512.png', 512, 0, 'transparent'],
    ['icon-maskable-512.png', 512, 0.12, '#3d5afe'],
]) {
    const page = await browser.newPage({viewport: {width: size, height: size}});
    const inner = Math.round(size * (1 - 2 * pad));
    await page.setContent(
        `<body style="margin:0;display:grid;place-items:center;width:${size}px;height:${size}px;background:${bg}">` +
            `<div style="width:${inner}px;height:${inner}px">${svg.replace('<svg ', `<svg width="${inner}" height="${inner}" `)}</div></body>`,
    );
    await page.screenshot({path: new URL(`../public/${name}`, import.meta.url).pathname, omitBackground: bg === 'transparent'});
    await page.close();
}
await browser.close();
console.log('icons written');
