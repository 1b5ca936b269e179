// The channel's messages, oldest at the top and newest at the bottom, virtualised: only the rows
// near the viewport are in the page, so a channel with any amount of history scrolls smoothly.
// Scrolling up loads older pages; the view stays anchored to what is on screen while rows load,
// measure or arrive. A "new messages" line marks where I stopped reading, a permalink opens at
// its post, and "jump to recent" returns to the present.

import {memo, useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState} from 'react';
import type {ReactNode} from 'react';

import type {Channel} from '../api/client';
import {buildRows, fromPending, fromPost, userTimeZone} from '../messages/rows';
import type {PostView, Row} from '../messages/rows';
import {boundShift, computeOffsets, rowAt, visibleRange, withHeights} from '../messages/virtual';
import {channelName, dmPartnerId} from '../store/names';
import {loadNewer, loadOlder, loadPosts, noteView} from '../store/posts';
import {useStore} from '../store/store';
import type {AppState} from '../store/store';
import {t} from '../strings';
import {Avatar} from './Avatar';
import {ErrorNote} from './ErrorNote';
import {Icon} from './Icon';
import {PostItem} from './PostItem';
import {SkeletonRows} from './Skeleton';

const NO_IDS: string[] = [];
const NO_PENDING: never[] = [];
/** Rows rendered beyond the viewport on either side. */
const OVERSCAN_PX = 900;
/** The same for a list's first frames: a channel switch paints only about what is on screen, the
 * rest follows when the browser is idle. */
const FIRST_OVERSCAN_PX = 120;
/** The rendered rows are recomputed only when the viewport comes this close to their edge: most
 * scroll frames then need no React work at all. */
const RERENDER_MARGIN_PX = 400;
/** Older (or newer) pages are fetched this far ahead of the viewport (a page of 60 posts is about
 * 3,000 px): a fast scroll rarely reaches the edge before the next page is in. */
const LOAD_MORE_PX = 2500;
const BOTTOM_SLACK_PX = 48;
/** Room left above the loaded rows when the top spacer runs out while older pages are still to
 * come (see `shift` in MessageList): about six pages, each of which would otherwise move
 * everything below it once. Blank only until the first row is near (the shift is then 0). */
const SPARE_ROOM_PX = 20_000;
/** The bounds of the blank room above the loaded rows (see `boundShift`): scrolling down drops
 * rows from the top of the window, and their height stays as room above (so the rows on screen
 * keep their place) until it is more than SPARE_ROOM_PX + 20,000 px, or + 2,000 px once the
 * reader has stopped scrolling for IDLE_MS: then everything moves once (the spacer and the scroll
 * position together), so the page stays about as tall as the window, however far one scrolls. */
const ROOM = {spare: SPARE_ROOM_PX, most: 20_000, idle: 2_000};
const IDLE_MS = 250;
type ListRow = Row | {kind: 'intro'; key: string} | {kind: 'loading'; key: string};

const INTRO_ROW: ListRow = {kind: 'intro', key: 'intro'};
const LOADING_ROW: ListRow = {kind: 'loading', key: 'loading-older'};
const LOADING_NEWER_ROW: ListRow = {kind: 'loading', key: 'loading-newer'};

function estimate(row: ListRow | undefined): number {
    switch (row?.kind) {
        case 'post':
            return row.post.message.length > 200 ? 110 : row.continued ? 28 : 62;
        case 'date':
            return 44;
        case 'new':
            return 34;
        case 'intro':
            return 180;
        default:
            return 40;
    }
}

/** The top of a channel's history: what it is (a DM shows the other person). */
function EmptyChannel({channel}: {channel: Channel}) {
    const users = useStore((s) => s.users);
    const myId = useStore((s) => s.me?.id ?? '');
    const name = channelName(channel, users, myId);
    if (channel.type === 'D') {
        const partnerId = dmPartnerId(channel, myId);
        const self = partnerId === myId;
        return (
            <div className='channel-intro'>
                <span className='channel-intro__avatar'>
                    <Avatar user={users[partnerId]} size='lg' />
                </span>
                <h2>{self ? t.emptySelfTitle(name) : name}</h2>
                <p>{self ? t.emptySelfLead : t.emptyDirectLead(name)}</p>
            </div>
        );
    }
    return (
        <div className='channel-intro'>
            <span className='channel-intro__icon'>
                <Icon name={channel.type === 'G' ? 'message' : channel.type === 'P' ? 'lock' : 'hash'} size={28} />
            </span>
            <h2>{channel.type === 'G' ? name : t.emptyChannelTitle(name)}</h2>
            <p>{channel.type === 'G' ? t.emptyGroupLead(name) : channel.purpose || t.emptyChannelLead}</p>
        </div>
    );
}

