//! The collectors that rank a query's matches: the best few by score, then list position,
//! found with tantivy's block-max pruning (`Weight::for_each_pruning`) rather than by scoring
//! every match, and the headline matches' scores that put them first.
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
use tantivy::{DocId, DocSet, Score, SegmentReader, TERMINATED};

/// The list position of each document, by segment and document id (`usize::MAX` for a
/// document of no article of the corpus).
pub(super) type Positions = HashMap<SegmentId, Arc<Vec<usize>>>;

/// What a headline-only query scored, by segment: its matches' document ids in order, each
/// with its score.
pub(super) type HeadlineScores = HashMap<SegmentId, Arc<Vec<(DocId, Score)>>>;

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
    /// Only these documents, each ranked by its score plus the one given (a headline match
    /// first); `None` for every match, pruned.
    pub(super) among: Option<Arc<HeadlineScores>>,
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
        match &self.among {
            None => weight.for_each_pruning(Score::MIN, reader, &mut |doc, score| {
                if is_alive(doc) {
                    best.collect(doc, score);
                }
                best.threshold()
            })?,
            Some(among) => {
                let listed = among.get(&reader.segment_id()).map(|listed| listed.as_slice()).unwrap_or_default();
                let mut scorer = weight.scorer(reader, 1.0)?;
                for &(doc, extra) in listed {
                    if scorer.doc() < doc {
                        scorer.seek(doc);
                    }
                    if scorer.doc() == TERMINATED {
                        break;
                    }
                    if scorer.doc() == doc && is_alive(doc) {
                        best.collect(doc, scorer.score() + extra);
                    }
                }
            }
        }
        Ok(best.harvest())
    }
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

/// Collects the score of every match, by segment ([`HeadlineScores`]): what a headline-only
/// query adds to a headline match.
pub(super) struct ScoresBySegment;

/// [`ScoresBySegment`] in one segment.
pub(super) struct SegmentScores {
    segment: SegmentId,
    scores: Vec<(DocId, Score)>,
}

impl Collector for ScoresBySegment {
    type Fruit = HeadlineScores;
    type Child = SegmentScores;

    fn for_segment(&self, _: u32, segment: &SegmentReader) -> tantivy::Result<SegmentScores> {
        Ok(SegmentScores { segment: segment.segment_id(), scores: Vec::new() })
    }

    fn requires_scoring(&self) -> bool {
        true
    }

    fn merge_fruits(&self, segments: Vec<(SegmentId, Vec<(DocId, Score)>)>) -> tantivy::Result<HeadlineScores> {
        Ok(segments.into_iter().map(|(segment, scores)| (segment, Arc::new(scores))).collect())
    }
}

impl SegmentCollector for SegmentScores {
    type Fruit = (SegmentId, Vec<(DocId, Score)>);

    fn collect(&mut self, doc: DocId, score: Score) {
        self.scores.push((doc, score));
    }

    fn harvest(self) -> Self::Fruit {
        (self.segment, self.scores)
    }
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
    fn word_unions_and_intersections_are_pruned_and_nothing_else() {
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
    }

    #[test]
    fn documents_of_no_article_are_not_kept() {
        assert_eq!(kept(2, &[(3.0, usize::MAX), (1.0, 4)]), [(1.0, 4)]);
    }
}
