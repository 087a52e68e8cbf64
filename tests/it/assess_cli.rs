//! `xanh assess` as an analyst runs it.

use crate::helpers::xanh;
use std::process::Output;

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Runs `xanh assess` with the arguments and expects it to succeed.
fn assess(args: &[&str]) -> String {
    let mut all = vec!["assess"];
    all.extend_from_slice(args);
    let out = xanh(&all, &[]);
    assert!(
        out.status.success(),
        "xanh {all:?} failed:\n{}\n{}",
        stdout(&out),
        stderr(&out)
    );
    stdout(&out)
}

/// Runs `xanh assess --json` and parses what it prints.
fn assess_json(args: &[&str]) -> serde_json::Value {
    let mut all = args.to_vec();
    all.push("--json");
    let text = assess(&all);
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("JSON output ({e}):\n{text}"))
}

fn number(json: &serde_json::Value, pointer: &str) -> f64 {
    json.pointer(pointer)
        .and_then(serde_json::Value::as_f64)
        .unwrap_or_else(|| panic!("a number at {pointer} in {json:#}"))
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-6
}

/// The row of the text output that starts with `label`, for a readable failure.
fn row<'a>(text: &'a str, label: &str) -> &'a str {
    text.lines()
        .find(|l| l.trim_start().starts_with(label))
        .unwrap_or_else(|| panic!("no row {label:?} in:\n{text}"))
}

// Hand computation for series 2015:40, 2016:45, 2017:50 and "at least 65 by 2020":
// - base 40 (2015, the first value), current 50 (2017); 2016 is not used by either method.
// - observed growth (50/40)^(1/2) − 1 = √1.25 − 1 = 0.118034 → 11,8%
// - required growth (65/40)^(1/5) − 1 = 1.625^0.2 − 1 = 0.101972 → 10,2%
// - ratio 0.118034 / 0.101972 = 1.1575 ≥ 0.95 → on track
// - Method B: projected 50 · 1.25^(3/2) = 69.877; P = (69.877 − 40) / (65 − 40) = 1.195 → on track;
//   share done (50 − 40) / (65 − 40) = 40%
// - annual rate needed from 50 in 2017 to 65 in 2020: (65/50)^(1/3) − 1 = 1.3^(1/3) − 1 = 0.091393 → 9,14%
const SERIES: &str = "2015:40,2016:45,2017:50";
const TARGET: &str = "at_least:65@2020";

#[test]
fn a_hand_checkable_case_shows_every_figure_in_vietnamese_with_its_formula() {
    let text = assess(&["--series", SERIES, "--target", TARGET]);
    assert!(text.starts_with("TRẠNG THÁI: Đúng tiến độ"), "{text}");
    assert!(
        text.contains("tỷ lệ 1,158, từ 0,95 trở lên"),
        "the explanation sentence: {text}"
    );
    assert!(row(&text, "Giá trị cơ sở").contains("40 (năm 2015"));
    assert!(row(&text, "Giá trị hiện tại").contains("50 (năm 2017)"));
    assert!(row(&text, "Giá trị mục tiêu").contains("65 (năm 2020)"));
    let observed = row(&text, "Tốc độ thay đổi bình quân quan sát");
    assert!(observed.contains("11,8%/năm"), "{observed}");
    assert!(observed.contains("= (50 / 40)^(1/2) - 1"), "{observed}");
    let required = row(&text, "Tốc độ thay đổi bình quân cần thiết");
    assert!(required.contains("10,2%/năm"), "{required}");
    assert!(required.contains("= (65 / 40)^(1/5) - 1"), "{required}");
    assert!(row(&text, "Tỷ lệ quan sát / cần thiết").contains("1,158"));
    assert!(row(&text, "Giá trị dự kiến năm 2020").contains("69,88"));
    assert!(row(&text, "P (tiến độ dự kiến)").contains("1,195"));
    assert!(row(&text, "Phần đã thực hiện").contains("40%"));
    assert!(row(&text, "Triển vọng").contains("Đúng tiến độ"));
    let needed = row(&text, "Tốc độ cần đạt");
    assert!(needed.contains("9,14%/năm"), "{needed}");
    assert!(needed.contains("= (65 / 50)^(1/3) - 1"), "{needed}");
    assert!(text.contains("CẢNH BÁO: không có"), "{text}");
}

