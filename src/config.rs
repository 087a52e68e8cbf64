//! Where the data lives, and logging.

use std::path::PathBuf;

/// The data directory: $XANH_DATA_DIR, else $XDG_DATA_HOME/xanh, else ~/.local/share/xanh.
pub fn data_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("XANH_DATA_DIR") {
        return PathBuf::from(dir);
    }
    if let Some(dir) = std::env::var_os("XDG_DATA_HOME") {
        return PathBuf::from(dir).join("xanh");
    }
    match std::env::var_os("HOME") {
        Some(home) => PathBuf::from(home).join(".local/share/xanh"),
        None => PathBuf::from("xanh-data"),
    }
}

/// The database URL: as given, or the SQLite file in the data directory.
pub fn database_url(given: Option<String>) -> String {
    given
        .filter(|u| !u.trim().is_empty())
        .unwrap_or_else(|| xanh_store::sqlite_url(&data_dir().join("xanh.db")))
}

/// Logs go to standard error: readable lines, or with `XANH_LOG_FORMAT=json`
/// one JSON object per line (for a log collector), each carrying the fields of
/// the request it belongs to (`request_id`, method, path).
pub fn init_logging(verbose: u8) {
    let default = match verbose {
        0 => "warn,xanh=info,xanh_web=info",
        1 => "info,xanh=debug,xanh_web=debug",
        _ => "debug",
    };
    let filter = tracing_subscriber::EnvFilter::try_from_env("XANH_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(default));
    let json = std::env::var("XANH_LOG_FORMAT").is_ok_and(|f| f.eq_ignore_ascii_case("json"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    if json {
        builder
            .json()
            .with_current_span(true)
            .with_span_list(false)
            .init();
    } else {
        builder.init();
    }
}
