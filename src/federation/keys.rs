//! RSA-2048 key pairs for actors: made, kept as PEM, and used to sign and check.

use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use rsa::pkcs8::{
    DecodePrivateKey, DecodePublicKey, EncodePrivateKey, EncodePublicKey, LineEnding,
};
use rsa::sha2::Sha256;
use rsa::{PrivateKey, PublicKey};

/// The size BookWyrm and Mastodon make and expect.
pub const KEY_BITS: usize = 2048;

/// A key pair as the database keeps it: PKCS#8 private, SPKI public, both PEM.
#[derive(Clone, PartialEq, Eq)]
pub struct KeyPair {
    pub private_pem: String,
    pub public_pem: String,
}

impl std::fmt::Debug for KeyPair {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("KeyPair")
            .field("public_pem", &self.public_pem)
            .finish_non_exhaustive()
    }
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum KeyError {
    #[error("the key could not be made: {0}")]
    Make(String),
    #[error("not a PEM RSA key: {0}")]
    BadPem(String),
    #[error("the signature is not base64")]
    BadBase64,
    #[error("the signature does not match")]
    Mismatch,
}

/// A fresh key pair. Slow (a fraction of a second optimised): run it off the
/// async workers.
pub fn generate() -> Result<KeyPair, KeyError> {
    let mut rng = getrandom::SysRng;
    let private = PrivateKey::new(&mut rng, KEY_BITS).map_err(|e| KeyError::Make(e.to_string()))?;
    let private_pem = private
        .to_pkcs8_pem(LineEnding::LF)
        .map_err(|e| KeyError::Make(e.to_string()))?
        .to_string();
    let public_pem = private
        .to_public_key()
        .to_public_key_pem(LineEnding::LF)
        .map_err(|e| KeyError::Make(e.to_string()))?;
    Ok(KeyPair {
        private_pem,
        public_pem,
    })
}

/// The public half of a kept private key.
pub fn public_of(private_pem: &str) -> Result<String, KeyError> {
    let private =
        PrivateKey::from_pkcs8_pem(private_pem).map_err(|e| KeyError::BadPem(e.to_string()))?;
    private
        .to_public_key()
        .to_public_key_pem(LineEnding::LF)
        .map_err(|e| KeyError::BadPem(e.to_string()))
}

/// `RSASSA-PKCS1-v1_5` with SHA-256 over `message`, base64 as headers carry it.
pub fn sign(private_pem: &str, message: &[u8]) -> Result<String, KeyError> {
    let private =
        PrivateKey::from_pkcs8_pem(private_pem).map_err(|e| KeyError::BadPem(e.to_string()))?;
    let signature = private
        .pkcs1v15_sign::<Sha256>(message)
        .map_err(|e| KeyError::Make(e.to_string()))?;
    Ok(BASE64.encode(signature))
}

/// Checks a base64 `signature` of `message` against a PEM public key (SPKI,
/// as actors publish it, or the older PKCS#1 `RSA PUBLIC KEY`).
pub fn verify(public_pem: &str, message: &[u8], signature: &str) -> Result<(), KeyError> {
    let public = parse_public(public_pem)?;
    let bytes = BASE64
        .decode(signature.trim())
        .map_err(|_| KeyError::BadBase64)?;
    public
        .pkcs1v15_verify::<Sha256>(message, &bytes)
        .map_err(|_| KeyError::Mismatch)
}

fn parse_public(pem: &str) -> Result<PublicKey, KeyError> {
    let pem = pem.trim();
    PublicKey::from_public_key_pem(pem).or_else(|spki| {
        use rsa::pkcs1::DecodeRsaPublicKey;
        PublicKey::from_pkcs1_pem(pem).map_err(|_| KeyError::BadPem(spki.to_string()))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_made_key_signs_what_its_public_half_checks() -> Result<(), KeyError> {
        let pair = generate()?;
        assert!(pair.private_pem.starts_with("-----BEGIN PRIVATE KEY-----"));
        assert!(pair.public_pem.starts_with("-----BEGIN PUBLIC KEY-----"));
        assert_eq!(public_of(&pair.private_pem)?, pair.public_pem);
        let signature = sign(&pair.private_pem, b"hello")?;
        verify(&pair.public_pem, b"hello", &signature)?;
        assert_eq!(
            verify(&pair.public_pem, b"hellO", &signature),
            Err(KeyError::Mismatch)
        );
        let other = generate()?;
        assert_eq!(
            verify(&other.public_pem, b"hello", &signature),
            Err(KeyError::Mismatch)
        );
        assert_eq!(
            verify(&pair.public_pem, b"hello", "%%%"),
            Err(KeyError::BadBase64)
        );
        Ok(())
    }

    #[test]
    fn a_published_key_from_bookwyrm_reads() {
        let person: serde_json::Value = serde_json::from_str(include_str!(
            "../../../shared/fixtures/activitypub/bookwyrm/ap_user.json"
        ))
        .unwrap_or_default();
        let pem = person["publicKey"]["publicKeyPem"].as_str().unwrap_or("");
        assert!(parse_public(pem).is_ok());
        assert!(matches!(parse_public("nonsense"), Err(KeyError::BadPem(_))));
    }
}
