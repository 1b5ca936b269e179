// Desktop notifications (the browser's Notification API) with a short sound, for posts that
// mention me or arrive in a direct or group message, as my notification settings ask. Nothing
// is shown for my own posts, for the channel I am looking at, or while I am in Do not disturb.

import type {Channel, Post, UserProfile} from '../api/client';
import {t} from '../strings';
import {navigate, channelRoute} from './actions';
import {isMuted} from './channelNotify';
import {channelName} from './names';
import {getState} from './store';

export type DesktopLevel = 'all' | 'mention' | 'none';

/** Whether a post deserves a desktop notification for `me`. Pure, for testing. */
export function shouldNotify(post: Post, channel: Channel | undefined, me: UserProfile, mentioned: boolean, onScreen: boolean, channelLevel = 'default'): boolean {
    if (post.user_id === me.id || onScreen || !channel || (post.type && post.type.startsWith('system_'))) {
        return false;
    }
    const userLevel = (me.notify_props?.desktop ?? 'mention') as string;
    const level = (channelLevel && channelLevel !== 'default' ? channelLevel : userLevel === 'default' ? 'mention' : userLevel) as DesktopLevel;
    if (level === 'none') {
        return false;
    }
    if (level === 'all') {
        return true;
    }
    return mentioned || channel.type === 'D' || (channel.type === 'G' && userLevel !== 'none');
}

export function notificationsSupported(): boolean {
    return typeof window !== 'undefined' && 'Notification' in window;
}

export function notificationPermission(): NotificationPermission | 'unsupported' {
    return notificationsSupported() ? Notification.permission : 'unsupported';
}

export async function requestNotificationPermission(): Promise<NotificationPermission | 'unsupported'> {
    if (!notificationsSupported()) {
        return 'unsupported';
    }
    return Notification.requestPermission();
}

let audio: AudioContext | null = null;

/** A short two-note chime, made on the spot (no sound file to load). */
export function playChime(): void {
    try {
        audio ??= new AudioContext();
        const now = audio.currentTime;
        [880, 1320].forEach((freq, i) => {
            const osc = audio!.createOscillator();
            const gain = audio!.createGain();
            osc.frequency.value = freq;
            osc.type = 'sine';
            gain.gain.setValueAtTime(0.0001, now + i * 0.12);
            gain.gain.exponentialRampToValueAtTime(0.15, now + i * 0.12 + 0.02);
            gain.gain.exponentialRampToValueAtTime(0.0001, now + i * 0.12 + 0.25);
            osc.connect(gain).connect(audio!.destination);
            osc.start(now + i * 0.12);
            osc.stop(now + i * 0.12 + 0.3);
        });
    } catch {
        // No audio output: the notification still shows.
    }
}

/** Shown count, for tests and diagnostics. */
export const notifyStats = {shown: 0, chimes: 0};

export function notifyPost(post: Post, mentioned: boolean): void {
    const {me, channels, myMembers, currentChannelId, users, statuses} = getState();
    const channel = channels[post.channel_id];
    // Do not disturb silences desktop notifications and their sound (as in Mattermost); the
    // unread counts and mentions still show in the sidebar.
    if (!me || !channel || statuses[me.id] === 'dnd') {
        return;
    }
    const onScreen = currentChannelId === post.channel_id && document.visibilityState === 'visible' && document.hasFocus();
    const props = myMembers[post.channel_id]?.notify_props;
    const channelLevel = (props?.desktop as string | undefined) ?? 'default';
    // A muted channel notifies nobody (as the server decides for push and e-mail).
    if (isMuted(props) || !shouldNotify(post, channel, me, mentioned, onScreen, channelLevel) || notificationPermission() !== 'granted') {
        return;
    }
    const author = users[post.user_id]?.username ?? t.someone;
    const where = channel.type === 'D' ? author : channelName(channel, users, me.id);
    const body = post.message.length > 200 ? `${post.message.slice(0, 200)}…` : post.message;
    try {
        const n = new Notification(channel.type === 'D' ? where : `${author} · ${where}`, {body, tag: post.id});
        n.onclick = () => {
            window.focus();
            navigate(channelRoute(channel));
            n.close();
        };
        notifyStats.shown++;
    } catch {
        return;
    }
    if ((me.notify_props?.desktop_sound ?? 'true') !== 'false') {
        notifyStats.chimes++;
        playChime();
    }
}
