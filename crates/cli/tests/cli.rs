//! The stable command line, run as a user would: the real binary on a fresh data folder.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::process::{Command, Output};

fn closer(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_closer"))
        .args(args)
        .output()
        .expect("run closer")
}

/// Starts `closer serve` on a free port (from `cwd` when given) and waits, bounded, until it
/// accepts connections.
fn serve(data_dir: &str, cwd: Option<&std::path::Path>) -> (std::process::Child, u16) {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_closer"));
    cmd.args([
        "serve",
        "--addr",
        &format!("127.0.0.1:{port}"),
        "--data-dir",
        data_dir,
    ])
    .stdout(std::process::Stdio::null())
    .stderr(std::process::Stdio::null());
    if let Some(dir) = cwd {
        cmd.current_dir(dir);
    }
    let server = cmd.spawn().unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            std::time::Instant::now() < deadline,
            "the server did not start"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    (server, port)
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
    let out = ok(&["jobs", "list", "--data-dir", d]);
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
    // Its names read true: a company written another way says （集团） once (issue 17).
    let leads = ok(&["export", "leads", "--tenant", "demo", "--data-dir", d]);
    assert!(leads.contains("（集团）有限公司"), "the variants are there");
    assert!(
        !leads.contains("（集团）（集团）"),
        "no name repeats （集团）"
    );
}

#[test]
fn settings_come_from_closer_toml_and_the_environment_wins() {
    let dir = tempfile::tempdir().unwrap();
    let from_file = dir.path().join("from-file");
    let from_env = dir.path().join("from-env");
    std::fs::write(
        dir.path().join("closer.toml"),
        format!("data_dir = {:?}\n", from_file.to_str().unwrap()),
    )
    .unwrap();
    let run = |env: Option<&std::path::Path>| {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_closer"));
        cmd.arg("migrate")
            .current_dir(dir.path())
            .env_remove("CLOSER_DATA_DIR");
        if let Some(p) = env {
            cmd.env("CLOSER_DATA_DIR", p);
        }
        assert!(cmd.output().unwrap().status.success());
    };
    run(None);
    assert!(from_file.join("closer.db").exists());
    run(Some(&from_env));
    assert!(from_env.join("closer.db").exists());
    std::fs::write(dir.path().join("closer.toml"), "colour = \"red\"\n").unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_closer"))
        .arg("migrate")
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("unknown setting `colour`"));
}

#[test]
fn commands_work_while_a_server_runs_on_the_same_database() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().to_str().unwrap();
    ok(&["demo", "--data-dir", d]);
    let (mut server, _port) = serve(d, None);
    let out = ok(&[
        "user",
        "add",
        "--tenant",
        "demo",
        "--email",
        "late@demo.example.com",
        "--name",
        "Late",
        "--role",
        "sales_rep",
        "--password",
        "secret-pass-3",
        "--data-dir",
        d,
    ]);
    assert!(out.contains("Added"));
    let backup = dir.path().join("live.backup");
    ok(&["backup", backup.to_str().unwrap(), "--data-dir", d]);
    ok(&["migrate", "--data-dir", d]);
    server.kill().unwrap();
    let _ = server.wait();
    let restored = dir.path().join("restored");
    let out = ok(&[
        "restore",
        backup.to_str().unwrap(),
        "--data-dir",
        restored.to_str().unwrap(),
    ]);
    assert!(out.contains("Restored"));
    let again = closer(&[
        "user",
        "add",
        "--tenant",
        "demo",
        "--email",
        "late@demo.example.com",
        "--name",
        "Late",
        "--role",
        "sales_rep",
        "--password",
        "secret-pass-3",
        "--data-dir",
        restored.to_str().unwrap(),
    ]);
    assert!(
        !again.status.success(),
        "the user added while serving is in the backup"
    );
}

