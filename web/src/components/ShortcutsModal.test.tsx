import {renderToStaticMarkup} from 'react-dom/server';
import {describe, expect, it} from 'vitest';

import {ShortcutsModal} from './ShortcutsModal';

describe('the list of keyboard shortcuts', () => {
    const html = renderToStaticMarkup(<ShortcutsModal />);

    it('shows each key of a combination or a sequence as a key', () => {
        expect(html).toContain('<kbd>Alt ↑</kbd> / <kbd>Alt ↓</kbd>');
        expect(html).toContain('<kbd>Space</kbd>, <kbd>↑ ↓</kbd>, <kbd>Space</kbd>');
        expect(html).toContain('<dt>Bold</dt><dd><kbd>Ctrl B</kbd></dd>');
    });

    it('groups them', () => {
        expect(html.match(/<section class="shortcuts__group" aria-label="(\w+)"/g)).toHaveLength(3);
    });
});
