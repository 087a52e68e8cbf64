//! The new Quảng Ngãi province's sample data (plan 2021–2030, reports from
//! 2023): 2023–2024 by the former province's districts, town and city,
//! 2025–2026 by the 96 communes, wards and special zone that replaced them on
//! 1 July 2025. Forest cover jumps in 2025 because the province then includes
//! the former Kon Tum: the break the indicator page explains. 2023–2025 are
//! accepted and the 2025 provincial report is issued; 2026, the open period
//! in December 2026, shows every state.

use super::Accounts;
use super::round::{self, Issued, Rounds, Target, jitter, percent};
use xanh_core::access::Role;
use xanh_core::report::{NarrativePart, Value};
use xanh_store::Store;

pub const FRAMEWORK: &str = "quang-ngai-822-2023";

/// The last year with sample reports: the period open in December 2026.
const OPEN_YEAR: i32 = 2026;

/// Forest cover (%) of a territorial unit. Communes coded 23xxx lie in the
/// former Kon Tum (more forest), 21xxx in the former Quảng Ngãi.
fn forest_cover(unit: &str, t: f64) -> f64 {
    let j = jitter(unit);
    let base = match unit {
        "QN-H-LYSON" => 8.0,
        "QN-TP-QUANGNGAI" => 12.0,
        u if u.starts_with("X23") => 64.0 + 24.0 * j,
        u if u.starts_with('X') => 47.0 + 30.0 * j,
        _ => 52.0 + 30.0 * j,
    };
    base + 0.4 * t
}

/// Natural land area (ha) of a territorial unit: the weight of forest cover.
fn land_area(unit: &str) -> f64 {
    let j = jitter(&format!("area{unit}"));
    let ha = match unit {
        "QN-H-LYSON" => 1_040.0,
        "QN-TP-QUANGNGAI" => 15_600.0,
        u if u.starts_with("X23") => 24_000.0 + 16_000.0 * j,
        u if u.starts_with('X') => 9_200.0 + 8_000.0 * j,
        _ => 40_000.0 + 30_000.0 * j,
    };
    (ha / 10.0).round() * 10.0
}

pub fn value_of(indicator: &str, unit: &str, year: i32) -> Option<Value> {
    let t = f64::from(year - 2023);
    let j = 0.6 * jitter(&format!("{indicator}{year}"));
    match indicator {
        "1.1" => percent(6.5 + 1.2 * t + j),
        "2.1.1" => percent(0.9 + 0.1 * t),
        "2.1.2" => percent(11.0 + 1.4 * t + j),
        "2.2.1" => percent(12.0 + 2.0 * t + j),
        "2.3.1" => percent(forest_cover(unit, t)),
        "2.3.2" => percent(18.0 + 2.0 * t + j),
        "2.3.3" => Some(Value::Number(land_area(unit))),
        "3.1.1" => percent(88.0 + 1.5 * t + j),
        "3.1.2" => percent(45.0 - 5.0 * t + j),
        "3.2.1" => percent(15.0 + 3.0 * t + j),
        "3.2.2" => percent(12.0 + 1.7 * t + j),
        "3.3.1" => percent(15.0 + 3.4 * t + j),
        _ => None,
    }
}

pub fn narrative(objective: &str, year: i32) -> Vec<(NarrativePart, String)> {
    let below = if year >= 2025 {
        "một số xã, phường"
    } else {
        "một số huyện"
    };
    vec![
        (
            NarrativePart::Results,
            format!(
                "Năm {year}, các nhiệm vụ của mục tiêu {objective} được triển khai theo Kế hoạch; số liệu chi tiết tại bảng chỉ tiêu (dữ liệu mẫu)."
            ),
        ),
        (
            NarrativePart::Shortcomings,
            format!(
                "Số liệu của {below} gửi chậm; chưa có hướng dẫn thống nhất cách tính một số chỉ tiêu (dữ liệu mẫu)."
            ),
        ),
        (
            NarrativePart::Directions,
            format!(
                "Năm {}, tiếp tục thực hiện Kế hoạch, ưu tiên các chỉ tiêu còn chậm (dữ liệu mẫu).",
                year + 1
            ),
        ),
        (
            NarrativePart::Recommendations,
            "Đề nghị bố trí kinh phí theo dõi, đánh giá tăng trưởng xanh hằng năm (dữ liệu mẫu)."
                .to_string(),
        ),
    ]
}

/// Loads the new province's sample reports; the number of reports written.
pub async fn load(store: &Store, people: &Accounts) -> anyhow::Result<usize> {
    let fw = store.framework(FRAMEWORK, None).await?.framework;
    let periods = store.periods(FRAMEWORK).await?;
    let consolidator = people.get(Role::Consolidator, Some("QN-SO-TC")).clone();
    // The open year shows every state; the years before are accepted.
    let target = |year: i32, unit: &str| match (year, unit) {
        // Waiting on its communes: a few sent, one returned (round.rs).
        (OPEN_YEAR, "QN-SO-NNMT") => Target::Draft,
        (OPEN_YEAR, "QN-SO-CT") => Target::Submitted,
        (OPEN_YEAR, "QN-SO-XD") => Target::Returned,
        (OPEN_YEAR, "QN-SO-KHCN") => Target::Draft,
        (OPEN_YEAR, _) => Target::NotStarted,
        _ => Target::Accepted,
    };
    let submitted_at = |year: i32, unit: &str| match (year, unit) {
        (OPEN_YEAR, _) => format!("{year}-12-02T02:00:00Z"),
        // One report of the first year after the merger, late.
        (2025, "QN-SO-XD") => format!("{year}-12-23T02:00:00Z"),
        _ => format!("{year}-12-12T02:00:00Z"),
    };
    let rounds = Rounds {
        consolidator: &consolidator,
        open_year: OPEN_YEAR,
        target: &target,
        submitted_at: &submitted_at,
        value: &value_of,
        narrative: &narrative,
    };
    let reports = round::rounds(store, &fw, &periods, people, &rounds).await?;
    if let Some(p) = periods.iter().find(|p| p.code == "annual-2025") {
        let date = time::Date::from_calendar_date(2026, time::Month::January, 16)?;
        round::issue_provincial_report(
            store,
            p.id,
            &consolidator,
            Issued {
                number: "08/BC-UBND",
                date,
            },
        )
        .await?;
    }
    Ok(reports)
}
