// "Custom…" Do not disturb: until a date and time I pick.

import {useState} from 'react';
import type {FormEvent} from 'react';

import {closeModal} from '../store/actions';
import {customDndEnd, defaultCustomValue, localInputValue} from '../store/dnd';
import {setMyStatus} from '../store/status';
import {currentTimeZone} from '../messages/rows';
import {t} from '../strings';
import {FormActions, Modal} from './Modal';

export function DndCustomModal() {
    const [value, setValue] = useState(() => defaultCustomValue(new Date(), currentTimeZone()));
    const [invalid, setInvalid] = useState(false);
    const [busy, setBusy] = useState(false);
    const submit = (e: FormEvent) => {
        e.preventDefault();
        const end = customDndEnd(value, new Date(), currentTimeZone());
        if (end === null) {
            setInvalid(true);
            return;
        }
        setBusy(true);
        void setMyStatus('dnd', end).then(closeModal);
    };
    return (
        <Modal title={t.dndCustomTitle} lead={t.dndCustomLead}>
            <form className='form' onSubmit={submit}>
                <label className='field'>
                    <span className='field__label'>{t.dndEndsAt}</span>
                    <input
                        className='input'
                        type='datetime-local'
                        required
                        min={localInputValue(new Date(), currentTimeZone())}
                        value={value}
                        aria-invalid={invalid}
                        onChange={(e) => {
                            setValue(e.target.value);
                            setInvalid(false);
                        }}
                    />
                </label>
                {invalid && (
                    <p className='form-error' role='alert'>
                        {t.dndEndInPast}
                    </p>
                )}
                <FormActions label={t.dndSet} disabled={busy} />
            </form>
        </Modal>
    );
}
