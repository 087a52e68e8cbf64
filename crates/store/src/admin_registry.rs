//! Loading Vietnam's administrative-unit registry (`xanh units import`).
//!
//! The file is the whole registry: an import makes the three tables hold
//! exactly its rows. It reads what is stored, compares, and writes only the
//! difference, in one transaction, so the same data twice writes nothing and
//! a failure leaves the tables as they were. The rows were checked by
//! `xanh_core::admin_registry::parse` (every reference resolves), so the database
//! constraints are a second guard, not the first.
//!
//! Thousands of rows go in as multi-row INSERTs (a few hundred rows per
//! statement), which both SQLite and PostgreSQL take in well under a second
//! per table; row-by-row statements would be one round trip each.
//! Reading lives in `admin_registry_read.rs`.

use crate::Store;
use crate::error::{Doing, Result};
use sqlx::{Any, Row, Transaction};
use std::collections::HashMap;
use xanh_core::admin_registry::{self, Registry};

/// What an import did, counted in rows over the three tables.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RegistryImport {
    pub added: usize,
    pub changed: usize,
    pub removed: usize,
    pub unchanged: usize,
}

impl RegistryImport {
    pub fn changed_anything(&self) -> bool {
        self.added + self.changed + self.removed > 0
    }
}

/// A table's shape: key columns, then the other columns, and the depth of a
/// row from its other cells (a unit is inserted after the unit it belongs
/// to, and deleted before it).
struct Table {
    name: &'static str,
    keys: &'static [&'static str],
    cols: &'static [&'static str],
    depth: fn(&[Option<String>]) -> u8,
}

const UNITS: Table = Table {
    name: "admin_units",
    keys: &["code"],
    cols: &["level", "name", "lookup", "province_code", "valid_from"],
    depth: |rest| depth_of(&rest[3], &None),
};
const FORMER: Table = Table {
    name: "admin_units_former",
    keys: &["code"],
    cols: &[
        "level",
        "name",
        "lookup",
        "province_code",
        "district_code",
        "valid_to",
    ],
    depth: |rest| depth_of(&rest[3], &rest[4]),
};
const SUCCESSIONS: Table = Table {
    name: "admin_successions",
    keys: &["old_code", "new_code"],
    cols: &["share", "effective"],
    depth: |_| 0,
};

type Cells = Vec<Option<String>>;

/// A row as wanted: key cells and other cells.
struct Wanted {
    key: Cells,
    rest: Cells,
}

/// Rows per INSERT: PostgreSQL takes at most 65,535 parameters per
/// statement, SQLite (3.32+) 32,766; 400 rows × 7 columns stays far below.
const ROWS_PER_STATEMENT: usize = 400;

fn s(v: &str) -> Option<String> {
    Some(v.to_string())
}

fn depth_of(province: &Option<String>, district: &Option<String>) -> u8 {
    match (province, district) {
        (None, _) => 0,
        (Some(_), None) => 1,
        (Some(_), Some(_)) => 2,
    }
}

fn wanted_units(reg: &Registry) -> Vec<Wanted> {
    reg.units
        .iter()
        .map(|u| Wanted {
            key: vec![s(&u.code)],
            rest: vec![
                s(&u.level),
                s(&u.name),
                Some(admin_registry::lookup_key(&u.name)),
                u.province_code.clone(),
                s(admin_registry::EFFECTIVE),
            ],
        })
        .collect()
}

fn wanted_former(reg: &Registry) -> Vec<Wanted> {
    reg.old_units
        .iter()
        .map(|u| Wanted {
            key: vec![s(&u.code)],
            rest: vec![
                s(&u.level),
                s(&u.name),
                Some(admin_registry::lookup_key(&u.name)),
                u.province_code.clone(),
                u.district_code.clone(),
                s(admin_registry::LAST_DAY_BEFORE),
            ],
        })
        .collect()
}

fn wanted_successions(reg: &Registry) -> Vec<Wanted> {
    reg.successions
        .iter()
        .map(|x| Wanted {
            key: vec![s(&x.old_code), s(&x.new_code)],
            rest: vec![s(&x.share), s(admin_registry::EFFECTIVE)],
        })
        .collect()
}

/// The difference between what a table holds and what is wanted.
#[derive(Default)]
struct Diff {
    insert: Vec<Cells>,
    update: Vec<Cells>,
    /// Keys of stored rows the file no longer has, deepest first.
    delete: Vec<Cells>,
    unchanged: usize,
}

async fn diff(
    tx: &mut Transaction<'static, Any>,
    table: &Table,
    wanted: Vec<Wanted>,
) -> Result<Diff> {
    let all: Vec<&str> = table.keys.iter().chain(table.cols).copied().collect();
    let sql = format!("SELECT {} FROM {}", all.join(", "), table.name);
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .fetch_all(&mut **tx)
        .await
        .doing("reading the stored unit registry")?;
    let mut stored: HashMap<Cells, (Cells, u8)> = HashMap::with_capacity(rows.len());
    for row in rows {
        let mut cells = Vec::with_capacity(all.len());
        for i in 0..all.len() {
            cells.push(
                row.try_get::<Option<String>, _>(i)
                    .doing("reading the stored unit registry")?,
            );
        }
        let rest = cells.split_off(table.keys.len());
        let depth = (table.depth)(&rest);
        stored.insert(cells, (rest, depth));
    }
    let mut out = Diff::default();
    let mut wanted = wanted;
    wanted.sort_by_key(|w| (table.depth)(&w.rest));
    for w in wanted {
        match stored.remove(&w.key) {
            None => out.insert.push([w.key, w.rest].concat()),
            Some((rest, _)) if rest == w.rest => out.unchanged += 1,
            Some(_) => out.update.push([w.key, w.rest].concat()),
        }
    }
    let mut gone: Vec<(Cells, u8)> = stored.into_iter().map(|(k, (_, d))| (k, d)).collect();
    gone.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    out.delete = gone.into_iter().map(|(k, _)| k).collect();
    Ok(out)
}

