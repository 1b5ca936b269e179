//! Integrations: incoming and outgoing webhooks, slash commands, bots and message attachments
//! (`model.IncomingWebhook`, `model.OutgoingWebhook`, `model.Command`, `model.Bot`,
//! `model.MessageAttachment`, `model.CommandResponse`), with Mattermost's JSON names.

use std::collections::BTreeMap;

use serde::{Deserialize, Deserializer, Serialize};
use serde_json::Value;

/// An incoming webhook (`POST /hooks/{id}` posts into `channel_id`).
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(default)]
pub struct IncomingWebhook {
    pub id: String,
    pub create_at: i64,
    pub update_at: i64,
    pub delete_at: i64,
    pub user_id: String,
    pub channel_id: String,
    pub team_id: String,
    pub display_name: String,
    pub description: String,
    pub username: String,
    pub icon_url: String,
    pub channel_locked: bool,
}

/// An outgoing webhook: posts in a team's public channels that match go to `callback_urls`.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(default)]
pub struct OutgoingWebhook {
    pub id: String,
    pub token: String,
    pub create_at: i64,
    pub update_at: i64,
    pub delete_at: i64,
    pub creator_id: String,
    pub channel_id: String,
    pub team_id: String,
    pub trigger_words: Vec<String>,
    /// 0: the first word equals a trigger word; 1: the first word starts with one.
    pub trigger_when: i64,
    pub callback_urls: Vec<String>,
    pub display_name: String,
    pub description: String,
    pub content_type: String,
    pub username: String,
    pub icon_url: String,
}

/// A custom slash command.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(default)]
pub struct Command {
    pub id: String,
    pub token: String,
    pub create_at: i64,
    pub update_at: i64,
    pub delete_at: i64,
    pub creator_id: String,
    pub team_id: String,
    pub trigger: String,
    /// `P` (POST) or `G` (GET).
    pub method: String,
    pub username: String,
    pub icon_url: String,
    pub auto_complete: bool,
    pub auto_complete_desc: String,
    pub auto_complete_hint: String,
    pub display_name: String,
    pub description: String,
    pub url: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub plugin_id: String,
}

impl Command {
    /// Removes the secret token (lists for people who cannot manage the command).
    pub fn sanitize(&mut self) {
        self.token.clear();
        self.creator_id.clear();
        self.method.clear();
        self.url.clear();
        self.username.clear();
        self.icon_url.clear();
    }
}

/// `POST /commands/execute` body (`model.CommandArgs`).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct CommandArgs {
    pub command: String,
    pub channel_id: String,
    pub team_id: String,
    pub root_id: String,
    pub parent_id: String,
    pub trigger_id: String,
}

/// What a command (or its delayed `response_url`) answers (`model.CommandResponse`).
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(default)]
pub struct CommandResponse {
    pub response_type: String,
    pub text: String,
    pub username: String,
    pub channel_id: String,
    pub icon_url: String,
    #[serde(rename = "type")]
    pub post_type: String,
    pub props: BTreeMap<String, Value>,
    pub goto_location: String,
    pub trigger_id: String,
    pub skip_slack_parsing: bool,
    pub attachments: Vec<MessageAttachment>,
    pub extra_responses: Vec<CommandResponse>,
}

/// A bot account (`model.Bot`).
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(default)]
pub struct Bot {
    pub user_id: String,
    pub username: String,
    pub display_name: String,
    pub description: String,
    pub owner_id: String,
    pub last_icon_update: i64,
    pub create_at: i64,
    pub update_at: i64,
    pub delete_at: i64,
}

/// `PUT /bots/{id}` body.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct BotPatch {
    pub username: Option<String>,
    pub display_name: Option<String>,
    pub description: Option<String>,
}

/// The body of `POST /hooks/{id}` (`model.IncomingWebhookRequest`).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct IncomingWebhookRequest {
    pub text: String,
    pub username: String,
    pub icon_url: String,
    pub icon_emoji: String,
    #[serde(rename = "channel")]
    pub channel_name: String,
    pub props: BTreeMap<String, Value>,
    pub attachments: Option<Vec<Option<MessageAttachment>>>,
    #[serde(rename = "type")]
    pub post_type: String,
    pub priority: Option<Value>,
}

/// What an outgoing webhook's callback answers (`model.OutgoingWebhookResponse`).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct OutgoingWebhookResponse {
    pub text: Option<String>,
    pub username: String,
    pub icon_url: String,
    pub props: BTreeMap<String, Value>,
    pub attachments: Vec<MessageAttachment>,
    #[serde(rename = "type")]
    pub post_type: String,
    pub response_type: String,
}

/// A message attachment (Slack's format), stored in a post's `props.attachments`.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(default)]
pub struct MessageAttachment {
    pub id: i64,
    pub fallback: String,
    pub color: String,
    pub pretext: String,
    pub author_name: String,
    pub author_link: String,
    pub author_icon: String,
    pub title: String,
    pub title_link: String,
    pub text: String,
    #[serde(deserialize_with = "fields_without_nulls")]
    pub fields: Option<Vec<AttachmentField>>,
    pub image_url: String,
    pub thumb_url: String,
    pub footer: String,
    pub footer_icon: String,
    /// A string or a number, as the integration sent it.
    #[serde(deserialize_with = "timestamp")]
    pub ts: Value,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub actions: Vec<PostAction>,
}

