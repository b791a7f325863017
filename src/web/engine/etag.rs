//! Entity tags (RFC 9110 §8.8.3) of the site's responses, and the one rule that compares
//! them: a body's tag is a hash of its identity bytes, each coding of it gets that tag with
//! `-{coding}` after it, and `If-None-Match` names a body in any of its codings.

use axum::http::{HeaderMap, HeaderValue, header};
use sha2::{Digest, Sha256};

use super::coding::Coding;

/// The strong ETag of `body`: its SHA-256 prefix in hex, quoted.
pub(crate) fn entity_tag(body: &[u8]) -> HeaderValue {
    let hex: String = Sha256::digest(body).iter().take(12).map(|byte| format!("{byte:02x}")).collect();
    let quoted = format!("\"{hex}\"");
    HeaderValue::from_str(&quoted).unwrap_or_else(|_| HeaderValue::from_static("\"\""))
}

/// An unquoted entity tag without its `-{coding}` suffix, if it has one: the tag of the
/// identity body.
fn without_coding(tag: &str) -> &str {
    Coding::ALL.iter().find_map(|coding| tag.strip_suffix(coding.token())?.strip_suffix('-')).unwrap_or(tag)
}

/// The entity tag in `If-None-Match` that names this body (`hex`) in any coding, or `*`.
/// Comparison is weak, as RFC 9110 §13.1.2 asks for `If-None-Match`.
fn matching_tag(if_none_match: &HeaderValue, hex: &str) -> Option<HeaderValue> {
    let value = if_none_match.to_str().ok()?;
    value.split(',').map(str::trim).find_map(|candidate| {
        if candidate == "*" {
            return HeaderValue::from_str(&format!("\"{hex}\"")).ok();
        }
        let opaque = candidate.strip_prefix("W/").unwrap_or(candidate);
        let inner = opaque.strip_prefix('"')?.strip_suffix('"')?;
        (without_coding(inner) == hex).then(|| HeaderValue::from_str(opaque).ok()).flatten()
    })
}

/// Gives the ETag in `headers` (the identity body's) the suffix of `coding` (see
/// [`coded_tag`]).
pub(crate) fn tag_coding(headers: &mut HeaderMap, coding: Coding) {
    if let Some(tag) = headers.get(header::ETAG) {
        let coded = coded_tag(tag, coding);
        headers.insert(header::ETAG, coded);
    }
}

/// The strong ETag of a body sent in `coding`, from `tag`, its identity body's:
/// `"hex"` becomes `"hex-gzip"`, as each representation needs its own tag (RFC 9110 §8.8.3).
pub(crate) fn coded_tag(tag: &HeaderValue, coding: Coding) -> HeaderValue {
    let tag = tag.as_bytes();
    let suffixed = [&tag[..tag.len().saturating_sub(1)], b"-", coding.token().as_bytes(), b"\""].concat();
    HeaderValue::from_bytes(&suffixed).unwrap_or_else(|_| HeaderValue::from_static("\"\""))
}

/// The tag of `if_none_match` that names the ETag in `headers` in any coding, if one does.
pub(crate) fn not_modified(if_none_match: Option<&HeaderValue>, headers: &HeaderMap) -> Option<HeaderValue> {
    let tag = headers.get(header::ETAG)?;
    let hex = without_coding(tag.to_str().unwrap_or_default().trim_matches('"'));
    matching_tag(if_none_match?, hex)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn if_none_match_compares_weakly_across_codings() {
        let hex = "0123456789ab0123456789ab";
        let header = |value: &str| HeaderValue::from_str(value).expect("header");
        let matched =
            |value: &str| matching_tag(&header(value), hex).map(|tag| tag.to_str().expect("ascii").to_owned());
        assert_eq!(matched(&format!("\"{hex}\"")).as_deref(), Some(format!("\"{hex}\"").as_str()));
        assert_eq!(matched(&format!("\"x\", W/\"{hex}-gzip\"")).as_deref(), Some(format!("\"{hex}-gzip\"").as_str()));
        assert_eq!(matched("*").as_deref(), Some(format!("\"{hex}\"").as_str()));
        assert_eq!(matched("\"other\""), None);
        assert_eq!(matched(&format!("\"{hex}-deflate\"")), None);
    }
}
