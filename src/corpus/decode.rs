//! Seed bytes to text: BOM sniffing, UTF-8, and a guessed legacy encoding for the rest; the
//! text in Unicode Normalization Form C.

use encoding_rs::Encoding;
use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

/// Top-level domain hint for `chardetng`: seeds are English-language news pages, so the
/// detector weighs Western-European encodings (Windows-1252) above others of equal score.
const TLD_HINT: &[u8] = b"uk";

/// Text read from a seed file, and what was doubtful about reading it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    /// The text, BOM removed.
    pub text: String,
    /// Warnings to report: a guessed encoding, bytes replaced by U+FFFD.
    pub warnings: Vec<Warning>,
}

/// Something doubtful about a file that did not stop it being read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    /// 1-based line the warning is about (numbered as the parser numbers lines), if one.
    pub line: Option<usize>,
    /// What is doubtful, in one sentence.
    pub message: String,
}

impl Warning {
    /// A warning about the whole file.
    pub fn file(message: impl Into<String>) -> Warning {
        Warning { line: None, message: message.into() }
    }
}

/// Why a file's bytes cannot be read as text at all.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Error {
    /// The file holds NUL bytes without a UTF-16 byte-order mark: an image, archive or the
    /// like.
    #[error("binary file (NUL byte at offset {offset})")]
    Binary {
        /// Byte offset of the first NUL.
        offset: usize,
    },
}

/// Decodes seed bytes.
///
/// Order, after the WHATWG Encoding Standard's BOM sniffing: a UTF-8 or UTF-16 BOM decides;
/// else a NUL byte marks a binary file; else valid UTF-8 is UTF-8; else `chardetng` guesses
/// (weighing Western-European encodings first, see `TLD_HINT`) and a warning says so. Malformed sequences
/// become U+FFFD, each reported with its byte offset. The text is then composed to NFC
/// (Unicode Standard Annex #15), so `e` + U+0301 reads as `é` and slugs, search and
/// duplicate detection see one spelling of each character.
///
/// Valid UTF-8 without a BOM that is already NFC (the usual case) becomes the text without
/// being copied.
///
/// # Errors
/// [`Error::Binary`] for a file that is not text.
pub fn decode(bytes: impl Into<Vec<u8>>) -> Result<Decoded, Error> {
    decode_text(bytes.into()).map(replace_controls).map(compose)
}

/// `decoded` with its text in Normalization Form C. Text already in NFC (checked by UAX #15's
/// quick check, and not at all for text with no character from U+0300 on, which is always
/// NFC) is kept as it is.
fn compose(mut decoded: Decoded) -> Decoded {
    // U+0300 is the first character NFC can change; it and every one after it start with a
    // byte of 0xCC or more in UTF-8.
    if !is_nfc(&decoded.text) {
        decoded.text = decoded.text.nfc().collect();
    }
    decoded
}

/// The index of the first byte from `from` on that starts a character from U+0300 on (a
/// byte of 0xCC or more), looked for 32 bytes at a time in a pass the compiler vectorises.
fn first_from_u0300(bytes: &[u8], from: usize) -> Option<usize> {
    let mut at = from;
    for chunk in bytes[from..].chunks(32) {
        if chunk.iter().fold(false, |found, &byte| found | (byte >= 0xCC)) {
            return chunk.iter().position(|&byte| byte >= 0xCC).map(|offset| at + offset);
        }
        at += chunk.len();
    }
    None
}

/// Whether `text` is surely in NFC by UAX #15's quick check, run over the runs of characters
/// from U+0300 on alone: every character before U+0300 is NFC and has combining class 0, so
/// it neither needs a change nor orders the marks around it.
fn is_nfc(text: &str) -> bool {
    let mut at = 0;
    // Bytes from 0xCC on are lead bytes (continuation bytes are 0x80 to 0xBF).
    while let Some(start) = first_from_u0300(text.as_bytes(), at) {
        let rest = &text[start..];
        let end = rest.char_indices().find(|&(_, c)| c < '\u{300}').map_or(text.len(), |(length, _)| start + length);
        if is_nfc_quick(text[start..end].chars()) != IsNormalized::Yes {
            return false;
        }
        at = end;
    }
    true
}

