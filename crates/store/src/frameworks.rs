//! Frameworks in the database: all-or-nothing import with versions, and reading back.

use crate::db::bind_f64;
use crate::error::{Doing, Result, StoreError};
use crate::{Store, time_text};
use serde::Serialize;
use sha2::{Digest, Sha256};
use sqlx::{Any, Row, Transaction};
use xanh_core::framework::{Aggregation, Framework, Indicator, Objective, ReportingTime, Target};
use xanh_core::period::{PeriodSpec, periods};
use xanh_core::workflow::PeriodState;

/// What an import did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImportOutcome {
    /// The framework was new: version 1 was stored.
    Created { version: i64 },
    /// The content differs from the current version: a new version was stored, the old kept.
    NewVersion { version: i64 },
    /// The same content is already stored as this version: nothing changed.
    Unchanged { version: i64 },
}

impl ImportOutcome {
    pub fn version(&self) -> i64 {
        match self {
            ImportOutcome::Created { version }
            | ImportOutcome::NewVersion { version }
            | ImportOutcome::Unchanged { version } => *version,
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct FrameworkSummary {
    pub code: String,
    pub title_vi: String,
    pub title_en: String,
    pub decision_number: String,
    pub current_version: i64,
    pub versions: i64,
    pub imported_at: String,
}

/// One version of a framework as stored.
#[derive(Debug, Clone)]
pub struct StoredFramework {
    pub version: i64,
    pub imported_at: String,
    pub framework: Framework,
}

#[derive(Debug, Clone, Serialize)]
pub struct PeriodRow {
    pub id: i64,
    pub code: String,
    pub kind: ReportingTime,
    pub year: i64,
    pub label_vi: String,
    pub label_en: String,
    pub data_from: String,
    pub data_to: String,
    pub deadline: String,
    pub state: PeriodState,
}

/// A period's row, its kind and state decoded (an unknown one names the period).
pub(crate) fn period_row(r: &sqlx::any::AnyRow) -> std::result::Result<PeriodRow, sqlx::Error> {
    use crate::reports::decode;
    let id: i64 = r.try_get("id")?;
    Ok(PeriodRow {
        id,
        code: r.try_get("code")?,
        kind: decode(r, "kind", || format!("period {id}"), ReportingTime::parse)?,
        year: r.try_get("year")?,
        label_vi: r.try_get("label_vi")?,
        label_en: r.try_get("label_en")?,
        data_from: r.try_get("data_from")?,
        data_to: r.try_get("data_to")?,
        deadline: r.try_get("deadline")?,
        state: decode(r, "state", || format!("period {id}"), PeriodState::parse)?,
    })
}

pub(crate) fn snake<T: Serialize>(value: &T) -> String {
    serde_json::to_value(value)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

impl Store {
    /// Imports a validated framework in one transaction. The same content twice
    /// is a no-op; changed content becomes a new version and the old one stays.
    pub async fn import_framework(
        &self,
        source_text: &str,
        framework: &Framework,
        by: Option<&str>,
    ) -> Result<ImportOutcome> {
        let model_json = serde_json::to_string(framework)
            .map_err(|e| StoreError::Corrupt(format!("framework does not serialise: {e}")))?;
        // The hash is of the validated model, so editing a comment or the
        // layout of the file does not make a new version.
        let sha = format!("{:x}", Sha256::digest(model_json.as_bytes()));
        self.check_continuity(framework).await?;
        let now = time_text::now();
        let mut tx = self.pool.begin().await.doing("starting the import")?;

        let existing: Option<i64> = sqlx::query("SELECT id FROM frameworks WHERE code = $1")
            .bind(&framework.code)
            .fetch_optional(&mut *tx)
            .await
            .doing("looking up the framework")?
            .map(|r| r.try_get("id"))
            .transpose()
            .doing("reading the framework id")?;
        let (framework_id, is_new) = match existing {
            Some(id) => (id, false),
            None => {
                let row = sqlx::query(
                    "INSERT INTO frameworks (code, created_at) VALUES ($1, $2) RETURNING id",
                )
                .bind(&framework.code)
                .bind(&now)
                .fetch_one(&mut *tx)
                .await
                .doing("storing the framework")?;
                (
                    row.try_get("id").doing("reading the new framework id")?,
                    true,
                )
            }
        };

        let same: Option<i64> = sqlx::query(
            "SELECT version FROM framework_versions WHERE framework_id = $1 AND sha256 = $2",
        )
        .bind(framework_id)
        .bind(&sha)
        .fetch_optional(&mut *tx)
        .await
        .doing("comparing with stored versions")?
        .map(|r| r.try_get("version"))
        .transpose()
        .doing("reading the stored version")?;
        if let Some(version) = same {
            tx.rollback().await.doing("ending the import")?;
            return Ok(ImportOutcome::Unchanged { version });
        }

        let version: i64 = sqlx::query(
            "SELECT COALESCE(MAX(version), 0) + 1 AS next FROM framework_versions WHERE framework_id = $1",
        )
        .bind(framework_id)
        .fetch_one(&mut *tx)
        .await
        .doing("numbering the new version")?
        .try_get("next")
        .doing("reading the new version number")?;

        let version_id: i64 = sqlx::query(
            "INSERT INTO framework_versions (framework_id, version, sha256, title_vi, title_en, \
             decision_number, decision_date, plan_from, plan_to, consolidator_code, issuer_code, \
             source_text, model_json, imported_at, imported_by) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) RETURNING id",
        )
        .bind(framework_id)
        .bind(version)
        .bind(&sha)
        .bind(&framework.title.vi)
        .bind(&framework.title.en)
        .bind(&framework.decision.number)
        .bind(time_text::date(framework.decision.date))
        .bind(i64::from(framework.plan.from))
        .bind(i64::from(framework.plan.to))
        .bind(&framework.consolidator)
        .bind(&framework.issuer)
        .bind(source_text)
        .bind(&model_json)
        .bind(&now)
        .bind(by)
        .fetch_one(&mut *tx)
        .await
        .map_err(|e| match &e {
            sqlx::Error::Database(d) if d.is_unique_violation() => StoreError::Conflict(
                "another import of this framework finished first; try again".into(),
            ),
            _ => StoreError::Database {
                doing: "storing the framework version",
                source: e,
            },
        })?
        .try_get("id")
        .doing("reading the new version id")?;

        crate::unit_registry::register_units(&mut tx, framework, &now).await?;
        insert_sections(&mut tx, version_id, framework).await?;
        for (ord, objective) in framework.objectives.iter().enumerate() {
            insert_objective(&mut tx, version_id, ord, objective).await?;
        }
        upsert_periods(&mut tx, framework_id, &periods(framework)).await?;
        // Weights and units' areas may have changed: the sums follow the new version.
        let period_ids: Vec<i64> =
            sqlx::query("SELECT id FROM reporting_periods WHERE framework_id = $1")
                .bind(framework_id)
                .fetch_all(&mut *tx)
                .await
                .doing("listing periods")?
                .iter()
                .map(|r| r.try_get("id"))
                .collect::<Result<_, sqlx::Error>>()
                .doing("listing periods")?;
        for period_id in period_ids {
            crate::aggregates::refresh_period(&mut tx, period_id).await?;
        }

        let (before, after) = (
            (!is_new).then(|| (version - 1).to_string()),
            version.to_string(),
        );
        crate::audit::record(
            &mut tx,
            None,
            by.unwrap_or("system"),
            "import",
            "framework",
            &framework.code,
            Some("version"),
            before.as_deref(),
            Some(&after),
            None,
        )
        .await?;

        tx.commit().await.doing("committing the import")?;
        Ok(if is_new {
            ImportOutcome::Created { version }
        } else {
            ImportOutcome::NewVersion { version }
        })
    }

    /// Every framework with its current version.
    pub async fn frameworks(&self) -> Result<Vec<FrameworkSummary>> {
        let rows = sqlx::query(
            "SELECT f.code, v.title_vi, v.title_en, v.decision_number, v.version, v.imported_at, \
             (SELECT COUNT(*) FROM framework_versions c WHERE c.framework_id = f.id) AS versions \
             FROM frameworks f JOIN framework_versions v ON v.framework_id = f.id \
             WHERE v.version = (SELECT MAX(m.version) FROM framework_versions m WHERE m.framework_id = f.id) \
             ORDER BY f.code",
        )
        .fetch_all(&self.pool)
        .await
        .doing("listing frameworks")?;
        rows.iter()
            .map(|r| {
                Ok(FrameworkSummary {
                    code: r.try_get("code")?,
                    title_vi: r.try_get("title_vi")?,
                    title_en: r.try_get("title_en")?,
                    decision_number: r.try_get("decision_number")?,
                    current_version: r.try_get("version")?,
                    versions: r.try_get("versions")?,
                    imported_at: r.try_get("imported_at")?,
                })
            })
            .collect::<Result<_, sqlx::Error>>()
            .doing("reading the framework list")
    }

    /// The current (newest) version of a framework, or a given version.
    pub async fn framework(&self, code: &str, version: Option<i64>) -> Result<StoredFramework> {
        let row = sqlx::query(
            "SELECT v.version, v.imported_at, v.model_json FROM framework_versions v \
             JOIN frameworks f ON f.id = v.framework_id \
             WHERE f.code = $1 AND ($2 IS NULL OR v.version = $2) \
             ORDER BY v.version DESC LIMIT 1",
        )
        .bind(code)
        .bind(version)
        .fetch_optional(&self.pool)
        .await
        .doing("reading a framework")?
        .ok_or_else(|| StoreError::NotFound(format!("framework {code}")))?;
        let json: String = row.try_get("model_json").doing("reading a framework")?;
        Ok(StoredFramework {
            version: row.try_get("version").doing("reading a framework")?,
            imported_at: row.try_get("imported_at").doing("reading a framework")?,
            framework: serde_json::from_str(&json)
                .map_err(|e| StoreError::Corrupt(format!("framework {code}: {e}")))?,
        })
    }

    /// The reporting periods of a framework, by deadline.
    pub async fn periods(&self, framework_code: &str) -> Result<Vec<PeriodRow>> {
        let rows = sqlx::query(
            "SELECT p.id, p.code, p.kind, p.year, p.label_vi, p.label_en, p.data_from, p.data_to, \
             p.deadline, p.state FROM reporting_periods p JOIN frameworks f ON f.id = p.framework_id \
             WHERE f.code = $1 ORDER BY p.deadline, p.code",
        )
        .bind(framework_code)
        .fetch_all(&self.pool)
        .await
        .doing("listing reporting periods")?;
        rows.iter()
            .map(period_row)
            .collect::<Result<_, sqlx::Error>>()
            .doing("reading reporting periods")
    }
}

type Tx<'a> = Transaction<'a, Any>;

async fn insert_sections(tx: &mut Tx<'_>, version_id: i64, framework: &Framework) -> Result<()> {
    for (ord, s) in framework.sections.iter().enumerate() {
        sqlx::query(
            "INSERT INTO sections (version_id, code, ord, title_vi, title_en) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(version_id)
        .bind(&s.code)
        .bind(ord as i64)
        .bind(&s.title.vi)
        .bind(&s.title.en)
        .execute(&mut **tx)
        .await
        .doing("storing sections")?;
    }
    Ok(())
}

async fn insert_objective(
    tx: &mut Tx<'_>,
    version_id: i64,
    ord: usize,
    o: &Objective,
) -> Result<()> {
    let objective_id: i64 = sqlx::query(
        "INSERT INTO objectives (version_id, code, ord, section_code, title_vi, title_en, output_vi, \
         output_en, lead_code, source_ref) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
    )
    .bind(version_id)
    .bind(&o.code)
    .bind(ord as i64)
    .bind(o.section.clone())
    .bind(&o.title.vi)
    .bind(&o.title.en)
    .bind(&o.output.vi)
    .bind(&o.output.en)
    .bind(o.lead.clone())
    .bind(o.source.clone())
    .fetch_one(&mut **tx)
    .await
    .doing("storing objectives")?
    .try_get("id")
    .doing("reading the new objective id")?;
    for (i, a) in o.activities.iter().enumerate() {
        sqlx::query(
            "INSERT INTO objective_activities (objective_id, ord, text_vi, text_en) VALUES ($1, $2, $3, $4)",
        )
        .bind(objective_id)
        .bind(i as i64)
        .bind(&a.vi)
        .bind(&a.en)
        .execute(&mut **tx)
        .await
        .doing("storing activities")?;
    }
    for c in &o.coordinating {
        sqlx::query("INSERT INTO objective_coordinators (objective_id, unit_code) VALUES ($1, $2)")
            .bind(objective_id)
            .bind(c)
            .execute(&mut **tx)
            .await
            .doing("storing coordinating agencies")?;
    }
    for t in &o.reporting {
        sqlx::query(
            "INSERT INTO objective_reporting (objective_id, reporting_time) VALUES ($1, $2)",
        )
        .bind(objective_id)
        .bind(t.as_str())
        .execute(&mut **tx)
        .await
        .doing("storing reporting times")?;
    }
    for (i, ind) in o.indicators.iter().enumerate() {
        insert_indicator(tx, version_id, objective_id, i, ind).await?;
    }
    Ok(())
}

async fn insert_indicator(
    tx: &mut Tx<'_>,
    version_id: i64,
    objective_id: i64,
    ord: usize,
    ind: &Indicator,
) -> Result<()> {
    let (value, min, max, year, from_year) = match ind.target {
        Target::AtLeast { value, year }
        | Target::Above { value, year }
        | Target::AtMost { value, year }
        | Target::Below { value, year } => (Some(value), None, None, Some(year), None),
        Target::Range { min, max, year } => (None, Some(min), Some(max), Some(year), None),
        Target::AllFrom { from_year } => (Some(100.0), None, None, None, Some(from_year)),
        Target::Milestone { year } => (None, None, None, Some(year), None),
        Target::Qualitative { year } => (None, None, None, year, None),
        Target::None => (None, None, None, None, None),
    };
    let (aggregation, weight) = match &ind.aggregation {
        Aggregation::Sum => ("sum", None),
        Aggregation::Mean => ("mean", None),
        Aggregation::WeightedMean { weight } => ("weighted_mean", Some(weight.clone())),
        Aggregation::None => ("none", None),
    };
    let query = sqlx::query(
        "INSERT INTO indicators (version_id, objective_id, code, ord, name_vi, name_en, unit_vi, unit_en, \
         kind, direction, target_form, target_value, target_min, target_max, target_year, target_from_year, \
         baseline_value, baseline_year, natural_limit, aggregation, weight_code, reported_by_units) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22)",
    )
    .bind(version_id)
    .bind(objective_id)
    .bind(&ind.code)
    .bind(ord as i64)
    .bind(&ind.name.vi)
    .bind(&ind.name.en)
    .bind(&ind.unit.vi)
    .bind(&ind.unit.en)
    .bind(snake(&ind.kind))
    .bind(snake(&ind.direction))
    .bind(snake(&ind.target.form()));
    let query = bind_f64(query, value);
    let query = bind_f64(query, min);
    let query = bind_f64(query, max);
    let query = query
        .bind(year.map(i64::from))
        .bind(from_year.map(i64::from));
    let query = bind_f64(query, ind.baseline.map(|b| b.value));
    let query = query.bind(ind.baseline.map(|b| i64::from(b.year)));
    bind_f64(query, ind.natural_limit)
        .bind(aggregation)
        .bind(weight)
        .bind(i64::from(ind.reported_by_units))
        .execute(&mut **tx)
        .await
        .doing("storing indicators")?;
    Ok(())
}

async fn upsert_periods(tx: &mut Tx<'_>, framework_id: i64, specs: &[PeriodSpec]) -> Result<()> {
    for p in specs {
        // A new version may move a deadline; the period's state (open,
        // closed) is the consolidator's and is left as it is.
        sqlx::query(
            "INSERT INTO reporting_periods (framework_id, code, kind, year, label_vi, label_en, data_from, \
             data_to, deadline, state) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) \
             ON CONFLICT (framework_id, code) DO UPDATE SET label_vi = excluded.label_vi, \
             label_en = excluded.label_en, data_from = excluded.data_from, data_to = excluded.data_to, \
             deadline = excluded.deadline",
        )
        .bind(framework_id)
        .bind(&p.code)
        .bind(p.kind.as_str())
        .bind(i64::from(p.year))
        .bind(&p.label.vi)
        .bind(&p.label.en)
        .bind(time_text::date(p.data_from))
        .bind(time_text::date(p.data_to))
        .bind(time_text::date(p.deadline))
        .bind(xanh_core::workflow::PeriodState::Planned.as_str())
        .execute(&mut **tx)
        .await
        .doing("storing reporting periods")?;
    }
    Ok(())
}
