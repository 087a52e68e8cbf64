//! `xanh import values FILE.csv`: values in bulk, all or nothing.
//!
//! Rows are read and checked here, in Rust, on parsed types (period,
//! indicator, unit, value by the indicator's kind, no key twice); the store
//! only writes checked rows, in one transaction that is rolled back as soon
//! as one row is refused. Reading goes on after a refusal so that every
//! problem is named at once (the first 50 are printed, with the count).
//! This module holds the command and the helpers other imports share; the
//! catalog, the CSV source and the reading ahead are in submodules.

use crate::cli::ImportValuesArgs;
use anyhow::{Context, bail};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;
use std::process::ExitCode;
use xanh_store::Store;

mod catalog;
mod csv_source;
mod read_ahead;

use catalog::Catalog;
use csv_source::{CsvSource, NAMES};
use read_ahead::ReadAhead;

const BATCH: usize = 20_000;
const SHOWN: usize = 50;

/// A progress bar on standard error, or a hidden one.
pub fn progress_bar(len: u64, what: &str, quiet: bool) -> ProgressBar {
    let bar = ProgressBar::with_draw_target(
        Some(len),
        if quiet {
            ProgressDrawTarget::hidden()
        } else {
            ProgressDrawTarget::stderr()
        },
    );
    if let Ok(style) = ProgressStyle::with_template(&format!(
        "{{bar:40}} {{percent:>3}}% {{human_pos}}/{{human_len}} {what} ({{per_sec}}, còn / left {{eta}})"
    )) {
        bar.set_style(style);
    }
    bar
}

/// Picks the framework: the one named, or the only one.
pub async fn framework_code(store: &Store, given: Option<String>) -> anyhow::Result<String> {
    if let Some(code) = given {
        return Ok(code);
    }
    let all = store.frameworks().await?;
    match all.as_slice() {
        [one] => Ok(one.code.clone()),
        [] => bail!("cơ sở dữ liệu chưa có khung nào / the database holds no framework"),
        _ => bail!(
            "cơ sở dữ liệu có nhiều khung, hãy chọn bằng --framework ({}) / several frameworks: choose one with --framework",
            all.iter()
                .map(|f| f.code.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

pub async fn values(url: &str, args: ImportValuesArgs) -> anyhow::Result<ExitCode> {
    let started = std::time::Instant::now();
    let store = Store::connect(url).await.context("opening the database")?;
    let code = framework_code(&store, args.framework).await?;
    let fw = store
        .framework(&code, None)
        .await
        .with_context(|| format!("reading the framework {code}"))?
        .framework;
    let periods = store.periods(&code).await?;
    let catalog = Catalog::new(&fw, &periods)?;
    let file = std::fs::File::open(&args.file)
        .with_context(|| format!("opening {}", args.file.display()))?;
    let size = file.metadata().map(|m| m.len()).unwrap_or(0);
    let mut reader = csv::ReaderBuilder::new().flexible(false).from_reader(file);
    let header = reader
        .headers()
        .with_context(|| format!("reading the header line of {}", args.file.display()))?
        .clone();
    let find = |name: &str| {
        header
            .iter()
            .position(|h| h.trim().trim_start_matches('\u{feff}') == name)
    };
    let mut columns = [0; 4];
    let mut missing = Vec::new();
    for (i, name) in NAMES.iter().enumerate() {
        match find(name) {
            Some(c) => columns[i] = c,
            None => missing.push(*name),
        }
    }
    if !missing.is_empty() {
        eprintln!(
            "dòng 1: thiếu cột {} / line 1: missing column(s) {}\nKhông lưu gì / nothing was stored.",
            missing.join(", "),
            missing.join(", ")
        );
        return Ok(ExitCode::FAILURE);
    }
    let bits =
        catalog.periods.len().max(1) * catalog.indicators.len().max(1) * catalog.units.len().max(1);
    let source = CsvSource {
        reader,
        note: find("note"),
        columns,
        seen: vec![0; bits.div_ceil(64)],
        catalog,
        problems: Vec::new(),
        problem_count: 0,
        bar: progress_bar(size, "byte", args.quiet),
        record: csv::StringRecord::new(),
        eof: false,
        read: 0,
        lines: !args.quiet && !std::io::stderr().is_terminal(),
    };
    let origin = args
        .file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut ahead = ReadAhead::start(source);
    let outcome = store.bulk_import(&mut ahead, &origin, "import (CLI)").await;
    let source = ahead.finish()?;
    let outcome = outcome.context("importing values")?;
    source.bar.finish_and_clear();
    match outcome {
        Some(done) => {
            let secs = started.elapsed().as_secs_f64();
            println!(
                "Đã nhập {} giá trị vào {} báo cáo ({} kỳ) trong {secs:.1} s ({:.0} dòng/s) / imported {} values into {} reports ({} periods) in {secs:.1} s ({:.0} rows/s)",
                done.values,
                done.reports,
                done.periods,
                done.values as f64 / secs,
                done.values,
                done.reports,
                done.periods,
                done.values as f64 / secs,
            );
            Ok(ExitCode::SUCCESS)
        }
        None => {
            for p in &source.problems {
                eprintln!("{p}");
            }
            if source.problem_count > source.problems.len() {
                eprintln!(
                    "… và {} lỗi khác / and {} more problems",
                    source.problem_count - source.problems.len(),
                    source.problem_count - source.problems.len()
                );
            }
            eprintln!(
                "{} lỗi; không lưu gì / {} problems; nothing was stored.",
                source.problem_count, source.problem_count
            );
            Ok(ExitCode::FAILURE)
        }
    }
}
