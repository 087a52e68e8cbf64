//! Figures flowing up the reporting chain: when a department accepts a
//! commune's report, the commune's figures move into the department's report
//! (which carries them to the consolidator, like the figures it types
//! itself); when it reopens one, they move back. The receiving report must
//! still be open to its agency, and the move is audited on both reports.

use super::{Tx, read_report};
use crate::audit::record;
use crate::error::{Doing, Result, StoreError};
use xanh_core::access::Actor;
use xanh_core::workflow::Action;

pub(super) async fn move_figures(
    tx: &mut Tx<'_>,
    lower: i64,
    receiver: i64,
    action: Action,
    actor: &Actor,
    now: &str,
) -> Result<()> {
    let receiving = read_report(&mut **tx, receiver).await?;
    if !receiving.state().editable() {
        return Err(StoreError::Invalid {
            field: "receiver".into(),
            reason: format!(
                "the receiving report {receiver} is {} and cannot take or give back figures",
                receiving.state.as_str()
            ),
        });
    }
    let moved = if action == Action::Accept {
        sqlx::query(
            "UPDATE indicator_values SET report_id = $1, source_report_id = $2 WHERE report_id = $2",
        )
        .bind(receiver)
        .bind(lower)
        .execute(&mut **tx)
        .await
        .doing("taking a lower level's figures")?
    } else {
        sqlx::query(
            "UPDATE indicator_values SET report_id = $1, source_report_id = NULL \
             WHERE source_report_id = $1 AND report_id = $2",
        )
        .bind(lower)
        .bind(receiver)
        .execute(&mut **tx)
        .await
        .doing("giving a lower level's figures back")?
    }
    .rows_affected();
    let (what, field) = if action == Action::Accept {
        ("receive_figures", "from_report")
    } else {
        ("return_figures", "to_report")
    };
    record(
        tx,
        Some(actor.user_id),
        &actor.username,
        what,
        "report",
        &receiver.to_string(),
        Some(field),
        None,
        Some(&format!("{lower}: {moved}")),
        None,
    )
    .await?;
    // The receiving report changed: anyone holding it open must reload.
    sqlx::query("UPDATE reports SET version = version + 1, updated_at = $1 WHERE id = $2")
        .bind(now)
        .bind(receiver)
        .execute(&mut **tx)
        .await
        .doing("taking a lower level's figures")?;
    Ok(())
}
