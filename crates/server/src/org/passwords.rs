//! Passwords: Argon2id hashes, and a check that takes as long for an unknown user.

use argon2::{
    password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString},
    Argon2,
};
use closer_domain::text::NewPassword;

use crate::platform::error::ApiError;

/// Hashes a new password with Argon2id.
///
/// # Errors
/// Only if the hasher itself fails.
pub fn hash_password(password: &NewPassword) -> Result<String, ApiError> {
    let salt = SaltString::generate(&mut argon2::password_hash::rand_core::OsRng);
    Argon2::default()
        .hash_password(password.expose().as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|_| ApiError::internal())
}

pub fn verify_password(hash: &str, password: &str) -> bool {
    PasswordHash::new(hash).is_ok_and(|parsed| {
        Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok()
    })
}

/// Verified against when the user does not exist, so both answers take as long.
pub const DUMMY_HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$oE6XnFhH7Pj8bzqfOKHJ3DmDnPYKwqKqP6Wc0hXz1bA";
