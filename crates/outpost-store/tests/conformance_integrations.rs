//! Conformance of integrations: incoming and outgoing webhooks, commands, command webhooks and
//! bots (see `conformance.rs`).

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests")]

mod common;

use common::{open, user};
use outpost_model::integration::{Bot, Command, IncomingWebhook, OutgoingWebhook};
use outpost_model::new_id;
use outpost_store::StoreError;
use outpost_store::commands::BotFilter;
use outpost_store::webhooks::{CommandWebhook, WebhookFilter};

fn incoming(team: &str, user: &str, at: i64) -> IncomingWebhook {
    IncomingWebhook {
        id: new_id(),
        create_at: at,
        update_at: at,
        user_id: user.to_owned(),
        channel_id: new_id(),
        team_id: team.to_owned(),
        display_name: "CI".to_owned(),
        channel_locked: true,
        ..IncomingWebhook::default()
    }
}

#[tokio::test]
async fn incoming_and_outgoing_webhooks() {
    let (s, _d) = open().await;
    let a = incoming("t1", "u1", 1);
    let b = incoming("t1", "u2", 2);
    let c = incoming("t2", "u1", 3);
    for h in [&a, &b, &c] {
        s.save_incoming_webhook(h).await.unwrap();
    }
    assert_eq!(s.get_incoming_webhook(&a.id).await.unwrap(), a);
    let team = WebhookFilter {
        team_id: "t1".into(),
        ..WebhookFilter::default()
    };
    assert_eq!(
        s.get_incoming_webhooks(&team).await.unwrap(),
        [a.clone(), b.clone()]
    );
    let own = WebhookFilter {
        user_id: "u1".into(),
        limit: 1,
        offset: 1,
        ..WebhookFilter::default()
    };
    assert_eq!(s.get_incoming_webhooks(&own).await.unwrap(), [c]);
    let mut a2 = a.clone();
    a2.display_name = "CI 2".into();
    a2.channel_locked = false;
    s.update_incoming_webhook(&a2).await.unwrap();
    assert_eq!(s.get_incoming_webhook(&a.id).await.unwrap(), a2);
    s.delete_incoming_webhook(&a.id, 9).await.unwrap();
    assert!(matches!(
        s.get_incoming_webhook(&a.id).await,
        Err(StoreError::NotFound)
    ));
    assert!(matches!(
        s.delete_incoming_webhook(&a.id, 9).await,
        Err(StoreError::NotFound)
    ));
    assert_eq!(s.get_incoming_webhooks(&team).await.unwrap(), [b]);

    let out = OutgoingWebhook {
        id: new_id(),
        token: new_id(),
        create_at: 5,
        update_at: 5,
        creator_id: "u1".into(),
        team_id: "t1".into(),
        trigger_words: vec!["deploy".into(), "ship it".into()],
        trigger_when: 1,
        callback_urls: vec!["https://a.example/x".into(), "https://b.example/y".into()],
        content_type: "application/json".into(),
        ..OutgoingWebhook::default()
    };
    s.save_outgoing_webhook(&out).await.unwrap();
    assert_eq!(s.get_outgoing_webhook(&out.id).await.unwrap(), out);
    let mut out2 = out.clone();
    out2.token = new_id();
    out2.trigger_words = vec![];
    s.update_outgoing_webhook(&out2).await.unwrap();
    assert_eq!(s.get_outgoing_webhooks(&team).await.unwrap(), [out2]);
    s.delete_outgoing_webhook(&out.id, 7).await.unwrap();
    assert!(s.get_outgoing_webhooks(&team).await.unwrap().is_empty());
}

#[tokio::test]
async fn commands_and_their_response_urls() {
    let (s, _d) = open().await;
    let cmd = Command {
        id: new_id(),
        token: new_id(),
        create_at: 1,
        update_at: 1,
        creator_id: "u1".into(),
        team_id: "t1".into(),
        trigger: "deploy".into(),
        method: "P".into(),
        url: "https://ci.example/deploy".into(),
        auto_complete: true,
        ..Command::default()
    };
    s.save_command(&cmd).await.unwrap();
    assert_eq!(s.get_command(&cmd.id).await.unwrap(), cmd);
    assert_eq!(
        s.get_team_commands("t1").await.unwrap(),
        std::slice::from_ref(&cmd)
    );
    let mut cmd2 = cmd.clone();
    cmd2.trigger = "ship".into();
    s.update_command(&cmd2).await.unwrap();
    assert_eq!(s.get_command(&cmd.id).await.unwrap().trigger, "ship");
    s.delete_command(&cmd.id, 3).await.unwrap();
    assert!(s.get_team_commands("t1").await.unwrap().is_empty());
    assert!(matches!(
        s.get_command(&cmd.id).await,
        Err(StoreError::NotFound)
    ));

    let hook = CommandWebhook {
        id: new_id(),
        create_at: 100,
        command_id: cmd.id.clone(),
        user_id: "u1".into(),
        channel_id: "c1".into(),
        root_id: String::new(),
    };
    s.save_command_webhook(&hook).await.unwrap();
    for _ in 0..2 {
        assert_eq!(
            s.use_command_webhook(&hook.id, 50, 2)
                .await
                .unwrap()
                .channel_id,
            "c1"
        );
    }
    assert!(matches!(
        s.use_command_webhook(&hook.id, 50, 2).await,
        Err(StoreError::Conflict(_))
    ));
    assert!(matches!(
        s.use_command_webhook(&hook.id, 150, 5).await,
        Err(StoreError::NotFound)
    ));
}

#[tokio::test]
async fn bots_are_users() {
    let (s, _d) = open().await;
    let owner = user("owner");
    s.save_user(&owner).await.unwrap();
    let account = user("ci-bot");
    let bot = Bot {
        user_id: account.id.clone(),
        username: "ci-bot".into(),
        display_name: account.first_name.clone(),
        description: "builds".into(),
        owner_id: owner.id.clone(),
        create_at: 1,
        update_at: 1,
        ..Bot::default()
    };
    s.save_bot(&bot, &account).await.unwrap();
    assert_eq!(s.get_bot(&bot.user_id).await.unwrap(), bot);
    assert!(s.get_user(&bot.user_id).await.unwrap().is_bot);
    assert!(!s.get_user(&owner.id).await.unwrap().is_bot);
    // A second bot with a taken username leaves no account behind.
    let clash = user("ci-bot");
    let other = Bot {
        user_id: clash.id.clone(),
        ..bot.clone()
    };
    assert!(s.save_bot(&other, &clash).await.is_err());
    assert!(matches!(
        s.get_user(&clash.id).await,
        Err(StoreError::NotFound)
    ));

    let mine = BotFilter {
        owner_id: owner.id.clone(),
        limit: 10,
        ..BotFilter::default()
    };
    assert_eq!(s.get_bots(&mine).await.unwrap(), std::slice::from_ref(&bot));
    let mut off = bot.clone();
    off.delete_at = 5;
    off.update_at = 5;
    s.update_bot(&off).await.unwrap();
    assert!(s.get_bots(&mine).await.unwrap().is_empty());
    assert_eq!(s.get_user(&bot.user_id).await.unwrap().delete_at, 5);
    let all = BotFilter {
        include_deleted: true,
        limit: 10,
        ..BotFilter::default()
    };
    assert_eq!(s.get_bots(&all).await.unwrap(), [off]);
    let orphans = BotFilter {
        include_deleted: true,
        only_orphaned: true,
        limit: 10,
        ..BotFilter::default()
    };
    assert!(s.get_bots(&orphans).await.unwrap().is_empty());
}
