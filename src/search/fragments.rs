//! Where each article's body snippet can start and end, worked out once at index time, so a
//! query picks its snippet from the matched words' positions in the index rather than by
//! re-reading every hit's whole body.
//!
//! tantivy's `SnippetGenerator` walks the tokens of a text, cutting a new fragment at the
//! token that would take the current one past the length limit (the first fragment starts at
//! byte 0, the others at their first token); it scores each fragment by adding, in token order,
//! `1 / (1 + documents containing the word)` for every matched token, and keeps the best
//! fragment with a score above zero, the earliest on ties. The cuts depend on the text alone:
//! [`Cutter`] records them, [`Fragments::best`] scores them from the positions of the
//! matched tokens, in the same order and with the same sums.

use std::ops::Range;

use tantivy::Score;
use tantivy::tokenizer::Token;

/// One fragment: the position of its first token and its byte range in the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
struct Fragment {
    first: u32,
    start: u32,
    stop: u32,
}

/// The fragments of one text, in text order (those with at least one token), and the
/// position after its last token: a field may hold more text after it (the `text` field
/// holds the headline after the body), whose matches no fragment of this text takes.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub(super) struct Fragments {
    fragments: Box<[Fragment]>,
    end: u32,
}

/// Cuts one text into [`Fragments`] from its tokens, given in order.
pub(super) struct Cutter {
    max_bytes: usize,
    fragments: Vec<Fragment>,
    current: Option<Fragment>,
    /// Where the current fragment starts (byte 0 for the first).
    start: usize,
    /// The position after the last token pushed.
    end: u32,
}

impl Cutter {
    /// A cutter for fragments of at most `max_bytes` bytes.
    pub(super) fn new(max_bytes: usize) -> Cutter {
        Cutter { max_bytes, fragments: Vec::new(), current: None, start: 0, end: 0 }
    }

    /// Takes the next token of the text (as the field's own analyzer gives it).
    pub(super) fn push(&mut self, token: &Token) {
        let narrow = |value: usize| u32::try_from(value).unwrap_or(u32::MAX);
        if token.offset_to - self.start > self.max_bytes {
            self.fragments.extend(self.current.take());
            self.start = token.offset_from;
        }
        let fragment = self.current.get_or_insert(Fragment {
            first: narrow(token.position),
            start: narrow(self.start),
            stop: narrow(token.offset_to),
        });
        fragment.stop = narrow(token.offset_to);
        self.end = self.end.max(narrow(token.position).saturating_add(1));
    }

    /// The fragments of the text, once every token is pushed.
    pub(super) fn finish(mut self) -> Fragments {
        self.fragments.extend(self.current);
        Fragments { fragments: self.fragments.into_boxed_slice(), end: self.end }
    }
}

impl Fragments {
    /// The byte range of the best fragment for `matches` (token position and the word's
    /// weight, by position), or `None` when no fragment has a matched token. Matches at or
    /// after the text's end are passed over.
    pub(super) fn best(&self, matches: &[(u32, Score)]) -> Option<Range<usize>> {
        let mut best: Option<(Score, &Fragment)> = None;
        let mut matches = matches.iter().peekable();
        for (at, fragment) in self.fragments.iter().enumerate() {
            let next = self.fragments.get(at + 1).map_or(self.end, |next| next.first);
            let mut score: Score = 0.0;
            while let Some((_, weight)) = matches.next_if(|(position, _)| *position < next) {
                score += weight;
            }
            if score > 0.0 && best.is_none_or(|(top, _)| score > top) {
                best = Some((score, fragment));
            }
        }
        best.map(|(_, fragment)| fragment.start as usize..fragment.stop as usize)
    }
}

#[cfg(test)]
mod tests {
    use tantivy::tokenizer::{LowerCaser, RemoveLongFilter, SimpleTokenizer, TextAnalyzer, TokenStream};

    use super::*;

    /// The fragments of `text` as the default text analyzer tokenizes it.
    fn fragments(text: &str, max_bytes: usize) -> Fragments {
        let mut analyzer = TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(RemoveLongFilter::limit(40))
            .filter(LowerCaser)
            .build();
        let mut cutter = Cutter::new(max_bytes);
        let mut stream = analyzer.token_stream(text);
        while let Some(token) = stream.next() {
            cutter.push(token);
        }
        cutter.finish()
    }

    #[test]
    fn fragments_cut_before_the_token_that_would_overflow() {
        let text = "  aa bb, cc dd ee";
        let fragments = fragments(text, 8);
        let ranges: Vec<_> =
            fragments.fragments.iter().map(|f| (f.first, &text[f.start as usize..f.stop as usize])).collect();
        assert_eq!(ranges, [(0, "  aa bb"), (2, "cc dd ee")]);
    }

    #[test]
    fn the_best_fragment_has_the_highest_sum_and_ties_go_to_the_earliest() {
        let text = "aa bb cc dd ee ff";
        let fragments = fragments(text, 5);
        assert_eq!(fragments.fragments.len(), 3);
        assert_eq!(fragments.best(&[]), None);
        assert_eq!(fragments.best(&[(2, 0.5), (5, 0.5)]), Some(6..11));
        assert_eq!(fragments.best(&[(0, 0.25), (1, 0.25), (4, 0.5)]), Some(0..5));
        assert_eq!(fragments.best(&[(0, 0.25), (4, 0.5)]), Some(12..17));
        // Positions 6 on belong to text after this one (a headline after the body).
        assert_eq!(fragments.best(&[(0, 0.25), (6, 0.5), (9, 0.5)]), Some(0..5));
        assert_eq!(fragments.best(&[(6, 0.5)]), None);
    }
}
