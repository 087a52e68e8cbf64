//! The house's floors, as a newcomer reads them: the command line reaches the
//! web crate only to serve; the application layer knows no HTTP; the JSON API
//! does not borrow from the HTML pages. A new arrow the wrong way fails here.

use std::path::{Path, PathBuf};

fn sources(dir: &str) -> Vec<(PathBuf, String)> {
    fn walk(dir: &Path, out: &mut Vec<(PathBuf, String)>) {
        for entry in std::fs::read_dir(dir).expect("a source folder") {
            let path = entry.expect("an entry").path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(&path).expect("a source file");
                out.push((path, text));
            }
        }
    }
    let mut out = Vec::new();
    walk(&Path::new(env!("CARGO_MANIFEST_DIR")).join(dir), &mut out);
    assert!(!out.is_empty(), "no source under {dir}");
    out
}

/// The files under `dir` that use any of `words`, with the line that does.
fn users(dir: &str, words: &[&str], except: &[&str]) -> Vec<String> {
    sources(dir)
        .into_iter()
        .filter(|(p, _)| !except.iter().any(|e| p.ends_with(e)))
        .flat_map(|(p, text)| {
            text.lines()
                .filter(|l| !l.trim_start().starts_with("//"))
                .filter(|l| words.iter().any(|w| l.contains(w)))
                .map(|l| format!("{}: {}", p.display(), l.trim()))
                .collect::<Vec<_>>()
        })
        .collect()
}

#[test]
fn the_command_line_uses_the_web_crate_only_to_start_the_server() {
    let found = users("src", &["xanh_web::"], &["commands/serve.rs"]);
    assert!(found.is_empty(), "the CLI reaches into web: {found:#?}");
}

#[test]
fn the_application_layer_knows_nothing_of_http_or_pages() {
    let found = users(
        "crates/app/src",
        &["axum", "askama", "xanh_web", "StatusCode", "hyper"],
        &[],
    );
    assert!(
        found.is_empty(),
        "HTTP in the application layer: {found:#?}"
    );
}

#[test]
fn the_json_api_calls_use_cases_not_the_html_pages() {
    let found = users("crates/web/src/api", &["crate::pages"], &[]);
    assert!(found.is_empty(), "the API borrows from pages: {found:#?}");
}

#[test]
fn the_domain_core_depends_on_no_storage_web_or_runtime_crate() {
    let manifest = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("crates/core/Cargo.toml"),
    )
    .expect("core's manifest");
    for io in [
        "sqlx",
        "tokio",
        "axum",
        "xanh-store",
        "xanh-app",
        "xanh-web",
        "reqwest",
    ] {
        assert!(
            !manifest.contains(io),
            "core must stay pure, but its manifest names {io}"
        );
    }
    let found = users("crates/core/src", &["std::fs", "std::net", "tokio::"], &[]);
    assert!(found.is_empty(), "I/O in the core: {found:#?}");
}
