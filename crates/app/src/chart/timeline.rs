//! The full-size chart of a milestone or a qualitative indicator: one box per
//! year with the year's state written in it, and the deadline marked. A
//! yes/no drawn as a line would need a y-axis of 0 and 1, which says nothing.
//! Served as its own SVG document, like the trend chart, so the same image
//! goes on the page and into the report.

use std::fmt::Write;

/// One year: its state's colour and the words written in the box.
pub struct Year {
    pub year: i32,
    /// Fill and text colours (presentation attributes: the image carries its own style).
    pub fill: &'static str,
    pub ink: &'static str,
    pub words: String,
}

pub struct Timeline<'a> {
    pub title: &'a str,
    pub years: Vec<Year>,
    pub deadline: Option<i32>,
    /// "Hạn" / "Due".
    pub deadline_word: &'a str,
}

/// Colours of the states, each readable with its ink at WCAG AA.
pub const YES: (&str, &str) = ("#1f7a45", "#ffffff");
pub const NO: (&str, &str) = ("#f1e3c8", "#5c3d00");
pub const NONE: (&str, &str) = ("#f1f3f4", "#4a5258");

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

const W: i32 = 720;
const H: i32 = 170;

pub fn svg(t: &Timeline<'_>) -> String {
    let mut s = String::new();
    let n = t.years.len().max(1) as i32;
    let left = 16;
    let step = (W - 2 * left) / n;
    let _ = write!(
        s,
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{H}" viewBox="0 0 {W} {H}" font-family="Be Vietnam Pro, Liberation Sans, Arial, sans-serif"><rect width="{W}" height="{H}" fill="#ffffff"/><text x="{left}" y="26" font-size="16" font-weight="600" fill="#1d2521">{}</text>"##,
        escape(t.title)
    );
    for (i, y) in t.years.iter().enumerate() {
        let x = left + step * i as i32;
        let due = t.deadline == Some(y.year);
        let _ = write!(
            s,
            r##"<g><title>{year}: {words}</title><rect x="{bx}" y="56" width="{bw}" height="56" rx="6" fill="{fill}"{outline}/><text x="{cx}" y="89" font-size="13" text-anchor="middle" fill="{ink}">{short}</text><text x="{cx}" y="136" font-size="13" text-anchor="middle" fill="#1d2521"{bold}>{year}</text></g>"##,
            year = y.year,
            words = escape(&y.words),
            bx = x + 3,
            bw = step - 6,
            fill = y.fill,
            outline = if due {
                r##" stroke="#1d2521" stroke-width="3""##
            } else {
                ""
            },
            cx = x + step / 2,
            ink = y.ink,
            short = escape(&short(&y.words, (step / 8).max(3) as usize)),
            bold = if due { r#" font-weight="700""# } else { "" },
        );
        if due {
            let _ = write!(
                s,
                r##"<text x="{}" y="156" font-size="12" text-anchor="middle" fill="#1d2521">{}</text>"##,
                x + step / 2,
                escape(t.deadline_word)
            );
        }
    }
    s.push_str("</svg>");
    s
}

/// Words cut to fit a box, with an ellipsis; the `<title>` keeps them whole.
fn short(words: &str, max: usize) -> String {
    if words.chars().count() <= max {
        words.to_string()
    } else {
        words
            .chars()
            .take(max.saturating_sub(1))
            .collect::<String>()
            + "…"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_year_is_a_box_with_its_state_and_the_deadline_is_marked() {
        let years = (2018..=2020)
            .map(|y| Year {
                year: y,
                fill: if y >= 2019 { YES.0 } else { NO.0 },
                ink: if y >= 2019 { YES.1 } else { NO.1 },
                words: if y >= 2019 {
                    "Có".into()
                } else {
                    "Chưa <đạt>".into()
                },
            })
            .collect();
        let out = svg(&Timeline {
            title: "2.2.1 Nước thải",
            years,
            deadline: Some(2020),
            deadline_word: "Hạn",
        });
        assert_eq!(out.matches("<rect x=").count(), 3);
        assert!(out.contains("<title>2019: Có</title>"));
        assert!(out.contains("Chưa &lt;đạt&gt;"), "text is escaped");
        assert!(out.contains(">Hạn</text>"));
        assert!(
            !out.contains("polyline") && !out.contains("<path"),
            "no line"
        );
    }
}
