//! Numbers and phrases for the explanation sentences: Vietnamese with a
//! decimal comma ("9,14%"), English with a decimal point ("9.14%").

use crate::number::format_vi;

fn rounded(x: f64, decimals: i32) -> f64 {
    let scale = 10f64.powi(decimals);
    (x * scale).round() / scale
}

/// A number in Vietnamese form, rounded to at most `decimals` places.
pub(super) fn vi(x: f64, decimals: i32) -> String {
    format_vi(rounded(x, decimals))
}

/// A number in English form ("1,234.5"), rounded to at most `decimals` places.
pub(super) fn en(x: f64, decimals: i32) -> String {
    vi(x, decimals)
        .chars()
        .map(|c| match c {
            '.' => ',',
            ',' => '.',
            c => c,
        })
        .collect()
}

/// A value as shown in a sentence: at most two decimals.
pub(super) fn value(x: f64) -> (String, String) {
    (vi(x, 2), en(x, 2))
}

/// A rate (a fraction) as a percentage with two decimals: 0.09139 → "9,14%".
pub(super) fn rate(r: f64) -> (String, String) {
    (
        format!("{}%", vi(r * 100.0, 2)),
        format!("{}%", en(r * 100.0, 2)),
    )
}

/// A ratio with three decimals, enough to tell 0.949 from 0.95.
pub(super) fn ratio(r: f64) -> (String, String) {
    (vi(r, 3), en(r, 3))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_in_sentences_use_each_language_s_decimal_mark() {
        assert_eq!(
            value(1234.567),
            ("1.234,57".to_string(), "1,234.57".to_string())
        );
        assert_eq!(rate(0.091393), ("9,14%".to_string(), "9.14%".to_string()));
        assert_eq!(rate(-0.0717), ("-7,17%".to_string(), "-7.17%".to_string()));
        assert_eq!(ratio(0.9496), ("0,95".to_string(), "0.95".to_string()));
        assert_eq!(value(65.0), ("65".to_string(), "65".to_string()));
    }
}
