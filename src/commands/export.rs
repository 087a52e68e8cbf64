//! `xanh export report`: the official document of a period without a browser,
//! for the office that prepares the signature folder or a script that archives it.

use crate::cli::ExportReportArgs;
use anyhow::{Context, bail};
use std::process::ExitCode;
use xanh_app::official::Format;
use xanh_core::Lang;
use xanh_core::access::{Actor, Role};
use xanh_store::Store;

pub async fn report(url: &str, args: ExportReportArgs) -> anyhow::Result<ExitCode> {
    let Some(format) = Format::parse(&args.format) else {
        bail!(
            "--format {}: chỉ nhận pdf hoặc docx / only pdf or docx",
            args.format
        );
    };
    let store = Store::connect(url).await.context("opening the database")?;
    let result = write(&store, &args, format).await;
    store.close().await;
    result?;
    println!("Đã ghi / written: {}", args.out.display());
    Ok(ExitCode::SUCCESS)
}

/// The framework and period the arguments name. Without `--framework`, the
/// one framework that has a period of that code: `annual-2018` is Kon Tum's,
/// `annual-2025` the new province's; a code several frameworks share needs
/// `--framework`.
async fn period_named(
    store: &Store,
    args: &ExportReportArgs,
) -> anyhow::Result<(String, xanh_store::PeriodRow)> {
    let codes: Vec<String> = match &args.framework {
        Some(code) => vec![code.clone()],
        None => store
            .frameworks()
            .await?
            .into_iter()
            .map(|f| f.code)
            .collect(),
    };
    if codes.is_empty() {
        bail!("chưa có khung nào trong cơ sở dữ liệu / no framework loaded");
    }
    let mut found = Vec::new();
    let mut known = Vec::new();
    for code in codes {
        for p in store.periods(&code).await? {
            if p.code == args.period {
                found.push((code.clone(), p));
            } else {
                known.push(format!("{code}: {}", p.code));
            }
        }
    }
    match found.len() {
        1 => Ok(found.remove(0)),
        0 => bail!(
            "không có kỳ {} / no period {}; có / there are: {}",
            args.period,
            args.period,
            known.join(", ")
        ),
        _ => bail!(
            "kỳ {} có trong nhiều khung, hãy chọn bằng --framework / period {} is in several frameworks, choose with --framework: {}",
            args.period,
            args.period,
            found
                .iter()
                .map(|(f, _)| f.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

async fn write(store: &Store, args: &ExportReportArgs, format: Format) -> anyhow::Result<()> {
    let (_, period) = period_named(store, args).await?;
    let mut state = xanh_app::App::new(store.clone());
    // A document made from the sample data set says so, as it does in the browser.
    state.settings.demo = store.is_demo().await?;
    // Whoever runs the command line holds the database itself: they act as an administrator.
    let operator = Actor {
        user_id: 0,
        username: "cli".into(),
        role: Role::Admin,
        unit: None,
    };
    let doc = match &args.agency {
        Some(unit) => {
            let reports = store.reports_of_period(period.id).await?;
            let Some(r) = reports.iter().find(|r| &r.unit_code == unit) else {
                bail!(
                    "{unit} chưa có báo cáo kỳ {} / {unit} has no report for {}",
                    args.period,
                    args.period
                );
            };
            let ctx = xanh_app::reporting::load(&state, &operator, r.id, Lang::Vi).await?;
            xanh_app::official::agency_document(&state, &ctx).await
        }
        None => {
            let versions = store.provincial_reports(Some(period.id)).await?;
            let Some(latest) = versions.iter().max_by_key(|r| r.version) else {
                bail!(
                    "kỳ {} chưa có báo cáo tổng hợp của tỉnh: hãy biên soạn trên trang của kỳ, hoặc dùng --agency / \
                     the period has no provincial report yet: compile it on the period's page, or use --agency",
                    args.period
                );
            };
            xanh_app::official::provincial_document(&state, latest).await
        }
    }?;
    let bytes = tokio::task::spawn_blocking(move || format.render(&doc))
        .await?
        .map_err(anyhow::Error::msg)?;
    // Written beside the target and renamed, so a failed run never leaves half a file.
    let tmp = args.out.with_extension("partial");
    std::fs::write(&tmp, bytes).with_context(|| format!("writing {}", tmp.display()))?;
    std::fs::rename(&tmp, &args.out).with_context(|| format!("writing {}", args.out.display()))?;
    Ok(())
}
