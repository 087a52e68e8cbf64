//! `/exports/…`: the accepted values as CSV, JSON, SDMX-CSV and DHIS2 JSON.
//! Public like the rest of the province's picture: accepted figures only.

use crate::AppState;
use crate::error::WebError;
use crate::lang::PageLang;
use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use xanh_app::consolidation::picture;
use xanh_core::assess::{Series, assess_indicator};
use xanh_core::framework::IndicatorKind;
use xanh_core::report::Value;
use xanh_documents::exchange::{ExportRow, dhis2_json, sdmx_csv, values_csv};

/// Which framework's figures: the one in force today unless named.
#[derive(serde::Deserialize, Default)]
pub struct Choice {
    #[serde(default)]
    framework: Option<String>,
}

async fn rows(
    state: &AppState,
    framework: Option<&str>,
    lang: xanh_core::Lang,
) -> Result<(String, Vec<ExportRow>), WebError> {
    let xanh_app::consolidation::Published {
        framework: fw,
        values,
        ratings,
    } = xanh_app::consolidation::published_for(state, framework, false, lang).await?;
    let years: Vec<i32> = {
        let mut y: Vec<i32> = values.iter().map(|v| v.year).collect();
        y.sort_unstable();
        y.dedup();
        y
    };
    let mut out = Vec::new();
    for year in years {
        for p in picture(&fw, &values, &ratings, year) {
            for (unit, by_year) in &p.by_unit {
                let Some(value) = by_year.get(&year) else {
                    continue;
                };
                // The status of this unit's own series at this year.
                let status = if p.indicator.kind == IndicatorKind::Qualitative || *unit == fw.issuer
                {
                    p.assessment.status
                } else {
                    let series: Vec<(i32, f64)> = by_year
                        .iter()
                        .filter_map(|(y, v)| match v {
                            Value::Number(n) => Some((*y, *n)),
                            Value::YesNo(b) => Some((*y, f64::from(u8::from(*b)))),
                            Value::Text(_) => None,
                        })
                        .collect();
                    assess_indicator(p.indicator, &Series::new(series).unwrap_or_default(), year)
                        .status
                };
                let note = values
                    .iter()
                    .find(|v| v.indicator == p.indicator.code && &v.unit == unit && v.year == year)
                    .and_then(|v| v.note.clone())
                    .unwrap_or_default();
                out.push(ExportRow {
                    framework: fw.code.clone(),
                    period: format!("annual-{year}"),
                    year,
                    indicator: p.indicator.code.clone(),
                    indicator_name_vi: p.indicator.name.vi.clone(),
                    indicator_name_en: p.indicator.name.en.clone(),
                    unit_code: unit.clone(),
                    unit_name_vi: fw
                        .unit(unit)
                        .map(|u| u.name.vi.clone())
                        .unwrap_or_else(|| unit.clone()),
                    measure: p.indicator.unit.vi.clone(),
                    value: value.clone(),
                    note,
                    status: status.code().to_string(),
                    status_vi: status.label(xanh_core::Lang::Vi).to_string(),
                });
            }
        }
    }
    Ok((fw.code, out))
}

/// `/exports/{file}`: values.csv, values.json, sdmx.csv or dhis2.json.
pub async fn export(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    Path(file): Path<String>,
    Query(choice): Query<Choice>,
) -> Result<Response, WebError> {
    let chosen = choice.framework.as_deref();
    let (framework, rows) = rows(&state, chosen, lang).await?;
    let attachment = |name: &str| format!("attachment; filename=\"{framework}-{name}\"");
    let (kind, name, body) = match file.as_str() {
        "values.csv" => ("text/csv; charset=utf-8", "values.csv", values_csv(&rows)),
        "values.json" => (
            "application/json",
            "values.json",
            serde_json::to_string_pretty(&rows).unwrap_or_default(),
        ),
        "sdmx.csv" => {
            let flow = format!("XANH:{}(1.0)", framework.to_uppercase().replace('-', "_"));
            (
                "text/csv; charset=utf-8",
                "sdmx.csv",
                sdmx_csv(&rows, &flow),
            )
        }
        "dhis2.json" => (
            "application/json",
            "dhis2.json",
            dhis2_json(&rows).to_string(),
        ),
        "framework.xlsx" => {
            let bytes = framework_table(&state, chosen, lang).await?;
            let kind = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
            return Ok((
                [
                    (header::CONTENT_TYPE, kind.to_string()),
                    (header::CONTENT_DISPOSITION, attachment("khung.xlsx")),
                ],
                bytes,
            )
                .into_response());
        }
        _ => {
            return Err(WebError::not_found(
                lang,
                "Không có tệp xuất này.",
                "No such export.",
            ));
        }
    };
    Ok((
        [
            (header::CONTENT_TYPE, kind.to_string()),
            (header::CONTENT_DISPOSITION, attachment(name)),
        ],
        body,
    )
        .into_response())
}

