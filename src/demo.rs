//! The sample data set for the 2014 framework: several years of values for
//! every reporting unit, reports in every state, so that a newcomer sees every
//! page populated. The database is marked as holding sample data, and every
//! page says so. The figures are invented: plausible trends, not statistics.

use anyhow::{Context, bail};
use xanh_core::access::{Actor, Role};
use xanh_core::report::{NarrativePart, Value, expected_agencies, scope};
use xanh_core::workflow::{Action, PeriodState};
use xanh_store::{NarrativeChange, NewUser, Store, ValueChange};

const FRAMEWORK: &str = "kon-tum-598-2014";

/// Accounts of the sample data set: (account, role, agency, name).
const PEOPLE: &[(&str, Role, Option<&str>, &str)] = &[
    ("demo-admin", Role::Admin, None, "Quản trị (mẫu)"),
    (
        "demo-khdt",
        Role::Consolidator,
        Some("SO-KHDT"),
        "Chuyên viên Sở KH&ĐT (mẫu)",
    ),
    (
        "demo-ct",
        Role::Officer,
        Some("SO-CT"),
        "Cán bộ Sở Công thương (mẫu)",
    ),
    (
        "demo-xd",
        Role::Officer,
        Some("SO-XD"),
        "Cán bộ Sở Xây dựng (mẫu)",
    ),
    (
        "demo-nnptnt",
        Role::Officer,
        Some("SO-NNPTNT"),
        "Cán bộ Sở NN&PTNT (mẫu)",
    ),
    (
        "demo-khdt-bc",
        Role::Officer,
        Some("SO-KHDT"),
        "Cán bộ báo cáo Sở KH&ĐT (mẫu)",
    ),
    (
        "demo-khcn",
        Role::Officer,
        Some("SO-KHCN"),
        "Cán bộ Sở KH&CN (mẫu)",
    ),
    (
        "demo-lanhdao",
        Role::Viewer,
        None,
        "Lãnh đạo UBND tỉnh (mẫu)",
    ),
];

pub struct Loaded {
    pub password: String,
    pub accounts: Vec<&'static str>,
    pub reports: usize,
}

/// A small deterministic spread, so the data set is the same every time.
fn jitter(seed: &str) -> f64 {
    let h = seed.bytes().fold(2166136261u32, |h, b| {
        (h ^ u32::from(b)).wrapping_mul(16777619)
    });
    f64::from(h % 1000) / 1000.0 - 0.5
}

