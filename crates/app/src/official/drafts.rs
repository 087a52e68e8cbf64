//! The provincial report's drafted paragraphs: an opening summary (how the
//! indicators stand, which agencies reported, late or not at all) and one
//! paragraph per objective, from the accepted figures as the dashboard
//! assesses them. They enter a draft version only when the consolidator
//! takes them; the audit trail records that they were drafted and who took
//! them. The web page and the sample data set both call [`take`].

use super::provincial::{Body, body_of, to_json};
use crate::App;
use crate::consolidation::picture;
use crate::drafting::PieceView;
use crate::error::AppError;
use crate::reporting::store_error;
use xanh_core::Lang;
use xanh_core::access::Actor;
use xanh_core::assess::{Series, assess_indicator};
use xanh_core::draft::{self, Delivery, IndicatorFacts, Paragraph};
use xanh_core::framework::{Framework, IndicatorKind};
use xanh_core::report::NarrativePart;
use xanh_store::{PeriodRow, ProvincialRow, StoreError};

/// What a drafted paragraph is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// The opening summary.
    Summary,
    /// The results of an objective.
    Objective(String),
}

impl Target {
    /// `summary`, or an objective's code, as the form's button names it.
    pub fn parse(s: &str) -> Target {
        if s == "summary" {
            Target::Summary
        } else {
            Target::Objective(s.to_string())
        }
    }
}

/// The drafts of a period's provincial report.
pub struct Drafts {
    pub summary: Paragraph,
    pub objectives: Vec<(String, Paragraph)>,
}

impl Drafts {
    pub fn of(&self, t: &Target) -> Option<&Paragraph> {
        match t {
            Target::Summary => Some(&self.summary),
            Target::Objective(code) => self
                .objectives
                .iter()
                .find(|(c, _)| c == code)
                .map(|(_, p)| p),
        }
    }
}

fn unit_name(fw: &Framework, code: &str, lang: Lang) -> String {
    fw.unit(code)
        .map(|u| u.short().get(lang).to_string())
        .unwrap_or_else(|| code.to_string())
}

/// Drafts the summary and every objective of the period's report.
pub async fn drafts(
    state: &App,
    fw: &Framework,
    period: &PeriodRow,
    lang: Lang,
) -> Result<Drafts, AppError> {
    let year = period.year as i32;
    let mut values = state
        .store
        .published_values(&fw.code, false)
        .await
        .map_err(store_error(lang))?;
    values.retain(|v| v.year <= year);
    let ratings = state
        .store
        .ratings(&fw.code)
        .await
        .map_err(store_error(lang))?;
    let pictures = picture(fw, &values, &ratings, year);
    let time = period.kind;
    let mut objectives = Vec::new();
    for o in fw.objectives.iter().filter(|o| o.reporting.contains(&time)) {
        let facts: Vec<IndicatorFacts> = pictures
            .iter()
            .filter(|p| p.objective == o.code && p.indicator.kind != IndicatorKind::Qualitative)
            .map(|p| {
                let behind = p
                    .by_unit
                    .iter()
                    .filter(|(u, _)| fw.unit(u).is_some_and(|u| u.is_territorial()))
                    .filter_map(|(u, by_year)| {
                        let points: Vec<(i32, f64)> = by_year
                            .iter()
                            .filter_map(|(y, v)| match v {
                                xanh_core::report::Value::Number(n) => Some((*y, *n)),
                                _ => None,
                            })
                            .collect();
                        let s = Series::new(points).ok()?;
                        s.value_in(year)?;
                        let status = assess_indicator(p.indicator, &s, year).status;
                        draft::is_behind(status).then(|| (unit_name(fw, u, lang), status))
                    })
                    .collect();
                IndicatorFacts {
                    indicator: p.indicator,
                    unit: fw.issuer.clone(),
                    series: Series::new(p.province.clone()).unwrap_or_default(),
                    year,
                    assessment: p.assessment.clone(),
                    missing: p.missing.iter().map(|u| unit_name(fw, u, lang)).collect(),
                    behind,
                }
            })
            .collect();
        if !facts.is_empty() {
            objectives.push((o.code.clone(), draft::objective(&facts, lang)));
        }
    }
    let (_, rows) = crate::overview::overview_rows(state, period.id, lang).await?;
    let delivery = Delivery {
        expected: rows.len(),
        delivered: rows.iter().filter(|r| r.state.delivered()).count(),
        late: rows
            .iter()
            .filter(|r| r.late && r.state.delivered())
            .map(|r| r.unit_name.clone())
            .collect(),
        missing: rows
            .iter()
            .filter(|r| !r.state.delivered())
            .map(|r| r.unit_name.clone())
            .collect(),
    };
    let statuses: Vec<_> = pictures.iter().map(|p| p.assessment.status).collect();
    Ok(Drafts {
        summary: draft::opening(year, &statuses, &delivery, lang),
        objectives,
    })
}

/// A draft's pieces for the page: each figure linked to the indicator's page
/// for its year (a provincial report holds no field of its own to link to).
pub fn view(p: &Paragraph, fw: &Framework) -> Vec<PieceView> {
    crate::drafting::view(p, fw, &[], 0)
}

/// Adds a drafted paragraph to `body` (after what is there, never twice).
pub fn put(body: &mut Body, target: &Target, text: &str) -> bool {
    let slot = match target {
        Target::Summary => &mut body.summary,
        Target::Objective(code) => {
            let Some(p) = body
                .objectives
                .iter_mut()
                .find(|o| &o.code == code)
                .and_then(|o| {
                    o.parts
                        .iter_mut()
                        .find(|p| p.part == NarrativePart::Results.as_str())
                })
            else {
                return false;
            };
            &mut p.text
        }
    };
    if !slot.contains(text) {
        if slot.trim().is_empty() {
            *slot = text.to_string();
        } else {
            *slot = format!("{}\n\n{text}", slot.trim_end());
        }
    }
    true
}

/// Takes the drafted paragraphs `targets` (in Vietnamese, the report's
/// language) into a draft version, as `actor`; answers the new revision.
pub async fn take(
    state: &App,
    r: &ProvincialRow,
    targets: &[Target],
    actor: &Actor,
) -> Result<i64, AppError> {
    // The consolidator's work: whichever edge asks, the rule is checked here.
    if !actor.can_review() {
        return Err(AppError::forbidden(Lang::Vi));
    }
    let lang = Lang::Vi;
    let (period, fw) = crate::reporting::period_with_framework(state, r.period_id, lang).await?;
    let found = drafts(state, &fw, &period, lang).await?;
    let mut body = body_of(r, lang)?;
    let mut taken = Vec::new();
    for t in targets {
        let Some(p) = found.of(t) else { continue };
        if put(&mut body, t, &p.text()) {
            taken.push(match t {
                Target::Summary => "summary".to_string(),
                Target::Objective(c) => c.clone(),
            });
        }
    }
    if taken.is_empty() {
        return Err(AppError::invalid(
            lang,
            "Không có bản nháp nào cho phần này.",
            "There is no draft for this part.",
        ));
    }
    state
        .store
        .edit_provincial_report(
            r.id,
            r.revision,
            &r.subject,
            &to_json(&body),
            Some(&taken.join(",")),
            actor,
        )
        .await
        .map_err(|e| match e {
            StoreError::Conflict(_) => AppError::invalid(
                lang,
                "Báo cáo vừa được thay đổi; hãy tải lại trang rồi chọn bản nháp lần nữa.",
                "The report was changed in the meantime; reload the page and take the draft again.",
            ),
            e => AppError::from_store(e, lang),
        })
}
