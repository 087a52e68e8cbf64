//! The opening summary of a provincial report: how the indicators stand,
//! and which agencies reported, late or not at all.

use super::{Paragraph, join, names};
use crate::assess::Status;
use crate::text::Lang;

/// Which expected agencies delivered their report, by name.
#[derive(Debug, Clone, Default)]
pub struct Delivery {
    pub expected: usize,
    pub delivered: usize,
    /// Delivered after the deadline.
    pub late: Vec<String>,
    /// Not delivered.
    pub missing: Vec<String>,
}

/// The order statuses are counted in, best first.
const ORDER: [Status; 10] = [
    Status::Achieved,
    Status::OnTrack,
    Status::Moderate,
    Status::Limited,
    Status::Deterioration,
    Status::Missed,
    Status::Breach,
    Status::NotRated,
    Status::InsufficientData,
    Status::NotYetDue,
];

/// "Năm 2025, trong 12 chỉ tiêu được theo dõi: 2 đã đạt, 5 đúng tiến độ và
/// 1 thụt lùi. 5/6 cơ quan, đơn vị đã gửi báo cáo, trong đó 1 gửi trễ hạn
/// (Sở X); chưa gửi: Sở Y."
pub fn opening(year: i32, statuses: &[Status], d: &Delivery, lang: Lang) -> Paragraph {
    let mut counts: Vec<String> = ORDER
        .iter()
        .map(|s| (s, statuses.iter().filter(|x| *x == s).count()))
        .filter(|(_, n)| *n > 0)
        .map(|(s, n)| format!("{n} {}", s.label(lang).to_lowercase()))
        .collect();
    let rated = statuses
        .iter()
        .filter(|s| matches!(s, Status::Rated(_)))
        .count();
    if rated > 0 {
        counts.push(match lang {
            Lang::Vi => format!("{rated} được đánh giá định tính"),
            Lang::En => format!("{rated} rated by the consolidator"),
        });
    }
    let mut p = Paragraph::default();
    p.words(match lang {
        Lang::Vi => format!(
            "Năm {year}, trong {} chỉ tiêu được theo dõi: {}.",
            statuses.len(),
            join(counts.clone(), "và")
        ),
        Lang::En => format!(
            "In {year}, of the {} indicators monitored: {}.",
            statuses.len(),
            join(counts, "and")
        ),
    });
    if d.expected > 0 {
        p.words(match lang {
            Lang::Vi => format!(
                " {}/{} cơ quan, đơn vị đã gửi báo cáo",
                d.delivered, d.expected
            ),
            Lang::En => format!(
                " {} of {} agencies delivered their report",
                d.delivered, d.expected
            ),
        });
        if !d.late.is_empty() {
            p.words(match lang {
                Lang::Vi => format!(
                    ", trong đó {} gửi trễ hạn ({})",
                    d.late.len(),
                    names(&d.late, lang)
                ),
                Lang::En => format!(", {} of them late ({})", d.late.len(), names(&d.late, lang)),
            });
        }
        if !d.missing.is_empty() {
            p.words(match lang {
                Lang::Vi => format!("; chưa gửi: {}", names(&d.missing, lang)),
                Lang::En => format!("; not delivered: {}", names(&d.missing, lang)),
            });
        }
        p.words(".");
    }
    p
}
