//! The data-entry workbook of an agency's report: every slot the agency
//! fills (not the communes' own figures, which arrive with their reports),
//! with last year's value beside it, and the narrative parts; signed with the
//! installation's key so that an upload can prove which report and which
//! version it was made from.

use super::store_error;
use crate::App;
use crate::error::AppError;
use xanh_core::Lang;
use xanh_core::access::Actor;
use xanh_core::display;
use xanh_core::framework::IndicatorKind;
use xanh_core::report::{NarrativePart, Value};
use xanh_documents::xlsx::{self, Identity, Input, NarrativeRow, ValueRow};
use xanh_store::{Store, StoreError};

const SIGNING_KEY: &str = "template_key";

/// Makes the installation's key for signing templates if there is none yet;
/// called once when the server starts.
pub async fn ensure_signing_key(store: &Store) -> xanh_store::Result<()> {
    let fresh = crate::password::random_token();
    store.setting_or_insert(SIGNING_KEY, &fresh).await.map(drop)
}

/// The installation's key for signing templates (made at start-up).
pub async fn signing_key(app: &App, lang: Lang) -> Result<Vec<u8>, AppError> {
    match app
        .store
        .setting(SIGNING_KEY)
        .await
        .map_err(store_error(lang))?
    {
        Some(key) => Ok(key.into_bytes()),
        None => Err(AppError::from_store(
            StoreError::Corrupt("the template-signing key is missing".into()),
            lang,
        )),
    }
}

/// The workbook of report `id` as the actor may see it: its file name and bytes.
pub async fn workbook(
    app: &App,
    actor: &Actor,
    id: i64,
    lang: Lang,
) -> Result<(String, Vec<u8>), AppError> {
    let ctx = super::load(app, actor, id, lang).await?;
    let fw = &ctx.framework;
    let super::ReportContents { values, narratives } = ctx.contents(app, lang).await?;
    let unit_name = |c: &str| {
        if c == fw.issuer {
            "Toàn tỉnh".to_string()
        } else {
            fw.unit(c)
                .map(|u| u.short().vi.clone())
                .unwrap_or_else(|| c.to_string())
        }
    };
    let mut rows = Vec::new();
    let mut narrative = Vec::new();
    for scope in &ctx.scope {
        // A commune's figures arrive with its own report: not in the department's template.
        for slot in scope
            .slots
            .iter()
            .filter(|s| !ctx.received(&s.indicator, &s.unit))
        {
            let Some((_, ind)) = fw.indicator(&slot.indicator) else {
                continue;
            };
            let stored = values
                .iter()
                .find(|v| v.indicator_code == slot.indicator && v.unit_code == slot.unit);
            let history = app
                .store
                .history(
                    &ctx.framework_code,
                    &slot.indicator,
                    &slot.unit,
                    &ctx.period.deadline,
                )
                .await
                .map_err(store_error(lang))?;
            rows.push(ValueRow {
                indicator: ind.code.clone(),
                name: ind.name.vi.clone(),
                unit_code: slot.unit.clone(),
                unit_name: unit_name(&slot.unit),
                measure: ind.unit.vi.clone(),
                target: ind.target.describe(&ind.unit.vi, Lang::Vi),
                previous: history
                    .last()
                    .map(|v| Value::Number(*v).display(Lang::Vi))
                    .unwrap_or_default(),
                input: match ind.kind {
                    IndicatorKind::Percent => Input::Percent,
                    IndicatorKind::Number => Input::Number,
                    IndicatorKind::Milestone => Input::YesNo,
                    IndicatorKind::Qualitative => Input::Text,
                },
                value: stored
                    .and_then(|v| v.value.as_ref())
                    .map(|v| v.display(Lang::Vi))
                    .unwrap_or_default(),
                note: stored.and_then(|v| v.note.clone()).unwrap_or_default(),
            });
        }
        for part in NarrativePart::ALL {
            narrative.push(NarrativeRow {
                objective: scope.objective.clone(),
                part: part.as_str().to_string(),
                heading: part.label(Lang::Vi).to_string(),
                text: narratives
                    .iter()
                    .find(|n| n.objective_code == scope.objective && n.part == part)
                    .map(|n| n.body.clone())
                    .unwrap_or_default(),
            });
        }
    }
    let agency = fw
        .unit(&ctx.report.unit_code)
        .map(|u| u.name.vi.clone())
        .unwrap_or_default();
    let title = vec![
        format!("{} — {}", ctx.period.label_vi, agency),
        format!("Hạn gửi: {}", display::date_text(&ctx.period.deadline)),
        "Nhập giá trị vào cột H, nguồn/ghi chú vào cột I; số thập phân có thể viết 65,5. Không sửa các ô khác.".to_string(),
    ];
    let identity = Identity {
        report_id: id,
        framework: ctx.framework_code.clone(),
        period: ctx.period.code.clone(),
        unit: ctx.report.unit_code.clone(),
        version: ctx.report.version,
    };
    let key = signing_key(app, lang).await?;
    let bytes = xlsx::template(&title, &rows, &narrative, &identity, &key).map_err(|e| {
        tracing::error!(error = %e, "the template could not be written");
        AppError::from_store(StoreError::Corrupt("template".into()), lang)
    })?;
    let name = format!("xanh-{}-{}.xlsx", ctx.period.code, ctx.report.unit_code);
    Ok((name, bytes))
}
