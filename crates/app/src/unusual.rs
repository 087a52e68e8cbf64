//! Whether a typed figure is unusual, gathering what core's `quality` rules
//! judge it by: the unit's own earlier years, the other units' figures of
//! the same period (for an indicator reported by area), and what the
//! measure allows (a count or an area is never negative).

use crate::App;
use crate::reporting::{FieldError, ReportContext};
use std::collections::BTreeSet;
use xanh_core::Lang;
use xanh_core::Text;
use xanh_core::framework::{Framework, Indicator, IndicatorKind};
use xanh_core::quality;
use xanh_core::quality::rules::Figures;
use xanh_store::ValueRow;

/// Why `n`, typed (or stored) for `ind` and `unit`, is unusual after the
/// unit's `history` (annual, oldest first) and beside the other territorial
/// units' `figures` of the period (typed now, else stored), or None.
pub fn why(
    fw: &Framework,
    figures: &Figures,
    ind: &Indicator,
    unit: &str,
    n: f64,
    history: &[f64],
) -> Option<Text> {
    let territorial = |u: &str| fw.unit(u).is_some_and(|u| u.is_territorial());
    // What the measure allows first: a negative count needs no comparison.
    (ind.kind == IndicatorKind::Number)
        .then(|| quality::physical(n, &ind.unit))
        .flatten()
        .or_else(|| quality::unusual(n, history))
        .or_else(|| {
            territorial(unit)
                .then(|| {
                    let peers: Vec<f64> = figures
                        .iter()
                        .filter(|((i, u), _)| *i == ind.code && u != unit && territorial(u))
                        .map(|(_, v)| *v)
                        .collect();
                    quality::beside_peers(n, &peers)
                })
                .flatten()
        })
}

/// The indicators whose stored figures a report's checks compare with: its
/// own (every unit's, for the peers) and those of the consistency rules that
/// read one of them.
fn compared(ctx: &ReportContext) -> Vec<&str> {
    let own: BTreeSet<&str> = ctx
        .scope
        .iter()
        .flat_map(|o| o.slots.iter().map(|s| s.indicator.as_str()))
        .collect();
    let mut out = own.clone();
    for rule in &ctx.framework.rules {
        let read = rule.check.indicators();
        if read.iter().any(|i| own.contains(i)) {
            out.extend(read);
        }
    }
    out.into_iter().collect()
}

/// The stored figures the checks compare with (see `compared`); never the
/// whole period, which holds 660,000 values at national scale. A failure to
/// read them refuses the save in words, keeping what was typed.
pub async fn stored(
    state: &App,
    ctx: &ReportContext,
    lang: Lang,
) -> Result<Vec<ValueRow>, FieldError> {
    let own = Some(ctx.report.unit_code.as_str());
    state
        .store
        .values_of_indicators(ctx.period.id, &compared(ctx))
        .await
        .map(|all| {
            all.into_iter()
                .filter(|v| crate::quality::visible(v, own))
                .collect()
        })
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
