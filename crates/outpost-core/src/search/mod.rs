//! The one tokenizer and normaliser behind every search: the text a post is indexed under, the
//! needles a query looks for, and the words shown as matches. Both database backends only ever
//! compare these strings (substring tests on lower-cased text), so they return the same results.
//!
//! A post's *index text* has three sections, each a space-separated list with a space at both ends:
//!
//! 1. the message's words in order (lower-cased, surrounding punctuation trimmed), so a phrase is a
//!    substring and a word fragment of 3+ characters is a substring;
//! 2. the parts of compound words: `state-of-the-art` → `state of the art`, `snake_case`,
//!    `camelCase` → `camel case`, `bob@example.com` → `bob example com`, `10.0.0.1` → `10 0 0 1`,
//!    and the runs of CJK and non-CJK text inside a word;
//! 3. the single characters and bigrams of CJK runs, so a one- or two-character CJK word is a
//!    whole token (` 東京 `).
//!
//! A short term (1–2 characters) matches whole tokens only (` ab `), so every needle the
//! databases look for has at least 3 characters and a trigram index can serve it.

pub mod query;

use std::collections::HashSet;

/// Separates the sections of an index text; never produced by [`fold`].
const SECTION: &str = " \u{1} ";

/// Characters that split words besides whitespace (Markdown and bracket punctuation).
fn is_separator(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '(' | ')' | '[' | ']' | '{' | '}' | '<' | '>' | '"' | '`' | '|' | '*' | '\u{1}'
        )
}

/// Whether `c` is written without spaces between words (Han, kana, Hangul, CJK punctuation-free).
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF      // hiragana, katakana
        | 0x3400..=0x4DBF    // CJK extension A
        | 0x4E00..=0x9FFF    // CJK unified ideographs
        | 0xAC00..=0xD7AF    // Hangul syllables
        | 0x1100..=0x11FF    // Hangul jamo
        | 0x3130..=0x318F    // Hangul compatibility jamo
        | 0xF900..=0xFAFF    // CJK compatibility ideographs
        | 0xFF66..=0xFF9F    // half-width katakana
        | 0x20000..=0x2FA1F) // CJK extensions B–F, compatibility supplement
}

/// Lower-cases `text` the Unicode way and folds full-width ASCII (`ＡＢＣ１` → `abc1`).
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        let c = match c as u32 {
            0xFF01..=0xFF5E => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            0x3000 => ' ',
            0x01 => ' ',
            _ => c,
        };
        out.extend(c.to_lowercase());
    }
    out
}

/// Trims what surrounds a word: leading punctuation except `#` and `@`, trailing punctuation.
fn trim_word(word: &str) -> &str {
    word.trim_start_matches(|c: char| !c.is_alphanumeric() && c != '#' && c != '@')
        .trim_end_matches(|c: char| !c.is_alphanumeric())
}

/// The words of `text` as written (not folded), trimmed, empty ones dropped.
pub fn raw_words(text: &str) -> impl Iterator<Item = &str> {
    text.split(is_separator)
        .map(trim_word)
        .filter(|w| !w.is_empty())
}

/// The words of `text`, folded: the unit both the index and the queries are made of.
pub fn words(text: &str) -> Vec<String> {
    raw_words(text)
        .map(fold)
        .filter(|w| !w.trim().is_empty())
        .collect()
}

/// The parts of one raw word: split at punctuation, at camelCase humps, and between CJK and other
/// scripts; folded.
fn parts(word: &str) -> Vec<String> {
    let mut out = Vec::new();
    for piece in word.split(|c: char| !c.is_alphanumeric()) {
        let chars: Vec<char> = piece.chars().collect();
        let mut start = 0;
        for i in 1..chars.len() {
            let (a, b) = (chars[i - 1], chars[i]);
            let next_lower = chars.get(i + 1).is_some_and(|c| c.is_lowercase());
            let hump = (a.is_lowercase() && b.is_uppercase())
                || (a.is_uppercase() && b.is_uppercase() && next_lower)
                || is_cjk(a) != is_cjk(b);
            if hump {
                out.push(fold(&chars[start..i].iter().collect::<String>()));
                start = i;
            }
        }
        if start < chars.len() {
            out.push(fold(&chars[start..].iter().collect::<String>()));
        }
    }
    out.retain(|p| !p.is_empty());
    out
}

/// The single characters and bigrams of every CJK run in `word` (already folded).
fn cjk_grams(word: &str, out: &mut Vec<String>) {
    let chars: Vec<char> = word.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        if !is_cjk(chars[i]) {
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && is_cjk(chars[i]) {
            i += 1;
        }
        let run = &chars[start..i];
        for (k, c) in run.iter().enumerate() {
            out.push(c.to_string());
            if let Some(next) = run.get(k + 1) {
                out.push([*c, *next].iter().collect());
            }
        }
    }
}

