//! Users: reading, listing, searching, editing, passwords, roles, activation, profile images.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests")]

use outpost_testkit::{Client, PASSWORD, TestServer};
use reqwest::Method;
use serde_json::{Value, json};

fn id(v: &Value) -> String {
    v["id"].as_str().expect("id").to_owned()
}

fn usernames(list: &Value) -> Vec<String> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|u| u["username"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn get_users_one_by_one() {
    let server = TestServer::spawn().await;
    let (admin, admin_user) = server.admin().await;
    let (alice, alice_user) = server.user(&admin, "alice").await;
    let alice_id = id(&alice_user);

    let me = alice.get("/api/v4/users/me").await.ok(200);
    assert_eq!(me["id"], alice_id);
    assert_eq!(me["email"], "alice@example.com");
    assert!(me["notify_props"].is_object());
    let by_id = alice
        .get(&format!("/api/v4/users/{alice_id}"))
        .await
        .ok(200);
    assert_eq!(by_id["username"], "alice");

    // Others see a sanitised view: no notify props, no password data.
    let other = alice
        .get(&format!("/api/v4/users/{}", id(&admin_user)))
        .await
        .ok(200);
    assert_eq!(other["username"], "sysadmin");
    assert!(other.get("notify_props").is_none());
    assert!(other.get("last_password_update").is_none());
    assert!(other.get("password").is_none());

    let u = alice.get("/api/v4/users/username/sysadmin").await.ok(200);
    assert_eq!(u["id"], admin_user["id"]);
    alice
        .get("/api/v4/users/username/nobody")
        .await
        .err(404, "app.user.get_by_username.app_error");
    let u = alice
        .get("/api/v4/users/email/sysadmin@example.com")
        .await
        .ok(200);
    assert_eq!(u["id"], admin_user["id"]);
    alice
        .get("/api/v4/users/email/nobody@example.com")
        .await
        .err(404, "app.user.missing_account.const");
    alice
        .get("/api/v4/users/email/not-an-email")
        .await
        .err(400, "api.context.invalid_url_param.app_error");
    alice
        .get("/api/v4/users/abcdefghijklmnopqrstuvwxyz")
        .await
        .err(404, "app.user.missing_account.const");
    alice
        .get("/api/v4/users/short")
        .await
        .err(400, "api.context.invalid_url_param.app_error");
    server.stop().await;
}

#[tokio::test]
async fn privacy_settings_hide_emails_and_names() {
    let server = TestServer::spawn_with(
        json!({"PrivacySettings": {"ShowEmailAddress": false, "ShowFullName": false}}),
    )
    .await;
    let (admin, _) = server.admin().await;
    let (alice, alice_user) = server.user(&admin, "alice").await;
    admin
        .put(
            "/api/v4/users/me/patch",
            json!({"first_name": "Sys", "last_name": "Admin"}),
        )
        .await
        .ok(200);
    let other = alice.get("/api/v4/users/username/sysadmin").await.ok(200);
    assert_eq!(other["email"], "");
    assert_eq!(other["first_name"], "");
    // Searching by email is not allowed either, except for admins.
    alice
        .get("/api/v4/users/email/sysadmin@example.com")
        .await
        .err(403, "api.context.permissions.app_error");
    let seen = admin
        .get(&format!("/api/v4/users/{}", id(&alice_user)))
        .await
        .ok(200);
    assert_eq!(seen["email"], "alice@example.com");
    server.stop().await;
}

#[tokio::test]
async fn etag_and_not_modified() {
    let server = TestServer::spawn().await;
    let (admin, _) = server.admin().await;
    let (alice, alice_user) = server.user(&admin, "alice").await;
    let path = format!("/api/v4/users/{}", id(&alice_user));
    let r = alice.get(&path).await;
    let etag = r.header("etag");
    assert!(!etag.is_empty());
    r.ok(200);
    let r = Client::read(
        alice
            .request(Method::GET, &path)
            .header("If-None-Match", &etag),
    )
    .await;
    assert_eq!(r.status, 304);
    assert!(r.body.is_empty());
    // A change makes a new ETag.
    alice
        .put("/api/v4/users/me/patch", json!({"nickname": "al"}))
        .await
        .ok(200);
    let r = Client::read(
        alice
            .request(Method::GET, &path)
            .header("If-None-Match", &etag),
    )
    .await;
    assert_eq!(r.status, 200);
    assert_ne!(r.header("etag"), etag);
    server.stop().await;
}

#[tokio::test]
async fn list_filter_page_and_sort() {
    let server = TestServer::spawn().await;
    let (admin, _) = server.admin().await;
    let (alice, _) = server.user(&admin, "alice").await;
    let (_, carol) = server.user(&admin, "carol").await;
    let (_, bob) = server.user(&admin, "bob").await;

    let all = alice.get("/api/v4/users").await.ok(200);
    assert_eq!(usernames(&all), ["alice", "bob", "carol", "sysadmin"]);
    let page = alice.get("/api/v4/users?page=1&per_page=2").await.ok(200);
    assert_eq!(usernames(&page), ["carol", "sysadmin"]);
    let page = alice.get("/api/v4/users?page=5&per_page=2").await.ok(200);
    assert_eq!(page, json!([]));
    let newest = alice.get("/api/v4/users?sort=create_at").await.ok(200);
    assert_eq!(usernames(&newest)[0], "bob");
    assert_eq!(usernames(&newest)[3], "sysadmin");

    let admins = alice.get("/api/v4/users?role=system_admin").await.ok(200);
    assert_eq!(usernames(&admins), ["sysadmin"]);

    admin
        .put(
            &format!("/api/v4/users/{}/active", id(&carol)),
            json!({"active": false}),
        )
        .await
        .ok(200);
    let inactive = alice.get("/api/v4/users?inactive=true").await.ok(200);
    assert_eq!(usernames(&inactive), ["carol"]);
    assert!(inactive[0]["delete_at"].as_i64().unwrap() > 0);
    let active = alice.get("/api/v4/users?active=true").await.ok(200);
    assert_eq!(usernames(&active), ["alice", "bob", "sysadmin"]);

    alice
        .get("/api/v4/users?sort=bogus")
        .await
        .err(400, "api.context.invalid_url_param.app_error");
    alice
        .get("/api/v4/users?in_team=nope")
        .await
        .err(400, "api.context.invalid_url_param.app_error");
    alice
        .get("/api/v4/users?page=x")
        .await
        .err(400, "api.context.invalid_url_param.app_error");

    // By ids and usernames.
    let by_ids = alice
        .post(
            "/api/v4/users/ids",
            json!([id(&bob), id(&carol), "abcdefghijklmnopqrstuvwxyz"]),
        )
        .await
        .ok(200);
    assert_eq!(usernames(&by_ids), ["bob", "carol"]);
    alice
        .post("/api/v4/users/ids", json!(["bad"]))
        .await
        .err(400, "api.context.invalid_body_param.app_error");
    alice
        .post("/api/v4/users/ids", json!([]))
        .await
        .err(400, "api.context.invalid_body_param.app_error");
    let by_names = alice
        .post(
            "/api/v4/users/usernames",
            json!(["bob", "nobody", "sysadmin"]),
        )
        .await
        .ok(200);
    assert_eq!(usernames(&by_names), ["bob", "sysadmin"]);
    server.stop().await;
}

#[tokio::test]
async fn search_and_autocomplete() {
    let server = TestServer::spawn().await;
    let (admin, _) = server.admin().await;
    let (alice, _) = server.user(&admin, "alice").await;
    server.user(&admin, "alfred").await;
    let (_, bob) = server.user(&admin, "bob").await;
    admin
        .put(
            &format!("/api/v4/users/{}/patch", id(&bob)),
            json!({"first_name": "Albert"}),
        )
        .await
        .ok(200);

    let found = alice
        .post("/api/v4/users/search", json!({"term": "al"}))
        .await
        .ok(200);
    assert_eq!(usernames(&found), ["alfred", "alice", "bob"]);
    let found = alice
        .post("/api/v4/users/search", json!({"term": "@ALI"}))
        .await
        .ok(200);
    assert_eq!(usernames(&found), ["alice"]);
    let found = alice
        .post("/api/v4/users/search", json!({"term": "al", "limit": 1}))
        .await
        .ok(200);
    assert_eq!(found.as_array().unwrap().len(), 1);
    // Wildcards are literal.
    let found = alice
        .post("/api/v4/users/search", json!({"term": "%"}))
        .await
        .ok(200);
    assert_eq!(found, json!([]));
    alice
        .post("/api/v4/users/search", json!({"term": ""}))
        .await
        .err(400, "api.context.invalid_body_param.app_error");

    let ac = alice
        .get("/api/v4/users/autocomplete?name=alf")
        .await
        .ok(200);
    assert_eq!(usernames(&ac["users"]), ["alfred"]);
    server.stop().await;
}

#[tokio::test]
async fn patch_and_update() {
    let server = TestServer::spawn().await;
    let (admin, _) = server.admin().await;
    let (alice, alice_user) = server.user(&admin, "alice").await;
    let (bob, bob_user) = server.user(&admin, "bob").await;
    let alice_id = id(&alice_user);

    let u = alice
        .put(
            "/api/v4/users/me/patch",
            json!({"nickname": "Al", "first_name": "Alice", "position": "Dev", "props": {"k": "v"}}),
        )
        .await
        .ok(200);
    assert_eq!(u["nickname"], "Al");
    assert_eq!(u["first_name"], "Alice");
    assert_eq!(u["position"], "Dev");
    assert_eq!(u["props"]["k"], "v");
    assert_eq!(u["username"], "alice", "fields not sent are kept");
    assert!(u["update_at"].as_i64().unwrap() >= alice_user["update_at"].as_i64().unwrap());

    bob.put(
        &format!("/api/v4/users/{alice_id}/patch"),
        json!({"nickname": "x"}),
    )
    .await
    .err(403, "api.context.permissions.app_error");
    admin
        .put(
            &format!("/api/v4/users/{alice_id}/patch"),
            json!({"nickname": "By admin"}),
        )
        .await
        .ok(200);
    alice
        .put("/api/v4/users/me/patch", json!({"username": "bob"}))
        .await
        .err(400, "app.user.save.username_exists.app_error");
    // Changing one's own email needs the password (checked first, as Mattermost does).
    alice
        .put("/api/v4/users/me/patch", json!({"email": "bad"}))
        .await
        .err(400, "api.context.invalid_body_param.app_error");
    alice
        .put(
            "/api/v4/users/me/patch",
            json!({"email": "bad", "password": outpost_testkit::PASSWORD}),
        )
        .await
        .err(400, "model.user.is_valid.email.app_error");

    // PUT replaces the profile.
    let mut full = alice.get("/api/v4/users/me").await.ok(200);
    full["last_name"] = json!("Liddell");
    full["nickname"] = json!("");
    let u = alice
        .put(&format!("/api/v4/users/{alice_id}"), full.clone())
        .await
        .ok(200);
    assert_eq!(u["last_name"], "Liddell");
    assert_eq!(u["nickname"], "");
    bob.put(&format!("/api/v4/users/{alice_id}"), full.clone())
        .await
        .err(403, "api.context.permissions.app_error");
    let mut wrong = full;
    wrong["id"] = bob_user["id"].clone();
    alice
        .put(&format!("/api/v4/users/{alice_id}"), wrong)
        .await
        .err(400, "api.context.invalid_body_param.app_error");
    server.stop().await;
}

#[tokio::test]
async fn password_change() {
    let server = TestServer::spawn().await;
    let (admin, _) = server.admin().await;
    let (alice, alice_user) = server.user(&admin, "alice").await;
    let (bob, _) = server.user(&admin, "bob").await;
    let alice_id = id(&alice_user);
    let mut alice_phone = server.client();
    alice_phone.login("alice", PASSWORD).await;

    alice
        .put(
            "/api/v4/users/me/password",
            json!({"current_password": "nope-nope", "new_password": "NewPassw0rd!"}),
        )
        .await
        .err(400, "api.user.update_password.incorrect.app_error");
    alice
        .put(
            "/api/v4/users/me/password",
            json!({"current_password": PASSWORD, "new_password": "short"}),
        )
        .await
        .err(400, "model.user.is_valid.pwd.app_error");
    bob.put(
        &format!("/api/v4/users/{alice_id}/password"),
        json!({"current_password": PASSWORD, "new_password": "NewPassw0rd!"}),
    )
    .await
    .err(403, "api.context.permissions.app_error");
    alice
        .put(
            "/api/v4/users/me/password",
            json!({"current_password": PASSWORD, "new_password": "NewPassw0rd!"}),
        )
        .await
        .ok(200);
    // The other sessions end; this one stays.
    alice.get("/api/v4/users/me").await.ok(200);
    alice_phone
        .get("/api/v4/users/me")
        .await
        .err(401, "api.context.session_expired.app_error");
    let mut c = server.client();
    c.login("alice", "NewPassw0rd!").await;

    // Admins need no current password.
    admin
        .put(
            &format!("/api/v4/users/{alice_id}/password"),
            json!({"new_password": "AdminSet1!"}),
        )
        .await
        .ok(200);
    server.client().login("alice", "AdminSet1!").await;
    server.stop().await;
}

#[tokio::test]
async fn roles_and_activation() {
    let server = TestServer::spawn().await;
    let (admin, admin_user) = server.admin().await;
    let (alice, alice_user) = server.user(&admin, "alice").await;
    let (bob, bob_user) = server.user(&admin, "bob").await;
    let alice_id = id(&alice_user);

    alice
        .put(
            &format!("/api/v4/users/{alice_id}/roles"),
            json!({"roles": "system_user system_admin"}),
        )
        .await
        .err(403, "api.context.permissions.app_error");
    for bad in ["system_admin", "System_User", ""] {
        admin
            .put(
                &format!("/api/v4/users/{alice_id}/roles"),
                json!({"roles": bad}),
            )
            .await
            .err(400, "api.context.invalid_body_param.app_error");
    }
    admin
        .put(
            &format!("/api/v4/users/{alice_id}/roles"),
            json!({"roles": "system_user no_such_role"}),
        )
        .await
        .err(400, "app.role.check_roles_exist.role_not_found");
    admin
        .put(
            &format!("/api/v4/users/{alice_id}/roles"),
            json!({"roles": "system_user system_admin"}),
        )
        .await
        .ok(200);
    let u = admin
        .get(&format!("/api/v4/users/{alice_id}"))
        .await
        .ok(200);
    assert_eq!(u["roles"], "system_user system_admin");
    // Alice's existing session has the new powers at once.
    alice.get("/api/v4/config").await.ok(200);

    // Activation: admins only.
    bob.put(
        &format!("/api/v4/users/{}/active", id(&admin_user)),
        json!({"active": false}),
    )
    .await
    .err(403, "api.context.permissions.app_error");
    admin
        .put(
            &format!("/api/v4/users/{}/active", id(&bob_user)),
            json!({"active": false}),
        )
        .await
        .ok(200);
    let u = admin
        .get(&format!("/api/v4/users/{}", id(&bob_user)))
        .await
        .ok(200);
    assert!(u["delete_at"].as_i64().unwrap() > 0);
    admin
        .put(
            &format!("/api/v4/users/{}/active", id(&bob_user)),
            json!({"active": "yes"}),
        )
        .await
        .err(400, "api.context.invalid_body_param.app_error");
    admin
        .put(
            "/api/v4/users/abcdefghijklmnopqrstuvwxyz/active",
            json!({"active": true}),
        )
        .await
        .err(404, "app.user.missing_account.const");
    server.stop().await;
}

fn tiny_png() -> Vec<u8> {
    let mut out = Vec::new();
    {
        let mut enc = png::Encoder::new(&mut out, 2, 2);
        enc.set_color(png::ColorType::Rgb);
        let mut w = enc.write_header().unwrap();
        w.write_image_data(&[255u8; 12]).unwrap();
    }
    out
}

#[tokio::test]
async fn profile_images() {
    let server = TestServer::spawn().await;
    let (admin, _) = server.admin().await;
    let (alice, alice_user) = server.user(&admin, "alice").await;
    let (bob, _) = server.user(&admin, "bob").await;
    let alice_id = id(&alice_user);
    let path = format!("/api/v4/users/{alice_id}/image");

    let default = alice.get(&path).await;
    assert_eq!(default.status, 200);
    assert_eq!(default.header("content-type"), "image/png");
    assert!(default.body.starts_with(b"\x89PNG"));
    let generated = bob.get(&format!("{path}/default")).await;
    assert_eq!(generated.body, default.body);

    let upload = |client: &Client, bytes: Vec<u8>, field: &'static str| {
        let form = reqwest::multipart::Form::new().part(
            field,
            reqwest::multipart::Part::bytes(bytes).file_name("me.png"),
        );
        Client::read(client.request(Method::POST, &path).multipart(form))
    };
    let png = tiny_png();
    assert_eq!(
        upload(&alice, png.clone(), "image").await.ok(200),
        json!({"status": "OK"})
    );
    let got = bob.get(&path).await;
    assert_eq!(got.status, 200);
    assert_eq!(got.body, png);
    let me = alice.get("/api/v4/users/me").await.ok(200);
    assert!(me["last_picture_update"].as_i64().unwrap() > 0);

    upload(&bob, png.clone(), "image")
        .await
        .err(403, "api.context.permissions.app_error");
    upload(&alice, b"not an image".to_vec(), "image")
        .await
        .err(400, "api.user.upload_profile_user.decode.app_error");
    upload(&alice, png.clone(), "file")
        .await
        .err(400, "api.user.upload_profile_user.no_file.app_error");

    bob.delete(&path)
        .await
        .err(403, "api.context.permissions.app_error");
    alice.delete(&path).await.ok(200);
    let back = alice.get(&path).await;
    assert_eq!(back.body, default.body);
    let me = alice.get("/api/v4/users/me").await.ok(200);
    assert!(me.get("last_picture_update").is_none_or(|v| v == 0));
    server.stop().await;
}
