//! The collector that ranks a query's matches: the best few by score, then list position,
//! found with tantivy's block-max pruning (`Weight::for_each_pruning`) rather than by scoring
//! every match; and the query shapes tantivy prunes.
//!
//! A pruning scorer skips documents and whole posting blocks that cannot beat the lowest kept
//! score. [`Best`] keeps equal scores in list order, so it asks only to skip what scores
//! strictly below that score: the same documents come out as from scoring every match and
//! sorting, however the index is split into segments.

use std::cmp::{Ordering, Reverse};
use std::collections::{BinaryHeap, HashMap};
use std::sync::Arc;

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::index::SegmentId;
use tantivy::query::{BooleanQuery, Occur, Query, TermQuery, Weight};
use tantivy::{DocId, Score, SegmentReader};

/// The list position of each document, by segment and document id (`usize::MAX` for a
/// document of no article of the corpus).
pub(super) type Positions = HashMap<SegmentId, Arc<Vec<usize>>>;

/// A match's rank: higher score first, then earlier list position.
#[derive(Debug, Clone, Copy)]
pub(super) struct Ranked {
    pub(super) score: Score,
    pub(super) position: usize,
}

impl Ord for Ranked {
    fn cmp(&self, other: &Ranked) -> Ordering {
        self.score.total_cmp(&other.score).then_with(|| other.position.cmp(&self.position))
    }
}

