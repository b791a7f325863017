//! Content codings (RFC 9110 §8.4.1): which one a request's `Accept-Encoding` prefers
//! (§12.5.3), which bodies are worth compressing, and compressing a body into a coding, once
//! for pages kept in memory or per response.

use std::convert::Infallible;
use std::io::Write;

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderValue, header};
use bytes::Bytes;

/// A content coding newsreader can send, in ascending order of preference when a request
/// accepts several at the same weight.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Coding {
    /// `gzip` (RFC 1952), through flate2.
    Gzip,
    /// `br` (RFC 7932), through brotli.
    Brotli,
    /// `zstd` (RFC 8878), through zstd.
    Zstd,
}

impl Coding {
    /// Every coding, in ascending order of preference.
    pub const ALL: [Coding; 3] = [Coding::Gzip, Coding::Brotli, Coding::Zstd];

    /// The coding's token in `Content-Encoding` and in ETag suffixes: `gzip`, `br`, `zstd`.
    pub const fn token(self) -> &'static str {
        match self {
            Coding::Gzip => "gzip",
            Coding::Brotli => "br",
            Coding::Zstd => "zstd",
        }
    }

    /// Whether a body of `length` bytes and `content_type` is worth compressing: at least 32
    /// bytes, and not an image (images are compressed already) unless it is SVG.
    pub fn compressible(content_type: Option<&HeaderValue>, length: u64) -> bool {
        let image = content_type
            .and_then(|value| value.to_str().ok())
            .is_some_and(|value| value.starts_with("image/") && !value.starts_with("image/svg+xml"));
        length >= 32 && !image
    }

    /// Position in [`Coding::ALL`], for tables indexed by coding.
    pub const fn index(self) -> usize {
        self as usize
    }

    /// The coding a request's `Accept-Encoding` prefers, or `None` for identity: the highest
    /// `q` above 0 (absent means 1), ties going to the later coding in [`Coding::ALL`].
    /// `x-gzip` counts as `gzip` (RFC 9110 §8.4.1.3); unknown codings, `identity` and `*` are
    /// ignored, and so is a malformed `q`, as tower-http does.
    pub fn preferred(accept_encoding: Option<&HeaderValue>) -> Option<Coding> {
        let text = accept_encoding?.to_str().ok()?;
        text.split(',')
            .filter_map(|item| {
                let mut parts = item.split(';').map(str::trim);
                let coding = Coding::from_token(parts.next()?)?;
                let weight = match parts.next() {
                    None => 1000,
                    Some(parameter) => weight(parameter)?,
                };
                (weight > 0).then_some((weight, coding))
            })
            .max()
            .map(|(_, coding)| coding)
    }

    fn from_token(token: &str) -> Option<Coding> {
        Coding::ALL
            .into_iter()
            .find(|coding| token.eq_ignore_ascii_case(coding.token()))
            .or_else(|| token.eq_ignore_ascii_case("x-gzip").then_some(Coding::Gzip))
    }

    /// `body` compressed in this coding, at a high level for a page compressed once and
    /// served many times, at a fast one for a page compressed for one response.
    pub fn compress(self, body: &[u8], effort: Effort) -> Bytes {
        let mut out = Vec::with_capacity(body.len() / 3);
        let once = effort == Effort::Kept;
        match self {
            Coding::Gzip => {
                let level = if once { flate2::Compression::best() } else { flate2::Compression::fast() };
                let mut encoder = flate2::write::GzEncoder::new(out, level);
                // Writing to a Vec cannot fail.
                let _ = encoder.write_all(body);
                out = encoder.finish().unwrap_or_default();
            }
            Coding::Brotli => {
                let params =
                    brotli::enc::BrotliEncoderParams { quality: if once { 9 } else { 4 }, ..Default::default() };
                let _ = brotli::BrotliCompress(&mut &body[..], &mut out, &params);
            }
            Coding::Zstd => out = zstd::bulk::compress(body, if once { 9 } else { 3 }).unwrap_or_default(),
        }
        Bytes::from(out)
    }
}

/// How hard to compress: a page kept in the cache is compressed once for many responses, one
/// past the cache's budget for each response.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Effort {
    /// Kept: gzip 9, brotli 9, zstd 9.
    Kept,
    /// Compressed per response: gzip 1, brotli 4, zstd 3.
    PerResponse,
}

/// Extractor: the coding the request's `Accept-Encoding` prefers ([`Coding::preferred`]),
/// `None` for identity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Preferred(pub Option<Coding>);

impl<S: Sync> FromRequestParts<S> for Preferred {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Preferred, Infallible> {
        Ok(Preferred(Coding::preferred(parts.headers.get(header::ACCEPT_ENCODING))))
    }
}

/// The weight of a `q=` parameter in thousandths (RFC 9110 §12.4.2: `0` to `1` with at most
/// three decimals); `None` when malformed.
fn weight(parameter: &str) -> Option<u16> {
    let value = parameter.strip_prefix("q=").or_else(|| parameter.strip_prefix("Q="))?;
    let (whole, fraction) = value.split_once('.').unwrap_or((value, ""));
    if fraction.len() > 3 || !fraction.bytes().all(|byte| byte.is_ascii_digit()) {
        return None;
    }
    let thousandths = format!("{fraction:0<3}").parse::<u16>().ok()?;
    match whole {
        "0" => Some(thousandths),
        "1" if thousandths == 0 => Some(1000),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use std::io::Read;

    use super::*;

    fn preferred(accept_encoding: &str) -> Option<&'static str> {
        Coding::preferred(Some(&HeaderValue::from_str(accept_encoding).expect("header"))).map(Coding::token)
    }

    #[test]
    fn accept_encoding_picks_the_heaviest_then_the_preferred_coding() {
        assert_eq!(Coding::preferred(None), None);
        for (accept, expected) in [
            ("gzip", Some("gzip")),
            ("x-gzip", Some("gzip")),
            ("GZIP", Some("gzip")),
            ("gzip, deflate, br", Some("br")),
            ("gzip, deflate, br, zstd", Some("zstd")),
            ("br;q=0.5, gzip", Some("gzip")),
            ("gzip;q=0.8, br;q=0.801", Some("br")),
            ("zstd;q=0, gzip;q=0.1", Some("gzip")),
            ("gzip;q=0", None),
            ("identity", None),
            ("*", None),
            ("deflate", None),
            ("", None),
            ("gzip;q=2, br;q=0.1234", None),
            ("gzip ; q=1.0", Some("gzip")),
        ] {
            assert_eq!(preferred(accept), expected, "{accept:?}");
        }
    }

    #[test]
    fn every_coding_round_trips_at_either_effort() {
        let body = "<p>A paragraph, repeated until it compresses well.</p>\n".repeat(40);
        for effort in [Effort::Kept, Effort::PerResponse] {
            let gzip = Coding::Gzip.compress(body.as_bytes(), effort);
            let mut unzipped = String::new();
            flate2::read::GzDecoder::new(&gzip[..]).read_to_string(&mut unzipped).expect("gzip");
            assert_eq!(unzipped, body);
            let br = Coding::Brotli.compress(body.as_bytes(), effort);
            let mut unbrotli = Vec::new();
            brotli::BrotliDecompress(&mut &br[..], &mut unbrotli).expect("br");
            assert_eq!(unbrotli, body.as_bytes());
            let zstd = Coding::Zstd.compress(body.as_bytes(), effort);
            assert_eq!(zstd::decode_all(&zstd[..]).expect("zstd"), body.as_bytes());
            assert!(gzip.len() * 4 < body.len() && br.len() * 4 < body.len() && zstd.len() * 4 < body.len());
        }
    }
}
