//! Full-text search over a corpus with tantivy, in memory or on disk (a data folder's
//! `index/`). No tantivy type leaves this module.
//!
//! 1. [`SearchIndex::build`] indexes every article of a [`Corpus`]: headline, photo captions
//!    and body, plus its list position, and records where each body's snippets can fall.
//! 2. [`SearchIndex::search`] checks the query ([`QueryError`]), reads it (see `query`: all
//!    words required; `"a phrase"`; `-word` and `NOT word` exclude; `OR`; anything malformed
//!    read as its words, which must match too), builds the tantivy query itself, and ranks: an exact headline match first, then articles whose headline matches, then the
//!    rest, each group by BM25 score, equal scores in list order.
//! 3. Each hit gets its headline and a body snippet with the matched words in `<mark>`
//!    (tantivy's `SnippetGenerator`, the passage chosen from the index: see `fragments`).
//!
//! Words are read by one analyzer at index and query time (see `words`): Arabic vowel marks
//! and tatweel are ignored and alef forms folded, so `غزة` finds `غَزَّة`; each CJK character
//! is a word, so `神的呼出` is a phrase found inside `是神的呼出`; long words are indexed;
//! queries are read in NFC, as seed text is.
//!
//! An index belongs to the corpus it was built from: pass that same corpus to `search`.

mod excluded;
mod fragments;
mod pairs;
mod query;
mod sealed;
mod words;

use std::cmp::Reverse;
use std::collections::{BTreeSet, HashMap};
use std::ops::Range;
use std::path::Path;
use std::sync::Arc;

use tantivy::collector::{Collector, Count, SegmentCollector, TopDocs};
use tantivy::index::{IndexSettings, IndexSortByField, Order, SegmentId, SegmentMeta};
use tantivy::indexer::NoMergePolicy;
use tantivy::postings::Postings;
use tantivy::query::{BooleanQuery, Occur, PhraseQuery, Query, TermQuery};
use tantivy::schema::{FAST, Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions};
use tantivy::snippet::SnippetGenerator;
use tantivy::tokenizer::{TextAnalyzer, TokenStream};
use tantivy::{DocAddress, DocId, DocSet, Index, ReloadPolicy, Score, Searcher, SegmentReader, TantivyDocument, Term};

use unicode_normalization::UnicodeNormalization;

use self::fragments::{Cutter, Fragments};
use self::pairs::{Narrowing, PairSignatures};
use self::query::Parsed;

use crate::article::Article;
use crate::corpus::Corpus;

/// Longest query accepted, in characters (Unicode scalar values).
pub const MAX_QUERY_CHARS: usize = 200;

/// Longest body snippet, in bytes of text before highlighting.
const SNIPPET_CHARS: usize = 220;

/// Indexing memory budget of each indexing thread: tantivy's minimum (15 MB), as it adds to
/// the server's peak memory. The segments they write are merged after the last document, so
/// the budget only sets how many segments are merged.
const WRITER_BYTES_PER_THREAD: usize = 15_000_000;

/// Fewest articles worth a thread of their own when indexing and searching: a smaller corpus
/// is indexed in milliseconds by one thread, and each thread a reload starts costs memory.
const ARTICLES_PER_THREAD: usize = 1_000;

/// Most threads that index, and that search one query: the index is merged into this many
/// segments (or as many as there are cores, if fewer), searched in parallel.
const MAX_THREADS: usize = 2;

/// A document's rank: higher score first, then earlier list position.
type Rank = (Score, Reverse<usize>);

/// An in-memory full-text index of one corpus, never changed after [`SearchIndex::build`].
#[derive(Clone)]
pub struct SearchIndex {
    searcher: Searcher,
    headline: Field,
    body: Field,
    /// The body's word pair signatures, to narrow phrase queries (see `pairs`).
    narrowing: Narrowing,
    /// The analyzer of both fields, to cut a query's items into words.
    analyzer: TextAnalyzer,
    /// The list position of each document, by segment and document id.
    positions: Arc<HashMap<SegmentId, Arc<Vec<usize>>>>,
    /// The document of each article, by list position.
    addresses: Arc<Vec<DocAddress>>,
    /// Where each article's body snippet can start and end, by list position.
    fragments: Arc<Vec<Fragments>>,
    exact: HashMap<String, usize>,
}
impl std::fmt::Debug for SearchIndex {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.debug_struct("SearchIndex").field("headlines", &self.exact.len()).finish_non_exhaustive()
    }
}

/// One search result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    /// The article's position in list order.
    pub position: usize,
    /// The headline as HTML, matched words in `<mark>`, text escaped; `None` when no word of
    /// the headline matched (show the plain headline).
    pub headline_html: Option<String>,
    /// A passage of the body (at most about 220 characters) as HTML, matched words in
    /// `<mark>`, text escaped; `None` when the body has no matched word (show the lede).
    pub snippet_html: Option<String>,
}

/// The results of one query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Results {
    /// How many articles match in all.
    pub total: usize,
    /// The hits asked for (a range of ranks, from 0 for the best), best first.
    pub hits: Vec<Hit>,
}

/// A query that is not run, and why: each is shown to the reader as a hint, not an error page.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum QueryError {
    /// Nothing but spaces.
    #[error("type a word or two to search for")]
    Empty,
    /// Longer than [`MAX_QUERY_CHARS`].
    #[error("the query is {chars} characters long; at most {MAX_QUERY_CHARS} are searched")]
    TooLong {
        /// Its length in characters.
        chars: usize,
    },
    /// No letter or digit at all (`"`, `(`, `*`).
    #[error("the query has no word in it: search for letters or digits")]
    NoWords,
}

