//! `xanh assess --series … --target …`: the series and target as typed on
//! the command line, then the assessment computed from them.
#![no_main]

use libfuzzer_sys::fuzz_target;
use xanh_core::assess::{assess, parse_series, parse_target};
use xanh_core::framework::Direction;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let (series, target) = text.split_once('\n').unwrap_or((text, ""));
    let (Ok(series), Ok(target)) = (parse_series(series), parse_target(target)) else {
        return;
    };
    let year = series.points().last().map(|p| p.0).unwrap_or(2020);
    for direction in [Direction::Increase, Direction::Decrease] {
        let _ = assess(&target, direction, None, None, &series, year);
    }
});
