// A small built-in map of common emoji names (Mattermost's names) to Unicode; anything else shows
// as :name:. The full emoji picker data is for later, code-split.

const EMOJI: Record<string, string> = {
    '+1': '👍',
    thumbsup: '👍',
    '-1': '👎',
    thumbsdown: '👎',
    smile: '😄',
    smiley: '😃',
    grinning: '😀',
    laughing: '😆',
    joy: '😂',
    slightly_smiling_face: '🙂',
    wink: '😉',
    blush: '😊',
    heart_eyes: '😍',
    thinking_face: '🤔',
    confused: '😕',
    cry: '😢',
    sob: '😭',
    scream: '😱',
    sunglasses: '😎',
    heart: '❤️',
    broken_heart: '💔',
    tada: '🎉',
    fire: '🔥',
    rocket: '🚀',
    eyes: '👀',
    clap: '👏',
    pray: '🙏',
    raised_hands: '🙌',
    wave: '👋',
    ok_hand: '👌',
    muscle: '💪',
    white_check_mark: '✅',
    heavy_check_mark: '✔️',
    x: '❌',
    warning: '⚠️',
    question: '❓',
    exclamation: '❗',
    star: '⭐',
    sparkles: '✨',
    100: '💯',
    coffee: '☕',
    bug: '🐛',
    memo: '📝',
    bulb: '💡',
    zap: '⚡',
};

/** The quick reactions offered by the "+" button. */
export const QUICK_EMOJI = ['+1', 'heart', 'joy', 'tada', 'eyes', 'white_check_mark'];

export function emojiChar(name: string): string | null {
    return EMOJI[name] ?? null;
}

export function emojiLabel(name: string): string {
    return emojiChar(name) ?? `:${name}:`;
}
