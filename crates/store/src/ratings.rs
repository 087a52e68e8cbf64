//! The consolidator's ratings of qualitative indicators.

use crate::audit::record;
use crate::error::{Doing, Result, StoreError};
use crate::{Store, time_text};
use serde::Serialize;
use sqlx::Row;
use xanh_core::access::Actor;

#[derive(Debug, Clone, Serialize)]
pub struct RatingRow {
    pub indicator: String,
    pub year: i32,
    /// A `QualitativeRating` code.
    pub rating: String,
    pub justification: String,
    pub rated_by: Option<String>,
    pub rated_at: String,
}

impl Store {
    pub async fn ratings(&self, framework: &str) -> Result<Vec<RatingRow>> {
        sqlx::query(
            "SELECT q.indicator_code, q.year, q.rating, q.justification, q.rated_at, u.display_name \
             FROM qualitative_ratings q JOIN frameworks f ON f.id = q.framework_id \
             LEFT JOIN users u ON u.id = q.rated_by WHERE f.code = $1 ORDER BY q.indicator_code, q.year",
        )
        .bind(framework)
        .fetch_all(&self.pool)
        .await
        .doing("reading ratings")?
        .iter()
        .map(|r| {
            Ok(RatingRow {
                indicator: r.try_get("indicator_code")?,
                year: r.try_get::<i64, _>("year")? as i32,
                rating: r.try_get("rating")?,
                justification: r.try_get("justification")?,
                rated_by: r.try_get("display_name")?,
                rated_at: r.try_get("rated_at")?,
            })
        })
        .collect::<Result<_, sqlx::Error>>()
        .doing("reading ratings")
    }

    /// Rates a qualitative indicator for a year; a new rating replaces the old, and both stay in the audit trail.
    pub async fn rate(
        &self,
        framework: &str,
        indicator: &str,
        year: i32,
        rating: &str,
        justification: &str,
        actor: &Actor,
    ) -> Result<()> {
        let mut tx = self.pool.begin().await.doing("rating an indicator")?;
        let framework_id: i64 = sqlx::query("SELECT id FROM frameworks WHERE code = $1")
            .bind(framework)
            .fetch_optional(&mut *tx)
            .await
            .doing("rating an indicator")?
            .ok_or_else(|| StoreError::NotFound(format!("framework {framework}")))?
            .try_get("id")
            .doing("rating an indicator")?;
        let old: Option<String> = sqlx::query(
            "SELECT rating FROM qualitative_ratings WHERE framework_id = $1 AND indicator_code = $2 AND year = $3",
        )
        .bind(framework_id)
        .bind(indicator)
        .bind(i64::from(year))
        .fetch_optional(&mut *tx)
        .await
        .doing("rating an indicator")?
        .map(|r| r.try_get("rating"))
        .transpose()
        .doing("rating an indicator")?;
        sqlx::query(
            "INSERT INTO qualitative_ratings (framework_id, indicator_code, year, rating, justification, rated_by, rated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (framework_id, indicator_code, year) DO UPDATE SET \
             rating = excluded.rating, justification = excluded.justification, rated_by = excluded.rated_by, rated_at = excluded.rated_at",
        )
        .bind(framework_id)
        .bind(indicator)
        .bind(i64::from(year))
        .bind(rating)
        .bind(justification)
        .bind(actor.user_id)
        .bind(time_text::now())
        .execute(&mut *tx)
        .await
        .doing("rating an indicator")?;
        let id = format!("{framework}/{indicator}/{year}");
        record(
            &mut tx,
            Some(actor.user_id),
            &actor.username,
            "rate",
            "rating",
            &id,
            Some("rating"),
            old.as_deref(),
            Some(rating),
            Some(justification),
        )
        .await?;
        tx.commit().await.doing("rating an indicator")
    }
}
