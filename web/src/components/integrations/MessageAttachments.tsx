// A post's message attachments as Mattermost shows them: a colour bar, pretext, author, linked
// title, Markdown text, fields in one or two columns, image, thumbnail, footer and time, and the
// integration's buttons and menus (each calls its action; disabled while it runs).

import {useState} from 'react';

import type {ApiError} from '../../api/client';
import {doPostAction} from '../../api/integrations';
import {Markdown} from '../../markdown/Markdown';
import {barColor, fieldRows, readAttachments, safeUrl} from '../../messages/attachments';
import type {Attachment, AttachmentAction} from '../../messages/attachments';
import {gotoTarget} from '../../messages/commands';
import {navigate} from '../../store/actions';
import {userName} from '../../store/names';
import {parseRoute} from '../../store/routes';
import {useStore} from '../../store/store';
import {t} from '../../strings';
import {errorText} from '../ErrorNote';

function ActionControl({postId, action, pending, run}: {postId: string; action: AttachmentAction; pending: boolean; run: (id: string, option?: string) => void}) {
    const users = useStore((s) => s.users);
    const channels = useStore((s) => s.channels);
    if (action.type === 'select') {
        const options =
            action.dataSource === 'users'
                ? Object.values(users).filter((u) => u.delete_at === 0).map((u) => ({text: userName(u), value: u.id}))
                : action.dataSource === 'channels'
                  ? Object.values(channels).filter((c) => c.type === 'O' && c.delete_at === 0).map((c) => ({text: c.display_name, value: c.id}))
                  : action.options;
        return (
            <select
                className='attachment__select'
                aria-label={action.name}
                disabled={pending}
                defaultValue={action.defaultOption}
                data-post-id={postId}
                onChange={(e) => e.target.value && run(action.id, e.target.value)}
            >
                <option value=''>{action.name}</option>
                {options.map((o) => (
                    <option key={o.value} value={o.value}>
                        {o.text}
                    </option>
                ))}
            </select>
        );
    }
    const style = ['good', 'success', 'primary', 'danger', 'warning'].includes(action.style) ? action.style : 'default';
    return (
        <button type='button' className={`attachment__button attachment__button--${style}`} disabled={pending} aria-busy={pending} onClick={() => run(action.id)}>
            {action.name}
        </button>
    );
}

function Actions({postId, actions}: {postId: string; actions: AttachmentAction[]}) {
    const [pending, setPending] = useState<string | null>(null);
    const [error, setError] = useState<ApiError | null>(null);
    const run = (actionId: string, option = '') => {
        setPending(actionId);
        setError(null);
        doPostAction(postId, actionId, option).then(
            (answer) => {
                setPending(null);
                const target = gotoTarget(answer?.goto_location ?? '', window.location.origin);
                if (target && 'internal' in target) {
                    navigate(parseRoute(target.internal));
                } else if (target) {
                    window.open(target.external, '_blank', 'noopener,noreferrer');
                }
            },
            (err: ApiError) => {
                setPending(null);
                setError(err);
            },
        );
    };
    return (
        <div className='attachment__actions'>
            {actions.map((a) => (
                <ActionControl key={a.id} postId={postId} action={a} pending={pending !== null} run={run} />
            ))}
            {error && (
                <p className='attachment__error' role='alert'>
                    {t.actionError}: {errorText(error)}
                </p>
            )}
        </div>
    );
}

function OneAttachment({postId, a, myUsername}: {postId: string; a: Attachment; myUsername?: string}) {
    const titleLink = safeUrl(a.titleLink);
    const authorLink = safeUrl(a.authorLink);
    const image = safeUrl(a.imageUrl);
    const thumb = safeUrl(a.thumbUrl);
    const authorIcon = safeUrl(a.authorIcon);
    const footerIcon = safeUrl(a.footerIcon);
    return (
        <div className='attachment' data-testid='message-attachment'>
            {a.pretext && (
                <div className='attachment__pretext'>
                    <Markdown text={a.pretext} myUsername={myUsername} />
                </div>
            )}
            <div className='attachment__box' style={{borderLeftColor: barColor(a.color)}}>
                <div className='attachment__main'>
                    <div className='attachment__content'>
                        {a.authorName && (
                            <div className='attachment__author'>
                                {authorIcon && <img src={authorIcon} alt='' width={16} height={16} loading='lazy' />}
                                {authorLink ? (
                                    <a href={authorLink} target='_blank' rel='noopener noreferrer'>
                                        {a.authorName}
                                    </a>
                                ) : (
                                    <span>{a.authorName}</span>
                                )}
                            </div>
                        )}
                        {a.title && (
                            <h4 className='attachment__title'>
                                {titleLink ? (
                                    <a href={titleLink} target='_blank' rel='noopener noreferrer'>
                                        {a.title}
                                    </a>
                                ) : (
                                    a.title
                                )}
                            </h4>
                        )}
                        {a.text && (
                            <div className='attachment__text'>
                                <Markdown text={a.text} myUsername={myUsername} />
                            </div>
                        )}
                        {a.fields.length > 0 && (
                            <table className='attachment__fields'>
                                <tbody>
                                    {fieldRows(a.fields).map((row, i) => (
                                        <tr key={i}>
                                            {row.map((f, j) => (
                                                <td key={j} colSpan={row.length === 1 && !f.short ? 2 : 1} className='attachment__field'>
                                                    {f.title && <div className='attachment__field-title'>{f.title}</div>}
                                                    <div className='attachment__field-value'>
                                                        <Markdown text={f.value} myUsername={myUsername} />
                                                    </div>
                                                </td>
                                            ))}
                                        </tr>
                                    ))}
                                </tbody>
                            </table>
                        )}
                    </div>
                    {thumb && <img className='attachment__thumb' src={thumb} alt='' width={75} height={75} loading='lazy' />}
                </div>
                {image && <img className='attachment__image' src={image} alt='' loading='lazy' />}
                {(a.footer || a.ts > 0) && (
                    <div className='attachment__footer'>
                        {footerIcon && <img src={footerIcon} alt='' width={16} height={16} loading='lazy' />}
                        {a.footer && <span>{a.footer}</span>}
                        {a.ts > 0 && <time dateTime={new Date(a.ts * 1000).toISOString()}>{new Date(a.ts * 1000).toLocaleString()}</time>}
                    </div>
                )}
                {a.actions.length > 0 && <Actions postId={postId} actions={a.actions} />}
            </div>
        </div>
    );
}

export function MessageAttachments({postId, props, myUsername}: {postId: string; props: unknown; myUsername?: string}) {
    const list = readAttachments(props);
    if (!list.length) {
        return null;
    }
    return (
        <div className='attachments-list'>
            {list.map((a, i) => (
                <OneAttachment key={i} postId={postId} a={a} myUsername={myUsername} />
            ))}
        </div>
    );
}
