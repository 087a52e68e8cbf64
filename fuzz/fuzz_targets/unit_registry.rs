//! The administrative-unit registry (`xanh units import --file`). Any text
//! parses or is refused with located problems, never a panic; a registry that
//! parses is consistent: every reference it holds resolves.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::collections::HashSet;
use xanh_core::admin_registry;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match admin_registry::parse(text) {
        Ok(reg) => {
            let new: HashSet<&str> = reg.units.iter().map(|u| u.code.as_str()).collect();
            let old: HashSet<&str> = reg.old_units.iter().map(|u| u.code.as_str()).collect();
            for u in &reg.units {
                assert!(u.province_code.as_deref().is_none_or(|p| new.contains(p)));
            }
            for s in &reg.successions {
                assert!(old.contains(s.old_code.as_str()) && new.contains(s.new_code.as_str()));
            }
        }
        Err(problems) => assert!(!problems.is_empty()),
    }
});
