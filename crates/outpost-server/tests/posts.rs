//! Posts, threads, reactions and mentions over the real API, plus the events they send.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests")]

mod common;

use common::{channel, fixture, id};
use serde_json::{Value, json};

async fn add_member(c: &outpost_testkit::Client, channel_id: &str, user_id: &str) {
    c.post(
        &format!("/api/v4/channels/{channel_id}/members"),
        json!({"user_id": user_id}),
    )
    .await
    .ok(201);
}

async fn post(c: &outpost_testkit::Client, channel_id: &str, message: &str, root: &str) -> Value {
    c.post(
        "/api/v4/posts",
        json!({"channel_id": channel_id, "message": message, "root_id": root}),
    )
    .await
    .ok(201)
}

#[tokio::test]
async fn create_read_edit_delete() {
    let f = fixture().await;
    let ch = id(&channel(&f.alice, &f.team_id, "dev", "O").await);
    add_member(&f.alice, &ch, &f.bob_id).await;

    let p = f
        .alice
        .post("/api/v4/posts", json!({"channel_id": ch, "message": "hello #rust", "pending_post_id": "abc:1", "props": {"k": "v"}}))
        .await
        .ok(201);
    assert_eq!(p["message"], "hello #rust");
    assert_eq!(p["user_id"], f.alice_id.as_str());
    assert_eq!(p["hashtags"], "#rust");
    assert_eq!(p["pending_post_id"], "abc:1");
    assert_eq!(p["props"]["k"], "v");
    assert_eq!(p["reply_count"], 0);
    assert_eq!(p["edit_at"], 0);
    let pid = id(&p);

    // A retry with the same pending id returns the same post.
    let again = f
        .alice
        .post(
            "/api/v4/posts",
            json!({"channel_id": ch, "message": "hello #rust", "pending_post_id": "abc:1"}),
        )
        .await
        .ok(201);
    assert_eq!(id(&again), pid);

    let got = f.bob.get(&format!("/api/v4/posts/{pid}")).await.ok(200);
    assert_eq!(got["message"], "hello #rust");
    let chan = f.bob.get(&format!("/api/v4/channels/{ch}")).await.ok(200);
    assert_eq!(chan["total_msg_count"], 1);
    assert!(chan["last_post_at"].as_i64().unwrap() >= p["create_at"].as_i64().unwrap());

    // Edit by the author keeps history; others may not edit.
    let edited = f
        .alice
        .put(
            &format!("/api/v4/posts/{pid}/patch"),
            json!({"message": "hello again"}),
        )
        .await
        .ok(200);
    assert_eq!(edited["message"], "hello again");
    assert!(edited["edit_at"].as_i64().unwrap() > 0);
    let history = f
        .alice
        .get(&format!("/api/v4/posts/{pid}/edit_history"))
        .await
        .ok(200);
    assert_eq!(history[0]["message"], "hello #rust");
    f.bob
        .put(
            &format!("/api/v4/posts/{pid}/patch"),
            json!({"message": "hijack"}),
        )
        .await
        .err(403, "api.context.permissions.app_error");
    let full = f
        .alice
        .put(
            &format!("/api/v4/posts/{pid}"),
            json!({"id": pid, "message": "third"}),
        )
        .await
        .ok(200);
    assert_eq!(full["message"], "third");
    f.alice
        .put(
            &format!("/api/v4/posts/{pid}"),
            json!({"id": f.bob_id, "message": "x"}),
        )
        .await
        .err(400, "api.context.invalid_body_param.app_error");

    // Pins.
    f.bob
        .post(&format!("/api/v4/posts/{pid}/pin"), json!({}))
        .await
        .ok(200);
    let pinned = f
        .bob
        .get(&format!("/api/v4/channels/{ch}/pinned"))
        .await
        .ok(200);
    assert_eq!(pinned["order"], json!([pid]));
    f.bob
        .post(&format!("/api/v4/posts/{pid}/unpin"), json!({}))
        .await
        .ok(200);
    assert_eq!(
        f.bob
            .get(&format!("/api/v4/channels/{ch}/pinned"))
            .await
            .ok(200)["order"],
        json!([])
    );

    // Delete: not by others, yes by the author; then it is gone.
    f.bob
        .delete(&format!("/api/v4/posts/{pid}"))
        .await
        .err(403, "api.context.permissions.app_error");
    f.alice
        .delete(&format!("/api/v4/posts/{pid}"))
        .await
        .ok(200);
    f.bob
        .get(&format!("/api/v4/posts/{pid}"))
        .await
        .err(404, "app.post.get.app_error");
    f.s.stop().await;
}

