//! Who came before and after a unit, in every framework stored.
//!
//! Two sources: a framework's own `successor` (a department merged into
//! another, a former committee into the new one), and, for districts and
//! communes, the official register of administrative units loaded by
//! `xanh units import`: a district abolished on 1 July 2025 is linked to the
//! new communes that took its communes, and a new commune to the districts
//! its communes came from, through each unit's `official_code`.

use crate::App;
use crate::error::AppError;
use crate::reporting::store_error;
use std::collections::BTreeSet;
use xanh_core::Lang;
use xanh_core::framework::{Framework, OrgUnit};

/// Links as (name, address), each unit listed once.
pub struct Lineage {
    pub successors: Vec<(String, String)>,
    pub predecessors: Vec<(String, String)>,
    /// Former communes a new one was made of: "Xã A (Huyện B)".
    pub formed_from: Vec<String>,
}

fn link(fw: &Framework, u: &OrgUnit, lang: Lang) -> (String, String) {
    (
        u.name.get(lang).to_string(),
        format!(
            "/units/{}?framework={}{}",
            crate::encode(&u.code),
            crate::encode(&fw.code),
            if lang == Lang::En { "&lang=en" } else { "" }
        ),
    )
}

/// Adds a link unless a unit of that code is already listed: a unit named by
/// several frameworks is listed once, under the first.
fn push(list: &mut Vec<(String, (String, String))>, code: &str, l: (String, String)) {
    if !list.iter().any(|(c, _)| c == code) {
        list.push((code.to_string(), l));
    }
}

pub async fn of(app: &App, unit: &OrgUnit, lang: Lang) -> Result<Lineage, AppError> {
    // Official codes of the units before and after this one, from the register.
    let mut after_official = BTreeSet::new();
    let mut before_official = BTreeSet::new();
    let mut formed_from = Vec::new();
    if let Some(official) = unit.official_code.as_deref() {
        if unit.valid_to.is_some() {
            for s in app
                .store
                .successors(official)
                .await
                .map_err(store_error(lang))?
            {
                after_official.insert(s.unit.code);
            }
        } else {
            for p in app
                .store
                .predecessors(official)
                .await
                .map_err(store_error(lang))?
            {
                formed_from.push(match &p.unit.district_name {
                    Some(d) => format!("{} ({d})", p.unit.name),
                    None => p.unit.name.clone(),
                });
                before_official.insert(p.unit.code);
                before_official.extend(p.unit.district_code);
            }
        }
    }
    let mut after = Vec::new();
    let mut before = Vec::new();
    for fw in crate::consolidation::all_frameworks(&app.store)
        .await
        .map_err(store_error(lang))?
    {
        if let Some(s) = unit.successor.as_deref().and_then(|s| fw.unit(s)) {
            push(&mut after, &s.code, link(&fw, s, lang));
        }
        for u in &fw.units {
            if u.successor.as_deref() == Some(unit.code.as_str()) {
                push(&mut before, &u.code, link(&fw, u, lang));
            }
            let Some(o) = u.official_code.as_deref() else {
                continue;
            };
            if after_official.contains(o) && u.code != unit.code {
                push(&mut after, &u.code, link(&fw, u, lang));
            }
            if before_official.contains(o) && u.code != unit.code {
                push(&mut before, &u.code, link(&fw, u, lang));
            }
        }
    }
    let links = |v: Vec<(String, (String, String))>| v.into_iter().map(|(_, l)| l).collect();
    Ok(Lineage {
        successors: links(after),
        predecessors: links(before),
        formed_from,
    })
}
