//! Whether a typed figure is unusual, gathering what core's `quality` rules
//! judge it by: the unit's own earlier years, the other units' figures of
//! the same period (for an indicator reported by area), and what the
//! measure allows (a count or an area is never negative).

use crate::AppState;
use crate::lang::Lang;
use crate::reporting::{FieldError, ReportContext, ReportInput};
use xanh_core::Text;
use xanh_core::framework::{Indicator, IndicatorKind};
use xanh_core::quality;
use xanh_core::report::{Value, parse_value};
use xanh_store::ValueRow;

fn number(v: Option<&Value>) -> Option<f64> {
    match v {
        Some(Value::Number(n)) => Some(*n),
        _ => None,
    }
}

/// The same indicator's other units in this report: what was typed now,
/// else what is stored.
fn peers(
    ctx: &ReportContext,
    stored: &[ValueRow],
    input: &ReportInput,
    ind: &Indicator,
    unit: &str,
) -> Vec<f64> {
    ctx.scope
        .iter()
        .flat_map(|o| &o.slots)
        .filter(|s| s.indicator == ind.code && s.unit != unit)
        .filter_map(
            |s| match input.values.get(&(s.indicator.clone(), s.unit.clone())) {
                Some(typed) => number(parse_value(ind.kind, &typed.raw).ok().flatten().as_ref()),
                None => stored
                    .iter()
                    .find(|v| v.indicator_code == s.indicator && v.unit_code == s.unit)
                    .and_then(|v| number(v.value.as_ref())),
            },
        )
        .collect()
}

/// Why `n`, typed (or stored) for `ind` and `unit`, is unusual after the
/// unit's `history` (annual, oldest first), or None.
pub fn why(
    ctx: &ReportContext,
    stored: &[ValueRow],
    input: &ReportInput,
    ind: &Indicator,
    unit: &str,
    n: f64,
    history: &[f64],
) -> Option<Text> {
    // What the measure allows first: a negative count needs no comparison.
    (ind.kind == IndicatorKind::Number)
        .then(|| quality::physical(n, &ind.unit))
        .flatten()
        .or_else(|| quality::unusual(n, history))
        .or_else(|| {
            ctx.framework
                .unit(unit)
                .is_some_and(|u| u.is_territorial())
                .then(|| quality::beside_peers(n, &peers(ctx, stored, input, ind, unit)))
                .flatten()
        })
}

/// The period's stored figures, which the checks compare with; a failure to
/// read them refuses the save in words, keeping what was typed.
pub async fn stored(
    state: &AppState,
    ctx: &ReportContext,
    lang: Lang,
) -> Result<Vec<ValueRow>, FieldError> {
    state
        .store
        .values_of_period(ctx.period.id)
        .await
        .map_err(|e| {
            tracing::error!(error = ?e, "reading the stored values failed");
            FieldError::new(
                "file",
                lang.pick(
                    "Chưa lưu: không đọc được số liệu đã lưu của báo cáo. Hãy thử lại sau ít phút; nội dung bạn nhập vẫn còn.",
                    "Not saved: the report's stored figures could not be read. Try again in a few minutes; what you typed is kept.",
                ),
            )
        })
}
