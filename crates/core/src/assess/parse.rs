//! Series and targets as typed on a command line.

use super::Series;
use crate::framework::Target;
use crate::number::parse_number;
use crate::text::Lang;

const YEARS: std::ops::RangeInclusive<i32> = 1900..=2100;

fn parse_year(s: &str) -> Result<i32, String> {
    let s = s.trim();
    match s.parse::<i32>() {
        Ok(y) if YEARS.contains(&y) => Ok(y),
        Ok(y) => Err(format!("{y} is not a year between 1900 and 2100")),
        Err(_) => Err(format!("\"{s}\" is not a year")),
    }
}

/// A number in plain or Vietnamese form ("65.5", "65,5"), refusing the
/// ambiguous "1.234" as [`parse_number`] does.
fn parse_value(s: &str) -> Result<f64, String> {
    parse_number(s).map_err(|e| e.message(s.trim(), Lang::En))
}

/// A value where a comma cannot be a decimal or thousands mark: decimal point only.
fn parse_plain(s: &str) -> Result<f64, String> {
    let t = s.trim().trim_end_matches('%').trim();
    match t.parse::<f64>() {
        Ok(v) if v.is_finite() => Ok(v),
        _ => Err(format!("\"{}\" is not a number", s.trim())),
    }
}

/// Reads a series typed as `year:value` pairs.
///
/// - Pairs separated by commas take a decimal point: `2015:40,2016:45.5,2017:52`.
/// - Pairs separated by semicolons take a number in either form, so the
///   Vietnamese decimal comma works: `2015:40; 2016:45,5; 2017:52`. A number
///   such as `1.234` is refused there as ambiguous (thousands or decimal?).
///
/// Spaces and a trailing `%` are allowed; empty items are skipped. The years
/// are sorted; a year given twice is refused.
pub fn parse_series(s: &str) -> Result<Series, String> {
    let vietnamese = s.contains(';');
    let separator = if vietnamese { ';' } else { ',' };
    let mut points = Vec::new();
    for item in s.split(separator).map(str::trim).filter(|i| !i.is_empty()) {
        let (year, value) = item
            .split_once(':')
            .ok_or_else(|| format!("\"{item}\" is not year:value (e.g. 2016:45.5)"))?;
        let year = parse_year(year)?;
        let value = if vietnamese {
            parse_value(value)
        } else {
            parse_plain(value)
        }
        .map_err(|e| format!("{year}: {e}"))?;
        points.push((year, value));
    }
    if points.is_empty() {
        return Err("no values: write year:value pairs, e.g. 2015:40,2016:45.5".into());
    }
    Series::new(points).map_err(|e| e.to_string())
}

const FORMS: &str = "at_least:90@2020, above:65@2020, at_most:5@2020, below:10@2020, range:8-13@2020, all_from:2015, milestone@2020, qualitative[@2020], none";

/// "8-13" → (8, 13); a minus sign may start either bound ("-5--2").
fn parse_range(s: &str) -> Result<(f64, f64), String> {
    let at = s
        .char_indices()
        .skip(1)
        .find(|&(i, c)| (c == '-' || c == '–') && !s[..i].ends_with(['-', '–']))
        .map(|(i, c)| (i, c.len_utf8()))
        .ok_or_else(|| format!("\"{s}\" is not a range min-max (e.g. 8-13)"))?;
    let (min, max) = (parse_value(&s[..at.0])?, parse_value(&s[at.0 + at.1..])?);
    if min > max {
        return Err(format!("the range {s} has its minimum above its maximum"));
    }
    Ok((min, max))
}

