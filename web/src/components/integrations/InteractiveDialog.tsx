// An integration's interactive dialog (open_dialog): its elements as a form; submitting sends
// the values to the integration, whose field errors show under their fields. Loaded on demand.

import {useState} from 'react';
import type {FormEvent} from 'react';

import type {ApiError} from '../../api/client';
import {submitDialog} from '../../api/integrations';
import type {DialogSubmission} from '../../api/integrations';
import {Markdown} from '../../markdown/Markdown';
import {initialValues, missingFields, submission} from '../../messages/dialog';
import type {DialogElement, DialogValues, OpenDialog} from '../../messages/dialog';
import {getState, setState, useStore} from '../../store/store';
import {t} from '../../strings';
import {FormError} from '../ErrorNote';
import {Modal} from '../Modal';

function request(dialog: OpenDialog, channelId: string, values: Record<string, unknown>, cancelled: boolean): DialogSubmission {
    const {me, channels, currentTeamId} = getState();
    return {
        url: dialog.url,
        callback_id: dialog.callbackId,
        state: dialog.state,
        user_id: me?.id ?? '',
        channel_id: channelId,
        team_id: channels[channelId]?.team_id || currentTeamId || '',
        submission: values as DialogSubmission['submission'],
        cancelled,
    };
}

function close(notify: boolean): void {
    const open = getState().dialog;
    setState({dialog: null});
    if (open && notify && open.dialog.notifyOnCancel) {
        void submitDialog(request(open.dialog, open.channelId, {}, true)).catch(() => undefined);
    }
}

function Field({element: e, value, error, onChange}: {element: DialogElement; value: string | boolean; error?: string; onChange: (v: string | boolean) => void}) {
    const id = `dialog-${e.name}`;
    const label = `${e.displayName}${e.optional ? ` ${t.optionalField}` : ''}`;
    const described = [e.helpText && `${id}-help`, error && `${id}-error`].filter(Boolean).join(' ') || undefined;
    const text = typeof value === 'string' ? value : '';
    let control;
    if (e.type === 'textarea') {
        control = <textarea id={id} className='input' rows={4} value={text} placeholder={e.placeholder} maxLength={e.maxLength || undefined} aria-invalid={Boolean(error)} aria-describedby={described} onChange={(ev) => onChange(ev.target.value)} />;
    } else if (e.type === 'select') {
        control = (
            <select id={id} className='input' value={text} aria-invalid={Boolean(error)} aria-describedby={described} onChange={(ev) => onChange(ev.target.value)}>
                <option value=''>{e.placeholder || '—'}</option>
                {e.options.map((o) => (
                    <option key={o.value} value={o.value}>
                        {o.text}
                    </option>
                ))}
            </select>
        );
    } else if (e.type === 'bool') {
        return (
            <div className='field'>
                <label className='check'>
                    <input type='checkbox' checked={value === true} aria-describedby={described} onChange={(ev) => onChange(ev.target.checked)} />
                    <span>{e.placeholder || e.displayName}</span>
                </label>
                {e.helpText && <span id={`${id}-help`} className='field__hint'>{e.helpText}</span>}
                {error && <span id={`${id}-error`} className='field__error' role='alert'>{error}</span>}
            </div>
        );
    } else if (e.type === 'radio') {
        return (
            <fieldset className='field dialog__radios' aria-describedby={described}>
                <legend className='field__label'>{label}</legend>
                {e.options.map((o) => (
                    <label key={o.value} className='check'>
                        <input type='radio' name={id} value={o.value} checked={text === o.value} onChange={() => onChange(o.value)} />
                        <span>{o.text}</span>
                    </label>
                ))}
                {e.helpText && <span id={`${id}-help`} className='field__hint'>{e.helpText}</span>}
                {error && <span id={`${id}-error`} className='field__error' role='alert'>{error}</span>}
            </fieldset>
        );
    } else {
        const type = ['email', 'number', 'password', 'tel', 'url'].includes(e.subtype) ? e.subtype : 'text';
        control = <input id={id} className='input' type={type} value={text} placeholder={e.placeholder} maxLength={e.maxLength || undefined} aria-invalid={Boolean(error)} aria-describedby={described} onChange={(ev) => onChange(ev.target.value)} />;
    }
    return (
        <div className='field'>
            <label className='field__label' htmlFor={id}>
                {label}
            </label>
            {control}
            {e.helpText && <span id={`${id}-help`} className='field__hint'>{e.helpText}</span>}
            {error && <span id={`${id}-error`} className='field__error' role='alert'>{error}</span>}
        </div>
    );
}

function DialogForm({dialog, channelId}: {dialog: OpenDialog; channelId: string}) {
    const [values, setValues] = useState<DialogValues>(() => initialValues(dialog));
    const [errors, setErrors] = useState<Record<string, string>>({});
    const [general, setGeneral] = useState('');
    const [failure, setFailure] = useState<ApiError | null>(null);
    const [busy, setBusy] = useState(false);
    const submit = (ev: FormEvent) => {
        ev.preventDefault();
        const missing = missingFields(dialog, values, t.dialogRequired);
        setErrors(missing);
        setGeneral('');
        setFailure(null);
        if (Object.keys(missing).length) {
            return;
        }
        setBusy(true);
        submitDialog(request(dialog, channelId, submission(dialog, values), false)).then(
            (answer) => {
                setBusy(false);
                const fieldErrors = answer?.errors && typeof answer.errors === 'object' ? answer.errors : {};
                if (Object.keys(fieldErrors).length || answer?.error) {
                    setErrors(fieldErrors);
                    setGeneral(answer?.error ?? '');
                    return;
                }
                close(false);
            },
            (err: ApiError) => {
                setBusy(false);
                setFailure(err);
            },
        );
    };
    return (
        <Modal title={dialog.title} onClose={() => close(true)}>
            <form className='form dialog' onSubmit={submit} noValidate>
                {dialog.introductionText && (
                    <div className='dialog__intro'>
                        <Markdown text={dialog.introductionText} />
                    </div>
                )}
                {dialog.elements.map((e) => (
                    <Field key={e.name} element={e} value={values[e.name] ?? ''} error={errors[e.name]} onChange={(v) => setValues((old) => ({...old, [e.name]: v}))} />
                ))}
                {general && (
                    <p className='field__error' role='alert'>
                        {general}
                    </p>
                )}
                <FormError error={failure} />
                <div className='modal__actions'>
                    <button type='button' className='button' onClick={() => close(true)}>
                        {t.cancel}
                    </button>
                    <button type='submit' className='button button--primary' disabled={busy}>
                        {dialog.submitLabel || t.dialogSubmit}
                    </button>
                </div>
            </form>
        </Modal>
    );
}

export default function InteractiveDialog() {
    const open = useStore((s) => s.dialog);
    if (!open) {
        return null;
    }
    // Keyed by trigger: a new dialog starts from its own defaults.
    return <DialogForm key={open.dialog.triggerId || open.dialog.callbackId} dialog={open.dialog} channelId={open.channelId} />;
}
