//! `closer`: the server and the operator's tool.

mod demo;

use std::{net::SocketAddr, path::PathBuf, process::ExitCode};

use anyhow::{anyhow, bail, Context, Result};
use clap::{Args, Parser, Subcommand};
use closer_domain::text::{EmailAddress, Language, Name, NewPassword, TenantSlug};
use closer_server::{AppState, ServerConfig};
use closer_store::{tenants::NewTenant, Store};

#[derive(Parser)]
#[command(name = "closer", version, about = "Closer — a leads-to-cash CRM")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

/// Where the data lives; every command takes these after its name.
#[derive(Args, Clone)]
struct DataArgs {
    /// Folder for the SQLite database and files.
    #[arg(long, env = "CLOSER_DATA_DIR", default_value = "./closer-data")]
    data_dir: PathBuf,
    /// `postgres://…` to run on PostgreSQL instead of SQLite.
    #[arg(long, env = "CLOSER_DATABASE_URL")]
    database_url: Option<String>,
    /// Folder for uploaded documents, when not the data folder's `files`.
    #[arg(long, env = "CLOSER_DOCUMENTS_DIR")]
    documents_dir: Option<PathBuf>,
}

impl DataArgs {
    /// Where uploaded documents live.
    fn documents_root(&self) -> PathBuf {
        self.documents_dir
            .clone()
            .unwrap_or_else(|| self.data_dir.join("files"))
    }

    /// The server's settings for this data folder.
    fn server_config(&self) -> ServerConfig {
        ServerConfig {
            files_dir: self.data_dir.join("files"),
            documents_dir: self.documents_dir.clone(),
            ..ServerConfig::default()
        }
    }
}

#[derive(Subcommand)]
enum Command {
    /// Run the server.
    Serve {
        #[command(flatten)]
        data: DataArgs,
        #[arg(long, env = "CLOSER_ADDR", default_value = "127.0.0.1:8080")]
        addr: SocketAddr,
        /// Create the demo tenant if it is missing.
        #[arg(long)]
        demo: bool,
        /// Mark session cookies Secure (when served over HTTPS).
        /// Also from `CLOSER_SECURE_COOKIES`: 1/0, true/false, yes/no, on/off.
        #[arg(long, env = "CLOSER_SECURE_COOKIES", action = clap::ArgAction::SetTrue,
              value_parser = clap::builder::BoolishValueParser::new())]
        secure_cookies: bool,
        /// Reverse proxies in front of the server that append to `X-Forwarded-For` (0: none,
        /// the header is ignored). Also from `CLOSER_TRUSTED_PROXY_HOPS`.
        #[arg(long, env = "CLOSER_TRUSTED_PROXY_HOPS", default_value_t = 0)]
        trusted_proxy_hops: usize,
        /// Networks webhook deliveries may reach: `any` (default; one company's server may
        /// call its intranet) or `public` (a server shared by companies: no loopback or
        /// private addresses). Cloud metadata and link-local addresses are never called.
        /// Also from `CLOSER_WEBHOOK_NETWORKS`.
        #[arg(long, env = "CLOSER_WEBHOOK_NETWORKS", default_value = "any")]
        webhook_networks: closer_server::platform::outbound::WebhookNetworks,
    },
    /// Bring the schema up to date and exit.
    Migrate {
        #[command(flatten)]
        data: DataArgs,
    },
    /// Fill the search box's text index again from the records (SQLite, after a VACUUM).
    ReindexSearch {
        #[command(flatten)]
        data: DataArgs,
    },
    /// Tenants (companies).
    Tenant {
        #[command(subcommand)]
        command: TenantCommand,
    },
    /// Users.
    User {
        #[command(subcommand)]
        command: UserCommand,
    },
    /// Load realistic demo data into a new tenant.
    Demo {
        #[command(flatten)]
        data: DataArgs,
        #[arg(long, default_value = "demo")]
        tenant: String,
        #[arg(long, default_value = "small", value_parser = ["small", "large"])]
        size: String,
    },
    /// Scheduled jobs.
    Jobs {
        #[command(subcommand)]
        command: JobsCommand,
    },
    /// Import records from a CSV or XLSX file (KIND: leads, customers, contacts,
    /// opportunities).
    Import {
        kind: String,
        file: PathBuf,
        /// The tenant to import into (its first administrator is recorded as the importer).
        #[arg(long, default_value = "demo")]
        tenant: String,
        /// Import the good rows even when some are rejected (else all or nothing).
        #[arg(long)]
        keep_good_rows: bool,
        #[command(flatten)]
        data: DataArgs,
    },
    /// Export records as CSV or XLSX to standard output or --out (KIND: leads, customers,
    /// contacts, opportunities).
    Export {
        kind: String,
        #[arg(long, default_value = "demo")]
        tenant: String,
        #[arg(long)]
        out: Option<PathBuf>,
        /// csv or xlsx; by default the --out file's extension, else csv.
        #[arg(long)]
        format: Option<String>,
        #[command(flatten)]
        data: DataArgs,
    },
    /// Write a transaction-consistent copy of the whole database to FILE.
    Backup {
        file: PathBuf,
        #[command(flatten)]
        data: DataArgs,
    },
    /// Load a backup FILE into an empty database (SQLite or PostgreSQL).
    Restore {
        file: PathBuf,
        #[command(flatten)]
        data: DataArgs,
    },
}

