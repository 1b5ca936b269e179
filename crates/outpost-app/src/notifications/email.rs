//! E-mail: SMTP from `EmailSettings` (plain, implicit TLS or STARTTLS, optional auth), notification
//! mails with HTML and plain-text bodies, sent at once or gathered into the user's batch
//! (`EnableEmailBatching` and the `notifications`/`email_interval` preference).

use std::sync::Arc;
use std::time::Duration;

use lettre::message::{Mailbox, MultiPart};
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Tls, TlsParameters};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use outpost_core::config::EmailSettings;
use outpost_model::now_millis;
use outpost_model::user::User;

use super::push::at_name;
use super::{Attempt, NotifyPlan};
use crate::App;

/// One notification waiting in a user's batch.
#[derive(Debug, Clone)]
pub struct PendingMail {
    pub at: i64,
    pub sender: String,
    pub channel: String,
    pub message: String,
    pub link: String,
}

/// An e-mail ready to send.
#[derive(Debug, Clone)]
pub(crate) struct Mail {
    pub to: String,
    pub subject: String,
    pub text: String,
    pub html: String,
}

/// Escapes text for HTML.
pub(crate) fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A message's Markdown as HTML; raw HTML in the message is shown as text.
fn markdown_html(message: &str) -> String {
    use pulldown_cmark::{Event, Parser, html};
    let events = Parser::new(message).map(|e| match e {
        Event::Html(t) | Event::InlineHtml(t) => Event::Text(t),
        other => other,
    });
    let mut out = String::new();
    html::push_html(&mut out, events);
    out
}

/// The SMTP transport `s` describes.
fn transport(s: &EmailSettings) -> Result<AsyncSmtpTransport<Tokio1Executor>, String> {
    let port: u16 = s
        .smtp_port
        .trim()
        .parse()
        .map_err(|_| format!("invalid SMTP port {:?}", s.smtp_port))?;
    let tls = || {
        TlsParameters::builder(s.smtp_server.clone())
            .dangerous_accept_invalid_certs(s.skip_server_certificate_verification)
            .build_rustls()
            .map_err(|e| e.to_string())
    };
    let mut b = AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(s.smtp_server.trim())
        .port(port)
        .timeout(Some(Duration::from_secs(
            s.smtp_server_timeout.clamp(1, 600) as u64,
        )));
    b = match s.connection_security.as_str() {
        "TLS" => b.tls(Tls::Wrapper(tls()?)),
        "STARTTLS" => b.tls(Tls::Required(tls()?)),
        _ => b.tls(Tls::None),
    };
    if s.enable_smtp_auth {
        b = b.credentials(Credentials::new(
            s.smtp_username.clone(),
            s.smtp_password.clone(),
        ));
    }
    Ok(b.build())
}

/// `Feedback Name <feedback@…>`, the sender of every mail.
fn from_address(s: &EmailSettings, site_name: &str) -> Result<Mailbox, String> {
    let email = if s.feedback_email.is_empty() {
        "no-reply@localhost"
    } else {
        s.feedback_email.as_str()
    };
    let name = if s.feedback_name.is_empty() {
        site_name
    } else {
        s.feedback_name.as_str()
    };
    format!("{name} <{email}>")
        .parse()
        .or_else(|_| email.parse())
        .map_err(|e: lettre::address::AddressError| e.to_string())
}

/// Sends one mail with the given settings (one attempt).
pub(crate) async fn send_with(s: &EmailSettings, site_name: &str, mail: &Mail) -> Attempt {
    let built = (|| -> Result<Message, String> {
        let mut b = Message::builder()
            .from(from_address(s, site_name)?)
            .to(mail
                .to
                .parse()
                .map_err(|e: lettre::address::AddressError| e.to_string())?)
            .subject(mail.subject.clone());
        if !s.reply_to_address.is_empty()
            && let Ok(r) = s.reply_to_address.parse::<Mailbox>()
        {
            b = b.reply_to(r);
        }
        b.multipart(MultiPart::alternative_plain_html(
            mail.text.clone(),
            mail.html.clone(),
        ))
        .map_err(|e| e.to_string())
    })();
    let message = match built {
        Ok(m) => m,
        Err(e) => return Attempt::Fatal(e),
    };
    let transport = match transport(s) {
        Ok(t) => t,
        Err(e) => return Attempt::Fatal(e),
    };
    match transport.send(message).await {
        Ok(_) => Attempt::Done,
        Err(e) if e.is_permanent() => Attempt::Fatal(e.to_string()),
        Err(e) => Attempt::Retry(e.to_string()),
    }
}

/// Wraps paragraphs in the shared mail layout.
pub(crate) fn layout(site_name: &str, title: &str, body_html: &str) -> String {
    format!(
        "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>{t}</title></head>\
         <body style=\"font-family:sans-serif;color:#3d3c40\"><h2>{t}</h2>{body_html}\
         <p style=\"color:#888;font-size:12px\">{s}</p></body></html>",
        t = escape(title),
        s = escape(site_name)
    )
}

impl App {
    /// Queues `mail` for delivery with retries.
    pub(crate) fn send_mail(&self, mail: Mail) {
        let Some(app) = self.arc() else { return };
        let mail = Arc::new(mail);
        let what = format!("e-mail to {} ({})", mail.to, mail.subject);
        self.spawn_delivery(what, move || {
            let (app, mail) = (Arc::clone(&app), Arc::clone(&mail));
            async move {
                let cfg = app.config();
                send_with(&cfg.email_settings, &cfg.team_settings.site_name, &mail).await
            }
        });
    }

