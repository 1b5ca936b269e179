//! Mattermost's search syntax: words, `"exact phrases"`, `-excluded` words, trailing `*`,
//! `#hashtags`, and the flags `from:`, `in:`/`channel:`, `before:`, `after:`, `on:`, `ext:`, each
//! also negated with a leading `-`. A flag with an empty value takes the next word (`from: bob`).
//! Parsing never fails: what is not understood is searched as text.

use super::Needle;

/// What kind of term the user typed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TermKind {
    /// A plain word: found inside words from 3 characters on, as a whole word when shorter.
    Word,
    /// `word*`: words that start with it.
    Prefix,
    /// `"an exact phrase"`.
    Phrase,
    /// `#hashtag`: the whole hashtag.
    Hashtag,
}

/// One term of a query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryTerm {
    pub kind: TermKind,
    pub needle: Needle,
}

/// A parsed search query. Names and dates are as typed; the service resolves them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ParsedQuery {
    pub terms: Vec<QueryTerm>,
    pub excluded_terms: Vec<QueryTerm>,
    pub from_users: Vec<String>,
    pub excluded_users: Vec<String>,
    pub in_channels: Vec<String>,
    pub excluded_channels: Vec<String>,
    pub extensions: Vec<String>,
    pub excluded_extensions: Vec<String>,
    pub after: Option<String>,
    pub before: Option<String>,
    pub on: Option<String>,
    pub excluded_after: Option<String>,
    pub excluded_before: Option<String>,
    pub excluded_on: Option<String>,
}

impl ParsedQuery {
    /// Whether the query asks for anything at all (terms or filters).
    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
            && self.excluded_terms.is_empty()
            && self.from_users.is_empty()
            && self.excluded_users.is_empty()
            && self.in_channels.is_empty()
            && self.excluded_channels.is_empty()
            && self.after.is_none()
            && self.before.is_none()
            && self.on.is_none()
            && self.excluded_after.is_none()
            && self.excluded_before.is_none()
            && self.excluded_on.is_none()
    }
}

const FLAGS: [&str; 7] = ["from", "channel", "in", "before", "after", "on", "ext"];

/// Splits the query into words, keeping `"quoted sections"` (and a `-` right before them) whole.
fn split_words(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut in_quote = false;
    let mut start = 0;
    for (i, c) in text.char_indices() {
        if c != '"' {
            continue;
        }
        if in_quote {
            out.push(text[start..=i].to_owned());
            in_quote = false;
            start = i + 1;
        } else {
            let next = if text[..i].ends_with('-') { i - 1 } else { i };
            out.extend(text[start..next].split_whitespace().map(str::to_owned));
            in_quote = true;
            start = next;
        }
    }
    out.extend(text[start..].split_whitespace().map(str::to_owned));
    out
}

/// Trims what surrounds a typed word: leading punctuation except `#` and `"`, trailing
/// punctuation except `*` and `"`; several leading `#` become one.
fn trim_typed(word: &str) -> String {
    let w = word
        .trim_start_matches(|c: char| !c.is_alphanumeric() && c != '#' && c != '"')
        .trim_end_matches(|c: char| !c.is_alphanumeric() && c != '*' && c != '"');
    match w.strip_prefix('#') {
        Some(rest) => format!("#{}", rest.trim_start_matches('#')),
        None => w.to_owned(),
    }
}

/// `#` then a letter, then letters, digits, `-`, `_` or `.`, ending with a letter or digit.
fn is_hashtag(word: &str) -> bool {
    let Some(rest) = word.strip_prefix('#') else {
        return false;
    };
    let chars: Vec<char> = rest.chars().collect();
    chars.len() >= 2
        && chars[0].is_alphabetic()
        && chars[chars.len() - 1].is_alphanumeric()
        && chars
            .iter()
            .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.'))
}

fn term(word: &str) -> Option<QueryTerm> {
    if word.len() >= 2 && word.starts_with('"') && word.ends_with('"') {
        return Needle::phrase(&word[1..word.len() - 1]).map(|needle| QueryTerm {
            kind: TermKind::Phrase,
            needle,
        });
    }
    let word = word.trim_matches('"');
    if is_hashtag(word) {
        return Needle::term(word, false).map(|needle| QueryTerm {
            kind: TermKind::Hashtag,
            needle,
        });
    }
    match word.strip_suffix('*') {
        Some(stem) => Needle::term(stem.trim_end_matches('*'), true).map(|needle| QueryTerm {
            kind: TermKind::Prefix,
            needle,
        }),
        None => Needle::term(word, false).map(|needle| QueryTerm {
            kind: TermKind::Word,
            needle,
        }),
    }
}

