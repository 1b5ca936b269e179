// Renders a message's Markdown as React elements: user text never becomes HTML.

import {memo, useMemo} from 'react';
import type {ReactNode} from 'react';

import {parseMarkdown} from './parse';
import type {Inline} from './parse';

function renderInline(nodes: Inline[], myUsername: string): ReactNode[] {
    return nodes.map((n, i) => {
        switch (n.type) {
            case 'text':
                return n.text;
            case 'br':
                return <br key={i} />;
            case 'code':
                return (
                    <code key={i} className='md-code'>
                        {n.text}
                    </code>
                );
            case 'strong':
                return <strong key={i}>{renderInline(n.children, myUsername)}</strong>;
            case 'em':
                return <em key={i}>{renderInline(n.children, myUsername)}</em>;
            case 'del':
                return <del key={i}>{renderInline(n.children, myUsername)}</del>;
            case 'link':
                return (
                    <a key={i} href={n.href} target='_blank' rel='noopener noreferrer'>
                        {renderInline(n.children, myUsername)}
                    </a>
                );
            case 'mention': {
                const lower = n.name.toLowerCase();
                const me = lower === myUsername || lower === 'all' || lower === 'channel' || lower === 'here';
                return (
                    <span key={i} className={me ? 'md-mention md-mention--me' : 'md-mention'}>
                        @{n.name}
                    </span>
                );
            }
        }
    });
}

/** `trailing` (such as "(edited)") is placed at the end of the last paragraph, not on a line of its own. */
export const Markdown = memo(function Markdown({text, myUsername = '', trailing}: {text: string; myUsername?: string; trailing?: ReactNode}) {
    const blocks = useMemo(() => parseMarkdown(text), [text]);
    const me = myUsername.toLowerCase();
    return (
        <>
            {blocks.map((b, i) =>
                b.type === 'codeblock' ? (
                    <pre key={i} className='md-pre' data-lang={b.lang || undefined}>
                        <code>{b.text}</code>
                    </pre>
                ) : (
                    <p key={i} className='md-p'>
                        {renderInline(b.children, me)}
                        {i === blocks.length - 1 && trailing}
                    </p>
                ),
            )}
            {blocks[blocks.length - 1]?.type !== 'paragraph' && trailing}
        </>
    );
});
