//! What a query leaves out (`-word`, `-"a phrase"`), matched up front into a bitset per
//! segment, so the exclusion never drives a phrase scorer backwards.
//!
//! tantivy 0.27 excludes by calling `seek_danger` on the excluded scorer with rising targets;
//! a phrase scorer that answered "not here" is left past the next target and its debug check
//! panics (tantivy issue #2811). A bitset answers any target.

use tantivy::query::{BitSetDocSet, ConstScorer, EnableScoring, Explanation, Query, Scorer, Weight};
use tantivy::{BitSet, DocId, DocSet, Score, SegmentReader, TERMINATED};

/// Matches what the query it holds matches, each document with score 0, read whole into a bitset per
/// segment before it is used.
#[derive(Debug)]
pub(super) struct Excluded(pub(super) Box<dyn Query>);

impl Clone for Excluded {
    fn clone(&self) -> Self {
        Excluded(self.0.box_clone())
    }
}

impl Query for Excluded {
    fn weight(&self, scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        let unscored = match scoring {
            EnableScoring::Enabled { searcher, .. } => EnableScoring::disabled_from_searcher(searcher),
            disabled @ EnableScoring::Disabled { .. } => disabled,
        };
        Ok(Box::new(ExcludedWeight(self.0.weight(unscored)?)))
    }
}

/// [`Excluded`] for one search.
struct ExcludedWeight(Box<dyn Weight>);

impl Weight for ExcludedWeight {
    fn scorer(&self, reader: &SegmentReader, _: Score) -> tantivy::Result<Box<dyn Scorer>> {
        let mut documents = BitSet::with_max_value(reader.max_doc());
        let mut matching = self.0.scorer(reader, 1.0)?;
        let mut doc = matching.doc();
        while doc != TERMINATED {
            documents.insert(doc);
            doc = matching.advance();
        }
        Ok(Box::new(ConstScorer::new(BitSetDocSet::from(documents), Score::default())))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        super::explain_filter(self, reader, doc, "left out by the query")
    }
}
