//! Trend charts as SVG, drawn on the server so that the same chart goes on
//! the page and, later, into the PDF report.

pub mod bar;
pub mod indicator;
pub mod spark;
pub mod timeline;

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use xanh_core::Lang;

/// What a trend chart shows.
pub struct Trend<'a> {
    pub title: &'a str,
    pub unit: &'a str,
    /// The province's values by year.
    pub values: &'a [(i32, f64)],
    pub target: Option<(i32, f64)>,
    pub baseline: Option<(i32, f64)>,
    /// The path needed from the latest value to the target.
    pub needed: Option<[(i32, f64); 2]>,
    /// Method B's projection from the latest value to the target year.
    pub projection: Option<[(i32, f64); 2]>,
    pub years: (i32, i32),
    /// The same measure under another framework (an earlier plan, or the
    /// one that carries this on), drawn beside it with its own target.
    pub other: Option<Other<'a>>,
    /// Years from which the reporting units changed level (districts to
    /// communes in 2025), with a short label: a dashed line before that year.
    pub breaks: &'a [(i32, String)],
    pub lang: Lang,
}

pub struct Other<'a> {
    pub values: &'a [(i32, f64)],
    pub target: Option<(i32, f64)>,
    /// Names the framework and indicator in the legend.
    pub label: &'a str,
    /// Names this chart's own framework and indicator beside the other's.
    pub own_label: &'a str,
}

/// The chart is an image of its own: it cannot use the page's web font, so
/// it names a sans-serif family that every system has.
const FONT: &str = "sans-serif";

/// The chart as an SVG document; an empty string if it cannot be drawn.
pub fn trend_svg(t: &Trend<'_>) -> String {
    let mut svg = String::new();
    if draw(t, &mut svg).is_err() {
        return String::new();
    }
    svg
}

