//! Reading and checking `xanh assess`'s inputs, with located messages in both languages.

use super::*;
// ---------------------------------------------------------------------------
// Reading the inputs

/// An input that cannot be used: what is wrong and where, in both languages.
#[derive(Debug)]
pub(super) struct InputError {
    pub(super) vi: String,
    pub(super) en: String,
}

impl InputError {
    pub(super) fn new(vi: impl Into<String>, en: impl Into<String>) -> Self {
        InputError {
            vi: vi.into(),
            en: en.into(),
        }
    }
}

/// Where the base comes from.
#[derive(Debug, Clone, Copy)]
pub(super) enum BaseSource {
    /// The first value of the series (no option given).
    FirstValue,
    /// `--base-year`: the year asked for; the baseline holds the year used.
    BaseYear(i32),
    /// `--baseline year:value`.
    Given,
}

/// The inputs, read and checked.
pub(super) struct Inputs {
    pub(super) series: Series,
    pub(super) target: Target,
    pub(super) direction: Direction,
    /// False when `--direction` was not given and the target form chose it.
    pub(super) direction_given: bool,
    /// What the computation takes as the configured baseline.
    pub(super) baseline: Option<Baseline>,
    pub(super) base_source: BaseSource,
    pub(super) year: i32,
    pub(super) natural_limit: Option<f64>,
}

pub(super) fn read(args: &AssessArgs) -> Result<Inputs, InputError> {
    let series = parse_series(&args.series).map_err(|en| series_error(&args.series, &en))?;
    let target = parse_target(&args.target).map_err(|en| target_error(&args.target, &en))?;
    let (direction, direction_given) = match &args.direction {
        Some(d) => (parse_direction(d)?, true),
        None => (default_direction(&target), false),
    };
    let year = match &args.year {
        Some(y) => parse_year("--year", y)?,
        None => series.points().last().map(|&(y, _)| y).ok_or_else(|| {
            InputError::new(
                "--series: chuỗi số liệu không có giá trị nào.",
                "--series: the series has no value.",
            )
        })?,
    };
    let natural_limit = args
        .natural_limit
        .as_deref()
        .map(parse_natural_limit)
        .transpose()?;
    let counted = series.up_to(year);
    let (baseline, base_source) = match (&args.base_year, &args.baseline) {
        (Some(text), _) => {
            let asked = parse_year("--base-year", text)?;
            // progress.md: the configured base year; where it has no value,
            // the first year after it that has one.
            match counted.iter().find(|&&(y, _)| y >= asked) {
                Some(&(y, value)) => (
                    Some(Baseline { value, year: y }),
                    BaseSource::BaseYear(asked),
                ),
                None => return Err(base_year_out_of_range(asked, year, &series)),
            }
        }
        (None, Some(text)) => {
            let b = parse_baseline(text)?;
            let latest = counted.last().map_or(year, |&(y, _)| y);
            if b.year > latest {
                return Err(InputError::new(
                    format!(
                        "--baseline \"{}\": năm cơ sở {} sau năm có số liệu gần nhất tính đến năm đánh giá ({latest}); năm cơ sở phải trước năm hiện tại.",
                        text.trim(),
                        b.year
                    ),
                    format!(
                        "--baseline \"{}\": the base year {} is after the latest year with a value up to the assessed year ({latest}); the base must come before the current value.",
                        text.trim(),
                        b.year
                    ),
                ));
            }
            (Some(b), BaseSource::Given)
        }
        (None, None) => (None, BaseSource::FirstValue),
    };
    Ok(Inputs {
        series,
        target,
        direction,
        direction_given,
        baseline,
        base_source,
        year,
        natural_limit,
    })
}

/// "2015–2017", or "2015" for one year.
pub(super) fn span(series: &Series) -> String {
    match (series.points().first(), series.points().last()) {
        (Some(&(a, _)), Some(&(b, _))) if a != b => format!("{a}–{b}"),
        (Some(&(a, _)), _) => a.to_string(),
        _ => "—".into(),
    }
}

pub(super) fn base_year_out_of_range(asked: i32, year: i32, series: &Series) -> InputError {
    let covers = span(series);
    if asked > year {
        InputError::new(
            format!(
                "--base-year {asked}: năm cơ sở sau năm đánh giá {year}; năm cơ sở phải nằm trong khoảng của chuỗi số liệu ({covers}) và không sau năm đánh giá."
            ),
            format!(
                "--base-year {asked}: the base year is after the assessed year {year}; it must lie within the series ({covers}) and not after the assessed year."
            ),
        )
    } else {
        InputError::new(
            format!(
                "--base-year {asked}: chuỗi số liệu không có giá trị nào từ năm {asked} đến năm đánh giá {year} (chuỗi có các năm {covers})."
            ),
            format!(
                "--base-year {asked}: the series has no value from {asked} up to the assessed year {year} (it covers {covers})."
            ),
        )
    }
}