#[tokio::test]
async fn bad_input_and_permissions() {
    let f = fixture().await;
    let ch = id(&channel(&f.alice, &f.team_id, "priv", "P").await);
    let p = post(&f.alice, &ch, "secret", "").await;
    let pid = id(&p);
    // Outsiders and non-members of a private channel.
    f.eve
        .post("/api/v4/posts", json!({"channel_id": ch, "message": "hi"}))
        .await
        .err(403, "api.context.permissions.app_error");
    f.bob
        .get(&format!("/api/v4/posts/{pid}"))
        .await
        .err(403, "api.context.permissions.app_error");
    f.bob
        .get(&format!("/api/v4/channels/{ch}/posts"))
        .await
        .err(403, "api.context.permissions.app_error");
    // Bad input.
    let raw = f
        .alice
        .request(reqwest::Method::POST, "/api/v4/posts")
        .body("{not json")
        .send()
        .await
        .unwrap();
    assert_eq!(raw.status(), 400);
    f.alice
        .post(
            "/api/v4/posts",
            json!({"channel_id": "nope", "message": "x"}),
        )
        .await
        .err(400, "api.context.invalid_body_param.app_error");
    f.alice
        .post("/api/v4/posts", json!({"channel_id": ch, "message": ""}))
        .await
        .err(400, "model.post.is_valid.msg.app_error");
    f.alice
        .post(
            "/api/v4/posts",
            json!({"channel_id": ch, "message": "x".repeat(16_384)}),
        )
        .await
        .err(400, "model.post.is_valid.msg.app_error");
    post(&f.alice, &ch, &"y".repeat(16_383), "").await;
    f.alice
        .post(
            "/api/v4/posts",
            json!({"channel_id": ch, "message": "x", "root_id": f.bob_id}),
        )
        .await
        .err(400, "api.post.create_post.root_id.app_error");
    f.alice
        .post(
            "/api/v4/posts",
            json!({"channel_id": ch, "message": "x", "type": "system_join_channel"}),
        )
        .await
        .err(400, "model.post.is_valid.type.app_error");
    f.alice
        .get("/api/v4/posts/short")
        .await
        .err(400, "api.context.invalid_url_param.app_error");
    f.alice
        .get(&format!("/api/v4/posts/{}", f.bob_id))
        .await
        .err(404, "app.post.get.app_error");
    f.alice
        .get(&format!("/api/v4/channels/{ch}/posts?before=bad"))
        .await
        .err(400, "api.context.invalid_url_param.app_error");
    f.alice
        .post("/api/v4/posts/ids", json!([]))
        .await
        .err(400, "api.context.invalid_body_param.app_error");
    f.s.stop().await;
}

