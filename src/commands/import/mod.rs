//! `xanh import values FILE.csv`: values in bulk, all or nothing.
//!
//! Rows are read and checked here, in Rust, on parsed types (period,
//! indicator, unit, value by the indicator's kind, no key twice); the store
//! only writes checked rows, in one transaction that is rolled back as soon
//! as one row is refused. Reading goes on after a refusal so that every
//! problem is named at once (the first 50 are printed, with the count).

use crate::cli::ImportValuesArgs;
use anyhow::{Context, bail};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::collections::HashMap;
use std::io::IsTerminal;
use std::process::ExitCode;
use xanh_core::framework::{Framework, IndicatorKind};
use xanh_core::report::parse_value;
use xanh_store::{BulkRow, BulkSource, Store};

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

struct Unit {
    /// Index for the duplicate check.
    index: usize,
    territorial: bool,
    reporter: String,
    /// The area whose sums its values feed.
    area: Option<String>,
    valid: (Option<time::Date>, Option<time::Date>),
}

struct Indicator {
    index: usize,
    kind: IndicatorKind,
    by_units: bool,
}

struct Period {
    index: usize,
    id: i64,
    data_to: time::Date,
}

/// What a row is checked against.
struct Catalog {
    issuer: String,
    periods: HashMap<String, Period>,
    indicators: HashMap<String, Indicator>,
    units: HashMap<String, Unit>,
}

impl Catalog {
    fn new(fw: &Framework, periods: &[xanh_store::PeriodRow]) -> anyhow::Result<Catalog> {
        let mut p = HashMap::new();
        for (index, row) in periods.iter().enumerate() {
            let data_to = xanh_web::parse_iso_date(&row.data_to).context("a period's date")?;
            p.insert(
                row.code.clone(),
                Period {
                    index,
                    id: row.id,
                    data_to,
                },
            );
        }
        let indicators = fw
            .objectives
            .iter()
            .flat_map(|o| &o.indicators)
            .enumerate()
            .map(|(index, i)| {
                (
                    i.code.clone(),
                    Indicator {
                        index,
                        kind: i.kind,
                        by_units: i.reported_by_units,
                    },
                )
            })
            .collect();
        let units = fw
            .units
            .iter()
            .enumerate()
            .map(|(index, u)| {
                let territorial = u.is_territorial();
                let area = u.parent.clone().filter(|_| territorial);
                let reporter = area.clone().unwrap_or_else(|| u.code.clone());
                (
                    u.code.clone(),
                    Unit {
                        index,
                        territorial,
                        reporter,
                        area,
                        valid: (u.valid_from, u.valid_to),
                    },
                )
            })
            .collect();
        Ok(Catalog {
            issuer: fw.issuer.clone(),
            periods: p,
            indicators,
            units,
        })
    }
}

/// The CSV file as a source of checked rows.
struct CsvSource {
    reader: csv::Reader<std::fs::File>,
    catalog: Catalog,
    columns: [usize; 4],
    note: Option<usize>,
    /// One bit per period × indicator × unit: a key given twice is refused.
    seen: Vec<u64>,
    problems: Vec<String>,
    problem_count: usize,
    bar: ProgressBar,
    record: csv::StringRecord,
    eof: bool,
    /// Rows read; without a terminal, a line is printed every 100,000.
    read: u64,
    lines: bool,
}

const NAMES: [&str; 4] = ["period", "indicator", "unit_code", "value"];

impl CsvSource {
    fn refuse(&mut self, line: u64, column: usize, vi: &str, en: &str) {
        self.problem_count += 1;
        if self.problems.len() < SHOWN {
            self.problems.push(format!(
                "dòng {line}, cột {} ({}): {vi} / line {line}, column {}: {en}",
                column + 1,
                self.column_name(column),
                column + 1
            ));
        }
    }

