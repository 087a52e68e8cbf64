//! `xanh framework validate|import|list|show`.

use anyhow::Context;
use std::path::Path;
use std::process::ExitCode;
use xanh_core::framework::{self, Framework, Loaded, vn_date};
use xanh_core::{Lang, Problem};
use xanh_store::{ImportOutcome, Store};

/// Reads and validates a file; `Err` holds every problem found.
fn read(file: &Path) -> Result<(String, Loaded), Vec<Problem>> {
    let bytes = std::fs::read(file).map_err(|e| {
        vec![Problem::error(
            "unreadable",
            "",
            format!("Không đọc được tệp {}: {e}", file.display()),
            format!("Cannot read the file {}: {e}", file.display()),
        )]
    })?;
    let loaded = framework::load_bytes(&bytes)?;
    // load_bytes accepted the bytes as UTF-8, so this conversion cannot lose anything.
    let text =
        String::from_utf8_lossy(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes)).into_owned();
    Ok((text, loaded))
}

fn print_problems(file: &Path, problems: &[Problem]) {
    for p in problems {
        println!("{}: {p}", file.display());
    }
    let errors = problems.iter().filter(|p| p.is_error()).count();
    let warnings = problems.len() - errors;
    println!("{errors} lỗi, {warnings} cảnh báo / {errors} errors, {warnings} warnings");
}