/// Reads a target typed as `form[:argument][@year]`:
/// `at_least:90@2020`, `above:65@2020`, `at_most:5@2020`, `below:10@2020`,
/// `range:8-13@2020`, `all_from:2015` (or `all_from@2015`), `milestone@2020`,
/// `qualitative` or `qualitative@2020`, `none`. Numbers may use a decimal
/// point or a Vietnamese decimal comma ("65,5").
pub fn parse_target(s: &str) -> Result<Target, String> {
    let s = s.trim();
    let (head, year) = match s.rsplit_once('@') {
        Some((head, y)) => (head.trim(), Some(parse_year(y)?)),
        None => (s, None),
    };
    let (form, arg) = match head.split_once(':') {
        Some((f, a)) => (f.trim(), Some(a.trim())),
        None => (head, None),
    };
    let form = form.to_ascii_lowercase().replace('-', "_");
    let shape = |example: &str| format!("\"{s}\": write {example}");
    let target = match (form.as_str(), arg, year) {
        ("at_least", Some(v), Some(year)) => Target::AtLeast {
            value: parse_value(v)?,
            year,
        },
        ("above", Some(v), Some(year)) => Target::Above {
            value: parse_value(v)?,
            year,
        },
        ("at_most", Some(v), Some(year)) => Target::AtMost {
            value: parse_value(v)?,
            year,
        },
        ("below", Some(v), Some(year)) => Target::Below {
            value: parse_value(v)?,
            year,
        },
        ("at_least" | "above" | "at_most" | "below", _, _) => {
            return Err(shape(&format!("{form}:value@year, e.g. {form}:90@2020")));
        }
        ("range", Some(r), Some(year)) => {
            let (min, max) = parse_range(r)?;
            Target::Range { min, max, year }
        }
        ("range", _, _) => return Err(shape("range:min-max@year, e.g. range:8-13@2020")),
        ("all_from", Some(y), None) => Target::AllFrom {
            from_year: parse_year(y)?,
        },
        ("all_from", None, Some(from_year)) => Target::AllFrom { from_year },
        ("all_from", _, _) => return Err(shape("all_from:year, e.g. all_from:2015")),
        ("milestone", None, Some(year)) => Target::Milestone { year },
        ("milestone", _, _) => return Err(shape("milestone@year, e.g. milestone@2020")),
        ("qualitative", None, year) => Target::Qualitative { year },
        ("qualitative", _, _) => return Err(shape("qualitative or qualitative@2020")),
        ("none", None, None) => Target::None,
        ("none", _, _) => return Err(shape("none, with nothing after it")),
        _ => return Err(format!("\"{s}\" is not a target; the forms are {FORMS}")),
    };
    Ok(target)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_comma_separated_series_takes_a_decimal_point() {
        let s = parse_series("2015:40,2016:45.5, 2017:52").expect("valid");
        assert_eq!(s.points(), &[(2015, 40.0), (2016, 45.5), (2017, 52.0)]);
        // A dot before three digits is a decimal point here: commas separate pairs.
        let s = parse_series("2015:1.234").expect("valid");
        assert_eq!(s.points(), &[(2015, 1.234)]);
    }

    #[test]
    fn a_semicolon_separated_series_takes_the_vietnamese_decimal_comma() {
        let s = parse_series("2017:52; 2015:40; 2016:45,5;").expect("valid");
        assert_eq!(s.points(), &[(2015, 40.0), (2016, 45.5), (2017, 52.0)]);
        let s = parse_series("2015:1.234,5;2016:65.5%").expect("valid");
        assert_eq!(s.points(), &[(2015, 1234.5), (2016, 65.5)]);
    }

    #[test]
    fn a_bad_series_is_refused_with_a_reason() {
        assert!(parse_series("").is_err());
        assert!(
            parse_series("2015-40")
                .expect_err("no colon")
                .contains("year:value")
        );
        assert!(parse_series("2015:abc").expect_err("word").contains("2015"));
        assert!(
            parse_series("215:40")
                .expect_err("short year")
                .contains("1900")
        );
        assert!(
            parse_series("2015:40,2015:41")
                .expect_err("twice")
                .contains("2015")
        );
        assert!(
            parse_series("2015:1.234;2016:2").is_err(),
            "ambiguous in Vietnamese form"
        );
        assert!(parse_series("2015:inf").is_err());
    }

    #[test]
    fn every_target_form_is_read() {
        let cases = [
            (
                "at_least:90@2020",
                Target::AtLeast {
                    value: 90.0,
                    year: 2020,
                },
            ),
            (
                "above:65@2020",
                Target::Above {
                    value: 65.0,
                    year: 2020,
                },
            ),
            (
                "at_most:5,5@2020",
                Target::AtMost {
                    value: 5.5,
                    year: 2020,
                },
            ),
            (
                " below: 10 @ 2020 ",
                Target::Below {
                    value: 10.0,
                    year: 2020,
                },
            ),
            (
                "range:8-13@2020",
                Target::Range {
                    min: 8.0,
                    max: 13.0,
                    year: 2020,
                },
            ),
            (
                "range:-5--2@2020",
                Target::Range {
                    min: -5.0,
                    max: -2.0,
                    year: 2020,
                },
            ),
            ("all_from:2015", Target::AllFrom { from_year: 2015 }),
            ("all_from@2015", Target::AllFrom { from_year: 2015 }),
            ("milestone@2020", Target::Milestone { year: 2020 }),
            ("qualitative", Target::Qualitative { year: None }),
            ("qualitative@2020", Target::Qualitative { year: Some(2020) }),
            ("none", Target::None),
            (
                "AT-LEAST:90@2020",
                Target::AtLeast {
                    value: 90.0,
                    year: 2020,
                },
            ),
        ];
        for (text, expected) in cases {
            assert_eq!(parse_target(text), Ok(expected), "{text}");
        }
    }

    #[test]
    fn a_bad_target_is_refused_with_the_form_it_needs() {
        assert!(
            parse_target("at_least:90")
                .expect_err("no year")
                .contains("at_least:90@2020")
        );
        assert!(
            parse_target("above@2020")
                .expect_err("no value")
                .contains("above:value@year")
        );
        assert!(
            parse_target("range:13-8@2020")
                .expect_err("reversed")
                .contains("minimum")
        );
        assert!(
            parse_target("range:8@2020")
                .expect_err("one bound")
                .contains("min-max")
        );
        assert!(
            parse_target("milestone")
                .expect_err("no year")
                .contains("milestone@")
        );
        assert!(parse_target("none@2020").is_err());
        assert!(
            parse_target("most:90@2020")
                .expect_err("unknown")
                .contains("the forms are")
        );
        assert!(parse_target("at_least:abc@2020").is_err());
        assert!(parse_target("at_least:90@20").is_err());
    }
}
