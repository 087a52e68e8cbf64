//! Showing provincial reports: the list, a version (the draft's form, or the
//! issued document with the same header, date line and signature block as
//! its PDF), its downloads, and compiling a new draft.

use super::{Edits, lang_query};
use crate::AppState;
use crate::auth::{CsrfForm, MaybeSession, Session};
use crate::error::WebError;
use crate::lang::{Lang, PageLang};
use crate::pages::{Nav, render};
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use xanh_app::drafting::PieceView;
use xanh_app::official::Format;
use xanh_app::official::drafts::Target;
use xanh_app::official::provincial::{IndicatorLine, QualityLine, compile_draft};
use xanh_app::official::viewing;
use xanh_app::reporting::parse_iso_date;
use xanh_core::report::NarrativePart;
use xanh_documents::document::OfficialDocument;

/// `POST /periods/{id}/provincial-report`: compiles a new draft version.
pub async fn compile(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    Path(period_id): Path<i64>,
    CsrfForm { session, .. }: CsrfForm<crate::pages::work::Empty>,
) -> Result<Response, WebError> {
    if !session.actor.can_review() {
        return Err(WebError::forbidden(lang));
    }
    let id = compile_draft(&state, period_id, &session.actor, lang).await?;
    Ok(Redirect::to(&format!(
        "/provincial-reports/{id}{}",
        lang_query(lang, true)
    ))
    .into_response())
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
    let actor = session.0.as_ref().map(|s| &s.actor);
    let (listed, all) = xanh_app::official::listing::visible(&state, actor, lang).await?;
    let label = |p: &xanh_store::PeriodRow| lang.pick(&p.label_vi, &p.label_en).to_string();
    let periods: Vec<(i64, String)> = all.iter().map(|p| (p.id, label(p))).collect();
    let items = listed
        .into_iter()
        .map(|l| ListItem {
            id: l.report.id,
            period: label(&l.period),
            version: l.report.version,
            issued: l.issued(),
            number: l.report.number.unwrap_or_default(),
            date: l
                .report
                .issued_on
                .as_deref()
                .and_then(parse_iso_date)
                .map(xanh_core::display::date)
                .unwrap_or_default(),
        })
        .collect();
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

pub(super) struct PartView {
    field: String,
    label: String,
    text: String,
    sources: String,
}

/// A part of the document: its heading, then (objective subheading, paragraphs) under it.
type DocPart = (String, Vec<(String, Vec<String>)>);

/// The issued document as the page shows it: the same data the PDF is made from.
pub(super) struct DocView {
    issuing_body: Vec<String>,
    number: String,
    place_date: String,
    title: String,
    subject: String,
    sections: Vec<DocPart>,
    signer_lines: Vec<String>,
    signer_name: String,
    recipients: Vec<String>,
    watermark: String,
}

impl DocView {
    fn of(d: OfficialDocument) -> DocView {
        DocView {
            issuing_body: d
                .issuing_body
                .to_uppercase()
                .lines()
                .map(str::to_string)
                .collect(),
            number: d.number,
            place_date: d.place_date,
            title: d.title,
            subject: d.subject,
            sections: d
                .sections
                .into_iter()
                .filter(|s| !s.blocks.is_empty())
                .map(|s| {
                    let blocks = s
                        .blocks
                        .into_iter()
                        .map(|b| {
                            let paragraphs = b
                                .text
                                .lines()
                                .map(str::trim_end)
                                .filter(|l| !l.trim().is_empty())
                                .map(str::to_string)
                                .collect();
                            (b.subheading, paragraphs)
                        })
                        .collect();
                    (s.heading, blocks)
                })
                .collect(),
            signer_lines: d.signer_authority.lines().map(str::to_string).collect(),
            signer_name: d.signer_name,
            recipients: d.recipients,
            watermark: d.watermark,
        }
    }
}

#[derive(Template)]
#[template(path = "provincial.html")]
pub(super) struct ReportPage {
    lang: Lang,
    nav: Nav,
    csrf: String,
    id: i64,
    period: String,
    version: i64,
    /// The revision the draft's form is made from.
    revision: i64,
    editable: bool,
    subject: String,
    objectives: Vec<(String, String, Vec<PartView>, Vec<PieceView>)>,
    /// The opening summary, and its draft from the figures (for a draft version).
    summary: String,
    summary_draft: Vec<PieceView>,
    /// The issue fields as typed.
    number: String,
    date: String,
    signer: String,
    /// An issued version: the document.
    doc: Option<DocView>,
    table: Vec<IndicatorLine>,
    /// The data-quality annex: fixed at issue, as it stands for a draft.
    quality: Vec<QualityLine>,
    quality_how: String,
    error: Option<String>,
    flash: Option<String>,
    /// For the consolidator, on an issued report: where its signing stands.
    signing: Option<xanh_app::official::SigningState>,
}

/// The page of a version; `typed` is what the consolidator typed, shown
/// instead of the stored text after a refused save or issue.
pub(super) async fn page(
    state: &AppState,
    session: Option<&Session>,
    id: i64,
    lang: Lang,
    typed: Option<&Edits>,
    mut error: Option<String>,
    flash: Option<String>,
) -> Result<ReportPage, WebError> {
    let v = viewing::version(
        state,
        session.map(|s| &s.actor),
        id,
        typed.map(|t| &t.text),
        lang,
    )
    .await?;
    if let Some(e) = &v.unreadable {
        // The page still opens, to say what is wrong; nothing can be saved.
        error = Some(lang.pick(&e.vi, &e.en).to_string());
    }
    let (r, period, fw, body) = (&v.row, &v.period, &v.framework, &v.body);
    let drafts = &v.drafts;
    let draft_of = |t: &Target| {
        drafts
            .as_ref()
            .and_then(|d| d.of(t))
            .map(|p| xanh_app::official::drafts::view(p, fw))
            .unwrap_or_default()
    };
    Ok(ReportPage {
        signing: v.signing.clone(),
        summary: body.summary.clone(),
        summary_draft: draft_of(&Target::Summary),
        lang,
        nav: Nav::of(session, lang),
        csrf: session.and_then(|s| s.csrf.clone()).unwrap_or_default(),
        id: r.id,
        period: lang.pick(&period.label_vi, &period.label_en).to_string(),
        version: r.version,
        // The stored revision, also after a refused save: saving again after a look is deliberate.
        revision: r.revision,
        editable: v.editable,
        subject: v.subject.clone(),
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
                let draft = draft_of(&Target::Objective(o.code.clone()));
                (o.code.clone(), o.title.clone(), parts, draft)
            })
            .collect(),
        number: typed.map(|t| t.number.clone()).unwrap_or_default(),
        date: typed.map(|t| t.date.clone()).unwrap_or_default(),
        signer: typed
            .map(|t| t.signer.clone())
            .filter(|s| !s.is_empty())
            .or_else(|| fw.report_signer().name)
            .unwrap_or_default(),
        doc: v.document.clone().map(DocView::of),
        table: v.table.clone(),
        quality: v.quality.clone(),
        quality_how: xanh_core::quality::score::how().get(lang).to_string(),
        error,
        flash,
    })
}