#[derive(Subcommand)]
enum TenantCommand {
    /// A new tenant with its administrator and every default.
    Create {
        #[arg(long)]
        slug: String,
        #[arg(long)]
        name: String,
        #[arg(long)]
        admin_email: String,
        #[arg(long)]
        admin_password: String,
        #[arg(long, default_value = "zh-CN")]
        language: String,
        /// The currency of all the tenant's money: CNY, USD, EUR, HKD or JPY.
        #[arg(long, default_value = "CNY")]
        currency: String,
        #[command(flatten)]
        data: DataArgs,
    },
}

#[derive(Subcommand)]
enum UserCommand {
    /// Add a user to a tenant.
    Add {
        #[arg(long)]
        tenant: String,
        #[arg(long)]
        email: String,
        #[arg(long)]
        name: String,
        /// Role key: admin, sales_manager, sales_rep, finance, marketing, or a custom one.
        #[arg(long)]
        role: String,
        #[arg(long)]
        password: String,
        #[command(flatten)]
        data: DataArgs,
    },
}

#[derive(Subcommand)]
enum JobsCommand {
    /// Run a scheduled job at once, as if the time were --now.
    Run {
        name: String,
        #[arg(long)]
        now: Option<String>,
        #[command(flatten)]
        data: DataArgs,
    },
    /// Name the scheduled jobs.
    List {
        #[command(flatten)]
        data: DataArgs,
    },
}

/// Settings from `closer.toml` (in the working folder, or the file `CLOSER_CONFIG` names)
/// become `CLOSER_*` variables unless those are set already: defaults, then the file, then
/// the environment, then the command's own flags.
fn load_config_file() -> Result<()> {
    let path = std::env::var("CLOSER_CONFIG").unwrap_or_else(|_| "closer.toml".into());
    let Ok(text) = std::fs::read_to_string(&path) else {
        return Ok(());
    };
    let table: toml::Table =
        toml::from_str(&text).with_context(|| format!("{path} is not valid TOML"))?;
    for (key, value) in table {
        let var = match key.as_str() {
            "data_dir" | "database_url" | "documents_dir" | "addr" | "secure_cookies" | "trusted_proxy_hops" | "webhook_networks" | "log" => format!("CLOSER_{}", key.to_uppercase()),
            other => bail!("{path}: unknown setting `{other}` (known: data_dir, database_url, documents_dir, addr, secure_cookies, trusted_proxy_hops, webhook_networks, log)"),
        };
        let text = match value {
            toml::Value::String(s) => s,
            other => other.to_string(),
        };
        if std::env::var_os(&var).is_none() {
            std::env::set_var(var, text);
        }
    }
    Ok(())
}