/** A row other than a post (VirtualRow renders posts). */
function renderRow(row: Exclude<ListRow, {kind: 'post'}>, channel: Channel): ReactNode {
    switch (row.kind) {
        case 'intro':
            return <EmptyChannel channel={channel} />;
        case 'loading':
            return <SkeletonRows count={2} variant='post' />;
        case 'date':
            return (
                <div className='date-separator' role='separator'>
                    <span>{row.label}</span>
                </div>
            );
        case 'new':
            return (
                <div className='new-messages' role='separator' aria-label={t.newMessages}>
                    <span>{t.newMessages}</span>
                </div>
            );
    }
}

type Measure = (el: HTMLElement | null) => void;

/** What of a row's own content its neighbours decide: whether a post continues the one before
 * it (no avatar and name line), a date row's label. */
function shapeOf(row: ListRow | undefined): string {
    return row?.kind === 'post' ? (row.continued ? 'c' : 'p') : row?.kind === 'date' ? row.label : '';
}

/** Whether a row shows the same as before (rows are rebuilt when a page arrives; most are not new). */
function sameRow(a: {row: ListRow; channel: Channel; measure: Measure}, b: {row: ListRow; channel: Channel; measure: Measure}): boolean {
    const x = a.row;
    const y = b.row;
    if (a.channel !== b.channel || a.measure !== b.measure || x.kind !== y.kind || x.key !== y.key) {
        return false;
    }
    switch (x.kind) {
        case 'post':
            return y.kind === 'post' && x.post === y.post && x.continued === y.continued;
        case 'date':
            return y.kind === 'date' && x.label === y.label;
        default:
            return true;
    }
}

/** One rendered row of the list: not rendered again unless it changed (a render of the list for
 * a scroll or a page only creates the rows that are new in the page). */
const VirtualRow = memo(function VirtualRow({row, channel, measure}: {row: ListRow; channel: Channel; measure: Measure}) {
    if (row.kind === 'post') {
        return <PostItem post={row.post} continued={row.continued} rowKey={row.key} rowRef={measure} />;
    }
    return (
        <div data-key={row.key} ref={measure} className='vlist__row'>
            {renderRow(row, channel)}
        </div>
    );
}, sameRow);

/** Marked once per page load when the first messages are on screen (scripts/perf.mjs reads it). */
let firstPostMarked = false;

/** Measured row heights per channel, kept across switches (the list remounts per channel) so a
 * channel opened again lays out at once with real heights; the least recently opened go first. */
const heightCache = new Map<string, Map<string, number>>();
const HEIGHT_CACHE_CHANNELS = 20;

function channelHeights(channelId: string): Map<string, number> {
    let heights = heightCache.get(channelId);
    if (heights) {
        heightCache.delete(channelId);
    } else {
        heights = new Map();
    }
    heightCache.set(channelId, heights);
    if (heightCache.size > HEIGHT_CACHE_CHANNELS) {
        heightCache.delete(heightCache.keys().next().value ?? '');
    }
    return heights;
}

/** A rendered row's key as the list's own string, or '' for a row no longer in the list. Not the
 * string the element's `data-key` reads as: that one is a copy the page's JavaScript heap holds
 * apart from the list's, and kept as a key of the height maps, 10,000 rows scrolled through were
 * 10,000 more strings for every collection to mark. */
function rowKey(row: HTMLElement, keys: string[], indexOf: Map<string, number>): string {
    const i = indexOf.get(row.dataset.key ?? '');
    return i === undefined ? '' : (keys[i] ?? '');
}

/** The measured heights kept per channel: beyond this many, those of posts no longer in the
 * list's window go (measured again if the window comes back to them). */
const HEIGHTS_KEPT = 2500;

/** The list's height last seen, for the first render of the next channel's list. */
let lastListHeight = 800;

/** The row kept in place through an update, by its bottom edge: a post whose neighbour arrives
 * may change its own height (the first post of the window loses its name line when an older page
 * by the same author arrives above it), and its text, not its top, is what the reader sees. */
interface Anchor {
    key: string;
    /** The row's bottom (the next row's offset) minus scrollTop. */
    delta: number;
    /** Where the row's bottom was inside the scroller. */
    pos: number;
}

/**
 * A store value for a list that may be hidden (kept in the page for a quick return to its
 * channel, see ChannelBodies in MainScreen): while hidden it keeps the value it had when last
 * shown, so posts and pages arriving for any channel render nothing in it; shown again, it
 * catches up in one render.
 */
function useShownStore<T>(shown: boolean, selector: (s: AppState) => T): T {
    const last = useRef<{value: T} | null>(null);
    const value = useStore((s) => (shown || !last.current ? selector(s) : last.current.value));
    if (shown || !last.current) {
        last.current = {value};
    }
    return value;
}

