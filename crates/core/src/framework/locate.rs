//! Finds the line of a key path (`objectives[2].indicators[0].target`) in the
//! TOML text, so that a problem found after deserialising can still point at
//! the line a person must edit.

use toml::de::{DeTable, DeValue};

/// Line (1-based) of the deepest part of `path` that exists in the document.
pub fn line_of(text: &str, path: &str) -> Option<usize> {
    let root = DeTable::parse(text).ok()?;
    let mut span = None;
    let mut current: Option<&DeValue<'_>> = None;
    let mut table = Some(root.get_ref());
    for segment in path.split('.').filter(|s| !s.is_empty()) {
        let (key, index) = split_index(segment);
        let found = match (current, table) {
            (None, Some(t)) => t.get(key),
            (Some(value), _) => value.get(key),
            _ => None,
        };
        let Some(found) = found else { break };
        span = Some(found.span());
        let mut value = found.get_ref();
        if let Some(i) = index {
            let Some(item) = value.get(i) else { break };
            span = Some(item.span());
            value = item.get_ref();
        }
        current = Some(value);
        table = None;
    }
    span.map(|s| line_at(text, s.start))
}

/// Line (1-based) of a byte offset.
pub fn line_at(text: &str, offset: usize) -> usize {
    let end = offset.min(text.len());
    text.as_bytes()[..end]
        .iter()
        .filter(|b| **b == b'\n')
        .count()
        + 1
}

fn split_index(segment: &str) -> (&str, Option<usize>) {
    match segment.split_once('[') {
        Some((key, rest)) => (key, rest.trim_end_matches(']').parse().ok()),
        None => (segment, None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = "a = 1\n\n[[objectives]]\ncode = \"1\"\n\n[[objectives]]\ncode = \"2\"\n[[objectives.indicators]]\ncode = \"2.1\"\ntarget = { form = \"range\", min = 3 }\n";

    #[test]
    fn a_nested_array_element_is_found_on_its_own_line() {
        assert_eq!(line_of(DOC, "objectives[1].code"), Some(7));
        assert_eq!(
            line_of(DOC, "objectives[1].indicators[0].target.min"),
            Some(10)
        );
    }

    #[test]
    fn a_missing_key_points_at_the_deepest_part_that_exists() {
        assert_eq!(
            line_of(DOC, "objectives[1].indicators[0].target.max"),
            Some(10)
        );
        assert_eq!(line_of(DOC, "a"), Some(1));
    }
}
