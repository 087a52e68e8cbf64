//! Sparklines: an indicator's series against its target, small enough to
//! sit in a row of the dashboard. Drawn as inline SVG by a template macro
//! (`charts.html`) from the coordinates computed here; each point and the
//! target carry a `<title>`, so hovering tells the figure without script.
//! Milestones and qualitative indicators are a row of yearly states instead
//! of a line: a yes/no has no slope.

/// The drawing area, in SVG units.
pub const WIDTH: f64 = 140.0;
pub const HEIGHT: f64 = 36.0;
const PAD: f64 = 4.0;

pub struct Dot {
    pub x: String,
    pub y: String,
    pub title: String,
    /// The latest point, drawn larger.
    pub last: bool,
}

/// The target: a dashed level across the chart and a mark at its year.
pub struct TargetMark {
    pub y: String,
    pub x: String,
    pub title: String,
}

/// One year of a timeline.
pub struct Cell {
    pub x: String,
    pub width: String,
    /// `yes`, `no`, `none`, or a rating's class.
    pub class: &'static str,
    pub title: String,
}

pub struct Spark {
    pub line: String,
    pub dots: Vec<Dot>,
    pub target: Option<TargetMark>,
    pub cells: Vec<Cell>,
    /// Where the deadline year of a timeline sits.
    pub deadline: Option<String>,
    /// The whole sparkline in words, for screen readers.
    pub label: String,
}

fn c(x: f64) -> String {
    format!("{x:.1}")
}

fn x_of(year: i32, (from, to): (i32, i32)) -> f64 {
    let span = f64::from((to - from).max(1));
    PAD + (WIDTH - 2.0 * PAD) * f64::from(year - from) / span
}

/// A line of `values` over the years `span`, with the target when there is one.
/// `show` writes a value as the page does ("59,72%").
pub fn line(
    values: &[(i32, f64)],
    target: Option<(i32, f64, String)>,
    span: (i32, i32),
    show: &dyn Fn(f64) -> String,
    label: String,
) -> Spark {
    let mut ys: Vec<f64> = values.iter().map(|v| v.1).collect();
    ys.extend(target.as_ref().map(|t| t.1));
    let (lo, hi) = ys
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
            (lo.min(*v), hi.max(*v))
        });
    let (lo, hi) = if !lo.is_finite() {
        (0.0, 1.0)
    } else if (hi - lo).abs() < 1e-9 {
        (lo - 1.0, hi + 1.0)
    } else {
        let pad = (hi - lo) * 0.1;
        (lo - pad, hi + pad)
    };
    let y_of = |v: f64| PAD + (HEIGHT - 2.0 * PAD) * (hi - v) / (hi - lo);
    let in_span: Vec<&(i32, f64)> = values
        .iter()
        .filter(|(y, _)| *y >= span.0 && *y <= span.1)
        .collect();
    let n = in_span.len();
    Spark {
        line: in_span
            .iter()
            .map(|(y, v)| format!("{},{}", c(x_of(*y, span)), c(y_of(*v))))
            .collect::<Vec<_>>()
            .join(" "),
        dots: in_span
            .iter()
            .enumerate()
            .map(|(i, (y, v))| Dot {
                x: c(x_of(*y, span)),
                y: c(y_of(*v)),
                title: format!("{y}: {}", show(*v)),
                last: i + 1 == n,
            })
            .collect(),
        target: target.map(|(year, v, title)| TargetMark {
            y: c(y_of(v)),
            x: c(x_of(year.clamp(span.0, span.1), span)),
            title,
        }),
        cells: Vec::new(),
        deadline: None,
        label,
    }
}

/// A row of yearly states over `span`: `state(year)` gives the class and
/// words of the year, or None when nothing was reported.
pub fn timeline(
    span: (i32, i32),
    deadline: Option<i32>,
    state: &dyn Fn(i32) -> Option<(&'static str, String)>,
    none: &str,
    label: String,
) -> Spark {
    let years = (span.1 - span.0 + 1).max(1);
    let step = (WIDTH - 2.0 * PAD) / f64::from(years);
    let cells = (span.0..=span.1)
        .map(|y| {
            let (class, words) = state(y).unwrap_or(("none", none.to_string()));
            Cell {
                x: c(PAD + step * f64::from(y - span.0) + 1.0),
                width: c((step - 2.0).max(1.0)),
                class,
                title: format!("{y}: {words}"),
            }
        })
        .collect();
    Spark {
        line: String::new(),
        dots: Vec::new(),
        target: None,
        cells,
        deadline: deadline
            .filter(|d| (span.0..=span.1).contains(d))
            .map(|d| c(PAD + step * f64::from(d - span.0 + 1))),
        label,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rising_series_is_drawn_upwards_with_a_title_on_every_point() {
        let s = line(
            &[(2014, 50.0), (2018, 60.0)],
            Some((2020, 65.0, "Mục tiêu: trên 65%".into())),
            (2014, 2020),
            &|v| format!("{v}%"),
            String::new(),
        );
        let y: Vec<f64> = s
            .dots
            .iter()
            .map(|d| d.y.parse().expect("a number"))
            .collect();
        assert!(
            y[1] < y[0],
            "SVG y grows downwards: the later, higher value sits higher"
        );
        assert_eq!(s.dots[1].title, "2018: 60%");
        assert!(s.dots[1].last && !s.dots[0].last);
        let t = s.target.expect("a target");
        assert!(
            t.y.parse::<f64>().expect("a number") < y[1],
            "65 is above 60"
        );
        assert_eq!(t.x, c(WIDTH - PAD));
    }

    #[test]
    fn a_milestone_is_a_row_of_years_not_a_line() {
        let s = timeline(
            (2014, 2020),
            Some(2020),
            &|y| (y >= 2019).then(|| ("yes", "Có".to_string())),
            "Chưa có số liệu",
            String::new(),
        );
        assert!(s.line.is_empty() && s.dots.is_empty());
        assert_eq!(s.cells.len(), 7);
        assert_eq!(s.cells[5].class, "yes");
        assert_eq!(s.cells[5].title, "2019: Có");
        assert_eq!(s.cells[0].class, "none");
        assert!(s.deadline.is_some());
    }
}
