// One emoji by name: the character of a standard one, the image of a custom one, else :name:.

import {customEmojiImageUrl} from '../../api/emoji';
import {useCustomEmoji} from '../../emoji/custom';
import {emojiChar, useEmojiData} from '../../emoji';

export function EmojiGlyph({name, className = ''}: {name: string; className?: string}) {
    const data = useEmojiData();
    const char = emojiChar(name, data);
    const custom = useCustomEmoji();
    if (char) {
        return <>{char}</>;
    }
    const emoji = custom.get(name);
    if (emoji) {
        return <img className={`custom-emoji ${className}`} src={customEmojiImageUrl(emoji.id)} alt={`:${name}:`} draggable={false} />;
    }
    return <>:{name}:</>;
}
