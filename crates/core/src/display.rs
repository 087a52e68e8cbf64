//! How figures, dates and times are shown to people: one rule for every page,
//! document and people-facing export. Machine exports (CSV for re-import,
//! JSON, SDMX) keep plain machine forms and do not use this module.
//!
//! - Numbers: Vietnamese "1.342.700,5", English "1,342,700.5"; always grouped
//!   (a reader, unlike the form parser, is never in doubt), at most two
//!   decimals from 1 up and four significant below (a share of 0,0125 keeps
//!   its digits), trailing zeros dropped.
//! - Percent: "59,72%" (no space, as Vietnamese official documents write it).
//! - Dates: dd/mm/yyyy in both languages (Decree 30/2020 writes 01/07/2025).
//! - Times: "03/12/2026 15:04" in Vietnam time (UTC+7), whatever the server's zone.
//!
//! Form fields are the one exception: a value shown in an input is written
//! by [`crate::number::format_vi`] so that saving the form again reads back
//! exactly the same number.

use crate::text::Lang;
use time::{Date, OffsetDateTime, UtcOffset};

/// Vietnam's offset: UTC+7, no daylight saving.
pub const VIETNAM: UtcOffset = match UtcOffset::from_hms(7, 0, 0) {
    Ok(o) => o,
    Err(_) => UtcOffset::UTC,
};

/// A number as a person reads it, grouped and rounded for display.
pub fn number(value: f64, lang: Lang) -> String {
    if !value.is_finite() {
        return value.to_string();
    }
    let decimals = decimals_for(value);
    let text = format!("{:.*}", decimals, value.abs());
    let (int, frac) = text.split_once('.').unwrap_or((&text, ""));
    let frac = frac.trim_end_matches('0');
    let (group_sep, decimal_sep) = match lang {
        Lang::Vi => ('.', ','),
        Lang::En => (',', '.'),
    };
    let mut out = String::with_capacity(text.len() + int.len() / 3 + 1);
    // Rounding can leave "-0": no sign unless something non-zero is shown.
    if value < 0.0 && (int.chars().any(|c| c != '0') || !frac.is_empty()) {
        out.push('-');
    }
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(group_sep);
        }
        out.push(c);
    }
    if !frac.is_empty() {
        out.push(decimal_sep);
        out.push_str(frac);
    }
    out
}

fn decimals_for(value: f64) -> usize {
    let a = value.abs();
    if a >= 1.0 || a == 0.0 {
        2
    } else {
        // Four significant digits below one: 0,0125 stays 0,0125.
        let lead = (-a.log10()).floor() as usize;
        (lead + 4).min(12)
    }
}

/// A number with its unit of measure: "%" is written straight after the
/// figure; other units are left to the column header or sentence.
pub fn measure(value: f64, unit_vi: &str, lang: Lang) -> String {
    if is_percent(unit_vi) {
        format!("{}%", number(value, lang))
    } else {
        number(value, lang)
    }
}

/// Whether a unit of measure (as the framework writes it in Vietnamese) is a percentage.
pub fn is_percent(unit_vi: &str) -> bool {
    let u = unit_vi.trim();
    u == "%" || u.starts_with("% ") || u.starts_with("%(")
}

/// A date as Vietnamese officials write it: dd/mm/yyyy.
pub fn date(d: Date) -> String {
    format!("{:02}/{:02}/{}", d.day(), u8::from(d.month()), d.year())
}

/// An ISO date text (yyyy-mm-dd) as dd/mm/yyyy; text that is not a date is shown as it is.
pub fn date_text(iso: &str) -> String {
    parse_iso_date(iso)
        .map(date)
        .unwrap_or_else(|| iso.to_string())
}

/// A moment as officials read it: Vietnam time, "03/12/2026 15:04".
pub fn datetime(t: OffsetDateTime) -> String {
    let t = t.to_offset(VIETNAM);
    format!(
        "{:02}/{:02}/{} {:02}:{:02}",
        t.day(),
        u8::from(t.month()),
        t.year(),
        t.hour(),
        t.minute()
    )
}

/// An RFC 3339 timestamp as [`datetime`]; text that is not one is shown as it is.
pub fn datetime_text(rfc3339: &str) -> String {
    use time::format_description::well_known::Rfc3339;
    match OffsetDateTime::parse(rfc3339, &Rfc3339) {
        Ok(t) => datetime(t),
        Err(_) => rfc3339.to_string(),
    }
}

/// A date as data carries it: yyyy-mm-dd (ISO 8601), what [`parse_iso_date`] reads.
pub fn iso_date(d: Date) -> String {
    format!("{:04}-{:02}-{:02}", d.year(), u8::from(d.month()), d.day())
}

/// Reads yyyy-mm-dd.
pub fn parse_iso_date(s: &str) -> Option<Date> {
    let fmt = time::macros::format_description!("[year]-[month]-[day]");
    Date::parse(s.get(..10)?, &fmt).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::{date, datetime};

    #[test]
    fn large_numbers_are_grouped_in_the_readers_language() {
        assert_eq!(number(1_342_700.0, Lang::Vi), "1.342.700");
        assert_eq!(number(157_000.0, Lang::Vi), "157.000");
        assert_eq!(number(1234.5, Lang::Vi), "1.234,5");
        assert_eq!(number(1234.5, Lang::En), "1,234.5");
        assert_eq!(number(65.0, Lang::Vi), "65");
    }

    #[test]
    fn decimals_are_rounded_for_reading_but_small_shares_keep_their_digits() {
        assert_eq!(number(59.7249, Lang::Vi), "59,72");
        assert_eq!(number(0.0125, Lang::Vi), "0,0125");
        assert_eq!(number(-0.001, Lang::Vi), "-0,001");
        assert_eq!(number(-0.0000000000001, Lang::Vi), "0");
        assert_eq!(number(0.0, Lang::Vi), "0");
        assert_eq!(number(-1234.567, Lang::Vi), "-1.234,57");
    }

    #[test]
    fn percentages_carry_the_percent_sign() {
        assert_eq!(measure(59.72, "%", Lang::Vi), "59,72%");
        assert_eq!(measure(12.0, "% dân số", Lang::Vi), "12%");
        assert_eq!(measure(157000.0, "ha", Lang::Vi), "157.000");
    }

    #[test]
    fn dates_and_times_are_written_as_officials_write_them() {
        assert_eq!(date(date!(2025 - 07 - 01)), "01/07/2025");
        assert_eq!(date_text("2019-12-13"), "13/12/2019");
        assert_eq!(date_text("not a date"), "not a date");
        // 08:04 UTC is 15:04 in Vietnam; the fraction of a second is not shown.
        assert_eq!(
            datetime(datetime!(2026-12-03 08:04:56.34 UTC)),
            "03/12/2026 15:04"
        );
        assert_eq!(datetime_text("2026-12-03T20:30:00Z"), "04/12/2026 03:30");
    }
}
