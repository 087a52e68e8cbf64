//! Targets, reporting times and numbers in words, as officials read them.

use super::model::{ReportingTime, Target};
use crate::text::Lang;

/// A number in the user's form; one rule for all: [`crate::display::number`].
pub fn number(value: f64, lang: Lang) -> String {
    crate::display::number(value, lang)
}

impl super::model::Framework {
    /// The framework in a few words, for lists and menus: its decision and plan
    /// period, e.g. "QĐ 598/QĐ-UBND · 2011–2020".
    pub fn short_title(&self, lang: Lang) -> String {
        let what = lang.pick("QĐ", "Decision");
        format!(
            "{what} {} · {}–{}",
            self.decision.number, self.plan.from, self.plan.to
        )
    }
}

impl Target {
    /// The target in a short phrase, e.g. "> 65 % vào năm 2020".
    pub fn describe(&self, unit: &str, lang: Lang) -> String {
        let n = |v: f64| {
            let sep = if unit == "%" { "" } else { " " };
            format!("{}{sep}{unit}", number(v, lang))
        };
        let by = |y: i32| match lang {
            Lang::Vi => format!("đến năm {y}"),
            Lang::En => format!("by {y}"),
        };
        match *self {
            Target::AtLeast { value, year } => format!("≥ {} {}", n(value), by(year)),
            Target::Above { value, year } => format!("> {} {}", n(value), by(year)),
            Target::AtMost { value, year } => format!("≤ {} {}", n(value), by(year)),
            Target::Below { value, year } => format!("< {} {}", n(value), by(year)),
            Target::Range { min, max, year } => {
                format!("{}–{} {}", number(min, lang), n(max), by(year))
            }
            Target::AllFrom { from_year } => match lang {
                Lang::Vi => format!("100% mỗi năm, từ năm {from_year}"),
                Lang::En => format!("100% every year from {from_year}"),
            },
            Target::Milestone { year } => match lang {
                Lang::Vi => format!("Hoàn thành {}", by(year)),
                Lang::En => format!("Achieved {}", by(year)),
            },
            Target::Qualitative { year } => {
                let base = lang.pick("Định tính", "Qualitative");
                match year {
                    Some(y) => format!("{base} ({})", by(y)),
                    None => base.to_string(),
                }
            }
            Target::None => lang.pick("Không có mục tiêu", "No target").to_string(),
        }
    }
}

impl super::model::UnitKind {
    /// The kinds of unit below the province that report "by unit" (and whose
    /// values the sums per area count): one list, which the store binds too.
    pub const TERRITORIAL: [super::model::UnitKind; 4] = [
        super::model::UnitKind::District,
        super::model::UnitKind::City,
        super::model::UnitKind::Town,
        super::model::UnitKind::Commune,
    ];

    /// The code a framework file and the API use for the kind.
    pub const fn as_str(self) -> &'static str {
        use super::model::UnitKind as K;
        match self {
            K::Province => "province",
            K::Department => "department",
            K::District => "district",
            K::City => "city",
            K::Town => "town",
            K::Commune => "commune",
        }
    }
}

impl ReportingTime {
    /// The code stored for a period of this kind.
    pub const fn as_str(self) -> &'static str {
        match self {
            ReportingTime::Annual => "annual",
            ReportingTime::MidTerm => "mid_term",
            ReportingTime::EndTerm => "end_term",
        }
    }

    /// A stored code back into the kind; None for a code Xanh never wrote.
    pub fn parse(s: &str) -> Option<ReportingTime> {
        [
            ReportingTime::Annual,
            ReportingTime::MidTerm,
            ReportingTime::EndTerm,
        ]
        .into_iter()
        .find(|t| t.as_str() == s)
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            ReportingTime::Annual => lang.pick("Hằng năm", "Annual"),
            ReportingTime::MidTerm => lang.pick("Giữa kỳ", "Mid-term"),
            ReportingTime::EndTerm => lang.pick("Cuối kỳ", "End-term"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_vietnamese_number_has_a_decimal_comma() {
        assert_eq!(number(65.5, Lang::Vi), "65,5");
        assert_eq!(number(65.5, Lang::En), "65.5");
        assert_eq!(number(90.0, Lang::Vi), "90");
    }

    #[test]
    fn a_strict_threshold_reads_as_above() {
        let t = Target::Above {
            value: 65.0,
            year: 2020,
        };
        assert_eq!(t.describe("%", Lang::Vi), "> 65% đến năm 2020");
        assert_eq!(t.describe("%", Lang::En), "> 65% by 2020");
    }

    #[test]
    fn a_range_names_both_bounds() {
        let t = Target::Range {
            min: 8.0,
            max: 13.0,
            year: 2020,
        };
        assert_eq!(t.describe("%", Lang::Vi), "8–13% đến năm 2020");
    }
}