fn decode_text(bytes: Vec<u8>) -> Result<Decoded, Error> {
    if let Some((encoding, bom)) = Encoding::for_bom(&bytes) {
        return Ok(decode_with(encoding, &bytes[bom..], bom, Vec::new()));
    }
    if let Some(offset) = memchr::memchr(0, &bytes) {
        return Err(Error::Binary { offset });
    }
    let bytes = match String::from_utf8(bytes) {
        Ok(text) => return Ok(Decoded { text, warnings: Vec::new() }),
        Err(error) => error.into_bytes(),
    };
    let bytes = bytes.as_slice();
    if is_mostly_utf8(bytes) {
        // A stray byte in UTF-8 text: replaced (and reported by `decode_with`), not a reason
        // to read every other character in another encoding.
        return Ok(decode_with(encoding_rs::UTF_8, bytes, 0, Vec::new()));
    }
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    let encoding = detector.guess(Some(TLD_HINT), chardetng::Utf8Detection::Allow);
    let warning = Warning::file(format!("not valid UTF-8; read as {} (a guess)", encoding.name()));
    Ok(decode_with(encoding, bytes, 0, vec![warning]))
}

/// Whether `bytes`, not valid UTF-8, are UTF-8 text with a few bad bytes: at least one valid
/// multi-byte UTF-8 character, and at least as many as invalid sequences (one `£` and one
/// stray byte is UTF-8). Text in a single-byte encoding such as Windows-1252 almost never
/// holds a valid multi-byte sequence (`é` is the lone byte 0xE9; its UTF-8 `Ã©` would read as
/// two letters), so it is still left to the detector.
fn is_mostly_utf8(bytes: &[u8]) -> bool {
    let (mut multibyte, mut invalid) = (0usize, 0usize);
    for chunk in bytes.utf8_chunks() {
        multibyte += chunk.valid().chars().filter(|c| !c.is_ascii()).count();
        invalid += usize::from(!chunk.invalid().is_empty());
    }
    multibyte > 0 && multibyte >= invalid
}

/// Control characters other than tab and line ends have no place in text and are not
/// allowed in XML 1.0 (the Atom feed): vertical tab and form feed become spaces, the others
/// U+FFFD, with one warning at the first line that held one, naming the lines that did (the
/// first [`LINES_NAMED`]). Lines are numbered as the parser numbers them (LF, CRLF or CR).
fn replace_controls(mut decoded: Decoded) -> Decoded {
    let is_control = |c: char| c.is_control() && !matches!(c, '\t' | '\n' | '\r');
    if first_control(decoded.text.as_bytes()).is_none() {
        return decoded;
    }
    let (mut count, mut line, mut lines) = (0, 1, Vec::new());
    let mut after_cr = false;
    let mut text = String::with_capacity(decoded.text.len());
    for c in decoded.text.chars() {
        if c == '\n' && !after_cr || c == '\r' {
            line += 1;
        }
        after_cr = c == '\r';
        let replaced = match c {
            '\u{b}' | '\u{c}' => ' ',
            c if is_control(c) => '\u{fffd}',
            c => {
                text.push(c);
                continue;
            }
        };
        text.push(replaced);
        count += 1;
        if lines.last() != Some(&line) {
            lines.push(line);
        }
    }
    decoded.text = text;
    let shown: Vec<String> = lines.iter().take(LINES_NAMED).map(usize::to_string).collect();
    let more = lines.len() - shown.len();
    let more = if more > 0 { format!(" and {more} more") } else { String::new() };
    decoded.warnings.push(Warning {
        line: lines.first().copied(),
        message: format!(
            "{count} control character(s) replaced on line(s) {}{more} (form feed and vertical tab by spaces, others by U+FFFD)",
            shown.join(", ")
        ),
    });
    decoded
}

/// Most line numbers a control-character warning names.
const LINES_NAMED: usize = 10;

