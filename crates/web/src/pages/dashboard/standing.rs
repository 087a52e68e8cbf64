//! The standings' stacked bar: counts by place, in core's fixed order
//! (`xanh_core::assess::standing`), as the dashboard and the national pages draw it.

use xanh_app::chart::bar::{Bar, Part};
use xanh_core::Lang;
pub use xanh_core::assess::standing::{Standing, shown};

/// Counts by place, in the fixed order, as a stacked bar.
pub fn bar(standings: impl IntoIterator<Item = Standing>, lang: Lang) -> Bar {
    let mut counts = [0usize; Standing::ALL.len()];
    for s in standings {
        counts[s as usize] += 1;
    }
    Bar::new(
        Standing::ALL
            .iter()
            .zip(counts)
            .filter(|(_, n)| *n > 0)
            .map(|(s, n)| Part {
                class: s.code(),
                label: s.label(lang).to_string(),
                n,
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bar_counts_each_place_in_the_fixed_order() {
        let b = bar(
            [Standing::NotRated, Standing::Achieved, Standing::Achieved],
            Lang::Vi,
        );
        let parts: Vec<(&str, usize)> = b.parts.iter().map(|p| (p.class, p.n)).collect();
        assert_eq!(parts, vec![("achieved", 2), ("not_rated", 1)]);
    }
}