#[tokio::test]
async fn channel_history_paging() {
    let f = fixture().await;
    let ch = id(&channel(&f.alice, &f.team_id, "log", "O").await);
    let mut ids = Vec::new();
    for i in 0..7 {
        ids.push(id(&post(&f.alice, &ch, &format!("m{i}"), "").await));
        tokio::time::sleep(std::time::Duration::from_millis(2)).await;
    }
    let page = f
        .alice
        .get(&format!("/api/v4/channels/{ch}/posts?page=0&per_page=3"))
        .await
        .ok(200);
    assert_eq!(page["order"], json!([ids[6], ids[5], ids[4]]));
    assert_eq!(page["posts"][&ids[6]]["message"], "m6");
    // Cursors name the post just beyond each end of the page, as Mattermost's do.
    assert_eq!(
        page["prev_post_id"],
        ids[3].as_str(),
        "cursor to older posts"
    );
    assert_eq!(
        page["next_post_id"], "",
        "nothing newer than the first page"
    );
    let page1 = f
        .alice
        .get(&format!("/api/v4/channels/{ch}/posts?page=1&per_page=3"))
        .await
        .ok(200);
    assert_eq!(page1["order"], json!([ids[3], ids[2], ids[1]]));
    assert_eq!(page1["next_post_id"], ids[4].as_str());
    assert_eq!(page1["prev_post_id"], ids[0].as_str());
    let page2 = f
        .alice
        .get(&format!("/api/v4/channels/{ch}/posts?page=2&per_page=3"))
        .await
        .ok(200);
    // The oldest post is Mattermost's "alice joined the channel" system message.
    let order = page2["order"].as_array().unwrap();
    assert_eq!((order.len(), &order[0]), (2, &json!(ids[0])));
    let join = order[1].as_str().unwrap();
    assert_eq!(page2["posts"][join]["type"], "system_join_channel");
    assert_eq!(page2["posts"][join]["props"]["username"], "alice");
    assert_eq!(page2["prev_post_id"], "");
    let before = f
        .alice
        .get(&format!(
            "/api/v4/channels/{ch}/posts?before={}&per_page=2",
            ids[3]
        ))
        .await
        .ok(200);
    assert_eq!(before["order"], json!([ids[2], ids[1]]));
    assert_eq!(
        before["next_post_id"],
        ids[3].as_str(),
        "the anchor, on the first page"
    );
    assert_eq!(before["prev_post_id"], ids[0].as_str());
    let after = f
        .alice
        .get(&format!(
            "/api/v4/channels/{ch}/posts?after={}&per_page=2",
            ids[3]
        ))
        .await
        .ok(200);
    assert_eq!(after["order"], json!([ids[5], ids[4]]));
    assert_eq!(after["has_next"], true);
    assert_eq!(
        after["prev_post_id"],
        ids[3].as_str(),
        "the anchor, on the first page"
    );
    assert_eq!(after["next_post_id"], ids[6].as_str());
    let created = f
        .alice
        .get(&format!("/api/v4/posts/{}", ids[2]))
        .await
        .ok(200)["create_at"]
        .as_i64()
        .unwrap();
    let since = f
        .alice
        .get(&format!("/api/v4/channels/{ch}/posts?since={created}"))
        .await
        .ok(200);
    assert_eq!(since["order"].as_array().unwrap().len(), 4);
    let by_ids = f
        .alice
        .post("/api/v4/posts/ids", json!([ids[0], ids[1]]))
        .await
        .ok(200);
    assert_eq!(by_ids.as_array().unwrap().len(), 2);
    f.s.stop().await;
}

