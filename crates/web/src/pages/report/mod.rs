//! An agency's report for a period: values by indicator (and unit), the
//! narrative objective by objective, coordinating agencies' contributions,
//! and the review actions.

mod actions;
mod audit;
mod below;
mod documents;

pub use actions::{change_state, save};
pub use audit::audit;
pub use documents::{docx, pdf};

use super::{Nav, render};
use crate::AppState;
use crate::auth::{Authed, Session};
use crate::error::WebError;
use crate::lang::{Lang, PageLang};
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use std::collections::HashMap;
use xanh_app::reporting::{
    self, FieldError, ReportContext, ReportInput, is_late, narrative_field, value_field,
};
use xanh_core::display::date_text as vn;
use xanh_core::framework::IndicatorKind;
use xanh_core::report::{NarrativePart, Value};
use xanh_core::workflow::ReportState;

mod views;
use views::*;

#[derive(Template)]
#[template(path = "report.html")]
struct ReportPage {
    lang: Lang,
    nav: Nav,
    csrf: String,
    id: i64,
    version: i64,
    agency: String,
    period: String,
    deadline: String,
    state: String,
    state_label: String,
    late: bool,
    editable: bool,
    can_submit: bool,
    can_review: bool,
    can_reopen: bool,
    /// Where this report goes: the consolidator, or the receiving department.
    sends_to: String,
    /// The communes' reports a department receives.
    below: Option<below::BelowView>,
    /// The audit trail and each value's history are open to this person.
    can_audit: bool,
    objectives: Vec<ObjectiveView>,
    /// The report's data-quality score, its parts, and how it is computed.
    quality: String,
    quality_parts: String,
    quality_how: String,
    /// Every marked figure, listed above the form for the reviewer.
    flagged: Vec<FlagLine>,
    comments: Vec<CommentView>,
    errors: Vec<ErrorLine>,
    flash: Option<(String, String)>,
    /// A sent report's digital signatures (None before it is sent).
    signing: Option<xanh_app::official::sent::SentSigning>,
}

mod flash;
use flash::{Flash, flash_text};