#[derive(Deserialize, Default)]
pub struct Flash {
    #[serde(default)]
    done: String,
}

pub async fn show(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    session: MaybeSession,
    Path(id): Path<i64>,
    Query(flash): Query<Flash>,
) -> Result<Response, WebError> {
    let flash = match flash.done.as_str() {
        "saved" => Some(lang.pick("Đã lưu nội dung.", "The text was saved.")),
        "prepared" => Some(lang.pick(
            "Đã chuẩn bị văn bản để ký: gửi mã cần ký bên dưới cho người ký, rồi tải lên chữ ký họ trả về.",
            "The document is prepared: give the digest below to the signer, then upload the signature they return.",
        )),
        "signed" => Some(lang.pick(
            "Đã nhận chữ ký số và lưu văn bản đã ký.",
            "The signature was accepted and the signed document kept.",
        )),
        "drafted" => Some(lang.pick(
            "Đã đưa bản nháp vào báo cáo. Hãy đọc lại và sửa cho đúng trước khi ban hành; bản nháp chỉ là gợi ý.",
            "The draft was put into the report. Read and correct it before issuing; a draft is only a suggestion.",
        )),
        "issued" => Some(lang.pick(
            "Đã ban hành. Nội dung và bảng chỉ tiêu của phiên bản này đã được cố định.",
            "Issued. The text and indicator table of this version are now fixed.",
        )),
        _ => None,
    };
    Ok(render(
        &page(
            &state,
            session.0.as_ref(),
            id,
            lang,
            None,
            None,
            flash.map(str::to_string),
        )
        .await?,
    ))
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
    let actor = session.0.as_ref().map(|s| &s.actor);
    let (file, r, period) = viewing::file(state, actor, id, format == Format::Pdf, lang).await?;
    let name = format!("bao-cao-{}-v{}", period.code, r.version);
    // An issued report's PDF is the file kept (and signed) at its issue.
    let doc = match file {
        viewing::File::Kept(pdf) => return Ok(crate::download::pdf_file(pdf, &name)),
        viewing::File::Render(doc) => *doc,
    };
    crate::download::download(doc, format, &name, lang).await
}
