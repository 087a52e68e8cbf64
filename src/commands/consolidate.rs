//! `xanh consolidate --period CODE`: the assessment of one period over every
//! area and the whole, from the sums the store keeps up to date.

use super::import::framework_code;
use crate::cli::ConsolidateArgs;
use anyhow::{Context, bail};
use std::process::ExitCode;
use xanh_app::national::Found;
use xanh_core::national;
use xanh_store::Store;

pub async fn run(url: &str, args: ConsolidateArgs) -> anyhow::Result<ExitCode> {
    let started = std::time::Instant::now();
    let store = Store::connect(url).await.context("opening the database")?;
    let code = framework_code(&store, args.framework).await?;
    let result = match xanh_app::national::consolidate(&store, &code, &args.period).await? {
        Found::Computed(c) => c.result,
        Found::NoFramework => bail!("không có khung {code} / no framework {code}"),
        Found::NoPeriod(periods) => bail!(
            "không có kỳ \"{}\" trong khung {code} (có: {}) / no period \"{}\" in {code}",
            args.period,
            periods
                .iter()
                .map(|p| p.code.as_str())
                .collect::<Vec<_>>()
                .join(", "),
            args.period
        ),
    };
    let elapsed = started.elapsed();
    if args.json {
        println!("{}", serde_json::to_string(&result)?);
    } else {
        print_summary(&result);
    }
    eprintln!(
        "Tổng hợp {} khu vực × {} chỉ tiêu trong {:.0} ms / consolidated in {:.0} ms",
        result.areas.len(),
        result.nation.indicators.len(),
        elapsed.as_secs_f64() * 1000.0,
        elapsed.as_secs_f64() * 1000.0,
    );
    Ok(ExitCode::SUCCESS)
}

fn print_summary(c: &national::Consolidation) {
    let line = |a: &national::AreaResult| {
        let statuses = a
            .by_status
            .iter()
            .map(|(k, v)| format!("{k} {v}"))
            .collect::<Vec<_>>()
            .join(", ");
        println!(
            "{:<28} {:>5} đơn vị / units  {:>3}/{} chỉ tiêu đủ số liệu / complete  {statuses}",
            a.name_vi,
            a.expected_units,
            a.complete,
            a.indicators.len()
        );
    };
    println!("{} — năm / year {}", c.framework, c.year);
    line(&c.nation);
    for a in &c.areas {
        line(a);
    }
}
