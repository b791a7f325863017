//! Signatures of the adjacent word pairs of each article's text (its body and its headline),
//! so a quoted phrase reads word positions only in the articles that may hold every adjacent
//! pair of its words.
//!
//! A phrase query checks the positions of its words in every article that holds all of them,
//! and common words are in nearly every article. At index time each two words of a body or a
//! headline that stand next to each other (the analyzer's tokens at consecutive positions) set one of
//! [`BITS`] bits of the article's signature, chosen by a hash of the pair, and each bit set is
//! indexed as a term of the `pairs` field ([`Pairs::terms`]). A phrase then needs only the
//! articles that hold the term of each of its pairs: a superset of the articles that hold the
//! pairs (two pairs may share a bit), so [`narrowed`] adds those terms to the phrase as a filter
//! that scores 0, and the same articles match with the same scores. The terms live in the index
//! with the words, so they are on disk, memory-mapped and updated with each document.

use tantivy::Term;
use tantivy::query::{BooleanQuery, ConstScoreQuery, Occur, PhraseQuery, Query, TermQuery};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::tokenizer::Token;

/// Bits of each article's pair signature.
const BITS: usize = 4096;

/// The pair signature of one article, taken from its tokens in order, text by text.
pub(super) struct Pairs {
    /// Bit `b` is bit `b % 64` of word `b / 64`.
    bits: Box<[u64]>,
    /// The last word taken: its text and position (`usize::MAX` before the first).
    previous: (String, usize),
}

impl Default for Pairs {
    fn default() -> Pairs {
        Pairs { bits: vec![0; BITS / 64].into_boxed_slice(), previous: (String::new(), usize::MAX) }
    }
}

impl Pairs {
    /// Takes the next token (as the text analyzer gives it): with the token before, if that
    /// stands at the position just before, it makes a pair.
    pub(super) fn push(&mut self, token: &Token) {
        if self.previous.1.checked_add(1) == Some(token.position) {
            let bit = bit(&self.previous.0, &token.text);
            if let Some(word) = self.bits.get_mut(bit / 64) {
                *word |= 1 << (bit % 64);
            }
        }
        self.previous.0.clear();
        self.previous.0.push_str(&token.text);
        self.previous.1 = token.position;
    }

    /// The terms of the `pairs` field for the bits set ([`term`]), in bit order.
    pub(super) fn terms(&self) -> impl Iterator<Item = String> + '_ {
        (0..BITS).filter(|bit| self.bits.get(bit / 64).is_some_and(|word| word & (1 << (bit % 64)) != 0)).map(term)
    }
}

/// The `pairs` term of signature bit `bit`: its number in hex (`1a3`).
fn term(bit: usize) -> String {
    format!("{bit:x}")
}

/// The signature bit of the pair of words `left` then `right`: an FNV-1a hash of both (a 0xFF
/// byte between, which UTF-8 never holds), mixed (the SplitMix64 finalizer), its top 12 bits.
fn bit(left: &str, right: &str) -> usize {
    let bytes = left.bytes().chain([0xFF]).chain(right.bytes());
    let mut hash =
        bytes.fold(0xcbf2_9ce4_8422_2325_u64, |hash, byte| (hash ^ u64::from(byte)).wrapping_mul(0x100_0000_01b3));
    hash = (hash ^ (hash >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    hash = (hash ^ (hash >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    hash ^= hash >> 31;
    (hash >> (64 - BITS.trailing_zeros())) as usize
}

/// `query` with each phrase on `text` required to hold the `pairs` terms of its word pairs
/// too: the same matches and scores (the filter scores 0). Boolean queries are rebuilt around
/// their narrowed clauses; every other query is kept as it is.
///
/// The phrase's words must be at consecutive positions, as they are: the analyzer drops no
/// word a query can hold (see `words`), and the phrase must have no slop (newsreader's
/// queries have none).
pub(super) fn narrowed(query: &dyn Query, text: Field, pairs: Field) -> Box<dyn Query> {
    if let Some(boolean) = query.downcast_ref::<BooleanQuery>() {
        let clauses =
            boolean.clauses().iter().map(|(occur, clause)| (*occur, narrowed(clause.as_ref(), text, pairs))).collect();
        return Box::new(BooleanQuery::with_minimum_required_clauses(
            clauses,
            boolean.get_minimum_number_should_match(),
        ));
    }
    let Some(phrase) = query.downcast_ref::<PhraseQuery>().filter(|phrase| phrase.field() == text) else {
        return query.box_clone();
    };
    let words: Vec<Term> = phrase.phrase_terms();
    let filters = words.windows(2).filter_map(|pair| match pair {
        [left, right] => {
            let term = Term::from_field_text(pairs, &self::term(bit(left.value().as_str()?, right.value().as_str()?)));
            let filter: Box<dyn Query> =
                Box::new(ConstScoreQuery::new(Box::new(TermQuery::new(term, IndexRecordOption::Basic)), 0.0));
            Some((Occur::Must, filter))
        }
        _ => None,
    });
    let phrase: Box<dyn Query> = Box::new(phrase.clone());
    Box::new(BooleanQuery::new(std::iter::once((Occur::Must, phrase)).chain(filters).collect()))
}

#[cfg(test)]
mod tests {
    use tantivy::tokenizer::{LowerCaser, RemoveLongFilter, SimpleTokenizer, TextAnalyzer, TokenStream};

    use super::*;

    /// The signature of `text`, its words longer than 8 bytes dropped.
    fn signature(text: &str) -> Pairs {
        let mut analyzer = TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(RemoveLongFilter::limit(8))
            .filter(LowerCaser)
            .build();
        let mut pairs = Pairs::default();
        let mut stream = analyzer.token_stream(text);
        while let Some(token) = stream.next() {
            pairs.push(token);
        }
        pairs
    }

    /// Whether `signature` has the terms of `pairs`.
    fn has(signature: &Pairs, pairs: &[(&str, &str)]) -> bool {
        let terms: Vec<String> = signature.terms().collect();
        pairs.iter().all(|(left, right)| terms.contains(&term(bit(left, right))))
    }

    #[test]
    fn signatures_hold_adjacent_pairs_and_never_span_a_dropped_word() {
        let first = signature("Oil prices, rose");
        let second = signature("oil overlongword rose fast");
        assert_eq!(first.terms().count(), 2, "two pairs, two bits");
        assert!(has(&first, &[("oil", "prices"), ("prices", "rose")]));
        assert!(has(&second, &[("rose", "fast")]));
        assert_eq!(second.terms().count(), 1, "no pair spans the dropped word");
        assert_ne!(bit("oil", "prices"), bit("prices", "oil"));
        assert_eq!(term(bit("oil", "prices")), format!("{:x}", bit("oil", "prices")));
        for (signature, pairs) in
            [(&first, [("prices", "oil")]), (&first, [("oil", "rose")]), (&second, [("oil", "rose")])]
        {
            assert!(!has(signature, &pairs), "{pairs:?}");
        }
    }
}
