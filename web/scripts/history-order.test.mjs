// The order check that the end-to-end tests and scripts/perf.mjs apply to a scroll through a
// channel's history.

import {describe, expect, it} from 'vitest';

import {checkScroll} from './history-order.mjs';

const order = ['a', 'b', 'c', 'd', 'e', 'f'];

describe('checkScroll', () => {
    it('accepts a scroll up that shows every post once, in order', () => {
        const views = [['e', 'f'], ['d', 'e'], ['c', 'd'], ['intro', 'date-1', 'a', 'b', 'c']];
        expect(checkScroll(order, views, 'up')).toEqual({posts: 6, steps: 4, unseen: 0, problems: []});
    });

    it('accepts a scroll down that shows every post once, in order', () => {
        const views = [['intro', 'a', 'b'], ['b', 'c', 'd'], ['d', 'e', 'f']];
        expect(checkScroll(order, views, 'down').problems).toEqual([]);
    });

    it('reports a view that went forward on the way up and the post it skipped', () => {
        // The scroll's last view jumped: the start of the channel came in below where the view was.
        const views = [['e', 'f'], ['b', 'c'], ['intro', 'a', 'b', 'c', 'd']];
        expect(checkScroll(order, views, 'up').problems).toEqual(['step 1: skipped #3..#3', 'step 2: went forward from #2 to #3']);
    });

    it('reports posts skipped between two views and posts never on screen', () => {
        const views = [['intro', 'a'], ['d', 'e'], ['e', 'f']];
        const result = checkScroll(order, views, 'down');
        expect(result.problems).toEqual(['step 1: skipped #1..#2']);
        expect(result.unseen).toBe(2);
    });

    it('reports a view with no post on screen (blank room, placeholders only)', () => {
        const views = [['e', 'f'], [], ['loading-older'], ['intro', 'a', 'b', 'c', 'd', 'e']];
        const {problems} = checkScroll(order, views, 'up');
        expect(problems).toEqual(['step 1: no post on screen (nothing)', 'step 2: no post on screen (loading-older)']);
    });

    it('reports a post shown twice in one view', () => {
        const {problems} = checkScroll(order, [['a', 'b', 'b', 'c', 'd', 'e', 'f']], 'down');
        expect(problems).toEqual(['step 0: b (#1) then b (#1)']);
    });
});
