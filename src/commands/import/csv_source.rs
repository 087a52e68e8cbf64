//! The CSV file as a source of checked rows: each row's period, indicator, unit
//! and value checked against the catalog, every refusal named with its line and
//! column in Vietnamese and English, and the rows handed to the store in batches.

use super::catalog::Catalog;
use super::{BATCH, SHOWN};
use indicatif::ProgressBar;
use xanh_core::report::parse_value;
use xanh_store::{BulkRow, BulkSource};

/// The CSV file as a source of checked rows.
pub(super) struct CsvSource {
    pub(super) reader: csv::Reader<std::fs::File>,
    pub(super) catalog: Catalog,
    pub(super) columns: [usize; 4],
    pub(super) note: Option<usize>,
    /// One bit per period × indicator × unit: a key given twice is refused.
    pub(super) seen: Vec<u64>,
    pub(super) problems: Vec<String>,
    pub(super) problem_count: usize,
    pub(super) bar: ProgressBar,
    pub(super) record: csv::StringRecord,
    pub(super) eof: bool,
    /// Rows read; without a terminal, a line is printed every 100,000.
    pub(super) read: u64,
    pub(super) lines: bool,
}

pub(super) const NAMES: [&str; 4] = ["period", "indicator", "unit_code", "value"];

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