/// Parses a query typed in Mattermost's search box.
pub fn parse(text: &str) -> ParsedQuery {
    let words = split_words(text);
    let mut q = ParsedQuery::default();
    let mut skip = false;
    for (i, word) in words.iter().enumerate() {
        if std::mem::take(&mut skip) {
            continue;
        }
        if let Some((name, value)) = word.split_once(':') {
            let (name, exclude) = match name.strip_prefix('-') {
                Some(n) => (n, true),
                None => (name, false),
            };
            if let Some(flag) = FLAGS.iter().find(|f| f.eq_ignore_ascii_case(name)) {
                let value = if value.is_empty() {
                    match words.get(i + 1) {
                        Some(next) => {
                            skip = true;
                            next.as_str()
                        }
                        None => "",
                    }
                } else {
                    value
                };
                if !value.is_empty() {
                    q.add_flag(flag, value, exclude);
                    continue;
                }
            }
        }
        let exclude = word.starts_with('-');
        let typed = trim_typed(word);
        if typed.is_empty() {
            continue;
        }
        if let Some(t) = term(&typed) {
            if exclude {
                q.excluded_terms.push(t);
            } else {
                q.terms.push(t);
            }
        }
    }
    q
}

impl ParsedQuery {
    fn add_flag(&mut self, flag: &str, value: &str, exclude: bool) {
        let name = value
            .trim_start_matches(['@', '~'])
            .trim_end_matches([',', ';'])
            .to_lowercase();
        let date = || Some(value.to_owned());
        match (flag, exclude) {
            ("from", false) => self.from_users.push(name),
            ("from", true) => self.excluded_users.push(name),
            ("in" | "channel", false) => self.in_channels.push(name),
            ("in" | "channel", true) => self.excluded_channels.push(name),
            ("ext", false) => self
                .extensions
                .push(name.trim_start_matches('.').to_owned()),
            ("ext", true) => self
                .excluded_extensions
                .push(name.trim_start_matches('.').to_owned()),
            ("after", false) => self.after = date(),
            ("after", true) => self.excluded_after = date(),
            ("before", false) => self.before = date(),
            ("before", true) => self.excluded_before = date(),
            ("on", false) => self.on = date(),
            (_, _) => self.excluded_on = date(),
        }
    }
}

const DAY_MS: i64 = 86_400_000;

/// Days since 1970-01-01 of a proleptic Gregorian date.
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The start (epoch ms) of the day `date` (`YYYY-MM-DD`, zero padding optional) in a time zone
/// `offset_secs` east of UTC; `None` when it is not a valid date.
pub fn start_of_day(date: &str, offset_secs: i64) -> Option<i64> {
    let mut it = date.trim().splitn(3, '-');
    let y: i64 = it.next()?.parse().ok()?;
    let m: i64 = it.next()?.parse().ok()?;
    let d: i64 = it.next()?.parse().ok()?;
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days_in_month = [
        31,
        if leap { 29 } else { 28 },
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
    ];
    let max = *days_in_month.get(usize::try_from(m - 1).ok()?)?;
    if !(1..=9999).contains(&y) || d < 1 || d > max {
        return None;
    }
    let offset = offset_secs.clamp(-14 * 3600, 14 * 3600);
    Some(days_from_civil(y, m, d) * DAY_MS - offset * 1000)
}

/// Creation-time bounds of a query's date flags, as Mattermost computes them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TimeBounds {
    /// `create_at >= since`.
    pub since: Option<i64>,
    /// `create_at <= until`.
    pub until: Option<i64>,
    /// Ranges (inclusive) that are left out (`-on:`).
    pub excluded: Vec<(i64, i64)>,
}

impl ParsedQuery {
    /// The date flags as time bounds; dates that do not parse are ignored.
    pub fn time_bounds(&self, offset_secs: i64) -> TimeBounds {
        let mut b = TimeBounds::default();
        let start = |d: &Option<String>| d.as_deref().and_then(|d| start_of_day(d, offset_secs));
        let mut since = |v: i64| b.since = Some(b.since.map_or(v, |s: i64| s.max(v)));
        if let Some(s) = start(&self.after) {
            since(s + DAY_MS);
        }
        if let Some(s) = start(&self.excluded_before) {
            since(s);
        }
        if let Some(s) = start(&self.on) {
            since(s);
        }
        let mut until = |v: i64| b.until = Some(b.until.map_or(v, |u: i64| u.min(v)));
        if let Some(s) = start(&self.before) {
            until(s - 1);
        }
        if let Some(s) = start(&self.excluded_after) {
            until(s + DAY_MS - 1);
        }
        if let Some(s) = start(&self.on) {
            until(s + DAY_MS - 1);
        }
        if let Some(s) = start(&self.excluded_on) {
            b.excluded.push((s, s + DAY_MS - 1));
        }
        b
    }
}
