//! Team invitations by e-mail (`POST /teams/{team_id}/invite/email`): a mail with the team's
//! invite link (`/signup_user_complete/?id=<invite_id>`), which `POST /teams/members/invite`
//! and the sign-up page accept.

use outpost_core::roles::perm;
use outpost_core::{AppError, AppResult};
use serde::Serialize;

use crate::{App, SessionCtx, not_found_or_internal};

/// One address of a `graceful` invitation, with why it was not sent.
#[derive(Debug, Clone, Serialize)]
pub struct EmailInviteResult {
    pub email: String,
    /// Mattermost's error body, or `null` when the mail went out.
    pub error: Option<serde_json::Value>,
}

fn invalid_emails(addresses: &[String]) -> AppError {
    AppError::bad_request(
        "api.team.invite_members.invalid_email.app_error",
        format!(
            "The following email addresses do not belong to an accepted domain: {}. Please contact your System Administrator for details.",
            addresses.join(", ")
        ),
    )
}

impl App {
    /// `POST /teams/{team_id}/invite/email`: mails the team's invite link to each address.
    /// Gracefully, every address gets its own result instead of the first error failing all.
    pub async fn invite_users_by_email(
        &self,
        ctx: &SessionCtx,
        team_id: &str,
        emails: Vec<String>,
        graceful: bool,
    ) -> AppResult<Vec<EmailInviteResult>> {
        self.require_team_permission(ctx, team_id, perm::INVITE_USER)
            .await?;
        self.require_team_permission(ctx, team_id, perm::ADD_USER_TO_TEAM)
            .await?;
        if emails.is_empty() {
            return Err(AppError::invalid_body_param("user_email"));
        }
        let cfg = self.config();
        if !cfg.service_settings.enable_email_invitations {
            return Err(AppError::not_implemented(
                "api.team.invite_members.disabled.app_error",
                "Email invitations are disabled.",
            ));
        }
        let team = self
            .store
            .get_team(team_id)
            .await
            .map_err(not_found_or_internal(
                "app.team.get.find.app_error",
                "Unable to find the existing team.",
            ))?;
        let domains: Vec<String> = cfg
            .team_settings
            .restrict_creation_to_domains
            .split([',', ' '])
            .map(|d| d.trim().to_lowercase())
            .filter(|d| !d.is_empty())
            .chain(
                team.allowed_domains
                    .split([',', ' '])
                    .map(|d| d.trim().to_lowercase())
                    .filter(|d| !d.is_empty()),
            )
            .collect();
        let allowed = |email: &str| {
            let Some((local, domain)) = email.rsplit_once('@') else {
                return false;
            };
            !local.is_empty()
                && domain.contains('.')
                && (domains.is_empty() || domains.iter().any(|d| d == &domain.to_lowercase()))
        };
        let rejected: Vec<String> = emails.iter().filter(|e| !allowed(e)).cloned().collect();
        if !graceful && !rejected.is_empty() {
            return Err(invalid_emails(&rejected));
        }
        let sender = self.get_user_raw(ctx.user_id()).await?;
        let link = format!(
            "{}/signup_user_complete/?id={}",
            self.site_url(),
            team.invite_id
        );
        let mut results = Vec::with_capacity(emails.len());
        for email in emails {
            if rejected.contains(&email) {
                let e = invalid_emails(std::slice::from_ref(&email));
                let error = Some(serde_json::json!({
                    "id": e.id,
                    "message": e.message,
                    "detailed_error": "",
                    "request_id": "",
                    "status_code": e.status,
                }));
                results.push(EmailInviteResult { email, error });
                continue;
            }
            let lines = [
                format!(
                    "@{} invited you to join the {} team.",
                    sender.username, team.display_name
                ),
                "Join the team to start collaborating.".to_owned(),
            ];
            let lines: Vec<&str> = lines.iter().map(String::as_str).collect();
            let title = format!(
                "@{} invited you to join {}",
                sender.username, team.display_name
            );
            self.send_mail(self.account_mail(&email, &title, &lines, &link, "Join Team"));
            results.push(EmailInviteResult { email, error: None });
        }
        Ok(results)
    }
}
