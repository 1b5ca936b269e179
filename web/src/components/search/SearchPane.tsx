// The search results in the right-hand pane: messages with the matched words marked, where and
// when they were posted, and a jump to each; a Files tab with the matching files.

import {useMemo} from 'react';

import {downloadUrl} from '../../api/files';
import type {FileInfo} from '../../api/files';
import {queryWords} from '../../messages/highlight';
import {Markdown} from '../../markdown/Markdown';
import {dateLabel, timeLabel} from '../../messages/rows';
import {closePane, navigate} from '../../store/actions';
import {channelName, userName} from '../../store/names';
import {mentionTerms, runSearch, setSearchTab} from '../../store/search';
import {useStore} from '../../store/store';
import {t} from '../../strings';
import {ErrorNote} from '../ErrorNote';
import {Icon} from '../Icon';
import {SkeletonRows} from '../Skeleton';
import {Attachments} from '../files/Attachments';

function when(ms: number): string {
    return `${dateLabel(ms, Date.now())} ${timeLabel(ms)}`;
}

function useWhere(channelId: string): string {
    const channel = useStore((s) => s.channels[channelId]);
    const users = useStore((s) => s.users);
    const myId = useStore((s) => s.me?.id ?? '');
    return channel ? t.inChannel(channelName(channel, users, myId)) : '';
}

function useTeamName(): string {
    return useStore((s) => s.teams.data.find((tm) => tm.id === s.currentTeamId)?.name ?? '');
}

function PostResult({postId, words}: {postId: string; words: string[]}) {
    const post = useStore((s) => s.postsById[postId]);
    const user = useStore((s) => (post ? s.users[post.user_id] : undefined));
    const where = useWhere(post?.channel_id ?? '');
    const team = useTeamName();
    const myUsername = useStore((s) => s.me?.username);
    if (!post || post.delete_at) {
        return null;
    }
    return (
        <li className='search-result' data-testid='search-result'>
            <div className='search-result__context'>
                <span className='search-result__where'>{where}</span>
                <button type='button' className='link-button' onClick={() => navigate({name: 'permalink', team, postId})} aria-label={t.jumpTo(where)}>
                    {t.jump}
                </button>
            </div>
            <div className='search-result__meta'>
                <span className='search-result__author'>{userName(user)}</span>
                <time className='post__time' dateTime={new Date(post.create_at).toISOString()}>
                    {when(post.create_at)}
                </time>
            </div>
            {/* Formatted as in the channel, the words found marked. */}
            <div className='search-result__text post__message'>
                <Markdown text={post.message} myUsername={myUsername} marks={words} />
            </div>
            {(post.file_ids?.length ?? 0) > 0 && <Attachments postId={post.id} fileIds={post.file_ids ?? []} files={post.metadata?.files ?? []} />}
        </li>
    );
}

function FileResult({file}: {file: FileInfo}) {
    const where = useWhere(file.channel_id);
    const team = useTeamName();
    return (
        <li className='search-result search-result--file' data-testid='file-result'>
            <span className='file-card__icon' aria-hidden='true'>
                <Icon name='file' size={20} />
            </span>
            <span className='file-card__text'>
                <span className='file-card__name'>{file.name}</span>
                <span className='file-card__meta'>
                    {t.fileKind(file.extension)} · {t.fileSize(file.size)} · {where} · {when(file.create_at)}
                </span>
            </span>
            {file.post_id && (
                <button type='button' className='link-button' onClick={() => navigate({name: 'permalink', team, postId: file.post_id!})} aria-label={t.jumpTo(where)}>
                    {t.jump}
                </button>
            )}
            <a className='icon-button' href={downloadUrl(file.id)} download={file.name} aria-label={t.downloadFile(file.name)} title={t.downloadFile(file.name)}>
                <Icon name='download' size={16} />
            </a>
        </li>
    );
}

export function SearchPane() {
    const search = useStore((s) => s.search);
    const me = useStore((s) => s.me);
    const fallbackWords = useMemo(() => queryWords(search.terms), [search.terms]);
    const list = search.tab === 'messages' ? search.posts : search.files;
    const count = search.tab === 'messages' ? search.posts.data.length : search.files.data.length;
    return (
        <aside className='pane pane--search' aria-label={search.mentions ? t.recentMentions : t.searchTitle}>
            <header className='pane__header'>
                <h2>{search.mentions ? t.recentMentions : t.searchTitle}</h2>
                <button type='button' className='icon-button' onClick={closePane} aria-label={t.closePane} title={t.closePane}>
                    <Icon name='x' />
                </button>
            </header>
            <div className='search-pane__tabs'>
                {/* Recent mentions are messages only. */}
                {search.mentions ? (
                    <span className='muted'>{t.mentionWords(me ? mentionTerms(me) : [])}</span>
                ) : (
                    <div className='segmented' role='tablist' aria-label={t.searchTabs}>
                        <button type='button' role='tab' aria-selected={search.tab === 'messages'} onClick={() => setSearchTab('messages')}>
                            {t.searchMessages}
                        </button>
                        <button type='button' role='tab' aria-selected={search.tab === 'files'} onClick={() => setSearchTab('files')}>
                            {t.searchFiles}
                        </button>
                    </div>
                )}
                {list.status === 'ready' && <span className='muted search-pane__count'>{t.searchCount(count)}</span>}
            </div>
            <div className='pane__scroll' data-testid='search-results' role={search.mentions ? undefined : 'tabpanel'} aria-label={search.tab === 'messages' ? t.searchMessages : t.searchFiles}>
                {list.status === 'loading' ? (
                    <SkeletonRows count={3} variant='post' />
                ) : list.status === 'error' ? (
                    <ErrorNote title={t.searchFailed} error={list.error} onRetry={() => void runSearch(search.terms, search.mentions)} />
                ) : count === 0 ? (
                    <p className='muted pane__empty'>{search.mentions ? t.noRecentMentions : search.tab === 'messages' ? t.searchNoMessages(search.terms) : t.searchNoFiles(search.terms)}</p>
                ) : search.tab === 'messages' ? (
                    <ul className='pane-list'>
                        {search.posts.data.map((id) => (
                            <PostResult key={id} postId={id} words={search.matches[id]?.length ? search.matches[id]! : fallbackWords} />
                        ))}
                    </ul>
                ) : (
                    <ul className='pane-list'>
                        {search.files.data.map((f) => (
                            <FileResult key={f.id} file={f} />
                        ))}
                    </ul>
                )}
            </div>
        </aside>
    );
}