fn main() -> ExitCode {
    if let Err(e) = load_config_file() {
        eprintln!("closer: {e:#}");
        return ExitCode::FAILURE;
    }
    let cli = Cli::parse();
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("CLOSER_LOG").unwrap_or_else(|_| {
                tracing_subscriber::EnvFilter::new("info,sqlx=warn,sea_orm=warn")
            }),
        )
        .with_writer(std::io::stderr)
        .init();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("closer: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(cli)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("closer: {e:#}");
            ExitCode::FAILURE
        }
    }
}

/// Opens the database named by the arguments, creating the data folder and migrating first.
async fn open(data: &DataArgs) -> Result<Store> {
    let url = match &data.database_url {
        Some(url) => url.clone(),
        None => {
            std::fs::create_dir_all(&data.data_dir)
                .with_context(|| format!("cannot create {}", data.data_dir.display()))?;
            format!(
                "sqlite://{}?mode=rwc",
                data.data_dir.join("closer.db").display()
            )
        }
    };
    if !url.starts_with("sqlite:") {
        std::fs::create_dir_all(&data.data_dir)
            .with_context(|| format!("cannot create {}", data.data_dir.display()))?;
    }
    let store = Store::connect(&url)
        .await
        .map_err(|e| anyhow!("cannot open the database: {e}"))?;
    store
        .migrate()
        .await
        .map_err(|e| anyhow!("migration failed: {e}"))?;
    Ok(store)
}

/// A tenant by slug, and its first administrator.
async fn tenant_admin(store: &Store, slug: &str) -> Result<(uuid::Uuid, uuid::Uuid)> {
    let tenant = store
        .tenant_by_slug(slug)
        .await
        .map_err(|_| anyhow!("--tenant: no tenant is called {slug}"))?;
    let ts = store.tenant(tenant.tenant_id);
    let role = ts.role_by_key("admin").await.map_err(|e| anyhow!("{e}"))?;
    let filter = closer_store::org::directory::UserFilter {
        active: Some(true),
        ..Default::default()
    };
    let admin = ts
        .users(&filter, None, 10_000)
        .await
        .map_err(|e| anyhow!("{e}"))?
        .items
        .into_iter()
        .find(|u| u.role_id == role.id)
        .ok_or_else(|| anyhow!("tenant {slug} has no active administrator"))?;
    Ok((tenant.tenant_id, admin.id))
}

fn arg<T>(what: &str, parsed: Result<T, closer_domain::InvalidValue>) -> Result<T> {
    parsed.map_err(|e| anyhow!("--{what}: {e}"))
}