/// Byte offset of the first control character (Unicode `Cc`: U+0000–U+001F, U+007F–U+009F)
/// other than tab, LF and CR in UTF-8 `bytes`. A branch-free pass over each 64-byte chunk
/// (vectorisable) says whether it may hold one (a C0 byte, DEL, or the lead byte 0xC2 of
/// U+0080–U+00BF); only such chunks are looked at byte by byte.
fn first_control(bytes: &[u8]) -> Option<usize> {
    const CHUNK: usize = 64;
    let suspect = |byte: u8| {
        ((byte < 0x20) & (byte != b'\t') & (byte != b'\n') & (byte != b'\r')) | (byte == 0x7F) | (byte == 0xC2)
    };
    let is_control = |at: usize| match bytes[at] {
        b'\t' | b'\n' | b'\r' => false,
        0..0x20 | 0x7F => true,
        // U+0080–U+009F are 0xC2 0x80 to 0xC2 0x9F.
        0xC2 => bytes.get(at + 1).is_some_and(|next| (0x80..0xA0).contains(next)),
        _ => false,
    };
    bytes
        .chunks(CHUNK)
        .enumerate()
        .filter(|(_, chunk)| chunk.iter().fold(false, |found, &byte| found | suspect(byte)))
        .find_map(|(number, chunk)| (number * CHUNK..number * CHUNK + chunk.len()).find(|&at| is_control(at)))
}

fn decode_with(encoding: &'static Encoding, bytes: &[u8], base: usize, mut warnings: Vec<Warning>) -> Decoded {
    let (text, had_errors) = encoding.decode_without_bom_handling(bytes);
    if had_errors {
        let offsets = malformed_offsets(encoding, bytes);
        // Line ends are single bytes only in an ASCII-compatible encoding (not UTF-16).
        let lines = encoding.is_ascii_compatible().then(|| lines_of(bytes, &offsets));
        let shown: Vec<String> = offsets
            .iter()
            .take(10)
            .enumerate()
            .map(|(at, offset)| match &lines {
                Some(lines) => format!("{} (line {})", offset + base, lines[at]),
                None => (offset + base).to_string(),
            })
            .collect();
        let more = offsets.len().saturating_sub(shown.len());
        let more = if more > 0 { format!(" and {more} more") } else { String::new() };
        let message = format!(
            "{} byte sequence(s) not valid {} replaced by U+FFFD at byte offset {}{more}",
            offsets.len(),
            encoding.name(),
            shown.join(", ")
        );
        warnings.push(Warning { line: first_replacement_line(&text), message });
    }
    Decoded { text: text.into_owned(), warnings }
}

/// The 1-based line (LF, CRLF or CR ends) of each of `offsets` (ascending) in `bytes`, text in
/// an ASCII-compatible encoding.
fn lines_of(bytes: &[u8], offsets: &[usize]) -> Vec<usize> {
    let mut ends = memchr::memchr2_iter(b'\n', b'\r', bytes)
        .filter(|&at| !(bytes[at] == b'\n' && at > 0 && bytes[at - 1] == b'\r'))
        .peekable();
    let mut line = 1;
    offsets
        .iter()
        .map(|&offset| {
            while ends.next_if(|&end| end < offset).is_some() {
                line += 1;
            }
            line
        })
        .collect()
}

/// The 1-based line (LF, CRLF or CR ends) holding the first U+FFFD of `text`.
fn first_replacement_line(text: &str) -> Option<usize> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let before = &text[..text.find('\u{FFFD}')?];
    Some(super::parse::split_lines(before).count())
}

