//! The `dogear` command line, run as a user would.

use std::process::Command;

use axum::http::{Method, StatusCode};
use serde_json::json;

use crate::app::TestApp;

fn dogear(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_dogear"))
        .args(args)
        .output()
        .expect("run dogear")
}

#[test]
fn help_lists_the_commands() {
    let out = dogear(&["--help"]);
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    for command in ["serve", "migrate", "demo", "admin"] {
        assert!(text.contains(command), "{command} in {text}");
    }
    assert!(text.contains("--database"));
}

#[tokio::test]
async fn migrate_demo_and_admin_grant_work_on_a_database() {
    for url in crate::support::database_urls().await {
        let out = dogear(&["--database", &url, "migrate"]);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let out = dogear(&["--database", &url, "demo"]);
        assert!(String::from_utf8_lossy(&out.stdout).contains("151-comment thread"));
        let store = dogear::store::connect(&url).await.unwrap();
        assert!(
            !store
                .user_by_username("erin")
                .await
                .unwrap()
                .unwrap()
                .is_moderator
        );
        let out = dogear(&["--database", &url, "admin", "grant", "Erin"]);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(
            store
                .user_by_username("erin")
                .await
                .unwrap()
                .unwrap()
                .is_moderator,
            "{url}"
        );
        let out = dogear(&["--database", &url, "admin", "grant", "nobody"]);
        assert!(!out.status.success(), "an unknown name is an error");
    }
}

#[tokio::test]
async fn a_moderator_removes_a_flagged_review() {
    for app in TestApp::all().await {
        let moderator = app.api_user("mod").await;
        let troll = app.api_user("troll").await;
        let book = app.book(&troll, "Emma", "Jane Austen").await;
        let (_, review) = app
            .api(
                Method::PUT,
                &format!("/api/v1/books/{book}/review"),
                Some(&troll),
                Some(json!({"body": "rude words"})),
            )
            .await;
        let (status, flag) = app
            .api(
                Method::POST,
                "/api/v1/flags",
                Some(&moderator),
                Some(json!({"target": "review", "id": review["id"], "reason": "abuse"})),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED);
        let (status, _) = app
            .api(
                Method::POST,
                &format!("/api/v1/flags/{}/resolve", flag["id"]),
                Some(&troll),
                Some(json!({"action": "remove"})),
            )
            .await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{}", app.backend());
        let (status, _) = app
            .api(
                Method::POST,
                &format!("/api/v1/flags/{}/resolve", flag["id"]),
                Some(&moderator),
                Some(json!({"action": "remove"})),
            )
            .await;
        assert_eq!(status, StatusCode::NO_CONTENT);
        let (status, _) = app
            .api(
                Method::GET,
                &format!("/api/v1/reviews/{}", review["id"]),
                None,
                None,
            )
            .await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        let (_, queue) = app
            .api(Method::GET, "/api/v1/flags", Some(&moderator), None)
            .await;
        assert_eq!(queue["flags"].as_array().unwrap().len(), 0);
    }
}

#[test]
fn a_public_url_that_is_not_a_site_root_is_refused_with_the_reason() {
    for (url, reason) in [
        ("ftp://books.example", "http:// or https://"),
        ("https://books.example/dogear", "no path"),
        ("https://books.example/?x=1", "no query"),
        ("https://", "no host"),
    ] {
        let out = dogear(&["--public-url", url, "migrate"]);
        assert!(!out.status.success(), "{url}");
        let text = String::from_utf8_lossy(&out.stderr);
        assert!(
            text.contains("--public-url") && text.contains(reason),
            "{url}: {text}"
        );
    }
}

/// Runs dogear with `stdin` fed in: (whether it succeeded, what it said).
fn dogear_fed(args: &[&str], stdin: &str) -> (bool, String) {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_dogear"))
        .args(args)
        .env_remove("DOGEAR_CONFIG")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("run dogear");
    let mut input = child.stdin.take().unwrap();
    input.write_all(stdin.as_bytes()).unwrap();
    drop(input);
    let out = child.wait_with_output().unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.success(), text)
}

#[tokio::test]
async fn user_add_with_an_email_stores_it_and_refuses_bad_or_taken_ones() {
    for url in crate::support::database_urls().await {
        let add = |name: &str, email: &str| {
            dogear_fed(
                &[
                    "--database",
                    &url,
                    "user",
                    "add",
                    name,
                    "--email",
                    email,
                    "--password-stdin",
                ],
                "a long enough password\n",
            )
        };
        let (ok, out) = add("Ann", "Ann@Example.org");
        assert!(ok, "{out}");
        assert!(out.contains("Ann has the address Ann@Example.org"), "{out}");
        let store = dogear::store::connect(&url).await.unwrap();
        let ann = store.user_by_username("ann").await.unwrap().unwrap();
        let email = dogear::actions::email::account_email(&store, &ann)
            .await
            .unwrap();
        assert_eq!(email.address.as_deref(), Some("Ann@Example.org"));
        assert!(email.verified_at.is_some(), "an admin's word proves it");

        // Taken (whatever its case) or malformed: an error naming the
        // option, a failing exit, and no account made.
        for (name, address, says) in [
            ("bob", "ann@example.ORG", "already another account's"),
            ("cy", "not-an-address", "name@example.org"),
        ] {
            let (ok, out) = add(name, address);
            assert!(!ok, "{address}: {out}");
            assert!(out.contains("--email") && out.contains(says), "{out}");
            assert!(
                store.user_by_username(name).await.unwrap().is_none(),
                "{name} was not made"
            );
        }
    }
}