    fn column_name(&self, column: usize) -> &'static str {
        if Some(column) == self.note {
            return "note";
        }
        self.columns
            .iter()
            .position(|c| *c == column)
            .map(|i| NAMES[i])
            .unwrap_or("?")
    }

    fn check(&mut self, line: u64) -> Option<BulkRow> {
        let r = &self.record;
        let [pc, ic, uc, vc] = self.columns;
        let (period, indicator, unit, value) = (
            r.get(pc).unwrap_or("").trim(),
            r.get(ic).unwrap_or("").trim(),
            r.get(uc).unwrap_or("").trim(),
            r.get(vc).unwrap_or(""),
        );
        let Some(p) = self.catalog.periods.get(period) else {
            let (vi, en) = (
                format!("không có kỳ báo cáo \"{period}\" trong khung"),
                format!("no period \"{period}\" in the framework"),
            );
            self.refuse(line, pc, &vi, &en);
            return None;
        };
        let Some(i) = self.catalog.indicators.get(indicator) else {
            let (vi, en) = (
                format!("không có chỉ tiêu \"{indicator}\" trong khung"),
                format!("no indicator \"{indicator}\" in the framework"),
            );
            self.refuse(line, ic, &vi, &en);
            return None;
        };
        let Some(u) = self.catalog.units.get(unit) else {
            let (vi, en) = (
                format!("không có đơn vị \"{unit}\" trong khung"),
                format!("no unit \"{unit}\" in the framework"),
            );
            self.refuse(line, uc, &vi, &en);
            return None;
        };
        let (p_index, p_id, data_to) = (p.index, p.id, p.data_to);
        let (i_index, kind, by_units) = (i.index, i.kind, i.by_units);
        let (u_index, territorial, valid) = (u.index, u.territorial, u.valid);
        let reporter = u.reporter.clone();
        let area = u.area.clone();
        if by_units && !territorial {
            self.refuse(
                line,
                uc,
                &format!("chỉ tiêu {indicator} do từng địa phương báo cáo; \"{unit}\" không phải địa phương"),
                &format!("indicator {indicator} is reported by each territorial unit; \"{unit}\" is not one"),
            );
            return None;
        }
        if !by_units && unit != self.catalog.issuer {
            let issuer = self.catalog.issuer.clone();
            self.refuse(
                line,
                uc,
                &format!("chỉ tiêu {indicator} chỉ có một giá trị chung, ghi cho đơn vị {issuer}"),
                &format!("indicator {indicator} has one overall value, recorded for {issuer}"),
            );
            return None;
        }
        if valid.0.is_some_and(|from| from > data_to) || valid.1.is_some_and(|to| to < data_to) {
            self.refuse(
                line,
                uc,
                &format!("đơn vị \"{unit}\" không tồn tại vào cuối kỳ {period}"),
                &format!("unit \"{unit}\" did not exist at the end of period {period}"),
            );
            return None;
        }
        let parsed = match parse_value(kind, value) {
            Ok(Some(v)) => v,
            Ok(None) => {
                self.refuse(line, vc, "thiếu giá trị", "the value is missing");
                return None;
            }
            Err(e) => {
                let (vi, en) = (
                    e.message(value, xanh_core::Lang::Vi),
                    e.message(value, xanh_core::Lang::En),
                );
                self.refuse(line, vc, &vi, &en);
                return None;
            }
        };
        let units = self.catalog.units.len();
        let key = (p_index * self.catalog.indicators.len() + i_index) * units + u_index;
        let (word, bit) = (key / 64, 1u64 << (key % 64));
        if self.seen[word] & bit != 0 {
            self.refuse(
                line,
                uc,
                &format!("kỳ {period}, chỉ tiêu {indicator}, đơn vị {unit} đã có ở một dòng trước"),
                &format!("period {period}, indicator {indicator}, unit {unit} already given on an earlier line"),
            );
            return None;
        }
        self.seen[word] |= bit;
        let note = self
            .note
            .and_then(|n| r.get(n))
            .map(str::trim)
            .filter(|n| !n.is_empty())
            .map(str::to_string);
        Some(BulkRow {
            period_id: p_id,
            indicator: indicator.to_string(),
            unit: unit.to_string(),
            reporter,
            area,
            value: parsed,
            note,
        })
    }
}

