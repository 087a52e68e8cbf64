//! The 2014 Kon Tum framework's sample data: values 2014–2019 for every
//! department and district, reports in every state in 2019, two ratings of
//! a qualitative indicator and the issued 2018 provincial report.

use super::Accounts;
use super::round::{self, Issued, Rounds, Target, jitter};
use xanh_core::access::Role;
use xanh_core::report::{NarrativePart, Value};
use xanh_store::Store;

pub const FRAMEWORK: &str = "kon-tum-598-2014";

/// A plausible value of an indicator for a unit in a year (2014 = year 0).
pub fn value_of(indicator: &str, unit: &str, year: i32) -> Option<Value> {
    let t = f64::from(year - 2014);
    let j = jitter(&format!("{indicator}{unit}"));
    let pct = |start: f64, step: f64| {
        Some(Value::Number(
            ((start + step * t + 4.0 * j).clamp(0.0, 100.0) * 10.0).round() / 10.0,
        ))
    };
    match indicator {
        "1.1" => pct(38.0, 8.5),
        "1.2" => pct(18.0, 4.0),
        "1.3" => pct(4.0, 0.9),
        "1.4" => pct(25.0, 6.0),
        "2.2.1" => Some(Value::YesNo(year >= 2019)),
        "2.2.2" => pct(62.0 + 10.0 * j, 5.5),
        "2.2.3" => pct(22.0, 5.0),
        "2.2.4" => pct(12.0, 3.5),
        "2.2.5" => Some(Value::Number((8.0 + (j + 0.5) * 14.0).round())),
        "2.3.1" => pct(45.0, 6.0),
        "4.2" => pct(82.0, 4.0).map(|v| match v {
            Value::Number(n) => Value::Number(n.min(if year >= 2018 { 100.0 } else { 98.0 })),
            other => other,
        }),
        "4.3" => pct(70.0, 6.0),
        "LN.1" => pct(57.0 + 12.0 * j, 0.9),
        "LN.2" => Some(Value::Number(
            ((60_000.0 + (j + 0.5) * 120_000.0) / 100.0).round() * 100.0,
        )),
        "3.1" => Some(Value::Text(
            "Phần lớn các xã đã có tổ thu gom rác; tỷ lệ phân loại tại nguồn còn thấp (mẫu)."
                .into(),
        )),
        "3.2" => Some(Value::Text(
            "Tỷ lệ dân nông thôn dùng nước hợp vệ sinh tăng đều qua các năm (mẫu).".into(),
        )),
        "4.1" => Some(Value::Text(
            "Đã ban hành danh mục sản phẩm xanh ưu tiên mua sắm (mẫu).".into(),
        )),
        _ => None,
    }
}

pub fn narrative(objective: &str, year: i32) -> Vec<(NarrativePart, String)> {
    vec![
        (
            NarrativePart::Results,
            format!(
                "Năm {year}, các nhiệm vụ của mục tiêu {objective} được triển khai theo kế hoạch; số liệu chi tiết tại bảng chỉ tiêu (dữ liệu mẫu)."
            ),
        ),
        (
            NarrativePart::Shortcomings,
            "Nguồn lực còn hạn chế; số liệu một số huyện gửi chậm (dữ liệu mẫu).".to_string(),
        ),
        (
            NarrativePart::Directions,
            format!(
                "Năm {}, tiếp tục đẩy mạnh thực hiện, ưu tiên các chỉ tiêu còn chậm (dữ liệu mẫu).",
                year + 1
            ),
        ),
        (
            NarrativePart::Recommendations,
            "Đề nghị bố trí kinh phí theo dõi, đánh giá hằng năm (dữ liệu mẫu).".to_string(),
        ),
    ]
}

/// Loads Kon Tum's sample reports; the number of reports written.
pub async fn load(store: &Store, people: &Accounts) -> anyhow::Result<usize> {
    let fw = store.framework(FRAMEWORK, None).await?.framework;
    let periods = store.periods(FRAMEWORK).await?;
    let consolidator = people.get(Role::Consolidator, Some("SO-KHDT")).clone();
    // The last year shows every state: accepted, submitted, returned, draft, not started.
    let target = |year: i32, unit: &str| match (year, unit) {
        (2019, "SO-CT") => Target::Submitted,
        (2019, "SO-XD") => Target::Returned,
        (2019, "SO-NNPTNT") => Target::Draft,
        (2019, _) => Target::NotStarted,
        _ => Target::Accepted,
    };
    // Sample reports stand for past years: dated a few days before the
    // deadline, but one of them three days late, as happens.
    let submitted_at = |year: i32, unit: &str| {
        let day = if year == 2016 && unit == "SO-NNPTNT" {
            17
        } else {
            10
        };
        format!("{year}-12-{day:02}T02:00:00Z")
    };
    let rounds = Rounds {
        consolidator: &consolidator,
        open_year: 2019,
        target: &target,
        submitted_at: &submitted_at,
        value: &value_of,
        narrative: &narrative,
    };
    let reports = round::rounds(store, &fw, &periods, people, &rounds).await?;
    // The consolidator's ratings of a qualitative indicator, so its timeline
    // of states shows on the pages and in the 2018 report.
    for (year, rating, why) in [
        (2016, "partly_achieved", "Mới thu gom ở các thị trấn (mẫu)."),
        (
            2018,
            "largely_achieved",
            "Đã thu gom ở phần lớn các xã (mẫu).",
        ),
    ] {
        store
            .rate(&fw.code, "3.1", year, rating, why, &consolidator)
            .await?;
    }
    if let Some(p) = periods.iter().find(|p| p.code == "annual-2018") {
        let date = time::Date::from_calendar_date(2019, time::Month::January, 20)?;
        round::issue_provincial_report(
            store,
            p.id,
            &consolidator,
            Issued {
                number: "15/BC-UBND",
                date,
            },
        )
        .await?;
    }
    Ok(reports)
}
