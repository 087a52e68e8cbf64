//! The province's accepted figures as files for other systems: CSV, JSON,
//! SDMX-CSV, DHIS2 JSON, and the decision's table as a workbook. Public like
//! the rest of the province's picture: accepted figures only. The pages
//! serve the files; the API gives the same rows typed.

use crate::App;
use crate::consolidation::picture;
use crate::error::AppError;
use xanh_documents::exchange::{ExportRow, dhis2_json, sdmx_csv, values_csv};

/// A file Xanh exports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFile {
    ValuesCsv,
    ValuesJson,
    SdmxCsv,
    Dhis2Json,
    FrameworkXlsx,
}

impl ExportFile {
    pub const ALL: [ExportFile; 5] = [
        ExportFile::ValuesCsv,
        ExportFile::ValuesJson,
        ExportFile::SdmxCsv,
        ExportFile::Dhis2Json,
        ExportFile::FrameworkXlsx,
    ];

    /// Its name in the address, `/exports/{name}`.
    pub const fn name(self) -> &'static str {
        match self {
            ExportFile::ValuesCsv => "values.csv",
            ExportFile::ValuesJson => "values.json",
            ExportFile::SdmxCsv => "sdmx.csv",
            ExportFile::Dhis2Json => "dhis2.json",
            ExportFile::FrameworkXlsx => "framework.xlsx",
        }
    }

    pub fn parse(name: &str) -> Option<ExportFile> {
        Self::ALL.into_iter().find(|f| f.name() == name)
    }

    pub const fn content_type(self) -> &'static str {
        match self {
            ExportFile::ValuesCsv | ExportFile::SdmxCsv => "text/csv; charset=utf-8",
            ExportFile::ValuesJson | ExportFile::Dhis2Json => "application/json",
            ExportFile::FrameworkXlsx => {
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
        }
    }

    /// What the file holds, in the asked language.
    pub fn describe(self, lang: xanh_core::Lang) -> &'static str {
        match self {
            ExportFile::ValuesCsv => lang.pick(
                "Số liệu đã tiếp nhận, mỗi dòng một chỉ tiêu × đơn vị × năm (CSV, UTF-8)",
                "The accepted figures, a row per indicator × unit × year (CSV, UTF-8)",
            ),
            ExportFile::ValuesJson => {
                lang.pick("Cùng số liệu, dạng JSON", "The same figures as JSON")
            }
            ExportFile::SdmxCsv => lang.pick(
                "Cùng số liệu theo SDMX-CSV, cho hệ thống thống kê",
                "The same figures as SDMX-CSV, for statistical systems",
            ),
            ExportFile::Dhis2Json => lang.pick(
                "Cùng số liệu dạng dataValueSets của DHIS2",
                "The same figures as DHIS2 dataValueSets",
            ),
            ExportFile::FrameworkXlsx => lang.pick(
                "Bảng khung theo dõi của quyết định, với số liệu từng năm và trạng thái (Excel)",
                "The decision's framework table with each year's figures and the status (Excel)",
            ),
        }
    }
}

/// An export made: its file name and bytes.
pub struct Exported {
    pub file_name: String,
    pub content_type: &'static str,
    pub bytes: Vec<u8>,
}

/// Makes one export of a framework's accepted figures (the framework in force today unless named).
pub async fn export(
    state: &App,
    framework: Option<&str>,
    file: ExportFile,
    lang: xanh_core::Lang,
) -> Result<Exported, AppError> {
    let (code, bytes) = if file == ExportFile::FrameworkXlsx {
        framework_table(state, framework, lang).await?
    } else {
        let (code, rows) = rows(state, framework, lang).await?;
        let body = match file {
            ExportFile::ValuesCsv => values_csv(&rows),
            ExportFile::SdmxCsv => {
                let flow = format!("XANH:{}(1.0)", code.to_uppercase().replace('-', "_"));
                sdmx_csv(&rows, &flow)
            }
            ExportFile::Dhis2Json => dhis2_json(&rows).to_string(),
            _ => serde_json::to_string_pretty(&rows).unwrap_or_default(),
        };
        (code, body.into_bytes())
    };
    let name = match file {
        ExportFile::FrameworkXlsx => "khung.xlsx",
        other => other.name(),
    };
    Ok(Exported {
        file_name: format!("{code}-{name}"),
        content_type: file.content_type(),
        bytes,
    })
}

/// Every accepted figure of a framework, with its unit's status at its year.
pub async fn rows(
    state: &App,
    framework: Option<&str>,
    lang: xanh_core::Lang,
) -> Result<(String, Vec<ExportRow>), AppError> {
    let crate::consolidation::Published {
        framework: fw,
        values,
        ratings,
    } = crate::consolidation::published_for(state, framework, false, lang).await?;
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
                let status = crate::unit::own_status(&fw, &p, unit, by_year, year);
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

/// The decision's table with each indicator's values by year and its latest
/// status, and the framework's code.
async fn framework_table(
    state: &App,
    framework: Option<&str>,
    lang: xanh_core::Lang,
) -> Result<(String, Vec<u8>), AppError> {
    use xanh_documents::table::{Table, TableIndicator, TableObjective, framework_xlsx};
    let crate::consolidation::Published {
        framework: fw,
        values,
        ratings,
    } = crate::consolidation::published_for(state, framework, false, lang).await?;
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
    let bytes = framework_xlsx(&table).map_err(|e| {
        tracing::error!(error = %e, "the framework table could not be written");
        AppError::from_store(xanh_store::StoreError::Corrupt("table".into()), lang)
    })?;
    Ok((fw.code, bytes))
}
