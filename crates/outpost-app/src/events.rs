//! The WebSocket events services publish after a change commits: one small helper per event kind,
//! each with Mattermost's payload and audience. Nothing here fails a request: a recipient lookup
//! that fails after the commit is logged and the event dropped (clients resync on reconnect).

use std::collections::BTreeMap;

use outpost_model::channel::{Channel, ChannelMember};
use outpost_model::misc::Preference;
use outpost_model::post::Post;
use outpost_model::team::{Team, TeamMember};
use outpost_model::user::User;
use outpost_realtime::{Event, Target};
use outpost_store::StoreResult;
use outpost_store::posts::PostChannel;
use serde::Serialize;
use serde_json::Value;

use crate::App;

/// Who an event goes to, resolved when it is published.
pub(crate) enum Audience<'a> {
    /// Every connection of one user.
    User(&'a str),
    /// The channel's members.
    Channel(&'a str),
    /// The team's active members.
    Team(&'a str),
    /// Everyone connected.
    All,
}

/// `value` as a JSON string, the way Mattermost embeds models in event data.
fn json_string(value: &impl Serialize) -> String {
    serde_json::to_string(value).unwrap_or_default()
}

impl App {
    /// Publishes `ev` to `to`. Recipients are looked up now, after the commit.
    pub(crate) async fn emit(&self, ev: Event, to: Audience<'_>) {
        let ids: StoreResult<Vec<String>> = match to {
            Audience::User(u) => Ok(vec![u.to_owned()]),
            Audience::Channel(c) => match self.channel_member_ids(c).await {
                Ok(ids) => Ok(ids),
                Err(e) => {
                    tracing::warn!(error = %e.message, event = %ev.event, "event recipients unavailable");
                    return;
                }
            },
            Audience::Team(t) => self.store.get_team_member_ids(t).await,
            Audience::All => {
                self.hub.publish(&ev, &Target::All);
                return;
            }
        };
        match ids {
            Ok(ids) => self.hub.publish(&ev, &Target::Users(ids)),
            Err(e) => tracing::warn!(error = %e, event = %ev.event, "event recipients unavailable"),
        }
    }

    /// A post event (`posted`, `post_edited`, `post_deleted`) to the channel's members; `post` is a
    /// JSON string, as in Mattermost.
    pub(crate) fn publish_post_event(
        &self,
        name: &str,
        post: &Post,
        members: Vec<String>,
        extra: &[(&str, Value)],
    ) {
        let mut ev = Event::new(name)
            .with("post", json_string(post))
            .for_channel(&post.channel_id);
        for (k, v) in extra {
            ev = ev.with(k, v.clone());
        }
        self.hub.publish(&ev, &Target::Users(members));
    }

    /// `posted`, with the channel facts and sender the clients show in notifications, the
    /// mentioned user ids and the thread followers to notify (JSON strings) when there are any.
    pub(crate) fn publish_posted(
        &self,
        post: &Post,
        channel: PostChannel,
        sender: &str,
        members: Vec<String>,
        mentioned: &[String],
        followers: &[String],
    ) {
        let mut extra = vec![
            ("channel_display_name", channel.display_name.into()),
            ("channel_name", channel.name.into()),
            ("channel_type", channel.channel_type.into()),
            ("sender_name", format!("@{sender}").into()),
            ("set_online", true.into()),
            ("team_id", channel.team_id.into()),
        ];
        if !mentioned.is_empty() {
            extra.push(("mentions", json_string(&mentioned).into()));
        }
        if !followers.is_empty() {
            extra.push(("followers", json_string(&followers).into()));
        }
        self.publish_post_event("posted", post, members, &extra);
    }

    // ---- channels -------------------------------------------------------------------------

    /// `channel_created`, to the creator.
    pub(crate) async fn emit_channel_created(&self, user_id: &str, c: &Channel) {
        let ev = Event::new("channel_created")
            .with("channel_id", c.id.as_str())
            .with("team_id", c.team_id.as_str())
            .for_user(user_id);
        self.emit(ev, Audience::User(user_id)).await;
    }

    /// `channel_updated` (the channel as a JSON string), to the channel's members.
    pub(crate) async fn emit_channel_updated(&self, c: &Channel) {
        let ev = Event::new("channel_updated")
            .with("channel", json_string(c))
            .for_channel(&c.id);
        self.emit(ev, Audience::Channel(&c.id)).await;
    }

    /// Who hears about a channel being archived or restored: the team for public channels, the
    /// members for private ones.
    fn channel_audience(c: &Channel) -> Audience<'_> {
        if c.channel_type == "O" {
            Audience::Team(&c.team_id)
        } else {
            Audience::Channel(&c.id)
        }
    }

    /// `channel_deleted` (archived).
    pub(crate) async fn emit_channel_deleted(&self, c: &Channel) {
        let ev = Event::new("channel_deleted")
            .with("channel_id", c.id.as_str())
            .with("delete_at", c.delete_at)
            .with("team_id", c.team_id.as_str())
            .for_team(&c.team_id);
        self.emit(ev, Self::channel_audience(c)).await;
    }

    /// `channel_restored` (unarchived).
    pub(crate) async fn emit_channel_restored(&self, c: &Channel) {
        let ev = Event::new("channel_restored")
            .with("channel_id", c.id.as_str())
            .with("delete_at", 0)
            .with("team_id", c.team_id.as_str())
            .for_team(&c.team_id);
        self.emit(ev, Self::channel_audience(c)).await;
    }

    /// `channel_member_updated` (the membership as a JSON string), to that member.
    pub(crate) async fn emit_channel_member_updated(&self, m: &ChannelMember) {
        let ev = Event::new("channel_member_updated")
            .with("channelMember", json_string(m))
            .for_user(&m.user_id);
        self.emit(ev, Audience::User(&m.user_id)).await;
    }

    /// `multiple_channels_viewed` (`channel_times`: channel id → ms), to the viewer.
    pub(crate) async fn emit_channels_viewed(&self, user_id: &str, times: &BTreeMap<String, i64>) {
        if times.is_empty() {
            return;
        }
        let ev = Event::new("multiple_channels_viewed")
            .with(
                "channel_times",
                serde_json::to_value(times).unwrap_or_default(),
            )
            .for_user(user_id);
        self.emit(ev, Audience::User(user_id)).await;
    }

    /// `direct_added`, to both people of a new DM.
    pub(crate) async fn emit_direct_added(&self, c: &Channel, creator: &str, teammate: &str) {
        let ev = Event::new("direct_added")
            .with("creator_id", creator)
            .with("teammate_id", teammate)
            .for_channel(&c.id);
        self.emit(ev, Audience::Channel(&c.id)).await;
    }

    /// `group_added` (`teammate_ids` as a JSON string), to every member of a new GM.
    pub(crate) async fn emit_group_added(&self, c: &Channel, user_ids: &[String]) {
        let ev = Event::new("group_added")
            .with("teammate_ids", json_string(&user_ids))
            .for_channel(&c.id);
        self.emit(ev, Audience::Channel(&c.id)).await;
    }

    /// `user_added`, to the channel's members (the new one included).
    pub(crate) async fn emit_user_added(&self, c: &Channel, user_id: &str) {
        let ev = Event::new("user_added")
            .with("user_id", user_id)
            .with("team_id", c.team_id.as_str())
            .for_channel(&c.id);
        self.emit(ev, Audience::Channel(&c.id)).await;
    }

    /// `user_removed`: the remaining members learn who left; the removed user, who is no longer
    /// a member, gets a copy of their own naming the channel.
    pub(crate) async fn emit_user_removed(&self, channel_id: &str, user_id: &str, remover: &str) {
        let ev = Event::new("user_removed")
            .with("user_id", user_id)
            .with("remover_id", remover)
            .for_channel(channel_id);
        self.emit(ev, Audience::Channel(channel_id)).await;
        let own = Event::new("user_removed")
            .with("channel_id", channel_id)
            .with("remover_id", remover)
            .for_user(user_id);
        self.emit(own, Audience::User(user_id)).await;
    }

    // ---- teams ----------------------------------------------------------------------------

    /// `added_to_team`, to the user who joined.
    pub(crate) async fn emit_added_to_team(&self, team_id: &str, user_id: &str) {
        let ev = Event::new("added_to_team")
            .with("team_id", team_id)
            .with("user_id", user_id)
            .for_user(user_id);
        self.emit(ev, Audience::User(user_id)).await;
    }

    /// `leave_team`, to the remaining team members and to the user who left.
    pub(crate) async fn emit_leave_team(&self, team_id: &str, user_id: &str) {
        let ev = Event::new("leave_team")
            .with("team_id", team_id)
            .with("user_id", user_id);
        self.emit(
            ev.clone().for_team(team_id).omit(user_id),
            Audience::Team(team_id),
        )
        .await;
        self.emit(ev.for_user(user_id), Audience::User(user_id))
            .await;
    }

    /// `update_team`, `delete_team`, `restore_team` (the sanitized team as a JSON string).
    /// Updates go to the team's members; archiving and restoring an open team concern everyone
    /// who can list it (as Mattermost, which broadcasts them), an invite-only one its members.
    pub(crate) async fn emit_team_event(&self, name: &str, team: &Team) {
        let mut t = team.clone();
        t.sanitize();
        let ev = Event::new(name).with("team", json_string(&t));
        if name == "update_team" || !team.allow_open_invite {
            self.emit(ev.for_team(&team.id), Audience::Team(&team.id))
                .await;
        } else {
            self.emit(ev, Audience::All).await;
        }
    }

    /// `memberrole_updated` (the team membership as a JSON string), to that member.
    pub(crate) async fn emit_team_member_role_updated(&self, m: &TeamMember) {
        let ev = Event::new("memberrole_updated")
            .with("member", json_string(m))
            .for_user(&m.user_id);
        self.emit(ev, Audience::User(&m.user_id)).await;
    }

    // ---- users ----------------------------------------------------------------------------

    /// `new_user`, to everyone.
    pub(crate) async fn emit_new_user(&self, user_id: &str) {
        self.emit(
            Event::new("new_user").with("user_id", user_id),
            Audience::All,
        )
        .await;
    }

    /// `user_updated` (`user` as an object): administrators get the admin view, everyone else
    /// the public view with the privacy settings applied, the user their own full profile.
    pub(crate) async fn emit_user_updated(&self, user: &User) {
        let mut own = user.clone();
        own.sanitize_secrets();
        let admins = match self.store.get_system_admin_ids().await {
            Ok(ids) => ids,
            Err(e) => {
                tracing::warn!(error = %e, "user_updated recipients unavailable");
                Vec::new()
            }
        };
        let cfg = self.config();
        let mut public = user.clone();
        public.sanitize_for_others(
            cfg.privacy_settings.show_email_address,
            cfg.privacy_settings.show_full_name,
        );
        let others = admins.iter().filter(|a| **a != user.id).cloned().collect();
        let admin_ev = Event::new("user_updated")
            .with("user", serde_json::to_value(&own).unwrap_or_default())
            .omit(&user.id);
        self.hub.publish(&admin_ev, &Target::Users(others));
        let mut public_ev = Event::new("user_updated")
            .with("user", serde_json::to_value(&public).unwrap_or_default())
            .omit(&user.id);
        for a in &admins {
            public_ev = public_ev.omit(a);
        }
        self.hub.publish(&public_ev, &Target::All);
        let own_ev = Event::new("user_updated")
            .with("user", serde_json::to_value(&own).unwrap_or_default())
            .for_user(&user.id);
        self.emit(own_ev, Audience::User(&user.id)).await;
    }

    /// `user_role_updated`, to that user.
    pub(crate) async fn emit_user_role_updated(&self, user_id: &str, roles: &str) {
        let ev = Event::new("user_role_updated")
            .with("user_id", user_id)
            .with("roles", roles)
            .for_user(user_id);
        self.emit(ev, Audience::User(user_id)).await;
    }

    // ---- preferences and sidebar ----------------------------------------------------------

    /// `preferences_changed` or `preferences_deleted` (the preferences as a JSON string), to
    /// their owner.
    pub(crate) async fn emit_preferences(&self, name: &str, user_id: &str, prefs: &[Preference]) {
        let ev = Event::new(name)
            .with("preferences", json_string(&prefs))
            .for_user(user_id);
        self.emit(ev, Audience::User(user_id)).await;
    }

    /// A `sidebar_category_*` event, to the owner, scoped to the team.
    pub(crate) async fn emit_sidebar(
        &self,
        name: &str,
        user_id: &str,
        team_id: &str,
        key: &str,
        value: Value,
    ) {
        let ev = Event::new(name)
            .with(key, value)
            .for_user(user_id)
            .for_team(team_id);
        self.emit(ev, Audience::User(user_id)).await;
    }
}