#[test]
fn import_and_export_leads() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().to_str().unwrap();
    ok(&[
        "tenant",
        "create",
        "--slug",
        "acme",
        "--name",
        "Acme",
        "--admin-email",
        "boss@acme.example.com",
        "--admin-password",
        "secret-pass-1",
        "--data-dir",
        d,
    ]);
    let fixture = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../server/tests/fixtures/imports/leads_gbk.csv");
    let out = ok(&[
        "import",
        "leads",
        fixture.to_str().unwrap(),
        "--tenant",
        "acme",
        "--keep-good-rows",
        "--data-dir",
        d,
    ]);
    assert!(out.contains("\"imported\""), "{out}");
    let exported = dir.path().join("leads.csv");
    ok(&[
        "export",
        "leads",
        "--tenant",
        "acme",
        "--out",
        exported.to_str().unwrap(),
        "--data-dir",
        d,
    ]);
    let text = std::fs::read_to_string(&exported).unwrap();
    assert!(text.contains("company_name"), "{text}");
    // The --out file's extension picks the format; the workbook imports back.
    let book = dir.path().join("leads.xlsx");
    ok(&[
        "export",
        "leads",
        "--tenant",
        "acme",
        "--out",
        book.to_str().unwrap(),
        "--data-dir",
        d,
    ]);
    assert!(std::fs::read(&book).unwrap().starts_with(b"PK"));
    let again = ok(&[
        "import",
        "leads",
        book.to_str().unwrap(),
        "--tenant",
        "acme",
        "--keep-good-rows",
        "--data-dir",
        d,
    ]);
    assert!(again.contains("\"warnings\""), "{again}");
    let wrong = closer(&[
        "export",
        "leads",
        "--tenant",
        "acme",
        "--format",
        "pdf",
        "--data-dir",
        d,
    ]);
    assert!(!wrong.status.success());
    let bad = closer(&[
        "import",
        "rockets",
        fixture.to_str().unwrap(),
        "--tenant",
        "acme",
        "--data-dir",
        d,
    ]);
    assert!(!bad.status.success());
}

