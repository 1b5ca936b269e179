// A channel's notification preferences (the membership's notify_props) as the form shows them,
// and back. Mattermost's stored values: desktop and push `default|all|mention|none`, email
// `default|true|false`, mark_unread `all|mention` (mention = muted), ignore_channel_mentions
// `default|on|off`.

import type {ChannelNotifyProps} from '../api/client';

export type Level = 'default' | 'all' | 'mention' | 'none';

export interface ChannelNotifyForm {
    muted: boolean;
    desktop: Level;
    push: Level;
    email: 'default' | 'all' | 'none';
    /** `on` ignores @channel, @here and @all in this channel. */
    ignoreChannelMentions: 'default' | 'on' | 'off';
}

type Props = Partial<Record<keyof ChannelNotifyProps, string>> | undefined;

const LEVELS: Level[] = ['default', 'all', 'mention', 'none'];

function level(value: string | undefined): Level {
    return LEVELS.includes(value as Level) ? (value as Level) : 'default';
}

/** Muted in Mattermost's sense: marked unread for mentions only. */
export function isMuted(props: Props): boolean {
    return props?.mark_unread === 'mention';
}

export function notifyForm(props: Props): ChannelNotifyForm {
    const email = props?.email;
    return {
        muted: isMuted(props),
        desktop: level(props?.desktop),
        push: level(props?.push),
        // Older clients wrote the levels here too.
        email: email === 'true' || email === 'all' || email === 'mention' ? 'all' : email === 'false' || email === 'none' ? 'none' : 'default',
        ignoreChannelMentions: props?.ignore_channel_mentions === 'on' || props?.ignore_channel_mentions === 'off' ? props.ignore_channel_mentions : 'default',
    };
}

/** The props to send (only the fields this form owns; the server merges them into the rest). */
export function notifyPropsFromForm(form: ChannelNotifyForm): Record<string, string> {
    return {
        mark_unread: form.muted ? 'mention' : 'all',
        desktop: form.desktop,
        push: form.push,
        email: form.email === 'all' ? 'true' : form.email === 'none' ? 'false' : 'default',
        ignore_channel_mentions: form.ignoreChannelMentions,
    };
}
