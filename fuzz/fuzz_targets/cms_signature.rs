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
        let pdf = b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\nxref\n0 4\n0000000000 65535 f \n0000000009 00000 n \n0000000052 00000 n \n0000000101 00000 n \ntrailer<</Size 4/Root 1 0 R>>\nstartxref\n166\n%%EOF\n";
        xanh_documents::sign::prepare(pdf, "Fuzz", "D:20261204000000Z")
            .expect("the fixture prepares")
            .0
    })
}

fuzz_target!(|data: &[u8]| {
    // Random bytes never sign the prepared document.
    assert!(xanh_documents::sign::embed(prepared(), data).is_err());
});
