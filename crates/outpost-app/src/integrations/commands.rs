//! Slash commands: custom commands (CRUD, tokens), `POST /commands/execute` for built-in and
//! custom commands, their responses (`ephemeral` or `in_channel`, `extra_responses`,
//! `goto_location`), delayed responses through `response_url`, and autocomplete lists.

use outpost_core::roles::perm;
use outpost_core::{AppError, AppResult};
use outpost_model::integration::{Command, CommandArgs, CommandResponse};

use super::responses::parse_response;
use outpost_model::{is_valid_id, new_id, now_millis};
use outpost_store::StoreError;
use outpost_store::webhooks::CommandWebhook;

use super::builtin::{self, BUILTINS};
use super::outbound::OutboundBody;
use crate::{App, SessionCtx, internal};

/// One execution of a command: who, where, and what was typed.
#[derive(Debug, Clone, Default)]
pub(crate) struct Execution {
    pub user_id: String,
    pub channel_id: String,
    pub team_id: String,
    pub root_id: String,
    pub trigger: String,
    /// Everything after the trigger.
    pub text: String,
}

fn not_found() -> AppError {
    AppError::not_found(
        "store.sql_command.save.get.app_error",
        "Unable to get the command.",
    )
}

fn disabled() -> AppError {
    AppError::not_implemented(
        "api.command.disabled.app_error",
        "Commands have been disabled by the system admin.",
    )
}

fn validate(c: &Command) -> AppResult<()> {
    let bad = |id: &'static str, msg: &str| AppError::bad_request(id, msg.to_owned());
    let t = &c.trigger;
    if t.is_empty() || t.chars().count() > 128 || t.starts_with('/') || t.contains(' ') {
        return Err(bad(
            "model.command.is_valid.trigger.app_error",
            "Invalid trigger.",
        ));
    }
    let url_ok = url::Url::parse(&c.url).is_ok_and(|u| matches!(u.scheme(), "http" | "https"));
    if c.url.chars().count() > 1024 || !url_ok {
        return Err(bad("model.command.is_valid.url.app_error", "Invalid URL."));
    }
    if c.method != "P" && c.method != "G" {
        return Err(bad(
            "model.command.is_valid.method.app_error",
            "Invalid method.",
        ));
    }
    for (v, max, id) in [
        (
            &c.display_name,
            64,
            "model.command.is_valid.display_name.app_error",
        ),
        (
            &c.description,
            128,
            "model.command.is_valid.description.app_error",
        ),
        (&c.username, 64, "model.command.is_valid.username.app_error"),
        (
            &c.icon_url,
            1024,
            "model.command.is_valid.icon_url.app_error",
        ),
        (
            &c.auto_complete_desc,
            1024,
            "model.command.is_valid.autocomplete_data.app_error",
        ),
        (
            &c.auto_complete_hint,
            1024,
            "model.command.is_valid.autocomplete_data.app_error",
        ),
    ] {
        if v.chars().count() > max {
            return Err(bad(id, "Invalid value."));
        }
    }
    Ok(())
}

/// Splits `/trigger rest of text` into a lower-cased trigger and the text.
fn split_command(command: &str) -> (String, String) {
    let body = command.trim_start().strip_prefix('/').unwrap_or(command);
    match body.split_once(char::is_whitespace) {
        Some((t, rest)) => (t.to_lowercase(), rest.trim_start().to_owned()),
        None => (body.to_lowercase(), String::new()),
    }
}

impl App {
    fn require_commands_enabled(&self) -> AppResult<()> {
        if self.config().service_settings.enable_commands {
            Ok(())
        } else {
            Err(disabled())
        }
    }

    async fn trigger_taken(&self, team_id: &str, trigger: &str, except: &str) -> AppResult<bool> {
        if BUILTINS.iter().any(|b| b.trigger == trigger) {
            return Ok(true);
        }
        let cmds = self
            .store
            .get_team_commands(team_id)
            .await
            .map_err(internal("app.command.listteamcommands.internal_error"))?;
        Ok(cmds.iter().any(|c| c.trigger == trigger && c.id != except))
    }

