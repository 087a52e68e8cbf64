//! The framework's consistency rules on a report's figures (core's
//! `quality::rules`): which typed figures to question on save. The marks on
//! stored figures are `crate::quality`'s.

use crate::reporting::{FieldError, ReportContext, ReportInput, value_field};
use std::collections::HashSet;
use xanh_core::Lang;
use xanh_core::framework::Framework;
use xanh_core::quality::rules::{self, Figures, Slot};
use xanh_core::report::{Value, parse_value};
use xanh_store::ValueRow;

/// The period's numeric figures as stored, with what was typed now over them.
pub fn figures(fw: &Framework, stored: &[ValueRow], input: Option<&ReportInput>) -> Figures {
    let mut out: Figures = stored
        .iter()
        .filter_map(|v| match v.value {
            Some(Value::Number(n)) => Some(((v.indicator_code.clone(), v.unit_code.clone()), n)),
            _ => None,
        })
        .collect();
    for ((ind, unit), typed) in input.map(|i| &i.values).into_iter().flatten() {
        let Some((_, indicator)) = fw.indicator(ind) else {
            continue;
        };
        let key = (ind.clone(), unit.clone());
        match parse_value(indicator.kind, &typed.raw) {
            Ok(Some(Value::Number(n))) => {
                out.insert(key, n);
            }
            Ok(_) => {
                out.remove(&key);
            }
            // A figure that does not read is refused by itself; it compares with nothing.
            Err(_) => {
                out.remove(&key);
            }
        }
    }
    out
}

/// The territorial units expected in a period (core's rule, on the period's
/// last day of data).
pub fn period_units(fw: &Framework, period: &xanh_store::PeriodRow) -> Vec<String> {
    let data_to = crate::reporting::parse_iso_date(&period.data_to).unwrap_or(time::Date::MIN);
    xanh_core::report::territorial_on(fw, data_to)
        .map(|u| u.code.clone())
        .collect()
}

/// The slots of this report's scope.
fn in_scope(ctx: &ReportContext) -> HashSet<Slot> {
    ctx.scope
        .iter()
        .flat_map(|o| &o.slots)
        .map(|s| (s.indicator.clone(), s.unit.clone()))
        .collect()
}

/// One question per rule broken by what was typed, on the first figure of
/// the breach that this report holds and that was changed now; a breach made
/// only of stored figures is not asked again, and a figure confirmed with a
/// note answers it.
pub fn questions(
    ctx: &ReportContext,
    stored: &[ValueRow],
    input: &ReportInput,
    lang: Lang,
) -> Vec<FieldError> {
    let fw = &ctx.framework;
    let before = figures(fw, stored, None);
    let now = figures(fw, stored, Some(input));
    let scope = in_scope(ctx);
    let changed = |s: &Slot| input.values.contains_key(s) && before.get(s) != now.get(s);
    let mut out = Vec::new();
    for breach in rules::breaches(fw, &now, &period_units(&ctx.framework, &ctx.period)) {
        let Some(slot) = breach
            .slots
            .iter()
            .find(|s| scope.contains(*s) && changed(s))
        else {
            continue;
        };
        let typed = &input.values[slot];
        if typed.confirmed && !typed.note.trim().is_empty() {
            continue;
        }
        out.push(FieldError {
            confirmable: true,
            field: value_field(&slot.0, &slot.1),
            message: match lang {
                Lang::Vi => format!("Số liệu không nhất quán (quy tắc {}): {} Hãy kiểm tra lại; nếu đúng, đánh dấu \"Xác nhận giá trị này đúng\" và ghi giải trình vào ghi chú.", breach.rule.code, breach.why.vi),
                Lang::En => format!("The figures are inconsistent (rule {}): {} Check them; if they are right, tick \"Confirm this value\" and explain in the note.", breach.rule.code, breach.why.en),
            },
        });
    }
    out
}

/// The rule breaches among the stored figures that nobody has answered (no
/// note on the figure of this report the breach is marked on): submitting
/// asks for them, as saving asks for a typed breach. A breach arises from
/// stored figures when another report changed the other side, or figures
/// came in by a bulk import.
pub fn unanswered(ctx: &ReportContext, stored: &[ValueRow], lang: Lang) -> Vec<FieldError> {
    let fw = &ctx.framework;
    let scope = in_scope(ctx);
    let note = |s: &Slot| {
        stored
            .iter()
            .find(|v| v.indicator_code == s.0 && v.unit_code == s.1)
            .and_then(|v| v.note.as_deref())
            .is_some_and(|n| !n.trim().is_empty())
    };
    rules::breaches(fw, &figures(fw, stored, None), &period_units(&ctx.framework, &ctx.period))
        .into_iter()
        .filter_map(|breach| {
            let slot = breach.slots.iter().find(|s| scope.contains(*s))?;
            (!note(slot)).then(|| FieldError {
                confirmable: true,
                field: value_field(&slot.0, &slot.1),
                message: match lang {
                    Lang::Vi => format!("Chưa gửi được: số liệu không nhất quán (quy tắc {}) chưa được giải trình: {} Nếu số liệu đúng, đánh dấu \"Xác nhận giá trị này đúng\" và ghi giải trình vào ghi chú.", breach.rule.code, breach.why.vi),
                    Lang::En => format!("Not submitted: inconsistent figures (rule {}) are not explained: {} If they are right, tick \"Confirm this value\" and explain in the note.", breach.rule.code, breach.why.en),
                },
            })
        })
        .collect()
}
