//! System: configuration, client config and licence, ping, timezones, headers, errors, roles.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests")]

use outpost_testkit::{Client, PASSWORD, TestServer};
use reqwest::Method;
use serde_json::json;

#[tokio::test]
async fn config_is_admin_only_and_redacted() {
    let server = TestServer::spawn_with(
        json!({"SqlSettings": {"DataSource": "postgres://mm:s3cret@db/mm"}}),
    )
    .await;
    let (admin, _) = server.admin().await;
    let (alice, _) = server.user(&admin, "alice").await;
    let cfg = admin.get("/api/v4/config").await.ok(200);
    assert_eq!(cfg["ServiceSettings"]["MaximumLoginAttempts"], 10);
    assert_eq!(cfg["TeamSettings"]["EnableOpenServer"], false);
    assert_eq!(
        cfg["SqlSettings"]["DataSource"],
        "********************************"
    );
    assert!(!cfg.to_string().contains("s3cret"), "no secret anywhere");
    alice
        .get("/api/v4/config")
        .await
        .err(403, "api.context.permissions.app_error");
    alice
        .put(
            "/api/v4/config/patch",
            json!({"TeamSettings": {"EnableOpenServer": true}}),
        )
        .await
        .err(403, "api.context.permissions.app_error");
    alice
        .post("/api/v4/config/reload", json!({}))
        .await
        .err(403, "api.context.permissions.app_error");
    alice
        .get("/api/v4/config/environment")
        .await
        .err(403, "api.context.permissions.app_error");
    server
        .client()
        .get("/api/v4/config")
        .await
        .err(401, "api.context.session_expired.app_error");
    server.stop().await;
}

#[tokio::test]
async fn patch_persists_and_applies_live() {
    let server = TestServer::spawn_with(
        json!({"SqlSettings": {"DataSource": "postgres://mm:s3cret@db/mm"}}),
    )
    .await;
    let (admin, _) = server.admin().await;
    let anon = server.client();
    let signup =
        json!({"username": "visitor", "email": "visitor@example.com", "password": PASSWORD});
    anon.post("/api/v4/users", signup.clone())
        .await
        .err(403, "api.user.create_user.no_open_server");

    let version_before = anon.get("/api/v4/system/ping").await.header("x-version-id");
    let cfg = admin
        .put(
            "/api/v4/config/patch",
            json!({"TeamSettings": {"EnableOpenServer": true, "SiteName": "Base Camp"}}),
        )
        .await
        .ok(200);
    assert_eq!(cfg["TeamSettings"]["EnableOpenServer"], true);
    assert_eq!(
        cfg["SqlSettings"]["DataSource"],
        "********************************"
    );
    // Takes effect without a restart.
    anon.post("/api/v4/users", signup).await.ok(201);
    let client_cfg = anon.get("/api/v4/config/client?format=old").await.ok(200);
    assert_eq!(client_cfg["SiteName"], "Base Camp");
    assert_eq!(client_cfg["EnableOpenServer"], "true");
    let version_after = anon.get("/api/v4/system/ping").await.header("x-version-id");
    assert_ne!(
        version_before, version_after,
        "the client config hash changed"
    );

    // Persisted: the stored config survives a reload.
    admin.post("/api/v4/config/reload", json!({})).await.ok(200);
    let cfg = admin.get("/api/v4/config").await.ok(200);
    assert_eq!(cfg["TeamSettings"]["SiteName"], "Base Camp");
    // Sending the redacted secret back keeps the real one.
    let mut full = cfg.clone();
    full["TeamSettings"]["SiteName"] = json!("Full Put");
    admin.put("/api/v4/config", full).await.ok(200);
    server.client().login("sysadmin", PASSWORD).await;
    let cfg = admin.get("/api/v4/config").await.ok(200);
    assert_eq!(cfg["TeamSettings"]["SiteName"], "Full Put");

    // Invalid values are refused.
    admin
        .put(
            "/api/v4/config/patch",
            json!({"PasswordSettings": {"MinimumLength": 2}}),
        )
        .await
        .err(400, "model.config.is_valid.password_length.app_error");
    admin
        .put(
            "/api/v4/config/patch",
            json!({"ServiceSettings": {"MaximumLoginAttempts": "many"}}),
        )
        .await
        .err(400, "api.config.update_config.invalid.app_error");
    admin
        .put("/api/v4/config/patch", json!([1, 2]))
        .await
        .err(400, "api.context.invalid_body_param.app_error");
    server.stop().await;
}

