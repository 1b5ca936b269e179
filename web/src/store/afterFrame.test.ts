import {afterEach, beforeEach, describe, expect, it, vi} from 'vitest';

import {afterNextFrame} from './posts';

// The browser's frames, by hand: each call of `frame(start)` runs the animation frame callbacks
// queued so far as a frame that began at `start` (performance.now() time).
let queued: FrameRequestCallback[] = [];
const frame = (start: number) => {
    const run = queued;
    queued = [];
    run.forEach((cb) => cb(start));
};
/** Lets the task the frame callback queued (a MessageChannel message) run. */
const tasks = () => new Promise((r) => setTimeout(r, 20));

describe('afterNextFrame (when a page of posts joins the list)', () => {
    beforeEach(() => {
        queued = [];
        vi.stubGlobal('requestAnimationFrame', (cb: FrameRequestCallback) => queued.push(cb));
    });
    afterEach(() => {
        vi.unstubAllGlobals();
    });

    it('resolves just after the next frame when the rest of its interval is free', async () => {
        let done = false;
        void afterNextFrame().then(() => (done = true));
        await tasks();
        expect(done).toBe(false);
        expect(queued.length).toBe(1);
        frame(performance.now());
        await tasks();
        expect(done).toBe(true);
    });

    it('waits for a later frame when something else took the interval, but not more than three', async () => {
        let done = false;
        void afterNextFrame().then(() => (done = true));
        // Each frame began 10 ms before the page's turn: the list's own render ran first.
        for (let i = 0; i < 2; i++) {
            frame(performance.now() - 10);
            await tasks();
            expect(done).toBe(false);
            expect(queued.length).toBe(1);
        }
        frame(performance.now() - 10);
        await tasks();
        expect(done).toBe(true);
        expect(queued.length).toBe(0);
    });

    it('does not wait when the view is near the end of the window', async () => {
        let done = false;
        void afterNextFrame(() => true).then(() => (done = true));
        await tasks();
        expect(done).toBe(true);
        expect(queued.length).toBe(0);
    });

    it('stops waiting once the view comes near the end of the window', async () => {
        let urgent = false;
        let done = false;
        void afterNextFrame(() => urgent).then(() => (done = true));
        frame(performance.now() - 10);
        await tasks();
        expect(done).toBe(false);
        urgent = true;
        frame(performance.now() - 10);
        await tasks();
        expect(done).toBe(true);
    });

    it('resolves without a frame when none comes (a hidden page)', async () => {
        vi.useFakeTimers({toFake: ['setTimeout', 'clearTimeout']});
        try {
            let done = false;
            void afterNextFrame().then(() => (done = true));
            await vi.advanceTimersByTimeAsync(99);
            expect(done).toBe(false);
            await vi.advanceTimersByTimeAsync(2);
            expect(done).toBe(true);
        } finally {
            vi.useRealTimers();
        }
    });
});
