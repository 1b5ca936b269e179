//! Built-in slash commands. Each answers with a `CommandResponse`, as a custom command would;
//! failures the user can fix come back as ephemeral text, not as HTTP errors (Mattermost's way).

use outpost_core::AppResult;
use outpost_model::channel::{Channel, ChannelPatch};
use outpost_model::integration::{Command, CommandResponse};
use outpost_model::misc::{CustomStatus, Preference};
use outpost_model::post::Post;

use super::commands::Execution;
use crate::{App, SessionCtx};

/// A built-in command as autocomplete lists it.
pub(crate) struct Builtin {
    pub trigger: &'static str,
    pub desc: &'static str,
    pub hint: &'static str,
}

const fn b(trigger: &'static str, desc: &'static str, hint: &'static str) -> Builtin {
    Builtin {
        trigger,
        desc,
        hint,
    }
}

/// Every built-in command.
pub(crate) const BUILTINS: &[Builtin] = &[
    b("away", "Set your status away", ""),
    b("online", "Set your status online", ""),
    b("offline", "Set your status offline", ""),
    b(
        "dnd",
        "Do not disturb disables desktop and mobile push notifications.",
        "",
    ),
    b(
        "status",
        "Set or clear your custom status",
        "[:emoji:] [text] | clear",
    ),
    b("code", "Display text as a code block", "[text]"),
    b("echo", "Echo back text from your account", "[message]"),
    b("me", "Do an action", "[message]"),
    b("shrug", "Adds ¯\\_(ツ)_/¯ to your message", "[message]"),
    b(
        "msg",
        "Send Direct Message to a user",
        "@[username] [message]",
    ),
    b(
        "groupmsg",
        "Send a Group Message to the specified users",
        "@[username1],@[username2] [message]",
    ),
    b("join", "Join the open channel", "~[channel]"),
    b("open", "Open a channel", "~[channel]"),
    b("leave", "Leave the current channel", ""),
    b(
        "invite",
        "Invite a user to a channel",
        "@[username] ~[channel]",
    ),
    b("kick", "Remove a member from the channel", "@[username]"),
    b("remove", "Remove a member from the channel", "@[username]"),
    b(
        "mute",
        "Turns off desktop, email and push notifications for the current channel.",
        "",
    ),
    b("header", "Edit the channel header", "[text]"),
    b("purpose", "Edit the channel purpose", "[text]"),
    b("rename", "Rename the channel", "[text]"),
    b("help", "Show the built-in commands", ""),
    b("search", "Search text in messages", "[text]"),
    b("logout", "Log out of Outpost", ""),
    b("collapse", "Turn on auto-collapsing of image previews", ""),
    b("expand", "Turn off auto-collapsing of image previews", ""),
];

/// The built-ins as `model.Command`s for autocomplete lists.
pub(crate) fn commands() -> Vec<Command> {
    BUILTINS
        .iter()
        .map(|c| Command {
            trigger: c.trigger.to_owned(),
            auto_complete: true,
            auto_complete_desc: c.desc.to_owned(),
            auto_complete_hint: c.hint.to_owned(),
            display_name: c.trigger.to_owned(),
            ..Command::default()
        })
        .collect()
}

fn ephemeral(text: impl Into<String>) -> CommandResponse {
    CommandResponse {
        response_type: "ephemeral".to_owned(),
        text: text.into(),
        ..CommandResponse::default()
    }
}

fn in_channel(text: impl Into<String>) -> CommandResponse {
    CommandResponse {
        response_type: "in_channel".to_owned(),
        text: text.into(),
        ..CommandResponse::default()
    }
}

fn goto(location: String) -> CommandResponse {
    CommandResponse {
        goto_location: location,
        ..CommandResponse::default()
    }
}

/// `@name` → `name`, `~name` → `name`.
fn bare(word: &str) -> String {
    word.trim_start_matches(['@', '~']).to_lowercase()
}

