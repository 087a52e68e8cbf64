//! The provincial report's content and its two use cases that write:
//! compiling a draft from the accepted agency reports (objective by objective,
//! with who wrote what), and issuing a version with its number, date and
//! signer. The web pages and the sample data set both call them.

use crate::App;
use crate::consolidation::{is_milestone, latest, picture};
use crate::error::AppError;
use crate::reporting::store_error;
use serde::{Deserialize, Serialize};
use xanh_core::Lang;
use xanh_core::access::Actor;
use xanh_core::report::NarrativePart;
use xanh_store::{PeriodRow, ProvincialIssue, ProvincialRow, StoreError};

/// The editable text of a provincial report.
#[derive(Serialize, Deserialize, Default, Clone)]
pub struct Body {
    /// The opening summary (absent from versions stored before it existed).
    #[serde(default)]
    pub summary: String,
    pub objectives: Vec<ObjectiveText>,
}

#[derive(Serialize, Deserialize, Clone)]
pub struct ObjectiveText {
    pub code: String,
    pub title: String,
    pub parts: Vec<PartText>,
}

#[derive(Serialize, Deserialize, Clone)]
pub struct PartText {
    pub part: String,
    pub text: String,
    /// Who wrote what went in: "Sở Công thương (Cán bộ ct)".
    pub sources: Vec<String>,
}

/// A row of the indicator table, as fixed at issue.
#[derive(Serialize, Deserialize, Clone)]
pub struct IndicatorLine {
    pub code: String,
    pub name: String,
    pub target: String,
    pub value: String,
    pub status: String,
    pub status_label: String,
    /// The trend chart as it stood (SVG), so an issued report keeps its charts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub chart: Option<String>,
}

/// The stored text of a version, or a refusal: a body that does not read is
/// never taken for an empty one, which the next save would write over it.
pub fn body_of(r: &ProvincialRow, lang: Lang) -> Result<Body, AppError> {
    serde_json::from_str(&r.body_json).map_err(|e| {
        tracing::error!(report = r.id, error = %e, "a provincial report's stored text does not read");
        unreadable(lang)
    })
}

/// A row of the data-quality annex, as fixed at issue: one reporting agency.
#[derive(Serialize, Deserialize, Clone)]
pub struct QualityLine {
    pub agency: String,
    pub figures: String,
    pub on_time: String,
    pub consistency: String,
    pub explained: String,
    pub score: String,
}

/// What an issued version fixes beside its text: the indicator table and
/// (since the quality annex exists) the quality of each agency's report.
/// Versions issued before the annex stored the table alone.
#[derive(Serialize, Deserialize)]
#[serde(untagged)]
enum Fixed {
    Both {
        indicators: Vec<IndicatorLine>,
        quality: Vec<QualityLine>,
    },
    Table(Vec<IndicatorLine>),
}

/// The indicator table fixed at issue; refused when it does not read.
pub fn table_of(r: &ProvincialRow, lang: Lang) -> Result<Vec<IndicatorLine>, AppError> {
    fixed_of(r, lang).map(|(t, _)| t)
}

/// The indicator table and the quality annex fixed at issue (an empty annex
/// for versions issued before it existed); refused when they do not read.
pub fn fixed_of(
    r: &ProvincialRow,
    lang: Lang,
) -> Result<(Vec<IndicatorLine>, Vec<QualityLine>), AppError> {
    match serde_json::from_str(&r.indicators_json) {
        Ok(Fixed::Both {
            indicators,
            quality,
        }) => Ok((indicators, quality)),
        Ok(Fixed::Table(t)) => Ok((t, Vec::new())),
        Err(e) => {
            tracing::error!(report = r.id, error = %e, "a provincial report's stored table does not read");
            Err(unreadable(lang))
        }
    }
}

/// The quality of every expected agency's report of the period, as the
/// period overview computes it.
pub async fn quality_annex(
    state: &App,
    period_id: i64,
    lang: Lang,
) -> Result<Vec<QualityLine>, AppError> {
    let (_, rows) = crate::overview::overview_rows(state, period_id, lang).await?;
    let ratio = |a: usize, b: usize| {
        if b == 0 {
            "—".to_string()
        } else {
            format!("{a}/{b}")
        }
    };
    Ok(rows
        .into_iter()
        .map(|r| QualityLine {
            figures: ratio(r.counts.filled, r.counts.slots),
            on_time: match r.counts.on_time {
                Some(true) => lang.pick("Đúng hạn", "On time").into(),
                Some(false) => lang.pick("Trễ hạn", "Late").into(),
                None => "—".into(),
            },
            consistency: ratio(r.counts.checks_held, r.counts.checks),
            explained: ratio(r.counts.flags_answered, r.counts.flags),
            score: r.quality,
            agency: r.unit_name,
        })
        .collect())
}

