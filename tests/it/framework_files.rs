//! The 2014 Kon Tum framework file against its source: every row, every
//! target, verbatim Vietnamese, and a note wherever the source is unclear.

use crate::helpers::BUILTIN;
use xanh_core::framework::{Aggregation, Framework, IndicatorKind, Target, UnitKind, load};

const SOURCE: &str = include_str!("../../../shared/source/qd-598-ubnd-2014-kon-tum.txt");

fn framework() -> Framework {
    let loaded =
        load(BUILTIN).unwrap_or_else(|p| panic!("the built-in framework is valid: {p:#?}"));
    assert!(
        loaded.warnings.is_empty(),
        "no warnings: {:#?}",
        loaded.warnings
    );
    loaded.framework
}

/// Line breaks, tabs and runs of plain spaces folded into one space, so that
/// where the source wraps does not matter. Only ASCII whitespace is folded:
/// every other code point, a no-break space (U+00A0) included, must be the
/// source's own, one for one.
fn fold(s: &str) -> String {
    s.split_ascii_whitespace().collect::<Vec<_>>().join(" ")
}

fn assert_verbatim(text: &str, what: &str) {
    let source = fold(SOURCE);
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        assert!(
            source.contains(&fold(line)),
            "{what}: {line:?} is not verbatim from the source"
        );
    }
}

#[test]
fn the_verbatim_check_tells_a_no_break_space_from_a_plain_one() {
    // The source writes "giao" U+00A0 U+0020 "thông" in row 4.
    let exact = "tất cả các phương tiện giao\u{a0} thông cơ giới mua bằng ngân sách nhà nước";
    assert!(fold(SOURCE).contains(&fold(exact)));
    let plain = exact.replace('\u{a0}', " ");
    assert!(
        !fold(SOURCE).contains(&fold(&plain)),
        "two plain spaces are not the source's"
    );
}

#[test]
fn the_2014_framework_holds_every_row_of_the_decision() {
    let fw = framework();
    let codes: Vec<&str> = fw.objectives.iter().map(|o| o.code.as_str()).collect();
    assert_eq!(codes, ["1", "2.1", "2.2", "2.3", "3", "4", "LN"]);
    let sections: Vec<&str> = fw.sections.iter().map(|s| s.code.as_str()).collect();
    assert_eq!(sections, ["1", "2", "3", "4"]);
    assert_eq!(fw.decision.number, "598/QĐ-UBND");
    assert_eq!((fw.plan.from, fw.plan.to), (2011, 2020));
    assert_eq!(fw.consolidator, "SO-KHDT");
}

#[test]
fn every_vietnamese_text_is_verbatim_from_the_source() {
    let fw = framework();
    assert_verbatim(&fw.general_objective.vi, "general objective");
    for s in &fw.sections {
        assert_verbatim(&s.title.vi, &format!("section {}", s.code));
    }
    for o in &fw.objectives {
        assert_verbatim(&o.title.vi, &format!("objective {} title", o.code));
        assert_verbatim(&o.output.vi, &format!("objective {} output", o.code));
        assert!(
            !o.activities.is_empty(),
            "objective {} has its activities",
            o.code
        );
        for a in &o.activities {
            assert_verbatim(&a.vi, &format!("objective {} activity", o.code));
        }
        if let Some(r) = &o.reporting_text {
            assert_verbatim(&r.vi, &format!("objective {} reporting times", o.code));
        }
        for i in &o.indicators {
            if let Some(f) = &i.from_output {
                assert_verbatim(&f.vi, &format!("indicator {} output fragment", i.code));
            }
            assert!(
                !i.name.en.is_empty(),
                "indicator {} has an English name",
                i.code
            );
        }
        assert!(
            !o.title.en.is_empty() && !o.output.en.is_empty(),
            "objective {} is translated",
            o.code
        );
    }
}