#[test]
fn the_server_keeps_uploads_under_its_data_dir() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let d = data.to_str().unwrap();
    ok(&[
        "tenant",
        "create",
        "--slug",
        "acme",
        "--name",
        "Acme",
        "--admin-email",
        "boss@acme.example.com",
        "--admin-password",
        "secret-pass-1",
        "--data-dir",
        d,
    ]);
    let elsewhere = tempfile::tempdir().unwrap();
    let (mut server, port) = serve(d, Some(elsewhere.path()));
    // Sign in and upload with curl-free plain HTTP: a tiny client over TcpStream is enough.
    let request = |req: String| {
        use std::io::{Read, Write};
        let mut s = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
        s.write_all(req.as_bytes()).unwrap();
        let mut out = String::new();
        s.read_to_string(&mut out).unwrap();
        out
    };
    let login = r#"{"tenant":"acme","email":"boss@acme.example.com","password":"secret-pass-1"}"#;
    let answer = request(format!(
        "POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{login}",
        login.len()
    ));
    let cookie = answer
        .lines()
        .find_map(|l| l.strip_prefix("set-cookie: "))
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_owned();
    let csrf = answer
        .split("\"csrf_token\":\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_owned();
    let body = "公司名称\n上传测试公司\n";
    let answer = request(format!(
        "POST /api/v1/leads/imports HTTP/1.1\r\nHost: x\r\nCookie: {cookie}\r\nX-CSRF-Token: {csrf}\r\nContent-Type: application/octet-stream\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    ));
    server.kill().unwrap();
    let _ = server.wait();
    assert!(answer.starts_with("HTTP/1.1 201"), "{answer}");
    assert!(
        data.join("files/imports").exists(),
        "uploads live under --data-dir"
    );
    assert!(
        !elsewhere.path().join("closer-data").exists(),
        "nothing is written where the server was started"
    );
}

#[test]
fn documents_travel_in_the_backup_into_the_restored_documents_folder() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let d = data.to_str().unwrap();
    ok(&[
        "tenant",
        "create",
        "--slug",
        "acme",
        "--name",
        "Acme",
        "--admin-email",
        "boss@acme.example.com",
        "--admin-password",
        "secret-pass-1",
        "--data-dir",
        d,
    ]);
    // A document as the server keeps one: its row, and its bytes under data/files.
    let bytes: Vec<u8> = b"%PDF-1.7\n"
        .iter()
        .copied()
        .chain((0..300_000u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 24) as u8))
        .collect();
    let url = format!("sqlite://{}?mode=rwc", data.join("closer.db").display());
    let storage_path = tokio::runtime::Runtime::new().unwrap().block_on(async {
        use closer_store::entity::document;
        let store = closer_store::Store::connect(&url).await.unwrap();
        let tenant = store.tenant_by_slug("acme").await.unwrap();
        let ts = store.tenant(tenant.tenant_id);
        let admin = ts
            .users(&Default::default(), None, 10)
            .await
            .unwrap()
            .items
            .remove(0);
        let now = closer_store::now();
        let c = ts
            .create_customer(
                admin.id,
                closer_store::customers::records::blank_customer(
                    tenant.tenant_id,
                    "客户".into(),
                    Some(admin.id),
                    now,
                ),
            )
            .await
            .unwrap();
        let id = closer_domain::ids::new_id();
        let storage_path = closer_store::activities::documents::storage_path(tenant.tenant_id, id);
        let path = data.join("files").join(&storage_path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, &bytes).unwrap();
        use sha2::Digest;
        ts.create_document(document::Model {
            tenant_id: tenant.tenant_id,
            id,
            customer_id: Some(c.id),
            opportunity_id: None,
            name: "合同.pdf".into(),
            content_type: "application/pdf".into(),
            kind: "pdf".into(),
            size_bytes: i64::try_from(bytes.len()).unwrap(),
            sha256: hex::encode(sha2::Sha256::digest(&bytes)),
            storage_path: storage_path.clone(),
            uploaded_by: admin.id,
            created_at: now,
            updated_at: now,
            version: 1,
        })
        .await
        .unwrap();
        storage_path
    });
    let backup = dir.path().join("acme.backup");
    let out = ok(&["backup", backup.to_str().unwrap(), "--data-dir", d]);
    assert!(out.contains("1 document files"), "{out}");
    let other = dir.path().join("other");
    let docs = dir.path().join("elsewhere/documents");
    let out = ok(&[
        "restore",
        backup.to_str().unwrap(),
        "--data-dir",
        other.to_str().unwrap(),
        "--documents-dir",
        docs.to_str().unwrap(),
    ]);
    assert!(out.contains("1 document files"), "{out}");
    let restored = std::fs::read(docs.join(&storage_path)).unwrap();
    assert!(
        restored == bytes,
        "identical bytes in the configured folder"
    );

    // A backup that fails (the document's file is gone) leaves nothing at the target path,
    // and the earlier good backup there is untouched (issue 11).
    let good = std::fs::read(&backup).unwrap();
    std::fs::remove_file(dir.path().join("data/files").join(&storage_path)).unwrap();
    let out = closer(&["backup", backup.to_str().unwrap(), "--data-dir", d]);
    assert!(!out.status.success(), "a backup missing a file fails");
    assert!(
        std::fs::read(&backup).unwrap() == good,
        "the good backup is kept"
    );
    let fresh = dir.path().join("never.backup");
    let out = closer(&["backup", fresh.to_str().unwrap(), "--data-dir", d]);
    assert!(!out.status.success());
    assert!(!fresh.exists(), "no file where the failed backup was to go");
    assert_eq!(
        std::fs::read_dir(dir.path())
            .unwrap()
            .filter_map(Result::ok)
            .filter(|e| e.file_name().to_string_lossy().ends_with(".partial"))
            .count(),
        0,
        "no partial file left behind"
    );
    // A truncated backup is refused with a clear message and restores nothing.
    let cut = dir.path().join("cut.backup");
    std::fs::write(&cut, &good[..good.len() / 2]).unwrap();
    let empty = dir.path().join("empty");
    let out = closer(&[
        "restore",
        cut.to_str().unwrap(),
        "--data-dir",
        empty.to_str().unwrap(),
    ]);
    assert!(!out.status.success());
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(
        said.contains("damaged") || said.contains("incomplete"),
        "{said}"
    );
}

