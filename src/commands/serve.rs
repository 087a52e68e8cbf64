//! `xanh serve`.

use super::BUILTIN_FRAMEWORKS;
use crate::cli::ServeArgs;
use anyhow::Context;
use std::process::ExitCode;
use xanh_store::Store;

pub async fn run(url: &str, args: ServeArgs) -> anyhow::Result<ExitCode> {
    let store = Store::connect(url).await.context("opening the database")?;
    load_builtin_on_first_run(&store).await?;
    if args.demo && !store.is_demo().await? {
        match crate::demo::load(&store).await {
            Ok(loaded) => print_demo(&loaded),
            Err(e) => eprintln!("Không nạp được dữ liệu mẫu / sample data not loaded: {e:#}"),
        }
    }
    let listener = tokio::net::TcpListener::bind(args.addr)
        .await
        .with_context(|| format!("listening on {}", args.addr))?;
    let addr = listener.local_addr()?;
    tracing::info!(%addr, backend = ?store.backend(), "Xanh is serving");
    eprintln!("Xanh: http://{addr}/");
    let mut state = xanh_web::AppState::new(store.clone());
    state.settings.demo = store.is_demo().await?;
    state.web.secure_cookies = args.secure_cookies;
    state.web.session_idle_secs = args.session_minutes.max(1) * 60;
    if let (Some(key), Some(pass)) = (&args.signing_key, &args.signing_password_file) {
        let p12 = std::fs::read(key).with_context(|| {
            format!("đọc khóa ký số / reading the signing key {}", key.display())
        })?;
        let password = std::fs::read_to_string(pass)
            .with_context(|| format!("reading the passphrase file {}", pass.display()))?
            .trim_end_matches(['\r', '\n'])
            .to_string();
        // A timestamp is asked over plain HTTP (the token is signed by the
        // authority itself); an https:// address is refused here, at start.
        let tsa_url = match &args.tsa_url {
            Some(url) if url.starts_with("http://") && url.len() > "http://".len() => {
                Some(url.clone())
            }
            Some(url) => anyhow::bail!(
                "--tsa-url phải là địa chỉ http:// của tổ chức cấp dấu thời gian, không phải {url:?} / \
                 --tsa-url must be the http:// address of a time-stamping authority, not {url:?}"
            ),
            None => None,
        };
        state.settings.signing = Some(std::sync::Arc::new(xanh_app::SigningKey {
            p12,
            password,
            tsa_url,
        }));
        tracing::info!(key = %key.display(), "issued provincial reports will be signed");
    }
    state.settings.leader_signs_first = args.leader_signs_first;
    if let Some(read) = &args.read_database {
        if store.backend() != xanh_store::Backend::Postgres {
            anyhow::bail!(
                "--read-database cần cơ sở dữ liệu chính là PostgreSQL / --read-database needs PostgreSQL as the primary database"
            );
        }
        let replica = Store::replica(read).context("the read replica's URL")?;
        state.read_replica = Some(std::sync::Arc::new(xanh_web::replica::Replica::new(
            replica,
        )));
        tracing::info!("pages read without signing in are served from the read replica");
    }
    if let Some(roots) = &args.trust_roots {
        let pem = std::fs::read(roots)
            .with_context(|| format!("reading the trust list {}", roots.display()))?;
        let n = xanh_app::official::seal::check_trust_list(&pem).map_err(|e| {
            anyhow::anyhow!(
                "danh sách chứng thư gốc {} không đọc được / the trust list {} does not read: {e}",
                roots.display(),
                roots.display()
            )
        })?;
        tracing::info!(certificates = n, "trust list read");
        state.settings.trust_roots = Some(std::sync::Arc::new(pem));
    }
    match args.mail.settings() {
        Some(mail) => xanh_app::reminders::spawn(
            state.app.clone(),
            mail,
            std::time::Duration::from_secs(args.remind_every_minutes.max(1) * 60),
        ),
        None => tracing::info!("no mail server configured: reminders show only in the application"),
    }
    xanh_web::serve(listener, state, shutdown())
        .await
        .context("serving")?;
    store.close().await;
    Ok(ExitCode::SUCCESS)
}

/// A fresh database gets the official unit registry and the built-in
/// frameworks; one that has them is left as it is (an administrator imports
/// new ones with `xanh units import` and `xanh framework import`).
async fn load_builtin_on_first_run(store: &Store) -> anyhow::Result<()> {
    if store.admin_unit_counts().await?.is_empty() {
        // Built into the binary and checked by the tests: it cannot fail to parse
        // unless the binary itself is broken.
        let reg =
            xanh_core::admin_registry::parse(super::units::BUILTIN_REGISTRY).map_err(|p| {
                anyhow::anyhow!(
                    "the built-in unit registry is invalid: {}",
                    p.first().map(ToString::to_string).unwrap_or_default()
                )
            })?;
        let outcome = store.import_admin_registry(&reg).await?;
        tracing::info!(rows = outcome.added, "loaded the official unit registry");
    }
    if !store.frameworks().await?.is_empty() {
        return Ok(());
    }
    for text in BUILTIN_FRAMEWORKS {
        let loaded = xanh_core::framework::load(text).map_err(|problems| {
            anyhow::anyhow!(
                "a built-in framework is invalid: {}",
                problems
                    .first()
                    .map(ToString::to_string)
                    .unwrap_or_default()
            )
        })?;
        let outcome = store
            .import_framework(text, &loaded.framework, Some("built-in"))
            .await?;
        tracing::info!(
            framework = %loaded.framework.code,
            version = outcome.version(),
            "loaded a built-in framework"
        );
    }
    Ok(())
}

async fn shutdown() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! { () = ctrl_c => {}, () = term => {} }
}

/// `xanh demo`.
pub async fn demo(url: &str) -> anyhow::Result<ExitCode> {
    let store = Store::connect(url).await.context("opening the database")?;
    load_builtin_on_first_run(&store).await?;
    let loaded = crate::demo::load(&store).await?;
    print_demo(&loaded);
    store.close().await;
    Ok(ExitCode::SUCCESS)
}

fn print_demo(loaded: &crate::demo::Loaded) {
    eprintln!(
        "Đã nạp dữ liệu mẫu ({} báo cáo) / sample data loaded ({} reports).",
        loaded.reports, loaded.reports
    );
    eprintln!(
        "Tài khoản mẫu / sample accounts: {}",
        loaded.accounts.join(", ")
    );
    eprintln!("Mật khẩu chung / shared password: {}", loaded.password);
}
