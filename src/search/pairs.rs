//! Signatures of the adjacent word pairs of each body, so a quoted phrase reads word positions
//! only in the articles that may hold every adjacent pair of its words.
//!
//! A phrase query checks the positions of its words in every article that holds all of them,
//! and common words are in nearly every article. At build time each two words of a body that
//! stand next to each other (the body analyzer's tokens at consecutive positions) set one of
//! [`BITS`] bits of the article's signature, chosen by a hash of the pair. The signatures are
//! kept bit by bit: for each bit, a bitset over list positions (512 bytes an article). A phrase
//! then needs only the articles whose signature has the bit of each of its pairs: a superset of
//! the articles that hold the pairs (two pairs may share a bit), so [`narrowed`] adds it to the
//! phrase as a filter that scores 0, and the same articles match with the same scores.

use std::collections::HashMap;
use std::sync::Arc;

use tantivy::index::SegmentId;
use tantivy::query::{
    BitSetDocSet, BooleanQuery, ConstScorer, EnableScoring, Explanation, Occur, PhraseQuery, Query, Scorer, Weight,
};
use tantivy::schema::Field;
use tantivy::tokenizer::Token;
use tantivy::{BitSet, DocId, Score, SegmentReader, Term};

/// Bits of each article's pair signature.
const BITS: usize = 4096;

#[derive(serde::Serialize, serde::Deserialize)]
/// The pair signatures of a corpus: bit `b` of the article at list position `p` is bit `p % 64`
/// of `slices[b * words + p / 64]`.
pub(super) struct PairSignatures {
    /// Words of 64 bits in each bit's bitset: articles / 64, rounded up.
    words: usize,
    slices: Box<[u64]>,
    /// The signatures of the 64 articles being added, bit by bit.
    block: Box<[u64]>,
    /// The block `block` holds (list position / 64).
    block_at: usize,
    /// The bit of the article being added in the words of `block`.
    mask: u64,
    /// The last word of the body being added: its text and position.
    previous: (String, usize),
}

impl std::fmt::Debug for PairSignatures {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.debug_struct("PairSignatures").field("articles", &(self.words * 64)).finish_non_exhaustive()
    }
}

impl PairSignatures {
    /// Empty signatures for `articles` articles, to [`start`](Self::start) in list order.
    pub(super) fn new(articles: usize) -> PairSignatures {
        let words = articles.div_ceil(64);
        PairSignatures {
            words,
            slices: vec![0; BITS * words].into_boxed_slice(),
            block: vec![0; BITS].into_boxed_slice(),
            block_at: 0,
            mask: 0,
            previous: (String::new(), usize::MAX),
        }
    }

    /// Starts the article at list position `position`, which must not be before the last one
    /// started; [`push`](Self::push) then takes its body's tokens.
    pub(super) fn start(&mut self, position: usize) {
        if position / 64 != self.block_at {
            self.flush();
            self.block_at = position / 64;
        }
        self.mask = 1 << (position % 64);
        self.previous.1 = usize::MAX;
    }

    /// Takes the next token of the article's body (as the body analyzer gives it): with the
    /// token before, if that stands at the position just before, it makes a pair.
    pub(super) fn push(&mut self, token: &Token) {
        if self.previous.1.checked_add(1) == Some(token.position)
            && let Some(word) = self.block.get_mut(bit(&self.previous.0, &token.text))
        {
            *word |= self.mask;
        }
        self.previous.0.clear();
        self.previous.0.push_str(&token.text);
        self.previous.1 = token.position;
    }

    /// The signatures, once every article is added.
    pub(super) fn finish(mut self) -> PairSignatures {
        self.flush();
        self.block = Box::default();
        self
    }

    /// Writes the block being added into the bitsets and clears it.
    fn flush(&mut self) {
        for (at, word) in self.block.iter_mut().enumerate() {
            if let Some(slot) = self.slices.get_mut(at * self.words + self.block_at) {
                *slot |= *word;
            }
            *word = 0;
        }
    }