#[test]
fn every_target_of_the_source_is_an_indicator_in_its_own_form() {
    let fw = framework();
    assert!(fw.indicators().count() >= 14);
    let target = |code: &str| {
        fw.indicator(code)
            .map(|(_, i)| i.target)
            .unwrap_or_else(|| panic!("indicator {code}"))
    };
    assert_eq!(
        target("1.1"),
        Target::AtLeast {
            value: 90.0,
            year: 2020
        }
    );
    assert_eq!(
        target("1.2"),
        Target::AtLeast {
            value: 50.0,
            year: 2020
        }
    );
    assert_eq!(
        target("1.3"),
        Target::Range {
            min: 8.0,
            max: 13.0,
            year: 2020
        }
    );
    assert_eq!(
        target("1.4"),
        Target::AtLeast {
            value: 90.0,
            year: 2020
        }
    );
    assert_eq!(target("2.2.1"), Target::Milestone { year: 2020 });
    assert_eq!(
        target("2.2.2"),
        Target::AtLeast {
            value: 100.0,
            year: 2020
        }
    );
    assert_eq!(
        target("2.2.3"),
        Target::AtLeast {
            value: 60.0,
            year: 2020
        }
    );
    assert_eq!(
        target("2.2.4"),
        Target::AtLeast {
            value: 40.0,
            year: 2020
        }
    );
    assert_eq!(
        target("2.3.1"),
        Target::AtLeast {
            value: 100.0,
            year: 2020
        }
    );
    assert_eq!(target("4.2"), Target::AllFrom { from_year: 2015 });
    assert_eq!(target("4.3"), Target::AllFrom { from_year: 2017 });
    assert_eq!(
        target("LN.1"),
        Target::Above {
            value: 65.0,
            year: 2020
        }
    );
    for code in ["3.1", "3.2", "4.1"] {
        let (_, i) = fw.indicator(code).expect("qualitative indicator");
        assert_eq!(i.kind, IndicatorKind::Qualitative, "{code}");
    }
    let (_, forest) = fw.indicator("LN.1").expect("forest cover");
    assert!(forest.reported_by_units);
    assert_eq!(
        forest.aggregation,
        Aggregation::WeightedMean {
            weight: "LN.2".into()
        }
    );
}

#[test]
fn lead_and_coordinating_agencies_follow_columns_6_and_5() {
    let fw = framework();
    let o = |code: &str| {
        fw.objectives
            .iter()
            .find(|o| o.code == code)
            .expect("objective")
    };
    assert_eq!(o("1").lead.as_deref(), Some("SO-CT"));
    assert_eq!(o("1").coordinating, ["SO-KHCN"]);
    assert_eq!(o("2.2").lead.as_deref(), Some("SO-XD"));
    assert_eq!(o("2.2").coordinating, ["SO-TNMT"]);
    assert_eq!(o("3").lead.as_deref(), Some("SO-NNPTNT"));
    assert_eq!(o("3").coordinating, ["SO-KHCN", "SO-XD"]);
    assert_eq!(o("LN").lead.as_deref(), Some("SO-NNPTNT"));
    let ln = &o("LN").coordinating;
    assert!(ln.contains(&"TP-KONTUM".to_string()) && ln.contains(&"SO-CT".to_string()));
}

#[test]
fn the_ambiguities_of_the_source_are_kept_as_notes_not_fixed() {
    let fw = framework();
    let o = |code: &str| {
        fw.objectives
            .iter()
            .find(|o| o.code == code)
            .expect("objective")
    };
    // Row 4: one cell of agencies where two columns are expected.
    assert_eq!(o("4").lead, None);
    assert!(!o("4").notes.is_empty());
    // Row 2.1: empty reporting-time and coordinating cells.
    assert!(o("2.1").reporting.is_empty() && o("2.1").coordinating.is_empty());
    assert!(!o("2.1").notes.is_empty());
    // Lâm nghiệp: no section number or heading.
    assert_eq!(o("LN").section, None);
    assert!(!o("LN").notes.is_empty());
    // No baselines anywhere, and the framework says so.
    assert!(fw.indicators().all(|(_, i)| i.baseline.is_none()));
    assert!(
        fw.notes.iter().any(|n| n.vi.contains("cơ sở")),
        "a note on the missing baselines"
    );
}

#[test]
fn the_province_its_departments_and_its_districts_are_effective_dated_units() {
    let fw = framework();
    let districts = fw
        .units
        .iter()
        .filter(|u| matches!(u.kind, UnitKind::District | UnitKind::City))
        .count();
    assert_eq!(
        districts, 10,
        "Kon Tum city and nine districts, Ia H'Drai included"
    );
    for code in [
        "UBND-TINH",
        "SO-KHDT",
        "SO-CT",
        "SO-KHCN",
        "SO-XD",
        "SO-TNMT",
        "SO-NNPTNT",
        "SO-GTVT",
    ] {
        assert!(fw.unit(code).is_some(), "{code}");
    }
    let ia_hdrai = fw
        .units
        .iter()
        .find(|u| u.code == "H-IAHDRAI")
        .expect("Ia H'Drai");
    let founded = ia_hdrai.valid_from.expect("Ia H'Drai has a founding date");
    assert_eq!(founded.year(), 2015);
    assert!(
        !ia_hdrai.exists_on(time::macros::date!(2014 - 12 - 14)),
        "Ia H'Drai did not report in 2014"
    );
}
