//! The Excel upload: any bytes are read as a template or refused in words.
//! libFuzzer's memory limit (-rss_limit_mb, -malloc_limit_mb) turns an
//! oversized allocation — the zip and declared-size bombs the guards stop —
//! into a reported crash.
#![no_main]

use libfuzzer_sys::fuzz_target;

/// The seed templates in `seeds/xlsx_upload` are signed with this key, so
/// that mutations reach the values and narrative sheets, not just the identity.
const KEY: &[u8] = b"xanh-fuzz-key";

fuzz_target!(|data: &[u8]| {
    if let Err(problems) = xanh_documents::xlsx::read(data, KEY) {
        assert!(!problems.is_empty(), "a refusal names its problems");
    }
});