impl App {
    /// Runs a built-in command; `None` when `exec.trigger` is not one.
    pub(crate) async fn run_builtin(
        &self,
        ctx: &SessionCtx,
        exec: &Execution,
    ) -> AppResult<Option<CommandResponse>> {
        let me = exec.user_id.as_str();
        let text = exec.text.trim();
        let resp = match exec.trigger.as_str() {
            "away" | "online" | "offline" | "dnd" => {
                self.update_user_status(ctx, me, &exec.trigger, 0).await?;
                ephemeral(format!("You are now {}.", status_words(&exec.trigger)))
            }
            "status" => self.status_command(ctx, me, text).await?,
            "code" if text.is_empty() => {
                ephemeral("A message must be provided with the /code command.")
            }
            "code" => in_channel(format!("    {}", exec.text.replace('\n', "\n    "))),
            "echo" if text.is_empty() => {
                ephemeral("A message must be provided with the /echo command.")
            }
            "echo" => in_channel(unquote(text)),
            "me" => CommandResponse {
                post_type: "me".to_owned(),
                ..in_channel(format!("*{text}*"))
            },
            "shrug" if text.is_empty() => in_channel("¯\\\\\\_(ツ)\\_/¯"),
            "shrug" => in_channel(format!("{text} ¯\\\\\\_(ツ)\\_/¯")),
            "header" | "purpose" | "rename" => self.channel_text_command(ctx, exec, text).await?,
            "join" | "open" => self.join_command(ctx, exec, text).await?,
            "leave" => self.leave_command(ctx, exec).await?,
            "msg" => self.msg_command(ctx, exec, text).await?,
            "groupmsg" => self.groupmsg_command(ctx, exec, text).await?,
            "invite" => self.invite_command(ctx, exec, text).await?,
            "kick" | "remove" => self.kick_command(ctx, exec, text).await?,
            "mute" => self.mute_command(ctx, exec).await?,
            "help" => ephemeral(help_text()),
            // As in Mattermost, clients run /search themselves (it opens their search); a client
            // that sends it to the server is told so.
            "search" => ephemeral("The search command is not supported on your device."),
            "logout" => {
                self.logout(ctx).await?;
                goto("/login".to_owned())
            }
            "collapse" | "expand" => {
                let collapse = exec.trigger == "collapse";
                let pref = Preference {
                    user_id: me.to_owned(),
                    category: "display_settings".to_owned(),
                    name: "collapse_previews".to_owned(),
                    value: collapse.to_string(),
                };
                self.update_preferences(ctx, me, vec![pref]).await?;
                ephemeral(if collapse {
                    "Image links now collapse by default"
                } else {
                    "Image links now expand by default"
                })
            }
            _ => return Ok(None),
        };
        Ok(Some(resp))
    }

    async fn status_command(
        &self,
        ctx: &SessionCtx,
        me: &str,
        text: &str,
    ) -> AppResult<CommandResponse> {
        if text.is_empty() || text == "clear" {
            self.remove_custom_status(ctx, me).await?;
            return Ok(ephemeral("Your status was cleared."));
        }
        let (emoji, rest) = match text.split_once(' ') {
            Some((e, r)) if e.starts_with(':') && e.ends_with(':') && e.len() > 2 => {
                (e.trim_matches(':').to_owned(), r.trim().to_owned())
            }
            _ if text.starts_with(':') && text.ends_with(':') && text.len() > 2 => {
                (text.trim_matches(':').to_owned(), String::new())
            }
            _ => ("speech_balloon".to_owned(), text.to_owned()),
        };
        let cs = CustomStatus {
            emoji: emoji.clone(),
            text: rest.clone(),
            ..CustomStatus::default()
        };
        self.update_custom_status(ctx, me, cs).await?;
        Ok(ephemeral(format!(
            "Your status is set to “:{emoji}: {rest}”."
        )))
    }

