//! `xanh units import|show`: Vietnam's administrative-unit registry after
//! 1 July 2025 and what each older unit became.

use anyhow::Context;
use std::path::Path;
use std::process::ExitCode;
use xanh_core::admin_registry::{self, NEW_LEVELS, OLD_LEVELS, SHARES};
use xanh_core::display::{date_text, number};
use xanh_core::{Lang, Problem};
use xanh_store::{AdminUnit, FormerUnit, Store, Successor};

/// The registry built into the binary, so `xanh units import` needs no file
/// (and no Python: data/units/convert.py made it once).
pub const BUILTIN_REGISTRY: &str = include_str!("../../data/units/vn-2025.tsv");

/// The problems shown in full; the rest are counted. One broken column in a
/// file of 25,000 lines would otherwise bury the first, most useful ones.
const SHOWN: usize = 20;

fn print_problems(origin: &str, problems: &[Problem]) {
    for p in problems.iter().take(SHOWN) {
        println!("{origin}: {p}");
    }
    if problems.len() > SHOWN {
        let more = problems.len() - SHOWN;
        println!("… và {more} lỗi nữa / … and {more} more errors");
    }
    let n = problems.len();
    println!("{n} lỗi / {n} errors");
}

fn n(v: i64, lang: Lang) -> String {
    number(v as f64, lang)
}

pub async fn import(url: &str, file: Option<&Path>) -> anyhow::Result<ExitCode> {
    let (origin, text) = match file {
        Some(path) => match std::fs::read_to_string(path) {
            Ok(text) => (path.display().to_string(), text),
            Err(e) => {
                println!(
                    "Không đọc được tệp {} (cần văn bản UTF-8): {e} / Cannot read the file {} (UTF-8 text needed): {e}",
                    path.display(),
                    path.display()
                );
                return Ok(ExitCode::FAILURE);
            }
        },
        None => ("vn-2025.tsv".to_string(), BUILTIN_REGISTRY.to_string()),
    };
    let reg = match admin_registry::parse(&text) {
        Ok(reg) => reg,
        Err(problems) => {
            print_problems(&origin, &problems);
            println!("Không nạp gì. / Nothing was imported.");
            return Ok(ExitCode::FAILURE);
        }
    };
    let store = Store::connect(url).await.context("opening the database")?;
    let outcome = store
        .import_admin_registry(&reg)
        .await
        .context("importing the unit registry")?;
    if outcome.changed_anything() {
        println!(
            "Đã nạp danh mục đơn vị hành chính: thêm {}, sửa {}, bỏ {}, giữ nguyên {} dòng. / Imported the unit registry: {} rows added, {} changed, {} removed, {} unchanged.",
            outcome.added,
            outcome.changed,
            outcome.removed,
            outcome.unchanged,
            outcome.added,
            outcome.changed,
            outcome.removed,
            outcome.unchanged
        );
    } else {
        println!(
            "Danh mục đã có đúng nội dung này; không thay đổi gì. / The registry already holds exactly this; nothing changed."
        );
    }
    print_counts(&store).await?;
    store.close().await;
    Ok(ExitCode::SUCCESS)
}

async fn print_counts(store: &Store) -> anyhow::Result<()> {
    let counts = store.admin_unit_counts().await?;
    let of = |levels: &[&str]| -> i64 {
        (counts.iter())
            .filter(|(l, _)| levels.contains(&l.as_str()))
            .map(|(_, c)| c)
            .sum()
    };
    let (top, below) = (
        of(&["province", "city"]),
        of(&["commune", "ward", "special_zone"]),
    );
    let former: i64 = store
        .former_unit_counts()
        .await?
        .iter()
        .map(|(_, c)| c)
        .sum();
    println!(
        "Từ {}: {} tỉnh, thành phố; {} xã, phường, đặc khu. Trước đó: {} đơn vị cũ. / From {}: {} provinces and cities; {} communes, wards and special zones. Before: {} former units.",
        date_text(admin_registry::EFFECTIVE),
        n(top, Lang::Vi),
        n(below, Lang::Vi),
        n(former, Lang::Vi),
        admin_registry::EFFECTIVE,
        n(top, Lang::En),
        n(below, Lang::En),
        n(former, Lang::En)
    );
    Ok(())
}

