//! Numbers as officials type them. Any text parses or is refused; and the
//! round trip holds: a value shown in Vietnamese form reads back as itself
//! (a form shows the stored value and may be saved again unchanged).
#![no_main]

use libfuzzer_sys::fuzz_target;
use xanh_core::number::{format_vi, parse_number};

fuzz_target!(|data: &[u8]| {
    if data.len() >= 8 {
        let bits = u64::from_le_bytes(data[..8].try_into().expect("eight bytes"));
        let v = f64::from_bits(bits);
        if v.is_finite() {
            let shown = format_vi(v);
            assert_eq!(parse_number(&shown), Ok(v), "{v:e} shown as {shown:?}");
        }
    }
    if let Ok(text) = std::str::from_utf8(data) {
        if let Ok(v) = parse_number(text) {
            assert!(v.is_finite(), "{text:?} read as {v}");
            let shown = format_vi(v);
            assert_eq!(parse_number(&shown), Ok(v), "{text:?} → {v:e} → {shown:?}");
        }
    }
});