fn draw<'a>(t: &Trend<'_>, out: &'a mut String) -> Result<(), Box<dyn std::error::Error + 'a>> {
    let root = SVGBackend::with_string(out, (720, 360)).into_drawing_area();
    root.fill(&WHITE)?;
    let mut ys: Vec<f64> = t.values.iter().map(|v| v.1).collect();
    ys.extend(t.target.map(|v| v.1));
    ys.extend(t.baseline.map(|v| v.1));
    ys.extend(t.projection.iter().flatten().map(|v| v.1));
    if let Some(o) = &t.other {
        ys.extend(o.values.iter().map(|v| v.1));
        ys.extend(o.target.map(|v| v.1));
    }
    let max = ys.iter().copied().fold(0.0_f64, f64::max);
    let min = ys.iter().copied().fold(f64::INFINITY, f64::min);
    let top = if t.unit == "%" {
        (max * 1.1).clamp(10.0, 100.0)
    } else {
        (max * 1.15).max(1.0)
    };
    // Start the axis near the data when it sits far above zero, so a trend
    // between 55 and 65% does not look flat; round down to a multiple of 5.
    let bottom = if min.is_finite() && min > 0.0 && min > (top - min) {
        ((min * 0.9) / 5.0).floor() * 5.0
    } else {
        0.0
    };
    let (from, to) = (t.years.0 as f64 - 0.5, t.years.1 as f64 + 0.5);
    // A long indicator name would run off the chart; the page or caption carries it whole.
    let title: String = if t.title.chars().count() > 70 {
        t.title.chars().take(68).collect::<String>() + "…"
    } else {
        t.title.to_string()
    };
    let mut chart = ChartBuilder::on(&root)
        .caption(&title, (FONT, 18))
        .margin(12)
        .x_label_area_size(32)
        .y_label_area_size(52)
        .build_cartesian_2d(from..to, bottom..top)?;
    chart
        .configure_mesh()
        .x_labels((t.years.1 - t.years.0 + 1) as usize)
        .x_label_formatter(&|x| format!("{}", x.round() as i32))
        .y_label_formatter(&|y| xanh_core::display::number(y.round(), t.lang))
        .y_desc(t.unit)
        .label_style((FONT, 13))
        .light_line_style(RGBColor(235, 238, 235))
        .draw()?;
    let green = RGBColor(27, 107, 58);
    let pts: Vec<(f64, f64)> = t.values.iter().map(|(y, v)| (f64::from(*y), *v)).collect();
    // The line stops at a change of level: a district's and a commune's
    // province figure are not one trend (the dots still show both).
    for (i, segment) in segments(&pts, t.breaks).into_iter().enumerate() {
        let line = chart.draw_series(LineSeries::new(segment, green.stroke_width(3)))?;
        if i == 0 {
            line.label(own(t, t.lang.pick("Thực hiện", "Actual")))
                .legend(move |(x, y)| {
                    PathElement::new(vec![(x, y), (x + 18, y)], green.stroke_width(3))
                });
        }
    }
    chart.draw_series(pts.iter().map(|p| Circle::new(*p, 4, green.filled())))?;
    if let Some(o) = &t.other {
        // Slate: another framework's figures of the same measure.
        let slate = RGBColor(69, 90, 100);
        let pts: Vec<(f64, f64)> = o.values.iter().map(|(y, v)| (f64::from(*y), *v)).collect();
        chart
            .draw_series(LineSeries::new(pts.clone(), slate.stroke_width(2)))?
            .label(o.label)
            .legend(move |(x, y)| {
                PathElement::new(vec![(x, y), (x + 18, y)], slate.stroke_width(2))
            });
        chart.draw_series(pts.iter().map(|p| Circle::new(*p, 3, slate.filled())))?;
        if let Some((year, value)) = o.target {
            let purple = RGBColor(106, 27, 154);
            chart
                .draw_series(std::iter::once(TriangleMarker::new(
                    (f64::from(year), value),
                    8,
                    purple.filled(),
                )))?
                .label(format!(
                    "{} ({})",
                    t.lang.pick("Mục tiêu", "Target"),
                    o.label
                ))
                .legend(move |(x, y)| TriangleMarker::new((x + 9, y), 6, purple.filled()));
        }
    }
    for (year, label) in t.breaks {
        // Between the last year of the old units and the first of the new.
        let x = f64::from(*year) - 0.5;
        if x <= from || x >= to {
            continue;
        }
        let grey = RGBColor(110, 110, 110);
        chart.draw_series(DashedLineSeries::new(
            [(x, bottom), (x, top)],
            5,
            5,
            grey.stroke_width(1),
        ))?;
        chart.draw_series(std::iter::once(Text::new(
            label.clone(),
            (x, top),
            (FONT, 12)
                .into_font()
                .color(&grey)
                .pos(Pos::new(HPos::Left, VPos::Top)),
        )))?;
    }
    if let Some(needed) = t.needed {
        let orange = RGBColor(181, 137, 0);
        chart
            .draw_series(DashedLineSeries::new(
                needed.iter().map(|(y, v)| (f64::from(*y), *v)),
                6,
                4,
                orange.stroke_width(2),
            ))?
            .label(t.lang.pick("Lộ trình cần đạt", "Path needed"))
            .legend(move |(x, y)| {
                PathElement::new(vec![(x, y), (x + 18, y)], orange.stroke_width(2))
            });
    }
    if let Some(projection) = t.projection {
        let blue = RGBColor(21, 101, 192);
        chart
            .draw_series(DashedLineSeries::new(
                projection.iter().map(|(y, v)| (f64::from(*y), *v)),
                2,
                4,
                blue.stroke_width(2),
            ))?
            .label(t.lang.pick("Dự báo theo xu hướng", "Projection"))
            .legend(move |(x, y)| {
                PathElement::new(vec![(x, y), (x + 18, y)], blue.stroke_width(2))
            });
    }
    if let Some((year, value)) = t.target {
        let red = RGBColor(138, 28, 28);
        chart
            .draw_series(std::iter::once(TriangleMarker::new(
                (f64::from(year), value),
                8,
                red.filled(),
            )))?
            .label(own(t, t.lang.pick("Mục tiêu", "Target")))
            .legend(move |(x, y)| TriangleMarker::new((x + 9, y), 6, red.filled()));
    }
    if let Some((year, value)) = t.baseline {
        chart
            .draw_series(std::iter::once(Cross::new(
                (f64::from(year), value),
                6,
                BLACK.stroke_width(2),
            )))?
            .label(t.lang.pick("Giá trị cơ sở", "Baseline"))
            .legend(|(x, y)| Cross::new((x + 9, y), 5, BLACK.stroke_width(2)));
    }
    chart
        .configure_series_labels()
        .label_font((FONT, 13))
        .background_style(WHITE.mix(0.9))
        .border_style(RGBColor(200, 200, 200))
        .position(quietest_corner(t, (from, to), (bottom, top)))
        .draw()?;
    root.present()?;
    Ok(())
}