fn level(table: &[(&'static str, &'static str, &'static str)], code: &str) -> String {
    let (vi, en) = admin_registry::words(table, code);
    format!("{vi} / {en}")
}

/// "23293  Phường Kon Tum (phường / ward), Tỉnh Quảng Ngãi"
fn unit_line(u: &AdminUnit) -> String {
    let within = u
        .province_name
        .as_deref()
        .map(|p| format!(", {p}"))
        .unwrap_or_default();
    format!(
        "{}  {} ({}){within}",
        u.code,
        u.name,
        level(NEW_LEVELS, &u.level)
    )
}

fn former_line(u: &FormerUnit) -> String {
    let within: Vec<&str> = [u.district_name.as_deref(), u.province_name.as_deref()]
        .into_iter()
        .flatten()
        .collect();
    let within = if within.is_empty() {
        String::new()
    } else {
        format!(", {}", within.join(", "))
    };
    format!(
        "{}  {} ({}){within}",
        u.code,
        u.name,
        level(OLD_LEVELS, &u.level)
    )
}

fn successor_line(s: &Successor) -> String {
    let how = match (&s.share, s.from_communes) {
        (Some(share), _) => level(SHARES, share),
        (None, Some(k)) => format!("{k} đơn vị cấp xã cũ / {k} former commune-level units"),
        (None, None) => String::new(),
    };
    format!("    → {} [{how}]", unit_line(&s.unit))
}

pub async fn show(url: &str, code_or_name: &str, communes: bool) -> anyhow::Result<ExitCode> {
    let store = Store::connect(url).await.context("opening the database")?;
    if store.admin_unit_counts().await?.is_empty() {
        println!(
            "Chưa nạp danh mục đơn vị hành chính: chạy `xanh units import`. / The unit registry is not loaded: run `xanh units import`."
        );
        store.close().await;
        return Ok(ExitCode::FAILURE);
    }
    let typed = code_or_name.trim();
    let current: Vec<AdminUnit> = if !typed.is_empty() && typed.bytes().all(|b| b.is_ascii_digit())
    {
        store.admin_unit(typed).await?.into_iter().collect()
    } else {
        store.find_admin_units(typed).await?
    };
    let former = store.successors_of(typed).await?;
    if current.is_empty() && former.is_empty() {
        println!(
            "Không có đơn vị nào mã hoặc tên \"{typed}\". / No unit has the code or name \"{typed}\"."
        );
        store.close().await;
        return Ok(ExitCode::FAILURE);
    }
    let from = admin_registry::EFFECTIVE;
    for u in &current {
        println!(
            "Đơn vị hiện hành (từ {}) / Unit in force (from {from}):",
            date_text(&u.valid_from)
        );
        println!("  {}", unit_line(u));
        let made_of = store.predecessors(&u.code).await?;
        if !made_of.is_empty() {
            println!("  hình thành từ / formed from:");
            for p in &made_of {
                println!(
                    "    ← {} [{}]",
                    former_line(&p.unit),
                    level(SHARES, &p.share)
                );
            }
        }
        if u.province_code.is_none() {
            let below = store.province_units(&u.code).await?;
            println!(
                "  {} xã, phường, đặc khu / {} communes, wards and special zones",
                below.len(),
                below.len()
            );
            if communes {
                for c in &below {
                    println!("    {}", unit_line(c));
                }
            }
        }
    }
    for (u, next) in &former {
        println!(
            "Đơn vị trước {} (đến {}) / Former unit (until {}):",
            date_text(from),
            date_text(&u.valid_to),
            u.valid_to
        );
        println!("  {}", former_line(u));
        if next.is_empty() {
            println!("    → (dữ liệu không cho biết / the data does not say)");
        } else {
            println!("  nay thuộc / now part of:");
        }
        for s in next {
            println!("{}", successor_line(s));
        }
    }
    store.close().await;
    Ok(ExitCode::SUCCESS)
}
