// Renders a message's Markdown as React elements: user text never becomes HTML.

import {memo, useEffect, useState} from 'react';
import type {MouseEvent, ReactNode} from 'react';

import {emojiChar, useEmojiData} from '../emoji';
import {useCustomEmoji} from '../emoji/custom';
import {EmojiGlyph} from '../components/emoji/EmojiGlyph';
import {highlightPieces} from '../messages/highlight';
import {navigate, openProfileByUsername} from '../store/actions';
import {useStore} from '../store/store';
import {parseRoute} from '../store/routes';
import type {Route} from '../store/routes';
import {memoByKey} from './memo';
import {parseMarkdown} from './parse';
import type {Block, Inline} from './parse';
import type {Token} from './highlight';

function Emoji({name}: {name: string}) {
    const data = useEmojiData();
    const char = emojiChar(name, data);
    const custom = useCustomEmoji().get(name);
    if (!char && !custom) {
        return <>:{name}:</>;
    }
    return (
        <span className='md-emoji' role='img' aria-label={`:${name}:`} title={`:${name}:`}>
            {char ?? <EmojiGlyph name={name} />}
        </span>
    );
}

function ChannelLink({name}: {name: string}) {
    const team = useStore((s) => s.teams.data.find((tm) => tm.id === s.currentTeamId)?.name ?? '');
    const channel = useStore((s) => Object.values(s.channels).find((c) => c.name === name && c.team_id === s.currentTeamId));
    if (!team) {
        return <>~{name}</>;
    }
    const open = (e: MouseEvent) => {
        e.preventDefault();
        navigate({name: 'channel', team, channel: name});
    };
    return (
        <a className='md-channel' href={`/${encodeURIComponent(team)}/channels/${encodeURIComponent(name)}`} onClick={open}>
            ~{channel?.display_name ?? name}
        </a>
    );
}

let highlighter: Promise<typeof import('./highlight')> | null = null;
/** The highlighter once its chunk is in: a code block mounted after that is highlighted at once. */
let loadedHighlighter: typeof import('./highlight') | null = null;
/** Highlighted code by language and text (a code block scrolled past again is not highlighted again). */
const highlightedCode = memoByKey(500, (key) => {
    const cut = key.indexOf('\n');
    return loadedHighlighter?.highlight(key.slice(cut + 1), key.slice(0, cut)) ?? null;
});

function tokensNow(lang: string, text: string): Token[] | null {
    return lang && loadedHighlighter?.languageOf(lang) ? highlightedCode(`${lang}\n${text}`) : null;
}

/** A code block; its highlighting arrives with the highlighter chunk (plain text until then). */
function CodeBlock({lang, text}: {lang: string; text: string}) {
    const [, setLoaded] = useState(false);
    useEffect(() => {
        if (!lang || loadedHighlighter) {
            return;
        }
        let live = true;
        highlighter ??= import('./highlight');
        void highlighter.then((h) => {
            loadedHighlighter = h;
            if (live) {
                setLoaded(true);
            }
        });
        return () => {
            live = false;
        };
    }, [lang]);
    const tokens = tokensNow(lang, text);
    return (
        <pre className='md-pre' data-lang={lang || undefined}>
            <code>{tokens ? tokens.map(([kind, s], i) => (kind === 'plain' ? s : <span key={i} className={`hl-${kind}`}>{s}</span>)) : text}</code>
        </pre>
    );
}

/** A link to a message, channel, conversation or the Threads view of this server (a pasted
 * permalink, say) opens here, like Mattermost's; any other link opens in a new tab. */
function appRoute(href: string): Route | null {
    let url: URL;
    try {
        url = new URL(href, window.location.href);
    } catch {
        return null;
    }
    if (url.origin !== window.location.origin) {
        return null;
    }
    const route = parseRoute(url.pathname);
    return route.name === 'permalink' || route.name === 'channel' || route.name === 'dm' || route.name === 'threads' ? route : null;
}