/// Why the index could not be built or searched (tantivy's own error, as text).
#[derive(Debug, thiserror::Error)]
#[error("search index: {0}")]
pub struct Error(String);

impl From<tantivy::TantivyError> for Error {
    fn from(error: tantivy::TantivyError) -> Self {
        Error(error.to_string())
    }
}

impl From<std::io::Error> for Error {
    fn from(error: std::io::Error) -> Self {
        Error(error.to_string())
    }
}

impl SearchIndex {
    /// Indexes every article of `corpus` in memory, in up to [`MAX_THREADS`] threads, then
    /// merges the index into as many segments of about the same size, each sorted by list
    /// position, for queries to search in parallel.
    ///
    /// # Errors
    /// When tantivy fails to write, merge or open the in-memory index.
    pub fn build(corpus: &Corpus) -> Result<SearchIndex, Error> {
        let (schema, settings) = schema();
        let index = Index::builder().schema(schema).settings(settings).create_in_ram()?;
        let side = write(&index, corpus)?;
        assemble(index, corpus, side)
    }

    /// The index of `corpus` from the folder `root` (a data folder's `index/`): opened from
    /// `root/<fingerprint>/` when an earlier run built it for the same articles (the
    /// fingerprint hashes every headline and body, see [`fingerprint`]), else built there
    /// as [`SearchIndex::build`] does, in a temporary folder renamed into place when complete,
    /// so no reader sees half an index. Indexes of other fingerprints are removed once this
    /// one is in place. A folder that cannot be opened is built again (logged).
    ///
    /// The index files are memory-mapped: the OS keeps them in its page cache, not in the
    /// server's own memory.
    ///
    /// # Errors
    /// When tantivy or the file system fails to write or open the index.
    pub fn open_or_build(corpus: &Corpus, root: &Path) -> Result<(SearchIndex, Origin), Error> {
        let fingerprint = fingerprint(corpus);
        let dir = root.join(&fingerprint);
        if dir.join(SIDE_FILE).exists() {
            match open(corpus, &dir) {
                Ok(index) => {
                    remove_others(root, &fingerprint);
                    return Ok((index, Origin::Opened));
                }
                Err(error) => {
                    tracing::warn!(%error, dir = %dir.display(), "the search index on disk cannot be opened: building it again");
                    std::fs::remove_dir_all(&dir)?;
                }
            }
        }
        static BUILDS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let build = BUILDS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let temporary = root.join(format!("{fingerprint}{TEMPORARY}{}-{build}", std::process::id()));
        std::fs::create_dir_all(&temporary)?;
        let (schema, settings) = schema();
        let index = Index::builder().schema(schema).settings(settings).create_in_dir(&temporary)?;
        let side = write(&index, corpus)?;
        drop(index);
        let bytes = postcard::to_stdvec(&side).map_err(|error| Error(error.to_string()))?;
        std::fs::write(temporary.join(SIDE_FILE), bytes)?;
        readable_by_all(&temporary)?;
        if dir.join(SIDE_FILE).exists() {
            // Another build of the same articles finished first: use it.
            let _ = std::fs::remove_dir_all(&temporary);
        } else {
            let _ = std::fs::remove_dir_all(&dir);
            std::fs::rename(&temporary, &dir)?;
        }
        remove_others(root, &fingerprint);
        Ok((open(corpus, &dir)?, Origin::Built))
    }

