//! Who is told about a post, and how: the rules of Mattermost's notification preferences, as pure
//! functions. The notification service gathers the facts (notify props, status, mentions, thread
//! membership) and every delivery channel (WebSocket hints, push, e-mail, Web Push) reads the
//! [`Decision`] made here.

use std::borrow::Cow;
use std::collections::BTreeMap;

/// How long a viewed channel counts as "on screen" for push suppression (Mattermost's
/// `StatusChannelTimeout`, 20 s).
pub const ACTIVE_CHANNEL_TIMEOUT_MS: i64 = 20_000;

/// Why a reply reaches someone who was not mentioned (Mattermost's `replyToThreadType`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ThreadReason {
    /// Not a thread notification.
    #[default]
    None,
    /// Collapsed threads: a reply in a thread the user follows (`*_threads = all`).
    Crt,
    /// `comments = root`: a reply to the user's own root post.
    Root,
    /// `comments = any`: a reply in a thread the user took part in.
    Any,
}

/// Facts about the post and its channel, the same for every recipient.
#[derive(Debug, Clone, Default)]
pub struct PostFacts {
    /// `O`, `P`, `D` or `G`.
    pub channel_type: String,
    /// The post is a reply.
    pub is_reply: bool,
    /// System messages never notify.
    pub is_system: bool,
    pub sender_id: String,
    /// Author of the thread's root (empty for a root post).
    pub root_author: String,
}

/// Facts about one channel member. The notify props are borrowed where the caller keeps them
/// (a large channel's members are looked at for every post).
#[derive(Debug, Clone, Default)]
pub struct MemberFacts<'a> {
    pub user_id: &'a str,
    /// The user's `notify_props`.
    pub user_props: Cow<'a, BTreeMap<String, String>>,
    /// The channel membership's `notify_props`.
    pub channel_props: Cow<'a, BTreeMap<String, String>>,
    /// `online`, `away`, `dnd`, `offline` or `ooo`.
    pub status: &'a str,
    /// The user is looking at this channel on some device right now.
    pub viewing_channel: bool,
    /// The user has the web client open (a WebSocket connection).
    pub connected: bool,
    /// Named in the message (username, mention key, first name) or a DM partner.
    pub explicit_mention: bool,
    /// Reached only through `@channel`, `@all` or `@here`.
    pub channel_mention: bool,
    /// Follows the thread the post replies to.
    pub follows_thread: bool,
    /// Collapsed reply threads are on for this user.
    pub crt: bool,
    pub is_bot: bool,
    pub deleted: bool,
}

/// What a member gets for one post.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Decision {
    /// Listed in `posted.mentions` (desktop and badge notifications by the client).
    pub mention: bool,
    /// Listed in `posted.followers` (collapsed-threads notifications by the client).
    pub follower: bool,
    /// A push to the user's mobile sessions.
    pub push: bool,
    /// A notification e-mail (now or in the next batch).
    pub email: bool,
    /// A Web Push to the user's installed web clients (when none is open).
    pub web_push: bool,
    /// Why a thread reply reaches them.
    pub thread: ThreadReason,
    /// The mention came only from `@channel`/`@all`/`@here`.
    pub channel_wide: bool,
}

fn prop<'a>(m: &'a BTreeMap<String, String>, k: &str) -> &'a str {
    m.get(k).map(String::as_str).unwrap_or("")
}

impl MemberFacts<'_> {
    /// The channel muted (`mark_unread = mention`).
    pub fn muted(&self) -> bool {
        prop(&self.channel_props, "mark_unread") == "mention"
    }

    /// `desktop`/`push` level after the channel override: `all`, `mention` or `none`.
    fn level(&self, key: &str, is_gm: bool) -> String {
        let channel = prop(&self.channel_props, key);
        if !channel.is_empty() && channel != "default" {
            return channel.to_owned();
        }
        let user = match prop(&self.user_props, key) {
            "" if key == "push" || key == "desktop" => "mention",
            other => other,
        };
        // In group messages "mentions only" means every message (as Mattermost does).
        if is_gm && user == "mention" {
            "all".to_owned()
        } else {
            user.to_owned()
        }
    }

    /// The `*_threads` setting for collapsed threads: `all` unless set to `mention`.
    fn threads(&self, key: &str) -> bool {
        prop(&self.user_props, key) != "mention"
    }

    fn email_allowed(&self) -> bool {
        let mut allowed = prop(&self.user_props, "email") != "false";
        let channel = prop(&self.channel_props, "email");
        if !channel.is_empty() && channel != "default" {
            allowed = channel != "false";
        }
        allowed
            && !self.muted()
            && !matches!(self.status, "online" | "dnd" | "ooo")
            && !self.deleted
    }

    /// `push_status` and DND (Mattermost's `DoesStatusAllowPushNotification`).
    fn status_allows_push(&self) -> bool {
        match self.status {
            "dnd" | "ooo" => return false,
            _ => {}
        }
        match prop(&self.user_props, "push_status") {
            "away" => matches!(self.status, "away" | "offline"),
            "offline" => self.status == "offline",
            // `online` (the default): always, unless the channel is on screen.
            _ => !self.viewing_channel,
        }
    }
}

