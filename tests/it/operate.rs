//! The operator's commands: `dogear user ...` and `dogear config` with its
//! settings file.

use std::io::Write;
use std::process::{Command, Stdio};

const ENV: [&str; 4] = [
    "DOGEAR_CONFIG",
    "DOGEAR_COMMENTS_PER_MINUTE",
    "DOGEAR_REGISTRATION",
    "DATABASE_URL",
];

/// Runs dogear in `dir` with these variables (and none of the settings' others), feeding `stdin`.
fn run(dir: &std::path::Path, args: &[&str], env: &[(&str, &str)], stdin: &str) -> (bool, String) {
    let mut command = Command::new(env!("CARGO_BIN_EXE_dogear"));
    command.current_dir(dir).args(args);
    for name in ENV {
        command.env_remove(name);
    }
    command.envs(env.iter().copied());
    let mut child = command
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run dogear");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.success(), text)
}

fn on<'a>(url: &'a str, rest: &[&'a str]) -> Vec<&'a str> {
    [&["--database", url][..], rest].concat()
}

fn folder() -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(crate::support::unique("dogear-operate-"));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[tokio::test]
async fn user_commands_add_list_reset_suspend_and_delete_readers() {
    let dir = folder();
    for url in crate::support::database_urls().await {
        let (ok, out) = run(
            &dir,
            &on(&url, &["user", "add", "Ann", "--admin", "--password-stdin"]),
            &[],
            "first password\n",
        );
        assert!(ok, "{out}");
        assert!(out.contains("Ann is an admin now"), "{out}");
        let (ok, out) = run(
            &dir,
            &on(&url, &["user", "add", "bob", "--password-stdin"]),
            &[],
            "bobs password\n",
        );
        assert!(ok, "{out}");
        let (ok, out) = run(
            &dir,
            &on(&url, &["user", "add", "bob", "--password-stdin"]),
            &[],
            "again password\n",
        );
        assert!(!ok && out.contains("taken"), "{out}");
        let (ok, out) = run(
            &dir,
            &on(&url, &["user", "add", "cy", "--password-stdin"]),
            &[],
            "short\n",
        );
        assert!(
            !ok && out.contains("8"),
            "a short password is refused: {out}"
        );
        // Without a terminal or --password-stdin nothing is made.
        let (ok, out) = run(&dir, &on(&url, &["user", "add", "dee"]), &[], "");
        assert!(!ok && out.contains("--password-stdin"), "{out}");

        let store = dogear::store::connect(&url).await.unwrap();
        let ann = dogear::actions::accounts::check_password(&store, "ann", "first password")
            .await
            .unwrap();
        assert!(ann.is_admin);

        let (ok, list) = run(&dir, &on(&url, &["user", "list"]), &[], "");
        assert!(ok, "{list}");
        assert!(
            list.lines().any(|l| l.starts_with("Ann\tadmin\t")),
            "{list}"
        );
        assert!(
            list.lines().any(|l| l.starts_with("bob\treader\t")),
            "{list}"
        );
        assert!(!list.contains("dee"));

        let (ok, out) = run(
            &dir,
            &on(&url, &["user", "password", "bob", "--password-stdin"]),
            &[],
            "a brand new one\n",
        );
        assert!(ok, "{out}");
        assert!(
            dogear::actions::accounts::check_password(&store, "bob", "bobs password")
                .await
                .is_err()
        );
        dogear::actions::accounts::check_password(&store, "bob", "a brand new one")
            .await
            .unwrap();

        let (ok, _) = run(&dir, &on(&url, &["user", "suspend", "bob"]), &[], "");
        assert!(ok);
        assert!(
            store
                .user_by_username("bob")
                .await
                .unwrap()
                .unwrap()
                .suspended
        );
        let (_, list) = run(&dir, &on(&url, &["user", "list"]), &[], "");
        assert!(
            list.lines()
                .any(|l| l.starts_with("bob\treader\t") && l.ends_with("suspended")),
            "{list}"
        );
        let (ok, _) = run(&dir, &on(&url, &["user", "unsuspend", "bob"]), &[], "");
        assert!(ok);
        assert!(
            !store
                .user_by_username("bob")
                .await
                .unwrap()
                .unwrap()
                .suspended
        );

        let (ok, out) = run(&dir, &on(&url, &["user", "delete", "bob"]), &[], "y\n");
        assert!(
            !ok && out.contains("--yes"),
            "no terminal, no silent delete: {out}"
        );
        assert!(store.user_by_username("bob").await.unwrap().is_some());
        let (ok, out) = run(
            &dir,
            &on(&url, &["user", "delete", "bob", "--yes"]),
            &[],
            "",
        );
        assert!(ok, "{out}");
        assert!(store.user_by_username("bob").await.unwrap().is_none());
        let (ok, out) = run(
            &dir,
            &on(&url, &["user", "password", "nobody", "--password-stdin"]),
            &[],
            "whatever it is\n",
        );
        assert!(!ok && out.contains("no such reader"), "{out}");
        // `dogear admin` is kept.
        let (ok, _) = run(&dir, &on(&url, &["admin", "revoke", "ann"]), &[], "");
        assert!(ok);
        assert!(
            !store
                .user_by_username("ann")
                .await
                .unwrap()
                .unwrap()
                .is_admin
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// The value line `dogear config` prints for a setting.
fn setting<'a>(out: &'a str, name: &str) -> &'a str {
    out.lines()
        .find(|l| l.starts_with(&format!("{name} = ")))
        .unwrap_or_else(|| panic!("{name} in {out}"))
}

#[test]
fn settings_come_from_flags_over_the_environment_over_the_file_over_defaults() {
    let dir = folder();
    std::fs::write(
        dir.join("dogear.toml"),
        "# the book club's site\ncomments_per_minute = 7\nregistration = \"invite\"\n\
         readers-invite = true\ndatabase = \"postgres://club:hunter22@db.example/dogear\"\n",
    )
    .unwrap();
    let (ok, out) = run(&dir, &["config"], &[], "");
    assert!(ok, "{out}");
    assert!(out.contains("# settings file: dogear.toml"), "{out}");
    assert_eq!(
        setting(&out, "comments_per_minute"),
        "comments_per_minute = 7  # from the settings file"
    );
    assert_eq!(
        setting(&out, "registration"),
        "registration = \"invite\"  # from the settings file"
    );
    assert_eq!(
        setting(&out, "readers_invite"),
        "readers_invite = true  # from the settings file"
    );
    assert_eq!(
        setting(&out, "books_per_hour"),
        "books_per_hour = 30  # default"
    );
    // The password never shows.
    assert!(!out.contains("hunter22"), "{out}");
    assert!(setting(&out, "database").contains("postgres://club:(hidden)@db.example/dogear"));

    let env = [("DOGEAR_COMMENTS_PER_MINUTE", "8")];
    let (_, out) = run(&dir, &["config"], &env, "");
    assert_eq!(
        setting(&out, "comments_per_minute"),
        "comments_per_minute = 8  # from the environment"
    );
    let (_, out) = run(&dir, &["--comments-per-minute", "9", "config"], &env, "");
    assert_eq!(
        setting(&out, "comments_per_minute"),
        "comments_per_minute = 9  # from the command line"
    );
    assert_eq!(
        setting(&out, "registration"),
        "registration = \"invite\"  # from the settings file"
    );

    // Another file by --config or DOGEAR_CONFIG; none at all gives the defaults.
    std::fs::write(dir.join("other.toml"), "registration = \"closed\"\n").unwrap();
    let (_, out) = run(&dir, &["--config", "other.toml", "config"], &[], "");
    assert!(
        setting(&out, "registration").starts_with("registration = \"closed\""),
        "{out}"
    );
    assert!(
        setting(&out, "comments_per_minute").ends_with("# default"),
        "{out}"
    );
    let (_, out) = run(&dir, &["config"], &[("DOGEAR_CONFIG", "other.toml")], "");
    assert!(
        setting(&out, "registration").starts_with("registration = \"closed\""),
        "{out}"
    );
    std::fs::remove_file(dir.join("dogear.toml")).unwrap();
    let (ok, out) = run(&dir, &["config"], &[], "");
    assert!(ok && out.contains("# no settings file"), "{out}");
    assert_eq!(
        setting(&out, "registration"),
        "registration = \"open\"  # default"
    );

    // Mistakes in the file are named, not ignored.
    std::fs::write(dir.join("bad.toml"), "comments_per_minut = 3\n").unwrap();
    let (ok, out) = run(&dir, &["--config", "bad.toml", "config"], &[], "");
    assert!(
        !ok && out.contains("comments_per_minut is no setting"),
        "{out}"
    );
    std::fs::write(dir.join("bad.toml"), "registration = \"sometimes\"\n").unwrap();
    let (ok, out) = run(&dir, &["--config", "bad.toml", "config"], &[], "");
    assert!(!ok && out.contains("unknown registration mode"), "{out}");
    let (ok, out) = run(&dir, &["--config", "missing.toml", "config"], &[], "");
    assert!(!ok && out.contains("cannot read missing.toml"), "{out}");
    let _ = std::fs::remove_dir_all(&dir);
}