pub(super) fn parse_year(option: &str, text: &str) -> Result<i32, InputError> {
    let t = text.trim();
    match t.parse::<i32>() {
        Ok(y) if YEARS.contains(&y) => Ok(y),
        _ => Err(InputError::new(
            format!("{option} \"{t}\": không phải là năm (viết bốn chữ số, từ 1900 đến 2100)."),
            format!("{option} \"{t}\": not a year (write four digits, from 1900 to 2100)."),
        )),
    }
}

pub(super) fn parse_direction(text: &str) -> Result<Direction, InputError> {
    match text.trim().to_lowercase().as_str() {
        "increase" | "tăng" | "tang" => Ok(Direction::Increase),
        "decrease" | "giảm" | "giam" => Ok(Direction::Decrease),
        _ => Err(InputError::new(
            format!(
                "--direction \"{}\": không rõ hướng; viết increase (tăng) hoặc decrease (giảm).",
                text.trim()
            ),
            format!(
                "--direction \"{}\": unknown direction; write increase or decrease.",
                text.trim()
            ),
        )),
    }
}

/// Without `--direction`: a ceiling ("at most", "below") is for an
/// indicator that should decrease, every other form for one that should increase.
pub(super) fn default_direction(target: &Target) -> Direction {
    match target {
        Target::AtMost { .. } | Target::Below { .. } => Direction::Decrease,
        _ => Direction::Increase,
    }
}

pub(super) fn parse_natural_limit(text: &str) -> Result<f64, InputError> {
    let t = text.trim();
    match parse_number(t) {
        Ok(v) if v > 0.0 => Ok(v),
        Ok(_) => Err(InputError::new(
            format!(
                "--natural-limit \"{t}\": giới hạn tự nhiên phải lớn hơn 0 (ví dụ 100 cho tỷ lệ %)."
            ),
            format!(
                "--natural-limit \"{t}\": the natural limit must be above 0 (e.g. 100 for a share in %)."
            ),
        )),
        Err(e) => Err(InputError::new(
            format!("--natural-limit: {}", e.message(t, Lang::Vi)),
            format!("--natural-limit: {}", e.message(t, Lang::En)),
        )),
    }
}

/// `--baseline 2010:35` (a Vietnamese decimal comma is fine: `2010:35,5`).
pub(super) fn parse_baseline(text: &str) -> Result<Baseline, InputError> {
    let t = text.trim();
    let Some((y, v)) = t.split_once(':') else {
        return Err(InputError::new(
            format!("--baseline \"{t}\": viết năm:giá trị, ví dụ 2010:35,5."),
            format!("--baseline \"{t}\": write year:value, e.g. 2010:35.5."),
        ));
    };
    let year = parse_year("--baseline", y)?;
    let value = parse_number(v).map_err(|e| {
        InputError::new(
            format!("--baseline \"{t}\": {}", e.message(v.trim(), Lang::Vi)),
            format!("--baseline \"{t}\": {}", e.message(v.trim(), Lang::En)),
        )
    })?;
    Ok(Baseline { value, year })
}

/// The series' items as `parse_series` splits them, and whether they take
/// the Vietnamese decimal comma (pairs separated by ';').
pub(super) fn series_items(text: &str) -> (Vec<&str>, bool) {
    let vietnamese = text.contains(';');
    let separator = if vietnamese { ';' } else { ',' };
    let items = text
        .split(separator)
        .map(str::trim)
        .filter(|i| !i.is_empty())
        .collect();
    (items, vietnamese)
}

/// `parse_series` refused the text with `en`: find the item at fault and say
/// what is wrong with it in Vietnamese too.
pub(super) fn series_error(text: &str, en: &str) -> InputError {
    let (items, vietnamese) = series_items(text);
    if items.is_empty() {
        return InputError::new(
            "--series: chưa có giá trị nào; viết các cặp năm:giá trị, ví dụ 2015:40,2016:45.5 hoặc 2015:40;2016:45,5.",
            format!("--series: {}.", en.trim_end_matches('.')),
        );
    }
    for (i, item) in items.iter().enumerate() {
        // Read alone, each item as it would be read within the series.
        let alone = if vietnamese {
            format!("{item};")
        } else {
            (*item).to_string()
        };
        if let Err(item_en) = parse_series(&alone) {
            let n = i + 1;
            let (vi_why, hint_vi, hint_en) = item_problem(item, vietnamese);
            return InputError::new(
                format!("--series, mục thứ {n} \"{item}\": {vi_why}{hint_vi}"),
                format!(
                    "--series, item {n} \"{item}\": {}.{hint_en}",
                    item_en.trim_end_matches('.')
                ),
            );
        }
    }
    let mut seen: Vec<&str> = Vec::new();
    for item in &items {
        let year = item.split_once(':').map_or("", |(y, _)| y.trim());
        if seen.contains(&year) {
            return InputError::new(
                format!("--series: năm {year} có hai giá trị."),
                format!("--series: the year {year} has two values."),
            );
        }
        seen.push(year);
    }
    InputError::new(
        format!("--series \"{text}\": không đọc được chuỗi số liệu."),
        format!("--series \"{text}\": {}.", en.trim_end_matches('.')),
    )
}

