import {describe, expect, it} from 'vitest';

import {isMuted, notifyForm, notifyPropsFromForm} from './channelNotify';

describe('channel notify_props ⇄ form', () => {
    it("reads the server's defaults as all-default, not muted", () => {
        const defaults = {desktop: 'default', email: 'default', mark_unread: 'all', push: 'default', ignore_channel_mentions: 'default'} as const;
        expect(notifyForm(defaults)).toEqual({muted: false, desktop: 'default', push: 'default', email: 'default', ignoreChannelMentions: 'default'});
        expect(notifyForm(undefined)).toEqual({muted: false, desktop: 'default', push: 'default', email: 'default', ignoreChannelMentions: 'default'});
    });

    it("maps e-mail to Mattermost's true/false and mute to mark_unread", () => {
        expect(notifyPropsFromForm({muted: true, desktop: 'none', push: 'mention', email: 'none', ignoreChannelMentions: 'on'})).toEqual({
            mark_unread: 'mention',
            desktop: 'none',
            push: 'mention',
            email: 'false',
            ignore_channel_mentions: 'on',
        });
        expect(notifyPropsFromForm({muted: false, desktop: 'all', push: 'default', email: 'all', ignoreChannelMentions: 'default'})).toMatchObject({mark_unread: 'all', email: 'true'});
        expect(notifyPropsFromForm({muted: false, desktop: 'default', push: 'default', email: 'default', ignoreChannelMentions: 'off'})).toMatchObject({email: 'default', ignore_channel_mentions: 'off'});
    });

    it('round-trips what it writes', () => {
        const form = {muted: true, desktop: 'mention', push: 'all', email: 'all', ignoreChannelMentions: 'off'} as const;
        expect(notifyForm(notifyPropsFromForm(form))).toEqual(form);
    });

    it('reads level-style e-mail values and unknown values safely', () => {
        expect(notifyForm({email: 'all'} as never).email).toBe('all');
        expect(notifyForm({email: 'none'} as never).email).toBe('none');
        expect(notifyForm({desktop: 'loud', ignore_channel_mentions: 'maybe'} as never)).toMatchObject({desktop: 'default', ignoreChannelMentions: 'default'});
    });

    it('muted means marked unread for mentions only', () => {
        expect(isMuted({mark_unread: 'mention'})).toBe(true);
        expect(isMuted({mark_unread: 'all'})).toBe(false);
        expect(isMuted(undefined)).toBe(false);
    });
});
