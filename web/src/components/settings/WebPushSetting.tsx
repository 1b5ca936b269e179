// "Push notifications when Outpost is closed": subscribes this browser to Web Push (or stops),
// or says why it cannot.

import {useEffect, useId, useState} from 'react';

import {ApiError} from '../../api/client';
import {useStore} from '../../store/store';
import {PushError, disableWebPush, enableWebPush, webPushState} from '../../store/webPush';
import type {PushState} from '../../store/webPush';
import {t} from '../../strings';
import {errorText} from '../ErrorNote';

function why(err: unknown): string {
    if (err instanceof ApiError) {
        return errorText(err);
    }
    if (err instanceof PushError && err.reason) {
        return err.message === 'bad-key' ? t.webPushBadKey : t.webPushUnavailable[err.reason];
    }
    return err instanceof Error ? err.message : String(err);
}

export function WebPushSetting() {
    const key = useStore((s) => (s.config as Record<string, string | undefined>).WebPushPublicKey);
    const [state, setPushState] = useState<PushState | null>(null);
    /** While a change is on its way: the state asked for (shown at once). */
    const [pending, setPending] = useState<boolean | null>(null);
    const busy = pending !== null;
    const [error, setError] = useState<string | null>(null);
    const hintId = useId();
    useEffect(() => {
        let live = true;
        webPushState(key).then(
            (st) => live && setPushState(st),
            () => live && setPushState({kind: 'unavailable', reason: 'unsupported'}),
        );
        return () => {
            live = false;
        };
    }, [key]);
    const subscribed = state?.kind === 'ready' && state.subscribed;
    const toggle = (on: boolean) => {
        setPending(on);
        setError(null);
        (on ? enableWebPush(key ?? '') : disableWebPush()).then(
            () => {
                setPending(null);
                setPushState({kind: 'ready', subscribed: on});
            },
            (err: unknown) => {
                setPending(null);
                if (err instanceof PushError && err.reason === 'denied') {
                    setPushState({kind: 'unavailable', reason: 'denied'});
                } else {
                    setError(on ? t.webPushFailed(why(err)) : t.webPushOffFailed(why(err)));
                    // Turning off drops the browser's subscription even when the server failed.
                    if (!on) {
                        setPushState({kind: 'ready', subscribed: false});
                    }
                }
            },
        );
    };
    const note = !state ? t.webPushChecking : state.kind === 'unavailable' ? t.webPushUnavailable[state.reason] : subscribed ? t.webPushOn : t.webPushHint;
    return (
        <div className='settings__group' data-testid='web-push'>
            <label className='check'>
                <input type='checkbox' checked={pending ?? subscribed} disabled={busy || state?.kind !== 'ready'} aria-busy={busy} aria-describedby={hintId} onChange={(e) => toggle(e.target.checked)} />
                <span>{t.webPush}</span>
            </label>
            <p className='field__hint' id={hintId} role='status'>
                {note}
            </p>
            {error && (
                <p className='form-error' role='alert'>
                    {error}
                </p>
            )}
        </div>
    );
}
