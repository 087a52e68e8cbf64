//! Reading Vietnam's administrative-unit registry: counts, a unit by code
//! or name, what an old unit became, what a new unit was made of, and a
//! province's communes. Loading is in `admin_registry.rs`.

use crate::Store;
use crate::error::{Doing, Result};
use sqlx::Row;
use sqlx::any::AnyRow;
use xanh_core::admin_registry;

/// A unit in force from `valid_from` (1 July 2025).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AdminUnit {
    pub code: String,
    /// province, city, commune, ward or special_zone.
    pub level: String,
    pub name: String,
    /// None for a province or city.
    pub province_code: Option<String>,
    pub province_name: Option<String>,
    pub valid_from: String,
}

/// A unit that ceased on `valid_to` (30 June 2025).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormerUnit {
    pub code: String,
    /// province, city, district, urban_district, town, provincial_city,
    /// commune, ward or township.
    pub level: String,
    pub name: String,
    pub province_code: Option<String>,
    pub province_name: Option<String>,
    pub district_code: Option<String>,
    pub district_name: Option<String>,
    pub valid_to: String,
}

/// A new unit an old one became.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Successor {
    pub unit: AdminUnit,
    /// whole, part or part-main; None for a district, whose successors are
    /// those of its communes (`from_communes` of them went to this unit).
    pub share: Option<String>,
    pub from_communes: Option<i64>,
    pub effective: String,
}

/// An old unit a new one was made of, with the share it gave.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Predecessor {
    pub unit: FormerUnit,
    pub share: String,
}

const UNIT_COLUMNS: &str =
    "u.code, u.level, u.name, u.province_code, p.name AS province_name, u.valid_from";
const UNIT_FROM: &str = "admin_units u LEFT JOIN admin_units p ON p.code = u.province_code";
const FORMER_COLUMNS: &str = "f.code, f.level, f.name, f.province_code, p.name AS province_name, \
     f.district_code, d.name AS district_name, f.valid_to";
const FORMER_FROM: &str = "admin_units_former f \
     LEFT JOIN admin_units_former p ON p.code = f.province_code \
     LEFT JOIN admin_units_former d ON d.code = f.district_code";

fn unit_of(r: &AnyRow) -> Result<AdminUnit, sqlx::Error> {
    Ok(AdminUnit {
        code: r.try_get("code")?,
        level: r.try_get("level")?,
        name: r.try_get("name")?,
        province_code: r.try_get("province_code")?,
        province_name: r.try_get("province_name")?,
        valid_from: r.try_get("valid_from")?,
    })
}

fn former_of(r: &AnyRow) -> Result<FormerUnit, sqlx::Error> {
    Ok(FormerUnit {
        code: r.try_get("code")?,
        level: r.try_get("level")?,
        name: r.try_get("name")?,
        province_code: r.try_get("province_code")?,
        province_name: r.try_get("province_name")?,
        district_code: r.try_get("district_code")?,
        district_name: r.try_get("district_name")?,
        valid_to: r.try_get("valid_to")?,
    })
}

fn all<T>(
    rows: &[AnyRow],
    f: fn(&AnyRow) -> Result<T, sqlx::Error>,
) -> Result<Vec<T>, sqlx::Error> {
    rows.iter().map(f).collect()
}

/// Keeps the units whose name is the one typed, when it was typed with its
/// type word ("Thành phố Kon Tum" is the old city, not the old province).
fn matching<T>(found: Vec<T>, typed: &str, name: impl Fn(&T) -> &str) -> Vec<T> {
    if !admin_registry::has_type_word(typed) {
        return found;
    }
    let typed = admin_registry::plain(typed);
    found
        .into_iter()
        .filter(|u| admin_registry::plain(name(u)) == typed)
        .collect()
}

impl Store {
    /// How many units in force there are of each level, by level.
    pub async fn admin_unit_counts(&self) -> Result<Vec<(String, i64)>> {
        self.level_counts(
            "SELECT level, COUNT(*) AS n FROM admin_units GROUP BY level ORDER BY level",
        )
        .await
    }

    /// How many units there were before 1 July 2025 of each level, by level.
    pub async fn former_unit_counts(&self) -> Result<Vec<(String, i64)>> {
        self.level_counts(
            "SELECT level, COUNT(*) AS n FROM admin_units_former GROUP BY level ORDER BY level",
        )
        .await
    }

    async fn level_counts(&self, sql: &'static str) -> Result<Vec<(String, i64)>> {
        let rows = sqlx::query(sql)
            .fetch_all(&self.pool)
            .await
            .doing("counting the units")?;
        rows.iter()
            .map(|r| Ok((r.try_get("level")?, r.try_get("n")?)))
            .collect::<Result<_, sqlx::Error>>()
            .doing("counting the units")
    }

    /// The unit in force with this code.
    pub async fn admin_unit(&self, code: &str) -> Result<Option<AdminUnit>> {
        let sql = format!("SELECT {UNIT_COLUMNS} FROM {UNIT_FROM} WHERE u.code = $1");
        let row = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(code.trim())
            .fetch_optional(&self.pool)
            .await
            .doing("reading a unit")?;
        row.as_ref()
            .map(unit_of)
            .transpose()
            .doing("reading a unit")
    }

    /// The former unit with this code.
    pub async fn former_unit(&self, code: &str) -> Result<Option<FormerUnit>> {
        let sql = format!("SELECT {FORMER_COLUMNS} FROM {FORMER_FROM} WHERE f.code = $1");
        let row = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(code.trim())
            .fetch_optional(&self.pool)
            .await
            .doing("reading a former unit")?;
        row.as_ref()
            .map(former_of)
            .transpose()
            .doing("reading a former unit")
    }

