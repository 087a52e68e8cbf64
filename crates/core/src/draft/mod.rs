//! Narratives drafted from the figures. Most sentences of a monitoring
//! report restate what Xanh already holds: what changed, whether the target
//! is on track and what rate it now needs, which units are missing or
//! behind. For each objective Xanh offers such a paragraph, and for the
//! provincial report an opening summary, which a person may take, edit or
//! ignore: a draft never enters a report by itself.
//!
//! Drafts are deterministic (the same figures give the same words), in
//! Vietnamese and English, and need no outside service. Every figure is a
//! [`Piece::Figure`] naming the value it comes from, so that a page can link
//! it to its source and a test can check it against the data.

mod summary;

pub use summary::{Delivery, opening};

use crate::assess::{Assessment, Series, Status, after_value};
use crate::display;
use crate::framework::{Indicator, IndicatorKind};
use crate::text::{Lang, Text};

/// Where a figure comes from: an indicator's value for a unit in a year.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    pub indicator: String,
    pub unit: String,
    pub year: i32,
}

/// A piece of a drafted paragraph.
#[derive(Debug, Clone, PartialEq)]
pub enum Piece {
    Words(String),
    /// A figure as shown, the value it shows, and where it comes from.
    Figure {
        shown: String,
        value: f64,
        source: Source,
    },
}

/// A drafted paragraph.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Paragraph {
    pub pieces: Vec<Piece>,
}

impl Paragraph {
    fn words(&mut self, s: impl Into<String>) {
        let s = s.into();
        match self.pieces.last_mut() {
            Some(Piece::Words(w)) => w.push_str(&s),
            _ => self.pieces.push(Piece::Words(s)),
        }
    }

    fn figure(&mut self, value: f64, unit: &Text, lang: Lang, source: Source) {
        self.pieces.push(Piece::Figure {
            shown: shown(value, unit, lang),
            value,
            source,
        });
    }

    fn append(&mut self, other: Paragraph) {
        for p in other.pieces {
            match p {
                Piece::Words(w) => self.words(w),
                f => self.pieces.push(f),
            }
        }
    }

    /// The paragraph as plain text, as it goes into the report.
    pub fn text(&self) -> String {
        self.pieces
            .iter()
            .map(|p| match p {
                Piece::Words(w) => w.as_str(),
                Piece::Figure { shown, .. } => shown.as_str(),
            })
            .collect()
    }

    /// The figures it states, with their sources.
    pub fn figures(&self) -> impl Iterator<Item = (f64, &Source)> {
        self.pieces.iter().filter_map(|p| match p {
            Piece::Figure { value, source, .. } => Some((*value, source)),
            Piece::Words(_) => None,
        })
    }

    pub fn is_empty(&self) -> bool {
        self.pieces.is_empty()
    }
}

/// A figure with its unit of measure: "65,5%", "1.342.700 ha".
pub fn shown(v: f64, unit: &Text, lang: Lang) -> String {
    let u = unit.get(lang).trim();
    if display::is_percent(&unit.vi) || u.is_empty() {
        display::measure(v, &unit.vi, lang)
    } else {
        format!("{} {u}", display::number(v, lang))
    }
}

/// What one indicator's sentences are written from.
pub struct IndicatorFacts<'a> {
    pub indicator: &'a Indicator,
    /// The unit whose figures these are (the province's code for its own or
    /// its aggregated figure).
    pub unit: String,
    /// Its figures by year, up to the year drafted for.
    pub series: Series,
    pub year: i32,
    pub assessment: Assessment,
    /// Units expected to give a figure this year that gave none, by name.
    pub missing: Vec<String>,
    /// Units whose own figures are behind, by name, with their status.
    pub behind: Vec<(String, Status)>,
}

/// Names in a sentence: "A, B và C"; beyond five, "… và 3 đơn vị khác".
fn names(list: &[String], lang: Lang) -> String {
    const SHOWN: usize = 5;
    let (and, others) = (
        lang.pick("và", "and"),
        lang.pick("đơn vị khác", "other units"),
    );
    let mut parts: Vec<String> = list.iter().take(SHOWN).cloned().collect();
    if list.len() > SHOWN {
        parts.push(format!("{} {others}", list.len() - SHOWN));
    }
    join(parts, and)
}

/// "A, B và C".
fn join(mut parts: Vec<String>, and: &str) -> String {
    match parts.len() {
        0 => String::new(),
        1 => parts.remove(0),
        n => format!("{} {and} {}", parts[..n - 1].join(", "), parts[n - 1]),
    }
}

/// The change from the year before, as a person says it.
fn change(
    p: &mut Paragraph,
    f: &IndicatorFacts,
    (prev_year, prev): (i32, f64),
    now: f64,
    lang: Lang,
) {
    let ind = f.indicator;
    let delta = now - prev;
    let percent = display::is_percent(&ind.unit.vi);
    if delta == 0.0 {
        p.words(match lang {
            Lang::Vi => format!(", không đổi so với năm {prev_year} ("),
            Lang::En => format!(", unchanged from {prev_year} ("),
        });
    } else {
        let verb = match (delta < 0.0, lang) {
            (true, Lang::Vi) => "giảm",
            (false, Lang::Vi) => "tăng",
            (true, Lang::En) => "down",
            (false, Lang::En) => "up",
        };
        let size = if percent {
            format!(
                "{} {}",
                display::number(delta.abs(), lang),
                lang.pick("điểm phần trăm", "percentage points")
            )
        } else if prev != 0.0 {
            format!(
                "{} ({}%)",
                shown(delta.abs(), &ind.unit, lang),
                display::number((delta / prev * 100.0).abs(), lang)
            )
        } else {
            shown(delta.abs(), &ind.unit, lang)
        };
        p.words(match lang {
            Lang::Vi => format!(", {verb} {size} so với năm {prev_year} ("),
            Lang::En => format!(", {verb} {size} on {prev_year} ("),
        });
    }
    p.figure(prev, &ind.unit, lang, source(f, prev_year));
    p.words(")");
}