pub fn unreadable(lang: Lang) -> AppError {
    AppError::with_message(
        crate::Kind::Conflict,
        "unreadable_report",
        lang,
        "Nội dung đã lưu của phiên bản này không đọc được, nên Xanh không ghi gì đè lên nó. Hãy lập một phiên bản mới và báo cho quản trị hệ thống.",
        "The stored text of this version cannot be read, so Xanh writes nothing over it. Compile a new version and tell the administrator.",
    )
}

pub fn to_json<T: Serialize>(v: &T) -> String {
    // Plain structs of strings: serialising them cannot fail.
    serde_json::to_string(v).unwrap_or_else(|_| "null".into())
}

/// How a period is named inside a sentence: "năm 2018", "giữa kỳ giai đoạn 2011 - 2015".
pub fn period_phrase(p: &PeriodRow) -> String {
    let from = p.data_from.get(..4).unwrap_or_default();
    let to = p.data_to.get(..4).unwrap_or_default();
    use xanh_core::framework::ReportingTime;
    match p.kind {
        ReportingTime::MidTerm => format!("giữa kỳ giai đoạn {from} - {to}"),
        ReportingTime::EndTerm => format!("cuối kỳ giai đoạn {from} - {to}"),
        ReportingTime::Annual => format!("năm {}", p.year),
    }
}

/// The indicator table of a year, each chart ending at that year: a report
/// never shows figures of the years after its own.
pub async fn indicator_table(
    state: &App,
    framework: &str,
    year: i32,
    lang: Lang,
) -> Result<Vec<IndicatorLine>, AppError> {
    let fw = state
        .store
        .framework(framework, None)
        .await
        .map_err(store_error(lang))?
        .framework;
    let mut values = state
        .store
        .published_values(framework, false)
        .await
        .map_err(store_error(lang))?;
    values.retain(|v| v.year <= year);
    let ratings = state
        .store
        .ratings(framework)
        .await
        .map_err(store_error(lang))?;
    let mut lines = Vec::new();
    for p in &picture(&fw, &values, &ratings, year) {
        // An indicator that carries on one of an earlier plan is drawn with it.
        let earlier =
            crate::continued::earlier_for_report(state, &fw, p.indicator, year, lang).await?;
        let with_earlier = earlier.as_ref().is_some_and(|j| !j.values.is_empty());
        lines.push(IndicatorLine {
            code: p.indicator.code.clone(),
            name: p.indicator.name.get(lang).to_string(),
            target: p.indicator.target.describe(&p.indicator.unit.vi, lang),
            value: latest(p, year)
                .map(|(y, v)| {
                    // A milestone is reached or not: "0" would read as a quantity.
                    let shown = if is_milestone(p.indicator) {
                        if v >= 0.5 {
                            lang.pick("Đã hoàn thành", "Reached").to_string()
                        } else {
                            lang.pick("Chưa hoàn thành", "Not reached").to_string()
                        }
                    } else {
                        xanh_core::display::measure(v, &p.indicator.unit.vi, lang)
                    };
                    format!("{shown} ({y})")
                })
                .unwrap_or_else(|| "—".into()),
            status: p.assessment.status.code().to_string(),
            status_label: p.assessment.status.label(lang).to_string(),
            // A qualitative indicator's chart is its ratings over the years.
            chart: (p.province.len() >= 2
                || (with_earlier && !p.province.is_empty())
                || (p.indicator.kind == xanh_core::framework::IndicatorKind::Qualitative
                    && p.rating.is_some()))
            .then(|| crate::chart::indicator::trend(&fw, p, &ratings, earlier.as_ref(), lang)),
        });
    }
    Ok(lines)
}

