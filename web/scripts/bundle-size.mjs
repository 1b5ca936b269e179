// Measures the initial JavaScript of the built client (every script and modulepreload that
// dist/index.html loads), gzipped, against the budget in docs: 250 KB. Exits 1 when over.

import {readFileSync} from 'node:fs';
import path from 'node:path';
import {gzipSync} from 'node:zlib';

const BUDGET_KB = 250;
const dist = path.resolve(process.argv[2] ?? 'dist');
const html = readFileSync(path.join(dist, 'index.html'), 'utf8');
const refs = [...html.matchAll(/<(?:script[^>]*\ssrc|link[^>]*rel="modulepreload"[^>]*\shref)="([^"]+\.js)"/g)].map((m) => m[1]);
let raw = 0;
let gz = 0;
for (const ref of refs) {
    const bytes = readFileSync(path.join(dist, ref.replace(/^\//, '')));
    raw += bytes.length;
    gz += gzipSync(bytes, {level: 9}).length;
}
const kb = (n) => (n / 1024).toFixed(1);
console.log(`initial JS: ${refs.length} file(s), ${kb(raw)} KB, ${kb(gz)} KB gzipped (budget ${BUDGET_KB} KB gzipped)`);
process.exit(gz / 1024 <= BUDGET_KB ? 0 : 1);