    /// The index of `corpus` that another process builds in `root` (see
    /// [`SearchIndex::open_or_build`]): opened once its folder is complete, checked every
    /// 100 ms for at most `wait`; `None` when it has not come by then.
    ///
    /// # Errors
    /// When the folder is there but cannot be opened.
    pub fn open_built(corpus: &Corpus, root: &Path, wait: std::time::Duration) -> Result<Option<SearchIndex>, Error> {
        let dir = root.join(fingerprint(corpus));
        let until = std::time::Instant::now() + wait;
        while !dir.join(SIDE_FILE).exists() {
            if std::time::Instant::now() >= until {
                return Ok(None);
            }
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
        open(corpus, &dir).map(Some)
    }

    /// The articles for `query` ranked `wanted` (from 0 for the best: `0..30` is the best 30,
    /// `30..60` the next), best first (see the module docs for the order); fewer, or none,
    /// where fewer match.
    ///
    /// One pass over the articles that match gives the count, the best by score and the best
    /// whose headline matches too, those by the score the query and the headline-only query
    /// would give together; the headline-only query runs first, over the headlines alone.
    ///
    /// # Errors
    /// `Ok(Err(QueryError))` for a query that is not run; `Err` when tantivy fails.
    pub fn search(
        &self,
        corpus: &Corpus,
        query: &str,
        wanted: Range<usize>,
    ) -> Result<Result<Results, QueryError>, Error> {
        if let Err(problem) = check(query) {
            return Ok(Err(problem));
        }
        let query = query.nfc().collect::<String>();
        let parsed = query::parse(&query);
        let all = self.query(&parsed, &[self.headline, self.body]);
        let matching = pairs::narrowed(all.as_ref(), self.body, &self.narrowing);
        let in_headline = self.query(&parsed, &[self.headline]);
        let headline_scores = Arc::new(self.searcher.search(&in_headline, &ScoresBySegment)?);
        // No more can match than there are articles: a page far past the end asks for none.
        let limit = wanted.end.min(self.addresses.len());
        let positions = self.positions.clone();
        let headline_first = TopDocs::with_limit(limit.max(1)).tweak_score(move |segment: &SegmentReader| {
            let scores = headline_scores.get(&segment.segment_id()).cloned();
            let rank = ranker(&positions, segment);
            move |doc: DocId, score: Score| {
                let in_headline = scores.as_ref().and_then(|scores| scores.get(doc as usize)).copied().flatten();
                in_headline.map(|headline_score| rank(doc, score + headline_score))
            }
        });
        let positions = self.positions.clone();
        let rest =
            TopDocs::with_limit(limit.max(1)).tweak_score(move |segment: &SegmentReader| ranker(&positions, segment));
        let (first, rest, total) = self.searcher.search(&matching, &(headline_first, rest, Count))?;
        let first = first.into_iter().filter_map(|(rank, _)| rank);
        let mut order = Vec::with_capacity(limit);
        if let Some(&exact) = self.exact.get(&normalize(query.trim().trim_matches('"'))) {
            order.push(exact);
        }
        for (_, Reverse(position)) in first.chain(rest.into_iter().map(|(rank, _)| rank)) {
            if !order.contains(&position) {
                order.push(position);
            }
        }
        order.truncate(limit);
        let shown = order.get(wanted.start..).unwrap_or_default();
        let hits = self.highlight(all.as_ref(), corpus, shown)?;
        Ok(Ok(Results { total: total.max(order.len()), hits }))
    }

    /// The tantivy query for `parsed` over `fields`: every required group matches (one of its
    /// items, in any of the fields), no excluded item does.
    fn query(&self, parsed: &Parsed<'_>, fields: &[Field]) -> Box<dyn Query> {
        let required = parsed.required.iter().filter_map(|group| {
            any_of(group.iter().filter_map(|text| self.item(text, fields)).collect()).map(|query| (Occur::Must, query))
        });
        let excluded = parsed
            .excluded
            .iter()
            .filter_map(|text| self.item(text, fields))
            .map(|query| -> (Occur, Box<dyn Query>) { (Occur::MustNot, Box::new(excluded::Excluded(query))) });
        Box::new(BooleanQuery::new(required.chain(excluded).collect()))
    }

    /// The query for one item's `text` in any of `fields`: its one word, or its words as a
    /// phrase; `None` when it holds no word.
    fn item(&self, text: &str, fields: &[Field]) -> Option<Box<dyn Query>> {
        let mut analyzer = self.analyzer.clone();
        let mut stream = analyzer.token_stream(text);
        let mut words = Vec::new();
        while let Some(token) = stream.next() {
            words.push((token.position, token.text.clone()));
        }
        let &(first, _) = words.first()?;
        let in_field = |field: Field| -> Box<dyn Query> {
            let mut terms: Vec<(usize, Term)> =
                words.iter().map(|(position, word)| (position - first, Term::from_field_text(field, word))).collect();
            match terms.pop() {
                Some((_, term)) if terms.is_empty() => Box::new(TermQuery::new(term, IndexRecordOption::WithFreqs)),
                last => {
                    terms.extend(last);
                    Box::new(PhraseQuery::new_with_offset(terms))
                }
            }
        };
        any_of(fields.iter().map(|&field| in_field(field)).collect())
    }

    /// The address of the document of the article at list position `position`.
    fn address_of(&self, position: usize) -> Result<DocAddress, Error> {
        self.addresses.get(position).copied().ok_or_else(|| Error(format!("no document for position {position}")))
    }

    /// Hits for articles at `positions`, with headline and body highlighted for `query`.
    fn highlight(&self, query: &dyn Query, corpus: &Corpus, positions: &[usize]) -> Result<Vec<Hit>, Error> {
        let mut headlines = SnippetGenerator::create(&self.searcher, query, self.headline)?;
        headlines.set_max_num_chars(usize::MAX / 2);
        let mut bodies = SnippetGenerator::create(&self.searcher, query, self.body)?;
        bodies.set_max_num_chars(SNIPPET_CHARS);
        let passages = self.best_passages(query, positions)?;
        let articles = corpus.articles();
        Ok(positions
            .iter()
            .filter_map(|&position| articles.get(position).map(|article| (position, article)))
            .map(|(position, article)| {
                let headline_snippet = headlines.snippet(&article.headline);
                let body = body_text(article);
                let passage = passages.get(&position).cloned().filter(|range| body.get(range.clone()).is_some());
                let snippet_html =
                    passage.and_then(|range| marked(bodies.snippet(&body[range.clone()]), &body, range.start));
                Hit { position, headline_html: marked(headline_snippet, &article.headline, 0), snippet_html }
            })
            .collect())
    }

    /// The byte range of the body passage to show for each article at `positions` whose body
    /// has a word of `query`: the fragment [`SnippetGenerator`] would pick, found from the
    /// matched words' positions in the index (see [`fragments`]).
    fn best_passages(&self, query: &dyn Query, positions: &[usize]) -> Result<HashMap<usize, Range<usize>>, Error> {
        let mut terms = BTreeSet::new();
        query.query_terms(&mut |term, _| {
            if term.field() == self.body && term.value().as_str().is_some() {
                terms.insert(term);
            }
        });
        let mut weighted: Vec<(&Term, Score)> = Vec::with_capacity(terms.len());
        for term in terms {
            let documents = self.searcher.doc_freq(term)?;
            if documents > 0 {
                weighted.push((term, 1.0 / (1.0 + documents as Score)));
            }
        }
        let mut addresses = positions
            .iter()
            .map(|&position| self.address_of(position).map(|address| (address, position)))
            .collect::<Result<Vec<_>, _>>()?;
        addresses.sort_unstable();
        let mut passages = HashMap::with_capacity(positions.len());
        let mut buffer = Vec::new();
        let mut matches = Vec::new();
        for segment in addresses.chunk_by(|(left, _), (right, _)| left.segment_ord == right.segment_ord) {
            let Some((first, _)) = segment.first() else { continue };
            let index = self.searcher.segment_reader(first.segment_ord).inverted_index(self.body)?;
            let mut postings = Vec::with_capacity(weighted.len());
            for &(term, weight) in &weighted {
                if let Some(list) = index.read_postings(term, IndexRecordOption::WithFreqsAndPositions)? {
                    postings.push((list, weight));
                }
            }
            for &(address, position) in segment {
                matches.clear();
                for (list, weight) in &mut postings {
                    if list.doc() < address.doc_id {
                        list.seek(address.doc_id);
                    }
                    if list.doc() == address.doc_id {
                        list.positions(&mut buffer);
                        matches.extend(buffer.iter().map(|&at| (at, *weight)));
                    }
                }
                matches.sort_unstable_by_key(|&(at, _)| at);
                let best = self.fragments.get(position).and_then(|fragments| fragments.best(&matches));
                passages.extend(best.map(|range| (position, range)));
            }
        }
        Ok(passages)
    }
}

/// Whether `query` is worth running.
fn check(query: &str) -> Result<(), QueryError> {
    let chars = query.chars().count();
    if chars > MAX_QUERY_CHARS {
        Err(QueryError::TooLong { chars })
    } else if query.trim().is_empty() {
        Err(QueryError::Empty)
    } else if !query.chars().any(char::is_alphanumeric) {
        Err(QueryError::NoWords)
    } else {
        Ok(())
    }
}

/// One query matching any of `queries`; `None` for none.
fn any_of(mut queries: Vec<Box<dyn Query>>) -> Option<Box<dyn Query>> {
    if queries.len() > 1 {
        Some(Box::new(BooleanQuery::new(queries.into_iter().map(|query| (Occur::Should, query)).collect())))
    } else {
        queries.pop()
    }
}

/// Text for exact-headline comparison: lowercase, whitespace runs folded to one space, Arabic
/// marks dropped and alef forms folded as in the index ([`words::fold`]).
fn normalize(text: &str) -> String {
    words::fold(&text.split_whitespace().collect::<Vec<_>>().join(" ")).to_lowercase()
}

/// What the body field holds: captions, then body blocks, one per line.
fn body_text(article: &Article) -> String {
    let captions = article.photos.iter().map(|photo| &*photo.caption);
    captions.chain(article.blocks.iter().map(|block| block.text())).collect::<Vec<_>>().join("\n")
}

/// The fragments of a body `text` (see `fragments`), its word pairs added to `signatures` as
/// the article at list position `at`: one pass of the body analyzer feeds both.
fn cut_and_sign(analyzer: &mut TextAnalyzer, text: &str, signatures: &mut PairSignatures, at: usize) -> Fragments {
    let mut cutter = Cutter::new(SNIPPET_CHARS);
    signatures.start(at);
    let mut stream = analyzer.token_stream(text);
    while let Some(token) = stream.next() {
        cutter.push(token);
        signatures.push(token);
    }
    cutter.finish()
}

/// How [`TopDocs`] ranks the documents of `segment`: by score, then list position (so equal
/// scores rank the same however the index is split into segments).
fn ranker(
    positions: &HashMap<SegmentId, Arc<Vec<usize>>>,
    segment: &SegmentReader,
) -> impl Fn(DocId, Score) -> Rank + 'static + use<> {
    let documents = positions.get(&segment.segment_id()).cloned().unwrap_or_default();
    move |doc, score| (score, Reverse(documents.get(doc as usize).copied().unwrap_or(usize::MAX)))
}

