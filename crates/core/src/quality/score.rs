//! A report's data-quality score: how complete, timely and consistent its
//! figures are, and whether the doubtful ones were answered. One number out
//! of 100 for the overview, and its parts for whoever wants to improve it.

use crate::display::number;
use crate::text::{Lang, Text};
use serde::Serialize;

/// What the score is made of, counted for one report.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    /// Figures the report is expected to give, and those it gives.
    pub slots: usize,
    pub filled: usize,
    /// Delivered by the deadline; None while the deadline has not passed
    /// and nothing is delivered, when timeliness cannot be judged yet.
    pub on_time: Option<bool>,
    /// Consistency checks its figures take part in, and those that hold.
    pub checks: usize,
    pub checks_held: usize,
    /// Figures questioned (unusual, or breaking a rule), and those answered
    /// with a note.
    pub flags: usize,
    pub flags_answered: usize,
}

/// A score out of 100 and its parts (each 0–1, None where it does not apply).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Score {
    pub value: u8,
    pub completeness: f64,
    pub timeliness: Option<f64>,
    pub consistency: Option<f64>,
    pub answered: Option<f64>,
}

fn share(part: usize, whole: usize) -> Option<f64> {
    (whole > 0).then(|| part as f64 / whole as f64)
}

/// The score: the mean of the parts that apply. A report with nothing to
/// give has none.
pub fn score(c: &Counts) -> Option<Score> {
    let completeness = share(c.filled, c.slots)?;
    let timeliness = c.on_time.map(|t| if t { 1.0 } else { 0.0 });
    let consistency = share(c.checks_held, c.checks);
    let answered = share(c.flags_answered, c.flags);
    let parts: Vec<f64> = [Some(completeness), timeliness, consistency, answered]
        .into_iter()
        .flatten()
        .collect();
    let mean = parts.iter().sum::<f64>() / parts.len() as f64;
    Some(Score {
        value: (mean * 100.0).round().clamp(0.0, 100.0) as u8,
        completeness,
        timeliness,
        consistency,
        answered,
    })
}

/// How the score is computed, in one line.
pub fn how() -> Text {
    Text::new(
        "Điểm chất lượng (trên 100) là trung bình của: tỷ lệ chỉ tiêu đã có số liệu; nộp đúng hạn (khi đã đến hạn); tỷ lệ phép kiểm tra nhất quán được thỏa mãn; tỷ lệ số liệu khác thường hoặc không nhất quán đã được giải trình.",
        "The quality score (out of 100) is the mean of: the share of figures given; delivery by the deadline (once it has passed); the share of consistency checks that hold; the share of unusual or inconsistent figures explained with a note.",
    )
}

impl Score {
    /// The parts in words: "đủ 9/10 · đúng hạn · nhất quán 2/3 · giải trình 1/1".
    pub fn parts(&self, c: &Counts, lang: Lang) -> String {
        let mut out = vec![format!(
            "{} {}/{}",
            lang.pick("số liệu", "figures"),
            c.filled,
            c.slots
        )];
        if let Some(t) = c.on_time {
            out.push(
                if t {
                    lang.pick("đúng hạn", "on time")
                } else {
                    lang.pick("trễ hạn", "late")
                }
                .into(),
            );
        }
        if c.checks > 0 {
            out.push(format!(
                "{} {}/{}",
                lang.pick("nhất quán", "consistent"),
                c.checks_held,
                c.checks
            ));
        }
        if c.flags > 0 {
            out.push(format!(
                "{} {}/{}",
                lang.pick("đã giải trình", "explained"),
                c.flags_answered,
                c.flags
            ));
        }
        out.join(" · ")
    }

    /// "82/100".
    pub fn shown(&self, lang: Lang) -> String {
        format!("{}/100", number(f64::from(self.value), lang))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_complete_timely_consistent_report_scores_100() {
        let c = Counts {
            slots: 4,
            filled: 4,
            on_time: Some(true),
            ..Counts::default()
        };
        assert_eq!(score(&c).map(|s| s.value), Some(100));
    }

    #[test]
    fn the_score_is_the_mean_of_the_parts_that_apply() {
        // Completeness 3/4 = 0,75; late = 0; checks 1/2 = 0,5; flags 1/1 = 1.
        // (0,75 + 0 + 0,5 + 1) / 4 = 0,5625 → 56.
        let c = Counts {
            slots: 4,
            filled: 3,
            on_time: Some(false),
            checks: 2,
            checks_held: 1,
            flags: 1,
            flags_answered: 1,
        };
        let s = score(&c).expect("scored");
        assert_eq!(s.value, 56);
        assert_eq!(
            s.parts(&c, Lang::Vi),
            "số liệu 3/4 · trễ hạn · nhất quán 1/2 · đã giải trình 1/1"
        );
        // Not yet due and no checks or flags: completeness alone, 3/4 → 75.
        let early = Counts {
            slots: 4,
            filled: 3,
            ..Counts::default()
        };
        assert_eq!(score(&early).map(|s| s.value), Some(75));
    }

    #[test]
    fn a_report_with_nothing_to_give_has_no_score() {
        assert_eq!(score(&Counts::default()), None);
    }
}