/// `before` and `after` (thread ids, as Mattermost's apps page the Threads view) walk the list of
/// followed threads, newest reply first; a thread that is not in the list is a bad cursor.
#[tokio::test]
async fn threads_page_by_cursor() {
    let f = fixture().await;
    let ch = id(&channel(&f.alice, &f.team_id, "paging", "O").await);
    add_member(&f.alice, &ch, &f.bob_id).await;
    let mut roots = Vec::new();
    for n in 1..=3 {
        let root = id(&post(&f.alice, &ch, &format!("root {n}"), "").await);
        // Replies a few milliseconds apart: each thread's last reply is later than the one before.
        tokio::time::sleep(std::time::Duration::from_millis(5)).await;
        post(&f.bob, &ch, "a reply", &root).await;
        roots.push(root);
    }
    let base = format!("/api/v4/users/me/teams/{}/threads", f.team_id);
    let ids = |v: &Value| -> Vec<String> {
        v["threads"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t["id"].as_str().unwrap().to_owned())
            .collect()
    };
    let (r1, r2, r3) = (&roots[0], &roots[1], &roots[2]);
    let first = f.alice.get(&format!("{base}?per_page=1")).await.ok(200);
    assert_eq!(ids(&first), [r3.as_str()]);
    assert_eq!(first["total"], 3);
    let next = f
        .alice
        .get(&format!("{base}?per_page=1&before={r3}"))
        .await
        .ok(200);
    assert_eq!(ids(&next), [r2.as_str()]);
    let rest = f
        .alice
        .get(&format!("{base}?per_page=5&before={r2}"))
        .await
        .ok(200);
    assert_eq!(ids(&rest), [r1.as_str()]);
    let end = f
        .alice
        .get(&format!("{base}?per_page=5&before={r1}"))
        .await
        .ok(200);
    assert!(ids(&end).is_empty());
    let newer = f
        .alice
        .get(&format!("{base}?per_page=1&after={r1}"))
        .await
        .ok(200);
    assert_eq!(ids(&newer), [r2.as_str()]);
    let all_newer = f
        .alice
        .get(&format!("{base}?per_page=5&after={r1}"))
        .await
        .ok(200);
    assert_eq!(ids(&all_newer), [r3.as_str(), r2.as_str()]);
    // A post that is not a followed thread, and a malformed id, are bad cursors.
    f.alice
        .get(&format!("{base}?before={ch}"))
        .await
        .err(400, "api.context.invalid_url_param.app_error");
    f.alice
        .get(&format!("{base}?after=nope"))
        .await
        .err(400, "api.context.invalid_url_param.app_error");
    f.s.stop().await;
}

#[tokio::test]
async fn threads_follow_and_read() {
    let f = fixture().await;
    let ch = id(&channel(&f.alice, &f.team_id, "talk", "O").await);
    add_member(&f.alice, &ch, &f.bob_id).await;
    let root = id(&post(&f.alice, &ch, "root", "").await);
    let r1 = post(&f.bob, &ch, "reply @alice", &root).await;
    assert_eq!(r1["root_id"], root.as_str());
    post(&f.bob, &ch, "second reply", &root).await;

    let thread = f
        .bob
        .get(&format!("/api/v4/posts/{root}/thread"))
        .await
        .ok(200);
    assert_eq!(thread["order"].as_array().unwrap().len(), 3);
    assert_eq!(thread["posts"][&root]["reply_count"], 2);

    // alice (root author, mentioned) follows with unread replies and one mention.
    let threads = f
        .alice
        .get(&format!("/api/v4/users/me/teams/{}/threads", f.team_id))
        .await
        .ok(200);
    assert_eq!(threads["total"], 1);
    assert_eq!(threads["total_unread_threads"], 1);
    assert_eq!(threads["total_unread_mentions"], 1);
    let t = &threads["threads"][0];
    assert_eq!(t["id"], root.as_str());
    assert_eq!(t["reply_count"], 2);
    assert_eq!(t["unread_replies"], 2);
    assert_eq!(t["post"]["message"], "root");
    assert_eq!(t["participants"][0]["id"], f.bob_id.as_str());
    let counts = f
        .alice
        .get(&format!(
            "/api/v4/users/me/teams/{}/threads/mention_counts",
            f.team_id
        ))
        .await
        .ok(200);
    assert_eq!(counts[&ch], 1);

    // bob replied, so he follows and has read it.
    let bt = f
        .bob
        .get(&format!(
            "/api/v4/users/me/teams/{}/threads/{root}",
            f.team_id
        ))
        .await
        .ok(200);
    assert_eq!(bt["unread_replies"], 0);

    let now = outpost_model::now_millis();
    let read = f
        .alice
        .put(
            &format!(
                "/api/v4/users/me/teams/{}/threads/{root}/read/{now}",
                f.team_id
            ),
            json!({}),
        )
        .await
        .ok(200);
    assert_eq!(read["unread_replies"], 0);
    assert_eq!(read["unread_mentions"], 0);
    let unread = f
        .alice
        .post(
            &format!(
                "/api/v4/users/me/teams/{}/threads/{root}/set_unread/{}",
                f.team_id,
                id(&r1)
            ),
            json!({}),
        )
        .await
        .ok(200);
    assert_eq!(unread["unread_replies"], 2);
    assert_eq!(unread["unread_mentions"], 1);
    f.alice
        .put(
            &format!("/api/v4/users/me/teams/{}/threads/read", f.team_id),
            json!({}),
        )
        .await
        .ok(200);
    f.alice
        .delete(&format!(
            "/api/v4/users/me/teams/{}/threads/{root}/following",
            f.team_id
        ))
        .await
        .ok(200);
    let threads = f
        .alice
        .get(&format!("/api/v4/users/me/teams/{}/threads", f.team_id))
        .await
        .ok(200);
    assert_eq!(threads["total"], 0);
    f.alice
        .put(
            &format!(
                "/api/v4/users/me/teams/{}/threads/{root}/following",
                f.team_id
            ),
            json!({}),
        )
        .await
        .ok(200);

    // Only yourself.
    f.bob
        .get(&format!(
            "/api/v4/users/{}/teams/{}/threads",
            f.alice_id, f.team_id
        ))
        .await
        .err(403, "api.context.permissions.app_error");
    f.alice
        .put(
            &format!(
                "/api/v4/users/me/teams/{}/threads/{root}/read/notanumber",
                f.team_id
            ),
            json!({}),
        )
        .await
        .err(400, "api.context.invalid_url_param.app_error");
    f.s.stop().await;
}