#[test]
fn the_same_case_in_english_uses_a_decimal_point() {
    let text = assess(&["--series", SERIES, "--target", TARGET, "--lang", "en"]);
    assert!(text.starts_with("STATUS: On track"), "{text}");
    assert!(row(&text, "Observed compound growth").contains("11.8% a year"));
    assert!(row(&text, "Ratio observed / required").contains("1.158"));
    assert!(row(&text, "Rate needed").contains("9.14% a year"));
    assert!(row(&text, "Outlook").contains("On track"));
    assert!(
        !text.contains("9,14"),
        "no Vietnamese decimal comma: {text}"
    );
}

#[test]
fn the_json_output_holds_the_inputs_and_the_whole_assessment() {
    let json = assess_json(&["--series", SERIES, "--target", TARGET]);
    assert_eq!(json["assessment"]["status"], "on_track");
    assert_eq!(json["assessment"]["method_a"]["status"], "on_track");
    assert_eq!(json["assessment"]["method_b"]["outlook"], "on_track");
    assert_eq!(json["assessment"]["method_b"]["projection"], "cagr");
    // The same hand computation as above, to six decimals.
    assert!(close(
        number(&json, "/assessment/annual_rate_needed"),
        1.3f64.cbrt() - 1.0
    ));
    assert!(close(
        number(&json, "/assessment/method_a/observed"),
        1.25f64.sqrt() - 1.0
    ));
    assert!(close(
        number(&json, "/assessment/method_a/required"),
        1.625f64.powf(0.2) - 1.0
    ));
    assert!(close(number(&json, "/assessment/method_b/share_done"), 0.4));
    assert_eq!(json["assessment"]["base"]["year"], 2015);
    assert_eq!(json["assessment"]["current"]["year"], 2017);
    assert!(
        json["assessment"]["explanation"]["vi"]
            .as_str()
            .is_some_and(|s| s.contains("Đúng tiến độ"))
    );
    assert_eq!(json["inputs"]["target"]["form"], "at_least");
    assert_eq!(json["inputs"]["direction"], "increase");
    assert_eq!(json["inputs"]["year"], 2017);
    assert_eq!(
        json["inputs"]["series"]
            .as_array()
            .map(Vec::len)
            .unwrap_or(0),
        3
    );
}

#[test]
fn a_strict_above_target_at_exactly_its_value_is_not_achieved() {
    // 65 in 2018 against "above 65": not achieved (growing the right way, so on track).
    let above = assess_json(&["--series", "2015:60,2018:65", "--target", "above:65@2020"]);
    assert_ne!(above["assessment"]["status"], "achieved");
    assert_eq!(above["assessment"]["status"], "on_track");
    // The same value meets "at least 65".
    let at_least = assess_json(&[
        "--series",
        "2015:60,2018:65",
        "--target",
        "at_least:65@2020",
    ]);
    assert_eq!(at_least["assessment"]["status"], "achieved");
    // And "above 65" is missed when 2020 comes with exactly 65.
    let missed = assess_json(&["--series", "2015:60,2020:65", "--target", "above:65@2020"]);
    assert_eq!(missed["assessment"]["status"], "missed");
    let text = assess(&["--series", "2015:60,2018:65", "--target", "above:65@2020"]);
    assert!(text.contains("bằng là chưa đạt"), "{text}");
}

#[test]
fn a_vietnamese_decimal_comma_is_read_with_semicolons_between_pairs() {
    let series = "2015:40,5; 2016:45,25; 2017:50,75";
    let json = assess_json(&["--series", series, "--target", "at_least:60,5@2020"]);
    assert!(close(number(&json, "/assessment/base/value"), 40.5));
    assert!(close(number(&json, "/assessment/current/value"), 50.75));
    assert!(close(number(&json, "/assessment/target_value"), 60.5));
    let text = assess(&["--series", series, "--target", "at_least:60,5@2020"]);
    assert!(
        row(&text, "Chuỗi số liệu").contains("2015: 40,5 · 2016: 45,25 · 2017: 50,75"),
        "{text}"
    );
    assert!(row(&text, "Giá trị hiện tại").contains("50,75 (năm 2017)"));
}

