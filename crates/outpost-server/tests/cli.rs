//! The `outpost` binary: one-line errors for bad settings, `user create`, `serve` and graceful stop.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests")]

use std::process::{Command, Output, Stdio};
use std::time::Duration;

fn outpost(args: &[&str], dir: &std::path::Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_outpost"))
        .args(args)
        .current_dir(dir)
        .env_remove("OUTPOST_LISTEN")
        .env_remove("OUTPOST_DATABASE_URL")
        .output()
        .expect("outpost runs")
}

fn stderr_line(o: &Output) -> String {
    let text = String::from_utf8_lossy(&o.stderr).trim().to_owned();
    assert_eq!(text.lines().count(), 1, "one-line error, got: {text}");
    text
}

#[test]
fn version_names_the_mattermost_version() {
    let dir = tempfile::tempdir().unwrap();
    let o = outpost(&["version"], dir.path());
    assert!(o.status.success());
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.contains("outpost ") && out.contains("10.11.4"), "{out}");
}

#[test]
fn bad_settings_fail_with_one_clear_line() {
    let dir = tempfile::tempdir().unwrap();
    let o = outpost(&["serve", "--listen", "nope"], dir.path());
    assert!(!o.status.success());
    assert!(stderr_line(&o).starts_with("error: invalid listen address \"nope\""));

    let o = outpost(&["serve", "--database-url", "mysql://x"], dir.path());
    assert!(!o.status.success());
    assert!(stderr_line(&o).contains("invalid database URL"));

    std::fs::write(dir.path().join("outpost.toml"), "log_format = \"xml\"\n").unwrap();
    let o = outpost(&["serve"], dir.path());
    assert!(!o.status.success());
    assert!(stderr_line(&o).contains("invalid log format \"xml\""));
}

#[test]
fn unreachable_database_fails_fast_with_its_cause() {
    let dir = tempfile::tempdir().unwrap();
    let o = outpost(
        &[
            "serve",
            "--listen",
            "127.0.0.1:0",
            "--database-url",
            "postgres://postgres@127.0.0.1:1/x",
        ],
        dir.path(),
    );
    assert!(!o.status.success());
    let line = stderr_line(&o);
    // Normally "connection refused" at once; on a loaded machine the 10 s connect limit may speak first.
    assert!(
        line.starts_with("error: cannot open the database")
            && (line.contains("refused") || line.contains("timed out")),
        "{line}"
    );
}

#[test]
fn port_in_use_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = taken.local_addr().unwrap().to_string();
    let o = outpost(&["serve", "--listen", &addr], dir.path());
    assert!(!o.status.success());
    let line = stderr_line(&o);
    assert!(
        line.starts_with(&format!("error: cannot listen on {addr}")),
        "{line}"
    );
}

#[test]
fn user_create_then_serve_then_login_then_sigterm() {
    let dir = tempfile::tempdir().unwrap();
    let o = outpost(
        &[
            "user",
            "create",
            "--email",
            "root@example.com",
            "--username",
            "root",
            "--password",
            "Sup3rSecret",
            "--system-admin",
        ],
        dir.path(),
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(String::from_utf8_lossy(&o.stdout).contains("system_admin"));

    let again = outpost(
        &[
            "user",
            "create",
            "--email",
            "x@example.com",
            "--username",
            "root",
            "--password",
            "Sup3rSecret",
        ],
        dir.path(),
    );
    assert!(!again.status.success());
    assert!(stderr_line(&again).contains("app.user.save.username_exists.app_error"));

    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let mut child = Command::new(env!("CARGO_BIN_EXE_outpost"))
        .args(["serve", "--listen", &format!("127.0.0.1:{port}")])
        .current_dir(dir.path())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let rt = tokio::runtime::Runtime::new().unwrap();
    let base = format!("http://127.0.0.1:{port}");
    let login_status = rt.block_on(async {
        let http = reqwest::Client::new();
        for _ in 0..100 {
            if http
                .get(format!("{base}/api/v4/system/ping"))
                .send()
                .await
                .is_ok()
            {
                break;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        let res = http
            .post(format!("{base}/api/v4/users/login"))
            .json(&serde_json::json!({"login_id": "root@example.com", "password": "Sup3rSecret"}))
            .send()
            .await
            .unwrap();
        let status = res.status().as_u16();
        let body: serde_json::Value = res.json().await.unwrap();
        assert_eq!(body["roles"], "system_admin system_user");
        status
    });
    assert_eq!(login_status, 200);
    let killed = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let status = child.wait().unwrap();
    assert!(
        status.success(),
        "graceful shutdown exits 0, got {status:?}"
    );
    assert!(
        dir.path().join("data/outpost.db").exists(),
        "SQLite under ./data by default"
    );
}
