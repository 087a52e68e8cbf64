//! A signer's CMS signature given back for a prepared report (API or page):
//! any bytes are embedded and checked, and only a CMS that signs the
//! prepared bytes is ever accepted.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

/// A small PDF prepared once, as Xanh prepares an issued report.
fn prepared() -> &'static [u8] {
    static P: OnceLock<Vec<u8>> = OnceLock::new();
    P.get_or_init(|| {
        let pdf = pdf_signer::testkit::sample_pdf();
        xanh_documents::sign::prepare(&pdf, "Fuzz", "D:20261204000000Z")
            .expect("the fixture prepares")
            .0
    })
}

fuzz_target!(|data: &[u8]| {
    // Random bytes never sign the prepared document.
    assert!(xanh_documents::sign::embed(prepared(), data).is_err());
});