    async fn channel_text_command(
        &self,
        ctx: &SessionCtx,
        exec: &Execution,
        text: &str,
    ) -> AppResult<CommandResponse> {
        if text.is_empty() {
            return Ok(ephemeral(format!(
                "Text must be provided with the /{} command.",
                exec.trigger
            )));
        }
        let mut patch = ChannelPatch::default();
        match exec.trigger.as_str() {
            "header" => patch.header = Some(text.to_owned()),
            "purpose" => patch.purpose = Some(text.to_owned()),
            _ => patch.display_name = Some(text.to_owned()),
        }
        match self.patch_channel(ctx, &exec.channel_id, patch).await {
            Ok(_) => Ok(CommandResponse::default()),
            Err(e) => Ok(ephemeral(format!(
                "Could not edit the channel: {}",
                e.message
            ))),
        }
    }

    async fn team_channel(&self, exec: &Execution, name: &str) -> Option<Channel> {
        self.store
            .get_channel_by_name(&exec.team_id, &bare(name), false)
            .await
            .ok()
    }

    async fn join_command(
        &self,
        ctx: &SessionCtx,
        exec: &Execution,
        text: &str,
    ) -> AppResult<CommandResponse> {
        let Some(channel) = self.team_channel(exec, text).await else {
            return Ok(ephemeral("An error occurred while joining the channel."));
        };
        let member = self
            .store
            .get_channel_member_roles(&channel.id, &exec.user_id)
            .await
            .ok()
            .and_then(|(c, _)| c);
        if member.is_none()
            && let Err(e) = self
                .add_channel_members(ctx, &channel.id, std::slice::from_ref(&exec.user_id))
                .await
        {
            return Ok(ephemeral(format!(
                "Could not join the channel: {}",
                e.message
            )));
        }
        let team = self.team_name(&exec.team_id).await;
        Ok(goto(format!("/{team}/channels/{}", channel.name)))
    }

    async fn leave_command(
        &self,
        ctx: &SessionCtx,
        exec: &Execution,
    ) -> AppResult<CommandResponse> {
        if let Err(e) = self
            .remove_channel_member(ctx, &exec.channel_id, &exec.user_id)
            .await
        {
            return Ok(ephemeral(format!(
                "Could not leave the channel: {}",
                e.message
            )));
        }
        let team = self.team_name(&exec.team_id).await;
        Ok(goto(format!("/{team}/channels/town-square")))
    }

    async fn user_by_mention(&self, word: &str) -> Option<outpost_model::user::User> {
        self.store
            .get_user_by_username(&bare(word))
            .await
            .ok()
            .filter(|u| u.delete_at == 0)
    }

    async fn post_as(&self, ctx: &SessionCtx, channel_id: &str, message: &str) -> AppResult<()> {
        if message.trim().is_empty() {
            return Ok(());
        }
        let post = Post {
            channel_id: channel_id.to_owned(),
            message: message.to_owned(),
            ..Post::default()
        };
        self.create_post(ctx, post).await.map(|_| ())
    }

    async fn msg_command(
        &self,
        ctx: &SessionCtx,
        exec: &Execution,
        text: &str,
    ) -> AppResult<CommandResponse> {
        let (who, message) = text.split_once(' ').unwrap_or((text, ""));
        let Some(user) = self.user_by_mention(who).await else {
            return Ok(ephemeral("We couldn't find the user."));
        };
        let ids = [exec.user_id.clone(), user.id.clone()];
        let dm = self.create_direct_channel(ctx, &ids).await?;
        self.post_as(ctx, &dm.id, message).await?;
        let team = self.team_name(&exec.team_id).await;
        Ok(goto(format!("/{team}/messages/@{}", user.username)))
    }