/// Decides what `m` gets for a post with `facts`.
pub fn decide(facts: &PostFacts, m: &MemberFacts) -> Decision {
    let mut d = Decision::default();
    if m.user_id == facts.sender_id || m.deleted || facts.is_system {
        return d;
    }
    let is_dm = facts.channel_type == "D";
    let is_gm = facts.channel_type == "G";
    let mentioned = m.explicit_mention || m.channel_mention || is_dm;
    d.mention = mentioned;
    d.channel_wide = m.channel_mention && !m.explicit_mention && !is_dm;
    if facts.is_reply && !mentioned {
        if m.crt {
            d.follower = m.follows_thread;
            if m.follows_thread {
                d.thread = ThreadReason::Crt;
            }
        } else {
            match prop(&m.user_props, "comments") {
                "root" if facts.root_author == m.user_id => d.thread = ThreadReason::Root,
                "any" if m.follows_thread || facts.root_author == m.user_id => {
                    d.thread = ThreadReason::Any;
                }
                _ => {}
            }
        }
    }
    if m.is_bot {
        return d;
    }
    let by_thread = |key: &str| match d.thread {
        ThreadReason::None => false,
        ThreadReason::Crt => m.threads(key),
        ThreadReason::Root | ThreadReason::Any => true,
    };
    let wants = |level: &str, thread_key: &str| match level {
        "all" => true,
        "mention" => mentioned || by_thread(thread_key),
        _ => false,
    };
    // With collapsed threads, replies notify followers only as `*_threads` says, never as "all".
    let reply_without_mention = facts.is_reply && !mentioned && m.crt;
    let push_level = m.level("push", is_gm);
    d.push = !m.muted()
        && if reply_without_mention {
            push_level != "none" && by_thread("push_threads")
        } else {
            wants(&push_level, "push_threads")
        }
        && m.status_allows_push();
    d.email = m.email_allowed() && (mentioned || by_thread("email_threads"));
    let desktop_level = m.level("desktop", is_gm);
    d.web_push = !m.connected
        && !m.muted()
        && !matches!(m.status, "dnd" | "ooo")
        && if reply_without_mention {
            desktop_level != "none" && by_thread("desktop_threads")
        } else {
            wants(&desktop_level, "desktop_threads")
        };
    d
}

