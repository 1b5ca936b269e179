//! Who a message mentions: `@username`, `@channel`/`@all`/`@here`, mention keys and first names,
//! ignoring code spans and code blocks (as Mattermost's explicit-mention parsing does).

use std::collections::{BTreeSet, HashSet};

/// A channel member as mention detection sees them.
#[derive(Debug, Clone, Default)]
pub struct MentionCandidate {
    pub user_id: String,
    pub username: String,
    pub first_name: String,
    /// `notify_props.mention_keys` (comma separated).
    pub mention_keys: String,
    /// `notify_props.first_name == "true"`.
    pub first_name_mentions: bool,
    /// `notify_props.channel != "false"` and the channel membership does not ignore channel mentions.
    pub channel_mentions: bool,
    /// Currently connected (for `@here`).
    pub online: bool,
}

impl MentionCandidate {
    /// A user as a candidate, with their notify props (`mention_keys`, `first_name`, `channel`).
    pub fn for_user(user: &outpost_model::user::User, online: bool) -> Self {
        let prop = |k: &str| user.notify_props.get(k).map(String::as_str);
        Self {
            user_id: user.id.clone(),
            username: user.username.clone(),
            first_name: user.first_name.clone(),
            mention_keys: prop("mention_keys").unwrap_or_default().to_owned(),
            first_name_mentions: prop("first_name") == Some("true"),
            channel_mentions: prop("channel") != Some("false"),
            online,
        }
    }
}

/// The mentions found in one message.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Mentions {
    /// Mentioned user ids (the sender excluded).
    pub user_ids: BTreeSet<String>,
    /// The message used `@channel` or `@all`.
    pub channel: bool,
    /// The message used `@here`.
    pub here: bool,
    /// Mentioned by name, mention key or first name (a subset of `user_ids`).
    pub explicit: BTreeSet<String>,
    /// The message holds `@channel`, `@all` or `@here`, whether or not they were allowed.
    pub channel_words: bool,
}

fn strip_code(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    let mut in_block = false;
    for line in message.lines() {
        if line.trim_start().starts_with("```") {
            in_block = !in_block;
            out.push('\n');
            continue;
        }
        if in_block {
            out.push('\n');
            continue;
        }
        let mut in_span = false;
        for c in line.chars() {
            if c == '`' {
                in_span = !in_span;
                out.push(' ');
            } else if !in_span {
                out.push(c);
            }
        }
        out.push('\n');
    }
    out
}

fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| c.is_whitespace() || ",;!?()[]{}<>\"'*~".contains(c))
        .map(|w| w.trim_end_matches(['.', ':', '-', '_']))
        .filter(|w| !w.is_empty())
}

/// Finds the mentions of `message` among `members`, leaving out `sender_id`.
/// `allow_channel_mentions` is the sender's `use_channel_mentions` permission.
pub fn find_mentions(
    message: &str,
    members: &[MentionCandidate],
    sender_id: &str,
    allow_channel_mentions: bool,
) -> Mentions {
    find_mentions_with(message, members, sender_id, allow_channel_mentions, |c| {
        c.online
    })
}

