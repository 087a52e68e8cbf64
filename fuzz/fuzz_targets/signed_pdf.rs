//! A PDF uploaded to /verify (or given to `xanh verify`): any bytes are read
//! and their signatures judged, or refused in words, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(v) = xanh_documents::sign::verify(data, None) {
        // A file with no signature is never called unmodified.
        assert!(!v.unmodified || !v.signatures.is_empty());
    }
});
