//! The registry of organisational units that every framework refers to. Units
//! are shared: Kon Tum's departments appear in the 2014 framework and may be
//! named again by a later one. An import may add a unit, or close one from a
//! date (its end and successor were unknown before), but never rewrite what
//! the registry already holds: a new name or parent changes the unit's past
//! sums and documents, so it must be recorded as a new unit from a date.

use super::{OrgUnit, UnitKind};
use crate::text::Text;
use time::Date;

/// The facts of a unit the registry holds.
#[derive(Debug, Clone, PartialEq)]
pub struct UnitFacts {
    pub kind: UnitKind,
    pub name: Text,
    pub short_name: Option<Text>,
    pub parent: Option<String>,
    pub valid_from: Option<Date>,
    pub valid_to: Option<Date>,
    pub successor: Option<String>,
}

impl From<&OrgUnit> for UnitFacts {
    fn from(u: &OrgUnit) -> Self {
        UnitFacts {
            kind: u.kind,
            name: u.name.clone(),
            short_name: u.short_name.clone(),
            parent: u.parent.clone(),
            valid_from: u.valid_from,
            valid_to: u.valid_to,
            successor: u.successor.clone(),
        }
    }
}

/// One fact a file gives differently from the registry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Difference {
    pub field: &'static str,
    pub held: String,
    pub given: String,
}

/// What registering a framework's unit does.
#[derive(Debug, Clone, PartialEq)]
pub enum Registration {
    /// The registry does not hold the unit yet: it is added.
    New,
    /// The registry holds the same facts: nothing changes.
    Same,
    /// The file records an end (and maybe a successor) the registry did not
    /// know yet: the unit is closed from that date; its past stays.
    Closes {
        valid_to: Option<Date>,
        successor: Option<String>,
    },
    /// The file contradicts the registry: the import is refused.
    Contradicts(Vec<Difference>),
}

fn shown<T: std::fmt::Debug>(v: &Option<T>, f: impl Fn(&T) -> String) -> String {
    v.as_ref().map(f).unwrap_or_else(|| "—".into())
}

fn date_text(d: &Date) -> String {
    crate::display::date(*d)
}

/// Compares a unit a file gives with the one the registry holds.
pub fn register(held: Option<&UnitFacts>, given: &UnitFacts) -> Registration {
    let Some(held) = held else {
        return Registration::New;
    };
    let mut differences = Vec::new();
    let mut differ = |field: &'static str, same: bool, h: String, g: String| {
        if !same {
            differences.push(Difference {
                field,
                held: h,
                given: g,
            });
        }
    };
    differ(
        "kind",
        held.kind == given.kind,
        format!("{:?}", held.kind).to_lowercase(),
        format!("{:?}", given.kind).to_lowercase(),
    );
    differ(
        "name",
        held.name == given.name,
        held.name.vi.clone(),
        given.name.vi.clone(),
    );
    differ(
        "short_name",
        held.short_name == given.short_name,
        shown(&held.short_name, |t| t.vi.clone()),
        shown(&given.short_name, |t| t.vi.clone()),
    );
    differ(
        "parent",
        held.parent == given.parent,
        shown(&held.parent, String::clone),
        shown(&given.parent, String::clone),
    );
    differ(
        "valid_from",
        held.valid_from == given.valid_from,
        shown(&held.valid_from, date_text),
        shown(&given.valid_from, date_text),
    );
    // An end the registry knows stays even where a file written before it
    // says nothing; two different ends contradict each other.
    differ(
        "valid_to",
        held.valid_to.is_none() || given.valid_to.is_none() || held.valid_to == given.valid_to,
        shown(&held.valid_to, date_text),
        shown(&given.valid_to, date_text),
    );
    differ(
        "successor",
        held.successor.is_none() || given.successor.is_none() || held.successor == given.successor,
        shown(&held.successor, String::clone),
        shown(&given.successor, String::clone),
    );
    if !differences.is_empty() {
        return Registration::Contradicts(differences);
    }
    let valid_to = given.valid_to.filter(|_| held.valid_to.is_none());
    let successor = given.successor.clone().filter(|_| held.successor.is_none());
    if valid_to.is_none() && successor.is_none() {
        Registration::Same
    } else {
        Registration::Closes {
            valid_to,
            successor,
        }
    }
}

/// The message for a refused unit, in both languages: which unit, what
/// differs, and how to record a real change without rewriting the past.
pub fn refusal(code: &str, differences: &[Difference]) -> Text {
    let list = |held: &str, given: &str| {
        differences
            .iter()
            .map(|d| {
                format!(
                    "{} ({held} \"{}\", {given} \"{}\")",
                    d.field, d.held, d.given
                )
            })
            .collect::<Vec<_>>()
            .join("; ")
    };
    Text::new(
        format!(
            "Đơn vị \"{code}\" khác với đơn vị đã có trong danh mục: {}. Không nạp gì, để không viết lại quá khứ của đơn vị. \
             Để ghi nhận thay đổi (đổi tên, đổi cấp trên), hãy kết thúc đơn vị cũ bằng valid_to và successor, \
             và khai báo đơn vị mới với mã mới và valid_from.",
            list("danh mục ghi", "tệp ghi")
        ),
        format!(
            "Unit \"{code}\" differs from the one the registry holds: {}. Nothing was imported, so that the unit's past is not rewritten. \
             To record a change (a new name or parent), close the old unit with valid_to and successor, \
             and declare the new one under a new code with valid_from.",
            list("registry", "file")
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn department(parent: &str) -> UnitFacts {
        UnitFacts {
            kind: UnitKind::Department,
            name: Text::new("Sở Tài chính", "Department of Finance"),
            short_name: None,
            parent: Some(parent.into()),
            valid_from: None,
            valid_to: None,
            successor: None,
        }
    }

    #[test]
    fn a_unit_named_again_the_same_way_changes_nothing() {
        let held = department("UBND-KONTUM");
        assert_eq!(register(Some(&held), &held), Registration::Same);
        assert_eq!(register(None, &held), Registration::New);
    }

    #[test]
    fn a_new_parent_is_refused_naming_the_field_and_both_values() {
        let held = department("UBND-KONTUM");
        let given = department("UBND-QUANGNGAI");
        let Registration::Contradicts(d) = register(Some(&held), &given) else {
            panic!("a re-parented unit must be refused");
        };
        assert_eq!(
            d,
            [Difference {
                field: "parent",
                held: "UBND-KONTUM".into(),
                given: "UBND-QUANGNGAI".into()
            }]
        );
        let text = refusal("SO-TC", &d);
        assert!(text.vi.contains("\"SO-TC\"") && text.vi.contains("valid_to"));
        assert!(
            text.en
                .contains("parent (registry \"UBND-KONTUM\", file \"UBND-QUANGNGAI\")")
        );
    }

    #[test]
    fn an_end_unknown_before_closes_the_unit_and_a_silent_file_keeps_it() {
        let open = department("UBND-KONTUM");
        let mut closed = open.clone();
        closed.valid_to = Some(date!(2025 - 06 - 30));
        closed.successor = Some("SO-TC-QN".into());
        assert_eq!(
            register(Some(&open), &closed),
            Registration::Closes {
                valid_to: Some(date!(2025 - 06 - 30)),
                successor: Some("SO-TC-QN".into())
            }
        );
        assert_eq!(register(Some(&closed), &open), Registration::Same);
        let mut other_end = closed.clone();
        other_end.valid_to = Some(date!(2025 - 02 - 28));
        assert!(matches!(
            register(Some(&closed), &other_end),
            Registration::Contradicts(_)
        ));
    }
}