/// The points split before each break year; always at least one segment.
fn segments(pts: &[(f64, f64)], breaks: &[(i32, String)]) -> Vec<Vec<(f64, f64)>> {
    let mut out: Vec<Vec<(f64, f64)>> = vec![Vec::new()];
    for p in pts {
        let crossed = out.last().and_then(|s| s.last()).is_some_and(|q| {
            breaks
                .iter()
                .any(|(b, _)| q.0 < f64::from(*b) && p.0 >= f64::from(*b))
        });
        if crossed {
            out.push(Vec::new());
        }
        if let Some(s) = out.last_mut() {
            s.push(*p);
        }
    }
    out
}

/// A legend word; beside another framework's series, with this one's name.
fn own(t: &Trend<'_>, word: &str) -> String {
    match &t.other {
        Some(o) => format!("{word} ({})", o.own_label),
        None => word.to_string(),
    }
}

/// The corner of the plot where the legend hides the fewest marks: the
/// points of both series, the targets, the baseline, and the middle and ends
/// of the dashed paths. Lower right when several are as quiet.
fn quietest_corner(t: &Trend<'_>, x: (f64, f64), y: (f64, f64)) -> SeriesLabelPosition {
    let mut marks: Vec<(f64, f64)> = t.values.iter().map(|(a, b)| (f64::from(*a), *b)).collect();
    let mut add = |p: (i32, f64)| marks.push((f64::from(p.0), p.1));
    t.target.into_iter().chain(t.baseline).for_each(&mut add);
    for line in t.needed.iter().chain(t.projection.iter()) {
        line.iter().copied().for_each(&mut add);
        add(((line[0].0 + line[1].0) / 2, (line[0].1 + line[1].1) / 2.0));
    }
    if let Some(o) = &t.other {
        o.values.iter().copied().chain(o.target).for_each(&mut add);
    }
    // The legend box covers about 40% of the width and 40% of the height.
    let (w, h) = ((x.1 - x.0) * 0.4, (y.1 - y.0) * 0.4);
    let inside = |left: bool, upper: bool| {
        marks
            .iter()
            .filter(|(px, py)| {
                let in_x = if left { *px <= x.0 + w } else { *px >= x.1 - w };
                let in_y = if upper {
                    *py >= y.1 - h
                } else {
                    *py <= y.0 + h
                };
                in_x && in_y
            })
            .count()
    };
    [
        (SeriesLabelPosition::LowerRight, false, false),
        (SeriesLabelPosition::UpperLeft, true, true),
        (SeriesLabelPosition::LowerLeft, true, false),
        (SeriesLabelPosition::UpperRight, false, true),
    ]
    .into_iter()
    .min_by_key(|(_, left, upper)| inside(*left, *upper))
    .map_or(SeriesLabelPosition::LowerRight, |(p, _, _)| p)
}

#[cfg(test)]
mod tests {
    use super::segments;

    #[test]
    fn the_line_stops_where_the_reporting_units_change_level() {
        let pts = [
            (2023.0, 48.0),
            (2024.0, 49.0),
            (2025.0, 59.0),
            (2026.0, 59.5),
        ];
        let split = segments(&pts, &[(2025, "cấp xã".into())]);
        assert_eq!(split, vec![pts[..2].to_vec(), pts[2..].to_vec()]);
        assert_eq!(
            segments(&pts, &[]),
            vec![pts.to_vec()],
            "no break, one line"
        );
    }
}