/// [`find_mentions`], asking `online` (only when the message says `@here`) instead of reading
/// [`MentionCandidate::online`].
pub fn find_mentions_with(
    message: &str,
    members: &[MentionCandidate],
    sender_id: &str,
    allow_channel_mentions: bool,
    online: impl Fn(&MentionCandidate) -> bool,
) -> Mentions {
    let text = strip_code(message);
    let mut m = Mentions::default();
    let lower_words: Vec<String> = words(&text).map(str::to_lowercase).collect();
    for w in &lower_words {
        match w.as_str() {
            "@channel" | "@all" => {
                m.channel = allow_channel_mentions;
                m.channel_words = true;
            }
            "@here" => {
                m.here = allow_channel_mentions;
                m.channel_words = true;
            }
            _ => {}
        }
    }
    // `@name` words, without the `@`: a member is named when their lower-cased username is one.
    let at_names: HashSet<&str> = lower_words
        .iter()
        .filter_map(|w| w.strip_prefix('@'))
        .collect();
    let raw_words: Vec<&str> = words(&text).collect();
    for c in members.iter().filter(|c| c.user_id != sender_id) {
        // Usernames are lower-case ASCII (Mattermost's rule); others are folded first.
        let plain = c
            .username
            .bytes()
            .all(|b| b.is_ascii() && !b.is_ascii_uppercase());
        let mut hit = if plain {
            at_names.contains(c.username.as_str())
        } else {
            at_names.contains(c.username.to_lowercase().as_str())
        };
        if !hit && !c.mention_keys.is_empty() {
            hit = c
                .mention_keys
                .split(',')
                .map(str::trim)
                .filter(|k| !k.is_empty())
                .any(|k| {
                    let k = k.to_lowercase();
                    lower_words
                        .iter()
                        .any(|w| *w == k || w.trim_start_matches('@') == k.trim_start_matches('@'))
                });
        }
        if !hit && c.first_name_mentions && !c.first_name.is_empty() {
            hit = raw_words.contains(&c.first_name.as_str());
        }
        if hit {
            m.explicit.insert(c.user_id.clone());
        } else if c.channel_mentions && (m.channel || (m.here && online(c))) {
            hit = true;
        }
        if hit {
            m.user_ids.insert(c.user_id.clone());
        }
    }
    m
}

#[cfg(test)]
mod tests {
    use super::*;

    fn member(id: &str, name: &str) -> MentionCandidate {
        MentionCandidate {
            user_id: id.into(),
            username: name.into(),
            channel_mentions: true,
            ..Default::default()
        }
    }

    #[test]
    fn usernames_keys_and_channel_words() {
        let mut bob = member("b", "bob");
        bob.mention_keys = "deploy,@ops".into();
        let mut carol = member("c", "carol");
        carol.first_name = "Carol".into();
        carol.first_name_mentions = true;
        let mut dave = member("d", "dave");
        dave.online = true;
        let members = vec![member("a", "alice"), bob, carol, dave];

        let m = find_mentions("hey @Alice, can you deploy?", &members, "x", true);
        assert_eq!(
            m.user_ids,
            ["a", "b"].iter().map(|s| s.to_string()).collect()
        );
        let m = find_mentions("Carol: `@alice` is in code", &members, "x", true);
        assert_eq!(m.user_ids, ["c"].iter().map(|s| s.to_string()).collect());
        let m = find_mentions("```\n@bob\n```\n@here", &members, "x", true);
        assert!(m.here);
        assert_eq!(m.user_ids, ["d"].iter().map(|s| s.to_string()).collect());
        let m = find_mentions("@channel lunch", &members, "a", true);
        assert_eq!(m.user_ids.len(), 3, "everyone but the sender");
        let m = find_mentions("@channel lunch", &members, "a", false);
        assert!(m.user_ids.is_empty());
        assert!(m.channel_words && !m.channel);
    }

    #[test]
    fn explicit_mentions_and_online_asked_only_for_here() {
        let mut bob = member("b", "Bob.Smith");
        bob.mention_keys = "deploy".into();
        let members = vec![member("a", "alice"), bob, member("c", "carol")];
        let asked = std::cell::Cell::new(0);
        let m = find_mentions_with("@alice @bob.smith lunch", &members, "x", true, |_| {
            asked.set(asked.get() + 1);
            true
        });
        assert_eq!(m.explicit, m.user_ids);
        assert_eq!(m.user_ids.len(), 2, "an upper-case username is folded");
        assert!(!m.channel_words);
        assert_eq!(asked.get(), 0, "nobody's presence is asked without @here");
        let m = find_mentions_with("@here deploy", &members, "x", true, |c| {
            asked.set(asked.get() + 1);
            c.user_id == "c"
        });
        assert_eq!(
            m.explicit,
            ["b"].iter().map(|s| s.to_string()).collect(),
            "a mention key is explicit"
        );
        assert_eq!(
            m.user_ids,
            ["b", "c"].iter().map(|s| s.to_string()).collect(),
            "@here reaches the online member"
        );
        assert_eq!(asked.get(), 2, "asked for the members not named");
        assert!(m.channel_words && m.here);
    }
}