    /// Units in force with this name: "Xã Đăk Hà", or without the type word
    /// and in any case, "đăk hà". Names repeat across provinces: all are given.
    pub async fn find_admin_units(&self, name: &str) -> Result<Vec<AdminUnit>> {
        let sql =
            format!("SELECT {UNIT_COLUMNS} FROM {UNIT_FROM} WHERE u.lookup = $1 ORDER BY u.code");
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(admin_registry::lookup_key(name))
            .fetch_all(&self.pool)
            .await
            .doing("finding units by name")?;
        let found = all(&rows, unit_of).doing("finding units by name")?;
        Ok(matching(found, name, |u| u.name.as_str()))
    }

    /// Former units with this name, as `find_admin_units`.
    pub async fn find_former_units(&self, name: &str) -> Result<Vec<FormerUnit>> {
        let sql = format!(
            "SELECT {FORMER_COLUMNS} FROM {FORMER_FROM} WHERE f.lookup = $1 ORDER BY f.code"
        );
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(admin_registry::lookup_key(name))
            .fetch_all(&self.pool)
            .await
            .doing("finding former units by name")?;
        let found = all(&rows, former_of).doing("finding former units by name")?;
        Ok(matching(found, name, |u| u.name.as_str()))
    }

    /// What the former unit with this code became on 1 July 2025. A district
    /// was abolished, not handed over: its successors are its communes'.
    pub async fn successors(&self, old_code: &str) -> Result<Vec<Successor>> {
        let direct = format!(
            "SELECT {UNIT_COLUMNS}, s.share, s.effective FROM {UNIT_FROM} \
             JOIN admin_successions s ON s.new_code = u.code WHERE s.old_code = $1 ORDER BY u.code"
        );
        let rows = sqlx::query(sqlx::AssertSqlSafe(direct))
            .bind(old_code.trim())
            .fetch_all(&self.pool)
            .await
            .doing("reading what a unit became")?;
        let mut out = Vec::with_capacity(rows.len());
        for r in &rows {
            out.push(Successor {
                unit: unit_of(r).doing("reading what a unit became")?,
                share: r.try_get("share").doing("reading what a unit became")?,
                from_communes: None,
                effective: r.try_get("effective").doing("reading what a unit became")?,
            });
        }
        if !out.is_empty() {
            return Ok(out);
        }
        let via_communes = format!(
            "SELECT {UNIT_COLUMNS}, COUNT(*) AS n, MIN(s.effective) AS effective \
             FROM {UNIT_FROM} JOIN admin_successions s ON s.new_code = u.code \
             JOIN admin_units_former f ON f.code = s.old_code WHERE f.district_code = $1 \
             GROUP BY u.code, u.level, u.name, u.province_code, p.name, u.valid_from ORDER BY u.code"
        );
        let rows = sqlx::query(sqlx::AssertSqlSafe(via_communes))
            .bind(old_code.trim())
            .fetch_all(&self.pool)
            .await
            .doing("reading what a district became")?;
        for r in &rows {
            out.push(Successor {
                unit: unit_of(r).doing("reading what a district became")?,
                share: None,
                from_communes: Some(r.try_get("n").doing("reading what a district became")?),
                effective: r
                    .try_get("effective")
                    .doing("reading what a district became")?,
            });
        }
        Ok(out)
    }

    /// Every former unit with this code (digits) or name, each with what it became.
    pub async fn successors_of(
        &self,
        code_or_name: &str,
    ) -> Result<Vec<(FormerUnit, Vec<Successor>)>> {
        let typed = code_or_name.trim();
        let units: Vec<FormerUnit> =
            if !typed.is_empty() && typed.bytes().all(|b| b.is_ascii_digit()) {
                self.former_unit(typed).await?.into_iter().collect()
            } else {
                self.find_former_units(typed).await?
            };
        let mut out = Vec::with_capacity(units.len());
        for unit in units {
            let next = self.successors(&unit.code).await?;
            out.push((unit, next));
        }
        Ok(out)
    }

    /// The former units the unit in force with this code was made of.
    pub async fn predecessors(&self, new_code: &str) -> Result<Vec<Predecessor>> {
        let sql = format!(
            "SELECT {FORMER_COLUMNS}, s.share FROM {FORMER_FROM} \
             JOIN admin_successions s ON s.old_code = f.code WHERE s.new_code = $1 ORDER BY f.code"
        );
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(new_code.trim())
            .fetch_all(&self.pool)
            .await
            .doing("reading what a unit was made of")?;
        rows.iter()
            .map(|r| {
                Ok(Predecessor {
                    unit: former_of(r)?,
                    share: r.try_get("share")?,
                })
            })
            .collect::<Result<_, sqlx::Error>>()
            .doing("reading what a unit was made of")
    }

    /// The communes, wards and special zones of a province in force, by code.
    pub async fn province_units(&self, province_code: &str) -> Result<Vec<AdminUnit>> {
        let sql = format!(
            "SELECT {UNIT_COLUMNS} FROM {UNIT_FROM} WHERE u.province_code = $1 ORDER BY u.code"
        );
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(province_code.trim())
            .fetch_all(&self.pool)
            .await
            .doing("listing a province's communes")?;
        all(&rows, unit_of).doing("listing a province's communes")
    }
}
