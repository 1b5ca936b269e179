// "alice is typing…" under a composer, from the `typing` events of the channel or thread.

import {userName} from '../store/names';
import {useStore} from '../store/store';
import {t} from '../strings';

const NOBODY: Record<string, number> = {};

export function TypingIndicator({channelId, rootId}: {channelId: string; rootId: string}) {
    const typing = useStore((s) => s.typing[`${channelId}:${rootId}`] ?? NOBODY);
    const users = useStore((s) => s.users);
    const names = Object.keys(typing).map((id) => userName(users[id]));
    return (
        <p className='typing' aria-live='polite' data-testid='typing'>
            {names.length ? t.typing(names) : '\u00a0'}
        </p>
    );
}