#[tokio::test]
async fn reactions_and_mentions() {
    let f = fixture().await;
    let ch = id(&channel(&f.alice, &f.team_id, "fun", "O").await);
    add_member(&f.alice, &ch, &f.bob_id).await;
    let pid = id(&post(&f.alice, &ch, "hey @bob and @channel", "").await);

    let member = f
        .bob
        .get(&format!("/api/v4/channels/{ch}/members/me"))
        .await
        .ok(200);
    assert_eq!(member["mention_count"], 1);
    assert_eq!(member["msg_count"], 0);

    let r = f
        .bob
        .post(
            "/api/v4/reactions",
            json!({"user_id": f.bob_id, "post_id": pid, "emoji_name": "+1"}),
        )
        .await
        .ok(200);
    assert_eq!(r["emoji_name"], "+1");
    assert_eq!(r["channel_id"], ch.as_str());
    let list = f
        .alice
        .get(&format!("/api/v4/posts/{pid}/reactions"))
        .await
        .ok(200);
    assert_eq!(list.as_array().unwrap().len(), 1);
    assert_eq!(
        f.alice.get(&format!("/api/v4/posts/{pid}")).await.ok(200)["has_reactions"],
        true
    );
    let bulk = f
        .alice
        .post("/api/v4/posts/ids/reactions", json!([pid]))
        .await
        .ok(200);
    assert_eq!(bulk[&pid][0]["user_id"], f.bob_id.as_str());

    f.bob
        .post(
            "/api/v4/reactions",
            json!({"user_id": f.alice_id, "post_id": pid, "emoji_name": "+1"}),
        )
        .await
        .err(403, "api.reaction.save_reaction.user_id.app_error");
    f.bob
        .post(
            "/api/v4/reactions",
            json!({"user_id": f.bob_id, "post_id": pid, "emoji_name": "definitely_not_an_emoji"}),
        )
        .await
        .err(400, "model.reaction.is_valid.emoji_name.app_error");
    f.eve
        .post(
            "/api/v4/reactions",
            json!({"user_id": f.eve_id, "post_id": pid, "emoji_name": "smile"}),
        )
        .await
        .err(403, "api.context.permissions.app_error");
    f.alice
        .delete(&format!(
            "/api/v4/users/{}/posts/{pid}/reactions/+1",
            f.bob_id
        ))
        .await
        .err(403, "api.context.permissions.app_error");
    f.bob
        .delete(&format!("/api/v4/users/me/posts/{pid}/reactions/+1"))
        .await
        .ok(200);
    assert_eq!(
        f.alice
            .get(&format!("/api/v4/posts/{pid}/reactions"))
            .await
            .ok(200),
        json!([])
    );
    assert_eq!(
        f.alice.get(&format!("/api/v4/posts/{pid}")).await.ok(200)["has_reactions"],
        Value::Null
    );
    f.s.stop().await;
}