/// `segments` in `count` groups of about as many documents each, to merge each into one.
fn groups(segments: Vec<SegmentMeta>, count: usize) -> Vec<Vec<SegmentId>> {
    let total: usize = segments.iter().map(|segment| segment.num_docs() as usize).sum();
    let mut groups = vec![Vec::new()];
    let mut seen = 0;
    for segment in segments {
        if seen * count >= total * groups.len() {
            groups.push(Vec::new());
        }
        seen += segment.num_docs() as usize;
        if let Some(group) = groups.last_mut() {
            group.push(segment.id());
        }
    }
    groups
}

/// The list position of every document of `segment`, by document id.
/// The explanation of a filter that scores 0 (`weight`) for `doc`: `what` it is when `doc`
/// matches, an error when it does not.
fn explain_filter(
    weight: &dyn tantivy::query::Weight,
    reader: &SegmentReader,
    doc: DocId,
    what: &'static str,
) -> tantivy::Result<tantivy::query::Explanation> {
    let mut scorer = weight.scorer(reader, 1.0)?;
    if scorer.seek(doc) == doc {
        Ok(tantivy::query::Explanation::new(what, Score::default()))
    } else {
        Err(tantivy::TantivyError::InvalidArgument(format!("document {doc} does not match: {what}")))
    }
}