/** `marks`: words to mark (search hits), in text and in mentions. */
function renderInline(nodes: Inline[], myUsername: string, marks?: string[]): ReactNode[] {
    return nodes.map((n, i) => {
        switch (n.type) {
            case 'text':
                return marks ? highlightPieces(n.text, marks).map((p, j) => (p.hit ? <mark key={`${i}.${j}`}>{p.text}</mark> : p.text)) : n.text;
            case 'br':
                return <br key={i} />;
            case 'code':
                return (
                    <code key={i} className='md-code'>
                        {n.text}
                    </code>
                );
            case 'strong':
                return <strong key={i}>{renderInline(n.children, myUsername, marks)}</strong>;
            case 'em':
                return <em key={i}>{renderInline(n.children, myUsername, marks)}</em>;
            case 'del':
                return <del key={i}>{renderInline(n.children, myUsername, marks)}</del>;
            case 'link': {
                const inApp = appRoute(n.href);
                return inApp ? (
                    <a
                        key={i}
                        href={n.href}
                        title={n.title}
                        onClick={(e) => {
                            if (!e.ctrlKey && !e.metaKey && !e.shiftKey && e.button === 0) {
                                e.preventDefault();
                                navigate(inApp);
                            }
                        }}
                    >
                        {renderInline(n.children, myUsername, marks)}
                    </a>
                ) : (
                    <a key={i} href={n.href} title={n.title} target='_blank' rel='noopener noreferrer'>
                        {renderInline(n.children, myUsername, marks)}
                    </a>
                );
            }
            case 'image':
                // Shown in the message, no taller than a few lines; a click opens it full size.
                return (
                    <a key={i} className='md-image' href={n.src} target='_blank' rel='noopener noreferrer'>
                        <img src={n.src} alt={n.alt} loading='lazy' decoding='async' referrerPolicy='no-referrer' />
                    </a>
                );
            case 'mention': {
                const lower = n.name.toLowerCase();
                const group = lower === 'all' || lower === 'channel' || lower === 'here';
                const className = lower === myUsername || group ? 'md-mention md-mention--me' : 'md-mention';
                if (marks?.some((w) => w.toLowerCase() === `@${lower}` || w.toLowerCase() === lower)) {
                    return <mark key={i}>{renderInline([{...n}], myUsername)}</mark>;
                }
                return group ? (
                    <span key={i} className={className} data-mention={lower}>
                        @{n.name}
                    </span>
                ) : (
                    <button key={i} type='button' className={className} data-mention={lower} onClick={(e) => openProfileByUsername(lower.replace(/[._-]+$/, ''), e.currentTarget)}>
                        @{n.name}
                    </button>
                );
            }
            case 'channel':
                return <ChannelLink key={i} name={n.name} />;
            case 'emoji':
                return <Emoji key={i} name={n.name} />;
        }
    });
}

function renderBlocks(blocks: Block[], me: string, trailing?: ReactNode, marks?: string[]): ReactNode[] {
    const last = blocks.length - 1;
    return blocks.map((b, i) => {
        const tail = i === last ? trailing : undefined;
        switch (b.type) {
            case 'paragraph':
                return (
                    <p key={i} className='md-p'>
                        {renderInline(b.children, me, marks)}
                        {tail}
                    </p>
                );
            case 'codeblock':
                return <CodeBlock key={i} lang={b.lang} text={b.text} />;
            case 'heading': {
                const H = `h${b.level}` as const;
                return (
                    <H key={i} className={`md-h md-h${b.level}`}>
                        {renderInline(b.children, me, marks)}
                        {tail}
                    </H>
                );
            }
            case 'hr':
                return <hr key={i} className='md-hr' />;
            case 'quote':
                return (
                    <blockquote key={i} className='md-quote'>
                        {renderBlocks(b.children, me, undefined, marks)}
                    </blockquote>
                );
            case 'list': {
                const items = b.items.map((item, j) => <li key={j}>{renderBlocks(item, me, undefined, marks)}</li>);
                return b.ordered ? (
                    <ol key={i} className='md-list' start={b.start === 1 ? undefined : b.start}>
                        {items}
                    </ol>
                ) : (
                    <ul key={i} className='md-list'>
                        {items}
                    </ul>
                );
            }
            case 'table':
                return (
                    <div key={i} className='md-table-wrap'>
                        <table className='md-table'>
                            <thead>
                                <tr>
                                    {b.header.map((cell, c) => (
                                        <th key={c} style={b.align[c] ? {textAlign: b.align[c]} : undefined}>
                                            {renderInline(cell, me, marks)}
                                        </th>
                                    ))}
                                </tr>
                            </thead>
                            <tbody>
                                {b.rows.map((row, r) => (
                                    <tr key={r}>
                                        {row.map((cell, c) => (
                                            <td key={c} style={b.align[c] ? {textAlign: b.align[c]} : undefined}>
                                                {renderInline(cell, me, marks)}
                                            </td>
                                        ))}
                                    </tr>
                                ))}
                            </tbody>
                        </table>
                    </div>
                );
        }
    });
}

/** Parsed messages (the parse is pure; its result is only read): about the posts of a channel's
 * loaded window and a thread, so a row mounted again is not parsed again. */
const parsedMessage = memoByKey(2000, parseMarkdown);

/** `trailing` (such as "(edited)") is placed at the end of the last paragraph or heading, not on a line of its own.
 * `marks`: words to mark, as search results do. */
export const Markdown = memo(function Markdown({text, myUsername = '', trailing, marks}: {text: string; myUsername?: string; trailing?: ReactNode; marks?: string[]}) {
    const blocks = parsedMessage(text);
    const lastType = blocks[blocks.length - 1]?.type;
    const inline = lastType === 'paragraph' || lastType === 'heading';
    return (
        <>
            {renderBlocks(blocks, myUsername.toLowerCase(), inline ? trailing : undefined, marks?.length ? marks : undefined)}
            {!inline && trailing}
        </>
    );
});