/// One `fields[]` entry: `value` is always stored as a string, as Mattermost does.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(default)]
pub struct AttachmentField {
    pub title: String,
    #[serde(deserialize_with = "field_value")]
    pub value: Value,
    #[serde(deserialize_with = "slack_bool")]
    pub short: bool,
}

/// A button or menu in an attachment.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(default)]
pub struct PostAction {
    pub id: String,
    #[serde(rename = "type")]
    pub action_type: String,
    pub name: String,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub disabled: bool,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub style: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub data_source: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub options: Vec<PostActionOption>,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub default_option: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub integration: Option<PostActionIntegration>,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub cookie: String,
}

/// A select menu option.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(default)]
pub struct PostActionOption {
    pub text: String,
    pub value: String,
}

/// Where an action is sent, and the context that goes with it.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(default)]
pub struct PostActionIntegration {
    pub url: String,
    pub context: BTreeMap<String, Value>,
}

/// The body of `POST /posts/{id}/actions/{action_id}`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct DoPostActionRequest {
    pub selected_option: String,
    pub cookie: String,
}

/// What an integration answers to an action (`model.PostActionIntegrationResponse`).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct PostActionIntegrationResponse {
    pub update: Option<PostActionUpdate>,
    pub ephemeral_text: String,
    pub goto_location: String,
    pub skip_slack_parsing: bool,
}

/// The post change an action answer asks for.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct PostActionUpdate {
    pub message: Option<String>,
    pub props: Option<BTreeMap<String, Value>>,
}

/// `POST /actions/dialogs/open` body.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct OpenDialogRequest {
    pub trigger_id: String,
    pub url: String,
    pub dialog: Value,
}

/// `POST /actions/dialogs/submit` body (`model.SubmitDialogRequest`).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct SubmitDialogRequest {
    #[serde(rename = "type")]
    pub request_type: String,
    pub url: String,
    pub callback_id: String,
    pub state: String,
    pub user_id: String,
    pub channel_id: String,
    pub team_id: String,
    pub submission: BTreeMap<String, Value>,
    pub cancelled: bool,
}

fn fields_without_nulls<'de, D: Deserializer<'de>>(
    d: D,
) -> Result<Option<Vec<AttachmentField>>, D::Error> {
    let raw: Option<Vec<Option<AttachmentField>>> = Option::deserialize(d)?;
    Ok(raw.map(|v| v.into_iter().flatten().collect()))
}

fn timestamp<'de, D: Deserializer<'de>>(d: D) -> Result<Value, D::Error> {
    let v = Value::deserialize(d)?;
    match v {
        Value::Null | Value::String(_) | Value::Number(_) => Ok(v),
        _ => Err(serde::de::Error::custom(
            "ts must be either a string or a number",
        )),
    }
}

fn field_value<'de, D: Deserializer<'de>>(d: D) -> Result<Value, D::Error> {
    let v = Value::deserialize(d)?;
    match v {
        Value::Null | Value::String(_) => Ok(v),
        Value::Number(n) => Ok(Value::String(n.to_string())),
        Value::Bool(b) => Ok(Value::String(b.to_string())),
        _ => Err(serde::de::Error::custom(
            "value must be either a string or a number",
        )),
    }
}

fn slack_bool<'de, D: Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
    match Value::deserialize(d)? {
        Value::Bool(b) => Ok(b),
        Value::Null => Ok(false),
        Value::String(s) if s.eq_ignore_ascii_case("true") => Ok(true),
        Value::String(s) if s.eq_ignore_ascii_case("false") => Ok(false),
        other => Err(serde::de::Error::custom(format!(
            "unable to convert {other} to bool"
        ))),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, reason = "tests")]
    use super::*;

    #[test]
    fn attachment_fields_are_normalised() {
        let a: MessageAttachment = serde_json::from_value(serde_json::json!({
            "text": "t", "ts": 123, "fields": [{"title": "n", "value": 5, "short": "true"}, null]
        }))
        .unwrap();
        let f = &a.fields.as_ref().unwrap()[0];
        assert_eq!(f.value, Value::String("5".into()));
        assert!(f.short);
        assert_eq!(a.fields.as_ref().unwrap().len(), 1);
        assert!(
            serde_json::from_value::<MessageAttachment>(serde_json::json!({"ts": [1]})).is_err()
        );
        assert!(
            serde_json::from_value::<MessageAttachment>(
                serde_json::json!({"fields": [{"value": {"x": 1}}]})
            )
            .is_err()
        );
        let out = serde_json::to_value(&a).unwrap();
        assert!(out.get("actions").is_none());
        assert_eq!(out["fields"][0]["short"], true);
    }
}