/// `($1, $2, …), ($n, …)` for `rows` rows of `width` cells.
fn value_lists(rows: usize, width: usize) -> String {
    let mut out = String::with_capacity(rows * width * 5);
    for r in 0..rows {
        if r > 0 {
            out.push_str(", ");
        }
        out.push('(');
        for c in 0..width {
            if c > 0 {
                out.push_str(", ");
            }
            out.push_str(&format!("${}", r * width + c + 1));
        }
        out.push(')');
    }
    out
}

async fn insert(tx: &mut Transaction<'static, Any>, table: &Table, rows: &[Cells]) -> Result<()> {
    let all: Vec<&str> = table.keys.iter().chain(table.cols).copied().collect();
    for chunk in rows.chunks(ROWS_PER_STATEMENT) {
        // Only placeholders are formatted in; the values are bound.
        let sql = format!(
            "INSERT INTO {} ({}) VALUES {}",
            table.name,
            all.join(", "),
            value_lists(chunk.len(), all.len())
        );
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
        for cell in chunk.iter().flatten() {
            q = q.bind(cell.clone());
        }
        q.execute(&mut **tx)
            .await
            .doing("storing the unit registry")?;
    }
    Ok(())
}

async fn update(tx: &mut Transaction<'static, Any>, table: &Table, rows: &[Cells]) -> Result<()> {
    let n = table.keys.len();
    let sets: Vec<String> = (table.cols.iter().enumerate())
        .map(|(i, c)| format!("{c} = ${}", n + i + 1))
        .collect();
    let wheres: Vec<String> = (table.keys.iter().enumerate())
        .map(|(i, k)| format!("{k} = ${}", i + 1))
        .collect();
    let sql = format!(
        "UPDATE {} SET {} WHERE {}",
        table.name,
        sets.join(", "),
        wheres.join(" AND ")
    );
    for row in rows {
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql.clone()));
        for cell in row {
            q = q.bind(cell.clone());
        }
        q.execute(&mut **tx)
            .await
            .doing("updating the unit registry")?;
    }
    Ok(())
}

async fn delete(tx: &mut Transaction<'static, Any>, table: &Table, keys: &[Cells]) -> Result<()> {
    let n = table.keys.len();
    for chunk in keys.chunks(ROWS_PER_STATEMENT) {
        let matches: Vec<String> = (0..chunk.len())
            .map(|r| {
                let each: Vec<String> = (table.keys.iter().enumerate())
                    .map(|(i, k)| format!("{k} = ${}", r * n + i + 1))
                    .collect();
                format!("({})", each.join(" AND "))
            })
            .collect();
        let sql = format!("DELETE FROM {} WHERE {}", table.name, matches.join(" OR "));
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
        for cell in chunk.iter().flatten() {
            q = q.bind(cell.clone());
        }
        q.execute(&mut **tx)
            .await
            .doing("removing from the unit registry")?;
    }
    Ok(())
}

impl Store {
    /// Makes the stored registry exactly `reg`: all or nothing, writing only
    /// what differs (the same registry twice writes nothing).
    pub async fn import_admin_registry(&self, reg: &Registry) -> Result<RegistryImport> {
        let mut tx = self
            .pool
            .begin()
            .await
            .doing("starting the unit registry import")?;
        let units = diff(&mut tx, &UNITS, wanted_units(reg)).await?;
        let former = diff(&mut tx, &FORMER, wanted_former(reg)).await?;
        let successions = diff(&mut tx, &SUCCESSIONS, wanted_successions(reg)).await?;
        let mut outcome = RegistryImport::default();
        for d in [&units, &former, &successions] {
            outcome.added += d.insert.len();
            outcome.changed += d.update.len();
            outcome.removed += d.delete.len();
            outcome.unchanged += d.unchanged;
        }
        if !outcome.changed_anything() {
            tx.rollback()
                .await
                .doing("ending the unit registry import")?;
            return Ok(outcome);
        }
        // Parents before children; the links last in, first out.
        insert(&mut tx, &UNITS, &units.insert).await?;
        insert(&mut tx, &FORMER, &former.insert).await?;
        update(&mut tx, &UNITS, &units.update).await?;
        update(&mut tx, &FORMER, &former.update).await?;
        delete(&mut tx, &SUCCESSIONS, &successions.delete).await?;
        insert(&mut tx, &SUCCESSIONS, &successions.insert).await?;
        update(&mut tx, &SUCCESSIONS, &successions.update).await?;
        delete(&mut tx, &FORMER, &former.delete).await?;
        delete(&mut tx, &UNITS, &units.delete).await?;
        tx.commit()
            .await
            .doing("finishing the unit registry import")?;
        Ok(outcome)
    }
}