/// Compiles a new draft version for a period from the accepted agency
/// reports and the coordinating agencies' contributions; answers its id.
pub async fn compile_draft(
    state: &App,
    period_id: i64,
    actor: &Actor,
    lang: Lang,
) -> Result<i64, AppError> {
    // The consolidator's work: whichever edge asks, the rule is checked here.
    if !actor.can_review() {
        return Err(AppError::forbidden(lang));
    }
    let (period, fw) = crate::reporting::period_with_framework(state, period_id, lang).await?;
    let reports = state
        .store
        .reports_of_period(period_id)
        .await
        .map_err(store_error(lang))?;
    let contributions = state
        .store
        .contributions(period_id)
        .await
        .map_err(store_error(lang))?;
    let unit_name = |c: &str| {
        fw.unit(c)
            .map(|u| u.name.vi.clone())
            .unwrap_or_else(|| c.to_string())
    };
    let mut body = Body::default();
    for o in fw
        .objectives
        .iter()
        .filter(|o| o.reporting.contains(&period.kind))
    {
        let lead = o.lead.clone().unwrap_or_else(|| fw.consolidator.clone());
        // Only accepted reports go into the provincial report.
        let accepted = reports.iter().find(|r| {
            r.unit_code == lead && r.state() == xanh_core::workflow::ReportState::Accepted
        });
        let narratives = match accepted {
            Some(r) => state
                .store
                .narratives(r.id)
                .await
                .map_err(store_error(lang))?,
            None => Vec::new(),
        };
        let parts = NarrativePart::ALL
            .iter()
            .map(|part| {
                let mut text = Vec::new();
                let mut sources = Vec::new();
                if let Some(n) = narratives
                    .iter()
                    .find(|n| n.objective_code == o.code && n.part == *part)
                {
                    text.push(n.body.clone());
                    sources.push(format!(
                        "{} ({})",
                        unit_name(&lead),
                        n.updated_by.clone().unwrap_or_default()
                    ));
                }
                if *part == NarrativePart::Results {
                    for c in contributions.iter().filter(|c| c.objective_code == o.code) {
                        text.push(
                            format!("{}: {} {}", unit_name(&c.unit_code), c.figures, c.body)
                                .trim()
                                .to_string(),
                        );
                        sources.push(format!(
                            "{} ({})",
                            unit_name(&c.unit_code),
                            c.updated_by.clone().unwrap_or_default()
                        ));
                    }
                }
                PartText {
                    part: part.as_str().to_string(),
                    text: text.join("\n\n"),
                    sources,
                }
            })
            .collect();
        body.objectives.push(ObjectiveText {
            code: o.code.clone(),
            title: o.title.vi.clone(),
            parts,
        });
    }
    let table = indicator_table(state, &fw.code, period.year as i32, Lang::Vi).await?;
    let subject = fw.report_subject(&period_phrase(&period));
    state
        .store
        .create_provincial_report(period_id, &subject, &to_json(&body), &to_json(&table), actor)
        .await
        .map_err(|e| match e {
            StoreError::Conflict(_) => AppError::invalid(
                lang,
                "Đã có một bản dự thảo báo cáo tổng hợp cho kỳ này; hãy hoàn thiện hoặc ban hành bản đó.",
                "A draft provincial report already exists for this period; finish or issue it first.",
            ),
            e => AppError::from_store(e, lang),
        })
}

/// What the consolidator confirmed: the number, the date and the signer of
/// the revision they read.
pub struct Issue<'a> {
    pub revision: i64,
    pub number: &'a str,
    pub date: time::Date,
    pub signer_name: &'a str,
}

/// Issues a draft version: its number, date and signature block are fixed,
/// and its indicator table as it stands on the day. `Conflict` when the
/// draft was issued or changed since the consolidator confirmed.
pub async fn issue_version(
    state: &App,
    r: &ProvincialRow,
    issue: &Issue<'_>,
    actor: &Actor,
) -> Result<(), AppError> {
    let lang = Lang::Vi;
    if !actor.can_review() {
        return Err(AppError::forbidden(lang));
    }
    issue_checked(state, r, issue, actor)
        .await
        .map_err(|e| match e {
            Refusal::Store(e) => AppError::from_store(e, lang),
            Refusal::App(e) => e,
        })
}

/// Why an issue stopped: the store, or a use case it calls.
enum Refusal {
    Store(StoreError),
    App(AppError),
}

impl From<StoreError> for Refusal {
    fn from(e: StoreError) -> Self {
        Refusal::Store(e)
    }
}

async fn issue_checked(
    state: &App,
    r: &ProvincialRow,
    issue: &Issue<'_>,
    actor: &Actor,
) -> Result<(), Refusal> {
    let (code, period) = state.store.period(r.period_id).await?;
    let fw = state.store.framework(&code, None).await?.framework;
    let table = indicator_table(state, &code, period.year as i32, Lang::Vi)
        .await
        .map_err(Refusal::App)?;
    let quality = quality_annex(state, r.period_id, Lang::Vi)
        .await
        .map_err(Refusal::App)?;
    let fixed = Fixed::Both {
        indicators: table,
        quality,
    };
    let d = issue.date;
    let iso = xanh_core::display::iso_date(d);
    let signer_title = fw.report_signer().lines().join("\n");
    let indicators_json = to_json(&fixed);
    // The document as it will stand once issued, made (and signed) before the
    // issue commits, so that the issue and its PDF are kept together or not at all.
    let mut issued = r.clone();
    issued.state = xanh_core::workflow::ProvincialState::Issued;
    issued.number = Some(issue.number.to_string());
    issued.issued_on = Some(iso.clone());
    issued.indicators_json = indicators_json.clone();
    issued.signer_title = Some(signer_title.clone());
    issued.signer_name = Some(issue.signer_name.to_string());
    let (pdf, signed_by) = super::seal::issued_pdf(state, &issued, &fw)
        .await
        .map_err(Refusal::App)?;
    state
        .store
        .issue_provincial_report(
            r.id,
            &ProvincialIssue {
                revision: issue.revision,
                number: issue.number,
                issued_on: &iso,
                indicators_json: &indicators_json,
                signer_title: &signer_title,
                signer_name: issue.signer_name,
                pdf: Some((&pdf, signed_by.as_deref())),
            },
            actor,
        )
        .await?;
    Ok(())
}