async fn build(
    state: &AppState,
    session: &Session,
    ctx: &ReportContext,
    lang: Lang,
    typed: Option<&ReportInput>,
    errors: Vec<FieldError>,
    flash: Option<(String, String)>,
) -> Result<ReportPage, WebError> {
    let fw = &ctx.framework;
    let facts = xanh_app::quality::Facts::read(
        state,
        fw,
        &ctx.framework_code,
        &ctx.period,
        Some(&ctx.report.unit_code),
        lang,
    )
    .await?;
    let values = &facts.values;
    let narratives = ctx.narratives(state, lang).await?;
    let all_slots: Vec<(String, String)> = ctx
        .scope
        .iter()
        .flat_map(|o| &o.slots)
        .map(|s| (s.indicator.clone(), s.unit.clone()))
        .collect();
    let marks = facts.marks(fw, &all_slots);
    let st = ctx.report.state();
    let quality = facts.quality(
        fw,
        &all_slots,
        xanh_app::quality::on_time(
            st,
            ctx.report.submitted_at.as_deref(),
            &ctx.deadline,
            time::OffsetDateTime::now_utc(),
        ),
    );
    let flagged: Vec<FlagLine> = all_slots
        .iter()
        .filter_map(|slot| {
            marks.get(slot).map(|m| FlagLine {
                anchor: format!("flag:{}:{}", slot.0, slot.1),
                label: reporting::field_label(&value_field(&slot.0, &slot.1), fw, lang),
                why: m.iter().map(|t| t.get(lang)).collect::<Vec<_>>().join(" "),
                note: values
                    .iter()
                    .find(|v| v.indicator_code == slot.0 && v.unit_code == slot.1)
                    .and_then(|v| v.note.clone())
                    .filter(|n| !n.trim().is_empty())
                    .unwrap_or_default(),
            })
        })
        .collect();
    let below = xanh_app::chain::below_of(state, ctx, &session.actor, lang).await?;
    let contributions = ctx.contributions(state, lang).await?;
    let comments = ctx.comments(state, lang).await?;
    let error_of: HashMap<&str, &str> = errors
        .iter()
        .map(|e| (e.field.as_str(), e.message.as_str()))
        .collect();
    let confirmable: std::collections::HashSet<&str> = errors
        .iter()
        .filter(|e| e.confirmable)
        .map(|e| e.field.as_str())
        .collect();
    let unit_name = |code: &str| {
        fw.unit(code)
            .map(|u| u.short().get(lang).to_string())
            .unwrap_or_else(|| code.to_string())
    };
    let editable = ctx.editable_by(&session.actor);
    let mut objectives = Vec::new();
    for scope in &ctx.scope {
        let Some(objective) = fw.objectives.iter().find(|o| o.code == scope.objective) else {
            continue;
        };
        let mut slots = Vec::new();
        for slot in &scope.slots {
            let Some((_, ind)) = fw.indicator(&slot.indicator) else {
                continue;
            };
            let stored = values
                .iter()
                .find(|v| v.indicator_code == slot.indicator && v.unit_code == slot.unit);
            let key = (slot.indicator.clone(), slot.unit.clone());
            let typed_slot = typed.and_then(|t| t.values.get(&key));
            let field = value_field(&slot.indicator, &slot.unit);
            let history = facts.history(&key);
            let flag = match typed_slot {
                None => marks
                    .get(&key)
                    .map(|m| m.iter().map(|t| t.get(lang)).collect::<Vec<_>>().join(" ")),
                Some(_) => None,
            };
            let (received, source, source_link) = if ctx.received(&slot.indicator, &slot.unit) {
                let from = below
                    .as_ref()
                    .and_then(|b| b.rows.iter().find(|r| r.unit == slot.unit));
                let link = from
                    .and_then(|r| r.report)
                    .map(|id| format!("/reports/{id}"))
                    .unwrap_or_default();
                let source = match (stored.filter(|v| !v.held_below), from) {
                    (Some(_), _) => lang.pick(
                        "Từ báo cáo của xã, đã tiếp nhận",
                        "From the commune's report, accepted",
                    ),
                    (None, Some(r)) if r.state.delivered() => lang.pick(
                        "Báo cáo của xã chờ sở xem xét",
                        "The commune's report awaits review",
                    ),
                    (None, _) => {
                        lang.pick("Chưa có báo cáo của xã", "No report from the commune yet")
                    }
                };
                (true, source.to_string(), link)
            } else {
                (false, String::new(), String::new())
            };
            let stored = stored.filter(|v| !received || !v.held_below);
            let typed_in = stored
                .and_then(|v| v.source_report)
                .unwrap_or(ctx.report.id);
            slots.push(SlotView {
                history: format!(
                    "/reports/{typed_in}/audit?value={}/{}",
                    slot.indicator, slot.unit
                ),
                received,
                source,
                source_link,
                flag,
                confirmable: confirmable.contains(field.as_str())
                    || typed_slot.is_some_and(|t| t.confirmed),
                note_field: format!("n:{}:{}", slot.indicator, slot.unit),
                confirm_field: format!("c:{}:{}", slot.indicator, slot.unit),
                error: error_of.get(field.as_str()).map(|s| s.to_string()),
                indicator: ind.code.clone(),
                unit_code: slot.unit.clone(),
                name: ind.name.get(lang).to_string(),
                place: if slot.unit == fw.issuer {
                    lang.pick("Toàn tỉnh", "Province").to_string()
                } else {
                    unit_name(&slot.unit)
                },
                measure: ind.unit.get(lang).to_string(),
                target: ind.target.describe(&ind.unit.vi, lang),
                previous: history
                    .last()
                    .map(|v| xanh_core::display::measure(*v, &ind.unit.vi, lang))
                    .unwrap_or_default(),
                qualitative: ind.kind == IndicatorKind::Qualitative,
                value: match (typed_slot, stored.and_then(|v| v.value.as_ref())) {
                    (Some(t), _) => t.raw.clone(),
                    // Read, not typed back: grouped as every table shows numbers
                    // ("6.230"); a box to type in keeps the form the parser
                    // reads back unambiguously ("6230").
                    (None, Some(Value::Number(n))) if received || !editable => {
                        xanh_core::display::number(*n, lang)
                    }
                    (None, v) => v.map(|v| v.display(lang)).unwrap_or_default(),
                },
                note: match typed_slot {
                    Some(t) => t.note.clone(),
                    None => stored.and_then(|v| v.note.clone()).unwrap_or_default(),
                },
                confirmed: typed_slot.is_some_and(|t| t.confirmed),
                entered_by: stored
                    .and_then(|v| v.entered_by.clone())
                    .unwrap_or_default(),
                field,
            });
        }
        let parts = NarrativePart::ALL
            .iter()
            .map(|part| {
                let field = narrative_field(&objective.code, *part);
                let stored = narratives
                    .iter()
                    .find(|n| n.objective_code == objective.code && n.part == *part);
                PartView {
                    error: error_of.get(field.as_str()).map(|s| s.to_string()),
                    label: part.label(lang).to_string(),
                    body: typed
                        .and_then(|t| t.narrative.get(&(objective.code.clone(), *part)).cloned())
                        .or_else(|| stored.map(|n| n.body.clone()))
                        .unwrap_or_default(),
                    updated_by: stored
                        .and_then(|n| n.updated_by.clone())
                        .unwrap_or_default(),
                    field,
                }
            })
            .collect();
        let mut groups: Vec<IndicatorGroup> = Vec::new();
        for slot in slots {
            match groups.last_mut() {
                Some(g) if g.code == slot.indicator => g.slots.push(slot),
                _ => groups.push(IndicatorGroup {
                    code: slot.indicator.clone(),
                    name: slot.name.clone(),
                    measure: slot.measure.clone(),
                    target: slot.target.clone(),
                    slots: vec![slot],
                }),
            }
        }
        objectives.push(ObjectiveView {
            draft: xanh_app::drafting::objective(fw, scope, &facts, ctx.period.year as i32, lang)
                .map(|p| xanh_app::drafting::view(&p, fw, &ctx.scope, ctx.period.year as i32))
                .unwrap_or_default(),
            code: objective.code.clone(),
            title: objective.title.get(lang).to_string(),
            groups,
            parts,
            contributions: contributions
                .iter()
                .filter(|c| c.objective_code == objective.code)
                .map(|c| ContributionView {
                    agency: unit_name(&c.unit_code),
                    figures: c.figures.clone(),
                    body: c.body.clone(),
                    by: c.updated_by.clone().unwrap_or_default(),
                })
                .collect(),
        });
    }
    let actor = &session.actor;
    Ok(ReportPage {
        lang,
        nav: Nav::of(Some(session), lang),
        csrf: session.csrf.clone().unwrap_or_default(),
        id: ctx.report.id,
        version: ctx.report.version,
        agency: unit_name(&ctx.report.unit_code),
        period: lang
            .pick(&ctx.period.label_vi, &ctx.period.label_en)
            .to_string(),
        deadline: vn(&ctx.deadline),
        state: st.as_str().to_string(),
        state_label: st.label(lang).to_string(),
        late: is_late(
            st,
            ctx.report.submitted_at.as_deref(),
            &ctx.deadline,
            time::OffsetDateTime::now_utc(),
        ),
        editable: ctx.editable_by(actor),
        can_submit: ctx.editable_by(actor) && actor.can_submit_report(&ctx.report.unit_code),
        can_review: ctx.reviewable_by(actor) && st == ReportState::Submitted,
        can_reopen: ctx.reviewable_by(actor) && st == ReportState::Accepted,
        sends_to: match &ctx.receiver {
            Some(r) => unit_name(r),
            None => unit_name(&fw.consolidator),
        },
        below: below.as_ref().map(|b| below::view(b, lang)),
        can_audit: ctx.audit_readable_by(actor),
        objectives,
        quality: quality.shown(lang),
        quality_parts: quality.parts(lang),
        quality_how: xanh_core::quality::score::how().get(lang).to_string(),
        flagged,
        comments: comments
            .into_iter()
            .map(|c| CommentView {
                kind: c.kind.label(lang).into(),
                body: c.body,
                author: c.author.unwrap_or_default(),
                at: reporting::vn_time(&c.at),
            })
            .collect(),
        errors: errors
            .iter()
            .map(|e| ErrorLine {
                field: e.field.clone(),
                label: if e.field == "version" {
                    String::new()
                } else {
                    reporting::field_label(&e.field, fw, lang)
                },
                message: e.message.clone(),
            })
            .collect(),
        flash,
        signing: xanh_app::official::sent::signing_state(state, ctx, actor, lang).await?,
    })
}

/// The report page with a refused step (a signature) said at its top.
pub async fn page_with_refusal(
    state: &AppState,
    session: &Session,
    ctx: &ReportContext,
    lang: Lang,
    message: String,
    status: axum::http::StatusCode,
) -> Result<Response, WebError> {
    let flash = Some(("error".to_string(), message));
    let page = build(state, session, ctx, lang, None, Vec::new(), flash).await?;
    Ok((status, render(&page)).into_response())
}

/// The report page with a list of errors above it (a refused upload).
pub async fn page_with_errors(
    state: &AppState,
    session: &Session,
    ctx: &ReportContext,
    lang: Lang,
    errors: Vec<FieldError>,
) -> Result<Response, WebError> {
    let page = build(state, session, ctx, lang, None, errors, None).await?;
    Ok(render(&page))
}

pub async fn show(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    Path(id): Path<i64>,
    Query(flash): Query<Flash>,
    Authed(session): Authed,
) -> Result<Response, WebError> {
    let ctx = reporting::load(&state, &session.actor, id, lang).await?;
    let page = build(
        &state,
        &session,
        &ctx,
        lang,
        None,
        Vec::new(),
        flash_text(&flash.done, lang),
    )
    .await?;
    Ok(render(&page))
}
