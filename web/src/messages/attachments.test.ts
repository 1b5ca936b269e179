import {describe, expect, it} from 'vitest';

import {barColor, fieldRows, postOverride, readAttachments, safeUrl} from './attachments';

describe('readAttachments', () => {
    it('reads Slack attachments from props, tolerating malformed ones', () => {
        const list = readAttachments({
            attachments: [
                null,
                'x',
                {
                    color: 'good',
                    title: 'Build',
                    fields: [{title: 'Branch', value: 'main', short: true}, {title: 'Took', value: 42, short: 'true'}, {}],
                    actions: [{id: 'ok', name: 'OK'}, {name: 'no id'}, {id: 'pick', name: 'Pick', type: 'select', options: [{text: 'A', value: 'a'}]}],
                    ts: '1700000000',
                },
            ],
        });
        expect(list).toHaveLength(1);
        const a = list[0]!;
        expect(a.fields).toEqual([
            {title: 'Branch', value: 'main', short: true},
            {title: 'Took', value: '42', short: true},
        ]);
        expect(a.actions.map((x) => [x.id, x.type])).toEqual([
            ['ok', 'button'],
            ['pick', 'select'],
        ]);
        expect(a.actions[1]!.options).toEqual([{text: 'A', value: 'a'}]);
        expect(a.ts).toBe(1700000000);
        expect(readAttachments({})).toEqual([]);
        expect(readAttachments(undefined)).toEqual([]);
        expect(readAttachments({attachments: 'nope'})).toEqual([]);
    });

    it('falls back to the fallback text only when nothing else shows', () => {
        expect(readAttachments({attachments: [{fallback: 'plain'}]})[0]!.text).toBe('plain');
        expect(readAttachments({attachments: [{fallback: 'plain', title: 'T'}]})[0]!.text).toBe('');
    });
});

describe('fieldRows', () => {
    it('pairs short fields and keeps long ones alone', () => {
        const f = (title: string, short: boolean) => ({title, value: 'v', short});
        const rows = fieldRows([f('a', true), f('b', true), f('c', true), f('d', false), f('e', true)]);
        expect(rows.map((r) => r.map((x) => x.title))).toEqual([['a', 'b'], ['c'], ['d'], ['e']]);
    });
});

describe('colours, links and overrides', () => {
    it('maps colour names and accepts hex', () => {
        expect(barColor('danger')).toBe('var(--danger)');
        expect(barColor('#abc')).toBe('#abc');
        expect(barColor('00ff00')).toBe('#00ff00');
        expect(barColor('red; x: y')).toBe('var(--border)');
    });

    it('keeps only http(s) URLs', () => {
        expect(safeUrl('https://x.test/a.png')).toBe('https://x.test/a.png');
        expect(safeUrl('javascript:alert(1)')).toBe('');
    });

    it('uses the override name and icon only for webhook posts', () => {
        expect(postOverride({from_webhook: 'true', override_username: 'ci', override_icon_url: 'https://x.test/i.png'})).toEqual({
            username: 'ci',
            iconUrl: 'https://x.test/i.png',
            fromWebhook: true,
            fromBot: false,
        });
        expect(postOverride({override_username: 'ci'}).username).toBe('');
    });
});