// A share that should fall from 20 (2015) to at most 10 by 2020, at 16.2 in 2017:
// - observed (16.2/20)^(1/2) − 1 = √0.81 − 1 = −0.10 → −10%
// - required (10/20)^(1/5) − 1 = 0.5^0.2 − 1 = −0.129449 → −12,94%
// - ratio = sign(20) · (−1) · (−0.10) / 0.129449 = 0.7725: from 0.6 to 0.95 → acceleration needed
// - projected 16.2 · 0.9³ = 11.8098; P = (11.8098 − 20) / (10 − 20) = 0.819
// - share done −1 · (16.2 − 20) / |10 − 20| = 38%
// - annual rate needed (10/16.2)^(1/3) − 1 = −0.148547 → −14,85%
#[test]
fn a_decreasing_indicator_is_judged_by_its_fall() {
    let args = [
        "--series",
        "2015:20,2017:16.2",
        "--target",
        "at_most:10@2020",
        "--direction",
        "decrease",
    ];
    let json = assess_json(&args);
    assert_eq!(json["assessment"]["status"], "moderate");
    assert_eq!(json["inputs"]["direction"], "decrease");
    assert!(close(number(&json, "/assessment/method_a/observed"), -0.1));
    assert!(close(
        number(&json, "/assessment/method_a/ratio"),
        0.1 / (1.0 - 0.5f64.powf(0.2))
    ));
    assert!(close(
        number(&json, "/assessment/method_b/projected"),
        16.2 * 0.729
    ));
    assert!(close(
        number(&json, "/assessment/method_b/share_done"),
        0.38
    ));
    assert!(close(
        number(&json, "/assessment/annual_rate_needed"),
        (10.0f64 / 16.2).cbrt() - 1.0
    ));
    let text = assess(&args);
    assert!(text.starts_with("TRẠNG THÁI: Cần đẩy nhanh"), "{text}");
    assert!(row(&text, "Tỷ lệ quan sát / cần thiết").contains("0,773"));
    assert!(row(&text, "Tốc độ cần đạt").contains("-14,85%/năm"));
    assert!(
        text.contains("từ 16,2 năm 2017 xuống 10 năm 2020"),
        "{text}"
    );
    // Without --direction, an "at most" target is taken as one that should decrease.
    let inferred = assess_json(&args[..4]);
    assert_eq!(inferred["assessment"]["status"], "moderate");
    assert_eq!(inferred["inputs"]["direction_given"], false);
    // Told to increase, the same fall is a deterioration, with a warning.
    let mut wrong = args.to_vec();
    wrong[5] = "increase";
    let json = assess_json(&wrong);
    assert_eq!(json["assessment"]["status"], "deterioration");
    assert_eq!(
        json["assessment"]["warnings"][0]["kind"],
        "direction_disagrees_with_target"
    );
}

#[test]
fn the_base_year_takes_the_first_later_value_when_it_has_none() {
    // progress.md: "the configured base year; where it has no value, the first year after it that has one".
    let args = [
        "--series",
        "2014:30,2016:40,2017:50",
        "--target",
        TARGET,
        "--base-year",
        "2015",
    ];
    let json = assess_json(&args);
    assert_eq!(json["assessment"]["base"]["year"], 2016);
    assert!(close(number(&json, "/assessment/base/value"), 40.0));
    assert_eq!(json["inputs"]["base_year"], 2015);
    let text = assess(&args);
    assert!(
        row(&text, "Giá trị cơ sở").contains("40 (năm 2016; năm cơ sở 2015 không có số liệu"),
        "{text}"
    );
    // A base year with a value is used as it is.
    let json = assess_json(&[
        "--series",
        "2014:30,2016:40,2017:50",
        "--target",
        TARGET,
        "--base-year",
        "2014",
    ]);
    assert_eq!(json["assessment"]["base"]["year"], 2014);
}

#[test]
fn an_explicit_baseline_and_an_earlier_period_are_used_as_given() {
    // Base 30.5 in 2010 (not in the series); assessed for 2018, so 2019's 70 does not count.
    let json = assess_json(&[
        "--series",
        "2015:40,2017:50,2019:70",
        "--target",
        TARGET,
        "--baseline",
        "2010:30,5",
        "--year",
        "2018",
    ]);
    assert_eq!(json["assessment"]["base"]["year"], 2010);
    assert!(close(number(&json, "/assessment/base/value"), 30.5));
    assert_eq!(json["assessment"]["current"]["year"], 2017);
    assert_ne!(json["assessment"]["status"], "achieved");
    // (50/30.5)^(1/7) − 1
    assert!(close(
        number(&json, "/assessment/method_a/observed"),
        (50.0f64 / 30.5).powf(1.0 / 7.0) - 1.0
    ));
}

/// Runs `xanh assess` with bad input: exit code 2, nothing on stdout, a
/// message on stderr in both languages naming `located`, and no panic.
fn refused(args: &[&str], located: &[&str]) {
    let mut all = vec!["assess"];
    all.extend_from_slice(args);
    let out = xanh(&all, &[]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "xanh {all:?}:\n{err}");
    assert!(
        out.stdout.is_empty(),
        "xanh {all:?} printed {}",
        stdout(&out)
    );
    assert!(!err.contains("panicked"), "xanh {all:?}: {err}");
    let vi = err.lines().find(|l| l.starts_with("LỖI: ")).unwrap_or("");
    let en = err.lines().find(|l| l.starts_with("ERROR: ")).unwrap_or("");
    for part in located {
        assert!(vi.contains(part), "Vietnamese line names {part:?}: {err}");
        assert!(en.contains(part), "English line names {part:?}: {err}");
    }
}