    async fn groupmsg_command(
        &self,
        ctx: &SessionCtx,
        exec: &Execution,
        text: &str,
    ) -> AppResult<CommandResponse> {
        let (list, message) = text.split_once(' ').unwrap_or((text, ""));
        let mut ids = vec![exec.user_id.clone()];
        for name in list.split(',').filter(|n| !n.trim().is_empty()) {
            match self.user_by_mention(name.trim()).await {
                Some(u) if !ids.contains(&u.id) => ids.push(u.id),
                Some(_) => {}
                None => {
                    return Ok(ephemeral(format!(
                        "Unable to find the user {}.",
                        name.trim()
                    )));
                }
            }
        }
        if ids.len() < 3 {
            return Ok(ephemeral("A group message needs at least two other users."));
        }
        let gm = match self.create_group_channel(ctx, &ids).await {
            Ok(gm) => gm,
            Err(e) => {
                return Ok(ephemeral(format!(
                    "Could not create the group: {}",
                    e.message
                )));
            }
        };
        self.post_as(ctx, &gm.id, message).await?;
        let team = self.team_name(&exec.team_id).await;
        Ok(goto(format!("/{team}/messages/{}", gm.name)))
    }

    async fn invite_command(
        &self,
        ctx: &SessionCtx,
        exec: &Execution,
        text: &str,
    ) -> AppResult<CommandResponse> {
        let mut words = text.split_whitespace();
        let Some(user) = (match words.next() {
            Some(w) => self.user_by_mention(w).await,
            None => None,
        }) else {
            return Ok(ephemeral("We couldn't find the user."));
        };
        let channel = match words.next() {
            Some(name) => match self.team_channel(exec, name).await {
                Some(c) => c,
                None => return Ok(ephemeral("We couldn't find the channel.")),
            },
            None => self.get_channel_raw(&exec.channel_id).await?,
        };
        match self
            .add_channel_members(ctx, &channel.id, std::slice::from_ref(&user.id))
            .await
        {
            Ok(_) => Ok(ephemeral(format!(
                "{} added to {}.",
                user.username, channel.display_name
            ))),
            Err(e) => Ok(ephemeral(format!("Could not add the user: {}", e.message))),
        }
    }

    async fn kick_command(
        &self,
        ctx: &SessionCtx,
        exec: &Execution,
        text: &str,
    ) -> AppResult<CommandResponse> {
        let Some(user) = self
            .user_by_mention(text.split_whitespace().next().unwrap_or(""))
            .await
        else {
            return Ok(ephemeral("We couldn't find the user."));
        };
        match self
            .remove_channel_member(ctx, &exec.channel_id, &user.id)
            .await
        {
            Ok(()) => Ok(CommandResponse::default()),
            Err(e) => Ok(ephemeral(format!(
                "Could not remove the user: {}",
                e.message
            ))),
        }
    }

    async fn mute_command(&self, ctx: &SessionCtx, exec: &Execution) -> AppResult<CommandResponse> {
        let member = self
            .get_channel_member(ctx, &exec.channel_id, &exec.user_id)
            .await?;
        let muted = member
            .notify_props
            .get("mark_unread")
            .is_some_and(|v| v == "mention");
        let mut props = outpost_model::user::StringMap::new();
        props.insert(
            "mark_unread".to_owned(),
            if muted { "all" } else { "mention" }.to_owned(),
        );
        self.update_channel_member_notify_props(ctx, &exec.channel_id, &exec.user_id, props)
            .await?;
        let channel = self.get_channel_raw(&exec.channel_id).await?;
        Ok(ephemeral(if muted {
            format!("{} is no longer muted.", channel.display_name)
        } else {
            format!(
                "You have muted {}. Notifications will not be sent for this channel.",
                channel.display_name
            )
        }))
    }
}

fn status_words(status: &str) -> &'static str {
    match status {
        "away" => "away",
        "offline" => "offline",
        "dnd" => "in Do Not Disturb mode",
        _ => "online",
    }
}

fn unquote(text: &str) -> String {
    text.strip_prefix('"')
        .and_then(|t| t.strip_suffix('"'))
        .unwrap_or(text)
        .to_owned()
}

fn help_text() -> String {
    let mut out = String::from("Built-in commands:\n");
    for c in BUILTINS {
        out.push_str(&format!("- `/{} {}` {}\n", c.trigger, c.hint, c.desc));
    }
    out
}
