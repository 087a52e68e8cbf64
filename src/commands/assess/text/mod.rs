//! The text report of `xanh assess`: every figure with its formula. This
//! module holds the output helpers, the target in words and the report's
//! outline; each of its sections is written by a submodule.

use super::input::*;
use super::*;

mod inputs;
mod method_a;
mod method_b;
mod rate_needed;

use inputs::inputs_section;
use method_a::method_a_section;
use method_b::method_b_section;
use rate_needed::rate_needed_section;

// ---------------------------------------------------------------------------
// Text output

/// The text output, one language.
pub(super) struct Out {
    pub(super) text: String,
    pub(super) lang: Lang,
}

impl Out {
    pub(super) fn heading(&mut self, vi: &str, en: &str) {
        let _ = writeln!(self.text, "\n{}", self.lang.pick(vi, en));
    }

    /// An aligned row: label, value, and the formula that gives the value.
    pub(super) fn row(&mut self, vi: &str, en: &str, value: &str, formula: &str) {
        let label = self.lang.pick(vi, en);
        let mut line = format!("  {label:<LABEL$} {value}");
        if !formula.is_empty() {
            let _ = write!(
                line,
                "{:pad$} = {formula}",
                "",
                pad = VALUE.saturating_sub(value.chars().count())
            );
        }
        let _ = writeln!(self.text, "{}", line.trim_end());
    }

    pub(super) fn line(&mut self, vi: &str, en: &str) {
        let _ = writeln!(self.text, "  {}", self.lang.pick(vi, en));
    }
}

/// Greedy word wrap at `width` characters, each line indented by `indent`.
pub(super) fn wrap(text: &str, width: usize, indent: &str) -> String {
    let mut out = String::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
            let _ = writeln!(out, "{indent}{line}");
            line.clear();
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        let _ = writeln!(out, "{indent}{line}");
    }
    out
}

/// The target in words: "ít nhất 65 vào năm 2020".
pub(super) fn describe_target(target: &Target, lang: Lang) -> String {
    let v = |x: f64| value(x, lang);
    match (*target, lang) {
        (Target::AtLeast { value, year }, Lang::Vi) => {
            format!("ít nhất {} vào năm {year}", v(value))
        }
        (Target::AtLeast { value, year }, Lang::En) => format!("at least {} by {year}", v(value)),
        (Target::Above { value, year }, Lang::Vi) => {
            format!(
                "trên {} vào năm {year} (lớn hơn hẳn, bằng là chưa đạt)",
                v(value)
            )
        }
        (Target::Above { value, year }, Lang::En) => {
            format!(
                "above {} by {year} (strictly: equal is not enough)",
                v(value)
            )
        }
        (Target::AtMost { value, year }, Lang::Vi) => format!("tối đa {} vào năm {year}", v(value)),
        (Target::AtMost { value, year }, Lang::En) => format!("at most {} by {year}", v(value)),
        (Target::Below { value, year }, Lang::Vi) => {
            format!(
                "dưới {} vào năm {year} (nhỏ hơn hẳn, bằng là chưa đạt)",
                v(value)
            )
        }
        (Target::Below { value, year }, Lang::En) => {
            format!(
                "below {} by {year} (strictly: equal is not enough)",
                v(value)
            )
        }
        (Target::Range { min, max, year }, Lang::Vi) => {
            format!("từ {} đến {} vào năm {year}", v(min), v(max))
        }
        (Target::Range { min, max, year }, Lang::En) => {
            format!("from {} to {} by {year}", v(min), v(max))
        }
        (Target::AllFrom { from_year }, Lang::Vi) => format!("100% mọi năm, từ năm {from_year}"),
        (Target::AllFrom { from_year }, Lang::En) => format!("100% every year from {from_year}"),
        (Target::Milestone { year }, Lang::Vi) => {
            format!("đạt mốc vào năm {year} (1 = đã đạt, 0 = chưa)")
        }
        (Target::Milestone { year }, Lang::En) => {
            format!("milestone reached by {year} (1 = reached, 0 = not yet)")
        }
        (Target::Qualitative { year: Some(y) }, Lang::Vi) => format!("định tính, đến năm {y}"),
        (Target::Qualitative { year: Some(y) }, Lang::En) => format!("qualitative, by {y}"),
        (Target::Qualitative { year: None }, _) => lang.pick("định tính", "qualitative").into(),
        (Target::None, _) => lang
            .pick("không có chỉ tiêu định lượng", "no numeric target")
            .into(),
    }
}

pub(super) fn is_level(target: &Target) -> bool {
    matches!(
        target,
        Target::AtLeast { .. }
            | Target::Above { .. }
            | Target::AtMost { .. }
            | Target::Below { .. }
            | Target::Range { .. }
    )
}

pub(super) fn report(inputs: &Inputs, a: &Assessment, lang: Lang) -> String {
    let mut o = Out {
        text: String::new(),
        lang,
    };
    let _ = writeln!(
        o.text,
        "{}: {}",
        lang.pick("TRẠNG THÁI", "STATUS"),
        a.status.label(lang)
    );
    o.text.push_str(&wrap(a.explanation.get(lang), WRAP, "  "));

    inputs_section(&mut o, inputs, a);
    method_a_section(&mut o, inputs, a);
    method_b_section(&mut o, inputs, a);
    rate_needed_section(&mut o, a);

    let warnings: Vec<String> = a.warnings.iter().map(|w| w.message(lang)).collect();
    if warnings.is_empty() {
        o.heading("CẢNH BÁO: không có", "WARNINGS: none");
    } else {
        o.heading("CẢNH BÁO", "WARNINGS");
        for w in warnings {
            o.text
                .push_str(&wrap(&w, WRAP, "  - ").replace("\n  - ", "\n    "));
        }
    }
    o.text
}

// ---------------------------------------------------------------------------
// JSON output