#[tokio::test]
async fn environment_values_are_reported_and_kept() {
    let server = TestServer::spawn_with(json!({
        "TeamSettings": {"SiteName": "Fixed Name"},
        "ServiceSettings": {"SiteURL": "https://chat.example.com"}
    }))
    .await;
    let (admin, _) = server.admin().await;
    let env = admin.get("/api/v4/config/environment").await.ok(200);
    assert_eq!(
        env,
        // The file directory is fixed at start too (the data directory's `files/`), as by `outpost serve`.
        json!({"TeamSettings": {"SiteName": true}, "ServiceSettings": {"SiteURL": true}, "FileSettings": {"Directory": true}})
    );
    admin
        .put(
            "/api/v4/config/patch",
            json!({"TeamSettings": {"SiteName": "Changed", "EnableOpenServer": true}}),
        )
        .await
        .ok(200);
    let cfg = admin.get("/api/v4/config").await.ok(200);
    assert_eq!(cfg["TeamSettings"]["SiteName"], "Fixed Name");
    assert_eq!(cfg["TeamSettings"]["EnableOpenServer"], true);
    admin.post("/api/v4/config/reload", json!({})).await.ok(200);
    let client_cfg = server
        .client()
        .get("/api/v4/config/client?format=old")
        .await
        .ok(200);
    assert_eq!(client_cfg["SiteName"], "Fixed Name");
    assert_eq!(client_cfg["SiteURL"], "https://chat.example.com");
    server.stop().await;
}

#[tokio::test]
async fn client_config_and_license() {
    let server = TestServer::spawn().await;
    let anon = server.client();
    let r = anon.get("/api/v4/config/client?format=old").await;
    let etag = r.header("etag");
    let cfg = r.ok(200);
    assert_eq!(cfg["Version"], "10.11.4");
    assert_eq!(cfg["SiteURL"], "");
    assert_eq!(cfg["SiteName"], "Outpost");
    assert_eq!(cfg["EnableOpenServer"], "false");
    assert!(
        cfg.as_object().unwrap().values().all(|v| v.is_string()),
        "a flat string map"
    );
    let r = Client::read(
        anon.request(Method::GET, "/api/v4/config/client?format=old")
            .header("If-None-Match", &etag),
    )
    .await;
    assert_eq!(r.status, 304);
    // A changed setting changes the tag: the copy a browser holds is not "not modified".
    let (admin, _) = server.admin().await;
    let mut full = admin.get("/api/v4/config").await.ok(200);
    full["TeamSettings"]["SiteName"] = json!("Renamed");
    admin.put("/api/v4/config", full).await.ok(200);
    let r = Client::read(
        anon.request(Method::GET, "/api/v4/config/client?format=old")
            .header("If-None-Match", &etag),
    )
    .await;
    assert_eq!(r.status, 200);
    assert_ne!(r.header("etag"), etag);
    assert_eq!(r.ok(200)["SiteName"], "Renamed");
    // Missing format: 501 as in Mattermost; another format: 400.
    anon.get("/api/v4/config/client")
        .await
        .err(501, "api.config.client.old_format.app_error");
    anon.get("/api/v4/config/client?format=new")
        .await
        .err(400, "api.context.invalid_body_param.app_error");

    let lic = anon.get("/api/v4/license/client?format=old").await.ok(200);
    assert_eq!(lic["IsLicensed"], "false");
    anon.get("/api/v4/license/client")
        .await
        .err(400, "api.license.client.old_format.app_error");
    server.stop().await;
}

#[tokio::test]
async fn ping_timezones_and_headers() {
    let server = TestServer::spawn().await;
    let anon = server.client();
    let r = anon.get("/api/v4/system/ping").await;
    let request_id = r.header("x-request-id");
    let version = r.header("x-version-id");
    let ping = r.ok(200);
    assert_eq!(ping["status"], "OK");
    assert_eq!(request_id.len(), 26);
    assert!(version.starts_with("10.11.4."), "{version}");
    assert!(version.ends_with(".false"));
    let ping = anon
        .get("/api/v4/system/ping?get_server_status=true")
        .await
        .ok(200);
    assert_eq!(ping["database_status"], "OK");

    let zones = anon.get("/api/v4/system/timezones").await.ok(200);
    let zones: Vec<&str> = zones
        .as_array()
        .unwrap()
        .iter()
        .map(|z| z.as_str().unwrap())
        .collect();
    assert!(zones.contains(&"America/New_York") && zones.contains(&"Europe/Paris"));

    // Every response, errors included, carries both headers; request ids differ.
    let r = anon.get("/api/v4/no/such/route").await;
    assert_eq!(r.header("x-request-id").len(), 26);
    assert_ne!(r.header("x-request-id"), request_id);
    assert_eq!(r.header("x-version-id"), version);
    let e = r.err(404, "api.context.404.app_error");
    assert_eq!(e["request_id"].as_str().unwrap().len(), 26);
    let r = anon.get("/api/v4/users/me").await;
    assert_eq!(r.header("x-version-id"), version);
    r.err(401, "api.context.session_expired.app_error");
    server.stop().await;
}

