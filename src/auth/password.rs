//! Password hashes: argon2id with a fresh salt, in the PHC string format.

use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};

use crate::error::{ActionError, ActionResult};

/// Each hash holds 19 MiB (argon2's memory cost) for its whole run: at most
/// one per core runs at once, the rest wait their turn. 128 wrong passwords
/// at once would otherwise take 128 blocking threads and 2.4 GB.
static HASHING: std::sync::LazyLock<tokio::sync::Semaphore> = std::sync::LazyLock::new(|| {
    let cores = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
    tokio::sync::Semaphore::new(cores)
});

/// Hashes off the async workers: argon2 is meant to take a while.
pub async fn hash(password: String) -> ActionResult<String> {
    let _turn = HASHING
        .acquire()
        .await
        .map_err(|e| ActionError::Internal(format!("hashing: {e}")))?;
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
    let Ok(_turn) = HASHING.acquire().await else {
        return false;
    };
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
