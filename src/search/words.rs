//! The words search sees: text cut into words as tantivy's `SimpleTokenizer` cuts it (runs
//! of letters and digits), except that Arabic vowel marks and tatweel stay inside a word,
//! and each word folded so that `غزة` matches `غَزَّة` and `أحمد` matches `احمد`.
//!
//! The same analyzer reads the index and the query, so both sides are folded alike; a token
//! keeps the byte offsets of the unfolded word, so snippets mark the text as printed.

use std::str::CharIndices;

use tantivy::tokenizer::{LowerCaser, RemoveLongFilter, TextAnalyzer, Token, TokenStream, Tokenizer};

/// The name the analyzer is registered under in the index.
pub(crate) const NAME: &str = "words";

/// Longest word indexed, in bytes (after folding): tantivy's default limit, which drops
/// longer runs (base64, URLs glued together) rather than index them.
const LONGEST_WORD: usize = 40;

/// The analyzer of every text field: [`Words`], words of [`LONGEST_WORD`] bytes or more
/// dropped, then lowercased.
pub(crate) fn analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(Words::default()).filter(RemoveLongFilter::limit(LONGEST_WORD)).filter(LowerCaser).build()
}

/// Whether `c` is an Arabic mark that does not change which word is written: the tashkeel
/// (harakat, tanwin, shadda, sukun, maddah and hamza above or below: U+064B..U+065F), the
/// superscript alef U+0670, and the tatweel U+0640 that stretches a word for layout.
fn is_ignored_mark(c: char) -> bool {
    matches!(c, '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{0640}')
}

/// `c` with an Arabic alef form folded to the bare alef U+0627: with hamza above (أ U+0623)
/// or below (إ U+0625), with madda (آ U+0622), wasla (ٱ U+0671). Other characters are
/// themselves.
fn fold_alef(c: char) -> char {
    match c {
        '\u{0622}' | '\u{0623}' | '\u{0625}' | '\u{0671}' => '\u{0627}',
        c => c,
    }
}

/// `text` without [`is_ignored_mark`] characters, its alef forms folded (see [`fold_alef`]);
/// otherwise unchanged (not lowercased). Used for the words of the index and of the query,
/// and for comparing exact headlines.
pub(crate) fn fold(text: &str) -> String {
    text.chars().filter(|&c| !is_ignored_mark(c)).map(fold_alef).collect()
}

/// Cuts text into words: a word starts at a letter or digit and runs over letters, digits
/// and [`is_ignored_mark`] characters; its token text is [`fold`]ed.
#[derive(Debug, Clone, Default)]
pub(crate) struct Words {
    token: Token,
}

/// The words of one text.
pub(crate) struct WordStream<'a> {
    text: &'a str,
    chars: CharIndices<'a>,
    token: &'a mut Token,
}

impl Tokenizer for Words {
    type TokenStream<'a> = WordStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> WordStream<'a> {
        self.token.reset();
        WordStream { text, chars: text.char_indices(), token: &mut self.token }
    }
}

impl TokenStream for WordStream<'_> {
    fn advance(&mut self) -> bool {
        self.token.text.clear();
        while let Some((from, c)) = self.chars.next() {
            if !c.is_alphanumeric() || is_ignored_mark(c) {
                continue;
            }
            let to = self
                .chars
                .find(|&(_, c)| !(c.is_alphanumeric() || is_ignored_mark(c)))
                .map_or(self.text.len(), |(at, _)| at);
            self.token.text.extend(self.text[from..to].chars().filter(|&c| !is_ignored_mark(c)).map(fold_alef));
            self.token.offset_from = from;
            self.token.offset_to = to;
            self.token.position = self.token.position.wrapping_add(1);
            return true;
        }
        false
    }

    fn token(&self) -> &Token {
        self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        self.token
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<(String, usize, usize, usize)> {
        let mut analyzer = analyzer();
        let mut stream = analyzer.token_stream(text);
        let mut words = Vec::new();
        while let Some(token) = stream.next() {
            words.push((token.text.clone(), token.offset_from, token.offset_to, token.position));
        }
        words
    }

    #[test]
    fn arabic_words_are_read_without_their_marks_and_with_one_alef() {
        let cases = [
            ("غَزَّة", "غزة"),
            ("غــزة", "غزة"),
            ("أحمد", "احمد"),
            ("إسرائيل", "اسرائيل"),
            ("آمال", "امال"),
            ("ٱلله", "الله"),
            ("هٰذا", "هذا"),
            ("مُحَمَّدٌ", "محمد"),
            ("الخرطوم", "الخرطوم"),
        ];
        for (printed, folded) in cases {
            assert_eq!(fold(printed), folded, "{printed}");
            assert_eq!(words(printed), [(folded.to_owned(), 0, printed.len(), 0)], "{printed}");
        }
    }

    #[test]
    fn other_text_is_cut_as_the_simple_tokenizer_cuts_it() {
        assert_eq!(
            words("Oil rose, 3.5% — Café «غَزَّة»"),
            [
                ("oil".to_owned(), 0, 3, 0),
                ("rose".to_owned(), 4, 8, 1),
                ("3".to_owned(), 10, 11, 2),
                ("5".to_owned(), 12, 13, 3),
                ("café".to_owned(), 19, 24, 4),
                ("غزة".to_owned(), 27, 27 + "غَزَّة".len(), 5),
            ]
        );
        // A tatweel alone is no word.
        assert_eq!(words("ـ a"), [("a".to_owned(), 3, 4, 0)]);
        assert_eq!(words(&"x".repeat(40)), []);
    }
}
