//! Who a new post mentions: mention counts, and the `@channel` limit of large channels.
//!
//! A channel's members, as mention detection and notifications read them, are kept per channel
//! ([`Rosters`]) until the store reports that a membership, a username, a first name, notify
//! props or a deactivation may have changed ([`outpost_store::Store::audience_generation`]), or
//! for at most [`ROSTER_TTL`] (changes made by another process). A large channel's members are
//! then neither read nor parsed again for every post.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use outpost_core::AppResult;
use outpost_core::mentions::{MentionCandidate, find_mentions_with};
use outpost_core::roles::perm;
use outpost_model::post::Post;
use outpost_model::{new_id, now_millis};
use outpost_store::posts::MentionMember;

use crate::notifications::{NotifyProps, PostMentions, parse_props};
use crate::{App, SessionCtx, internal};

/// How long a channel's members are kept at most (bounds changes made outside this process).
pub(crate) const ROSTER_TTL: Duration = Duration::from_secs(10);
/// How many channels' members are kept; when full, entries that cannot be used any more are
/// dropped, and if that is not enough, the older half.
const ROSTER_CHANNELS: usize = 4096;

/// A channel's live members with what mention detection and notifications read.
pub(crate) struct Roster {
    /// One per member, `online` always false (presence is asked per post).
    pub candidates: Vec<MentionCandidate>,
    /// The members' user and channel notify props (same order); equal props share one map.
    pub props: Vec<(Arc<NotifyProps>, Arc<NotifyProps>)>,
}

impl Roster {
    fn new(rows: Vec<MentionMember>) -> Self {
        let mut parsed: HashMap<String, Arc<NotifyProps>> = HashMap::new();
        let mut shared = |json: String| {
            Arc::clone(
                parsed
                    .entry(json)
                    .or_insert_with_key(|j| Arc::new(parse_props(j))),
            )
        };
        let mut candidates = Vec::with_capacity(rows.len());
        let mut props = Vec::with_capacity(rows.len());
        for r in rows {
            let user = shared(r.user_notify_props);
            let channel = shared(r.channel_notify_props);
            candidates.push(MentionCandidate {
                user_id: r.user_id,
                username: r.username,
                first_name: r.first_name,
                mention_keys: prop(&user, "mention_keys").to_owned(),
                first_name_mentions: prop(&user, "first_name") == "true",
                channel_mentions: prop(&user, "channel") != "false"
                    && prop(&channel, "ignore_channel_mentions") != "on",
                online: false,
            });
            props.push((user, channel));
        }
        Self { candidates, props }
    }

    /// The members' user ids.
    pub fn user_ids(&self) -> impl Iterator<Item = &String> {
        self.candidates.iter().map(|c| &c.user_id)
    }

    pub fn len(&self) -> usize {
        self.candidates.len()
    }
}

/// A kept roster: the store generation it was read at, when, and the roster.
type Kept = (u64, Instant, Arc<Roster>);

/// Channel rosters by channel id.
#[derive(Default)]
pub(crate) struct Rosters {
    map: Mutex<HashMap<String, Kept>>,
}

impl Rosters {
    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, Kept>> {
        self.map
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    fn get(&self, channel_id: &str, generation: u64) -> Option<Arc<Roster>> {
        self.lock()
            .get(channel_id)
            .filter(|(g, at, _)| *g == generation && at.elapsed() < ROSTER_TTL)
            .map(|(_, _, a)| Arc::clone(a))
    }

    fn put(&self, channel_id: &str, generation: u64, roster: Arc<Roster>) {
        let mut map = self.lock();
        if map.len() >= ROSTER_CHANNELS && !map.contains_key(channel_id) {
            map.retain(|_, (g, at, _)| *g == generation && at.elapsed() < ROSTER_TTL);
            if map.len() >= ROSTER_CHANNELS {
                // Still full of usable rosters: drop the older half (a busy channel is read
                // again within the time limit anyway, so it stays among the newer ones).
                let mut ages: Vec<Instant> = map.values().map(|(_, at, _)| *at).collect();
                ages.sort_unstable();
                let cut = ages[ages.len() / 2];
                map.retain(|_, (_, at, _)| *at > cut);
            }
        }
        map.insert(channel_id.to_owned(), (generation, Instant::now(), roster));
    }
}

impl App {
    /// The channel's live members, from the cache when nothing changed since they were read.
    pub(crate) async fn channel_roster(&self, channel_id: &str) -> AppResult<Arc<Roster>> {
        // Read before the members: a change that lands meanwhile moves the generation, so what
        // is read here is never used under the newer number.
        let generation = self.store.audience_generation();
        if let Some(a) = self.rosters.get(channel_id, generation) {
            return Ok(a);
        }
        let rows = self
            .store
            .get_mention_members(channel_id)
            .await
            .map_err(internal("app.channel.get_members.app_error"))?;
        let roster = Arc::new(Roster::new(rows));
        self.rosters
            .put(channel_id, generation, Arc::clone(&roster));
        Ok(roster)
    }