impl BulkSource for CsvSource {
    fn next_batch(&mut self) -> Option<Vec<BulkRow>> {
        let mut batch = Vec::with_capacity(BATCH);
        while batch.len() < BATCH {
            match self.reader.read_record(&mut self.record) {
                Ok(true) => {
                    self.read += 1;
                    if self.lines && self.read.is_multiple_of(100_000) {
                        eprintln!("đã đọc / read {} dòng / rows", self.read);
                    }
                    let line = self.record.position().map(|p| p.line()).unwrap_or(0);
                    if let Some(row) = self.check(line) {
                        batch.push(row);
                    }
                }
                Ok(false) => {
                    self.eof = true;
                    break;
                }
                Err(e) => {
                    let line = e.position().map(|p| p.line()).unwrap_or(0);
                    self.problem_count += 1;
                    if self.problems.len() < SHOWN {
                        self.problems.push(match e.kind() {
                            csv::ErrorKind::Utf8 { .. } => format!(
                                "dòng {line}: không phải UTF-8 / line {line}: not UTF-8"
                            ),
                            csv::ErrorKind::UnequalLengths { .. } => format!(
                                "dòng {line}: số cột khác dòng tiêu đề / line {line}: not as many columns as the header"
                            ),
                            _ => format!("dòng {line}: không đọc được / line {line}: cannot be read"),
                        });
                    }
                    // An I/O error ends the file; a malformed line does not.
                    if matches!(e.kind(), csv::ErrorKind::Io(_)) {
                        self.eof = true;
                        break;
                    }
                }
            }
        }
        self.bar.set_position(self.reader.position().byte());
        (!batch.is_empty() || !self.eof).then_some(batch)
    }

    fn is_clean(&self) -> bool {
        self.problem_count == 0
    }

    fn finishing(&mut self) {
        self.bar
            .set_message("đang ghi và tổng hợp / writing and summing");
        self.bar.finish_and_clear();
        eprintln!("Đã đọc hết tệp; đang ghi và tổng hợp… / file read; writing and summing…");
    }
}

/// Reads and checks on a thread of its own while the database writes the
/// previous batches: the two take about as long as each other, and this
/// machine has two cores. A few batches are read ahead at most.
struct ReadAhead {
    batches: std::sync::mpsc::Receiver<(Vec<BulkRow>, bool)>,
    reader: Option<std::thread::JoinHandle<CsvSource>>,
    /// The source, back from its thread once every row is read.
    done: Option<CsvSource>,
    clean: bool,
}

impl ReadAhead {
    fn start(mut source: CsvSource) -> ReadAhead {
        let (send, batches) = std::sync::mpsc::sync_channel(4);
        let reader = std::thread::spawn(move || {
            while let Some(batch) = source.next_batch() {
                if send.send((batch, source.is_clean())).is_err() {
                    break; // the writer stopped (a database error): stop reading too
                }
            }
            source
        });
        ReadAhead {
            batches,
            reader: Some(reader),
            done: None,
            clean: true,
        }
    }

    /// The source, once every batch has been taken (or the writer gave up).
    fn finish(mut self) -> anyhow::Result<CsvSource> {
        if let Some(source) = self.done.take() {
            return Ok(source);
        }
        drop(self.batches);
        self.reader.take().and_then(|r| r.join().ok()).context(
            "đọc tệp bị gián đoạn; không lưu gì / reading the file failed; nothing was stored",
        )
    }
}

impl BulkSource for ReadAhead {
    fn next_batch(&mut self) -> Option<Vec<BulkRow>> {
        match self.batches.recv() {
            Ok((batch, clean)) => {
                self.clean = clean;
                Some(batch)
            }
            Err(_) => {
                // Every batch is taken: the source's own word on the whole file.
                // A reading thread that failed leaves the file unread: nothing is stored.
                match self.reader.take().map(|r| r.join()) {
                    Some(Ok(source)) => {
                        self.clean = source.is_clean();
                        self.done = Some(source);
                    }
                    _ => self.clean = false,
                }
                None
            }
        }
    }

    fn is_clean(&self) -> bool {
        self.clean
    }

    fn finishing(&mut self) {
        if let Some(source) = self.done.as_mut() {
            source.finishing();
        }
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
