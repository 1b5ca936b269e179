// Interactive dialogs (Mattermost's open_dialog), as pure functions: reading the event, the
// initial values of its elements, checking required fields, and the submission to send.

export interface DialogOption {
    text: string;
    value: string;
}

export interface DialogElement {
    displayName: string;
    name: string;
    type: 'text' | 'textarea' | 'select' | 'bool' | 'radio';
    subtype: string;
    defaultValue: string;
    placeholder: string;
    helpText: string;
    optional: boolean;
    maxLength: number;
    options: DialogOption[];
}

export interface OpenDialog {
    url: string;
    triggerId: string;
    callbackId: string;
    title: string;
    introductionText: string;
    elements: DialogElement[];
    submitLabel: string;
    notifyOnCancel: boolean;
    state: string;
}

export type DialogValues = Record<string, string | boolean>;

const str = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : '');
const obj = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' ? (v as Record<string, unknown>) : {});
const TYPES = new Set(['text', 'textarea', 'select', 'bool', 'radio']);

/** The open_dialog event's `dialog` (a JSON string, or already an object); null if unusable. */
export function readDialog(raw: unknown): OpenDialog | null {
    let data: unknown = raw;
    if (typeof raw === 'string') {
        try {
            data = JSON.parse(raw);
        } catch {
            return null;
        }
    }
    const outer = obj(data);
    const d = obj(outer.dialog);
    if (!outer.url || !d.title) {
        return null;
    }
    const elements = (Array.isArray(d.elements) ? d.elements : [])
        .map(obj)
        .filter((e) => str(e.name) && TYPES.has(str(e.type)))
        .map((e) => ({
            displayName: str(e.display_name) || str(e.name),
            name: str(e.name),
            type: str(e.type) as DialogElement['type'],
            subtype: str(e.subtype),
            defaultValue: str(e.default),
            placeholder: str(e.placeholder),
            helpText: str(e.help_text),
            optional: e.optional === true,
            maxLength: typeof e.max_length === 'number' ? e.max_length : 0,
            options: (Array.isArray(e.options) ? e.options : []).map(obj).map((o) => ({text: str(o.text), value: str(o.value)})),
        }));
    return {
        url: str(outer.url),
        triggerId: str(outer.trigger_id),
        callbackId: str(d.callback_id),
        title: str(d.title),
        introductionText: str(d.introduction_text),
        elements,
        submitLabel: str(d.submit_label),
        notifyOnCancel: d.notify_on_cancel === true,
        state: str(d.state),
    };
}

export function initialValues(dialog: OpenDialog): DialogValues {
    return Object.fromEntries(dialog.elements.map((e) => [e.name, e.type === 'bool' ? e.defaultValue === 'true' : e.defaultValue]));
}

/** Required fields left empty: field name → the message to show. */
export function missingFields(dialog: OpenDialog, values: DialogValues, message: string): Record<string, string> {
    const errors: Record<string, string> = {};
    for (const e of dialog.elements) {
        const v = values[e.name];
        if (!e.optional && e.type !== 'bool' && (typeof v !== 'string' || !v.trim())) {
            errors[e.name] = message;
        }
    }
    return errors;
}

/** What the dialog sends: numbers for number fields, booleans for bool, text otherwise. */
export function submission(dialog: OpenDialog, values: DialogValues): Record<string, string | number | boolean> {
    const out: Record<string, string | number | boolean> = {};
    for (const e of dialog.elements) {
        const v = values[e.name];
        if (e.type === 'bool') {
            out[e.name] = v === true;
        } else if (typeof v === 'string' && v !== '') {
            out[e.name] = e.subtype === 'number' && Number.isFinite(Number(v)) ? Number(v) : v;
        }
    }
    return out;
}