    /// The ids of a channel's active members, from its roster: who channel events go to (a
    /// deactivated member has no session, so no socket, to send to).
    pub(crate) async fn channel_member_ids(&self, channel_id: &str) -> AppResult<Vec<String>> {
        Ok(self
            .channel_roster(channel_id)
            .await?
            .user_ids()
            .cloned()
            .collect())
    }

    /// Finds who the post mentions and bumps their mention counts. `@all`, `@channel` and
    /// `@here` reach nobody in a channel above `MaxNotificationsPerChannel` (the sender is told).
    pub(super) async fn record_mentions(
        &self,
        ctx: &SessionCtx,
        post: &Post,
        channel_type: &str,
    ) -> AppResult<PostMentions> {
        let roster = self.channel_roster(&post.channel_id).await?;
        let find = |allow_channel: bool| {
            find_mentions_with(
                &post.message,
                &roster.candidates,
                &post.user_id,
                allow_channel,
                |c| self.hub.is_connected(&c.user_id),
            )
        };
        let mut found = find(true);
        let explicit = std::mem::take(&mut found.explicit);
        let mut mentioned: Vec<String> = if channel_type == "D" {
            roster
                .user_ids()
                .filter(|id| **id != post.user_id)
                .cloned()
                .collect()
        } else {
            // The permission is read only when the message asks for a channel-wide mention.
            if found.channel_words {
                let limit = self.config().team_settings.max_notifications_per_channel;
                if !self
                    .has_channel_permission(ctx, &post.channel_id, perm::USE_CHANNEL_MENTIONS)
                    .await?
                {
                    found = find(false);
                } else if i64::try_from(roster.len()).unwrap_or(i64::MAX) > limit {
                    self.tell_channel_mentions_disabled(ctx, post, limit).await;
                    found = find(false);
                }
            }
            found.user_ids.into_iter().collect()
        };
        mentioned.sort();
        self.store
            .increment_mentions(
                &post.channel_id,
                &mentioned,
                post.root_id.is_empty(),
                post.create_at,
            )
            .await
            .map_err(internal("app.channel.increment_mention_count.app_error"))?;
        Ok(PostMentions {
            roster,
            explicit,
            mentioned,
        })
    }

    /// An ephemeral note to the sender that channel-wide mentions were not sent.
    async fn tell_channel_mentions_disabled(&self, ctx: &SessionCtx, post: &Post, limit: i64) {
        let note = Post {
            id: new_id(),
            channel_id: post.channel_id.clone(),
            root_id: post.root_id.clone(),
            user_id: post.user_id.clone(),
            create_at: now_millis(),
            update_at: now_millis(),
            post_type: "system_ephemeral".to_owned(),
            message: format!(
                "@all, @channel and @here have been disabled because the channel has more than {limit} users."
            ),
            ..Post::default()
        };
        let ev = outpost_realtime::Event::new("ephemeral_message")
            .with("post", serde_json::to_string(&note).unwrap_or_default())
            .for_channel(&post.channel_id)
            .for_user(ctx.user_id());
        self.emit(ev, crate::events::Audience::User(ctx.user_id()))
            .await;
    }
}

/// One notify prop, empty when unset.
fn prop<'a>(m: &'a NotifyProps, key: &str) -> &'a str {
    m.get(key).map_or("", String::as_str)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn member(id: &str, props: &str) -> MentionMember {
        MentionMember {
            user_id: id.to_owned(),
            username: format!("user.{id}"),
            first_name: String::new(),
            user_notify_props: props.to_owned(),
            channel_notify_props: "{}".to_owned(),
        }
    }

    #[test]
    fn rosters_follow_the_generation_and_stay_bounded() {
        let rosters = Rosters::default();
        let roster = Arc::new(Roster::new(vec![
            member("a", r#"{"channel":"false"}"#),
            member("b", r#"{"channel":"false"}"#),
            member("c", r#"{"mention_keys":"deploy"}"#),
        ]));
        assert!(
            Arc::ptr_eq(&roster.props[0].0, &roster.props[1].0),
            "equal props are shared"
        );
        assert!(!roster.candidates[0].channel_mentions);
        assert_eq!(roster.candidates[2].mention_keys, "deploy");
        rosters.put("town", 7, Arc::clone(&roster));
        assert!(rosters.get("town", 7).is_some());
        assert!(
            rosters.get("town", 8).is_none(),
            "a moved generation is a miss"
        );
        assert!(rosters.get("other", 7).is_none());
        // Full of usable rosters: the older half goes, the newest and the one just added stay.
        for i in 0..ROSTER_CHANNELS + 1 {
            rosters.put(&format!("c{i}"), 7, Arc::new(Roster::new(Vec::new())));
        }
        let kept = rosters.lock().len();
        assert!(
            kept <= ROSTER_CHANNELS && kept > ROSTER_CHANNELS / 4,
            "{kept}"
        );
        assert!(rosters.get(&format!("c{ROSTER_CHANNELS}"), 7).is_some());
    }
}