#[tokio::test]
async fn malformed_and_oversized_bodies() {
    let server = TestServer::spawn().await;
    let (admin, _) = server.admin().await;
    let r = Client::read(
        admin
            .request(Method::PUT, "/api/v4/users/me/patch")
            .header("Content-Type", "application/json")
            .body("{not json"),
    )
    .await;
    r.err(400, "api.context.invalid_body_param.app_error");
    let r = Client::read(
        admin
            .request(Method::POST, "/api/v4/users/ids")
            .header("Content-Type", "application/json")
            .body(""),
    )
    .await;
    r.err(400, "api.context.invalid_body_param.app_error");

    let big = format!("[\"{}\"]", "a".repeat(300_001));
    let r = Client::read(
        admin
            .request(Method::POST, "/api/v4/users/usernames")
            .header("Content-Type", "application/json")
            .body(big),
    )
    .await;
    r.err(413, "api.context.request_body_too_large.app_error");
    // Just under the limit is fine (and simply finds nobody).
    let ok = format!("[\"{}\"]", "a".repeat(1000));
    let r = Client::read(
        admin
            .request(Method::POST, "/api/v4/users/usernames")
            .header("Content-Type", "application/json")
            .body(ok),
    )
    .await;
    assert_eq!(r.ok(200), json!([]));

    // Bad ids in the URL.
    for path in [
        "/api/v4/users/not-an-id",
        "/api/v4/users/abc/sessions",
        "/api/v4/roles/xyz",
        "/api/v4/users/tokens/short",
    ] {
        admin
            .get(path)
            .await
            .err(400, "api.context.invalid_url_param.app_error");
    }
    server.stop().await;
}

#[tokio::test]
async fn roles_endpoints() {
    let server = TestServer::spawn().await;
    let (admin, _) = server.admin().await;
    let (alice, _) = server.user(&admin, "alice").await;

    let role = alice.get("/api/v4/roles/name/system_user").await.ok(200);
    assert_eq!(role["name"], "system_user");
    assert_eq!(role["built_in"], true);
    let perms: Vec<&str> = role["permissions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p.as_str().unwrap())
        .collect();
    assert!(perms.contains(&"create_team"));
    let role_id = role["id"].as_str().unwrap().to_owned();
    let again = alice.get(&format!("/api/v4/roles/{role_id}")).await.ok(200);
    assert_eq!(again["name"], "system_user");
    alice
        .get("/api/v4/roles/name/no_such_role")
        .await
        .err(404, "app.role.get_by_name.app_error");
    alice
        .get("/api/v4/roles/abcdefghijklmnopqrstuvwxyz")
        .await
        .err(404, "app.role.get.app_error");
    let some = alice
        .post(
            "/api/v4/roles/names",
            json!(["system_admin", "team_user", "nope"]),
        )
        .await
        .ok(200);
    let names: Vec<&str> = some
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["system_admin", "team_user"]);
    alice
        .post("/api/v4/roles/names", json!([]))
        .await
        .err(400, "api.context.invalid_body_param.app_error");

    alice
        .get("/api/v4/roles")
        .await
        .err(403, "api.context.permissions.app_error");
    let all = admin.get("/api/v4/roles").await.ok(200);
    assert!(all.as_array().unwrap().len() > 10);

    // Patching a role changes what its holders may do, at once.
    alice
        .put(
            &format!("/api/v4/roles/{role_id}/patch"),
            json!({"permissions": []}),
        )
        .await
        .err(403, "api.context.permissions.app_error");
    let mut new_perms: Vec<String> = perms.iter().map(|p| (*p).to_owned()).collect();
    new_perms.push("manage_system".to_owned());
    let patched = admin
        .put(
            &format!("/api/v4/roles/{role_id}/patch"),
            json!({"permissions": new_perms}),
        )
        .await
        .ok(200);
    assert!(
        patched["permissions"]
            .as_array()
            .unwrap()
            .contains(&json!("manage_system"))
    );
    alice.get("/api/v4/config").await.ok(200);
    server.stop().await;
}

#[tokio::test]
async fn no_accounts_until_the_first_user_exists() {
    let s = TestServer::spawn().await;
    let c = s.client();
    let before = c.get("/api/v4/config/client?format=old").await;
    let version_before = before.header("x-version-id");
    assert_eq!(before.ok(200)["NoAccounts"], "true");
    let (admin, _) = s.admin().await;
    let after = admin.get("/api/v4/config/client?format=old").await;
    assert_ne!(
        after.header("x-version-id"),
        version_before,
        "the client config hash changed"
    );
    assert_eq!(after.ok(200)["NoAccounts"], "false");
    s.stop().await;
}
