//! The administrator's trust list (PEM certificates): any bytes are read as
//! certificates or refused in words.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = xanh_documents::sign::verify(b"%PDF-1.4\n%%EOF\n", Some(data));
});