    /// `POST /commands`.
    pub async fn create_command(&self, ctx: &SessionCtx, mut cmd: Command) -> AppResult<Command> {
        if !is_valid_id(&cmd.team_id) {
            return Err(AppError::invalid_body_param("team_id"));
        }
        self.require_team_permission(ctx, &cmd.team_id, perm::MANAGE_OWN_SLASH_COMMANDS)
            .await?;
        self.require_commands_enabled()?;
        cmd.trigger = cmd.trigger.trim().to_lowercase();
        validate(&cmd)?;
        if self.trigger_taken(&cmd.team_id, &cmd.trigger, "").await? {
            return Err(AppError::bad_request(
                "api.command.duplicate_trigger.app_error",
                "This trigger word is already in use. Please choose another word.",
            ));
        }
        let now = now_millis();
        cmd.id = new_id();
        cmd.token = new_id();
        cmd.creator_id = ctx.user_id().to_owned();
        cmd.create_at = now;
        cmd.update_at = now;
        cmd.delete_at = 0;
        cmd.plugin_id.clear();
        self.store
            .save_command(&cmd)
            .await
            .map_err(internal("app.command.createcommand.internal_error"))?;
        Ok(cmd)
    }

    /// A command the caller may manage; everything else (missing, deleted, other teams,
    /// someone else's without the permission) is the same 404.
    async fn managed_command(&self, ctx: &SessionCtx, id: &str) -> AppResult<Command> {
        let cmd = match self.store.get_command(id).await {
            Ok(c) => c,
            Err(StoreError::NotFound) => return Err(not_found()),
            Err(e) => return Err(internal("app.command.getcommand.internal_error")(e)),
        };
        let team = &cmd.team_id;
        let ok = self.has_team_permission(ctx, team, perm::VIEW_TEAM).await?
            && self
                .has_team_permission(ctx, team, perm::MANAGE_OWN_SLASH_COMMANDS)
                .await?
            && (cmd.creator_id == ctx.user_id()
                || self
                    .has_team_permission(ctx, team, perm::MANAGE_OTHERS_SLASH_COMMANDS)
                    .await?);
        if ok { Ok(cmd) } else { Err(not_found()) }
    }

    /// `GET /commands/{id}`.
    pub async fn get_command(&self, ctx: &SessionCtx, id: &str) -> AppResult<Command> {
        self.managed_command(ctx, id).await
    }

    /// `PUT /commands/{id}`.
    pub async fn update_command(
        &self,
        ctx: &SessionCtx,
        id: &str,
        new: Command,
    ) -> AppResult<Command> {
        if new.id != id {
            return Err(AppError::invalid_body_param("command_id"));
        }
        let old = self.managed_command(ctx, id).await?;
        self.require_commands_enabled()?;
        if !new.team_id.is_empty() && new.team_id != old.team_id {
            return Err(AppError::bad_request(
                "api.command.team_mismatch.app_error",
                "Unable to update commands across teams.",
            ));
        }
        let mut cmd = Command {
            id: old.id.clone(),
            token: old.token.clone(),
            create_at: old.create_at,
            update_at: now_millis(),
            delete_at: 0,
            creator_id: old.creator_id.clone(),
            team_id: old.team_id.clone(),
            plugin_id: old.plugin_id.clone(),
            ..new
        };
        cmd.trigger = cmd.trigger.trim().to_lowercase();
        validate(&cmd)?;
        if self
            .trigger_taken(&cmd.team_id, &cmd.trigger, &cmd.id)
            .await?
        {
            return Err(AppError::bad_request(
                "api.command.duplicate_trigger.app_error",
                "This trigger word is already in use. Please choose another word.",
            ));
        }
        self.store
            .update_command(&cmd)
            .await
            .map_err(internal("app.command.updatecommand.internal_error"))?;
        Ok(cmd)
    }

    /// `DELETE /commands/{id}`.
    pub async fn delete_command(&self, ctx: &SessionCtx, id: &str) -> AppResult<()> {
        let cmd = self.managed_command(ctx, id).await?;
        self.store
            .delete_command(&cmd.id, now_millis())
            .await
            .map_err(internal("app.command.deletecommand.internal_error"))
    }

    /// `PUT /commands/{id}/regen_token`: a new token; the old one stops matching at once.
    pub async fn regen_command_token(&self, ctx: &SessionCtx, id: &str) -> AppResult<String> {
        let mut cmd = self.managed_command(ctx, id).await?;
        self.require_commands_enabled()?;
        cmd.token = new_id();
        cmd.update_at = now_millis();
        self.store
            .update_command(&cmd)
            .await
            .map_err(internal("app.command.regencommandtoken.internal_error"))?;
        Ok(cmd.token)
    }

