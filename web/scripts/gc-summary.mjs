// Sums up V8's garbage collections from a perf run's log, per JavaScript heap (isolate), with
// the major collections' pauses and their phases. Run the perf script with
//   DEBUG=pw:browser PERF_JS_FLAGS='--trace-gc-nvp' … bash scripts/web-perf.sh > perf.log 2>&1
// then: node web/scripts/gc-summary.mjs perf.log
// The client's page is the isolate with the most major collections in a run without
// PERF_BASELINE; with it, the baseline pages are isolates of their own (see the time ranges).

import {readFileSync} from 'node:fs';

const LINE = /\[(\d+):(0x[0-9a-f]+):\d+\]\s+(\d+) ms: GC: (\{.*\})/;
const PHASES = ['mark', 'evacuate', 'clear', 'finish', 'sweep'];

for (const path of process.argv.slice(2)) {
    const byIsolate = new Map();
    for (const line of readFileSync(path, 'utf8').split('\n')) {
        const m = LINE.exec(line);
        if (!m) {
            continue;
        }
        let gc;
        try {
            gc = JSON.parse(m[4]);
        } catch {
            continue;
        }
        const key = `${m[1]}:${m[2]}`;
        const list = byIsolate.get(key) ?? [];
        list.push({at: Number(m[3]), ...gc});
        byIsolate.set(key, list);
    }
    console.log(path);
    for (const [key, list] of byIsolate) {
        const major = list.filter((g) => g.gc === 'mc');
        const minor = list.filter((g) => g.gc !== 'mc');
        if (!major.length) {
            continue;
        }
        const avg = (f) => (major.reduce((s, g) => s + (g[f] ?? 0), 0) / major.length).toFixed(2);
        const pauses = major.map((g) => g.pause).sort((a, b) => a - b);
        const phases = PHASES.map((p) => `${p} ${avg(p)}`).join(', ');
        console.log(
            `  ${key} (${list[0].at}–${list[list.length - 1].at} ms): ${major.length} major, pause avg ${avg('pause')} ms, median ${pauses[pauses.length >> 1].toFixed(1)}, max ${pauses[pauses.length - 1].toFixed(1)} (${phases}); live after ${(major.reduce((s, g) => s + (g.end_object_size ?? 0), 0) / major.length / 1e6).toFixed(1)} MB; ${minor.length} minor, ${minor.reduce((s, g) => s + (g.pause ?? 0), 0).toFixed(0)} ms in all`,
        );
    }
}
