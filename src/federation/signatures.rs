//! HTTP Signatures (draft-cavage-http-signatures-12) as BookWyrm and Mastodon
//! speak them: `rsa-sha256` over `(request-target) host date digest` for a
//! POST, `(request-target) host date` for a GET; never `(created)` or
//! `(expires)`, which BookWyrm answers with a 500.

use std::time::{Duration, SystemTime};

use axum::http::HeaderMap;
use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use sha2::{Digest, Sha256};

use super::keys::{self, KeyError};

/// How far a `Date` may be from our clock, either way.
pub const MAX_SKEW: Duration = Duration::from_secs(300);

const POST_HEADERS: &[&str] = &["(request-target)", "host", "date", "digest"];
const GET_HEADERS: &[&str] = &["(request-target)", "host", "date"];

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum SignatureError {
    #[error("the request has no Signature header")]
    Missing,
    #[error("the Signature header is malformed: {0}")]
    Malformed(String),
    #[error("the algorithm {0} is not accepted")]
    Algorithm(String),
    #[error("the signature does not cover {0}")]
    Uncovered(&'static str),
    #[error("the request has no {0} header")]
    NoHeader(String),
    #[error("the Date header is more than five minutes from now")]
    Stale,
    #[error("the Digest header does not match the body")]
    Digest,
    #[error("not an address to sign for: {0}")]
    BadUrl(String),
    #[error(transparent)]
    Key(#[from] KeyError),
}

/// `SHA-256=<base64>` of a body, as the `Digest` header carries it.
pub fn digest(body: &[u8]) -> String {
    format!("SHA-256={}", BASE64.encode(Sha256::digest(body)))
}

/// `Date`'s value for a moment: `Tue, 01 Dec 2026 22:05:08 GMT`.
pub fn http_date(at: SystemTime) -> String {
    httpdate::fmt_http_date(at)
}

/// The headers to add to a signed request to `url`: `host`, `date`,
/// `digest` (when there is a body) and `signature`.
pub fn sign_request(
    method: &str,
    url: &str,
    body: Option<&[u8]>,
    key_id: &str,
    private_pem: &str,
    now: SystemTime,
) -> Result<Vec<(&'static str, String)>, SignatureError> {
    let parsed = url::Url::parse(url).map_err(|_| SignatureError::BadUrl(url.into()))?;
    let host = match (parsed.host_str(), parsed.port()) {
        (Some(h), Some(p)) => format!("{h}:{p}"),
        (Some(h), None) => h.to_string(),
        (None, _) => return Err(SignatureError::BadUrl(url.into())),
    };
    let target = match parsed.query() {
        Some(q) => format!("{} {}?{q}", method.to_ascii_lowercase(), parsed.path()),
        None => format!("{} {}", method.to_ascii_lowercase(), parsed.path()),
    };
    let date = http_date(now);
    let mut headers = vec![("host", host), ("date", date)];
    let names = match body {
        Some(body) => {
            headers.push(("digest", digest(body)));
            POST_HEADERS
        }
        None => GET_HEADERS,
    };
    let signed = names
        .iter()
        .map(|name| match *name {
            "(request-target)" => format!("(request-target): {target}"),
            other => {
                let value = headers
                    .iter()
                    .find(|(n, _)| *n == other)
                    .map(|(_, v)| v.as_str())
                    .unwrap_or_default();
                format!("{other}: {value}")
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    let signature = keys::sign(private_pem, signed.as_bytes())?;
    headers.push((
        "signature",
        format!(
            "keyId=\"{key_id}\",algorithm=\"rsa-sha256\",headers=\"{}\",signature=\"{signature}\"",
            names.join(" ")
        ),
    ));
    Ok(headers)
}

/// A `Signature` header's parameters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignatureParams {
    pub key_id: String,
    pub algorithm: Option<String>,
    /// The covered headers, lower-case, in order (`date` when none are named).
    pub headers: Vec<String>,
    pub signature: String,
}

/// Reads `keyId="...",algorithm="...",headers="...",signature="..."`.
pub fn parse_signature(header: &str) -> Result<SignatureParams, SignatureError> {
    let mut rest = header.trim();
    let (mut key_id, mut algorithm, mut headers, mut signature) = (None, None, None, None);
    while !rest.is_empty() {
        let (name, after) = rest
            .split_once('=')
            .ok_or_else(|| SignatureError::Malformed(format!("no = after {rest:?}")))?;
        let after = after
            .strip_prefix('"')
            .ok_or_else(|| SignatureError::Malformed(format!("{name} is not quoted")))?;
        let end = after
            .find('"')
            .ok_or_else(|| SignatureError::Malformed(format!("{name} is not closed")))?;
        let value = after[..end].to_string();
        match name.trim() {
            "keyId" => key_id = Some(value),
            "algorithm" => algorithm = Some(value),
            "headers" => headers = Some(value),
            "signature" => signature = Some(value),
            _ => {}
        }
        rest = after[end + 1..].trim_start_matches([',', ' ']);
    }
    let key_id = key_id.ok_or_else(|| SignatureError::Malformed("no keyId".into()))?;
    let signature = signature.ok_or_else(|| SignatureError::Malformed("no signature".into()))?;
    let headers = headers
        .map(|h| h.split_whitespace().map(str::to_ascii_lowercase).collect())
        .unwrap_or_else(|| vec!["date".to_string()]);
    Ok(SignatureParams {
        key_id,
        algorithm,
        headers,
        signature,
    })
}

/// The actor a key belongs to by its id: `https://h/user/a#main-key` and
/// `https://h/user/a/#main-key` both name `https://h/user/a`.
pub fn key_owner(key_id: &str) -> &str {
    let without = key_id.split('#').next().unwrap_or(key_id);
    without.strip_suffix('/').unwrap_or(without)
}

/// A request whose signature has been read and whose date and digest hold:
/// what is left is checking it with the key its `key_id` names.
#[derive(Debug, Clone)]
pub struct Unverified {
    pub params: SignatureParams,
    signing_string: String,
}

impl Unverified {
    pub fn key_id(&self) -> &str {
        &self.params.key_id
    }

    /// Checks the signature against the key's PEM.
    pub fn verify(&self, public_pem: &str) -> Result<(), SignatureError> {
        keys::verify(
            public_pem,
            self.signing_string.as_bytes(),
            &self.params.signature,
        )
        .map_err(SignatureError::from)
    }
}

/// Reads an incoming request's signature and checks all but the key: the
/// algorithm (`rsa-sha256`, or `hs2019` as Mastodon names it), that it covers
/// the target, host and date (and the digest, when there is a body), that the
/// date is within [`MAX_SKEW`] of `now`, and that the digest matches `body`.
pub fn prepare(
    method: &str,
    path_and_query: &str,
    headers: &HeaderMap,
    body: &[u8],
    now: SystemTime,
) -> Result<Unverified, SignatureError> {
    let header = headers
        .get("signature")
        .and_then(|v| v.to_str().ok())
        .ok_or(SignatureError::Missing)?;
    let params = parse_signature(header)?;
    match params.algorithm.as_deref().map(str::to_ascii_lowercase) {
        None => {}
        Some(a) if a == "rsa-sha256" || a == "hs2019" => {}
        Some(a) => return Err(SignatureError::Algorithm(a)),
    }
    let wanted: &[&'static str] = if body.is_empty() {
        GET_HEADERS
    } else {
        POST_HEADERS
    };
    for name in wanted {
        if !params.headers.iter().any(|h| h == name) {
            return Err(SignatureError::Uncovered(name));
        }
    }
    let value = |name: &str| -> Result<String, SignatureError> {
        let all: Vec<&str> = headers
            .get_all(name)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .map(str::trim)
            .collect();
        if all.is_empty() {
            return Err(SignatureError::NoHeader(name.into()));
        }
        Ok(all.join(", "))
    };
    let date = value("date")?;
    let sent = httpdate::parse_http_date(&date).map_err(|_| SignatureError::Stale)?;
    let skew = match now.duration_since(sent) {
        Ok(ago) => ago,
        Err(ahead) => ahead.duration(),
    };
    if skew > MAX_SKEW {
        return Err(SignatureError::Stale);
    }
    if !body.is_empty() {
        let given = value("digest")?;
        let ours = digest(body);
        let matches = given.split(',').map(str::trim).any(|d| {
            d.split_once('=')
                .is_some_and(|(alg, v)| alg.eq_ignore_ascii_case("sha-256") && v == &ours[8..])
        });
        if !matches {
            return Err(SignatureError::Digest);
        }
    }
    let mut lines = Vec::with_capacity(params.headers.len());
    for name in &params.headers {
        match name.as_str() {
            "(request-target)" => lines.push(format!(
                "(request-target): {} {path_and_query}",
                method.to_ascii_lowercase()
            )),
            other => lines.push(format!("{other}: {}", value(other)?)),
        }
    }
    Ok(Unverified {
        params,
        signing_string: lines.join("\n"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::{HeaderName, HeaderValue};

    fn map(headers: &[(&str, String)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in headers {
            map.append(
                HeaderName::from_bytes(name.as_bytes()).unwrap_or(HeaderName::from_static("x")),
                HeaderValue::from_str(value).unwrap_or(HeaderValue::from_static("")),
            );
        }
        map
    }

    #[test]
    fn a_signature_header_reads_whatever_the_order() -> Result<(), SignatureError> {
        let p = parse_signature(
            r#"signature="c2ln",headers="(request-target) Host date",keyId="https://h/u/a#main-key",algorithm="hs2019""#,
        )?;
        assert_eq!(p.key_id, "https://h/u/a#main-key");
        assert_eq!(p.algorithm.as_deref(), Some("hs2019"));
        assert_eq!(p.headers, ["(request-target)", "host", "date"]);
        assert_eq!(p.signature, "c2ln");
        assert!(parse_signature(r#"keyId="k""#).is_err());
        assert!(parse_signature("keyId=k,signature=s").is_err());
        Ok(())
    }

    #[test]
    fn both_key_id_forms_name_the_same_actor() {
        assert_eq!(key_owner("https://h/user/a#main-key"), "https://h/user/a");
        assert_eq!(key_owner("https://h/user/a/#main-key"), "https://h/user/a");
        assert_eq!(key_owner("https://h/user/a"), "https://h/user/a");
    }

    #[test]
    fn a_signed_post_checks_and_a_changed_one_does_not() -> Result<(), SignatureError> {
        let pair = keys::generate()?;
        let now = SystemTime::now();
        let body = br#"{"type":"Follow"}"#;
        let signed = sign_request(
            "POST",
            "http://b.test:8080/inbox?x=1",
            Some(body),
            "http://a.test/users/ann#main-key",
            &pair.private_pem,
            now,
        )?;
        let names: Vec<&str> = signed.iter().map(|(n, _)| *n).collect();
        assert_eq!(names, ["host", "date", "digest", "signature"]);
        assert_eq!(signed[0].1, "b.test:8080");
        assert!(
            signed[3]
                .1
                .contains(r#"headers="(request-target) host date digest""#)
        );
        let headers = map(&signed);
        prepare("POST", "/inbox?x=1", &headers, body, now)?.verify(&pair.public_pem)?;

        let tampered = br#"{"type":"Block"}"#;
        assert_eq!(
            prepare("POST", "/inbox?x=1", &headers, tampered, now).err(),
            Some(SignatureError::Digest)
        );
        let moved = prepare("POST", "/inbox", &headers, body, now)?;
        assert!(moved.verify(&pair.public_pem).is_err());
        let later = now + Duration::from_secs(301);
        assert_eq!(
            prepare("POST", "/inbox?x=1", &headers, body, later).err(),
            Some(SignatureError::Stale)
        );
        let other = keys::generate()?;
        let checked = prepare("POST", "/inbox?x=1", &headers, body, now)?;
        assert!(matches!(
            checked.verify(&other.public_pem),
            Err(SignatureError::Key(KeyError::Mismatch))
        ));
        Ok(())
    }

    #[test]
    fn what_a_signature_must_cover_is_checked() -> Result<(), SignatureError> {
        let now = SystemTime::now();
        let mut headers = map(&[
            ("host", "b.test".into()),
            ("date", http_date(now)),
            ("digest", digest(b"x")),
            (
                "signature",
                r#"keyId="k",algorithm="rsa-sha256",headers="(request-target) host date",signature="c2ln""#
                    .into(),
            ),
        ]);
        assert_eq!(
            prepare("POST", "/inbox", &headers, b"x", now).err(),
            Some(SignatureError::Uncovered("digest"))
        );
        assert!(prepare("GET", "/users/a", &headers, b"", now).is_ok());
        headers.insert(
            "signature",
            HeaderValue::from_static(
                r#"keyId="k",algorithm="hmac-sha256",headers="(request-target) host date",signature="c2ln""#,
            ),
        );
        assert_eq!(
            prepare("GET", "/users/a", &headers, b"", now).err(),
            Some(SignatureError::Algorithm("hmac-sha256".into()))
        );
        headers.remove("signature");
        assert_eq!(
            prepare("GET", "/users/a", &headers, b"", now).err(),
            Some(SignatureError::Missing)
        );
        Ok(())
    }
}