#[tokio::test]
async fn unread_from_a_post_and_saved_posts() {
    let f = fixture().await;
    let ch = id(&channel(&f.alice, &f.team_id, "news", "O").await);
    add_member(&f.alice, &ch, &f.bob_id).await;
    let mut ids = Vec::new();
    for m in ["one", "two @bob", "three", "four @bob"] {
        ids.push(id(&post(&f.alice, &ch, m, "").await));
        tokio::time::sleep(std::time::Duration::from_millis(2)).await;
    }
    f.bob
        .post(
            "/api/v4/channels/members/me/view",
            json!({"channel_id": ch}),
        )
        .await
        .ok(200);
    let m = f
        .bob
        .get(&format!("/api/v4/channels/{ch}/members/me"))
        .await
        .ok(200);
    assert_eq!(m["mention_count"], 0);

    let unread = f
        .bob
        .post(
            &format!("/api/v4/users/me/posts/{}/set_unread", ids[1]),
            json!({}),
        )
        .await
        .ok(200);
    assert_eq!(unread["channel_id"], ch.as_str());
    assert_eq!(unread["team_id"], f.team_id.as_str());
    assert_eq!(unread["msg_count"], 1, "only the first post stays read");
    assert_eq!(unread["mention_count"], 2);
    let m = f
        .bob
        .get(&format!("/api/v4/channels/{ch}/members/me"))
        .await
        .ok(200);
    assert_eq!(
        (m["msg_count"].as_i64(), m["mention_count"].as_i64()),
        (Some(1), Some(2))
    );
    assert_eq!(m["last_viewed_at"], unread["last_viewed_at"]);

    let around = f
        .bob
        .get(&format!(
            "/api/v4/users/me/channels/{ch}/posts/unread?limit_before=1&limit_after=2"
        ))
        .await
        .ok(200);
    assert_eq!(around["order"], json!([ids[2], ids[1], ids[0]]));
    assert_eq!(
        around["next_post_id"],
        ids[3].as_str(),
        "the first post beyond the page"
    );
    f.bob
        .get(&format!(
            "/api/v4/users/{}/channels/{ch}/posts/unread",
            f.alice_id
        ))
        .await
        .err(403, "api.context.permissions.app_error");
    f.eve
        .post(
            &format!("/api/v4/users/me/posts/{}/set_unread", ids[1]),
            json!({}),
        )
        .await
        .err(403, "api.context.permissions.app_error");

    // Saved posts are flagged_post preferences; only readable posts come back.
    let secret = id(&channel(&f.alice, &f.team_id, "secret", "P").await);
    let hidden = id(&post(&f.alice, &secret, "hidden", "").await);
    let prefs = json!([
        {"user_id": f.bob_id, "category": "flagged_post", "name": ids[3], "value": "true"},
        {"user_id": f.bob_id, "category": "flagged_post", "name": hidden, "value": "true"},
    ]);
    f.bob
        .put("/api/v4/users/me/preferences", prefs)
        .await
        .ok(200);
    let saved = f.bob.get("/api/v4/users/me/posts/flagged").await.ok(200);
    assert_eq!(saved["order"], json!([ids[3]]));
    f.alice
        .get(&format!("/api/v4/users/{}/posts/flagged", f.bob_id))
        .await
        .err(403, "api.context.permissions.app_error");
    f.s.stop().await;
}