/// What is wrong with one item of a series, in Vietnamese, and a hint in
/// both languages when a decimal comma was used between comma-separated pairs.
pub(super) fn item_problem(item: &str, vietnamese: bool) -> (String, &'static str, &'static str) {
    const HINT_VI: &str = " Nếu viết số thập phân bằng dấu phẩy (45,5), hãy ngăn cách các cặp bằng dấu chấm phẩy: 2015:40; 2016:45,5.";
    const HINT_EN: &str =
        " With a decimal comma (45,5), separate the pairs with semicolons: 2015:40; 2016:45,5.";
    let Some((y, v)) = item.split_once(':') else {
        let looks_like_decimals = !vietnamese && item.chars().all(|c| c.is_ascii_digit());
        let (hv, he) = if looks_like_decimals {
            (HINT_VI, HINT_EN)
        } else {
            ("", "")
        };
        return (
            "không có dạng năm:giá trị (ví dụ 2016:45,5).".into(),
            hv,
            he,
        );
    };
    let y = y.trim();
    match y.parse::<i32>() {
        Err(_) => return (format!("\"{y}\" không phải là năm."), "", ""),
        Ok(year) if !YEARS.contains(&year) => {
            return (
                format!("{year} không phải là năm trong khoảng 1900–2100."),
                "",
                "",
            );
        }
        Ok(_) => {}
    }
    let v = v.trim();
    if vietnamese {
        let why = match parse_number(v) {
            Err(e) => e.message(v, Lang::Vi),
            Ok(_) => format!("\"{v}\" không phải là số."),
        };
        (why, "", "")
    } else {
        (format!("\"{v}\" không phải là số."), "", "")
    }
}

pub(super) fn target_error(text: &str, en: &str) -> InputError {
    InputError::new(
        format!(
            "--target \"{}\": không đọc được chỉ tiêu. Viết một trong các dạng: at_least:90@2020 (ít nhất), above:65@2020 (trên, không kể bằng), at_most:5@2020 (tối đa), below:10@2020 (dưới, không kể bằng), range:8-13@2020 (trong khoảng), all_from:2015 (100% mọi năm từ năm đó), milestone@2020 (mốc đạt/chưa đạt), qualitative hoặc qualitative@2020 (định tính), none (không có chỉ tiêu).",
            text.trim()
        ),
        format!(
            "--target \"{}\": {}.",
            text.trim(),
            en.trim_end_matches('.')
        ),
    )
}

// ---------------------------------------------------------------------------
// Numbers

/// A number rounded to at most `decimals` places, with the language's marks:
/// "1.234,5" in Vietnamese, "1,234.5" in English.
pub(super) fn num(x: f64, decimals: i32, lang: Lang) -> String {
    let scale = 10f64.powi(decimals);
    let vi = format_vi((x * scale).round() / scale);
    match lang {
        Lang::Vi => vi,
        Lang::En => vi
            .chars()
            .map(|c| match c {
                '.' => ',',
                ',' => '.',
                c => c,
            })
            .collect(),
    }
}

/// A value as typed: up to six decimals.
pub(super) fn value(x: f64, lang: Lang) -> String {
    num(x, 6, lang)
}

/// A rate (a fraction) as a percentage with two decimals: 0.091393 → "9,14%".
pub(super) fn pct(r: f64, lang: Lang) -> String {
    format!("{}%", num(r * 100.0, 2, lang))
}

/// A number inside a formula: six decimals, in brackets when negative.
pub(super) fn term(x: f64, lang: Lang) -> String {
    let s = num(x, 6, lang);
    if s.starts_with('-') {
        format!("({s})")
    } else {
        s
    }
}

/// +1 or −1 written as a factor in front of a formula: nothing for +1.
pub(super) fn sign_factor(sign: f64) -> &'static str {
    if sign < 0.0 { "-1 * " } else { "" }
}

pub(super) fn direction_sign(d: Direction) -> f64 {
    match d {
        Direction::Increase => 1.0,
        Direction::Decrease => -1.0,
    }
}