#[test]
fn each_bad_input_gives_exit_code_2_with_a_located_message_in_both_languages() {
    let t = TARGET;
    // Series: a word for a number, a pair without a colon, a decimal comma
    // between comma-separated pairs, a year twice, a year too short, nothing.
    refused(
        &["--series", "2015:40,2016:abc", "--target", t],
        &["--series", "2016:abc", "\"abc\""],
    );
    refused(
        &["--series", "2015:40,2016-45", "--target", t],
        &["--series", "\"2016-45\""],
    );
    refused(
        &["--series", "2015:40,2016:45,5", "--target", t],
        &["--series", "\"5\"", "2015:40; 2016:45,5"],
    );
    refused(
        &["--series", "2015:40;2016:1.234", "--target", t],
        &["--series", "1.234"],
    );
    refused(
        &["--series", "2015:40,2015:41", "--target", t],
        &["--series", "2015"],
    );
    refused(&["--series", "215:40", "--target", t], &["--series", "215"]);
    refused(&["--series", " , ", "--target", t], &["--series"]);
    // Target: an unknown form, a missing year, a range upside down.
    refused(
        &["--series", SERIES, "--target", "most:90@2020"],
        &["--target", "most:90@2020", "at_least:90@2020"],
    );
    refused(
        &["--series", SERIES, "--target", "at_least:90"],
        &["--target", "at_least:90"],
    );
    refused(
        &["--series", SERIES, "--target", "range:13-8@2020"],
        &["--target", "range:13-8@2020"],
    );
    // Direction.
    refused(
        &["--series", SERIES, "--target", t, "--direction", "up"],
        &["--direction", "\"up\"", "increase", "decrease"],
    );
    // Base year out of range: after the assessed year, or no value up to it.
    refused(
        &["--series", SERIES, "--target", t, "--base-year", "2018"],
        &["--base-year 2018", "2017", "2015–2017"],
    );
    refused(
        &[
            "--series",
            "2015:40,2017:50",
            "--target",
            t,
            "--base-year",
            "2016",
            "--year",
            "2016",
        ],
        &["--base-year 2016", "2016"],
    );
    refused(
        &["--series", SERIES, "--target", t, "--base-year", "20x5"],
        &["--base-year", "20x5"],
    );
    // An explicit baseline: after the current year, or not year:value.
    refused(
        &["--series", SERIES, "--target", t, "--baseline", "2019:30"],
        &["--baseline", "2019"],
    );
    refused(
        &["--series", SERIES, "--target", t, "--baseline", "2010"],
        &["--baseline", "2010"],
    );
    // The period and the natural limit.
    refused(
        &["--series", SERIES, "--target", t, "--year", "17"],
        &["--year", "\"17\""],
    );
    refused(
        &["--series", SERIES, "--target", t, "--natural-limit", "0"],
        &["--natural-limit", "\"0\""],
    );
}

#[test]
fn targets_that_are_not_a_level_are_assessed_without_methods_a_and_b() {
    let breach = assess_json(&[
        "--series",
        "2014:80,2015:100,2016:95,2017:100",
        "--target",
        "all_from:2015",
    ]);
    assert_eq!(breach["assessment"]["status"], "breach");
    assert!(breach["assessment"]["method_a"].is_null());
    let milestone = assess(&["--series", "2016:0,2018:1", "--target", "milestone@2020"]);
    assert!(milestone.starts_with("TRẠNG THÁI: Đã đạt"), "{milestone}");
    assert!(milestone.contains("Không áp dụng cho dạng chỉ tiêu này."));
    let qualitative = assess_json(&["--series", "2015:1", "--target", "qualitative@2020"]);
    assert_eq!(qualitative["assessment"]["status"], "not_rated");
    // No target: growth alone, with thresholds scaled near a natural limit of 100.
    let none = assess(&[
        "--series",
        "2015:40,2017:50",
        "--target",
        "none",
        "--natural-limit",
        "100",
    ]);
    assert!(
        row(&none, "Hệ số thu hẹp ngưỡng c").contains("= 1 - (40 / 100)^4,44"),
        "{none}"
    );
}
