//! `newsreader check --explain FILE`: every line of one seed file with what the parser made
//! of it (the field it went into, or why it was removed) and, for headlines, captions and
//! pages that are no article, what showed it.

use std::fmt::Write as _;

use super::parse;
use super::{Skip, decode, handwritten};
use crate::article::SeedText;

/// Longest line text shown, in characters; longer text ends in `…`.
const SHOWN_CHARS: usize = 72;

/// The explanation of the file `name` holding `bytes`, one line per line of the file:
/// `  12  caption     "Rescuers work at…"  ends with a photo credit`.
///
/// # Errors
/// The [`Skip`] that keeps the file from being read at all (binary bytes, a `.md` file
/// without a headline).
pub fn explain(name: &str, bytes: Vec<u8>) -> Result<String, Skip> {
    let decoded = decode::decode(bytes)?;
    let text = SeedText::from(decoded.text);
    let parsed = if super::is_markdown(name) { handwritten::parse(&text)? } else { parse::parse(&text) };
    let lines = parse::line_texts(&text);
    let mut what: Vec<(String, String)> = vec![(String::new(), String::new()); lines.len()];
    for article in &parsed.articles {
        for (&line, &field) in article.lines.iter().zip(&article.fields) {
            what[line - 1].0 = field.name().to_owned();
        }
        // The lines of a hard-wrapped paragraph after its first.
        let mut body = article.lines[article.header_texts.len()..].iter();
        for block in article.blocks.iter() {
            let count = parse::split_lines(block.text()).count();
            let Some(&first) = body.next() else { break };
            for &line in body.by_ref().take(count - 1) {
                what[line - 1].1 = format!("joined to line {first}");
            }
        }
    }
    for removed in &parsed.removed {
        what[removed.line - 1] = ("removed".to_owned(), removed.reason.to_string());
    }
    if let Some((index, verdict)) = &parsed.first_headline {
        what[*index].1 = format!("score {}: {}", verdict.score, verdict.signals.join(", "));
    }
    for &(line, why) in &parsed.notes {
        what[line - 1].1 = why.to_owned();
    }
    let mut out = String::new();
    let name = super::report::quoted(name);
    let _ = writeln!(out, "{name}: {}", summary(&parsed));
    if parsed.articles.is_empty() && parsed.listing.is_none() {
        let _ = writeln!(out, "  warning: {name}: skipped: {}", Skip::NoArticle);
    }
    for warning in &decoded.warnings {
        let place = warning.line.map_or_else(String::new, |line| format!(":{line}"));
        let _ = writeln!(out, "  warning: {name}{place}: {}", warning.message);
    }
    for (index, (line, (field, why))) in lines.iter().zip(what).enumerate() {
        if line.is_empty() {
            continue;
        }
        let why = if why.is_empty() { String::new() } else { format!("  {why}") };
        let _ = writeln!(out, "{:>5}  {field:<11} {:?}{why}", index + 1, super::report::shown(line, SHOWN_CHARS));
    }
    Ok(out)
}

/// What the file holds, in a few words.
fn summary(parsed: &parse::Parsed) -> String {
    if let Some(teasers) = parsed.listing {
        return Skip::Listing { teasers }.to_string();
    }
    let untitled = parsed.articles.iter().filter(|article| article.headline.is_none()).count();
    let articles = parsed.articles.len();
    let mut summary = format!("{articles} article{}", if articles == 1 { "" } else { "s" });
    if untitled > 0 {
        let _ = write!(summary, " ({untitled} without a printed headline)");
    }
    summary
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_line_is_named_with_its_field_or_reason() {
        let text = "Port Strike Halts Grain Exports\n\nDock workers walk out. REUTERS/Amanda Perobelli\nTT\n\nPort Strike Halts Grain Exports\n\nDock workers walk out. REUTERS/Amanda Perobelli\n\nThe union said the strike would last.\n";
        let explained = explain("a.txt", text.as_bytes().to_vec()).unwrap_or_default();
        let lines: Vec<&str> = explained.lines().collect();
        assert_eq!(lines[0], "a.txt: 1 article");
        assert!(lines[1].starts_with("    1  headline    \"Port Strike Halts Grain Exports\"  score 12: shape, first text line, printed again, captions after it"), "{}", lines[1]);
        assert_eq!(
            lines[2],
            "    3  caption     \"Dock workers walk out. REUTERS/Amanda Perobelli\"  ends with a photo credit"
        );
        assert_eq!(lines[3], "    4  removed     \"TT\"  page furniture (marker)");
        assert_eq!(lines[4], "    6  removed     \"Port Strike Halts Grain Exports\"  duplicate of headline at line 1");
        assert_eq!(lines[6], "   10  paragraph   \"The union said the strike would last.\"");
    }

    #[test]
    fn a_name_holding_a_newline_is_quoted() {
        let explained = explain("a\nb.md", b"# Port Strike\n\nThe union said.\n".to_vec()).unwrap_or_default();
        assert_eq!(explained.lines().next(), Some(r#""a\nb.md": 1 article"#), "{explained}");
    }

    #[test]
    fn a_listing_says_so_on_every_line() {
        let text = "Opinion\n\nThe questions in the US about the country's relationship with Israel have not gone as far…\n\nRami al-Rayes\n\nThe great. The giant. The wonder. And decades ago we used to say a thing…\n\nHazem Saghieh\n\nWhat are Putin's red lines? This question, asked with growing urgency, is…\n\nNigel Gould-Davies\n";
        let explained = explain("b.txt", text.as_bytes().to_vec()).unwrap_or_default();
        assert!(explained.starts_with("b.txt: not an article: a listing of 3 teasers\n"), "{explained}");
        assert!(
            explained.contains("    5  removed     \"Rami al-Rayes\"  not an article: a listing of 3 teasers\n"),
            "{explained}"
        );
    }
}
