//! Fuzz target `decode`: any bytes decode without a panic to clean text, warnings naming real lines.
//!
//! Bytes holding a NUL and no UTF-16 byte-order mark are binary, the offset naming a NUL;
//! valid UTF-8 without a BOM or control characters is taken as it is, with no warning;
//! anything else decodes to text without control characters other than tab, LF and CR, and
//! every line a warning names (numbered as the parser numbers lines: LF, CRLF or a lone
//! CR) exists and holds what the decoder put there (U+FFFD, or a space for a form feed or
//! vertical tab).
#![no_main]

use libfuzzer_sys::fuzz_target;
use newsreader::corpus::decode::{self, Error};
use unicode_normalization::UnicodeNormalization;

/// The lines of `text`, split on LF, CRLF or a lone CR: written here again rather than
/// taken from the library, so the check does not trust the code it checks.
fn lines(text: &str) -> Vec<&str> {
    let mut lines = Vec::new();
    let mut rest = text;
    while let Some(end) = rest.find(['\n', '\r']) {
        lines.push(&rest[..end]);
        let crlf = rest[end..].starts_with("\r\n");
        rest = &rest[end + if crlf { 2 } else { 1 }..];
    }
    lines.push(rest);
    lines
}

fn has_bom(bytes: &[u8]) -> bool {
    bytes.starts_with(b"\xEF\xBB\xBF") || bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF")
}

fuzz_target!(|bytes: &[u8]| {
    let decoded = match decode::decode(bytes) {
        Ok(decoded) => decoded,
        Err(Error::Binary { offset }) => {
            assert!(!has_bom(bytes), "a file with a byte-order mark read as binary");
            assert_eq!(bytes.get(offset), Some(&0), "binary at offset {offset}, not a NUL");
            assert!(!bytes[..offset].contains(&0), "offset {offset} is not the first NUL");
            return;
        }
    };
    let text = decoded.text.as_str();
    if let Some(control) = text.chars().find(|&c| c.is_control() && !matches!(c, '\t' | '\n' | '\r')) {
        panic!("control character {control:?} left in the text");
    }
    if let Ok(utf8) = std::str::from_utf8(bytes)
        && !has_bom(bytes)
        && !utf8.chars().any(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
    {
        // Valid UTF-8 is read as it is, in Unicode NFC.
        let composed: String = utf8.nfc().collect();
        assert_eq!(text, composed, "valid UTF-8 changed other than to NFC");
        assert!(decoded.warnings.is_empty(), "warnings on valid UTF-8: {:?}", decoded.warnings);
    }
    let lines = lines(text);
    for warning in &decoded.warnings {
        let Some(line) = warning.line else { continue };
        assert!((1..=lines.len()).contains(&line), "{warning:?}: the text has {} line(s)", lines.len());
        let named = lines[line - 1];
        assert!(
            named.contains(['\u{fffd}', ' ']),
            "{warning:?} names line {line}, {named:?}, which holds no replacement"
        );
    }
});
