//! A stacked bar of counts, drawn as inline SVG by a template macro
//! (`charts.html`): each part a rectangle with a `<title>` for hover, and the
//! same counts written out beside it, so colour never carries meaning alone.

/// One part of a bar: a CSS class for its colour, its words and its count.
pub struct Part {
    pub class: &'static str,
    pub label: String,
    pub n: usize,
}

/// A part placed on the bar, in per cent of its width.
pub struct Segment {
    pub class: &'static str,
    /// "Đã đạt: 3", the hover text.
    pub title: String,
    pub x: String,
    pub width: String,
}

pub struct Bar {
    pub parts: Vec<Part>,
    pub total: usize,
    pub segments: Vec<Segment>,
}

/// A coordinate with two decimals, enough for a bar 100 units wide.
fn coord(x: f64) -> String {
    format!("{x:.2}")
}

impl Bar {
    pub fn new(parts: Vec<Part>) -> Bar {
        let total: usize = parts.iter().map(|p| p.n).sum();
        let mut x = 0.0;
        let mut segments = Vec::new();
        for p in &parts {
            if total == 0 || p.n == 0 {
                continue;
            }
            let w = 100.0 * p.n as f64 / total as f64;
            segments.push(Segment {
                class: p.class,
                title: format!("{}: {}", p.label, p.n),
                x: coord(x),
                width: coord(w),
            });
            x += w;
        }
        Bar {
            parts,
            total,
            segments,
        }
    }

    /// "Đã đạt 3 · Cần đẩy nhanh 1", the bar in words for a screen reader.
    pub fn words(&self) -> String {
        self.parts
            .iter()
            .map(|p| format!("{}: {}", p.label, p.n))
            .collect::<Vec<_>>()
            .join(" · ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_fill_the_bar_in_proportion_to_their_counts() {
        let b = Bar::new(vec![
            Part {
                class: "achieved",
                label: "Đã đạt".into(),
                n: 1,
            },
            Part {
                class: "moderate",
                label: "Cần đẩy nhanh".into(),
                n: 3,
            },
        ]);
        assert_eq!(b.total, 4);
        assert_eq!(b.segments[0].width, "25.00");
        assert_eq!(b.segments[1].x, "25.00");
        assert_eq!(b.segments[1].width, "75.00");
        assert_eq!(b.segments[1].title, "Cần đẩy nhanh: 3");
        assert_eq!(b.words(), "Đã đạt: 1 · Cần đẩy nhanh: 3");
    }
}
