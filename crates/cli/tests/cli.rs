//! The stable command line, run as a user would: the real binary on a fresh data folder.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::process::{Command, Output};

fn closer(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_closer"))
        .args(args)
        .output()
        .expect("run closer")
}

fn ok(args: &[&str]) -> String {
    let out = closer(args);
    assert!(
        out.status.success(),
        "closer {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn tenant_user_jobs_backup_and_restore() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("fresh/data");
    let d = data.to_str().unwrap();
    // migrate creates the data folder itself.
    ok(&["migrate", "--data-dir", d]);
    assert!(data.join("closer.db").exists());
    let out = ok(&[
        "tenant",
        "create",
        "--slug",
        "acme",
        "--name",
        "Acme 中国",
        "--admin-email",
        "boss@acme.example.com",
        "--admin-password",
        "secret-pass-1",
        "--data-dir",
        d,
    ]);
    assert!(out.contains("Created tenant acme"), "{out}");
    let out = ok(&[
        "user",
        "add",
        "--tenant",
        "acme",
        "--email",
        "rep@acme.example.com",
        "--name",
        "Rep",
        "--role",
        "sales_rep",
        "--password",
        "secret-pass-2",
        "--data-dir",
        d,
    ]);
    assert!(out.contains("as sales_rep"), "{out}");
    let out = ok(&["jobs", "list"]);
    assert!(out.contains("session-cleanup"), "{out}");
    let out = ok(&[
        "jobs",
        "run",
        "session-cleanup",
        "--now",
        "2030-01-01T00:00:00+08:00",
        "--data-dir",
        d,
    ]);
    assert!(out.contains("\"deleted\":0"), "{out}");

    let backup = dir.path().join("acme.backup");
    let out = ok(&["backup", backup.to_str().unwrap(), "--data-dir", d]);
    assert!(out.contains("rows"), "{out}");
    let other = dir.path().join("other");
    let out = ok(&[
        "restore",
        backup.to_str().unwrap(),
        "--data-dir",
        other.to_str().unwrap(),
    ]);
    assert!(out.contains("Restored"), "{out}");
    // The restored copy signs in the same users: adding the same e-mail again is refused.
    let again = closer(&[
        "user",
        "add",
        "--tenant",
        "acme",
        "--email",
        "rep@acme.example.com",
        "--name",
        "Rep",
        "--role",
        "sales_rep",
        "--password",
        "secret-pass-2",
        "--data-dir",
        other.to_str().unwrap(),
    ]);
    assert!(!again.status.success());
}

#[test]
fn bad_arguments_print_one_line_and_fail() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().to_str().unwrap();
    let cases: &[&[&str]] = &[
        &[
            "tenant",
            "create",
            "--slug",
            "Bad Slug!",
            "--name",
            "X",
            "--admin-email",
            "a@b.example.com",
            "--admin-password",
            "secret-pass",
            "--data-dir",
            d,
        ],
        &[
            "tenant",
            "create",
            "--slug",
            "good",
            "--name",
            "X",
            "--admin-email",
            "not-an-email",
            "--admin-password",
            "secret-pass",
            "--data-dir",
            d,
        ],
        &[
            "user",
            "add",
            "--tenant",
            "nosuch",
            "--email",
            "a@b.example.com",
            "--name",
            "A",
            "--role",
            "admin",
            "--password",
            "secret-pass",
            "--data-dir",
            d,
        ],
        &["jobs", "run", "no-such-job", "--data-dir", d],
        &[
            "jobs",
            "run",
            "session-cleanup",
            "--now",
            "yesterday",
            "--data-dir",
            d,
        ],
        &["restore", "/nonexistent/file", "--data-dir", d],
    ];
    for args in cases {
        let out = closer(args);
        assert!(!out.status.success(), "{args:?} should fail");
        let err = String::from_utf8_lossy(&out.stderr);
        let lines: Vec<&str> = err.lines().filter(|l| l.starts_with("closer:")).collect();
        assert_eq!(lines.len(), 1, "{args:?}: {err}");
    }
    // The demo refuses a tenant that already exists.
    ok(&["demo", "--data-dir", d]);
    assert!(!closer(&["demo", "--data-dir", d]).status.success());
}