async fn run(cli: Cli) -> Result<()> {
    match cli.command {
        Command::Serve {
            data,
            addr,
            demo,
            secure_cookies,
            trusted_proxy_hops,
            webhook_networks,
        } => {
            let store = open(&data).await?;
            if demo {
                demo::ensure(&store, "demo", &data.documents_root()).await?;
            }
            let config = ServerConfig {
                secure_cookies,
                trusted_proxy_hops,
                webhook_networks,
                ..data.server_config()
            };
            let mut state = AppState::new(store, config);
            // Reports, dashboards, exports and search read from a streaming replica when
            // one is named; writes stay on the primary.
            if let Some(url) = std::env::var("CLOSER_READ_DATABASE_URL")
                .ok()
                .filter(|u| !u.trim().is_empty())
            {
                let replica = closer_store::Store::connect(&url)
                    .await
                    .map_err(|e| anyhow!("cannot open the read replica: {e}"))?;
                state = state.with_reports(replica);
                println!(
                    "Reports read from the replica at {}",
                    url.split('@').next_back().unwrap_or("")
                );
            }
            let listener = tokio::net::TcpListener::bind(addr)
                .await
                .with_context(|| format!("cannot listen on {addr}"))?;
            let (tx, rx) = tokio::sync::watch::channel(false);
            tokio::spawn(async move {
                let _ = tokio::signal::ctrl_c().await;
                let _ = tx.send(true);
            });
            println!("Closer is serving on http://{addr}");
            if demo {
                println!(
                    "Sign in to the demo: company code `demo`, e-mail `{}`, password `{}`",
                    demo::ADMIN_EMAIL,
                    demo::PASSWORD
                );
            }
            closer_server::serve(state, listener, rx).await?;
            Ok(())
        }
        Command::Migrate { data } => {
            open(&data).await?;
            println!("The schema is up to date.");
            Ok(())
        }
        Command::ReindexSearch { data } => {
            open(&data).await?.reindex_search().await?;
            println!("The search index is filled again.");
            Ok(())
        }
        Command::Tenant {
            command:
                TenantCommand::Create {
                    slug,
                    name,
                    admin_email,
                    admin_password,
                    language,
                    currency,
                    data,
                },
        } => {
            let currency = closer_domain::money::Currency::parse(&currency).map_err(|_| {
                anyhow!("--currency: {currency} is not one of CNY, USD, EUR, HKD, JPY")
            })?;
            let slug = arg("slug", TenantSlug::parse(&slug))?;
            let name = arg("name", Name::parse(&name))?;
            let email = arg("admin-email", EmailAddress::parse(&admin_email))?;
            let password = arg("admin-password", NewPassword::parse(&admin_password))?;
            let language = arg("language", Language::parse(&language))?;
            let store = open(&data).await?;
            let hash = closer_server::org::passwords::hash_password(&password)
                .map_err(|_| anyhow!("cannot hash the password"))?;
            let created = store
                .create_tenant(NewTenant {
                    slug: slug.as_str().to_owned(),
                    name: name.as_str().to_owned(),
                    admin_email: email.to_string(),
                    admin_name: if language == Language::EnUs {
                        "Administrator".into()
                    } else {
                        "管理员".into()
                    },
                    admin_password_hash: hash,
                    language: language.tag().to_owned(),
                    currency: currency.code().to_owned(),
                })
                .await
                .map_err(|e| anyhow!("cannot create the tenant: {e}"))?;
            println!(
                "Created tenant {} ({}) with administrator {}",
                created.tenant.slug, created.tenant.tenant_id, created.admin.email
            );
            Ok(())
        }
        Command::User {
            command:
                UserCommand::Add {
                    tenant,
                    email,
                    name,
                    role,
                    password,
                    data,
                },
        } => {
            let slug = arg("tenant", TenantSlug::parse(&tenant))?;
            let email = arg("email", EmailAddress::parse(&email))?;
            let name = arg("name", Name::parse(&name))?;
            let password = arg("password", NewPassword::parse(&password))?;
            let store = open(&data).await?;
            let tenant = store
                .tenant_by_slug(slug.as_str())
                .await
                .map_err(|_| anyhow!("--tenant: no tenant is called {}", slug.as_str()))?;
            let ts = store.tenant(tenant.tenant_id);
            let role = ts
                .role_by_key(&role)
                .await
                .map_err(|_| anyhow!("--role: no role is called {role}"))?;
            let hash = closer_server::org::passwords::hash_password(&password)
                .map_err(|_| anyhow!("cannot hash the password"))?;
            let user = ts
                .create_user(
                    None,
                    email.to_string(),
                    name.into_string(),
                    hash,
                    role.id,
                    None,
                    None,
                )
                .await
                .map_err(|e| anyhow!("cannot add the user: {e}"))?;
            println!("Added {} ({}) as {}", user.email, user.id, role.key);
            Ok(())
        }
        Command::Demo { data, tenant, size } => {
            let store = open(&data).await?;
            if store.tenant_by_slug(&tenant).await.is_ok() {
                bail!(
                    "tenant {tenant} already exists and has data; demo data goes into a new tenant"
                );
            }
            demo::create(&store, &tenant, &size, &data.documents_root()).await?;
            println!(
                "Loaded demo data into tenant {tenant}. Sign in with `{}` / `{}`.",
                demo::ADMIN_EMAIL,
                demo::PASSWORD
            );
            Ok(())
        }
        Command::Jobs {
            command: JobsCommand::List { data },
        } => {
            // Like every command: the data folder exists and the schema is current.
            open(&data).await?;
            for job in closer_server::job_kinds::all().scheduled {
                println!(
                    "{:<20} every {:>6}s  {}",
                    job.name,
                    job.every.as_secs(),
                    job.description
                );
            }
            Ok(())
        }
        Command::Jobs {
            command: JobsCommand::Run { name, now, data },
        } => {
            let now = match now {
                Some(t) => chrono::DateTime::parse_from_rfc3339(&t)
                    .map_err(|_| anyhow!("--now: not an RFC 3339 instant: {t}"))?
                    .with_timezone(&chrono::Utc),
                None => closer_store::now(),
            };
            if !closer_server::job_kinds::all()
                .scheduled
                .iter()
                .any(|j| j.name == name)
            {
                bail!("no scheduled job is named {name} (see `closer jobs list`)");
            }
            let store = open(&data).await?;
            let state = AppState::new(store, data.server_config());
            let result = closer_server::platform::jobs::run_scheduled(&state, &name, now)
                .await
                .map_err(|e| anyhow!("{name} failed: {e}"))?;
            println!(
                "{name} ran as of {now}: {}",
                result.unwrap_or(serde_json::Value::Null)
            );
            Ok(())
        }
        Command::Import {
            kind,
            file,
            tenant,
            keep_good_rows,
            data,
        } => {
            const KINDS: [&str; 4] = ["leads", "customers", "contacts", "opportunities"];
            if !KINDS.contains(&kind.as_str()) {
                bail!("cannot import {kind}: KIND is one of {}", KINDS.join(", "));
            }
            let store = open(&data).await?;
            let (tenant, admin) = tenant_admin(&store, &tenant).await?;
            let state = AppState::new(store, data.server_config());
            let outcome = if kind == "customers" || kind == "contacts" {
                closer_server::customers::imports::import_now(
                    &state,
                    tenant,
                    admin,
                    &kind,
                    &file,
                    keep_good_rows,
                )
                .await
            } else if kind == "leads" {
                closer_server::leads::imports::import_now(
                    &state,
                    tenant,
                    admin,
                    &file,
                    keep_good_rows,
                )
                .await
            } else {
                closer_server::opportunities::import_job::import_now(
                    &state,
                    tenant,
                    admin,
                    &file,
                    keep_good_rows,
                )
                .await
            }
            .map_err(|e| anyhow!("import failed: {e}"))?;
            println!("{outcome}");
            if outcome["imported"] == 0 && outcome["rejected"].as_i64().unwrap_or(0) > 0 {
                bail!("rows were rejected, so nothing was imported (all or nothing; --keep-good-rows imports the rest)");
            }
            Ok(())
        }
        Command::Export {
            kind,
            tenant,
            out,
            format,
            data,
        } => {
            const KINDS: [&str; 4] = ["leads", "customers", "contacts", "opportunities"];
            if !KINDS.contains(&kind.as_str()) {
                bail!("cannot export {kind}: KIND is one of {}", KINDS.join(", "));
            }
            let format = format
                .or_else(|| {
                    out.as_ref()
                        .and_then(|p| p.extension())
                        .and_then(|e| e.to_str())
                        .map(str::to_lowercase)
                })
                .unwrap_or_else(|| "csv".into());
            if format != "csv" && format != "xlsx" {
                bail!("--format must be csv or xlsx, not {format}");
            }
            let store = open(&data).await?;
            let (tenant, _) = tenant_admin(&store, &tenant).await?;
            let ts = store.tenant(tenant);
            let failed =
                |e: closer_server::platform::error::ApiError| anyhow!("export failed: {}", e.code);
            let bytes = match kind.as_str() {
                "leads" => closer_server::leads::list::export_leads(
                    &ts,
                    &closer_store::leads::records::LeadFilter {
                        include_pool: true,
                        ..Default::default()
                    },
                    closer_server::leads::list::ExportFormat::parse(&format)
                        .ok_or_else(|| anyhow!("--format must be csv or xlsx"))?,
                )
                .await
                .map_err(failed)?,
                "customers" => {
                    let mut rows = Vec::new();
                    for in_pool in [false, true] {
                        let filter = closer_store::customers::records::CustomerFilter {
                            in_pool,
                            ..Default::default()
                        };
                        rows.extend(
                            closer_server::customers::export::customer_rows(&ts, &filter)
                                .await
                                .map_err(failed)?,
                        );
                    }
                    closer_server::platform::export::table_bytes(
                        &format,
                        "customers",
                        &closer_server::customers::export::CUSTOMER_COLUMNS,
                        rows,
                    )
                    .map_err(failed)?
                }
                "contacts" => closer_server::platform::export::table_bytes(
                    &format,
                    "contacts",
                    &closer_server::customers::export::CONTACT_COLUMNS,
                    closer_server::customers::export::contact_rows(&ts, None, None)
                        .await
                        .map_err(failed)?,
                )
                .map_err(failed)?,
                _ => {
                    let time_zone = store
                        .tenant_by_id(tenant)
                        .await
                        .map(|t| t.time_zone)
                        .unwrap_or_else(|_| "Asia/Shanghai".into());
                    closer_server::platform::export::table_bytes(
                        &format,
                        "opportunities",
                        &closer_server::opportunities::export::OPPORTUNITY_COLUMNS,
                        closer_server::opportunities::export::opportunity_rows(
                            &ts,
                            &closer_server::opportunities::export::OpportunityExport {
                                filter: &closer_store::opportunities::records::ForecastFilter::default(),
                                customer: None,
                                q: None,
                                sort: closer_store::platform::page::Sort::default(),
                            },
                            &time_zone,
                        )
                        .await
                        .map_err(failed)?,
                    )
                    .map_err(failed)?
                }
            };
            match out {
                Some(path) => std::fs::write(&path, bytes)
                    .with_context(|| format!("cannot write {}", path.display()))?,
                None => std::io::Write::write_all(&mut std::io::stdout(), &bytes)?,
            }
            Ok(())
        }
        Command::Backup { file, data } => {
            let store = open(&data).await?;
            // Written beside the target and renamed once whole, so a failed backup never
            // leaves a file that looks like one.
            let partial = file.with_file_name(format!(
                ".{}.partial",
                file.file_name()
                    .map_or_else(|| "backup".into(), |n| n.to_string_lossy().into_owned())
            ));
            let out = std::fs::File::create(&partial)
                .with_context(|| format!("cannot write {}", partial.display()))?;
            let written = store
                .backup(
                    std::io::BufWriter::new(out),
                    data.server_config().document_files(),
                )
                .await;
            let summary = match written {
                Ok(summary) => {
                    std::fs::rename(&partial, &file)
                        .with_context(|| format!("cannot write {}", file.display()))?;
                    summary
                }
                Err(e) => {
                    let _ = std::fs::remove_file(&partial);
                    bail!("backup failed: {e}");
                }
            };
            println!(
                "Wrote {} ({} rows in {} tables, {} document files)",
                file.display(),
                summary.rows(),
                summary.tables.len(),
                summary.files
            );
            Ok(())
        }
        Command::Restore { file, data } => {
            let input = std::fs::File::open(&file)
                .with_context(|| format!("cannot read {}", file.display()))?;
            let store = open(&data).await?;
            let summary = store
                .restore(input, data.server_config().document_files())
                .await
                .map_err(|e| anyhow!("restore failed: {e}"))?;
            println!(
                "Restored {} rows and {} document files from {}",
                summary.rows(),
                summary.files,
                file.display()
            );
            Ok(())
        }
    }
}
