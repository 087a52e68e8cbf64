//! The DHIS2 JSON import (dataValueSets): rows or every problem by entry.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Err(problems) = xanh_documents::exchange::read_dhis2(data) {
        assert!(!problems.is_empty(), "a refusal names its problems");
    }
});
