//! Fuzz target `parse`: any UTF-8 text parses without a panic, every non-blank line accounted once.
//!
//! The input's longest valid UTF-8 prefix is the text (decoding has its own target), parsed
//! as scraped text (`parse::parse`) and, when it has a `# ` headline, as a Markdown article
//! (`handwritten::parse`). Each parse must pass `check_accounting`: every non-blank line is in one field of one article
//! or among the removed lines, once, and no other line is named; a removed line carries its
//! own trimmed text. No corpus is built, so one input is one parse of each kind.
#![no_main]

use libfuzzer_sys::fuzz_target;
use newsreader::article::SeedText;
use newsreader::corpus::handwritten;
use newsreader::corpus::parse::{self, Parsed, check_accounting};

fn accounted(kind: &str, text: &str, parsed: &Parsed) {
    if let Err(problem) = check_accounting(text, parsed) {
        panic!("{kind}: {problem}");
    }
    let lines = parse::line_texts(text);
    for removed in &parsed.removed {
        let line = lines.get(removed.line.wrapping_sub(1)).copied();
        assert_eq!(Some(&*removed.text), line, "{kind}: removed line {} ({})", removed.line, removed.reason);
    }
}

fuzz_target!(|bytes: &[u8]| {
    let valid = match std::str::from_utf8(bytes) {
        Ok(text) => text,
        Err(error) => std::str::from_utf8(&bytes[..error.valid_up_to()]).expect("valid prefix"),
    };
    let text = SeedText::from(valid);
    accounted("scraped text", &text, &parse::parse(&text));
    if let Ok(markdown) = handwritten::parse(&text) {
        accounted("Markdown", &text, &markdown);
    }
});