/// The decision's table with each indicator's values by year and its latest status.
async fn framework_table(
    state: &AppState,
    framework: Option<&str>,
    lang: xanh_core::Lang,
) -> Result<Vec<u8>, WebError> {
    use xanh_documents::table::{Table, TableIndicator, TableObjective, framework_xlsx};
    let xanh_app::consolidation::Published {
        framework: fw,
        values,
        ratings,
    } = xanh_app::consolidation::published_for(state, framework, false, lang).await?;
    let mut years: Vec<i32> = values.iter().map(|v| v.year).collect();
    years.sort_unstable();
    years.dedup();
    let latest = years.last().copied().unwrap_or(fw.plan.to);
    let pictures = picture(&fw, &values, &ratings, latest);
    let vi = xanh_core::Lang::Vi;
    let unit = |c: &str| {
        fw.unit(c)
            .map(|u| u.short().vi.clone())
            .unwrap_or_else(|| c.to_string())
    };
    let mut seen_section: Option<Option<String>> = None;
    let objectives = fw
        .objectives
        .iter()
        .map(|o| {
            let section = (seen_section.as_ref() != Some(&o.section)).then(|| {
                seen_section = Some(o.section.clone());
                match o.section.as_deref().and_then(|c| fw.section(c)) {
                    Some(s) => format!("{}. {}", s.code, s.title.vi),
                    None => "(Không thuộc mục nào trong văn bản gốc)".to_string(),
                }
            });
            TableObjective {
                section,
                code: o.code.clone(),
                title: o.title.vi.clone(),
                activities: o
                    .activities
                    .iter()
                    .map(|a| format!("- {}", a.vi))
                    .collect::<Vec<_>>()
                    .join("\n"),
                output: o.output.vi.clone(),
                reporting: o
                    .reporting_text
                    .as_ref()
                    .map(|t| t.vi.clone())
                    .unwrap_or_default(),
                coordinating: o
                    .coordinating
                    .iter()
                    .map(|c| unit(c))
                    .collect::<Vec<_>>()
                    .join(", "),
                lead: o
                    .lead
                    .as_deref()
                    .map(unit)
                    .unwrap_or_else(|| "(chưa xác định — xem ghi chú)".into()),
                indicators: pictures
                    .iter()
                    .filter(|p| p.objective == o.code)
                    .map(|p| TableIndicator {
                        code: p.indicator.code.clone(),
                        name: p.indicator.name.vi.clone(),
                        target: p.indicator.target.describe(&p.indicator.unit.vi, vi),
                        values: years
                            .iter()
                            .map(|y| {
                                p.province
                                    .iter()
                                    .find(|v| v.0 == *y)
                                    .map(|v| {
                                        xanh_core::framework::number(
                                            (v.1 * 100.0).round() / 100.0,
                                            vi,
                                        )
                                    })
                                    .unwrap_or_default()
                            })
                            .collect(),
                        status: p.assessment.status.label(vi).to_string(),
                    })
                    .collect(),
            }
        })
        .collect();
    let table = Table {
        title: fw.title.vi.clone(),
        subtitle: format!(
            "(Ban hành kèm theo Quyết định số {} ngày {}; số liệu đã tiếp nhận, trạng thái năm {latest})",
            fw.decision.number,
            xanh_core::framework::vn_date(fw.decision.date)
        ),
        years,
        objectives,
    };
    framework_xlsx(&table).map_err(|e| {
        tracing::error!(error = %e, "the framework table could not be written");
        WebError::from_store(xanh_store::StoreError::Corrupt("table".into()), lang)
    })
}
