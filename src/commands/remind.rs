//! `xanh remind`: one reminder round, for cron or for a check by hand.

use crate::cli::RemindArgs;
use anyhow::{Context, bail};
use std::process::ExitCode;
use xanh_store::Store;

pub async fn run(url: &str, args: RemindArgs) -> anyhow::Result<ExitCode> {
    let Some(mail) = args.mail.settings() else {
        bail!("no mail server: give --smtp-url or XANH_SMTP_URL");
    };
    let today = match &args.today {
        Some(day) => time::Date::parse(
            day,
            time::macros::format_description!("[year]-[month]-[day]"),
        )
        .with_context(|| format!("--today {day}: write YYYY-MM-DD"))?,
        None => time::OffsetDateTime::now_utc()
            .to_offset(time::UtcOffset::from_hms(7, 0, 0)?)
            .date(),
    };
    let store = Store::connect(url).await.context("opening the database")?;
    let round = xanh_app::reminders::run_once(&xanh_app::App::new(store.clone()), &mail, today)
        .await
        .map_err(anyhow::Error::msg)?;
    for s in &round.sent {
        println!(
            "{} {} {} → {}",
            s.period,
            s.unit,
            s.kind,
            s.recipients.join(", ")
        );
    }
    for (unit, error) in &round.failed {
        println!("KHÔNG GỬI ĐƯỢC / NOT SENT {unit}: {error}");
    }
    println!("{} nhắc nhở đã gửi / reminders sent", round.sent.len());
    store.close().await;
    Ok(if round.failed.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}
