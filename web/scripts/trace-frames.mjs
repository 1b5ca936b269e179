// Where the time of late scroll frames goes, from a Chrome trace written by `PERF_TRACE=file.json`
// in scripts/perf.mjs: frames are the intervals between the page's requestAnimationFrame callbacks
// on the renderer's main thread; for frames over 25 ms and for the others, the main thread's self
// time by kind (script, style, layout, paint, GC, ...) and the busy time of the other threads.
// A diagnostic, not a measurement of the budget (tracing slows the page down).
//
//   node scripts/trace-frames.mjs /tmp/trace.json

import {readFileSync} from 'node:fs';

const file = process.argv[2];
const raw = JSON.parse(readFileSync(file, 'utf8'));
const events = Array.isArray(raw) ? raw : raw.traceEvents;

const threadNames = new Map();
for (const e of events) {
    if (e.ph === 'M' && e.name === 'thread_name') {
        threadNames.set(`${e.pid}:${e.tid}`, e.args.name);
    }
}
const tid = (e) => `${e.pid}:${e.tid}`;

// The renderer main thread with the most animation frame callbacks is the page's.
const rafByThread = new Map();
for (const e of events) {
    if (e.name === 'FireAnimationFrame' && e.ph === 'X') {
        rafByThread.set(tid(e), (rafByThread.get(tid(e)) ?? 0) + 1);
    }
}
const main = [...rafByThread.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
if (!main) {
    console.error('no FireAnimationFrame events in the trace');
    process.exit(1);
}
const rafs = events.filter((e) => tid(e) === main && e.name === 'FireAnimationFrame' && e.ph === 'X').sort((a, b) => a.ts - b.ts);
const frames = [];
for (let i = 1; i < rafs.length; i++) {
    frames.push({start: rafs[i - 1].ts, end: rafs[i].ts, ms: (rafs[i].ts - rafs[i - 1].ts) / 1000});
}

const kind = (name) => {
    if (/^(FunctionCall|EvaluateScript|V8\.Execute|FireAnimationFrame|EventDispatch|TimerFire|v8\.callFunction|v8\.run|RunMicrotasks|V8\.RunMicrotasks|FireIdleCallback|XHRReadyStateChange|ResourceReceivedData|ParseHTML)$/.test(name)) {
        return 'script';
    }
    if (/GC|Scavenge|Mark|Sweep/i.test(name)) {
        return 'gc';
    }
    if (/^(UpdateLayoutTree|RecalculateStyles|ScheduleStyleRecalculation|ParseAuthorStyleSheet)$/.test(name)) {
        return 'style';
    }
    if (/^(Layout|UpdateLayerTree|LayoutShift|IntersectionObserverController::computeIntersections|ResizeObserverController::DeliverObservations|HitTest)$/.test(name)) {
        return /ResizeObserver/.test(name) ? 'script' : 'layout';
    }
    if (/^(Paint|PrePaint|Layerize|PaintImage|Commit|UpdateLayer|CompositeLayers|PaintSetup|Decode Image|RasterTask)$/.test(name)) {
        return 'paint';
    }
    return 'other';
};

// Self time per event on the main thread (complete events, nested by time).
const mainEvents = events.filter((e) => tid(e) === main && e.ph === 'X' && e.dur !== undefined).sort((a, b) => a.ts - b.ts || b.dur - a.dur);
const selfSlices = [];
const stack = [];
const close = (upTo) => {
    while (stack.length && stack[stack.length - 1].end <= upTo) {
        const top = stack.pop();
        if (top.cursor < top.end) {
            selfSlices.push({start: top.cursor, end: top.end, name: top.e.name});
        }
        if (stack.length) {
            stack[stack.length - 1].cursor = top.end;
        }
    }
};
for (const e of mainEvents) {
    close(e.ts);
    const parent = stack[stack.length - 1];
    if (parent && parent.cursor < e.ts) {
        selfSlices.push({start: parent.cursor, end: e.ts, name: parent.e.name});
    }
    if (parent) {
        parent.cursor = Math.max(parent.cursor, e.ts + e.dur);
    }
    stack.push({e, end: e.ts + e.dur, cursor: e.ts});
}
close(Infinity);
selfSlices.sort((a, b) => a.start - b.start);

// Busy time of every other thread (top-level complete events only).
const otherEvents = events.filter((e) => tid(e) !== main && e.ph === 'X' && e.dur !== undefined).sort((a, b) => a.ts - b.ts);
const topLevel = new Map();
for (const e of otherEvents) {
    const list = topLevel.get(tid(e)) ?? [];
    const last = list[list.length - 1];
    if (!last || e.ts >= last.ts + last.dur) {
        list.push(e);
    }
    topLevel.set(tid(e), list);
}

function overlap(aStart, aEnd, bStart, bEnd) {
    return Math.max(0, Math.min(aEnd, bEnd) - Math.max(aStart, bStart));
}

function summarise(group) {
    const byKind = {};
    const byName = new Map();
    const byThread = new Map();
    let j = 0;
    for (const f of group) {
        while (j < selfSlices.length && selfSlices[j].end < f.start) {
            j++;
        }
        for (let k = j; k < selfSlices.length && selfSlices[k].start < f.end; k++) {
            const s = selfSlices[k];
            const d = overlap(f.start, f.end, s.start, s.end) / 1000;
            byKind[kind(s.name)] = (byKind[kind(s.name)] ?? 0) + d;
            byName.set(s.name, (byName.get(s.name) ?? 0) + d);
        }
    }
    for (const [t, list] of topLevel) {
        let busy = 0;
        let i = 0;
        for (const f of group) {
            while (i < list.length && list[i].ts + list[i].dur < f.start) {
                i++;
            }
            for (let k = i; k < list.length && list[k].ts < f.end; k++) {
                busy += overlap(f.start, f.end, list[k].ts, list[k].ts + list[k].dur) / 1000;
            }
        }
        const name = threadNames.get(t) ?? t;
        byThread.set(name, (byThread.get(name) ?? 0) + busy);
    }
    const n = Math.max(1, group.length);
    const per = (x) => +(x / n).toFixed(2);
    return {
        frames: group.length,
        meanFrameMs: per(group.reduce((a, f) => a + f.ms, 0)),
        mainThreadMsPerFrame: Object.fromEntries(Object.entries(byKind).sort((a, b) => b[1] - a[1]).map(([k, v]) => [k, per(v)])),
        topMainEventsMsPerFrame: Object.fromEntries([...byName.entries()].sort((a, b) => b[1] - a[1]).slice(0, 14).map(([k, v]) => [k, per(v)])),
        otherThreadsBusyMsPerFrame: Object.fromEntries([...byThread.entries()].filter(([, v]) => v / n > 0.2).sort((a, b) => b[1] - a[1]).map(([k, v]) => [k, per(v)])),
    };
}

const late = frames.filter((f) => f.ms > 25);
const onTime = frames.filter((f) => f.ms <= 25);
console.log(JSON.stringify({file, frames: frames.length, late: summarise(late), onTime: summarise(onTime)}, null, 2));