fn source(f: &IndicatorFacts, year: i32) -> Source {
    Source {
        indicator: f.indicator.code.clone(),
        unit: f.unit.clone(),
        year,
    }
}

/// The sentences of one indicator.
pub fn indicator(f: &IndicatorFacts, lang: Lang) -> Paragraph {
    let ind = f.indicator;
    let mut p = Paragraph::default();
    let name = ind.name.get(lang);
    let points = f.series.up_to(f.year);
    let current = points.last().filter(|(y, _)| *y == f.year).copied();
    match (ind.kind, current) {
        (IndicatorKind::Qualitative, _) => p.words(format!(
            "{} {} ({name}): ",
            lang.pick("Chỉ tiêu", "Indicator"),
            ind.code
        )),
        (IndicatorKind::Milestone, Some((_, v))) => p.words(match lang {
            Lang::Vi => format!(
                "Năm {}, chỉ tiêu {} ({name}) {}. ",
                f.year,
                ind.code,
                if v > 0.0 {
                    "đã đạt"
                } else {
                    "chưa đạt"
                }
            ),
            Lang::En => format!(
                "In {}, indicator {} ({name}) was {}. ",
                f.year,
                ind.code,
                if v > 0.0 {
                    "reached"
                } else {
                    "not reached yet"
                }
            ),
        }),
        (_, Some((year, now))) => {
            p.words(match lang {
                Lang::Vi => format!("Năm {year}, chỉ tiêu {} ({name}) đạt ", ind.code),
                Lang::En => format!("In {year}, indicator {} ({name}) stood at ", ind.code),
            });
            p.figure(now, &ind.unit, lang, source(f, year));
            if let Some(prev) = points.len().checked_sub(2).map(|i| points[i]) {
                change(&mut p, f, prev, now, lang);
            }
            p.words(". ");
        }
        (_, None) => {
            p.words(match lang {
                Lang::Vi => format!(
                    "Chỉ tiêu {} ({name}) chưa có số liệu năm {}",
                    ind.code, f.year
                ),
                Lang::En => format!(
                    "Indicator {} ({name}) has no figure for {} yet",
                    ind.code, f.year
                ),
            });
            if let Some(&(y, v)) = points.last() {
                p.words(match lang {
                    Lang::Vi => format!("; số liệu gần nhất là năm {y}: "),
                    Lang::En => format!("; the latest is for {y}: "),
                });
                p.figure(v, &ind.unit, lang, source(f, y));
            }
            p.words(". ");
        }
    }
    let label = f.assessment.status.label(lang);
    let why = (current.is_some() && ind.kind != IndicatorKind::Qualitative)
        .then(|| after_value(&f.assessment, &ind.unit))
        .flatten();
    p.words(match (why, lang) {
        (Some(w), Lang::Vi) => format!("Đánh giá: {label} — {}", w.vi),
        (Some(w), Lang::En) => format!("Assessment: {label} — {}", w.en),
        (None, Lang::Vi) => format!("Đánh giá: {label}."),
        (None, Lang::En) => format!("Assessment: {label}."),
    });
    if !f.missing.is_empty() {
        p.words(match lang {
            Lang::Vi => format!(
                " Chưa có số liệu năm {} của {} đơn vị: {}.",
                f.year,
                f.missing.len(),
                names(&f.missing, lang)
            ),
            Lang::En => format!(
                " {} units have no figure for {} yet: {}.",
                f.missing.len(),
                f.year,
                names(&f.missing, lang)
            ),
        });
    }
    if !f.behind.is_empty() {
        let listed: Vec<String> = f
            .behind
            .iter()
            .map(|(n, s)| format!("{n} ({})", s.label(lang).to_lowercase()))
            .collect();
        p.words(match lang {
            Lang::Vi => format!(" Các đơn vị còn chậm: {}.", names(&listed, lang)),
            Lang::En => format!(" Units behind: {}.", names(&listed, lang)),
        });
    }
    p
}

/// The paragraph of an objective: its indicators' sentences, in order.
pub fn objective(facts: &[IndicatorFacts], lang: Lang) -> Paragraph {
    let mut p = Paragraph::default();
    for (i, f) in facts.iter().enumerate() {
        if i > 0 {
            p.words(" ");
        }
        p.append(indicator(f, lang));
    }
    p
}

/// Whether a unit's own status counts as behind in a draft.
pub fn is_behind(s: Status) -> bool {
    matches!(
        s,
        Status::Limited | Status::Deterioration | Status::Missed | Status::Breach
    )
}

#[cfg(test)]
mod tests;
