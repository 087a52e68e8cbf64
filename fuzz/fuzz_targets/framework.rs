//! A framework file (TOML) as an administrator might upload or import it:
//! any bytes give a framework or located problems, never a panic; a valid
//! framework's reporting calendar can always be derived.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    match xanh_core::framework::load_bytes(data) {
        Ok(loaded) => {
            let _ = xanh_core::period::periods(&loaded.framework);
        }
        Err(problems) => assert!(!problems.is_empty(), "a refusal names its problems"),
    }
});
