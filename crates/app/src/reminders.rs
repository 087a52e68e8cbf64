//! Deadline reminders by e-mail: a set number of days before a deadline, and
//! again once it has passed, to the officers of every agency whose report is
//! not yet submitted. Each reminder is claimed in the database before it is
//! sent, so several server processes never send the same one twice. With no
//! mail server configured, reminders show only in the application.

use crate::App;
use crate::reporting::parse_iso_date;
use lettre::message::{Mailbox, header::ContentType};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use std::time::Duration;
use xanh_core::framework::vn_date;
use xanh_core::report::expected_agencies;
use xanh_core::workflow::ReportState;

#[derive(Clone, Debug)]
pub struct MailSettings {
    /// `smtp://host:port` (plain SMTP; e.g. a relay on the same network).
    pub url: String,
    pub from: String,
    /// How many days before a deadline the first reminder goes out.
    pub days_before: i64,
}

/// One reminder that was sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sent {
    pub period: String,
    pub unit: String,
    pub kind: &'static str,
    pub recipients: Vec<String>,
}

/// What a round did: the reminders this call sent, and those that failed
/// (released to be tried again in the next round).
#[derive(Debug, Default)]
pub struct Round {
    pub sent: Vec<Sent>,
    pub failed: Vec<(String, String)>,
}

/// Sends whatever reminders are due on `today`.
pub async fn run_once(
    state: &App,
    mail: &MailSettings,
    today: time::Date,
) -> Result<Round, String> {
    let transport = transport(&mail.url)?;
    let from: Mailbox = mail
        .from
        .parse()
        .map_err(|e| format!("sender address: {e}"))?;
    let mut round = Round::default();
    for (code, period) in state
        .store
        .open_periods()
        .await
        .map_err(|e| e.to_string())?
    {
        let Some(period_deadline) = parse_iso_date(&period.deadline) else {
            continue;
        };
        let fw = state
            .store
            .framework(&code, None)
            .await
            .map_err(|e| e.to_string())?
            .framework;
        let reports = state
            .store
            .reports_of_period(period.id)
            .await
            .map_err(|e| e.to_string())?;
        // Each level keeps its own deadline: the lead agencies the period's,
        // the communes theirs, and each is reminded of its own only.
        let time = period.kind;
        let data_to = parse_iso_date(&period.data_to).unwrap_or(time::Date::MIN);
        let mut duties: Vec<(String, time::Date)> = expected_agencies(&fw, time)
            .into_iter()
            .map(|u| (u, period_deadline))
            .collect();
        for level in &fw.calendar.levels {
            let Some(d) = xanh_core::chain::level_deadline(level, period.year as i32) else {
                continue;
            };
            for (u, _) in xanh_core::chain::lower_units(&fw, &level.receiver, time, data_to) {
                duties.push((u.code.clone(), d));
            }
        }
        for (unit, deadline) in duties {
            let kind = if today > deadline {
                "overdue"
            } else if (deadline - today).whole_days() <= mail.days_before {
                "before"
            } else {
                continue;
            };
            let st = reports
                .iter()
                .find(|r| r.unit_code == unit)
                .map(|r| r.state())
                .unwrap_or(ReportState::NotStarted);
            if st.delivered() {
                continue;
            }
            let officers = state
                .store
                .officers_of(&unit)
                .await
                .map_err(|e| e.to_string())?;
            let to: Vec<String> = officers.iter().filter_map(|o| o.email.clone()).collect();
            if to.is_empty()
                || !state
                    .store
                    .claim_reminder(period.id, &unit, kind, &to.join(", "))
                    .await
                    .map_err(|e| e.to_string())?
            {
                continue;
            }
            let unit_name = fw
                .unit(&unit)
                .map(|u| u.name.vi.clone())
                .unwrap_or_else(|| unit.clone());
            let outcome = send(
                &transport,
                &from,
                &to,
                kind,
                &period.label_vi,
                &unit_name,
                deadline,
            )
            .await;
            if let Err(e) = &outcome {
                tracing::warn!(error = %e, unit = %unit, "a reminder could not be sent; it will be tried again");
                round.failed.push((unit.clone(), e.clone()));
            }
            let ok = outcome.is_ok();
            state
                .store
                .finish_reminder(period.id, &unit, kind, outcome)
                .await
                .map_err(|e| e.to_string())?;
            if ok {
                round.sent.push(Sent {
                    period: period.code.clone(),
                    unit,
                    kind,
                    recipients: to,
                });
            }
        }
    }
    Ok(round)
}