/// A size as nginx writes it (`2m`, `512k`, `100`), in bytes.
fn nginx_bytes(size: &str) -> usize {
    let (number, unit) = size.split_at(size.len() - 1);
    match unit {
        "m" | "M" => number.parse::<usize>().unwrap() * 1024 * 1024,
        "k" | "K" => number.parse::<usize>().unwrap() * 1024,
        _ => size.parse().unwrap(),
    }
}

/// The body limit nginx applies to `path`: its location's own, else the server's.
fn nginx_limit(conf: &str, path: &str) -> usize {
    let server = conf.split("listen 443").nth(1).expect("the HTTPS server");
    let limit_in = |block: &str| {
        block
            .lines()
            .map(str::trim)
            .find_map(|l| l.strip_prefix("client_max_body_size "))
            .map(|s| nginx_bytes(s.trim_end_matches(';')))
    };
    let mut parts = server.split("    location ");
    let outside = parts.next().unwrap();
    for block in parts {
        let (pattern, body) = block.split_once('{').unwrap();
        let pattern = pattern.trim();
        let matches = match pattern.strip_prefix("~ ") {
            Some(regex) => {
                // The patterns are anchored alternations of literal paths
                // and `[0-9]+`: checked with those two rules only.
                let inner = regex.trim_start_matches("^/(").trim_end_matches(")$");
                inner.split('|').any(|alt| {
                    let mut rest = &path[1..];
                    for (i, piece) in alt.split("[0-9]+").enumerate() {
                        if i > 0 {
                            let digits = rest.len()
                                - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
                            if digits == 0 {
                                return false;
                            }
                            rest = &rest[digits..];
                        }
                        let Some(after) = rest.strip_prefix(piece) else {
                            return false;
                        };
                        rest = after;
                    }
                    rest.is_empty()
                })
            }
            None => false,
        };
        if matches && let Some(limit) = limit_in(body) {
            return limit;
        }
    }
    limit_in(outside).expect("a server-wide limit")
}

#[test]
fn the_deployment_files_fit_the_binary_they_run() {
    let unit = std::fs::read_to_string("deploy/dogear.service").unwrap();
    // The unit's command line, with its settings file here and `config` for
    // `serve`, is one the binary takes.
    let exec = unit
        .lines()
        .find_map(|l| l.strip_prefix("ExecStart="))
        .expect("ExecStart");
    let dir = std::env::temp_dir().join(crate::support::unique("dogear-deploy-"));
    std::fs::create_dir_all(&dir).unwrap();
    let settings = dir.join("dogear.toml");
    std::fs::write(&settings, "registration = \"closed\"\n").unwrap();
    let mut args: Vec<String> = exec
        .split_whitespace()
        .skip(1)
        .map(str::to_string)
        .collect();
    for arg in &mut args {
        if arg == "/etc/dogear/dogear.toml" {
            *arg = settings.display().to_string();
        }
    }
    assert_eq!(args.pop().as_deref(), Some("serve"));
    args.push("config".into());
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let out = Command::new(env!("CARGO_BIN_EXE_dogear"))
        .args(&args)
        .env_remove("DOGEAR_CONFIG")
        .env_remove("DOGEAR_LISTEN")
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{said}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        said.contains("registration = \"closed\""),
        "the unit's file is read: {said}"
    );
    let listen = said
        .lines()
        .find_map(|l| l.strip_prefix("listen = \""))
        .and_then(|l| l.split('"').next())
        .expect("the listen address");
    for hardening in [
        "NoNewPrivileges=yes",
        "ProtectSystem=strict",
        "ProtectHome=yes",
        "PrivateTmp=yes",
        "PrivateDevices=yes",
        "CapabilityBoundingSet=",
        "SystemCallFilter=@system-service",
        "StateDirectory=dogear",
    ] {
        assert!(unit.lines().any(|l| l == hardening), "{hardening}");
    }

    // nginx sends everything to where the site listens, and lets through
    // every body the site itself takes.
    let conf = std::fs::read_to_string("deploy/nginx.conf").unwrap();
    for line in conf.lines().filter(|l| l.contains("proxy_pass")) {
        assert_eq!(line.trim(), format!("proxy_pass http://{listen};"));
    }
    use dogear::web::pages::{covers, library};
    for (path, site) in [
        ("/signin", dogear::config::BODY_LIMIT),
        ("/import", library::MAX_UPLOAD),
        ("/api/v1/imports", library::MAX_UPLOAD),
        ("/books/12/cover", covers::MAX_REQUEST),
        ("/api/v1/books/12/cover", covers::MAX_REQUEST),
        ("/settings/avatar", covers::MAX_REQUEST),
    ] {
        let limit = nginx_limit(&conf, path);
        assert!(
            limit >= site,
            "{path}: nginx takes {limit} bytes, the site {site}"
        );
    }
    assert!(nginx_limit(&conf, "/books/12/reviews") < library::MAX_UPLOAD);
    let _ = std::fs::remove_dir_all(&dir);
}
