//! The values CSV import: rows or every problem by line, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Err(problems) = xanh_documents::exchange::read_values_csv(data) {
        assert!(!problems.is_empty(), "a refusal names its problems");
    }
});