/// The text a post is indexed under (see the module documentation for its layout).
pub fn index_text(message: &str) -> String {
    let mut seen: HashSet<String> = HashSet::new();
    let mut first: Vec<String> = Vec::new();
    let mut second: Vec<String> = Vec::new();
    let mut third: Vec<String> = Vec::new();
    for raw in raw_words(message) {
        let whole = fold(raw);
        if whole.trim().is_empty() {
            continue;
        }
        let mut grams = Vec::new();
        cjk_grams(&whole, &mut grams);
        for g in grams {
            if seen.insert(format!("3{g}")) {
                third.push(g);
            }
        }
        for p in parts(raw) {
            if p != whole && seen.insert(format!("2{p}")) {
                second.push(p);
            }
        }
        first.push(whole);
    }
    let mut out = String::with_capacity(message.len() * 2 + 8);
    out.push(' ');
    out.push_str(&first.join(" "));
    out.push_str(SECTION);
    out.push_str(&second.join(" "));
    out.push_str(SECTION);
    out.push_str(&third.join(" "));
    out.push(' ');
    out
}

/// The first section of an [`index_text`]: the message's words in order.
pub fn word_section(index_text: &str) -> &str {
    index_text.split(SECTION).next().unwrap_or(index_text)
}

/// How a [`Needle`] is looked for in an index text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Needle {
    /// The exact substring to find in the index text (at least 3 characters unless the term was
    /// a one-character prefix).
    pub text: String,
}

impl Needle {
    /// A term (`prefix` for a trailing `*`); `None` when nothing searchable is left.
    pub fn term(term: &str, prefix: bool) -> Option<Self> {
        let joined = words(term).join(" ");
        if joined.is_empty() {
            return None;
        }
        let text = if prefix {
            format!(" {joined}")
        } else if joined.starts_with('#') || joined.chars().count() < 3 {
            // Hashtags and short words match whole tokens only.
            format!(" {joined} ")
        } else {
            joined
        };
        Some(Self { text })
    }

    /// A quoted phrase: its words in order, as whole words.
    pub fn phrase(phrase: &str) -> Option<Self> {
        let joined = words(phrase).join(" ");
        if joined.is_empty() {
            return None;
        }
        Some(Self {
            text: format!(" {joined} "),
        })
    }

    /// Whether the index text contains this needle.
    pub fn found_in(&self, index_text: &str) -> bool {
        index_text.contains(&self.text)
    }

    /// Whether a trigram index can serve this needle.
    pub fn indexable(&self) -> bool {
        self.text.chars().count() >= 3
    }

    /// A `LIKE … ESCAPE '\'` pattern for this needle.
    pub fn like_pattern(&self) -> String {
        let mut p = String::with_capacity(self.text.len() + 4);
        p.push('%');
        for c in self.text.chars() {
            if matches!(c, '\\' | '%' | '_') {
                p.push('\\');
            }
            p.push(c);
        }
        p.push('%');
        p
    }

    /// An FTS5 string literal for this needle (a trigram phrase: a substring test).
    pub fn fts_literal(&self) -> String {
        format!("\"{}\"", self.text.replace('"', "\"\""))
    }

    /// The needle's words, without the padding spaces.
    pub fn core(&self) -> &str {
        self.text.trim_matches(' ')
    }
}

/// Whether `c` splits an index text into the *index words* of the whole-word index: a space,
/// the section separator and every ASCII character that is not a letter or digit. (SQLite's
/// FTS5 `ascii` tokenizer and the PostgreSQL function `outpost_search_words` split the same way.)
pub fn is_word_separator(c: char) -> bool {
    c.is_ascii() && !c.is_ascii_alphanumeric()
}

/// The index words of an index text, in order, repeats included.
pub fn index_words(index_text: &str) -> impl Iterator<Item = &str> {
    index_text
        .split(is_word_separator)
        .filter(|w| !w.is_empty())
}

/// Where a [`WordPiece`] sits in the index words that contain it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WordAt {
    /// The piece is a whole index word.
    Whole,
    /// An index word starts with the piece.
    Start,
    /// An index word ends with the piece.
    End,
    /// The piece is somewhere inside an index word.
    Inside,
    /// The piece is several whole index words in a row (`text` has them separated by spaces).
    Sequence,
}

/// A run of a needle between index-word separators: every index text that contains the needle
/// has an index word that holds the piece as `at` says. Used to narrow a search through the
/// whole-word index, which only lists posts by the index words they contain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WordPiece {
    pub text: String,
    pub at: WordAt,
}

impl WordPiece {
    /// A `LIKE … ESCAPE '\'` pattern matching the index words that can hold this piece.
    pub fn like_pattern(&self) -> String {
        let mut p = String::with_capacity(self.text.len() + 2);
        if matches!(self.at, WordAt::End | WordAt::Inside) {
            p.push('%');
        }
        // (A sequence is never looked up in the vocabulary; its pattern is its text.)
        for c in self.text.chars() {
            if matches!(c, '\\' | '%' | '_') {
                p.push('\\');
            }
            p.push(c);
        }
        if matches!(self.at, WordAt::Start | WordAt::Inside) {
            p.push('%');
        }
        p
    }

