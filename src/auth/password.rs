//! Password hashes: argon2id with a fresh salt, in the PHC string format.

use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};

use crate::error::{ActionError, ActionResult};

/// Hashes off the async workers: argon2 is meant to take a while.
pub async fn hash(password: String) -> ActionResult<String> {
    tokio::task::spawn_blocking(move || {
        let salt = SaltString::encode_b64(&rand::random::<[u8; 16]>())
            .map_err(|e| ActionError::Internal(format!("salt: {e}")))?;
        Argon2::default()
            .hash_password(password.as_bytes(), &salt)
            .map(|h| h.to_string())
            .map_err(|e| ActionError::Internal(format!("hash: {e}")))
    })
    .await
    .map_err(|e| ActionError::Internal(format!("hash worker: {e}")))?
}

pub async fn verify(password: String, stored: String) -> bool {
    tokio::task::spawn_blocking(move || {
        PasswordHash::new(&stored)
            .map(|parsed| {
                Argon2::default()
                    .verify_password(password.as_bytes(), &parsed)
                    .is_ok()
            })
            .unwrap_or(false)
    })
    .await
    .unwrap_or(false)
}

/// A hash no password matches, verified against when the name is unknown so
/// that unknown and known names take the same time to refuse.
pub const DECOY: &str = "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$0AwHnQkUmyTTNjDTmCrYI0CdXDnjx6U7YB3ll4AwZLo";