/** ↑ and ↓ in the list (focused itself, or on a post) move the focus from post to post; Tab then
 * reaches the focused post's author and actions. From the list itself, ↑ starts at the newest
 * post in view and ↓ at the oldest. Rows out of the rendered window are not reachable this way
 * until the list scrolls to them (which moving the focus does, a post at a time). */
function moveFocusByArrow(e: React.KeyboardEvent<HTMLDivElement>): void {
    if ((e.key !== 'ArrowUp' && e.key !== 'ArrowDown') || e.altKey || e.ctrlKey || e.metaKey || e.shiftKey) {
        return;
    }
    const list = e.currentTarget;
    const at = e.target as HTMLElement;
    if (at !== list && !(at.tagName === 'ARTICLE' && at.parentElement?.closest('.message-list') === list)) {
        return;
    }
    const posts = [...list.querySelectorAll<HTMLElement>('article.post')];
    const up = e.key === 'ArrowUp';
    let next: HTMLElement | undefined;
    if (at === list) {
        const view = list.getBoundingClientRect();
        const inView = posts.filter((p) => {
            const r = p.getBoundingClientRect();
            return r.bottom > view.top && r.top < view.bottom;
        });
        next = up ? inView[inView.length - 1] : inView[0];
    } else {
        const i = posts.indexOf(at);
        next = posts[up ? i - 1 : i + 1];
    }
    if (next) {
        e.preventDefault();
        next.focus({preventScroll: true});
        next.scrollIntoView({block: 'nearest'});
    }
}

/** The list of one channel. `shown` is false while it is kept hidden in the page (another
 * channel is on screen): it then renders and lays out nothing, and keeps its scroll position and
 * the browser's layout of its rows for when the reader comes back. */
