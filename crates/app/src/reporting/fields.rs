//! The names of a report's form fields, and how they read to a person.

use xanh_core::Lang;
use xanh_core::framework::Framework;
use xanh_core::report::NarrativePart;

/// A field key in words: "v:1.4:H-DAKHA" → "Chỉ tiêu 1.4 · Huyện Đắk Hà".
pub fn field_label(key: &str, fw: &Framework, lang: Lang) -> String {
    let mut parts = key.splitn(3, ':');
    match (parts.next(), parts.next(), parts.next()) {
        (Some("v" | "n" | "c"), Some(ind), Some(unit)) => {
            let place = if unit == fw.issuer {
                lang.pick("Toàn tỉnh", "Province").to_string()
            } else {
                fw.unit(unit)
                    .map(|u| u.short().get(lang).to_string())
                    .unwrap_or_else(|| unit.to_string())
            };
            let what = if key.starts_with('n') {
                lang.pick("ghi chú", "note")
            } else {
                ""
            };
            format!(
                "{} {ind} · {place}{}",
                lang.pick("Chỉ tiêu", "Indicator"),
                if what.is_empty() {
                    String::new()
                } else {
                    format!(" ({what})")
                }
            )
        }
        (Some("t"), Some(obj), Some(part)) => format!(
            "{} {obj} · {}",
            lang.pick("Mục tiêu", "Objective"),
            NarrativePart::parse(part)
                .map(|p| p.label(lang))
                .unwrap_or(part)
        ),
        _ => key.to_string(),
    }
}

pub fn value_field(indicator: &str, unit: &str) -> String {
    format!("v:{indicator}:{unit}")
}

pub fn narrative_field(objective: &str, part: NarrativePart) -> String {
    format!("t:{objective}:{}", part.as_str())
}