/// `CLOSER_SECURE_COOKIES` takes the usual spellings of yes and no; a word that is neither
/// is refused in one line (issue 11).
#[test]
fn secure_cookies_take_the_usual_boolean_spellings() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().to_str().unwrap();
    let made = closer(&[
        "tenant",
        "create",
        "--slug",
        "cookie",
        "--name",
        "Cookie Ltd",
        "--admin-email",
        "admin@cookie.example.com",
        "--admin-password",
        "a long password 1",
        "--data-dir",
        d,
    ]);
    assert!(
        made.status.success(),
        "{}",
        String::from_utf8_lossy(&made.stderr)
    );
    // The session cookie of a sign-in, as the server sets it.
    let cookie_of = |port: u16| {
        use std::io::{Read, Write};
        let body = r#"{"tenant":"cookie","email":"admin@cookie.example.com","password":"a long password 1"}"#;
        let mut stream = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
        write!(
            stream,
            "POST /api/v1/auth/login HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        )
        .unwrap();
        let mut answer = String::new();
        stream.read_to_string(&mut answer).unwrap();
        answer
            .lines()
            .find(|l| l.to_ascii_lowercase().starts_with("set-cookie:"))
            .unwrap_or_else(|| panic!("no cookie: {answer}"))
            .to_owned()
    };
    for value in ["1", "yes", "true", "on", "0", "no", "false", "off"] {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let mut server = Command::new(env!("CARGO_BIN_EXE_closer"))
            .args([
                "serve",
                "--addr",
                &format!("127.0.0.1:{port}"),
                "--data-dir",
                d,
            ])
            .env("CLOSER_SECURE_COOKIES", value)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
        loop {
            if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
                break;
            }
            assert!(
                server.try_wait().unwrap().is_none(),
                "CLOSER_SECURE_COOKIES={value} stopped the server"
            );
            assert!(
                std::time::Instant::now() < deadline,
                "no answer with {value}"
            );
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        let cookie = cookie_of(port);
        let secure = cookie.to_ascii_lowercase().contains("; secure");
        assert_eq!(
            secure,
            ["1", "yes", "true", "on"].contains(&value),
            "CLOSER_SECURE_COOKIES={value}: {cookie}"
        );
        server.kill().unwrap();
        server.wait().unwrap();
    }
    let out = Command::new(env!("CARGO_BIN_EXE_closer"))
        .args(["serve", "--addr", "127.0.0.1:0", "--data-dir", d])
        .env("CLOSER_SECURE_COOKIES", "maybe")
        .output()
        .unwrap();
    assert!(!out.status.success());
}

#[test]
fn a_tenant_keeps_its_accounts_in_the_currency_it_was_created_with() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().to_str().unwrap();
    let create = |slug: &str, currency: &str| {
        closer(&[
            "tenant",
            "create",
            "--slug",
            slug,
            "--name",
            "Acme",
            "--admin-email",
            "a@acme.example.com",
            "--admin-password",
            "secret-pass",
            "--currency",
            currency,
            "--data-dir",
            d,
        ])
    };
    let wrong = create("acme", "XYZ");
    assert!(!wrong.status.success());
    let err = String::from_utf8_lossy(&wrong.stderr);
    assert!(
        err.contains("--currency") && err.contains("USD"),
        "names the ones allowed: {err}"
    );
    assert!(create("acme", "usd").status.success());
    let rt = tokio::runtime::Runtime::new().unwrap();
    let currency = rt.block_on(async {
        let store = closer_store::Store::connect(&format!("sqlite://{d}/closer.db?mode=rwc"))
            .await
            .unwrap();
        store.tenant_by_slug("acme").await.unwrap().currency
    });
    assert_eq!(currency, "USD");
}