    /// `GET /commands?team_id=&custom_only=`: with `custom_only`, the team's custom commands (the
    /// caller's own unless they manage others'); otherwise what the caller may see, built-ins
    /// included.
    pub async fn list_commands(
        &self,
        ctx: &SessionCtx,
        team_id: &str,
        custom_only: bool,
    ) -> AppResult<Vec<Command>> {
        if !is_valid_id(team_id) {
            return Err(AppError::invalid_url_param("team_id"));
        }
        let manage = self
            .has_team_permission(ctx, team_id, perm::MANAGE_OWN_SLASH_COMMANDS)
            .await?;
        if custom_only && !manage {
            return Err(AppError::no_permission());
        }
        if !manage {
            return self.autocomplete_commands(ctx, team_id).await;
        }
        let others = self
            .has_team_permission(ctx, team_id, perm::MANAGE_OTHERS_SLASH_COMMANDS)
            .await?;
        let mut cmds: Vec<Command> = self
            .store
            .get_team_commands(team_id)
            .await
            .map_err(internal("app.command.listteamcommands.internal_error"))?
            .into_iter()
            .filter(|c| others || c.creator_id == ctx.user_id())
            .collect();
        if !custom_only {
            let mut all = builtin::commands();
            all.append(&mut cmds);
            cmds = all;
        }
        Ok(cmds)
    }

    /// `GET /teams/{id}/commands/autocomplete`: built-ins and the team's autocomplete commands,
    /// without their secrets.
    pub async fn autocomplete_commands(
        &self,
        ctx: &SessionCtx,
        team_id: &str,
    ) -> AppResult<Vec<Command>> {
        self.require_team_permission(ctx, team_id, perm::VIEW_TEAM)
            .await?;
        let mut out = builtin::commands();
        if self.config().service_settings.enable_commands {
            let custom = self
                .store
                .get_team_commands(team_id)
                .await
                .map_err(internal(
                    "app.command.listautocompletecommands.internal_error",
                ))?;
            out.extend(custom.into_iter().filter(|c| c.auto_complete).map(|mut c| {
                c.sanitize();
                c
            }));
        }
        Ok(out)
    }

    /// `GET /teams/{id}/commands/autocomplete_suggestions?user_input=`: the commands whose
    /// trigger starts with what was typed (Mattermost's `AutocompleteSuggestion`s).
    pub async fn command_suggestions(
        &self,
        ctx: &SessionCtx,
        team_id: &str,
        user_input: &str,
    ) -> AppResult<Vec<serde_json::Value>> {
        let typed = user_input.trim_start_matches('/').to_lowercase();
        let cmds = self.autocomplete_commands(ctx, team_id).await?;
        Ok(cmds
            .into_iter()
            .filter(|c| c.trigger.starts_with(&typed))
            .map(|c| {
                serde_json::json!({
                    "Complete": c.trigger,
                    "Suggestion": format!("/{}", c.trigger),
                    "Hint": c.auto_complete_hint,
                    "Description": c.auto_complete_desc,
                    "IconData": "",
                })
            })
            .collect())
    }

    /// `POST /commands/execute`. `origin` is the server's public URL for `response_url`
    /// (`SiteURL`, or the address the request came in on).
    pub async fn execute_command(
        &self,
        ctx: &SessionCtx,
        args: CommandArgs,
        origin: &str,
    ) -> AppResult<CommandResponse> {
        if args.command.chars().count() <= 1
            || !args.command.starts_with('/')
            || !is_valid_id(&args.channel_id)
        {
            return Err(AppError::bad_request(
                "api.command.execute_command.start.app_error",
                "No command trigger found.",
            ));
        }
        self.require_channel_permission(ctx, &args.channel_id, perm::CREATE_POST)
            .await?;
        let channel = self.get_channel_raw(&args.channel_id).await?;
        let (trigger, text) = split_command(&args.command);
        let team_id = if channel.team_id.is_empty() {
            args.team_id.clone()
        } else {
            channel.team_id.clone()
        };
        let exec = Execution {
            user_id: ctx.user_id().to_owned(),
            channel_id: channel.id.clone(),
            team_id,
            root_id: args.root_id.clone(),
            trigger,
            text,
        };
        if let Some(resp) = self.run_builtin(ctx, &exec).await? {
            self.handle_command_response(ctx, None, &exec, &resp)
                .await?;
            return Ok(resp);
        }
        self.require_commands_enabled()?;
        let cmd = self
            .store
            .get_team_commands(&exec.team_id)
            .await
            .map_err(internal("app.command.listteamcommands.internal_error"))?
            .into_iter()
            .find(|c| c.trigger == exec.trigger)
            .ok_or_else(|| {
                AppError::not_found(
                    "api.command.execute_command.not_found.app_error",
                    format!("Command with a trigger of '/{}' not found.", exec.trigger),
                )
            })?;
        let resp = self
            .call_command(&cmd, &exec, &channel, &args, origin)
            .await?;
        self.handle_command_response(ctx, Some(&cmd), &exec, &resp)
            .await?;
        Ok(resp)
    }

