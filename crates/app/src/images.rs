//! The images an issued electronic document carries (Decree 30/2020,
//! Appendix I): the organisation's seal, and the signature of the signer it
//! belongs to. The administrator's page keeps them as settings.

use crate::App;
use base64::Engine;
use base64::engine::general_purpose::STANDARD;

pub const SEAL: &str = "image.seal";
pub const SIGNATURE: &str = "image.signature";
pub const SIGNATURE_NAME: &str = "image.signature_name";

/// The seal, and the signature where the named signer signs this document.
pub async fn for_issue(
    state: &App,
    signer_name: &str,
) -> Result<(Option<Vec<u8>>, Option<Vec<u8>>), xanh_store::StoreError> {
    let decode = |v: Option<String>| v.and_then(|b| STANDARD.decode(b).ok());
    let seal = decode(state.store.setting(SEAL).await?);
    let owner = state.store.setting(SIGNATURE_NAME).await?;
    let signature = if owner.as_deref().map(str::trim) == Some(signer_name.trim())
        && !signer_name.trim().is_empty()
    {
        decode(state.store.setting(SIGNATURE).await?)
    } else {
        None
    };
    Ok((signature, seal))
}