/// Where [`SearchIndex::open_or_build`] got its index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// Opened from the folder an earlier run built.
    Opened,
    /// Built now.
    Built,
}

/// The file beside an index on disk holding what tantivy does not: the snippet cuts and
/// word-pair signatures of every article (postcard).
const SIDE_FILE: &str = "newsreader-side.postcard";

/// What names an index folder that is still being built: `<fingerprint>.tmp-<pid>-<n>`.
pub const TEMPORARY: &str = ".tmp-";

/// What bumps when the words an index holds change for the same text (the analyzer, the
/// fields, the side file): indexes of another format are never opened.
const INDEX_FORMAT: &str = "newsreader index 1";

/// The schema: headline and body text, and the list position as a fast field that orders the
/// documents.
fn schema() -> (Schema, IndexSettings) {
    let mut schema = Schema::builder();
    let text = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(words::NAME)
            .set_index_option(IndexRecordOption::WithFreqsAndPositions),
    );
    schema.add_text_field("headline", text.clone());
    schema.add_text_field("body", text);
    schema.add_u64_field("position", FAST);
    let settings = IndexSettings {
        sort_by_field: Some(IndexSortByField { field: "position".to_owned(), order: Order::Asc }),
        ..IndexSettings::default()
    };
    (schema.build(), settings)
}

/// What an index needs beside tantivy's files.
#[derive(serde::Serialize, serde::Deserialize)]
struct Side {
    /// Where each article's body snippet can start and end, by list position.
    fragments: Vec<Fragments>,
    /// The body's word pair signatures.
    signatures: PairSignatures,
}

/// The threads that index and search `corpus`: one per [`ARTICLES_PER_THREAD`] articles, up
/// to [`MAX_THREADS`] or the cores there are.
fn threads_for(corpus: &Corpus) -> usize {
    let cores = std::thread::available_parallelism().map_or(1, usize::from);
    cores.min(MAX_THREADS).min(corpus.articles().len().div_ceil(ARTICLES_PER_THREAD)).max(1)
}

/// Writes every article of `corpus` into the empty `index` and merges it into
/// [`threads_for`] segments of about the same size; returns the side data.
fn write(index: &Index, corpus: &Corpus) -> Result<Side, Error> {
    index.tokenizers().register(words::NAME, words::analyzer());
    let schema = index.schema();
    let (headline, body, position) =
        (schema.get_field("headline")?, schema.get_field("body")?, schema.get_field("position")?);
    let threads = threads_for(corpus);
    let mut writer = index.writer_with_num_threads(threads, threads * WRITER_BYTES_PER_THREAD)?;
    writer.set_merge_policy(Box::new(NoMergePolicy));
    let mut body_analyzer = index.tokenizer_for_field(body)?;
    let mut fragments = Vec::with_capacity(corpus.articles().len());
    let mut signatures = PairSignatures::new(corpus.articles().len());
    for (at, article) in corpus.articles().iter().enumerate() {
        let mut document = TantivyDocument::default();
        document.add_text(headline, &article.headline);
        let text = body_text(article);
        fragments.push(cut_and_sign(&mut body_analyzer, &text, &mut signatures, at));
        document.add_text(body, text);
        document.add_u64(position, at as u64);
        writer.add_document(document)?;
    }
    writer.commit()?;
    let merges: Vec<_> = groups(index.searchable_segment_metas()?, threads)
        .iter()
        .filter(|group| group.len() > 1)
        .map(|group| writer.merge(group))
        .collect();
    for merge in merges {
        merge.wait()?;
    }
    writer.wait_merging_threads()?;
    Ok(Side { fragments, signatures: signatures.finish() })
}

/// The search index over `index`, written for `corpus`, with its `side` data.
fn assemble(mut index: Index, corpus: &Corpus, side: Side) -> Result<SearchIndex, Error> {
    index.tokenizers().register(words::NAME, words::analyzer());
    let schema = index.schema();
    let (headline, body) = (schema.get_field("headline")?, schema.get_field("body")?);
    let analyzer = index.tokenizer_for_field(body)?;
    let threads = threads_for(corpus);
    if threads > 1 {
        index.set_multithread_executor(threads)?;
    }
    let searcher = index.reader_builder().reload_policy(ReloadPolicy::Manual).try_into()?.searcher();
    if searcher.num_docs() as usize != corpus.articles().len() || side.fragments.len() != corpus.articles().len() {
        return Err(Error(format!(
            "the index holds {} documents and {} snippet cuts for {} articles",
            searcher.num_docs(),
            side.fragments.len(),
            corpus.articles().len()
        )));
    }
    let mut positions = HashMap::new();
    let mut addresses = vec![DocAddress::new(0, 0); corpus.articles().len()];
    for (ord, segment) in (0..).zip(searcher.segment_readers()) {
        let documents = positions_of(segment)?;
        for (doc, &position) in (0..).zip(&documents) {
            if let Some(address) = addresses.get_mut(position) {
                *address = DocAddress::new(ord, doc);
            }
        }
        positions.insert(segment.segment_id(), Arc::new(documents));
    }
    let positions = Arc::new(positions);
    let exact =
        corpus.articles().iter().enumerate().rev().map(|(at, article)| (normalize(&article.headline), at)).collect();
    Ok(SearchIndex {
        searcher,
        headline,
        body,
        analyzer,
        narrowing: Narrowing { signatures: Arc::new(side.signatures), positions: positions.clone() },
        positions,
        addresses: Arc::new(addresses),
        fragments: Arc::new(side.fragments),
        exact,
    })
}

