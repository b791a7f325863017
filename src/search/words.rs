//! The words search sees: text cut into words as tantivy's `SimpleTokenizer` cuts it (runs
//! of letters and digits), except that Arabic vowel marks and tatweel stay inside a word,
//! each CJK character (Han, kana, Hangul) is a word of its own, and each word is folded so
//! that `غزة` matches `غَزَّة` and `أحمد` matches `احمد`.
//!
//! Chinese and Japanese print no space between words, so a run such as `是神的呼出` holds
//! several words with no mark where one ends. Each of its characters is a word at its own
//! position: a query word of several characters (`神的呼出`) is then a phrase of them, found
//! wherever those characters stand in that order, and a one-character word (`神`) is found
//! too. The body's word-pair signatures (see `pairs`) hold each two adjacent characters: they
//! act as a bigram index that narrows such phrases to the articles that may hold them.
//!
//! The same analyzer reads the index and the query, so both sides are folded alike; a token
//! keeps the byte offsets of the unfolded word, so snippets mark the text as printed.

use tantivy::tokenizer::{LowerCaser, RemoveLongFilter, TextAnalyzer, Token, TokenStream, Tokenizer};

/// The name the analyzer is registered under in the index.
pub(crate) const NAME: &str = "words";

/// Longest word indexed, in bytes (after folding). A query holds at most 200 characters,
/// at most 1,200 bytes once lowercased, so every word a reader can type (a long German
/// compound, a long part of a URL) is indexed; longer runs of letters (base64 blobs) cannot
/// be typed in a query and are left out of the index.
const LONGEST_WORD: usize = 4096;

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

/// Whether `c` is written without spaces between words, so each one is a word of its own:
/// Han ideographs (CJK Unified Ideographs and their extensions, compatibility ideographs, `々`
/// `〆` `〇`), hiragana, katakana (with the prolonged sound mark `ー` and half-width forms) and
/// Hangul syllables.
pub(crate) fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{3005}'..='\u{3007}'
        | '\u{3021}'..='\u{3029}'
        | '\u{3041}'..='\u{30FF}'
        | '\u{31F0}'..='\u{31FF}'
        | '\u{3400}'..='\u{4DBF}'
        | '\u{4E00}'..='\u{9FFF}'
        | '\u{AC00}'..='\u{D7A3}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{FF66}'..='\u{FF9F}'
        | '\u{20000}'..='\u{3FFFF}')
}

/// Whether `c` belongs in a word once one has started: a letter, a digit or an
/// [`is_ignored_mark`] character.
fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || is_ignored_mark(c)
}

/// Cuts text into words: a word starts at a letter or digit and runs over letters, digits
/// and [`is_ignored_mark`] characters, up to a CJK character ([`is_cjk`]), which is a word
/// alone; its token text is [`fold`]ed.
#[derive(Debug, Clone, Default)]
pub(crate) struct Words {
    token: Token,
}

/// The words of one text.
pub(crate) struct WordStream<'a> {
    text: &'a str,
    /// The byte offset where the next word is looked for.
    at: usize,
    token: &'a mut Token,
}

impl Tokenizer for Words {
    type TokenStream<'a> = WordStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> WordStream<'a> {
        self.token.reset();
        WordStream { text, at: 0, token: &mut self.token }
    }
}

impl TokenStream for WordStream<'_> {
    fn advance(&mut self) -> bool {
        self.token.text.clear();
        let rest = self.text.get(self.at..).unwrap_or_default();
        let Some((start, first)) = rest.char_indices().find(|&(_, c)| c.is_alphanumeric() && !is_ignored_mark(c))
        else {
            self.at = self.text.len();
            return false;
        };
        let from = self.at + start;
        let after = from + first.len_utf8();
        let to = if is_cjk(first) {
            after
        } else {
            let tail = self.text.get(after..).unwrap_or_default();
            tail.find(|c: char| !is_word_char(c) || is_cjk(c)).map_or(self.text.len(), |end| after + end)
        };
        self.at = to;
        self.token.text.extend(self.text[from..to].chars().filter(|&c| !is_ignored_mark(c)).map(fold_alef));
        self.token.offset_from = from;
        self.token.offset_to = to;
        self.token.position = self.token.position.wrapping_add(1);
        true
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
        let long = "x".repeat(4095);
        assert_eq!(words(&format!("{long} {long}x")), [(long.clone(), 0, 4095, 0)]);
    }

    #[test]
    fn each_cjk_character_is_a_word() {
        assert_eq!(
            words("是神的呼出。iPhone手机ー"),
            [
                ("是".to_owned(), 0, 3, 0),
                ("神".to_owned(), 3, 6, 1),
                ("的".to_owned(), 6, 9, 2),
                ("呼".to_owned(), 9, 12, 3),
                ("出".to_owned(), 12, 15, 4),
                ("iphone".to_owned(), 18, 24, 5),
                ("手".to_owned(), 24, 27, 6),
                ("机".to_owned(), 27, 30, 7),
                ("ー".to_owned(), 30, 33, 8),
            ]
        );
        assert_eq!(
            words("東京2025年"),
            [
                ("東".to_owned(), 0, 3, 0),
                ("京".to_owned(), 3, 6, 1),
                ("2025".to_owned(), 6, 10, 2),
                ("年".to_owned(), 10, 13, 3),
            ]
        );
        assert_eq!(
            words("서울에서"),
            [
                ("서".to_owned(), 0, 3, 0),
                ("울".to_owned(), 3, 6, 1),
                ("에".to_owned(), 6, 9, 2),
                ("서".to_owned(), 9, 12, 3),
            ]
        );
    }
}