pub fn validate(file: &Path, json: bool) -> ExitCode {
    let (problems, ok) = match read(file) {
        Ok((_, loaded)) => (loaded.warnings, true),
        Err(problems) => (problems, false),
    };
    if json {
        let out = serde_json::json!({ "valid": ok, "problems": problems });
        println!("{out:#}");
    } else {
        print_problems(file, &problems);
        if ok {
            println!("Tệp hợp lệ. / The file is valid.");
        }
    }
    if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

pub async fn import(url: &str, file: &Path) -> anyhow::Result<ExitCode> {
    let (text, loaded) = match read(file) {
        Ok(ok) => ok,
        Err(problems) => {
            print_problems(file, &problems);
            println!("Không nạp gì. / Nothing was imported.");
            return Ok(ExitCode::FAILURE);
        }
    };
    if !loaded.warnings.is_empty() {
        print_problems(file, &loaded.warnings);
    }
    let store = Store::connect(url).await.context("opening the database")?;
    let fw = &loaded.framework;
    let outcome = store
        .import_framework(&text, fw, Some("cli"))
        .await
        .context("importing the framework")?;
    match outcome {
        ImportOutcome::Created { version } => println!(
            "Đã nạp khung \"{}\", phiên bản {version}. / Imported framework \"{}\", version {version}.",
            fw.code, fw.code
        ),
        ImportOutcome::NewVersion { version } => println!(
            "Đã nạp phiên bản mới {version} của khung \"{}\"; các phiên bản cũ được giữ nguyên. / Imported new version {version} of \"{}\"; older versions are kept.",
            fw.code, fw.code
        ),
        ImportOutcome::Unchanged { version } => println!(
            "Khung \"{}\" đã có nội dung này (phiên bản {version}); không thay đổi gì. / \"{}\" already holds this content (version {version}); nothing changed.",
            fw.code, fw.code
        ),
    }
    store.close().await;
    Ok(ExitCode::SUCCESS)
}

pub async fn list(url: &str) -> anyhow::Result<ExitCode> {
    let store = Store::connect(url).await.context("opening the database")?;
    let frameworks = store.frameworks().await.context("listing frameworks")?;
    if frameworks.is_empty() {
        println!("Chưa có khung nào. / No framework loaded yet.");
    }
    for f in frameworks {
        println!(
            "{}  v{} ({} phiên bản/versions)  {}  {}",
            f.code, f.current_version, f.versions, f.decision_number, f.title_vi
        );
    }
    store.close().await;
    Ok(ExitCode::SUCCESS)
}

pub async fn show(
    url: &str,
    code: Option<String>,
    version: Option<i64>,
    lang: &str,
) -> anyhow::Result<ExitCode> {
    let lang = Lang::from_code(lang);
    let store = Store::connect(url).await.context("opening the database")?;
    let code = match code {
        Some(code) => code,
        None => match store.frameworks().await?.into_iter().next() {
            Some(f) => f.code,
            None => {
                println!("Chưa có khung nào. / No framework loaded yet.");
                return Ok(ExitCode::FAILURE);
            }
        },
    };
    let stored = match store.framework(&code, version).await {
        Ok(s) => s,
        Err(xanh_store::StoreError::NotFound(_)) => {
            println!(
                "Không có khung/phiên bản này: {code}. / No such framework or version: {code}."
            );
            return Ok(ExitCode::FAILURE);
        }
        Err(e) => return Err(e).context("reading the framework"),
    };
    let periods = store.periods(&code).await?;
    print!("{}", listing(&stored.framework, stored.version, lang));
    println!("\n{}", lang.pick("LỊCH BÁO CÁO", "REPORTING CALENDAR"));
    for p in periods {
        println!(
            "  {:<16} {:<24} {} {} – {}   {} {}",
            p.code,
            lang.pick(&p.label_vi, &p.label_en),
            lang.pick("số liệu", "data"),
            p.data_from,
            p.data_to,
            lang.pick("hạn", "due"),
            p.deadline
        );
    }
    store.close().await;
    Ok(ExitCode::SUCCESS)
}

/// The framework as text: objectives, indicators, targets, agencies, reporting times.
fn listing(fw: &Framework, version: i64, lang: Lang) -> String {
    use std::fmt::Write;
    let unit = |code: &str| {
        fw.unit(code)
            .map(|u| format!("{} [{code}]", u.short().get(lang)))
            .unwrap_or_else(|| code.to_string())
    };
    let mut s = String::new();
    let _ = writeln!(s, "{} (v{version})", fw.title.get(lang));
    let _ = writeln!(
        s,
        "{} {} — {} — {} {}–{}",
        lang.pick("Quyết định", "Decision"),
        fw.decision.number,
        vn_date(fw.decision.date),
        lang.pick("giai đoạn", "plan"),
        fw.plan.from,
        fw.plan.to
    );
    for o in &fw.objectives {
        let _ = writeln!(
            s,
            "\n{} {}: {}",
            lang.pick("MỤC TIÊU", "OBJECTIVE"),
            o.code,
            o.title.get(lang)
        );
        let lead = o.lead.as_deref().map(unit).unwrap_or_else(|| {
            lang.pick(
                "(chưa xác định — xem ghi chú)",
                "(not determined — see note)",
            )
            .into()
        });
        let _ = writeln!(s, "  {}: {lead}", lang.pick("Chủ trì", "Lead"));
        let coordinating: Vec<String> = o.coordinating.iter().map(|c| unit(c)).collect();
        let _ = writeln!(
            s,
            "  {}: {}",
            lang.pick("Phối hợp", "Coordinating"),
            none_if_empty(&coordinating.join(", "), lang)
        );
        let times: Vec<&str> = o.reporting.iter().map(|t| t.label(lang)).collect();
        let _ = writeln!(
            s,
            "  {}: {}",
            lang.pick("Báo cáo", "Reports"),
            none_if_empty(&times.join(", "), lang)
        );
        for i in &o.indicators {
            let _ = writeln!(
                s,
                "  - {} {} ({}): {}",
                i.code,
                i.name.get(lang),
                i.unit.get(lang),
                i.target.describe(&i.unit.vi, lang)
            );
        }
        for n in &o.notes {
            let _ = writeln!(s, "  * {}: {}", lang.pick("Ghi chú", "Note"), n.get(lang));
        }
    }
    s
}

fn none_if_empty(s: &str, lang: Lang) -> String {
    if s.is_empty() {
        lang.pick("(trống)", "(empty)").to_string()
    } else {
        s.to_string()
    }
}
