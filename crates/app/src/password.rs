//! Argon2id password hashing, off the async threads.

use argon2::password_hash::phc::PasswordHash;
use argon2::{Argon2, PasswordHasher, PasswordVerifier};
use std::sync::OnceLock;

/// The shortest password accepted.
pub const MIN_PASSWORD_CHARS: usize = 10;

pub async fn hash(password: String) -> Result<String, String> {
    tokio::task::spawn_blocking(move || hash_blocking(&password))
        .await
        .map_err(|e| e.to_string())?
}

pub fn hash_blocking(password: &str) -> Result<String, String> {
    Argon2::default()
        .hash_password(password.as_bytes())
        .map(|h| h.to_string())
        .map_err(|e| e.to_string())
}

/// Checks a password against a stored hash. With no stored hash (unknown
/// account) it checks against a dummy one, so both cases take the same time
/// and the answer never reveals whether the account exists.
pub async fn verify(password: String, stored: Option<String>) -> bool {
    tokio::task::spawn_blocking(move || {
        let known = stored.is_some();
        let hash = stored.unwrap_or_else(|| dummy_hash().to_string());
        let ok = PasswordHash::new(&hash)
            .map(|parsed| {
                Argon2::default()
                    .verify_password(password.as_bytes(), &parsed)
                    .is_ok()
            })
            .unwrap_or(false);
        ok && known
    })
    .await
    .unwrap_or(false)
}

fn dummy_hash() -> &'static str {
    static DUMMY: OnceLock<String> = OnceLock::new();
    DUMMY.get_or_init(|| hash_blocking("xanh dummy password for timing").unwrap_or_default())
}

/// Whether a new password is acceptable; the reason in both languages if not.
pub fn check_new(password: &str) -> Result<(), (String, String)> {
    if password.chars().count() < MIN_PASSWORD_CHARS {
        return Err((
            format!("Mật khẩu phải có ít nhất {MIN_PASSWORD_CHARS} ký tự."),
            format!("The password must have at least {MIN_PASSWORD_CHARS} characters."),
        ));
    }
    Ok(())
}

/// A random token, hex-encoded (32 bytes of entropy).
pub fn random_token() -> String {
    let mut bytes = [0u8; 32];
    // The operating system's generator failing is not recoverable: no safe token can be made.
    getrandom::fill(&mut bytes).expect("the operating system's random generator works");
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