export const MessageList = memo(function MessageList({channel, shown = true}: {channel: Channel; shown?: boolean}) {
    const list = useShownStore(shown, (s) => s.posts[channel.id]);
    const win = useShownStore(shown, (s) => s.windows[channel.id]);
    const postsById = useShownStore(shown, (s) => s.postsById);
    const pending = useShownStore(shown, (s) => s.pending[channel.id] ?? NO_PENDING);
    const myId = useShownStore(shown, (s) => s.me?.id ?? '');
    const newSince = useShownStore(shown, (s) => s.newSince[channel.id] ?? 0);
    const highlight = useShownStore(shown, (s) => s.highlightPostId);
    // The days of the rows are in this zone (buildRows reads it from messages/rows, which the
    // store keeps in step): a new zone must build the rows again.
    const zone = useShownStore(shown, (s) => userTimeZone(s.me));
    const ids = list?.data ?? NO_IDS;
    const hasOlder = win?.hasOlder ?? false;
    const hasNewer = win?.hasNewer ?? false;

    const rows: ListRow[] = useMemo(() => {
        // Collapsed reply threads: replies live in the thread pane, counted under their root.
        const posts: PostView[] = [];
        for (const id of ids) {
            const p = postsById[id];
            if (p && p.delete_at === 0 && (!p.root_id || p.type === 'system_ephemeral')) {
                posts.push(fromPost(p));
            }
        }
        if (!hasNewer) {
            for (const p of pending) {
                if (!p.rootId) {
                    posts.push(fromPending(p, myId));
                }
            }
        }
        const rows = buildRows<ListRow>(posts, Date.now(), undefined, newSince, myId, [hasOlder ? LOADING_ROW : INTRO_ROW]);
        // A window that does not reach the present ends with a placeholder for the next page.
        if (hasNewer) {
            rows.push(LOADING_NEWER_ROW);
        }
        return rows;
    }, [ids, postsById, pending, myId, hasOlder, hasNewer, newSince, zone]);

    const scroller = useRef<HTMLDivElement>(null);
    const topSpacer = useRef<HTMLDivElement>(null);
    const heights = useRef<Map<string, number>>(null as unknown as Map<string, number>);
    heights.current ??= channelHeights(channel.id);
    /** How each measured row was shown when measured (see `shapeOf`). */
    const shapes = useRef(new Map<string, string>());
    const [, setMeasured] = useState(0);
    const [view, setViewState] = useState(() => ({top: 0, height: scroller.current?.clientHeight ?? lastListHeight}));
    /** The view last asked for (the state once React has rendered it). The scroll handler asks
     * only for a different one: a state update that changes nothing still makes React render the
     * list (and throw the result away) when the component has just been updated, which after
     * every commit is a whole render of the list for nothing on the next scroll frame. */
    const askedView = useRef(view);
    const setView = useCallback((v: {top: number; height: number}) => {
        askedView.current = v;
        setViewState(v);
    }, []);
    const atBottom = useRef(!highlight);
    /** "Jump to recent" is waiting for the newest page. */
    const jumping = useRef(false);
    const anchor = useRef<Anchor | null>(null);
    /** Where to put the view once its rows exist: a post (centred), the new line, or the bottom. */
    const target = useRef<{key: string | null; passes: number}>({key: highlight ?? (newSince > 0 ? 'new-messages' : null), passes: 3});
    const [farFromBottom, setFarFromBottomState] = useState(false);
    const askedFar = useRef(false);
    const setFarFromBottom = useCallback((far: boolean) => {
        if (askedFar.current !== far) {
            askedFar.current = far;
            setFarFromBottomState(far);
        }
    }, []);
    const [warm, setWarm] = useState(false);
    useEffect(() => {
        if (typeof window.requestIdleCallback !== 'function') {
            const timer = setTimeout(() => setWarm(true), 50);
            return () => clearTimeout(timer);
        }
        const idle = window.requestIdleCallback(() => setWarm(true), {timeout: 200});
        return () => window.cancelIdleCallback(idle);
    }, []);
    /** The scroll position and height after the last adjustment (to notice scrolling not yet reported). */
    const lastTop = useRef(-1);
    const lastHeight = useRef(0);
    /** Where row offset 0 is inside the scroller (the top spacer's top less `shift`), as the last
     * layout effect found it. */
    const rowsStart = useRef(0);
    /** How much shorter the top spacer is than the rows above the rendered ones (their offsets);
     * never positive, so the top of the page is never below the first loaded row (a fast scroll
     * up always reaches it). When rows above the view change height (measured for the first
     * time) or arrive (an older page), the spacer takes up the difference so the rows on screen
     * keep their place in the page and the scroll position does not change: the browser then
     * paints and rasterises only the new rows instead of everything that moved. When the spacer
     * runs out of room, everything moves once and the shift starts again from 0 (or from
     * -SPARE_ROOM_PX while older pages are to come); at the first row it is 0 (the top of the
     * list is exact). The layout effect sets the spacer's height (React does not: it would not
     * know when the effect changed it). */
    const shift = useRef(0);
    /** No scroll event for IDLE_MS: the room above may go back to its spare size (see ROOM). */
    const idle = useRef(true);
    const idleTimer = useRef(0);
    useEffect(() => () => clearTimeout(idleTimer.current), []);
    const spacerHeight = useRef(-1);
    const placeSpacer = useCallback((h: number) => {
        const sp = topSpacer.current;
        if (sp && spacerHeight.current !== h) {
            spacerHeight.current = h;
            sp.style.height = `${h}px`;
        }
    }, []);


    const keys = useMemo(() => rows.map((r) => r.key), [rows]);
    /** Bumped whenever `heights` changes, so the offsets are computed again. */
    const heightsVersion = useRef(0);
    const offsetCache = useRef<{keys: string[]; version: number; offsets: Float64Array} | null>(null);
    /** The rows' offsets with the heights known now: the same array until the rows or heights change
     * (the layout effect measures new rows and uses the new offsets at once, without a render). */
    const offsetsOf = (k: string[], r: ListRow[]): Float64Array => {
        const c = offsetCache.current;
        if (c && c.keys === k && c.version === heightsVersion.current) {
            return c.offsets;
        }
        const fresh = computeOffsets(k, heights.current, (i) => estimate(r[i]));
        offsetCache.current = {keys: k, version: heightsVersion.current, offsets: fresh};
        return fresh;
    };
    const offsets = offsetsOf(keys, rows);
    const indexOf = useMemo(() => {
        const m = new Map<string, number>();
        keys.forEach((k, i) => m.set(k, i));
        return m;
    }, [keys]);
    /** The row keys and their index, for the ResizeObserver (created once). */
    const current = useRef({keys, indexOf});
    current.current = {keys, indexOf};
    const total = offsets[offsets.length - 1] ?? 0;
    // Shown again, with the row it showed gone (the window was cut to its newest posts while the
    // reader was away) or about to go (the channel reloads: a reconnect, a window that did not
    // reach the present): it opens at the bottom, as a fresh list does.
    const wasShown = useRef(shown);
    if (shown && !wasShown.current && !atBottom.current && (list?.status === 'loading' || !anchor.current || !indexOf.has(anchor.current.key))) {
        atBottom.current = true;
        anchor.current = null;
    }
    // Where the view is about to be: on a fresh channel that is the target or the bottom, not the
    // top, so the first render already has the rows that will be on screen.
    const t0 = target.current;
    const targetIndex = t0.passes > 0 && t0.key ? indexOf.get(t0.key) : undefined;
    // After a page arrived or was dropped above the view, the anchor row says where the view will
    // be in the new layout (the last scroll position is in the old one): the rows rendered now are
    // the ones that will be on screen, not ones a page away.
    const anchorIndex = anchor.current && lastTop.current >= 0 ? indexOf.get(anchor.current.key) : undefined;
    const viewTop =
        targetIndex !== undefined
            ? (offsets[targetIndex] ?? 0) - view.height / 2
            : atBottom.current && !hasNewer && !(t0.passes > 0 && t0.key)
              ? Math.max(0, total - view.height)
              : anchorIndex !== undefined && anchor.current
                ? (offsets[anchorIndex + 1] ?? 0) - anchor.current.delta
                : lastTop.current >= 0
                  ? lastTop.current - rowsStart.current
                  : view.top;
    const [start, end] = visibleRange(offsets, viewTop, view.height, warm ? OVERSCAN_PX : FIRST_OVERSCAN_PX);
    /** What the page shows (in row coordinates), for onScroll to compare with: set when a render
     * is committed (the layout effect), not while rendering. React may render the list and then
     * throw the result away (a scroll's state update that turns out to change nothing): had that
     * render recorded its range, onScroll would believe rows rendered that never reached the page
     * and stop asking for them (a scroll up then went on into the blank room above the first
     * row, seen in about one run in five). */
    const rendered = useRef({from: 0, to: 0, total: 0, top: 0});

    // One observer measures every rendered row; a change re-renders once per frame.
    const observer = useRef<ResizeObserver | null>(null);
    const frame = useRef(0);
    useEffect(() => {
        observer.current = new ResizeObserver((entries) => {
            let changed = false;
            for (const entry of entries) {
                const key = rowKey(entry.target as HTMLElement, current.current.keys, current.current.indexOf);
                // Not rounded: the offsets must add up to where the browser puts the rows (see `shift`).
                const h = entry.borderBoxSize?.[0]?.blockSize ?? (entry.target as HTMLElement).getBoundingClientRect().height;
                if (key && h > 0 && heights.current.get(key) !== h) {
                    heights.current.set(key, h);
                    changed = true;
                }
            }
            if (changed) {
                heightsVersion.current++;
            }
            if (changed && !frame.current) {
                frame.current = requestAnimationFrame(() => {
                    frame.current = 0;
                    setMeasured((m) => m + 1);
                });
            }
        });
        return () => {
            observer.current?.disconnect();
            cancelAnimationFrame(frame.current);
            frame.current = 0;
        };
    }, []);
    const measure = useCallback((el: HTMLElement | null) => {
        if (el) {
            observer.current?.observe(el);
        }
    }, []);

    // A permalink into this channel (or a new "new messages" line): decide where the view goes once
    // rows are there. (A new channel is a new list: ChannelBodies keys it by channel.) A target
    // that goes away (the highlight fades, the channel is read) leaves the view where it is.
    // Also when the list is shown again with a target (a permalink into a kept channel may
    // highlight the post it highlighted last time). Not for a post of another channel (a
    // permalink highlights its post before the channel changes).
    const firstTarget = useRef(true);
    useLayoutEffect(() => {
        if (firstTarget.current) {
            firstTarget.current = false;
            return;
        }
        const elsewhere = highlight !== null && postsById[highlight] !== undefined && postsById[highlight].channel_id !== channel.id;
        if (!shown || elsewhere || (!highlight && newSince <= 0)) {
            return;
        }
        target.current = {key: highlight ?? 'new-messages', passes: 3};
        lastTop.current = -1;
        atBottom.current = !highlight;
        anchor.current = null;
        // (postsById and the channel are read as they are when the target changes.)
        // eslint-disable-next-line react-hooks/exhaustive-deps
    }, [highlight, newSince, shown]);

    /** The layout the page shows: the one the last layout effect positioned. A render may already
     * hold the next one (a page prepended) while a scroll is still to be read against this one. */
    const layout = useRef({offsets, keys, rows});
    /** Remembers the first row on screen, to keep it in place through the next update. */
    const rememberAnchor = useCallback(() => {
        const el = scroller.current;
        if (!el) {
            return;
        }
        const padding = rowsStart.current;
        const {offsets: o, keys: k, rows: r} = layout.current;
        let first = rowAt(o, Math.max(0, el.scrollTop - padding));
        // A post (or the channel's intro), never a row that moves when an older page arrives: the
        // "loading older" placeholder stays first, and a day's date row goes up to the first post
        // of that day in the page. Kept in place, either showed the top of the new page and
        // skipped the rest of it (seen whenever the scroll waited at the top for a slow page).
        while (first + 1 < k.length && r[first]?.kind !== 'post' && r[first]?.kind !== 'intro') {
            first++;
        }
        const key = k[first];
        anchor.current = key ? {key, delta: padding + (o[first + 1] ?? 0) - el.scrollTop, pos: padding + (o[first + 1] ?? 0)} : null;
    }, []);

    const paging = useRef({channelId: channel.id, ready: false, hasOlder, hasNewer});
    paging.current = {channelId: channel.id, ready: list?.status === 'ready', hasOlder, hasNewer};
    /** Near either end of the loaded window: load the next page (unless it is on its way). The
     * distances are from the window's first row (not the top of the page: see `shift`) and from
     * the bottom. */
    const loadAhead = useCallback((fromTop: number, fromBottom: number) => {
        const p = paging.current;
        noteView(p.channelId, fromTop, fromBottom);
        if (!p.ready) {
            return;
        }
        if (p.hasOlder && fromTop < LOAD_MORE_PX) {
            void loadOlder(p.channelId);
        }
        if (p.hasNewer && fromBottom < LOAD_MORE_PX) {
            void loadNewer(p.channelId);
        }
    }, []);

    const onScroll = useCallback(() => {
        const el = scroller.current;
        if (!el) {
            return;
        }
        rememberAnchor();
        idle.current = false;
        clearTimeout(idleTimer.current);
        idleTimer.current = window.setTimeout(() => {
            idle.current = true;
            // Too much room above for a list at rest: a render lets the layout effect bound it.
            if (boundShift(shift.current, false, paging.current.hasOlder, true, ROOM) !== shift.current) {
                setMeasured((m) => m + 1);
            }
        }, IDLE_MS);
        const top = el.scrollTop;
        const height = el.clientHeight;
        lastTop.current = top;
        lastHeight.current = el.scrollHeight;
        const fromBottom = el.scrollHeight - top - height;
        // The bottom of a window that does not reach the present is not "the bottom": the view
        // must stay on its rows when the next page arrives, not skip to the end of it.
        atBottom.current = fromBottom < BOTTOM_SLACK_PX && !paging.current.hasNewer;
        setFarFromBottom(fromBottom > height);
        const base = (topSpacer.current?.offsetTop ?? 0) - shift.current;
        const y = top - base;
        loadAhead(y, fromBottom);
        // Re-render only when the viewport nears the edge of the rendered rows (or resized).
        const r = rendered.current;
        const nearTop = r.from > 0 && y - RERENDER_MARGIN_PX < r.from;
        const nearBottom = r.to < r.total && y + height + RERENDER_MARGIN_PX > r.to;
        const v = askedView.current;
        if (!(v.height === height && !nearTop && !nearBottom) && !(v.top === top && v.height === height)) {
            setView({top, height});
        }
    }, [rememberAnchor, loadAhead, setView, setFarFromBottom]);

    // Keep the view where the reader left it: at the bottom, at the target, or on the same row.
    const passes = useRef({frame: -1, count: 0});
    useLayoutEffect(() => {
        const returning = shown && !wasShown.current;
        wasShown.current = shown;
        // Hidden: nothing here is laid out (a read would make the browser lay the hidden rows out).
        if (!shown) {
            return;
        }
        rendered.current = {from: offsets[start] ?? 0, to: offsets[end] ?? total, total, top: viewTop};
        const el = scroller.current;
        if (!el || !list || (list.status === 'loading' && !ids.length)) {
            shift.current = 0;
            spacerHeight.current = -1;
            placeSpacer(offsets[start] ?? 0);
            return;
        }
        // A fresh spacer element (the list showed a skeleton or an error in between).
        if (topSpacer.current && topSpacer.current.style.height === '') {
            spacerHeight.current = -1;
        }
        // The spacer for the rows just rendered, before anything is read (the first read lays the
        // page out; with the old height there, rows removed or added would move the rest and the
        // browser could clamp the scroll position). Adjusted below once new rows are measured.
        // Rows dropped above the anchor (a page joined at the bottom of a full window) keep their
        // height in the spacer already here: without it the page got shorter by a page, the
        // browser clamped the scroll position of a view waiting at the bottom, and the check
        // below took that for the reader's scroll (the view went up by 40-130 px).
        // (The top spacer's top, the padding, is where the last pass found it.)
        const keptShift = (pad: number, o: Float64Array): number => {
            const a = anchor.current && lastTop.current >= 0 ? indexOf.get(anchor.current.key) : undefined;
            return a !== undefined && anchor.current ? pad + (o[a + 1] ?? 0) - anchor.current.pos : shift.current;
        };
        placeSpacer(Math.max(0, (offsets[start] ?? 0) - Math.min(keptShift(rowsStart.current + shift.current, offsets), shift.current)));
        const top0 = el.scrollTop;
        // Scrolled since we last looked, and its scroll event not handled yet: take that position
        // as the reader's (or the view would snap back to where it was).
        // (Not a list shown again: nobody scrolled it while hidden, and its rows may have changed
        // meanwhile, which the browser may have taken in by clamping its scroll position.)
        if (!returning && lastTop.current >= 0 && Math.abs(top0 - lastTop.current) > 1) {
            const fromBottom = lastHeight.current - top0 - el.clientHeight;
            atBottom.current = fromBottom < BOTTOM_SLACK_PX && !hasNewer;
            target.current.passes = 0;
            rememberAnchor();
        }
        // "Jump to recent" from a window that did not reach the present: its newest page is in.
        if (jumping.current && !hasNewer && list.status === 'ready') {
            jumping.current = false;
            atBottom.current = true;
            target.current.passes = 0;
        }
        // Rows just rendered are measured now, before anything is positioned: with estimates the
        // scroll height would change with the rendered range and the view could keep hopping.
        // Only rows not measured yet: the ResizeObserver reports changes of the others. All reads
        // come before any write, so this is the only layout the browser is forced to do here; the
        // new heights only move the offsets of rows below the first new one (the spacers stay as
        // they are), so the positioning below uses them at once instead of rendering again.
        // The rendered rows are rows[start, end), in order: their new heights update the offsets
        // below them (no pass over the window's heights and estimates).
        const measured: [number, number][] = [];
        let inOrder = true;
        let j = start;
        for (const row of el.querySelectorAll<HTMLElement>('.vlist__row')) {
            const key = rowKey(row, keys, indexOf);
            inOrder &&= keys[j] === key;
            j++;
            if (!key) {
                continue;
            }
            // Measured before and shown the same way since (the ResizeObserver reports other
            // changes, a frame later). A post that became the continuation of the one before it,
            // or stopped being one, changed height now: the anchor needs it in this pass.
            const shape = shapeOf(rows[indexOf.get(key) ?? -1]);
            if (heights.current.has(key) && shapes.current.get(key) === shape) {
                continue;
            }
            const h = row.getBoundingClientRect().height;
            if (h > 0) {
                shapes.current.set(key, shape);
                if (heights.current.get(key) !== h) {
                    heights.current.set(key, h);
                    measured.push([j - 1, h]);
                }
            }
        }
        const changed = measured.length > 0;
        if (heights.current.size > HEIGHTS_KEPT) {
            for (const key of heights.current.keys()) {
                if (!indexOf.has(key)) {
                    heights.current.delete(key);
                    shapes.current.delete(key);
                }
            }
        }
        // A safety net: never more than a few synchronous passes per frame.
        const frameNo = Math.floor(performance.now() / 16);
        passes.current = passes.current.frame === frameNo ? {frame: frameNo, count: passes.current.count + 1} : {frame: frameNo, count: 0};
        let o = offsets;
        if (changed) {
            heightsVersion.current++;
            if (inOrder && offsetCache.current?.offsets === offsets) {
                o = withHeights(offsets, measured);
                offsetCache.current = {keys, version: heightsVersion.current, offsets: o};
            } else {
                o = offsetsOf(keys, rows);
            }
            rendered.current = {...rendered.current, from: o[start] ?? 0, to: o[end] ?? o[o.length - 1] ?? 0, total: o[o.length - 1] ?? 0};
        }
        // Where the top spacer begins inside the scroller (its padding, or the room above short
        // content); its top does not depend on its height, so this is the layout read above.
        const padding = topSpacer.current?.offsetTop ?? 0;
        // The shift that keeps the anchor row where it was in the page (see `shift`).
        const kept = keptShift(padding, o);
        // At the first row, out of room above, or too much of it: everything moves once, i.e. the
        // spacer by `kept - sh` and the scroll position with it, in this pass (before the browser
        // paints), so what is on screen stays where it is.
        const sh = boundShift(kept, start === 0, hasOlder, idle.current, ROOM);
        const topBefore = sh === kept ? 0 : el.scrollTop;
        shift.current = sh;
        placeSpacer((o[start] ?? 0) - sh);
        // The blank room above the first loaded row, for the end-to-end tests.
        const room = String(Math.round(-sh));
        if (el.dataset.room !== room) {
            el.dataset.room = room;
        }
        // Where row offset 0 is inside the scroller.
        const base = padding - sh;
        rowsStart.current = base;
        const t0 = target.current;
        if (t0.passes > 0 && t0.key) {
            const i = indexOf.get(t0.key);
            if (i !== undefined) {
                const y = base + (o[i] ?? 0);
                const rowHeight = (o[i + 1] ?? y) - (o[i] ?? 0);
                el.scrollTop = t0.key === highlight ? y - (el.clientHeight - rowHeight) / 2 : y - el.clientHeight / 4;
                t0.passes--;
                atBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < BOTTOM_SLACK_PX && !hasNewer;
            } else if (ids.length) {
                t0.key = null;
            }
        } else if (atBottom.current && !hasNewer) {
            el.scrollTop = el.scrollHeight;
        } else {
            const i = anchor.current ? indexOf.get(anchor.current.key) : undefined;
            if (i !== undefined && anchor.current) {
                const wanted = base + (o[i + 1] ?? 0) - anchor.current.delta;
                if (Math.abs(wanted - el.scrollTop) > 1) {
                    el.scrollTop = wanted;
                }
            } else if (sh !== kept) {
                // No row to anchor to: the view moves with the rows.
                el.scrollTop = topBefore + (kept - sh);
            }
        }
        layout.current = {offsets: o, keys, rows};
        rememberAnchor();
        lastTop.current = el.scrollTop;
        lastHeight.current = el.scrollHeight;
        lastListHeight = el.clientHeight;
        // The rendered rows must cover the viewport where it now is (after anchoring or a jump).
        const y = el.scrollTop - base;
        const r = rendered.current;
        const uncovered = (r.from > 0 && y < r.from) || (r.to < r.total && y + el.clientHeight > r.to);
        // A safety net: never more than a few synchronous passes per frame (this state update
        // renders again at once). Only the render is skipped: the spacer and the scroll position
        // above always change together.
        if (passes.current.count <= 8 && (view.height !== el.clientHeight || (uncovered && Math.abs(r.top - y) > 1))) {
            setView({top: el.scrollTop, height: el.clientHeight});
        }
    });

    useEffect(() => {
        if (!firstPostMarked && rows.some((r) => r.kind === 'post')) {
            firstPostMarked = true;
            performance.mark('outpost:first-post');
        }
    }, [rows]);

    // Also when a page arrives or the window changes without a scroll (a short page, a permalink),
    // or a failed page may be asked for again.
    useEffect(() => {
        const el = scroller.current;
        if (el && shown) {
            loadAhead(el.scrollTop - rowsStart.current, el.scrollHeight - el.scrollTop - el.clientHeight);
        }
    }, [view, win, ids, list?.status, loadAhead, shown]);

    const jumpToRecent = useCallback(() => {
        target.current = {key: null, passes: 0};
        if (paging.current.hasNewer) {
            jumping.current = true;
            void loadPosts(channel.id);
        } else if (scroller.current) {
            atBottom.current = true;
            scroller.current.scrollTop = scroller.current.scrollHeight;
        }
    }, [channel.id]);

    // What I send shows at the bottom: from older history (even a window that does not reach the
    // present), go there.
    const seenPending = useRef<Set<string> | null>(null);
    useEffect(() => {
        const ids = pending.filter((p) => !p.rootId && p.state === 'sending').map((p) => p.pendingId);
        const fresh = seenPending.current !== null && ids.some((id) => !seenPending.current?.has(id));
        seenPending.current = new Set(ids);
        if (fresh && (paging.current.hasNewer || !atBottom.current)) {
            jumpToRecent();
        }
    }, [pending, jumpToRecent]);

    let content: ReactNode;
    if (!list || (list.status === 'loading' && !ids.length && !pending.length)) {
        content = <SkeletonRows count={6} variant='post' />;
    } else if (list.status === 'error' && !ids.length) {
        content = (
            <>
                <EmptyChannel channel={channel} />
                <ErrorNote
                    title={t.messagesUnavailable}
                    error={list.error}
                    detail={list.error?.isMissingEndpoint ? t.messagesMissingEndpoint : undefined}
                    onRetry={() => void loadPosts(channel.id)}
                />
            </>
        );
    } else {
        // One block box holds the spacers and rows (the scroller's flex column only pushes short
        // content to the bottom): rows added or removed at either end are then laid out as
        // blocks, one after another, instead of by the flex algorithm over every rendered row.
        content = (
            <div className='vlist'>
                <div className='vlist__spacer' ref={topSpacer} />
                {rows.slice(start, end).map((row) => (
                    <VirtualRow key={row.key} row={row} channel={channel} measure={measure} />
                ))}
                <div className='vlist__spacer' style={{height: total - (offsets[end] ?? total)}} />
            </div>
        );
    }
    return (
        <div className='message-list-wrap'>
            <div
                className='message-list'
                ref={scroller}
                onScroll={onScroll}
                role='log'
                aria-label={t.messageListLabel(channelName(channel, {}, myId))}
                aria-description={t.messageListKeys}
                tabIndex={0}
                onKeyDown={moveFocusByArrow}
                data-testid={shown ? 'message-list' : 'message-list-kept'}
                data-rows={rows.length}
            >
                <div className='message-list__inner'>{content}</div>
            </div>
            {(farFromBottom || hasNewer) && (
                <button type='button' className='jump-recent' onClick={jumpToRecent}>
                    <Icon name='arrowDown' size={16} />
                    {t.jumpToRecent}
                </button>
            )}
        </div>
    );
});
