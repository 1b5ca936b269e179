import {describe, expect, it} from 'vitest';

import {initialValues, missingFields, readDialog, submission} from './dialog';

const event = JSON.stringify({
    url: 'http://127.0.0.1:9/submit',
    trigger_id: 't1',
    dialog: {
        callback_id: 'cb',
        title: 'Deploy',
        submit_label: 'Go',
        notify_on_cancel: true,
        state: 's',
        elements: [
            {display_name: 'Name', name: 'name', type: 'text'},
            {display_name: 'Count', name: 'count', type: 'text', subtype: 'number', default: '2'},
            {display_name: 'Notes', name: 'notes', type: 'textarea', optional: true},
            {display_name: 'Env', name: 'env', type: 'select', options: [{text: 'Prod', value: 'prod'}]},
            {display_name: 'Force', name: 'force', type: 'bool', default: 'true'},
            {display_name: 'Bad', name: 'bad', type: 'unknown'},
        ],
    },
});

describe('interactive dialogs', () => {
    it('reads the open_dialog event and drops unknown element types', () => {
        const d = readDialog(event)!;
        expect(d.title).toBe('Deploy');
        expect(d.callbackId).toBe('cb');
        expect(d.notifyOnCancel).toBe(true);
        expect(d.elements.map((e) => e.name)).toEqual(['name', 'count', 'notes', 'env', 'force']);
        expect(d.elements[3]!.options).toEqual([{text: 'Prod', value: 'prod'}]);
        expect(readDialog('not json')).toBeNull();
        expect(readDialog(JSON.stringify({url: 'x', dialog: {}}))).toBeNull();
    });

    it('starts from the defaults, requires the non-optional fields and converts the submission', () => {
        const d = readDialog(event)!;
        const values = initialValues(d);
        expect(values).toEqual({name: '', count: '2', notes: '', env: '', force: true});
        expect(missingFields(d, values, 'Required')).toEqual({name: 'Required', env: 'Required'});
        const filled = {...values, name: 'web', env: 'prod'};
        expect(missingFields(d, filled, 'Required')).toEqual({});
        expect(submission(d, filled)).toEqual({name: 'web', count: 2, env: 'prod', force: true});
    });
});