/// A transport from `smtp://[user:password@]host[:port]`. Only plain SMTP is
/// built in (a relay inside the government network); TLS is not yet.
fn transport(url: &str) -> Result<AsyncSmtpTransport<Tokio1Executor>, String> {
    let rest = url
        .strip_prefix("smtp://")
        .ok_or_else(|| format!("mail server URL must start with smtp:// (got {url})"))?;
    let rest = rest.trim_end_matches('/');
    let (credentials, host_port) = match rest.rsplit_once('@') {
        Some((c, h)) => (Some(c), h),
        None => (None, rest),
    };
    let (host, port) = match host_port.rsplit_once(':') {
        Some((h, p)) => (
            h,
            p.parse::<u16>().map_err(|_| format!("bad port in {url}"))?,
        ),
        None => (host_port, 25),
    };
    if host.is_empty() {
        return Err(format!("no host in {url}"));
    }
    let mut builder = AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(host)
        .port(port)
        .timeout(Some(Duration::from_secs(20)));
    if let Some((user, password)) = credentials.and_then(|c| c.split_once(':')) {
        builder = builder.credentials(lettre::transport::smtp::authentication::Credentials::new(
            user.to_string(),
            password.to_string(),
        ));
    }
    Ok(builder.build())
}

async fn send(
    transport: &AsyncSmtpTransport<Tokio1Executor>,
    from: &Mailbox,
    to: &[String],
    kind: &str,
    period: &str,
    unit: &str,
    deadline: time::Date,
) -> Result<(), String> {
    let (subject, body) = match kind {
        "before" => (
            format!("[Xanh] Nhắc hạn gửi {period}: {}", vn_date(deadline)),
            format!(
                "Kính gửi {unit},\n\nHạn gửi {period} là ngày {}. Báo cáo của đơn vị chưa được gửi.\nĐề nghị đơn vị hoàn thành và gửi báo cáo trên hệ thống Xanh.\n\n(Reminder: the report is due on {} and has not been submitted yet.)\n",
                vn_date(deadline),
                vn_date(deadline)
            ),
        ),
        _ => (
            format!("[Xanh] Quá hạn gửi {period}"),
            format!(
                "Kính gửi {unit},\n\nĐã quá hạn gửi {period} (hạn ngày {}). Báo cáo của đơn vị chưa được gửi.\nĐề nghị đơn vị khẩn trương gửi báo cáo trên hệ thống Xanh.\n\n(The report was due on {} and is overdue.)\n",
                vn_date(deadline),
                vn_date(deadline)
            ),
        ),
    };
    let mut builder = Message::builder()
        .from(from.clone())
        .subject(subject)
        .header(ContentType::TEXT_PLAIN);
    for address in to {
        builder = builder.to(address
            .parse()
            .map_err(|e| format!("address {address}: {e}"))?);
    }
    let message = builder.body(body).map_err(|e| e.to_string())?;
    transport
        .send(message)
        .await
        .map(|_| ())
        .map_err(|e| e.to_string())
}

/// Runs reminder rounds for as long as the server runs.
pub fn spawn(state: App, mail: MailSettings, every: Duration) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(every);
        loop {
            tick.tick().await;
            let today = time::OffsetDateTime::now_utc()
                .to_offset(time::UtcOffset::from_hms(7, 0, 0).unwrap_or(time::UtcOffset::UTC))
                .date();
            match run_once(&state, &mail, today).await {
                Ok(round) if !round.sent.is_empty() => {
                    tracing::info!(count = round.sent.len(), "reminders sent")
                }
                Ok(_) => {}
                Err(e) => tracing::warn!(error = %e, "reminder round failed"),
            }
        }
    });
}