    /// Sends a custom command to its URL with Mattermost's fields and reads its answer.
    async fn call_command(
        &self,
        cmd: &Command,
        exec: &Execution,
        channel: &outpost_model::channel::Channel,
        args: &CommandArgs,
        origin: &str,
    ) -> AppResult<CommandResponse> {
        let hook = CommandWebhook {
            id: new_id(),
            create_at: now_millis(),
            command_id: cmd.id.clone(),
            user_id: exec.user_id.clone(),
            channel_id: exec.channel_id.clone(),
            root_id: exec.root_id.clone(),
        };
        self.store
            .save_command_webhook(&hook)
            .await
            .map_err(internal(
                "app.command_webhook.create_command_webhook.internal_error",
            ))?;
        let team_domain = match self.store.get_team(&exec.team_id).await {
            Ok(t) => t.name,
            Err(_) => String::new(),
        };
        let user_name = self.username_of(&exec.user_id).await;
        let fields: Vec<(&str, String)> = vec![
            ("token", cmd.token.clone()),
            ("team_id", exec.team_id.clone()),
            ("team_domain", team_domain),
            ("channel_id", exec.channel_id.clone()),
            ("channel_name", channel.name.clone()),
            ("user_id", exec.user_id.clone()),
            ("user_name", user_name),
            ("command", format!("/{}", exec.trigger)),
            ("text", exec.text.clone()),
            ("trigger_id", self.new_trigger_id(&exec.user_id)),
            ("root_id", exec.root_id.clone()),
            ("parent_id", args.parent_id.clone()),
            (
                "response_url",
                format!(
                    "{}/hooks/commands/{}",
                    origin.trim_end_matches('/'),
                    hook.id
                ),
            ),
        ];
        let encoded = url::form_urlencoded::Serializer::new(String::new())
            .extend_pairs(fields.iter().map(|(k, v)| (*k, v.as_str())))
            .finish();
        let (method, url, body) = if cmd.method == "G" {
            let sep = if cmd.url.contains('?') { '&' } else { '?' };
            (
                reqwest::Method::GET,
                format!("{}{sep}{encoded}", cmd.url),
                OutboundBody::None,
            )
        } else {
            (
                reqwest::Method::POST,
                cmd.url.clone(),
                OutboundBody::Form(encoded),
            )
        };
        let headers = [
            ("Authorization", format!("Token {}", cmd.token)),
            ("Accept", "application/json".to_owned()),
        ];
        let cfg = self.config();
        let res = self
            .outbound
            .send(
                method,
                &url,
                body,
                &headers,
                &cfg.service_settings.allowed_untrusted_internal_connections,
                cfg.service_settings.outgoing_integration_requests_timeout,
            )
            .await
            .map_err(|e| {
                tracing::warn!(error = %e, command = %cmd.id, "slash command request failed");
                AppError::internal("api.command.execute_command.failed.app_error")
                    .with_detail(format!("/{}: {e}", exec.trigger))
            })?;
        if res.status != 200 {
            return Err(
                AppError::internal("api.command.execute_command.failed_resp.app_error")
                    .with_detail(format!(
                        "/{} answered with status {}",
                        exec.trigger, res.status
                    )),
            );
        }
        parse_response(&res.content_type, &res.body)
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn splits_commands() {
        assert_eq!(
            super::split_command("/Echo  hello world"),
            ("echo".to_owned(), "hello world".to_owned())
        );
        assert_eq!(
            super::split_command("/away"),
            ("away".to_owned(), String::new())
        );
    }
}
