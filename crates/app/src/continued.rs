//! One series across frameworks: when an indicator carries on an indicator
//! of an earlier plan (or is carried on by a later one), its page says so,
//! links to the other, and its chart draws both series with both targets.

use crate::App;
use crate::consolidation::{picture, published_for};
use crate::error::AppError;
use crate::reporting::store_error;
use xanh_core::Lang;
use xanh_core::framework::continuity::continued_by;
use xanh_core::framework::{Framework, Indicator};

/// The other framework's series of the same measure.
pub struct Joined {
    /// The province's values by year under the other framework.
    pub values: Vec<(i32, f64)>,
    pub target: Option<(i32, f64)>,
    /// Names the other series in the chart's legend: "598/QĐ-UBND · LN.1".
    pub label: String,
    /// The sentence on the page, and the address of the other indicator.
    pub sentence: String,
    pub href: String,
}

/// The series `ind` of `fw` continues, or the one that continues it.
pub async fn joined(
    state: &App,
    fw: &Framework,
    ind: &Indicator,
    lang: Lang,
) -> Result<Option<Joined>, AppError> {
    let (code, other, earlier) = match &ind.continues {
        Some(c) => (c.framework.clone(), c.indicator.clone(), true),
        None => {
            let mut all = Vec::new();
            for f in state.store.frameworks().await.map_err(store_error(lang))? {
                if f.code != fw.code {
                    let stored = state
                        .store
                        .framework(&f.code, None)
                        .await
                        .map_err(store_error(lang))?;
                    all.push(stored.framework);
                }
            }
            match continued_by(&all, &fw.code, &ind.code).first() {
                Some((f, i)) => (f.code.clone(), i.code.clone(), false),
                None => return Ok(None),
            }
        }
    };
    let published = match published_for(state, Some(&code), false, lang).await {
        Ok(p) => p,
        // A link to a framework no longer stored draws this series alone.
        Err(e) if e.kind == crate::Kind::NotFound => return Ok(None),
        Err(e) => return Err(e),
    };
    let ofw = &published.framework;
    let last = published
        .values
        .iter()
        .map(|v| v.year)
        .max()
        .unwrap_or(ofw.plan.to);
    let pictures = picture(ofw, &published.values, &published.ratings, last);
    let Some(p) = pictures.iter().find(|p| p.indicator.code == other) else {
        return Ok(None);
    };
    // The target point as the other indicator's own chart draws it.
    let a = &p.assessment;
    let target = a.target_value.zip(a.target_year).map(|(v, y)| (y, v));
    let plan = format!("{}–{}", ofw.plan.from, ofw.plan.to);
    let number = &ofw.decision.number;
    let relation = if earlier {
        lang.pick(
            "Chỉ tiêu này tiếp nối chỉ tiêu",
            "This indicator carries on indicator",
        )
    } else {
        lang.pick(
            "Chỉ tiêu này được tiếp tục bởi chỉ tiêu",
            "This indicator is carried on by indicator",
        )
    };
    let sentence = format!(
        "{relation} {other} {} {number} ({plan}). {}",
        lang.pick("của khung", "of framework"),
        lang.pick(
            "Biểu đồ nối hai chuỗi số liệu, mỗi khung với mục tiêu của mình.",
            "The chart joins both series, each framework with its own target."
        )
    );
    Ok(Some(Joined {
        values: p.province.clone(),
        target,
        label: format!("{number} · {other}"),
        sentence,
        href: format!(
            "/indicators/{}?framework={}{}",
            crate::encode(&other),
            crate::encode(&code),
            if lang == Lang::En { "&lang=en" } else { "" }
        ),
    }))
}

/// For an official report: only the earlier framework's series (a report
/// tells the past; a later plan did not exist when it was written), up to
/// the report's own year.
pub async fn earlier_for_report(
    state: &App,
    fw: &Framework,
    ind: &Indicator,
    year: i32,
    lang: Lang,
) -> Result<Option<Joined>, AppError> {
    if ind.continues.is_none() {
        return Ok(None);
    }
    let mut found = joined(state, fw, ind, lang).await?;
    if let Some(j) = found.as_mut() {
        j.values.retain(|v| v.0 <= year);
    }
    Ok(found)
}