#[tokio::test]
async fn collapsed_threads_metadata_and_ephemeral_posts() {
    let f = fixture().await;
    let ch = id(&channel(&f.alice, &f.team_id, "crt", "O").await);
    add_member(&f.alice, &ch, &f.bob_id).await;
    let root = id(&post(&f.alice, &ch, "root", "").await);
    post(&f.bob, &ch, "reply", &root).await;
    let all = f
        .alice
        .get(&format!("/api/v4/channels/{ch}/posts"))
        .await
        .ok(200);
    // Ordinary posts only (creating the channel and adding bob left system messages too).
    let user_posts = |list: &Value| -> Vec<String> {
        list["order"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i.as_str().unwrap().to_owned())
            .filter(|i| list["posts"][i]["type"] == "")
            .collect()
    };
    assert_eq!(user_posts(&all).len(), 2);
    assert_eq!(
        all["order"].as_array().unwrap().len(),
        4,
        "join + add messages, root, reply"
    );
    let collapsed = f
        .alice
        .get(&format!(
            "/api/v4/channels/{ch}/posts?collapsedThreads=true"
        ))
        .await
        .ok(200);
    assert_eq!(user_posts(&collapsed), vec![root.clone()], "no replies");
    assert_eq!(collapsed["order"].as_array().unwrap().len(), 3);
    assert_eq!(collapsed["posts"][&root]["reply_count"], 1);
    assert_eq!(
        collapsed["posts"][&root]["is_following"], true,
        "the root's author follows"
    );
    assert_eq!(
        collapsed["posts"][&root]["participants"][0]["id"],
        f.bob_id.as_str()
    );
    let extended = f
        .alice
        .get(&format!(
            "/api/v4/channels/{ch}/posts?collapsedThreads=true&collapsedThreadsExtended=true"
        ))
        .await
        .ok(200);
    assert_eq!(
        extended["posts"][&root]["participants"][0]["username"],
        "bob"
    );
    let eve_view = f
        .admin
        .get(&format!(
            "/api/v4/channels/{ch}/posts?collapsedThreads=true"
        ))
        .await
        .ok(200);
    assert_eq!(
        eve_view["posts"][&root]["is_following"], false,
        "someone who never took part"
    );

    f.bob
        .post(
            "/api/v4/reactions",
            json!({"user_id": f.bob_id, "post_id": root, "emoji_name": "tada"}),
        )
        .await
        .ok(200);
    let got = f.alice.get(&format!("/api/v4/posts/{root}")).await.ok(200);
    assert_eq!(got["metadata"]["reactions"][0]["emoji_name"], "tada");
    let listed = f
        .alice
        .get(&format!("/api/v4/channels/{ch}/posts"))
        .await
        .ok(200);
    assert_eq!(
        listed["posts"][&root]["metadata"]["reactions"][0]["user_id"],
        f.bob_id.as_str()
    );

    let eph = json!({"user_id": f.bob_id, "post": {"channel_id": ch, "message": "only for bob"}});
    f.alice
        .post("/api/v4/posts/ephemeral", eph.clone())
        .await
        .err(403, "api.context.permissions.app_error");
    let p = f.admin.post("/api/v4/posts/ephemeral", eph).await.ok(201);
    assert_eq!(p["type"], "system_ephemeral");
    assert_eq!(p["message"], "only for bob");
    // Never stored.
    f.bob
        .get(&format!("/api/v4/posts/{}", id(&p)))
        .await
        .err(404, "app.post.get.app_error");
    f.admin
        .post(
            "/api/v4/posts/ephemeral",
            json!({"user_id": "x", "post": {"channel_id": ch, "message": "m"}}),
        )
        .await
        .err(400, "api.context.invalid_body_param.app_error");
    f.s.stop().await;
}