/// Byte offsets (into `bytes`) where `encoding` meets a malformed sequence.
fn malformed_offsets(encoding: &'static Encoding, bytes: &[u8]) -> Vec<usize> {
    let mut decoder = encoding.new_decoder_without_bom_handling();
    let mut offsets = Vec::new();
    let mut consumed = 0;
    let mut buffer = String::with_capacity(bytes.len() * 3 + 16);
    loop {
        buffer.clear();
        let (result, read) = decoder.decode_to_string_without_replacement(&bytes[consumed..], &mut buffer, true);
        consumed += read;
        match result {
            encoding_rs::DecoderResult::Malformed(bad, after) => {
                offsets.push(consumed - usize::from(bad) - usize::from(after));
            }
            encoding_rs::DecoderResult::InputEmpty | encoding_rs::DecoderResult::OutputFull => break,
        }
    }
    offsets
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_with_and_without_bom() {
        assert_eq!(decode("£5".as_bytes()).map(|d| d.text), Ok("£5".to_owned()));
        let with_bom = [&[0xEF, 0xBB, 0xBF][..], "£5".as_bytes()].concat();
        assert_eq!(decode(with_bom).map(|d| (d.text, d.warnings.len())), Ok(("£5".to_owned(), 0)));
    }

    #[test]
    fn utf16_with_bom() {
        let mut bytes = vec![0xFF, 0xFE];
        bytes.extend("Héllo £".encode_utf16().flat_map(u16::to_le_bytes));
        assert_eq!(decode(bytes).map(|d| d.text), Ok("Héllo £".to_owned()));
    }

    #[test]
    fn windows_1252_is_guessed_with_a_warning() {
        let decoded = decode(b"The deal was worth \xa3280bn to the company, said the chairman.");
        let decoded = decoded.expect("text");
        assert_eq!(decoded.text, "The deal was worth £280bn to the company, said the chairman.");
        assert_eq!(decoded.warnings, vec![Warning::file("not valid UTF-8; read as windows-1252 (a guess)")]);
    }

    #[test]
    fn a_stray_byte_in_utf8_text_is_replaced_not_read_as_another_encoding() {
        let mut bytes = "Café culture in Zürich – “new” wave\n\nThe café serves crème brûlée.\n".as_bytes().to_vec();
        let stray_at = bytes.len() + 13;
        bytes.extend(b"A stray byte \xff here.\nMore text: na\xc3\xafve.\n");
        let decoded = decode(bytes).expect("text");
        assert_eq!(
            decoded.text,
            "Café culture in Zürich – “new” wave\n\nThe café serves crème brûlée.\nA stray byte \u{fffd} here.\nMore text: naïve.\n"
        );
        assert_eq!(
            decoded.warnings,
            vec![Warning {
                line: Some(4),
                message: format!(
                    "1 byte sequence(s) not valid UTF-8 replaced by U+FFFD at byte offset {stray_at} (line 4)"
                ),
            }]
        );
    }

    #[test]
    fn one_stray_byte_beside_one_pound_sign_stays_utf8() {
        let decoded = decode(b"It cost \xc2\xa3600m.\nA stray \x92 quote.\n".to_vec()).expect("text");
        assert_eq!(decoded.text, "It cost £600m.\nA stray \u{fffd} quote.\n");
        assert_eq!(
            decode(b"Caf\xe9 and cr\xe8me.\n".to_vec()).map(|decoded| decoded.text),
            Ok("Café and crème.\n".to_owned())
        );
    }

    #[test]
    fn each_stray_byte_is_reported_with_its_line() {
        let bytes = b"Caf\xc3\xa9 and na\xc3\xafve, a \xe2\x80\x9cquote\xe2\x80\x9d\r\n\r\nOne \xff here.\r\nNone.\rTwo \xfe\n\xfd.\n";
        let decoded = decode(bytes.to_vec()).expect("text");
        assert_eq!(
            decoded.text,
            "Café and naïve, a “quote”\r\n\r\nOne \u{fffd} here.\r\nNone.\rTwo \u{fffd}\n\u{fffd}.\n"
        );
        assert_eq!(
            decoded.warnings,
            vec![Warning {
                line: Some(3),
                message: "3 byte sequence(s) not valid UTF-8 replaced by U+FFFD at byte offset 39 (line 3), 58 (line 5), 60 (line 6)".to_owned(),
            }]
        );
    }

    #[test]
    fn control_characters_are_replaced_with_a_warning() {
        let decoded = decode(b"Headline\n\nA form feed \x0c, escape \x1b and bell \x07.").expect("text");
        assert_eq!(decoded.text, "Headline\n\nA form feed  , escape \u{fffd} and bell \u{fffd}.");
        assert_eq!(decoded.warnings.len(), 1);
        assert_eq!(decoded.warnings[0].line, Some(3));
        assert!(
            decoded.warnings[0].message.starts_with("3 control character(s) replaced on line(s) 3 ("),
            "{:?}",
            decoded.warnings
        );
        let spread = decode(b"\x07one\r\ntwo\rthree \x1b\nfour\n\x7f five").expect("text");
        assert_eq!(spread.text, "\u{fffd}one\r\ntwo\rthree \u{fffd}\nfour\n\u{fffd} five");
        assert_eq!(spread.warnings[0].line, Some(1));
        assert!(
            spread.warnings[0].message.starts_with("3 control character(s) replaced on line(s) 1, 3, 5 ("),
            "{:?}",
            spread.warnings
        );
        assert_eq!(decode("\u{feff}Tab\tok\r\n".as_bytes()).map(|d| d.warnings.len()), Ok(0));
        assert_eq!(decode(b"\x07Bell first").map(|d| d.text), Ok("\u{fffd}Bell first".to_owned()));
    }

    #[test]
    fn control_characters_are_found_past_the_first_chunk_and_across_chunk_ends() {
        // No-break spaces (0xC2 0xA0) are not controls; NEL (0xC2 0x85) is.
        let spaced = format!("{}\n", "caf\u{e9}\u{a0}au\u{a0}lait ".repeat(40));
        assert_eq!(first_control(spaced.as_bytes()), None);
        let late = format!("{spaced}escape \x1b here");
        assert_eq!(first_control(late.as_bytes()), Some(spaced.len() + 7));
        // NEL split over the end of the first 64-byte chunk.
        let split = format!("{}\u{85}next", "a".repeat(63));
        assert_eq!(first_control(split.as_bytes()), Some(63));
        assert_eq!(decode(split.as_bytes()).map(|decoded| decoded.text), Ok(format!("{}\u{fffd}next", "a".repeat(63))));
    }

    #[test]
    fn text_is_composed_to_nfc() {
        let decomposed = "Cafe\u{301} in Zu\u{308}rich\n";
        assert_eq!(decode(decomposed.as_bytes()).map(|d| d.text), Ok("Caf\u{e9} in Z\u{fc}rich\n".to_owned()));
        assert_eq!(decode(decomposed.as_bytes()), decode("Café in Zürich\n".as_bytes()));
        // Windows-1252 text and text already composed are composed too (and left alone).
        assert_eq!(decode(b"Caf\xe9 and cr\xe8me.\n".to_vec()).map(|d| d.text), Ok("Café and crème.\n".to_owned()));
        // Combining marks out of canonical order are reordered: Arabic shadda (U+0651, class
        // 33) before fatha (U+064E, class 30).
        assert_eq!(decode("\u{63a}\u{651}\u{64e}".as_bytes()).map(|d| d.text), Ok("\u{63a}\u{64e}\u{651}".to_owned()));
        assert_eq!(decode("غَزَّة".as_bytes()).map(|d| d.text), Ok("غَزَّة".to_owned()));
    }

    #[test]
    fn nul_bytes_mean_binary() {
        assert_eq!(decode(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\xff"), Err(Error::Binary { offset: 8 }));
        assert_eq!(decode(b"valid UTF-8\0"), Err(Error::Binary { offset: 11 }));
    }

    #[test]
    fn malformed_utf16_is_replaced_and_reported_by_offset() {
        // BOM, "A", then a lone high surrogate, then "B".
        let bytes = [0xFF, 0xFE, 0x41, 0x00, 0x00, 0xD8, 0x42, 0x00];
        let decoded = decode(bytes).expect("text");
        assert_eq!(decoded.text, "A\u{FFFD}B");
        assert_eq!(
            decoded.warnings,
            vec![Warning {
                line: Some(1),
                message: "1 byte sequence(s) not valid UTF-16LE replaced by U+FFFD at byte offset 4".to_owned()
            }]
        );
    }

    #[test]
    fn replacement_warning_names_its_line() {
        // UTF-16BE: "a\r\nb\rc\n" then a lone low surrogate.
        let mut bytes = vec![0xFE, 0xFF];
        bytes.extend("a\r\nb\rc\n".encode_utf16().flat_map(u16::to_be_bytes));
        bytes.extend([0xDC, 0x00]);
        let decoded = decode(bytes).expect("text");
        assert_eq!(decoded.text, "a\r\nb\rc\n\u{FFFD}");
        assert_eq!(decoded.warnings[0].line, Some(4));
    }
}