    /// Whether the index word `word` can hold this piece.
    pub fn fits(&self, word: &str) -> bool {
        match self.at {
            WordAt::Whole | WordAt::Sequence => word == self.text,
            WordAt::Start => word.starts_with(&self.text),
            WordAt::End => word.ends_with(&self.text),
            WordAt::Inside => word.contains(&self.text),
        }
    }
}

impl Needle {
    /// The needle cut at index-word separators (see [`WordPiece`]).
    pub fn word_pieces(&self) -> Vec<WordPiece> {
        let mut out = Vec::new();
        let mut start = 0;
        let text = self.text.as_str();
        for (i, c) in text.char_indices().chain([(text.len(), ' ')]) {
            if !is_word_separator(c) {
                continue;
            }
            if i > start {
                let bounded_before = start > 0;
                let bounded_after = i < text.len();
                out.push(WordPiece {
                    text: text[start..i].to_owned(),
                    at: match (bounded_before, bounded_after) {
                        (true, true) => WordAt::Whole,
                        (true, false) => WordAt::Start,
                        (false, true) => WordAt::End,
                        (false, false) => WordAt::Inside,
                    },
                });
            }
            start = i + c.len_utf8();
        }
        out
    }
}

/// The pieces of a needle with each run of two or more whole words in a row (a phrase's words)
/// made one [`WordAt::Sequence`] piece.
fn pieces_with_sequences(needle: &Needle) -> Vec<WordPiece> {
    let mut out: Vec<WordPiece> = Vec::new();
    let mut run: Vec<WordPiece> = Vec::new();
    let flush = |run: &mut Vec<WordPiece>, out: &mut Vec<WordPiece>| {
        if run.len() >= 2 {
            let words: Vec<&str> = run.iter().map(|p| p.text.as_str()).collect();
            out.push(WordPiece {
                text: words.join(" "),
                at: WordAt::Sequence,
            });
        } else {
            out.append(run);
        }
        run.clear();
    };
    for p in needle.word_pieces() {
        if p.at == WordAt::Whole {
            run.push(p);
        } else {
            flush(&mut run, &mut out);
            out.push(p);
        }
    }
    flush(&mut run, &mut out);
    out
}

/// The pieces an AND search's posts are looked up by in the whole-word index, best first:
/// runs of whole words (a phrase), then whole words of 3+ characters (longest first), then
/// other pieces of 3+ characters, then short whole words. A post must hold every needle, so any
/// of these narrows the search; the index uses the first two it can look up. Pieces of 1–2
/// characters that are not whole words are left out (too many index words hold them).
pub fn narrowing_pieces(needles: &[&Needle]) -> Vec<WordPiece> {
    let len = |p: &WordPiece| p.text.chars().count();
    let mut pieces: Vec<WordPiece> = needles
        .iter()
        .flat_map(|n| pieces_with_sequences(n))
        .filter(|p| matches!(p.at, WordAt::Whole | WordAt::Sequence) || len(p) >= 3)
        .collect();
    pieces.sort_by_key(|p| {
        let class = match (p.at, len(p) >= 3) {
            (WordAt::Sequence, _) => 0,
            (WordAt::Whole, true) => 1,
            (_, true) => 2,
            _ => 3,
        };
        (class, std::cmp::Reverse(len(p)))
    });
    pieces.dedup();
    pieces
}

/// The one piece of each needle of an OR search (a post may hold any needle, so each needle
/// needs its own look-up); `None` when a needle has no usable piece.
pub fn alternative_pieces(needles: &[&Needle]) -> Option<Vec<WordPiece>> {
    needles
        .iter()
        .map(|n| narrowing_pieces(&[n]).into_iter().next())
        .collect()
}

/// The words of `message` (as written) that one of the needles hits, for highlighting: a word is
/// returned when its folded form or one of its parts contains a needle's word.
pub fn matched_words(message: &str, needles: &[Needle]) -> Vec<String> {
    let cores: Vec<Vec<String>> = needles
        .iter()
        .map(|n| n.core().split(' ').map(str::to_owned).collect())
        .collect();
    let mut out: Vec<String> = Vec::new();
    for raw in raw_words(message) {
        let whole = fold(raw);
        let mut pieces = parts(raw);
        pieces.push(whole.clone());
        let hit = cores.iter().flatten().any(|core| {
            !core.is_empty()
                && if core.chars().count() < 3 {
                    pieces.iter().any(|p| p == core)
                        || whole.contains(core.as_str()) && whole.chars().all(is_cjk)
                } else {
                    whole.contains(core.as_str())
                }
        });
        if hit && !out.iter().any(|w| w == raw) {
            out.push(raw.to_owned());
        }
    }
    out
}

#[cfg(test)]
mod tests;