impl PartialOrd for Ranked {
    fn partial_cmp(&self, other: &Ranked) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl PartialEq for Ranked {
    fn eq(&self, other: &Ranked) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Ranked {}

/// The best `limit` matches of a query by [`Ranked`], best first.
pub(super) struct Best {
    pub(super) limit: usize,
    pub(super) positions: Arc<Positions>,
}

/// The best matches of one segment: a heap whose top is the worst kept.
pub(super) struct BestInSegment {
    limit: usize,
    documents: Arc<Vec<usize>>,
    kept: BinaryHeap<Reverse<Ranked>>,
}

impl BestInSegment {
    /// The score a match must exceed to be worth passing on: anything while fewer than `limit`
    /// are kept, then just below the worst kept (an equal score may still rank above it by
    /// list position).
    fn threshold(&self) -> Score {
        match self.kept.peek() {
            Some(Reverse(worst)) if self.kept.len() >= self.limit => worst.score.next_down(),
            _ => Score::MIN,
        }
    }
}

impl SegmentCollector for BestInSegment {
    type Fruit = Vec<Ranked>;

    fn collect(&mut self, doc: DocId, score: Score) {
        let Some(&position) = self.documents.get(doc as usize) else { return };
        // A document of no article of the corpus (a replica's index a commit ahead).
        if position == usize::MAX || self.limit == 0 {
            return;
        }
        let ranked = Ranked { score, position };
        if self.kept.len() < self.limit {
            self.kept.push(Reverse(ranked));
        } else if let Some(mut worst) = self.kept.peek_mut()
            && ranked > worst.0
        {
            *worst = Reverse(ranked);
        }
    }

    fn harvest(self) -> Vec<Ranked> {
        self.kept.into_sorted_vec().into_iter().map(|Reverse(ranked)| ranked).collect()
    }
}

impl Collector for Best {
    type Fruit = Vec<Ranked>;
    type Child = BestInSegment;

    fn for_segment(&self, _: u32, segment: &SegmentReader) -> tantivy::Result<BestInSegment> {
        let documents = self.positions.get(&segment.segment_id()).cloned().unwrap_or_default();
        Ok(BestInSegment { limit: self.limit, documents, kept: BinaryHeap::with_capacity(self.limit.min(1024)) })
    }

    fn requires_scoring(&self) -> bool {
        true
    }

    fn merge_fruits(&self, segments: Vec<Vec<Ranked>>) -> tantivy::Result<Vec<Ranked>> {
        let mut all: Vec<Ranked> = segments.into_iter().flatten().collect();
        all.sort_unstable_by(|left, right| right.cmp(left));
        all.truncate(self.limit);
        Ok(all)
    }

    fn collect_segment(&self, weight: &dyn Weight, ord: u32, reader: &SegmentReader) -> tantivy::Result<Vec<Ranked>> {
        let mut best = self.for_segment(ord, reader)?;
        let alive = reader.alive_bitset();
        let is_alive = |doc: DocId| alive.is_none_or(|alive| alive.is_alive(doc));
        weight.for_each_pruning(Score::MIN, reader, &mut |doc, score| {
            if is_alive(doc) {
                best.collect(doc, score);
            }
            best.threshold()
        })?;
        Ok(best.harvest())
    }
}

/// All of `queries` required, one conjunction: the clauses of those that are conjunctions
/// already (required and excluded clauses only) are taken into it, so words stay term queries
/// side by side, which tantivy prunes ([`prunes`]). Scores add up as in the nested queries.
pub(super) fn all_of(queries: Vec<Box<dyn Query>>) -> Box<dyn Query> {
    let mut clauses = Vec::new();
    for query in queries {
        match query.downcast_ref::<BooleanQuery>() {
            Some(boolean) if boolean.clauses().iter().all(|(occur, _)| *occur != Occur::Should) => {
                clauses.extend(boolean.clauses().iter().map(|(occur, clause)| (*occur, clause.box_clone())));
            }
            _ => clauses.push((Occur::Must, query)),
        }
    }
    Box::new(BooleanQuery::new(clauses))
}

/// Whether tantivy prunes `query` for [`Best`]: one word, or words all required or all
/// optional (block-max WAND over a term union or intersection). Any other query scores every
/// match, so its count is best taken in the same pass.
pub(super) fn prunes(query: &dyn Query) -> bool {
    if query.is::<TermQuery>() {
        return true;
    }
    let Some(boolean) = query.downcast_ref::<BooleanQuery>() else { return false };
    let clauses = boolean.clauses();
    let all = |occur: Occur| clauses.iter().all(|(each, clause)| *each == occur && clause.is::<TermQuery>());
    clauses.len() >= 2 && (all(Occur::Must) || all(Occur::Should))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kept(limit: usize, matches: &[(Score, usize)]) -> Vec<(Score, usize)> {
        let documents = Arc::new((0..matches.len()).map(|doc| matches[doc].1).collect::<Vec<_>>());
        let mut best = BestInSegment { limit, documents, kept: BinaryHeap::new() };
        for (doc, &(score, _)) in (0..).zip(matches) {
            if score > best.threshold() {
                best.collect(doc, score);
            }
        }
        best.harvest().into_iter().map(|ranked| (ranked.score, ranked.position)).collect()
    }

    #[test]
    fn equal_scores_keep_list_order_past_the_threshold() {
        // Documents in index order; their list positions are not.
        let matches = [(1.0, 7), (2.0, 5), (1.0, 3), (1.0, 9), (0.5, 0), (2.0, 1)];
        assert_eq!(kept(3, &matches), [(2.0, 1), (2.0, 5), (1.0, 3)]);
        assert_eq!(kept(1, &matches), [(2.0, 1)]);
        assert_eq!(kept(0, &matches), []);
        assert_eq!(kept(9, &matches).len(), 6);
    }

    #[test]
    fn word_unions_and_intersections_are_pruned_and_conjunctions_are_flattened() {
        let schema = {
            let mut schema = tantivy::schema::Schema::builder();
            schema.add_text_field("text", tantivy::schema::TEXT);
            schema.build()
        };
        let field = schema.get_field("text").expect("text field");
        let word = |text: &str| -> Box<dyn Query> {
            Box::new(TermQuery::new(
                tantivy::Term::from_field_text(field, text),
                tantivy::schema::IndexRecordOption::WithFreqs,
            ))
        };
        let boolean = |clauses: Vec<(Occur, Box<dyn Query>)>| BooleanQuery::new(clauses);
        assert!(prunes(word("oil").as_ref()));
        assert!(prunes(&boolean(vec![(Occur::Must, word("oil")), (Occur::Must, word("gold"))])));
        assert!(prunes(&boolean(vec![(Occur::Should, word("oil")), (Occur::Should, word("gold"))])));
        assert!(!prunes(&boolean(vec![(Occur::Must, word("oil")), (Occur::MustNot, word("gold"))])));
        assert!(!prunes(&boolean(vec![(Occur::Must, word("oil"))])));
        let phrase = tantivy::query::PhraseQuery::new(vec![
            tantivy::Term::from_field_text(field, "oil"),
            tantivy::Term::from_field_text(field, "gold"),
        ]);
        assert!(!prunes(&phrase));
        assert!(!prunes(&boolean(vec![(Occur::Must, word("oil")), (Occur::Must, Box::new(phrase))])));
        // Conjunctions are taken into one; a union stays one clause of it.
        let occurs = |query: &dyn Query| -> Vec<Occur> {
            let boolean = query.downcast_ref::<BooleanQuery>().expect("a boolean query");
            boolean.clauses().iter().map(|(occur, _)| *occur).collect()
        };
        let both = all_of(vec![word("oil"), word("gold")]);
        assert!(prunes(both.as_ref()));
        let excluding = boolean(vec![(Occur::Must, word("gold")), (Occur::MustNot, word("rain"))]);
        let flat = all_of(vec![word("oil"), Box::new(excluding)]);
        assert_eq!(occurs(flat.as_ref()), [Occur::Must, Occur::Must, Occur::MustNot]);
        let union = boolean(vec![(Occur::Should, word("oil")), (Occur::Should, word("gold"))]);
        let nested = all_of(vec![word("rain"), Box::new(union)]);
        assert_eq!(occurs(nested.as_ref()), [Occur::Must, Occur::Must]);
        assert!(!prunes(nested.as_ref()));
    }

    #[test]
    fn documents_of_no_article_are_not_kept() {
        assert_eq!(kept(2, &[(3.0, usize::MAX), (1.0, 4)]), [(1.0, 4)]);
    }
}