    /// The list positions whose signature has every bit of `bits`, as a bitset in 64-bit words.
    fn having(&self, bits: &[usize]) -> Vec<u64> {
        let mut found = vec![u64::MAX; self.words];
        for &bit in bits {
            let slice = self.slices.get(bit * self.words..(bit + 1) * self.words).unwrap_or_default();
            for (word, &other) in found.iter_mut().zip(slice) {
                *word &= other;
            }
        }
        found
    }
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

/// What [`narrowed`] needs: the signatures and the list position of each document, by segment.
#[derive(Debug, Clone)]
pub(super) struct Narrowing {
    /// The body's pair signatures.
    pub(super) signatures: Arc<PairSignatures>,
    /// The list position of each document, by segment and document id.
    pub(super) positions: Arc<HashMap<SegmentId, Arc<Vec<usize>>>>,
}

/// `query` with each phrase on `body` required to have the signature bits of its word pairs
/// too: the same matches and scores (the filter scores 0). Boolean queries are rebuilt around
/// their narrowed clauses; every other query is kept as it is.
///
/// The phrase's words must be at consecutive positions, as they are: the analyzer drops no
/// word a query can hold (see `words`), and the phrase must have no slop (newsreader's
/// queries have none).
pub(super) fn narrowed(query: &dyn Query, body: Field, narrowing: &Narrowing) -> Box<dyn Query> {
    if let Some(boolean) = query.downcast_ref::<BooleanQuery>() {
        let clauses = boolean
            .clauses()
            .iter()
            .map(|(occur, clause)| (*occur, narrowed(clause.as_ref(), body, narrowing)))
            .collect();
        return Box::new(BooleanQuery::with_minimum_required_clauses(
            clauses,
            boolean.get_minimum_number_should_match(),
        ));
    }
    let Some(phrase) = query.downcast_ref::<PhraseQuery>().filter(|phrase| phrase.field() == body) else {
        return query.box_clone();
    };
    let words: Vec<Term> = phrase.phrase_terms();
    let bits: Vec<usize> = words
        .windows(2)
        .filter_map(|pair| match pair {
            [left, right] => Some(bit(left.value().as_str()?, right.value().as_str()?)),
            _ => None,
        })
        .collect();
    let filter = PairFilter { narrowing: narrowing.clone(), bits };
    Box::new(BooleanQuery::new(vec![(Occur::Must, Box::new(phrase.clone())), (Occur::Must, Box::new(filter))]))
}

/// Matches the articles whose pair signature has all of `bits`, each with score 0.
#[derive(Debug, Clone)]
struct PairFilter {
    narrowing: Narrowing,
    bits: Vec<usize>,
}

impl Query for PairFilter {
    fn weight(&self, _: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        let having = self.narrowing.signatures.having(&self.bits);
        Ok(Box::new(PairFilterWeight { positions: self.narrowing.positions.clone(), having }))
    }
}

/// [`PairFilter`] for one search: the list positions that match, as a bitset in 64-bit words.
struct PairFilterWeight {
    positions: Arc<HashMap<SegmentId, Arc<Vec<usize>>>>,
    having: Vec<u64>,
}

impl Weight for PairFilterWeight {
    fn scorer(&self, reader: &SegmentReader, _: Score) -> tantivy::Result<Box<dyn Scorer>> {
        let mut documents = BitSet::with_max_value(reader.max_doc());
        let positions = self.positions.get(&reader.segment_id()).map_or(&[][..], |positions| positions.as_slice());
        for (doc, &position) in (0..).zip(positions) {
            if self.having.get(position / 64).is_some_and(|word| word & (1 << (position % 64)) != 0) {
                documents.insert(doc);
            }
        }
        Ok(Box::new(ConstScorer::new(BitSetDocSet::from(documents), Score::default())))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        super::explain_filter(self, reader, doc, "word pair signature")
    }
}

#[cfg(test)]
mod tests {
    use tantivy::tokenizer::{LowerCaser, RemoveLongFilter, SimpleTokenizer, TextAnalyzer, TokenStream};

    use super::*;

    /// Adds the article at `position`, its words longer than 8 bytes dropped.
    fn add(signatures: &mut PairSignatures, position: usize, text: &str) {
        let mut analyzer = TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(RemoveLongFilter::limit(8))
            .filter(LowerCaser)
            .build();
        signatures.start(position);
        let mut stream = analyzer.token_stream(text);
        while let Some(token) = stream.next() {
            signatures.push(token);
        }
    }

    /// Whether the article at `position` has the signature bits of `pairs`.
    fn has(signatures: &PairSignatures, position: usize, pairs: &[(&str, &str)]) -> bool {
        let bits: Vec<usize> = pairs.iter().map(|(left, right)| bit(left, right)).collect();
        signatures.having(&bits).get(position / 64).is_some_and(|word| word & (1 << (position % 64)) != 0)
    }

    #[test]
    fn signatures_hold_adjacent_pairs_and_never_span_a_dropped_word() {
        let mut signatures = PairSignatures::new(70);
        add(&mut signatures, 0, "Oil prices, rose");
        add(&mut signatures, 65, "oil overlongword rose fast");
        let signatures = signatures.finish();
        assert!(has(&signatures, 0, &[("oil", "prices"), ("prices", "rose")]));
        assert!(has(&signatures, 65, &[("rose", "fast")]));
        assert_ne!(bit("oil", "prices"), bit("prices", "oil"));
        for (position, pairs) in [
            (0, [("prices", "oil")]),
            (0, [("oil", "rose")]),
            (65, [("oil", "rose")]),
            (65, [("oil", "prices")]),
            (1, [("oil", "prices")]),
        ] {
            assert!(!has(&signatures, position, &pairs), "{position} {pairs:?}");
        }
        assert!(has(&signatures, 1, &[]), "no pair asked for: every article");
    }
}
