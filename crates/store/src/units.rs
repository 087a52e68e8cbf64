//! Organisational units as people see them: by name, not by code.

use crate::Store;
use crate::error::{Doing, Result};
use sqlx::Row;
use xanh_core::Text;

impl Store {
    /// The short name of a unit (its full name where it has no short one),
    /// in both languages; `None` for a code the registry does not hold.
    pub async fn unit_name(&self, code: &str) -> Result<Option<Text>> {
        let row = sqlx::query(
            "SELECT COALESCE(short_vi, name_vi) AS vi, COALESCE(short_en, name_en) AS en \
             FROM org_units WHERE code = $1",
        )
        .bind(code)
        .fetch_optional(&self.pool)
        .await
        .doing("reading a unit's name")?;
        row.map(|r| {
            Ok(Text::new(
                r.try_get::<String, _>("vi")?,
                r.try_get::<String, _>("en")?,
            ))
        })
        .transpose()
        .doing("reading a unit's name")
    }
}