/// The push text for a message, as Mattermost words it for each contents mode.
pub fn push_message(
    contents: &str,
    message: &str,
    sender_name: &str,
    channel_type: &str,
    d: &Decision,
    has_files: bool,
) -> String {
    if message.trim().is_empty() && has_files {
        return if channel_type == "D" {
            "attached a file.".to_owned()
        } else {
            format!("{sender_name} attached a file.")
        };
    }
    if contents == "full" {
        return if channel_type == "D" && d.thread != ThreadReason::Crt {
            message.to_owned()
        } else {
            format!("{sender_name}: {message}")
        };
    }
    if channel_type == "D" {
        return if d.thread == ThreadReason::Crt {
            format!("{sender_name} replied to a thread.")
        } else {
            "sent you a message.".to_owned()
        };
    }
    match (d.thread, d.channel_wide, d.mention) {
        (ThreadReason::Crt, _, _) => format!("{sender_name} replied to a thread you're following."),
        (_, true, _) => format!("{sender_name} notified the channel."),
        (_, _, true) => format!("{sender_name} mentioned you."),
        (ThreadReason::Root, _, _) => format!("{sender_name} commented on your post."),
        (ThreadReason::Any, _, _) => {
            format!("{sender_name} commented on a thread you participated in.")
        }
        _ => format!("{sender_name} posted a message."),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn member(id: &str) -> MemberFacts<'_> {
        let mut user_props = BTreeMap::new();
        for (k, v) in [
            ("push", "mention"),
            ("desktop", "mention"),
            ("email", "true"),
            ("push_status", "online"),
            ("comments", "never"),
        ] {
            user_props.insert(k.to_owned(), v.to_owned());
        }
        MemberFacts {
            user_id: id,
            user_props: Cow::Owned(user_props),
            status: "offline",
            crt: true,
            ..MemberFacts::default()
        }
    }

    fn facts(kind: &str) -> PostFacts {
        PostFacts {
            channel_type: kind.into(),
            sender_id: "s".into(),
            ..PostFacts::default()
        }
    }

    #[test]
    fn sender_and_unmentioned_members_get_nothing() {
        let f = facts("O");
        let mut me = member("s");
        me.explicit_mention = true;
        assert_eq!(decide(&f, &me), Decision::default());
        assert_eq!(decide(&f, &member("a")), Decision::default());
    }

    #[test]
    fn dm_pushes_and_mails_the_partner() {
        let d = decide(&facts("D"), &member("a"));
        assert!(d.mention && d.push && d.email && d.web_push);
    }

    #[test]
    fn dnd_mute_and_push_status() {
        let f = facts("O");
        let mut a = member("a");
        a.explicit_mention = true;
        a.status = "dnd";
        let d = decide(&f, &a);
        assert!(d.mention && !d.push && !d.email && !d.web_push);
        a.status = "online";
        let d = decide(&f, &a);
        assert!(d.push && !d.email, "online: push yes, e-mail no");
        a.viewing_channel = true;
        assert!(!decide(&f, &a).push, "channel on screen");
        a.viewing_channel = false;
        a.user_props
            .to_mut()
            .insert("push_status".into(), "away".into());
        assert!(!decide(&f, &a).push, "push only when away");
        a.status = "away";
        assert!(decide(&f, &a).push);
        a.channel_props
            .to_mut()
            .insert("mark_unread".into(), "mention".into());
        let d = decide(&f, &a);
        assert!(d.mention && !d.push && !d.email, "muted");
    }

    #[test]
    fn channel_overrides_and_gm() {
        let mut a = member("a");
        a.channel_props.to_mut().insert("push".into(), "all".into());
        assert!(decide(&facts("O"), &a).push);
        a.channel_props
            .to_mut()
            .insert("push".into(), "none".into());
        a.explicit_mention = true;
        assert!(!decide(&facts("O"), &a).push);
        a.channel_props
            .to_mut()
            .insert("email".into(), "false".into());
        assert!(!decide(&facts("O"), &a).email);
        let gm = member("b");
        let d = decide(&facts("G"), &gm);
        assert!(
            d.push && !d.email,
            "GM: every message pushes, mail needs a mention"
        );
    }

    #[test]
    fn thread_replies_reach_followers() {
        let mut f = facts("O");
        f.is_reply = true;
        f.root_author = "a".into();
        let mut a = member("a");
        a.follows_thread = true;
        let d = decide(&f, &a);
        assert!(d.follower && d.push && d.email && d.thread == ThreadReason::Crt);
        a.user_props
            .to_mut()
            .insert("push_threads".into(), "mention".into());
        assert!(!decide(&f, &a).push);
        let mut b = member("b");
        b.crt = false;
        assert_eq!(decide(&f, &b), Decision::default());
        b.user_props
            .to_mut()
            .insert("comments".into(), "any".into());
        b.follows_thread = true;
        assert!(decide(&f, &b).push);
        let mut root = member("a");
        root.crt = false;
        root.user_props
            .to_mut()
            .insert("comments".into(), "root".into());
        assert_eq!(decide(&f, &root).thread, ThreadReason::Root);
    }

    #[test]
    fn push_texts() {
        let mention = Decision {
            mention: true,
            ..Decision::default()
        };
        assert_eq!(
            push_message("full", "hi", "@bob", "O", &mention, false),
            "@bob: hi"
        );
        assert_eq!(
            push_message("full", "hi", "@bob", "D", &mention, false),
            "hi"
        );
        assert_eq!(
            push_message("generic", "hi", "@bob", "O", &mention, false),
            "@bob mentioned you."
        );
        assert_eq!(
            push_message("generic", "hi", "@bob", "D", &mention, false),
            "sent you a message."
        );
    }
}
