//! Bidirectional-text controls left open in a piece of text, closed where it ends.
//!
//! Unicode Standard Annex #9 (the bidi algorithm) has two kinds of paired controls:
//! embeddings and overrides (LRE U+202A, RLE U+202B, LRO U+202D, RLO U+202E), closed by PDF
//! U+202C, and isolates (LRI U+2066, RLI U+2067, FSI U+2068), closed by PDI U+2069. One left
//! open in a headline runs on past it: an RLO reverses the rest of the `<title>`
//! (`... — newsreader`) or of the feed reader's line. [`close`] ends every such control at
//! the end of the text, and drops closers that have nothing to close (they would close a
//! control of the text around it).

use std::borrow::Cow;

/// Pop directional formatting, which closes an embedding or override.
const PDF: char = '\u{202C}';
/// Pop directional isolate, which closes an isolate.
const PDI: char = '\u{2069}';

/// What [`close`] changed in a text.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Closed {
    /// The openers left open, in the order they were opened (`U+202E`): each is closed, in
    /// the reverse order, at the end of the text.
    pub open: Vec<char>,
    /// How many closers had nothing to close and were dropped.
    pub dropped: usize,
}

impl Closed {
    /// Whether the text was changed.
    pub fn changed(&self) -> bool {
        !self.open.is_empty() || self.dropped > 0
    }

    /// One sentence saying what was changed (`1 bidi control left open (U+202E) closed at
    /// its end`), for a warning.
    pub fn describe(&self) -> String {
        let mut parts = Vec::new();
        if !self.open.is_empty() {
            let named: Vec<String> = self.open.iter().map(|&c| format!("U+{:04X}", u32::from(c))).collect();
            parts.push(format!(
                "{} bidi control(s) left open ({}) closed at its end",
                self.open.len(),
                named.join(", ")
            ));
        }
        if self.dropped > 0 {
            parts.push(format!("{} bidi closer(s) with nothing to close dropped", self.dropped));
        }
        parts.join("; ")
    }
}

/// `text` with every bidi embedding, override and isolate that it leaves open closed at its
/// end (PDF for an embedding or override, PDI for an isolate, innermost first), and every
/// PDF or PDI that closes nothing dropped; and what was changed. Pairing follows UAX #9
/// (rules X6a and X7): a PDI closes the innermost open isolate and every embedding opened
/// inside it; a PDF closes the innermost embedding unless an isolate was opened after it.
/// Borrowed when nothing changes, as for any text without a bidi control.
pub fn close(text: &str) -> (Cow<'_, str>, Closed) {
    if !text.contains(is_control) {
        return (Cow::Borrowed(text), Closed::default());
    }
    let mut open: Vec<char> = Vec::new();
    let mut kept = String::with_capacity(text.len() + 6);
    let mut dropped = 0;
    for c in text.chars() {
        let closes = match c {
            PDI => match open.iter().rposition(|&opener| is_isolate(opener)) {
                Some(at) => {
                    open.truncate(at);
                    true
                }
                None => false,
            },
            PDF => match open.last() {
                Some(&opener) if !is_isolate(opener) => {
                    open.pop();
                    true
                }
                _ => false,
            },
            c if is_opener(c) => {
                open.push(c);
                true
            }
            _ => true,
        };
        if closes {
            kept.push(c);
        } else {
            dropped += 1;
        }
    }
    kept.extend(open.iter().rev().map(|&opener| if is_isolate(opener) { PDI } else { PDF }));
    let closed = Closed { open, dropped };
    if closed.changed() { (Cow::Owned(kept), closed) } else { (Cow::Borrowed(text), closed) }
}

fn is_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

fn is_opener(c: char) -> bool {
    matches!(c, '\u{202A}' | '\u{202B}' | '\u{202D}' | '\u{202E}' | '\u{2066}'..='\u{2068}')
}

fn is_isolate(c: char) -> bool {
    matches!(c, '\u{2066}'..='\u{2068}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn open_controls_are_closed_at_the_end_and_stray_closers_dropped() {
        let cases: [(&str, &str, &[char], usize); 10] = [
            ("Oil prices rise", "Oil prices rise", &[], 0),
            ("\u{202E}Oil prices rise", "\u{202E}Oil prices rise\u{202C}", &['\u{202E}'], 0),
            ("Oil \u{2067}نفط rises", "Oil \u{2067}نفط rises\u{2069}", &['\u{2067}'], 0),
            // Innermost first: the override opened inside the isolate closes before it.
            ("\u{2068}a \u{202B}b", "\u{2068}a \u{202B}b\u{202C}\u{2069}", &['\u{2068}', '\u{202B}'], 0),
            // Paired controls are left as they are.
            ("a \u{202B}b\u{202C} \u{2066}c\u{2069}", "a \u{202B}b\u{202C} \u{2066}c\u{2069}", &[], 0),
            // A PDI closes the embeddings opened inside its isolate too.
            ("\u{2066}a \u{202A}b\u{2069} c", "\u{2066}a \u{202A}b\u{2069} c", &[], 0),
            // A PDF cannot close an embedding outside an open isolate: it is dropped.
            ("\u{202A}a \u{2066}b\u{202C}", "\u{202A}a \u{2066}b\u{2069}\u{202C}", &['\u{202A}', '\u{2066}'], 1),
            ("Oil\u{202C} rises\u{2069}", "Oil rises", &[], 2),
            ("\u{202D}\u{202D}x", "\u{202D}\u{202D}x\u{202C}\u{202C}", &['\u{202D}', '\u{202D}'], 0),
            ("", "", &[], 0),
        ];
        for (text, expected, open, dropped) in cases {
            let (closed, changes) = close(text);
            assert_eq!(closed, expected, "{text:?}");
            assert_eq!(changes, Closed { open: open.to_vec(), dropped }, "{text:?}");
            assert_eq!(matches!(closed, Cow::Borrowed(_)), !changes.changed(), "{text:?}");
        }
    }

    #[test]
    fn changes_are_described_in_one_sentence() {
        assert_eq!(
            close("\u{202E}a\u{2067}b").1.describe(),
            "2 bidi control(s) left open (U+202E, U+2067) closed at its end"
        );
        assert_eq!(close("\u{2066}a\u{2069}\u{2069}").1.describe(), "1 bidi closer(s) with nothing to close dropped");
    }
}