    pub(crate) fn site_url(&self) -> String {
        self.config()
            .service_settings
            .site_url
            .trim_end_matches('/')
            .to_owned()
    }

    /// The user's batch interval in seconds, or `None` for "immediately".
    async fn email_interval(&self, user_id: &str) -> Option<i64> {
        if !self.config().email_settings.enable_email_batching {
            return None;
        }
        let pref = self
            .store
            .get_preference(user_id, "notifications", "email_interval")
            .await
            .ok()
            .map(|p| p.value);
        // `30` is the client's "immediately"; other values are the batch window in seconds.
        match pref.as_deref().map(str::parse::<i64>) {
            Some(Ok(30)) => None,
            Some(Ok(n)) if n > 0 => Some(n),
            _ => Some(900),
        }
    }

    /// A notification e-mail about a post: now, or into the user's batch.
    pub(crate) async fn email_post(&self, plan: &NotifyPlan, user: &User, team_name: &str) {
        if user.email.is_empty() {
            return;
        }
        let cfg = self.config();
        let site = self.site_url();
        let team = if team_name.is_empty() {
            "_redirect"
        } else {
            team_name
        };
        let link = format!("{site}/{team}/pl/{}", plan.post.id);
        let channel = match plan.channel.channel_type.as_str() {
            "D" => "Direct Message".to_owned(),
            _ => plan.channel.display_name.clone(),
        };
        let generic = cfg.email_settings.email_notification_contents_type == "generic";
        let message = if generic {
            String::new()
        } else {
            plan.post.message.clone()
        };
        let pending = PendingMail {
            at: plan.post.create_at,
            sender: at_name(&plan.sender),
            channel,
            message,
            link,
        };
        if self.email_interval(&user.id).await.is_some() {
            let mut b = self
                .notify
                .batch
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            let list = b.entry(user.id.clone()).or_default();
            let cap = usize::try_from(cfg.email_settings.email_batching_buffer_size).unwrap_or(256);
            if list.len() < cap.max(1) {
                list.push(pending);
                return;
            }
            tracing::warn!(user_id = %user.id, "e-mail batch full, sending at once");
        }
        let site_name = cfg.team_settings.site_name.clone();
        let subject = match plan.channel.channel_type.as_str() {
            "D" => format!("[{site_name}] New Direct Message from {}", pending.sender),
            "G" => format!("[{site_name}] New Group Message in {}", pending.channel),
            _ => format!(
                "[{site_name}] New Mention from {} in {}",
                pending.sender, pending.channel
            ),
        };
        self.send_mail(render(&site_name, &user.email, subject, &[pending]));
    }

    /// One pass of the batching job: sends every batch whose oldest entry is older than its
    /// owner's interval.
    pub async fn email_batch_tick(&self) {
        let now = now_millis();
        let users: Vec<String> = {
            let b = self
                .notify
                .batch
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            b.keys().cloned().collect()
        };
        for user_id in users {
            let interval = self.email_interval(&user_id).await.unwrap_or(0);
            let due = {
                let mut b = self
                    .notify
                    .batch
                    .lock()
                    .unwrap_or_else(std::sync::PoisonError::into_inner);
                let oldest = b.get(&user_id).and_then(|l| l.first()).map(|p| p.at);
                match oldest {
                    Some(at) if now - at >= interval * 1000 => b.remove(&user_id),
                    _ => None,
                }
            };
            let Some(items) = due else { continue };
            let user = match self.store.get_user(&user_id).await {
                Ok(u) if u.delete_at == 0 && !u.email.is_empty() => u,
                Ok(_) => continue,
                Err(e) => {
                    tracing::error!(error = %e, user_id, "e-mail batch recipient unavailable");
                    continue;
                }
            };
            let site_name = self.config().team_settings.site_name.clone();
            let subject = format!("[{site_name}] New Notifications ({})", items.len());
            self.send_mail(render(&site_name, &user.email, subject, &items));
        }
    }

    /// Runs [`Self::email_batch_tick`] every `EmailBatchingInterval` seconds.
    pub async fn run_email_batching_job(self: Arc<Self>) {
        loop {
            let secs = self
                .config()
                .email_settings
                .email_batching_interval
                .clamp(1, 3600);
            tokio::time::sleep(Duration::from_secs(secs as u64)).await;
            self.email_batch_tick().await;
        }
    }
}

/// A notification mail listing `items`.
fn render(site_name: &str, to: &str, subject: String, items: &[PendingMail]) -> Mail {
    let mut text = String::new();
    let mut html = String::new();
    for p in items {
        text.push_str(&format!("{} in {}:\n", p.sender, p.channel));
        if !p.message.is_empty() {
            text.push_str(&p.message);
            text.push('\n');
        }
        text.push_str(&format!("View it: {}\n\n", p.link));
        html.push_str(&format!(
            "<div style=\"margin:16px 0\"><p><b>{}</b> in <b>{}</b></p>{}<p><a href=\"{}\">View message</a></p></div>",
            escape(&p.sender),
            escape(&p.channel),
            markdown_html(&p.message),
            escape(&p.link)
        ));
    }
    Mail {
        to: to.to_owned(),
        html: layout(site_name, &subject, &html),
        subject,
        text,
    }
}
