//! The registry of organisational units in the database. A framework's units
//! are registered with its import, in the same transaction: new units are
//! added, an end the registry did not know closes a unit, and a file that
//! contradicts the registry is refused (the rule is in
//! `xanh_core::framework::registry`), so that importing one framework never
//! changes another's past sums, pages or documents.

use crate::error::{Doing, Result, StoreError};
use crate::time_text;
use sqlx::{Any, Row, Transaction};
use xanh_core::Text;
use xanh_core::framework::registry::{Registration, UnitFacts, refusal, register};
use xanh_core::framework::{Framework, UnitKind};

type Tx<'a> = Transaction<'a, Any>;

fn corrupt(code: &str, what: &str) -> StoreError {
    StoreError::Corrupt(format!("unit {code}: unreadable {what}"))
}

fn date(code: &str, text: Option<String>) -> Result<Option<time::Date>> {
    text.map(|t| {
        time::Date::parse(
            &t,
            time::macros::format_description!("[year]-[month]-[day]"),
        )
        .map_err(|_| corrupt(code, "date"))
    })
    .transpose()
}

/// The facts the registry holds for a unit, if any.
async fn held(tx: &mut Tx<'_>, code: &str) -> Result<Option<UnitFacts>> {
    let Some(r) = sqlx::query(
        "SELECT kind, name_vi, name_en, short_vi, short_en, parent_code, valid_from, valid_to, \
         successor_code FROM org_units WHERE code = $1",
    )
    .bind(code)
    .fetch_optional(&mut **tx)
    .await
    .doing("reading the unit registry")?
    else {
        return Ok(None);
    };
    let get = |c: &str| {
        r.try_get::<Option<String>, _>(c)
            .doing("reading the unit registry")
    };
    let kind: UnitKind =
        serde_json::from_value(serde_json::Value::String(get("kind")?.unwrap_or_default()))
            .map_err(|_| corrupt(code, "kind"))?;
    let short = match (get("short_vi")?, get("short_en")?) {
        (Some(vi), en) => Some(Text::new(vi, en.unwrap_or_default())),
        (None, _) => None,
    };
    Ok(Some(UnitFacts {
        kind,
        name: Text::new(
            get("name_vi")?.unwrap_or_default(),
            get("name_en")?.unwrap_or_default(),
        ),
        short_name: short,
        parent: get("parent_code")?,
        valid_from: date(code, get("valid_from")?)?,
        valid_to: date(code, get("valid_to")?)?,
        successor: get("successor_code")?,
    }))
}

/// Registers every unit of a framework, or refuses the first that
/// contradicts the registry (the caller's transaction is then rolled back).
pub(crate) async fn register_units(
    tx: &mut Tx<'_>,
    framework: &Framework,
    now: &str,
) -> Result<()> {
    for u in &framework.units {
        let given = UnitFacts::from(u);
        match register(held(tx, &u.code).await?.as_ref(), &given) {
            Registration::Same => {}
            Registration::Contradicts(differences) => {
                let text = refusal(&u.code, &differences);
                return Err(StoreError::Invalid {
                    field: format!("units.{}", u.code),
                    reason: format!("{} / {}", text.vi, text.en),
                });
            }
            Registration::Closes {
                valid_to,
                successor,
            } => {
                sqlx::query(
                    "UPDATE org_units SET valid_to = COALESCE(valid_to, $1), \
                     successor_code = COALESCE(successor_code, $2), updated_at = $3 WHERE code = $4",
                )
                .bind(valid_to.map(time_text::date))
                .bind(successor)
                .bind(now)
                .bind(&u.code)
                .execute(&mut **tx)
                .await
                .doing("closing a unit in the registry")?;
            }
            Registration::New => {
                sqlx::query(
                    "INSERT INTO org_units (code, kind, name_vi, name_en, short_vi, short_en, parent_code, \
                     valid_from, valid_to, successor_code, updated_at) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
                )
                .bind(&u.code)
                .bind(u.kind.as_str())
                .bind(&u.name.vi)
                .bind(&u.name.en)
                .bind(u.short_name.as_ref().map(|t| t.vi.clone()))
                .bind(u.short_name.as_ref().map(|t| t.en.clone()))
                .bind(u.parent.clone())
                .bind(u.valid_from.map(time_text::date))
                .bind(u.valid_to.map(time_text::date))
                .bind(u.successor.clone())
                .bind(now)
                .execute(&mut **tx)
                .await
                .doing("storing organisational units")?;
            }
        }
    }
    Ok(())
}
