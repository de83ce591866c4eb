//! Dogear's HTTP Signatures against an independent implementation: OpenSSL's
//! `dgst` signs what Dogear checks, and checks what Dogear signs.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, SystemTime};

use axum::http::{HeaderMap, HeaderName, HeaderValue};
use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use dogear::federation::keys;
use dogear::federation::signatures::{self, SignatureError};

fn scratch() -> PathBuf {
    let dir = std::env::temp_dir().join(crate::support::unique("signatures"));
    std::fs::create_dir_all(&dir).expect("scratch dir");
    dir
}

fn openssl(args: &[&str], input: Option<&[u8]>) -> Vec<u8> {
    use std::io::Write;
    let mut child = Command::new("openssl")
        .args(args)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("openssl is installed (apt-get install openssl)");
    if let Some(input) = input {
        child
            .stdin
            .take()
            .expect("stdin")
            .write_all(input)
            .expect("write");
    }
    drop(child.stdin.take());
    let out = child.wait_with_output().expect("openssl ran");
    assert!(
        out.status.success(),
        "openssl {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

fn write(dir: &Path, name: &str, text: &str) -> String {
    let path = dir.join(name);
    std::fs::write(&path, text).expect("write");
    path.to_string_lossy().into_owned()
}

fn headers(pairs: &[(&str, String)]) -> HeaderMap {
    let mut map = HeaderMap::new();
    for (name, value) in pairs {
        map.insert(
            HeaderName::from_bytes(name.as_bytes()).expect("name"),
            HeaderValue::from_str(value).expect("value"),
        );
    }
    map
}

#[test]
fn openssl_checks_what_dogear_signs() {
    let dir = scratch();
    let pair = keys::generate().expect("key");
    let public = write(&dir, "public.pem", &pair.public_pem);
    let body = br#"{"type":"Create"}"#;
    let now = SystemTime::now();
    let signed = signatures::sign_request(
        "POST",
        "https://bookwyrm.example/user/mouse/inbox",
        Some(body),
        "https://books.example/users/ann#main-key",
        &pair.private_pem,
        now,
    )
    .expect("signed");
    let value = |name: &str| {
        signed
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.clone())
            .expect(name)
    };
    // The digest is OpenSSL's SHA-256 of the body.
    let sha = openssl(&["dgst", "-sha256", "-binary"], Some(body));
    assert_eq!(value("digest"), format!("SHA-256={}", BASE64.encode(sha)));
    // The signature is over exactly (request-target) host date digest.
    let string = format!(
        "(request-target): post /user/mouse/inbox\nhost: bookwyrm.example\ndate: {}\ndigest: {}",
        value("date"),
        value("digest")
    );
    let params = signatures::parse_signature(&value("signature")).expect("params");
    assert_eq!(params.algorithm.as_deref(), Some("rsa-sha256"));
    assert_eq!(
        params.headers,
        ["(request-target)", "host", "date", "digest"]
    );
    let sig = write(&dir, "sig.bin", "");
    std::fs::write(&sig, BASE64.decode(&params.signature).expect("base64")).expect("sig");
    let verified = openssl(
        &["dgst", "-sha256", "-verify", &public, "-signature", &sig],
        Some(string.as_bytes()),
    );
    assert_eq!(String::from_utf8_lossy(&verified).trim(), "Verified OK");
    // PKCS#1 v1.5 is deterministic: OpenSSL with the same key signs the same bytes.
    let private = write(&dir, "private.pem", &pair.private_pem);
    let theirs = openssl(
        &["dgst", "-sha256", "-sign", &private],
        Some(string.as_bytes()),
    );
    assert_eq!(BASE64.encode(theirs), params.signature);
}

/// An OpenSSL key pair: (private PEM path, public PEM text).
fn openssl_pair(dir: &Path, name: &str) -> (String, String) {
    let private = dir
        .join(format!("{name}.pem"))
        .to_string_lossy()
        .into_owned();
    openssl(
        &[
            "genpkey",
            "-algorithm",
            "RSA",
            "-pkeyopt",
            "rsa_keygen_bits:2048",
            "-out",
            &private,
        ],
        None,
    );
    let public = openssl(&["pkey", "-in", &private, "-pubout"], None);
    (private, String::from_utf8(public).expect("pem"))
}

/// A POST signed by OpenSSL as BookWyrm signs one, with `key_id`, `date` and `body`.
fn signed_by_openssl(private: &str, key_id: &str, date: &str, body: &[u8]) -> HeaderMap {
    let digest = format!(
        "SHA-256={}",
        BASE64.encode(openssl(&["dgst", "-sha256", "-binary"], Some(body)))
    );
    let string = format!(
        "(request-target): post /inbox\nhost: books.example\ndate: {date}\ndigest: {digest}"
    );
    let sig = BASE64.encode(openssl(
        &["dgst", "-sha256", "-sign", private],
        Some(string.as_bytes()),
    ));
    headers(&[
        ("host", "books.example".into()),
        ("date", date.into()),
        ("digest", digest),
        (
            "signature",
            format!(
                "keyId=\"{key_id}\",algorithm=\"hs2019\",headers=\"(request-target) host date digest\",signature=\"{sig}\""
            ),
        ),
    ])
}

#[test]
fn dogear_checks_what_openssl_signs_and_refuses_what_was_changed() {
    let dir = scratch();
    let (private, public) = openssl_pair(&dir, "remote");
    let (_, stranger) = openssl_pair(&dir, "stranger");
    let body = br#"{"type":"Follow","actor":"https://bookwyrm.example/user/mouse"}"#;
    let now = SystemTime::now();
    let date = signatures::http_date(now);
    for key_id in [
        "https://bookwyrm.example/user/mouse#main-key",
        "https://bookwyrm.example/user/mouse/#main-key",
    ] {
        let sent = signed_by_openssl(&private, key_id, &date, body);
        let checked = signatures::prepare("POST", "/inbox", &sent, body, now).expect("prepared");
        assert_eq!(checked.key_id(), key_id);
        assert_eq!(
            signatures::key_owner(checked.key_id()),
            "https://bookwyrm.example/user/mouse"
        );
        checked.verify(&public).expect("verified");
        // Another key does not check it.
        assert!(checked.verify(&stranger).is_err());
    }
    let sent = signed_by_openssl(
        &private,
        "https://bookwyrm.example/user/mouse#main-key",
        &date,
        body,
    );
    // A body changed on the way.
    let tampered = br#"{"type":"Follow","actor":"https://evil.example/user/mouse"}"#;
    assert_eq!(
        signatures::prepare("POST", "/inbox", &sent, tampered, now).err(),
        Some(SignatureError::Digest)
    );
    // A request replayed six minutes later.
    assert_eq!(
        signatures::prepare(
            "POST",
            "/inbox",
            &sent,
            body,
            now + Duration::from_secs(360)
        )
        .err(),
        Some(SignatureError::Stale)
    );
    // An old Date signed as it is.
    let old = signatures::http_date(now - Duration::from_secs(600));
    let stale = signed_by_openssl(
        &private,
        "https://bookwyrm.example/user/mouse#main-key",
        &old,
        body,
    );
    assert_eq!(
        signatures::prepare("POST", "/inbox", &stale, body, now).err(),
        Some(SignatureError::Stale)
    );
    // Another path than the one signed.
    let moved =
        signatures::prepare("POST", "/users/ann/inbox", &sent, body, now).expect("prepared");
    assert!(moved.verify(&public).is_err());
}