/// Makes every file in `dir` readable by every user (tantivy writes `meta.json` for its owner
/// alone), so replicas running as other users can open the index.
fn readable_by_all(dir: &Path) -> std::io::Result<()> {
    #[cfg(unix)]
    for entry in std::fs::read_dir(dir)? {
        use std::os::unix::fs::PermissionsExt as _;
        let path = entry?.path();
        let mut permissions = std::fs::metadata(&path)?.permissions();
        permissions.set_mode(permissions.mode() | 0o444);
        std::fs::set_permissions(&path, permissions)?;
    }
    Ok(())
}

/// Opens the index folder `dir` built for `corpus`.
fn open(corpus: &Corpus, dir: &Path) -> Result<SearchIndex, Error> {
    let side = std::fs::read(dir.join(SIDE_FILE))?;
    let side: Side = postcard::from_bytes(&side).map_err(|error| Error(format!("{SIDE_FILE}: {error}")))?;
    assemble(Index::open(sealed::Sealed::open(dir)?)?, corpus, side)
}

/// Removes the index folders in `root` other than `keep`, and none being built. Best effort:
/// a folder that cannot be removed is left for the next time.
fn remove_others(root: &Path, keep: &str) {
    let Ok(entries) = std::fs::read_dir(root) else { return };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if name != keep && !name.contains(TEMPORARY) {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

/// The fingerprint of what an index of `corpus` holds: a 128-bit xxh3 hash, in hex, of the
/// index format and every article's headline and searchable text in list order.
pub fn fingerprint(corpus: &Corpus) -> String {
    let mut hasher = xxhash_rust::xxh3::Xxh3::new();
    hasher.update(INDEX_FORMAT.as_bytes());
    hasher.update(env!("CARGO_PKG_VERSION").as_bytes());
    for article in corpus.articles() {
        let text = body_text(article);
        for part in [article.headline.as_bytes(), text.as_bytes()] {
            hasher.update(&(part.len() as u64).to_le_bytes());
            hasher.update(part);
        }
    }
    format!("{:032x}", hasher.digest128())
}

fn positions_of(segment: &SegmentReader) -> Result<Vec<usize>, Error> {
    let column = segment.fast_fields().u64("position")?;
    (0..segment.max_doc())
        .map(|doc| {
            column
                .first(doc)
                .and_then(|position| usize::try_from(position).ok())
                .ok_or_else(|| Error(format!("document {doc} has no position")))
        })
        .collect()
}

/// Collects the score of every matching document, by segment and document id (`None` where
/// the document does not match): what the headline-only query adds to a headline match.
struct ScoresBySegment;

/// [`ScoresBySegment`] in one segment.
struct SegmentScores {
    segment: SegmentId,
    scores: Vec<Option<Score>>,
}

impl Collector for ScoresBySegment {
    type Fruit = HashMap<SegmentId, Arc<Vec<Option<Score>>>>;
    type Child = SegmentScores;

    fn for_segment(&self, _: u32, segment: &SegmentReader) -> tantivy::Result<SegmentScores> {
        Ok(SegmentScores { segment: segment.segment_id(), scores: vec![None; segment.max_doc() as usize] })
    }

    fn requires_scoring(&self) -> bool {
        true
    }

    fn merge_fruits(&self, segments: Vec<(SegmentId, Vec<Option<Score>>)>) -> tantivy::Result<Self::Fruit> {
        Ok(segments.into_iter().map(|(segment, scores)| (segment, Arc::new(scores))).collect())
    }
}

impl SegmentCollector for SegmentScores {
    type Fruit = (SegmentId, Vec<Option<Score>>);

    fn collect(&mut self, doc: DocId, score: Score) {
        if let Some(slot) = self.scores.get_mut(doc as usize) {
            *slot = Some(score);
        }
    }

    fn harvest(self) -> Self::Fruit {
        (self.segment, self.scores)
    }
}

/// A snippet of the part of `text` from byte `offset` on, as HTML with `<mark>` (one for a
/// run of marked words with nothing between them), `…` where
/// words of `text` were cut off (punctuation after the last word is dropped); `None` when
/// nothing is marked.
fn marked(mut snippet: tantivy::snippet::Snippet, text: &str, offset: usize) -> Option<String> {
    if snippet.highlighted().is_empty() {
        return None;
    }
    let range = snippet.fragment_range();
    let range = range.start + offset..range.end + offset;
    snippet.set_snippet_prefix_postfix("<mark>", "</mark>");
    let words = |part: &str| part.chars().any(char::is_alphanumeric);
    let before = if words(&text[..range.start]) { "…" } else { "" };
    let after = if words(&text[range.end..]) { "…" } else { "" };
    // Marked words with nothing between them (CJK characters) are one mark.
    Some(format!("{before}{}{after}", snippet.to_html().trim().replace("</mark><mark>", "")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn corpus() -> Corpus {
        let files = [
            "Oil Prices Rise\n\nOil rose on Monday as supply tightened.\n",
            "Gold Falls as Oil Climbs\n\nGold fell while oil prices climbed in early trade.\n",
            "Markets Wait\n\nTraders wait for the central bank. Oil is steady.\n",
        ];
        let sources = files.iter().enumerate().map(|(at, text)| (format!("{at}.txt"), Ok(text.as_bytes().to_vec())));
        Corpus::from_sources(sources).0
    }

    fn positions(index: &SearchIndex, corpus: &Corpus, query: &str) -> Vec<usize> {
        let results = index.search(corpus, query, 0..10).expect("search runs").expect("query accepted");
        results.hits.iter().map(|hit| hit.position).collect()
    }

    /// The folders in `root`, by name.
    fn folders(root: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(root)
            .map(|entries| entries.flatten().map(|entry| entry.file_name().to_string_lossy().into_owned()).collect())
            .unwrap_or_default();
        names.sort();
        names
    }

    #[test]
    fn an_index_on_disk_is_opened_for_the_same_articles_and_built_again_for_others() {
        let root = std::env::temp_dir().join(format!("newsreader-index-{}-{}", std::process::id(), fastrand::u64(..)));
        let corpus = corpus();
        let (built, origin) = SearchIndex::open_or_build(&corpus, &root).expect("builds");
        assert_eq!(origin, Origin::Built);
        let first = fingerprint(&corpus);
        assert_eq!(folders(&root), std::slice::from_ref(&first));
        // A reader that could not write a lock file still opens it (a lock file's path taken
        // by a folder fails for root too).
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            let meta = std::fs::metadata(root.join(&first).join("meta.json")).expect("there");
            assert_eq!(meta.permissions().mode() & 0o444, 0o444, "meta.json is readable by all");
        }
        let lock = root.join(&first).join(".tantivy-meta.lock");
        let _ = std::fs::remove_file(&lock);
        std::fs::create_dir(&lock).expect("made");
        let (opened, origin) = SearchIndex::open_or_build(&corpus, &root).expect("opens");
        assert_eq!(origin, Origin::Opened);
        for query in ["oil", "\"oil prices\"", "gold -markets", "oil OR bank"] {
            assert_eq!(positions(&opened, &corpus, query), positions(&built, &corpus, query), "{query}");
        }
        let results = opened.search(&corpus, "supply", 0..10).expect("runs").expect("accepted");
        assert_eq!(
            results.hits[0].snippet_html.as_deref(),
            Some("Oil rose on Monday as <mark>supply</mark> tightened")
        );
        // Other articles: another fingerprint, and the old folder goes.
        let files = [("0.txt", "Tin Mines Close\n\nThe last tin mine closed on Friday.\n")];
        let other = Corpus::from_sources(files.map(|(name, text)| (name.to_owned(), Ok(text.as_bytes().to_vec())))).0;
        let (_, origin) = SearchIndex::open_or_build(&other, &root).expect("builds");
        assert_eq!(origin, Origin::Built);
        assert_eq!(folders(&root), [fingerprint(&other)]);
        // A damaged folder is built again.
        let dir = root.join(fingerprint(&other));
        std::fs::write(dir.join(SIDE_FILE), b"not postcard").expect("writes");
        let (index, origin) = SearchIndex::open_or_build(&other, &root).expect("builds again");
        assert_eq!(origin, Origin::Built);
        assert_eq!(positions(&index, &other, "tin"), [0]);
        let _ = std::fs::remove_dir_all(&root);
    }

    #[test]
    fn headline_matches_rank_first_and_exclusion_works() {
        let corpus = corpus();
        assert_eq!(corpus.articles().len(), 3);
        let index = SearchIndex::build(&corpus).expect("builds");
        let mut oil = positions(&index, &corpus, "oil");
        assert_eq!(oil.pop(), Some(2), "the body-only match comes last");
        oil.sort_unstable();
        assert_eq!(oil, [0, 1]);
        assert_eq!(positions(&index, &corpus, "oil -gold"), [0, 2]);
        assert_eq!(positions(&index, &corpus, "\"prices climbed\""), [1]);
        assert_eq!(positions(&index, &corpus, "markets wait"), [2]);
        assert_eq!(positions(&index, &corpus, "Gold Falls as Oil Climbs"), [1]);
    }

    #[test]
    fn odd_queries_are_refused_with_a_reason() {
        let corpus = corpus();
        let index = SearchIndex::build(&corpus).expect("builds");
        for (query, problem) in [
            ("", QueryError::Empty),
            ("   ", QueryError::Empty),
            ("\"", QueryError::NoWords),
            ("(", QueryError::NoWords),
            ("*", QueryError::NoWords),
            (&"x".repeat(201), QueryError::TooLong { chars: 201 }),
        ] {
            assert_eq!(index.search(&corpus, query, 0..10).expect("runs"), Err(problem), "{query:?}");
        }
        for query in ["AND", "oil AND", "(oil", "oil\"", "headline:", "-oil", "a:b:c", "[a TO", "headline:*", "body:*"]
        {
            let results = index.search(&corpus, query, 0..10).expect("runs");
            assert!(results.is_ok(), "{query:?}");
        }
        // Field and range syntax is read as words, not as a query that matches everything.
        for query in ["body:<zzzz", "headline:>a", "headline:[a TO z]"] {
            let results = index.search(&corpus, query, 0..10).expect("runs").expect("accepted");
            assert_eq!(results.total, 0, "{query:?}");
        }
    }

    #[test]
    fn snippets_mark_matched_words_and_escape_text() {
        let text = "A <b> Headline\n\nThe oil price & the <script> rose.\n";
        let corpus = Corpus::from_sources([("a.txt".to_owned(), Ok(text.as_bytes().to_vec()))]).0;
        let index = SearchIndex::build(&corpus).expect("builds");
        let results = index.search(&corpus, "oil headline", 0..10).expect("runs").expect("accepted");
        assert_eq!(results.total, 1);
        assert_eq!(
            results.hits,
            [Hit {
                position: 0,
                headline_html: Some("A &lt;b&gt; <mark>Headline</mark>".to_owned()),
                snippet_html: Some("The <mark>oil</mark> price &amp; the &lt;script&gt; rose".to_owned()),
            }]
        );
    }

    #[test]
    fn phrases_match_adjacent_words_only_with_the_scores_they_had() {
        let long = "oilfieldservicesandequipmentmanufacturersassociation";
        let files = [
            "Harbour Strike\n\nDock workers at the harbour went on strike over oil prices.\n".to_owned(),
            "Council Vote\n\nPrices of oil fell; the oil market prices rose.\n".to_owned(),
            "Oil Prices Rise\n\nBrent climbed.\n".to_owned(),
            format!("Word Games\n\nThe oil {long} prices list.\n"),
        ];
        let sources = files.iter().enumerate().map(|(at, text)| (format!("{at}.txt"), Ok(text.as_bytes().to_vec())));
        let corpus = Corpus::from_sources(sources).0;
        assert_eq!(corpus.articles().len(), 4);
        let index = SearchIndex::build(&corpus).expect("builds");
        let found = |query: &str| {
            let results = index.search(&corpus, query, 0..10).expect("runs").expect("accepted");
            (results.total, results.hits.iter().map(|hit| hit.position).collect::<Vec<_>>())
        };
        assert_eq!(found("\"oil prices\""), (2, vec![2, 0]), "the headline match first");
        assert_eq!(found("\"market prices\""), (1, vec![1]));
        assert_eq!(found("\"prices oil\""), (0, vec![]));
        // The long word is indexed like any other: the phrase finds the article that holds it.
        assert_eq!(found(&format!("\"oil {long} prices\"")), (1, vec![3]));
        assert_eq!(found(long), (1, vec![3]));
        assert_eq!(found("\"oil prices\" harbour"), (1, vec![0]));
        let snippet = index.search(&corpus, "\"oil prices\"", 0..10).expect("runs").expect("accepted").hits[1].clone();
        assert_eq!(
            snippet.snippet_html.as_deref(),
            Some("Dock workers at the harbour went on strike over <mark>oil</mark> <mark>prices</mark>")
        );
        for query in ["\"oil prices\"", "\"strike over oil prices\"", "\"oil market\" council"] {
            let all = index.query(&query::parse(query), &[index.headline, index.body]);
            let narrowed = pairs::narrowed(all.as_ref(), index.body, &index.narrowing);
            let top = TopDocs::with_limit(10).order_by_score();
            let plain = index.searcher.search(&all, &top).expect("runs");
            assert!(!plain.is_empty(), "{query}");
            assert_eq!(index.searcher.search(&narrowed, &top).expect("runs"), plain, "{query}");
        }
        // A query without a phrase is rebuilt as it was.
        let all = index.query(&query::parse("oil (council OR gold) -harbour"), &[index.headline, index.body]);
        let narrowed = pairs::narrowed(all.as_ref(), index.body, &index.narrowing);
        assert_eq!(format!("{narrowed:?}"), format!("{all:?}"));
    }

    #[test]
    fn arabic_is_found_without_its_marks_and_with_any_alef() {
        let files = [
            "قصف على غَزَّة\n\nقالت مصادر طبية إن غارات إسرائيلية استهدفت مُخَيَّم النصيرات.\n",
            "أحمد يفوز بالجائزة\n\nفاز الكاتب أحمد بجائزة الروايــة العربية.\n",
        ];
        let sources = files.iter().enumerate().map(|(at, text)| (format!("{at}.txt"), Ok(text.as_bytes().to_vec())));
        let corpus = Corpus::from_sources(sources).0;
        let index = SearchIndex::build(&corpus).expect("builds");
        assert_eq!(positions(&index, &corpus, "غزة"), [0]);
        assert_eq!(positions(&index, &corpus, "غَزَّة"), [0]);
        assert_eq!(positions(&index, &corpus, "مخيم"), [0]);
        assert_eq!(positions(&index, &corpus, "اسرائيلية"), [0]);
        assert_eq!(positions(&index, &corpus, "احمد"), [1]);
        assert_eq!(positions(&index, &corpus, "الرواية"), [1]);
        assert_eq!(positions(&index, &corpus, "قصف على غزة"), [0], "the exact headline, unmarked");
        let results = index.search(&corpus, "غزة", 0..10).expect("runs").expect("accepted");
        assert_eq!(results.hits[0].headline_html.as_deref(), Some("قصف على <mark>غَزَّة</mark>"));
        let results = index.search(&corpus, "الرواية", 0..10).expect("runs").expect("accepted");
        assert_eq!(
            results.hits[0].snippet_html.as_deref(),
            Some("فاز الكاتب أحمد بجائزة <mark>الروايــة</mark> العربية")
        );
    }

    #[test]
    fn a_decomposed_query_finds_composed_text() {
        let corpus = Corpus::from_sources([(
            "a.txt".to_owned(),
            Ok("Café Owners Protest\n\nThe café owners protested.\n".as_bytes().to_vec()),
        )])
        .0;
        let index = SearchIndex::build(&corpus).expect("builds");
        assert_eq!(positions(&index, &corpus, "cafe\u{301}"), [0]);
        assert_eq!(positions(&index, &corpus, "cafe"), Vec::<usize>::new());
    }
}
