// Checks that scrolling a channel's history showed every post once, in order: the end-to-end
// tests and scripts/perf.mjs record which posts were on screen at each step (or frame) of a scroll
// and compare that with the channel's order on the server.

/** The channel's posts as the message list shows them (no replies, nothing deleted), oldest first.
 * `get(route)` returns the parsed JSON of GET /api/v4{route}. */
export async function channelOrder(get, channelId) {
    const ids = [];
    let before = '';
    for (;;) {
        const list = await get(`/channels/${channelId}/posts?per_page=200${before ? `&before=${before}` : ''}`);
        const order = list.order ?? [];
        for (const id of order) {
            const p = list.posts[id];
            if (p && !p.root_id && !p.delete_at) {
                ids.push(id);
            }
        }
        if (!order.length || !list.prev_post_id) {
            break;
        }
        before = order[order.length - 1];
    }
    return ids.reverse();
}

/** Counts, in `window.__actionBars` from 0, the posts' action bars created in the list from now
 * on. Runs in the page (Playwright passes its source): the end-to-end wheel check and perf.mjs's
 * PERF_WHEEL use it. */
export function watchActionBars(list) {
    window.__actionBars = 0;
    new MutationObserver((records) => {
        for (const r of records) {
            for (const n of r.addedNodes) {
                if (n.nodeType === 1 && (n.matches('.post-actions') || n.querySelector('.post-actions'))) {
                    window.__actionBars++;
                }
            }
        }
    }).observe(list, {subtree: true, childList: true});
}

/** The keys of the list's rows that are at least partly in its viewport, top to bottom. Runs in
 * the page (Playwright passes its source); perf.mjs has the same lines in its scroll loop. */
export function visibleKeys(list) {
    const box = list.getBoundingClientRect();
    const keys = [];
    for (const row of list.querySelectorAll('.vlist__row')) {
        const b = row.getBoundingClientRect();
        if (b.bottom > box.top + 2 && b.top < box.bottom - 2) {
            keys.push(row.dataset.key);
        }
    }
    return keys;
}

/**
 * `views`: for each step of a scroll, the keys on screen (visibleKeys). Scrolling 'down' must
 * start at the oldest post, 'up' at the newest. Reports posts shown out of order or twice in one
 * view, views that went back against the scroll, posts skipped between two views, views with no
 * post on screen, and posts never on screen.
 */
export function checkScroll(order, views, direction) {
    const index = new Map(order.map((id, i) => [id, i]));
    const seen = new Uint8Array(order.length);
    const problems = [];
    const down = direction === 'down';
    // The furthest post reached so far (in scroll direction).
    let edge = down ? -1 : order.length;
    let prev = null;
    views.forEach((keys, step) => {
        const idx = keys.map((k) => index.get(k)).filter((i) => i !== undefined);
        if (!idx.length) {
            // A view of a channel with posts that shows none of them: blank room, or only the
            // placeholders of pages on their way.
            if (order.length) {
                problems.push(`step ${step}: no post on screen (${keys.join(', ') || 'nothing'})`);
            }
            return;
        }
        for (let k = 1; k < idx.length; k++) {
            if (idx[k] !== idx[k - 1] + 1) {
                problems.push(`step ${step}: ${order[idx[k - 1]]} (#${idx[k - 1]}) then ${order[idx[k]]} (#${idx[k]})`);
            }
        }
        const first = idx[0];
        const last = idx[idx.length - 1];
        if (down) {
            if (prev && first < prev.first) {
                problems.push(`step ${step}: went back from #${prev.first} to #${first}`);
            }
            if (first > edge + 1) {
                problems.push(`step ${step}: skipped #${edge + 1}..#${first - 1}`);
            }
            edge = Math.max(edge, last);
        } else {
            if (prev && last > prev.last) {
                problems.push(`step ${step}: went forward from #${prev.last} to #${last}`);
            }
            if (last < edge - 1) {
                problems.push(`step ${step}: skipped #${last + 1}..#${edge - 1}`);
            }
            edge = Math.min(edge, first);
        }
        idx.forEach((i) => (seen[i] = 1));
        prev = {first, last};
    });
    const unseen = seen.reduce((n, s) => n + (s ? 0 : 1), 0);
    return {posts: order.length, steps: views.length, unseen, problems};
}
