// Regenerates src/emoji/data.json, the emoji the picker and :shortcode: rendering know, from the
// emoji-datasource package (MIT; the names Mattermost uses). Not part of the build:
//
//   npm install --no-save emoji-datasource@16.0.0 && node scripts/gen-emoji.mjs
//
// Output: {categories: [name…], emoji: [[names joined by ",", character, category index]…]} in
// the package's sort order, without skin-tone components.

import {readFileSync, writeFileSync} from 'node:fs';
import {createRequire} from 'node:module';

const require = createRequire(import.meta.url);
const data = JSON.parse(readFileSync(require.resolve('emoji-datasource/emoji.json'), 'utf8'));
const categories = ['Smileys & Emotion', 'People & Body', 'Animals & Nature', 'Food & Drink', 'Travel & Places', 'Activities', 'Objects', 'Symbols', 'Flags'];
const emoji = data
    .filter((e) => categories.includes(e.category))
    .sort((a, b) => categories.indexOf(a.category) - categories.indexOf(b.category) || a.sort_order - b.sort_order)
    .map((e) => [e.short_names.join(','), String.fromCodePoint(...e.unified.split('-').map((h) => parseInt(h, 16))), categories.indexOf(e.category)]);
writeFileSync(new URL('../src/emoji/data.json', import.meta.url), JSON.stringify({categories, emoji}));
console.log(`${emoji.length} emoji`);
