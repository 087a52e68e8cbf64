//! Eras of a framework's territorial units: the runs of reporting years in
//! which the same districts or communes report. The 2025 reorganisation
//! abolished the districts on 30 June 2025, so a framework that spans it has
//! two eras: districts until the 2024 period, communes from the 2025 one.
//!
//! The rule is the one aggregation uses: a year's units are those that exist
//! on the year's data cut-off (`period::data_cutoff`, read from the
//! framework's calendar). Nothing here rewrites a past year's units.

use super::model::{Framework, OrgUnit, UnitKind};
use crate::period::data_cutoff;
use crate::text::{Lang, Text};

/// The territorial units that report a year's figures: those existing on the
/// year's data cut-off.
pub fn territorial_units(fw: &Framework, year: i32) -> Vec<&OrgUnit> {
    crate::report::territorial_on(fw, data_cutoff(fw, year)).collect()
}

/// Consecutive years reported by the same units.
#[derive(Debug, Clone, PartialEq)]
pub struct Era<'a> {
    pub from: i32,
    pub to: i32,
    pub units: Vec<&'a OrgUnit>,
}

impl Era<'_> {
    /// "13 đơn vị cấp huyện", "96 đơn vị cấp xã": how many units of which level.
    pub fn describe(&self, lang: Lang) -> String {
        let communes = self
            .units
            .iter()
            .filter(|u| u.kind == UnitKind::Commune)
            .count();
        let districts = self.units.len() - communes;
        let mut parts = Vec::new();
        if districts > 0 {
            parts.push(
                Text::new(
                    format!("{districts} đơn vị cấp huyện (huyện, thị xã, thành phố)"),
                    format!("{districts} district-level units (districts, towns, cities)"),
                )
                .get(lang)
                .to_string(),
            );
        }
        if communes > 0 {
            parts.push(
                Text::new(
                    format!("{communes} đơn vị cấp xã (xã, phường, đặc khu)"),
                    format!("{communes} commune-level units (communes, wards, special zones)"),
                )
                .get(lang)
                .to_string(),
            );
        }
        parts.join(lang.pick(" và ", " and "))
    }
}

/// The eras over the framework's annual reporting years; one era when its
/// units never changed, none when it has no territorial unit.
pub fn eras(fw: &Framework) -> Vec<Era<'_>> {
    let Some(annual) = fw.calendar.annual.as_ref() else {
        return Vec::new();
    };
    let mut out: Vec<Era<'_>> = Vec::new();
    for year in annual.first_year..=annual.last_year {
        let units = territorial_units(fw, year);
        if units.is_empty() {
            continue;
        }
        match out.last_mut() {
            Some(e) if e.to + 1 == year && same(&e.units, &units) => e.to = year,
            _ => out.push(Era {
                from: year,
                to: year,
                units,
            }),
        }
    }
    out
}

/// Whether an era's units are communes (after the reorganisation) rather
/// than districts.
fn communes(e: &Era<'_>) -> bool {
    e.units.iter().any(|u| u.kind == UnitKind::Commune)
}

/// The years from which the units reporting by area are of another level
/// (districts, then communes from 2025). A new district split from another
/// (Ia H'Drai in 2015) is no such break: the province's area is the same.
pub fn level_breaks(fw: &Framework) -> Vec<i32> {
    eras(fw)
        .windows(2)
        .filter(|w| communes(&w[0]) != communes(&w[1]))
        .map(|w| w[1].from)
        .collect()
}

/// The first year whose province figure is comparable with `year`'s: the
/// latest level break up to `year`. Progress is assessed on the years from
/// there, so that the jump a new territory makes (the former Kon Tum joined
/// Quảng Ngãi in 2025) does not read as growth.
pub fn comparable_since(fw: &Framework, year: i32) -> Option<i32> {
    level_breaks(fw).into_iter().filter(|b| *b <= year).max()
}

fn same(a: &[&OrgUnit], b: &[&OrgUnit]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x.code == y.code)
}

#[cfg(test)]
mod tests {
    use super::*;

    const NEW_PROVINCE: &str = include_str!("../../../../frameworks/quang-ngai-822-2023.toml");
    const KON_TUM: &str = include_str!("../../../../frameworks/kon-tum-598-2014.toml");

    #[test]
    fn the_new_provinces_plan_is_reported_by_districts_until_2024_and_by_communes_from_2025() {
        let fw = crate::framework::load(NEW_PROVINCE)
            .expect("valid")
            .framework;
        let e = eras(&fw);
        assert_eq!(e.len(), 2, "{e:?}");
        assert_eq!((e[0].from, e[0].to, e[0].units.len()), (2023, 2024, 13));
        assert_eq!((e[1].from, e[1].to, e[1].units.len()), (2025, 2030, 96));
        assert!(e[0].units.iter().all(|u| u.kind != UnitKind::Commune));
        assert_eq!(level_breaks(&fw), vec![2025]);
        assert_eq!(comparable_since(&fw, 2024), None);
        assert_eq!(comparable_since(&fw, 2026), Some(2025));
        assert_eq!(
            e[1].describe(Lang::Vi),
            "96 đơn vị cấp xã (xã, phường, đặc khu)"
        );
    }

    #[test]
    fn kon_tums_plan_gains_ia_hdrai_district_from_2015_and_keeps_2014_as_it_was() {
        let fw = crate::framework::load(KON_TUM).expect("valid").framework;
        let e = eras(&fw);
        assert_eq!(e.len(), 2, "{e:?}");
        assert_eq!((e[0].from, e[0].to, e[0].units.len()), (2014, 2014, 9));
        assert_eq!((e[1].from, e[1].to, e[1].units.len()), (2015, 2020, 10));
        assert!(!e[0].units.iter().any(|u| u.code == "H-IAHDRAI"));
        assert!(level_breaks(&fw).is_empty(), "a district split is no break");
    }
}
