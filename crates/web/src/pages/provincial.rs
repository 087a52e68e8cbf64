//! The provincial report: compiled from the accepted agency reports,
//! objective by objective with who wrote what, edited by the consolidator,
//! issued with its number and date. Issued versions are public and fixed.

use super::{Nav, render};
use crate::AppState;
use crate::auth::{CsrfForm, MaybeSession, Session};
use crate::consolidation::{latest, picture};
use crate::error::WebError;
use crate::lang::{Lang, PageLang};
use crate::official::Format;
use crate::reporting::{parse_iso_date, reporting_time, store_error};
use askama::Template;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use serde::{Deserialize, Serialize};
use xanh_core::framework::{number, vn_date};
use xanh_core::report::NarrativePart;
use xanh_store::{ProvincialRow, StoreError};

/// The editable text of a provincial report.
#[derive(Serialize, Deserialize, Default, Clone)]
pub struct Body {
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

fn not_found(lang: Lang) -> WebError {
    WebError::not_found(
        lang,
        "Không có báo cáo tổng hợp này.",
        "There is no such provincial report.",
    )
}

async fn indicator_table(
    state: &AppState,
    framework: &str,
    year: i32,
    lang: Lang,
) -> Result<Vec<IndicatorLine>, WebError> {
    let fw = state
        .store
        .framework(framework, None)
        .await
        .map_err(store_error(lang))?
        .framework;
    let values = state
        .store
        .published_values(framework, false)
        .await
        .map_err(store_error(lang))?;
    let ratings = state
        .store
        .ratings(framework)
        .await
        .map_err(store_error(lang))?;
    Ok(picture(&fw, &values, &ratings, year)
        .iter()
        .map(|p| IndicatorLine {
            code: p.indicator.code.clone(),
            name: p.indicator.name.get(lang).to_string(),
            target: p.indicator.target.describe(&p.indicator.unit.vi, lang),
            value: latest(p, year)
                .map(|(y, v)| format!("{} ({y})", number((v * 100.0).round() / 100.0, lang)))
                .unwrap_or_else(|| "—".into()),
            status: p.assessment.status.code().to_string(),
            status_label: p.assessment.status.label(lang).to_string(),
            chart: (p.province.len() >= 2).then(|| crate::pages::dashboard::trend(&fw, p, lang)),
        })
        .collect())
}

/// `POST /periods/{id}/provincial-report`: compiles a new draft version.
pub async fn compile(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    Path(period_id): Path<i64>,
    CsrfForm { session, .. }: CsrfForm<super::work::Empty>,
) -> Result<Response, WebError> {
    if !session.actor.can_review() {
        return Err(WebError::forbidden(lang));
    }
    let (code, period) = state.store.period(period_id).await.map_err(|e| match e {
        StoreError::NotFound(_) => not_found(lang),
        e => WebError::from_store(e, lang),
    })?;
    let fw = state
        .store
        .framework(&code, None)
        .await
        .map_err(store_error(lang))?
        .framework;
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
        .filter(|o| o.reporting.contains(&reporting_time(&period.kind)))
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
                    .find(|n| n.objective_code == o.code && n.part == part.as_str())
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
    let table = indicator_table(&state, &code, period.year as i32, Lang::Vi).await?;
    let subject = format!(
        "Báo cáo đánh giá tình hình thực hiện Kế hoạch hành động tăng trưởng xanh — {}",
        period.label_vi
    );
    let id = state
        .store
        .create_provincial_report(period_id, &subject, &to_json(&body), &to_json(&table), &session.actor)
        .await
        .map_err(|e| match e {
            StoreError::Conflict(_) => WebError::invalid(
                lang,
                "Đã có một bản dự thảo báo cáo tổng hợp cho kỳ này; hãy hoàn thiện hoặc ban hành bản đó.",
                "A draft provincial report already exists for this period; finish or issue it first.",
            ),
            e => WebError::from_store(e, lang),
        })?;
    Ok(Redirect::to(&format!("/provincial-reports/{id}")).into_response())
}

fn to_json<T: Serialize>(v: &T) -> String {
    // Plain structs of strings: serialising them cannot fail.
    serde_json::to_string(v).unwrap_or_else(|_| "null".into())
}

struct ListItem {
    id: i64,
    period: String,
    version: i64,
    issued: bool,
    number: String,
    date: String,
}

#[derive(Template)]
#[template(path = "provincial_list.html")]
struct ListPage {
    lang: Lang,
    nav: Nav,
    csrf: String,
    can_compile: bool,
    items: Vec<ListItem>,
    periods: Vec<(i64, String)>,
}

/// `/provincial-reports`: issued reports for everyone; drafts too for the consolidator.
pub async fn list(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    session: MaybeSession,
) -> Result<Response, WebError> {
    let can_compile = session.0.as_ref().is_some_and(|s| s.actor.can_review());
    let sees_drafts = session
        .0
        .as_ref()
        .is_some_and(|s| s.actor.can_see_overview());
    let mut items = Vec::new();
    let mut periods = Vec::new();
    for f in state.store.frameworks().await.map_err(store_error(lang))? {
        for p in state
            .store
            .periods(&f.code)
            .await
            .map_err(store_error(lang))?
        {
            periods.push((p.id, lang.pick(&p.label_vi, &p.label_en).to_string()));
            for r in state
                .store
                .provincial_reports(Some(p.id))
                .await
                .map_err(store_error(lang))?
            {
                if r.state == "issued" || sees_drafts {
                    items.push(ListItem {
                        id: r.id,
                        period: lang.pick(&p.label_vi, &p.label_en).to_string(),
                        version: r.version,
                        issued: r.state == "issued",
                        number: r.number.unwrap_or_default(),
                        date: r
                            .issued_on
                            .as_deref()
                            .and_then(parse_iso_date)
                            .map(vn_date)
                            .unwrap_or_default(),
                    });
                }
            }
        }
    }
    Ok(render(&ListPage {
        lang,
        nav: Nav::of(session.0.as_ref(), lang),
        csrf: session
            .0
            .as_ref()
            .and_then(|s| s.csrf.clone())
            .unwrap_or_default(),
        can_compile,
        items,
        periods,
    }))
}

/// A part of the issued document: its heading, and (objective code, title, text) under it.
type Chapter = (String, Vec<(String, String, String)>);

struct PartView {
    field: String,
    label: String,
    text: String,
    sources: String,
}

#[derive(Template)]
#[template(path = "provincial.html")]
struct ReportPage {
    lang: Lang,
    nav: Nav,
    csrf: String,
    id: i64,
    period: String,
    version: i64,
    issued: bool,
    editable: bool,
    subject: String,
    number: String,
    date: String,
    place: String,
    objectives: Vec<(String, String, Vec<PartView>)>,
    /// The issued layout: part by part (I. results … IV. recommendations), objective by objective.
    document: Vec<Chapter>,
    table: Vec<IndicatorLine>,
    error: Option<String>,
}

async fn load(
    state: &AppState,
    session: Option<&Session>,
    id: i64,
    lang: Lang,
) -> Result<(ProvincialRow, xanh_store::PeriodRow, String), WebError> {
    let r = state
        .store
        .provincial_report(id)
        .await
        .map_err(|e| match e {
            StoreError::NotFound(_) => not_found(lang),
            e => WebError::from_store(e, lang),
        })?;
    // A draft is internal: only the consolidating side sees it.
    if r.state != "issued" && !session.is_some_and(|s| s.actor.can_see_overview()) {
        return Err(not_found(lang));
    }
    let (code, period) = state
        .store
        .period(r.period_id)
        .await
        .map_err(store_error(lang))?;
    Ok((r, period, code))
}

async fn page(
    state: &AppState,
    session: Option<&Session>,
    id: i64,
    lang: Lang,
    error: Option<String>,
) -> Result<ReportPage, WebError> {
    let (r, period, code) = load(state, session, id, lang).await?;
    let fw = state
        .store
        .framework(&code, None)
        .await
        .map_err(store_error(lang))?
        .framework;
    let body: Body = serde_json::from_str(&r.body_json).unwrap_or_default();
    let table: Vec<IndicatorLine> = if r.state == "issued" {
        serde_json::from_str(&r.indicators_json).unwrap_or_default()
    } else {
        // A draft shows the table as it stands now; issuing fixes it.
        indicator_table(state, &code, period.year as i32, lang).await?
    };
    let editable = r.state == "draft" && session.is_some_and(|s| s.actor.can_review());
    let numerals = ["I", "II", "III", "IV"];
    let document = NarrativePart::ALL
        .iter()
        .enumerate()
        .map(|(i, part)| {
            let heading = format!("{}. {}", numerals[i], part.label(lang).to_uppercase());
            let texts = body
                .objectives
                .iter()
                .filter_map(|o| {
                    let p = o.parts.iter().find(|p| p.part == part.as_str())?;
                    (!p.text.trim().is_empty())
                        .then(|| (o.code.clone(), o.title.clone(), p.text.clone()))
                })
                .collect();
            (heading, texts)
        })
        .collect();
    Ok(ReportPage {
        lang,
        nav: Nav::of(session, lang),
        csrf: session.and_then(|s| s.csrf.clone()).unwrap_or_default(),
        id: r.id,
        period: lang.pick(&period.label_vi, &period.label_en).to_string(),
        version: r.version,
        issued: r.state == "issued",
        editable,
        subject: r.subject.clone(),
        number: r.number.clone().unwrap_or_default(),
        date: r
            .issued_on
            .as_deref()
            .and_then(parse_iso_date)
            .map(vn_date)
            .unwrap_or_default(),
        place: fw.place.clone(),
        objectives: body
            .objectives
            .iter()
            .map(|o| {
                let parts = o
                    .parts
                    .iter()
                    .map(|p| PartView {
                        field: format!("t:{}:{}", o.code, p.part),
                        label: NarrativePart::parse(&p.part)
                            .map(|x| x.label(lang))
                            .unwrap_or("")
                            .to_string(),
                        text: p.text.clone(),
                        sources: p.sources.join("; "),
                    })
                    .collect();
                (o.code.clone(), o.title.clone(), parts)
            })
            .collect(),
        document,
        table,
        error,
    })
}

pub async fn show(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    session: MaybeSession,
    Path(id): Path<i64>,
) -> Result<Response, WebError> {
    Ok(render(
        &page(&state, session.0.as_ref(), id, lang, None).await?,
    ))
}

/// `POST /provincial-reports/{id}/save`: the consolidator's edits of a draft.
pub async fn save(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    Path(id): Path<i64>,
    CsrfForm { session, form }: CsrfForm<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    if !session.actor.can_review() {
        return Err(WebError::forbidden(lang));
    }
    let (r, _, _) = load(&state, Some(&session), id, lang).await?;
    let mut body: Body = serde_json::from_str(&r.body_json).unwrap_or_default();
    let mut subject = r.subject.clone();
    for (key, value) in &form {
        if key == "subject" {
            subject = value.trim().chars().take(500).collect();
        } else if let Some((obj, part)) = key.strip_prefix("t:").and_then(|k| k.split_once(':')) {
            if value.chars().count() > 100_000 {
                return Ok((
                    axum::http::StatusCode::UNPROCESSABLE_ENTITY,
                    render(
                        &page(
                            &state,
                            Some(&session),
                            id,
                            lang,
                            Some(lang.pick("Một phần quá dài.", "A part is too long.").into()),
                        )
                        .await?,
                    ),
                )
                    .into_response());
            }
            if let Some(p) = body
                .objectives
                .iter_mut()
                .find(|o| o.code == obj)
                .and_then(|o| o.parts.iter_mut().find(|p| p.part == part))
            {
                p.text = value.replace("\r\n", "\n");
            }
        }
    }
    state
        .store
        .edit_provincial_report(id, &subject, &to_json(&body), &session.actor)
        .await
        .map_err(|e| match e {
            StoreError::Conflict(_) => WebError::invalid(
                lang,
                "Báo cáo đã ban hành không thể sửa; hãy lập phiên bản mới.",
                "An issued report cannot be changed; make a new version.",
            ),
            e => WebError::from_store(e, lang),
        })?;
    Ok(Redirect::to(&format!("/provincial-reports/{id}")).into_response())
}

#[derive(Deserialize)]
pub struct IssueForm {
    #[serde(default)]
    number: String,
    #[serde(default)]
    date: String,
}

/// "05/02/2024" or "2024-02-05" → a date.
fn parse_vn_date(s: &str) -> Option<time::Date> {
    let s = s.trim();
    if let Some(d) = parse_iso_date(s) {
        return Some(d);
    }
    let mut p = s.splitn(3, '/');
    let (d, m, y) = (
        p.next()?.parse().ok()?,
        p.next()?.parse::<u8>().ok()?,
        p.next()?.parse().ok()?,
    );
    time::Date::from_calendar_date(y, time::Month::try_from(m).ok()?, d).ok()
}

/// `POST /provincial-reports/{id}/issue`: fixes the content with its number and date.
pub async fn issue(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    Path(id): Path<i64>,
    CsrfForm { session, form }: CsrfForm<IssueForm>,
) -> Result<Response, WebError> {
    if !session.actor.can_review() {
        return Err(WebError::forbidden(lang));
    }
    let (r, period, code) = load(&state, Some(&session), id, lang).await?;
    let number = form.number.trim();
    // A refused issue shows the draft again with what to correct.
    let refuse = |vi: &'static str, en: &'static str| {
        let (state, session) = (&state, &session);
        async move {
            let page = page(
                state,
                Some(session),
                id,
                lang,
                Some(lang.pick(vi, en).into()),
            )
            .await?;
            Ok::<Response, WebError>(
                (axum::http::StatusCode::UNPROCESSABLE_ENTITY, render(&page)).into_response(),
            )
        }
    };
    let Some(date) = parse_vn_date(&form.date) else {
        return refuse(
            "Ngày ban hành không hợp lệ: ghi dạng NN/TT/NNNN, ví dụ 05/02/2020.",
            "Invalid issue date: write DD/MM/YYYY, e.g. 05/02/2020.",
        )
        .await;
    };
    if number.is_empty() || number.chars().count() > 50 || !number.contains('/') {
        return refuse(
            "Số, ký hiệu không hợp lệ: ghi dạng 05/BC-UBND.",
            "Invalid number and symbol: write e.g. 05/BC-UBND.",
        )
        .await;
    }
    let table = indicator_table(&state, &code, period.year as i32, Lang::Vi).await?;
    let iso = format!(
        "{:04}-{:02}-{:02}",
        date.year(),
        u8::from(date.month()),
        date.day()
    );
    state
        .store
        .issue_provincial_report(r.id, number, &iso, &to_json(&table), &session.actor)
        .await
        .map_err(|e| match e {
            StoreError::Conflict(_) => WebError::invalid(
                lang,
                "Phiên bản này đã được ban hành.",
                "This version is already issued.",
            ),
            e => WebError::from_store(e, lang),
        })?;
    Ok(Redirect::to(&format!("/provincial-reports/{id}")).into_response())
}

/// `/provincial-reports/{id}/pdf`: the report as a signed-ready PDF in the official layout.
pub async fn pdf(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    session: MaybeSession,
    Path(id): Path<i64>,
) -> Result<Response, WebError> {
    document(&state, lang, session, id, Format::Pdf).await
}

/// `/provincial-reports/{id}/docx`: the same document as DOCX, for the office to edit before signing.
pub async fn docx(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    session: MaybeSession,
    Path(id): Path<i64>,
) -> Result<Response, WebError> {
    document(&state, lang, session, id, Format::Docx).await
}

async fn document(
    state: &AppState,
    lang: Lang,
    session: MaybeSession,
    id: i64,
    format: Format,
) -> Result<Response, WebError> {
    let (r, period, _) = load(state, session.0.as_ref(), id, lang).await?;
    let doc = crate::official::provincial_document(state, &r).await?;
    let name = format!("bao-cao-{}-v{}", period.code, r.version);
    crate::official::download(doc, format, &name, lang).await
}
