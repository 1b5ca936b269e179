// Editing a message in place: Enter saves, Shift+Enter adds a line, Esc cancels; formatting keys
// as in the composer.

import {useLayoutEffect, useRef, useState} from 'react';

import {applyFormat, formatOfKey} from '../messages/format';
import {editPost, startEditing} from '../store/actions';
import {t} from '../strings';

export function PostEditor({postId, message}: {postId: string; message: string}) {
    const [text, setText] = useState(message);
    const box = useRef<HTMLTextAreaElement>(null);
    useLayoutEffect(() => {
        const el = box.current;
        if (el) {
            el.focus();
            el.setSelectionRange(el.value.length, el.value.length);
        }
    }, []);
    // The selection after formatting, once React has put the new text in the box.
    const pendingSelection = useRef<[number, number] | null>(null);
    useLayoutEffect(() => {
        const at = pendingSelection.current;
        if (at && box.current) {
            pendingSelection.current = null;
            box.current.setSelectionRange(at[0], at[1]);
        }
    });
    const save = () => {
        const trimmed = text.trim();
        if (trimmed) {
            void editPost(postId, trimmed);
        }
    };
    return (
        <div className='post-editor'>
            <textarea
                ref={box}
                className='post-editor__input'
                aria-label={t.editLabel}
                value={text}
                rows={Math.min(10, Math.max(1, text.split('\n').length))}
                onChange={(e) => setText(e.target.value)}
                onKeyDown={(e) => {
                    const format = formatOfKey(e);
                    if (format) {
                        e.preventDefault();
                        const el = e.currentTarget;
                        const edit = applyFormat(text, el.selectionStart, el.selectionEnd, format);
                        pendingSelection.current = [edit.start, edit.end];
                        setText(edit.text);
                    } else if (e.key === 'Escape') {
                        e.preventDefault();
                        startEditing(null);
                    } else if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
                        e.preventDefault();
                        save();
                    }
                }}
            />
            <div className='post-editor__bar'>
                <span className='muted'>{t.editHint}</span>
                <button type='button' className='button button--quiet' onClick={() => startEditing(null)}>
                    {t.cancel}
                </button>
                <button type='button' className='button button--primary' onClick={save} disabled={!text.trim()}>
                    {t.save}
                </button>
            </div>
        </div>
    );
}