/// A plausible value of an indicator for a unit in a year (2014 = year 0).
fn value_of(indicator: &str, unit: &str, year: i32) -> Option<Value> {
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

fn narrative(objective: &str, year: i32) -> Vec<(NarrativePart, String)> {
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

/// Loads the sample data set into a database holding the 2014 framework and no reports.
pub async fn load(store: &Store) -> anyhow::Result<Loaded> {
    if store.is_demo().await? {
        bail!("the sample data set is already loaded / dữ liệu mẫu đã được nạp");
    }
    let fw = store
        .framework(FRAMEWORK, None)
        .await
        .context("the 2014 framework must be loaded first")?
        .framework;
    let periods = store.periods(FRAMEWORK).await?;
    for p in &periods {
        if !store.reports_of_period(p.id).await?.is_empty() {
            bail!(
                "this database already holds reports: the sample data set goes only into a fresh one"
            );
        }
    }
    let password = xanh_web::password::random_token()[..16].to_string();
    let hash = xanh_web::password::hash(password.clone())
        .await
        .map_err(anyhow::Error::msg)?;
    let mut actors = Vec::new();
    for (name, role, unit, display) in PEOPLE {
        let user = store
            .create_user(NewUser {
                username: name,
                display_name: display,
                password_hash: &hash,
                role: *role,
                unit_code: *unit,
                email: None,
            })
            .await
            .with_context(|| format!("creating the sample account {name}"))?;
        actors.push(user.actor().context("a known role")?);
    }
    let actor = |role: Role, unit: Option<&str>| -> &Actor {
        actors
            .iter()
            .find(|a| a.role == role && a.unit.as_deref() == unit)
            .unwrap_or(&actors[0])
    };
    let consolidator = actor(Role::Consolidator, Some("SO-KHDT")).clone();
    let mut reports = 0;
    for p in periods
        .iter()
        .filter(|p| p.kind == "annual" && p.year <= 2019)
    {
        let year = p.year as i32;
        store
            .set_period_state(p.id, PeriodState::Open, &consolidator)
            .await?;
        let data_to = xanh_web::parse_iso_date(&p.data_to).context("a period date")?;
        for unit in expected_agencies(&fw, xanh_core::framework::ReportingTime::Annual) {
            // The last year shows every state: accepted, submitted, returned, draft, not started.
            let target_state = match (year, unit.as_str()) {
                (2019, "SO-CT") => "submitted",
                (2019, "SO-XD") => "returned",
                (2019, "SO-NNPTNT") => "draft",
                (2019, _) => "not_started",
                _ => "accepted",
            };
            if target_state == "not_started" {
                continue;
            }
            let officer = actor(Role::Officer, Some(&unit)).clone();
            let report = store.ensure_report(p.id, &unit).await?;
            let mut values = Vec::new();
            let mut texts = Vec::new();
            for o in scope(
                &fw,
                &unit,
                xanh_core::framework::ReportingTime::Annual,
                data_to,
            ) {
                for s in &o.slots {
                    if let Some(v) = value_of(&s.indicator, &s.unit, year) {
                        values.push(ValueChange {
                            indicator: s.indicator.clone(),
                            unit: s.unit.clone(),
                            value: Some(v),
                            note: Some("Số liệu mẫu".into()),
                        });
                    }
                }
                for (part, body) in narrative(&o.objective, year) {
                    texts.push(NarrativeChange {
                        objective: o.objective.clone(),
                        part,
                        body,
                    });
                }
            }
            let report = store
                .save_report(report.id, report.version, &values, &texts, &officer)
                .await?;
            reports += 1;
            if target_state == "draft" {
                continue;
            }
            let report = store
                .change_report_state(
                    report.id,
                    Some(report.version),
                    Action::Submit,
                    None,
                    &officer,
                )
                .await?;
            // Sample reports stand for past years: date them a few days before
            // the deadline, but one of them three days late, as happens.
            let day = if year == 2016 && unit == "SO-NNPTNT" {
                17
            } else {
                10
            };
            store
                .set_sample_submission_time(report.id, &format!("{year}-12-{day:02}T02:00:00Z"))
                .await?;
            match target_state {
                "accepted" => {
                    store
                        .change_report_state(
                            report.id,
                            Some(report.version),
                            Action::Accept,
                            None,
                            &consolidator,
                        )
                        .await?;
                }
                "returned" => {
                    store
                        .change_report_state(
                            report.id,
                            Some(report.version),
                            Action::Return,
                            Some("Đề nghị bổ sung nguồn số liệu (mẫu)."),
                            &consolidator,
                        )
                        .await?;
                }
                _ => {}
            }
        }
        if year < 2019 {
            store
                .set_period_state(p.id, PeriodState::Closed, &consolidator)
                .await?;
        }
    }
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
        issue_provincial_report(store, p.id, &consolidator).await?;
    }
    store.set_setting("demo", "1").await?;
    Ok(Loaded {
        password,
        accounts: PEOPLE.iter().map(|p| p.0).collect(),
        reports,
    })
}

/// The 2018 provincial report, compiled from the accepted reports and issued,
/// so that the official documents can be read and exported from the start
/// (`xanh export report --period annual-2018`).
async fn issue_provincial_report(
    store: &Store,
    period_id: i64,
    consolidator: &Actor,
) -> anyhow::Result<()> {
    use xanh_web::official::provincial::{Issue, compile_draft, issue_version};
    let state = xanh_web::AppState::new(store.clone());
    let said = |e: xanh_web::WebError| anyhow::anyhow!("{} / {}", e.vi, e.en);
    let id = compile_draft(&state, period_id, consolidator, xanh_core::Lang::Vi)
        .await
        .map_err(said)?;
    let draft = store.provincial_report(id).await?;
    let issue = Issue {
        revision: draft.revision,
        number: "15/BC-UBND",
        date: time::Date::from_calendar_date(2019, time::Month::January, 20)
            .context("a calendar date")?,
        // The customary placeholder name: the sample data set names no real official.
        signer_name: "Nguyễn Văn A",
    };
    issue_version(&state, &draft, &issue, consolidator)
        .await
        .context("issuing the sample provincial report")
}
