//! Full-text search over a corpus with tantivy, in memory or on disk (a data folder's
//! `index/`). No tantivy type leaves this module.
//!
//! 1. [`Indexer::update`] brings one living index up to date with a [`Corpus`] by difference
//!    (see `indexer`): each article's document holds its headline, photo captions and body,
//!    a key hashed from that text, its word-pair signature (see `pairs`) and where its body's
//!    snippets can fall (see `fragments`). [`SearchIndex::build`] does it in memory at once;
//!    [`SearchIndex::open_following`] opens the index another process writes.
//! 2. [`SearchIndex::search`] checks the query ([`QueryError`]), reads it (see `query`: all
//!    words required; `"a phrase"`; `-word` and `NOT word` exclude; `OR`; anything malformed
//!    read as its words, which must match too), builds the tantivy query itself over the
//!    `text` field (body, then headline), and ranks: an exact headline match first, then
//!    articles whose headline matches, then the rest, each group by BM25 score, equal scores in
//!    list order; only the best of the page are scored (see `rank`).
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
mod indexer;
mod pairs;
mod query;
mod rank;
mod sealed;
mod store;
mod words;

use std::collections::{BTreeSet, HashMap, HashSet};
use std::ops::Range;
use std::path::Path;
use std::sync::Arc;

use tantivy::collector::Count;
use tantivy::index::{SegmentId, SegmentMeta};
use tantivy::postings::Postings;
use tantivy::query::{BooleanQuery, Occur, PhraseQuery, Query, TermQuery};
use tantivy::schema::{FAST, Field, INDEXED, IndexRecordOption, STORED, Schema, TextFieldIndexing, TextOptions};
use tantivy::snippet::SnippetGenerator;
use tantivy::tokenizer::{TextAnalyzer, TokenStream};
use tantivy::{DocAddress, DocId, DocSet, Index, ReloadPolicy, Score, Searcher, SegmentReader, TantivyDocument, Term};

use unicode_normalization::UnicodeNormalization;

use self::fragments::{Cutter, Fragments};
use self::pairs::Pairs;
use self::query::Parsed;
use self::rank::{Best, Positions, Ranked};
pub use indexer::{Change, Indexer};

use crate::article::{Article, Content, Store};
use crate::corpus::Corpus;

/// Longest query accepted, in characters (Unicode scalar values).
pub const MAX_QUERY_CHARS: usize = 200;

/// Longest body snippet, in bytes of text before highlighting.
const SNIPPET_CHARS: usize = 220;

/// Bytes of documents compressed together in the document store (tantivy's default is 16 KiB).
/// Each search hit decompresses its whole block: a stored article is a few KiB, so a smaller
/// block holds about one.
const STORE_BLOCK_BYTES: usize = 4 * 1024;

/// Most threads that index, and that search one query: a first build is merged into this
/// many segments (or as many as there are cores, if fewer), searched in parallel.
const MAX_THREADS: usize = 2;

/// The full-text index of one corpus: one commit of the index, never changed after it is
/// made ([`Indexer::update`], [`SearchIndex::build`], [`SearchIndex::open_following`]).
#[derive(Clone)]
pub struct SearchIndex {
    searcher: Searcher,
    fields: Fields,
    /// The analyzer of both text fields, to cut a query's items into words.
    analyzer: TextAnalyzer,
    /// The list position of each document.
    positions: Arc<Positions>,
    /// The document of each article, by list position (`None` for an article the index does
    /// not hold yet).
    addresses: Arc<Vec<Option<DocAddress>>>,
    /// The first list position of each normalized headline ([`normalize`]), by its XXH3-64
    /// hash: a lookup is checked against the headline itself.
    exact: HashMap<u64, usize>,
}

/// The fields of the schema ([`schema`]).
#[derive(Debug, Clone, Copy)]
struct Fields {
    headline: Field,
    /// The body (captions, then blocks), then the headline as a second value: what a query
    /// matches and scores. Body positions come first, so snippet cuts need no offset.
    text: Field,
    /// The terms of the word-pair signature of the body and the headline (see `pairs`).
    pairs: Field,
    /// The article's [`key`]: indexed, to delete by, and a fast field, to map documents to
    /// list positions.
    key: Field,
    /// Where the body's snippets can fall ([`Fragments`], postcard), stored.
    cuts: Field,
    /// The article's photos and blocks (see `store`), stored.
    content: Field,
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
    /// Indexes every article of `corpus` in memory (an [`Indexer::in_memory`] updated once).
    ///
    /// # Errors
    /// When tantivy fails to write, merge or open the in-memory index.
    pub fn build(corpus: &Corpus) -> Result<SearchIndex, Error> {
        Indexer::in_memory()?.update(corpus, 0).map(|(index, _)| index)
    }

    /// The index of `corpus` that another process writes in folder `dir` (see
    /// [`Indexer::open`]), without writing to it: opened again every 100 ms until it holds
    /// every article of `corpus` or `wait` has passed. Once `wait` has passed, the index as it
    /// is then: the articles it lacks are not found (logged). `None` when no index of this
    /// format came in that time.
    ///
    /// # Errors
    /// When the folder holds an index that cannot be opened even after `wait`.
    pub fn open_following(
        corpus: &Corpus,
        dir: &Path,
        wait: std::time::Duration,
    ) -> Result<Option<SearchIndex>, Error> {
        let keys = keys(corpus);
        let until = std::time::Instant::now() + wait;
        // The commit last opened, by `meta.json`'s size and time: opened again only once the
        // writer has committed anew (or the last try failed).
        let mut seen = None;
        let mut opened = None;
        loop {
            let stamp = std::fs::metadata(dir.join("meta.json")).ok().map(|meta| (meta.len(), meta.modified().ok()));
            if stamp.is_some() && stamp != seen && indexer::is_current(dir) {
                let attempt = SearchIndex::open_sealed(corpus, dir, &keys);
                seen = if attempt.is_ok() { stamp } else { None };
                opened = Some(attempt);
            }
            let late = std::time::Instant::now() >= until;
            match opened.take() {
                Some(Ok((index, store))) if index.lacking() == 0 || late => {
                    if index.lacking() > 0 {
                        tracing::warn!(
                            lacking = index.lacking(),
                            "the index in the data folder lacks articles: they are not found until it holds them"
                        );
                    }
                    index.keep_contents(corpus, &keys, &store);
                    return Ok(Some(index));
                }
                Some(Err(error)) if late => return Err(error),
                None if late => return Ok(None),
                kept => {
                    opened = kept;
                    std::thread::sleep(std::time::Duration::from_millis(100));
                }
            }
        }
    }

    /// What keeps a replica's reads in the index another process writes in folder `dir`, at
    /// its commit now (see [`Keeper`](crate::corpus::keeper::Keeper)); `None` when the folder
    /// holds no index of this format yet, or one that cannot be opened (logged).
    pub fn keeper_at(dir: &Path) -> Option<Arc<dyn crate::corpus::keeper::Keeper>> {
        if !indexer::is_current(dir) {
            return None;
        }
        match SealedIndex::open(dir) {
            Ok(sealed) => Some(Arc::new(Arc::new(sealed.store()))),
            Err(error) => {
                tracing::warn!(%error, dir = %dir.display(), "the index in the data folder cannot be opened yet: every seed file is read");
                None
            }
        }
    }

    /// The index in folder `dir` as it is now, for `corpus` of `keys`, with the store that
    /// reads its articles' contents back.
    fn open_sealed(corpus: &Corpus, dir: &Path, keys: &[u64]) -> Result<(SearchIndex, Arc<dyn Store>), Error> {
        let mut sealed = SealedIndex::open(dir)?;
        if threads() > 1 {
            sealed.index.set_multithread_executor(threads())?;
        }
        let opened = SearchIndex::assemble(sealed.reader.searcher(), sealed.fields, &sealed.index, corpus, keys)?;
        let store: Arc<dyn Store> = Arc::new(sealed.store());
        Ok((opened, store))
    }

    /// The search index of `corpus` (whose articles have `keys`, in list order) over
    /// `searcher`, a commit of `index`.
    fn assemble(
        searcher: Searcher,
        fields: Fields,
        index: &Index,
        corpus: &Corpus,
        keys: &[u64],
    ) -> Result<SearchIndex, Error> {
        let mut wanted = HashMap::with_capacity(keys.len());
        for (at, &key) in keys.iter().enumerate() {
            wanted.entry(key).or_insert(at);
        }
        let mut positions = HashMap::new();
        let mut addresses = vec![None; keys.len()];
        for (ord, segment) in (0..).zip(searcher.segment_readers()) {
            let column = segment.fast_fields().u64("key")?;
            let mut documents = vec![usize::MAX; segment.max_doc() as usize];
            for doc in segment.doc_ids_alive() {
                let Some(&at) = column.first(doc).and_then(|key| wanted.get(&key)) else { continue };
                if let Some(slot) = documents.get_mut(doc as usize) {
                    *slot = at;
                }
                if let Some(address) = addresses.get_mut(at) {
                    *address = Some(DocAddress::new(ord, doc));
                }
            }
            positions.insert(segment.segment_id(), Arc::new(documents));
        }
        // Each headline normalised on all cores (a million take a second on one); the first
        // article of a headline is the one its map keeps.
        let headlines: Vec<u64> = {
            use rayon::prelude::*;
            let articles = corpus.articles();
            articles
                .par_iter()
                .map(|article| xxhash_rust::xxh3::xxh3_64(normalize(&article.headline).as_bytes()))
                .collect()
        };
        let exact = headlines.into_iter().enumerate().rev().map(|(at, hash)| (hash, at)).collect();
        Ok(SearchIndex {
            searcher,
            fields,
            analyzer: index.tokenizer_for_field(fields.text)?,
            positions: Arc::new(positions),
            addresses: Arc::new(addresses),
            exact,
        })
    }

    /// Makes each article of `corpus` (of `keys`) that the index holds read its content back
    /// from `store` ([`crate::article::Body::keep_in`]), letting go of the text it holds.
    fn keep_contents(&self, corpus: &Corpus, keys: &[u64], store: &Arc<dyn Store>) {
        for ((article, address), &key) in corpus.articles().iter().zip(self.addresses.iter()).zip(keys) {
            if address.is_some() {
                article.body.keep_in(key, store.clone());
            }
        }
    }

    /// How many articles of its corpus the index does not hold.
    pub fn lacking(&self) -> usize {
        self.addresses.iter().filter(|address| address.is_none()).count()
    }

    /// The articles for `query` ranked `wanted` (from 0 for the best: `0..30` is the best 30,
    /// `30..60` the next), best first (see the module docs for the order); fewer, or none,
    /// where fewer match.
    ///
    /// The articles whose headline matches too come first, ranked by the scores of the whole
    /// query and of the headline-only query together (both required: one conjunction, pruned
    /// like any other). The rest are the best by score alone, pruned (see `rank`); a pass
    /// without scores counts every match.
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
        let all = self.query(&parsed, self.fields.text);
        let matching = pairs::narrowed(all.as_ref(), self.fields.text, self.fields.pairs);
        let in_headline = self.query(&parsed, self.fields.headline);
        // No more can match than there are articles: a page far past the end asks for none.
        let limit = wanted.end.min(self.addresses.len());
        let best = Best { limit, positions: self.positions.clone() };
        // Both required, scored together: the headline-only query's score adds to the whole's.
        let headline_first = rank::all_of(vec![matching.box_clone(), in_headline.box_clone()]);
        let first = self.searcher.search(&headline_first, &best)?;
        let (rest, total) = if rank::prunes(matching.as_ref()) {
            (self.searcher.search(&matching, &best)?, self.searcher.search(&matching, &Count)?)
        } else {
            self.searcher.search(&matching, &(best, Count))?
        };
        let mut order = Vec::with_capacity(limit);
        let headline = normalize(query.trim().trim_matches('"'));
        if let Some(&exact) = self.exact.get(&xxhash_rust::xxh3::xxh3_64(headline.as_bytes()))
            && corpus.articles().get(exact).is_some_and(|article| normalize(&article.headline) == headline)
        {
            order.push(exact);
        }
        for Ranked { position, .. } in first.into_iter().chain(rest) {
            if !order.contains(&position) {
                order.push(position);
            }
        }
        order.truncate(limit);
        let shown = order.get(wanted.start..).unwrap_or_default();
        let hits = self.highlight(in_headline.as_ref(), all.as_ref(), corpus, shown)?;
        Ok(Ok(Results { total: total.max(order.len()), hits }))
    }

    /// The tantivy query for `parsed` over `field`: every required group matches (one of its
    /// items), no excluded item does. A lone group is its own query, which tantivy can prune
    /// (a boolean query of one clause it scores whole).
    fn query(&self, parsed: &Parsed<'_>, field: Field) -> Box<dyn Query> {
        let required = parsed.required.iter().filter_map(|group| {
            any_of(group.iter().filter_map(|text| self.item(text, field)).collect()).map(|query| (Occur::Must, query))
        });
        let excluded = parsed
            .excluded
            .iter()
            .filter_map(|text| self.item(text, field))
            .map(|query| -> (Occur, Box<dyn Query>) { (Occur::MustNot, Box::new(excluded::Excluded(query))) });
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = required.chain(excluded).collect();
        match clauses.pop() {
            Some((Occur::Must, only)) if clauses.is_empty() => only,
            last => {
                clauses.extend(last);
                Box::new(BooleanQuery::new(clauses))
            }
        }
    }

    /// The query for one item's `text` in `field`: its one word, or its words as a phrase;
    /// `None` when it holds no word.
    fn item(&self, text: &str, field: Field) -> Option<Box<dyn Query>> {
        let mut analyzer = self.analyzer.clone();
        let mut stream = analyzer.token_stream(text);
        let mut words = Vec::new();
        while let Some(token) = stream.next() {
            words.push((token.position, token.text.clone()));
        }
        let &(first, _) = words.first()?;
        let mut terms: Vec<(usize, Term)> =
            words.iter().map(|(position, word)| (position - first, Term::from_field_text(field, word))).collect();
        match terms.pop() {
            Some((_, term)) if terms.is_empty() => Some(Box::new(TermQuery::new(term, IndexRecordOption::WithFreqs))),
            last => {
                terms.extend(last);
                Some(Box::new(PhraseQuery::new_with_offset(terms)))
            }
        }
    }

    /// Hits for articles at `positions`, with the words of `in_headline` highlighted in the
    /// headline and those of `all` in the body.
    fn highlight(
        &self,
        in_headline: &dyn Query,
        all: &dyn Query,
        corpus: &Corpus,
        positions: &[usize],
    ) -> Result<Vec<Hit>, Error> {
        let mut headlines = SnippetGenerator::create(&self.searcher, in_headline, self.fields.headline)?;
        headlines.set_max_num_chars(usize::MAX / 2);
        let mut bodies = SnippetGenerator::create(&self.searcher, all, self.fields.text)?;
        bodies.set_max_num_chars(SNIPPET_CHARS);
        // Each hit's document, read once: its snippet cuts and the text they cut.
        let mut stored = HashMap::with_capacity(positions.len());
        for &position in positions {
            if let Some(address) = self.addresses.get(position).copied().flatten() {
                stored.insert(position, (address, self.stored(address)?));
            }
        }
        let passages = self.best_passages(all, &stored)?;
        let articles = corpus.articles();
        Ok(positions
            .iter()
            .filter_map(|&position| articles.get(position).map(|article| (position, article)))
            .map(|(position, article)| {
                let headline_snippet = headlines.snippet(&article.headline);
                let body = match stored.get(&position) {
                    Some((_, (_, content))) => body_text(content),
                    None => body_text(&article.content_or_empty()),
                };
                let passage = passages.get(&position).cloned().filter(|range| body.get(range.clone()).is_some());
                let snippet_html =
                    passage.and_then(|range| marked(bodies.snippet(&body[range.clone()]), &body, range.start));
                Hit { position, headline_html: marked(headline_snippet, &article.headline, 0), snippet_html }
            })
            .collect())
    }

    /// The byte range of the body passage to show for each article of `stored` (by list
    /// position: its document and what that stores) whose body has a word of `query`: the
    /// fragment [`SnippetGenerator`] would pick, found from the matched words' positions in
    /// the index (see [`fragments`]).
    fn best_passages(
        &self,
        query: &dyn Query,
        stored: &HashMap<usize, (DocAddress, (Fragments, Content))>,
    ) -> Result<HashMap<usize, Range<usize>>, Error> {
        let mut terms = BTreeSet::new();
        query.query_terms(&mut |term, _| {
            if term.field() == self.fields.text && term.value().as_str().is_some() {
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
        let mut addresses: Vec<(DocAddress, usize)> =
            stored.iter().map(|(&position, (address, _))| (*address, position)).collect();
        addresses.sort_unstable();
        let mut passages = HashMap::with_capacity(stored.len());
        let mut buffer = Vec::new();
        let mut matches = Vec::new();
        for segment in addresses.chunk_by(|(left, _), (right, _)| left.segment_ord == right.segment_ord) {
            let Some((first, _)) = segment.first() else { continue };
            let index = self.searcher.segment_reader(first.segment_ord).inverted_index(self.fields.text)?;
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
                let best = stored.get(&position).and_then(|(_, (fragments, _))| fragments.best(&matches));
                passages.extend(best.map(|range| (position, range)));
            }
        }
        Ok(passages)
    }

    /// What the document at `address` stores: where its body snippets can fall, and its
    /// article's content.
    fn stored(&self, address: DocAddress) -> Result<(Fragments, Content), Error> {
        use tantivy::schema::Value as _;
        let document: TantivyDocument = self.searcher.doc(address)?;
        let bytes = |field| document.get_first(field).and_then(|value| value.as_bytes()).unwrap_or_default();
        let fragments = postcard::from_bytes(bytes(self.fields.cuts))
            .map_err(|error| Error(format!("snippet cuts of {address:?}: {error}")))?;
        let content = store::decode(bytes(self.fields.content)).map_err(|error| Error(error.to_string()))?;
        Ok((fragments, content))
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
fn body_text(content: &Content) -> String {
    let captions = content.photos.iter().map(|photo| &*photo.caption);
    captions.chain(content.blocks.iter().map(|block| block.text())).collect::<Vec<_>>().join("\n")
}

impl Fields {
    /// The fields of `index`'s schema, its text analyzer registered.
    fn of(index: &mut Index) -> Result<Fields, Error> {
        indexer::register(index);
        let schema = index.schema();
        Ok(Fields {
            headline: schema.get_field("headline")?,
            text: schema.get_field("text")?,
            pairs: schema.get_field("pairs")?,
            key: schema.get_field("key")?,
            cuts: schema.get_field("cuts")?,
            content: schema.get_field("content")?,
        })
    }

    /// The document of `article`, whose [`key`] is `key`: one pass of the `analyzer` over
    /// the body cuts its snippets and signs its word pairs, another signs the headline's.
    ///
    /// # Errors
    /// When the article's content cannot be read ([`Article::content`]).
    fn document(&self, analyzer: &mut TextAnalyzer, article: &Article, key: u64) -> Result<TantivyDocument, Error> {
        let content = article.content().map_err(|error| Error(error.to_string()))?;
        let text = body_text(&content);
        let mut cutter = Cutter::new(SNIPPET_CHARS);
        let mut pairs = Pairs::default();
        analyzer.token_stream(&text).process(&mut |token| {
            cutter.push(token);
            pairs.push(token);
        });
        // Headline positions start again at 0, so no pair spans the body's end.
        analyzer.token_stream(&article.headline).process(&mut |token| pairs.push(token));
        let mut document = TantivyDocument::default();
        document.add_text(self.headline, &article.headline);
        for term in pairs.terms() {
            document.add_text(self.pairs, term);
        }
        document.add_text(self.text, text);
        document.add_text(self.text, &article.headline);
        document.add_u64(self.key, key);
        let cuts = postcard::to_stdvec(&cutter.finish()).unwrap_or_default();
        document.add_bytes(self.cuts, &cuts);
        document.add_bytes(self.content, &store::encode(&content));
        Ok(document)
    }
}

/// The key of `article`'s document: an XXH3 64-bit hash of what it indexes and stores (the
/// headline after its length in bytes, then the content as the document stores it: each
/// photo's caption and credit, each block's kind and text), so a document is replaced exactly
/// when any of that changes (a credit or a block's kind too). For a body kept in the index,
/// the key it is kept under (the same hash, not made again).
fn key(article: &Article) -> u64 {
    if let Some(key) = article.body.kept_key() {
        return key;
    }
    let mut hasher = xxhash_rust::xxh3::Xxh3::new();
    hasher.update(&(article.headline.len() as u64).to_le_bytes());
    hasher.update(article.headline.as_bytes());
    hasher.update(&store::encode(&article.content_or_empty()));
    hasher.digest()
}

/// The [`key`] of each article of `corpus`, in list order (in parallel).
fn keys(corpus: &Corpus) -> Vec<u64> {
    use rayon::prelude::*;
    corpus.articles().par_iter().map(|article| key(article)).collect()
}

/// The keys of the documents `searcher` finds (deleted ones left out).
fn live_keys(searcher: &Searcher, key: Field) -> Result<HashSet<u64>, Error> {
    let name = searcher.schema().get_field_name(key).to_owned();
    let mut keys = HashSet::with_capacity(searcher.num_docs() as usize);
    for segment in searcher.segment_readers() {
        let column = segment.fast_fields().u64(&name)?;
        keys.extend(segment.doc_ids_alive().filter_map(|doc| column.first(doc)));
    }
    Ok(keys)
}

/// The index another process writes in a folder, opened without writing (see [`sealed`]), with
/// a reader at its commit now.
struct SealedIndex {
    index: Index,
    fields: Fields,
    reader: tantivy::IndexReader,
}

impl SealedIndex {
    /// The index in folder `dir`.
    ///
    /// # Errors
    /// When the folder holds no index tantivy can open, or one of another schema.
    fn open(dir: &Path) -> Result<SealedIndex, Error> {
        let mut index = Index::open(sealed::Sealed::open(dir)?)?;
        let fields = Fields::of(&mut index)?;
        let reader = index.reader_builder().reload_policy(ReloadPolicy::Manual).try_into()?;
        Ok(SealedIndex { index, fields, reader })
    }

    /// The store of the contents at its commit.
    fn store(self) -> store::DocumentStore {
        store::DocumentStore { reader: self.reader, key: self.fields.key, content: self.fields.content }
    }
}

/// The threads that index and search: up to [`MAX_THREADS`], or the cores there are.
fn threads() -> usize {
    std::thread::available_parallelism().map_or(1, usize::from).min(MAX_THREADS)
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

/// The schema: the headline, the text (body, then headline), their word-pair terms, the
/// key, and the stored snippet cuts and content.
fn schema() -> Schema {
    let mut schema = Schema::builder();
    let text = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(words::NAME)
            .set_index_option(IndexRecordOption::WithFreqsAndPositions),
    );
    schema.add_text_field("headline", text.clone());
    schema.add_text_field("text", text);
    let terms = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer("raw")
            .set_index_option(IndexRecordOption::Basic)
            .set_fieldnorms(false),
    );
    schema.add_text_field("pairs", terms);
    schema.add_u64_field("key", FAST | INDEXED);
    schema.add_bytes_field("cuts", STORED);
    schema.add_bytes_field("content", STORED);
    schema.build()
}

/// The index's settings: tantivy's, with document store blocks of [`STORE_BLOCK_BYTES`].
fn settings() -> tantivy::IndexSettings {
    tantivy::IndexSettings { docstore_blocksize: STORE_BLOCK_BYTES, ..tantivy::IndexSettings::default() }
}

/// Makes every file in `dir` readable by every user (tantivy writes `meta.json` for its owner
/// alone), so replicas running as other users can open the index. A file gone meanwhile (a
/// merge in the background removed it) is passed over.
fn readable_by_all(dir: &Path) -> std::io::Result<()> {
    #[cfg(unix)]
    for entry in std::fs::read_dir(dir)? {
        use std::os::unix::fs::PermissionsExt as _;
        let path = entry?.path();
        let result = std::fs::metadata(&path).and_then(|metadata| {
            let mut permissions = metadata.permissions();
            permissions.set_mode(permissions.mode() | 0o444);
            std::fs::set_permissions(&path, permissions)
        });
        match result {
            Err(error) if error.kind() != std::io::ErrorKind::NotFound => return Err(error),
            _ => {}
        }
    }
    Ok(())
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
    use tantivy::collector::TopDocs;

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

    fn corpus_of(files: &[(&str, &str)]) -> Corpus {
        Corpus::from_sources(files.iter().map(|(name, text)| ((*name).to_owned(), Ok(text.as_bytes().to_vec())))).0
    }

    #[test]
    fn an_index_on_disk_is_opened_as_it_was_and_updated_by_difference() {
        let dir = std::env::temp_dir().join(format!("newsreader-index-{}-{}", std::process::id(), fastrand::u64(..)));
        let corpus = corpus();
        let (built, change) = Indexer::open(&dir).expect("opens").update(&corpus, 0).expect("builds");
        assert_eq!(change, Change { before: 0, added: 3, removed: 0 });
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            let meta = std::fs::metadata(dir.join("meta.json")).expect("there");
            assert_eq!(meta.permissions().mode() & 0o444, 0o444, "meta.json is readable by all");
        }
        let (opened, change) = Indexer::open(&dir).expect("opens again").update(&corpus, 0).expect("opens");
        assert_eq!(change, Change { before: 3, added: 0, removed: 0 });
        let in_memory = SearchIndex::build(&corpus).expect("builds");
        for query in ["oil", "\"oil prices\"", "gold -markets", "oil OR bank"] {
            assert_eq!(positions(&opened, &corpus, query), positions(&in_memory, &corpus, query), "{query}");
            assert_eq!(positions(&built, &corpus, query), positions(&in_memory, &corpus, query), "{query}");
        }
        let results = opened.search(&corpus, "supply", 0..10).expect("runs").expect("accepted");
        assert_eq!(
            results.hits[0].snippet_html.as_deref(),
            Some("Oil rose on Monday as <mark>supply</mark> tightened")
        );
        // A reader that could not write a lock file still opens it (a lock file's path taken
        // by a folder fails for root too).
        let lock = dir.join(".tantivy-meta.lock");
        let _ = std::fs::remove_file(&lock);
        std::fs::create_dir(&lock).expect("made");
        let followed = SearchIndex::open_following(&corpus, &dir, std::time::Duration::ZERO).expect("opens");
        assert_eq!(
            followed.map(|index| positions(&index, &corpus, "oil")),
            Some(positions(&in_memory, &corpus, "oil"))
        );
        std::fs::remove_dir(&lock).expect("removed");
        // One article changed, one kept, one gone: two documents out, one in.
        let files = [
            ("0.txt", "Oil Prices Rise\n\nOil rose on Monday as supply tightened.\n"),
            ("1.txt", "Tin Mines Close\n\nThe last tin mine closed on Friday.\n"),
        ];
        let other = corpus_of(&files);
        let indexer = Indexer::open(&dir).expect("opens");
        let (index, change) = indexer.update(&other, 5).expect("updates");
        assert_eq!(change, Change { before: 3, added: 1, removed: 2 });
        assert_eq!(positions(&index, &other, "tin"), [1]);
        assert_eq!(positions(&index, &other, "oil"), [0]);
        assert_eq!(index.search(&other, "gold", 0..10).expect("runs").expect("accepted").total, 0);
        // An older corpus (a reload overtaken by the next) writes nothing and finds what is held.
        let (stale, change) = indexer.update(&corpus, 4).expect("opens");
        assert_eq!(change, Change { before: 2, added: 0, removed: 0 });
        assert_eq!(stale.lacking(), 2);
        assert_eq!(positions(&stale, &corpus, "oil"), [0]);
        drop(indexer);
        // A damaged index is built again.
        std::fs::write(dir.join("meta.json"), b"not json").expect("writes");
        let (index, change) = Indexer::open(&dir).expect("opens").update(&other, 0).expect("builds again");
        assert_eq!(change, Change { before: 0, added: 2, removed: 0 });
        assert_eq!(positions(&index, &other, "tin"), [1]);
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn indexed_articles_let_go_of_their_text_and_read_it_back_the_same() {
        let text = "Oil Prices Rise\n\nTraders watch. REUTERS/Aly Song\nTT\n\nOil Prices Rise\n\nTraders watch. REUTERS/Aly Song\n\nOil rose on Monday.\nSupply tightened.\n";
        let corpus = corpus_of(&[("0.txt", text), ("1.txt", "Markets Wait\n\nTraders wait for the bank.\n")]);
        let before: Vec<Content> = corpus.articles().iter().map(|article| article.content().expect("held")).collect();
        assert!(corpus.articles().iter().all(|article| article.body.kept_key().is_none()));
        let indexer = Indexer::in_memory().expect("made");
        indexer.update(&corpus, 0).expect("builds");
        for (article, content) in corpus.articles().iter().zip(&before) {
            assert_eq!(article.body.kept_key(), Some(key(article)), "{}", article.headline);
            assert_eq!(&article.content().expect("read back"), content, "{}", article.headline);
        }
        assert_eq!(&*before[0].photos[0].caption, "Traders watch.");
        assert_eq!(before[0].photos[0].credit.as_deref(), Some("REUTERS/Aly Song"));
        assert_eq!(before[0].blocks.len(), 2, "a paragraph a line");
        // The same seeds read again are kept as they are read: nothing to hold, nothing added.
        let dir = std::env::temp_dir().join(format!("newsreader-kept-{}-{}", std::process::id(), fastrand::u64(..)));
        std::fs::create_dir_all(&dir).expect("made");
        std::fs::write(dir.join("0.txt"), text).expect("written");
        std::fs::write(dir.join("2.txt"), "Tin Mines Close\n\nThe last tin mine closed.\n").expect("written");
        let store = crate::corpus::store::SeedStore::open_first(&dir, Some(indexer.keeper()), None).expect("reads");
        let (again, _) = store.corpus();
        let kept: Vec<(&str, bool)> =
            again.articles().iter().map(|article| (&*article.headline, article.body.kept_key().is_some())).collect();
        assert_eq!(kept, [("Oil Prices Rise", true), ("Tin Mines Close", false)]);
        assert_eq!(again.articles()[0].content().expect("read back"), before[0]);
        let (_, change) = indexer.update(&again, 1).expect("updates");
        assert_eq!(change, Change { before: 2, added: 1, removed: 1 });
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn an_index_file_changed_or_missing_since_its_commit_is_built_again() {
        let dir = std::env::temp_dir().join(format!("newsreader-damaged-{}-{}", std::process::id(), fastrand::u64(..)));
        let corpus = corpus();
        let files = |extension: &str| -> Vec<std::path::PathBuf> {
            let entries = std::fs::read_dir(&dir).expect("listed").flatten();
            entries
                .map(|entry| entry.path())
                .filter(|path| path.extension().is_some_and(|ext| ext == extension))
                .collect()
        };
        Indexer::open(&dir).expect("opens").update(&corpus, 0).expect("builds");
        // One byte of a document store changed after the commit, as an edit or a failing disk
        // would: the bodies it holds would be served otherwise.
        let store = files("store").pop().expect("a store file");
        let mut bytes = std::fs::read(&store).expect("read");
        let middle = bytes.len() / 2;
        bytes[middle] ^= 0x01;
        std::fs::write(&store, bytes).expect("written");
        let later = std::time::SystemTime::now() + std::time::Duration::from_secs(5);
        std::fs::File::options().write(true).open(&store).expect("opened").set_modified(later).expect("set");
        // The seeds read again, as at a restart: their bodies held, not read from the store.
        let corpus = super::tests::corpus();
        let (index, change) = Indexer::open(&dir).expect("opens").update(&corpus, 0).expect("builds again");
        assert_eq!(change, Change { before: 0, added: 3, removed: 0 });
        assert_eq!(positions(&index, &corpus, "oil"), [0, 1, 2]);
        // An unchanged folder is opened as it is.
        let (_, change) = Indexer::open(&dir).expect("opens").update(&corpus, 0).expect("opens");
        assert_eq!(change, Change { before: 3, added: 0, removed: 0 });
        // A file its commit names gone: built again, not kept in memory at every start.
        std::fs::remove_file(files("idx").pop().expect("a postings file")).expect("removed");
        let corpus = super::tests::corpus();
        let (index, change) = Indexer::open(&dir).expect("opens").update(&corpus, 0).expect("builds again");
        assert_eq!(change, Change { before: 0, added: 3, removed: 0 });
        assert_eq!(positions(&index, &corpus, "oil"), [0, 1, 2]);
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_changed_credit_or_block_kind_is_a_changed_document() {
        let text = "Oil Prices Rise\n\nTraders watch. REUTERS/Aly Song\nTT\n\nOil Prices Rise\n\nTraders watch. REUTERS/Aly Song\n\nOil rose on Monday.\n";
        let indexer = Indexer::in_memory().expect("made");
        let corpus = corpus_of(&[("0.txt", text)]);
        indexer.update(&corpus, 0).expect("builds");
        let credit = |corpus: &Corpus| {
            let content = corpus.articles()[0].content().expect("read back");
            content.photos[0].credit.as_deref().map(str::to_owned)
        };
        assert_eq!(credit(&corpus).as_deref(), Some("REUTERS/Aly Song"));
        let recredited = corpus_of(&[("0.txt", &text.replace("Aly Song", "Aly Sung"))]);
        let (_, change) = indexer.update(&recredited, 1).expect("updates");
        assert_eq!(change, Change { before: 1, added: 1, removed: 1 });
        assert_eq!(credit(&recredited).as_deref(), Some("REUTERS/Aly Sung"));
        let paragraph = corpus_of(&[("0.txt", "Markets Wait\n\nTraders wait.\n")]);
        let item = corpus_of(&[("0.txt", "Markets Wait\n\n- Traders wait.\n")]);
        let blocks = |corpus: &Corpus| corpus.articles()[0].content().expect("held").blocks.to_vec();
        assert_eq!(blocks(&paragraph), [crate::article::Block::Paragraph("Traders wait.".into())]);
        assert_eq!(blocks(&item), [crate::article::Block::Item("Traders wait.".into())]);
        assert_ne!(key(&paragraph.articles()[0]), key(&item.articles()[0]));
    }

    #[cfg(unix)]
    #[test]
    fn files_a_merge_removes_meanwhile_are_passed_over_when_made_readable() {
        let dir =
            std::env::temp_dir().join(format!("newsreader-readable-{}-{}", std::process::id(), fastrand::u64(..)));
        std::fs::create_dir_all(&dir).expect("made");
        std::fs::write(dir.join("meta.json"), "{}").expect("written");
        std::os::unix::fs::symlink(dir.join("merged-away.idx"), dir.join("gone.idx")).expect("linked");
        readable_by_all(&dir).expect("a vanished file is passed over");
        let _ = std::fs::remove_dir_all(&dir);
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
            let all = index.query(&query::parse(query), index.fields.text);
            let narrowed = pairs::narrowed(all.as_ref(), index.fields.text, index.fields.pairs);
            let top = TopDocs::with_limit(10).order_by_score();
            let plain = index.searcher.search(&all, &top).expect("runs");
            assert!(!plain.is_empty(), "{query}");
            assert_eq!(index.searcher.search(&narrowed, &top).expect("runs"), plain, "{query}");
        }
        // A query without a phrase is rebuilt as it was.
        let all = index.query(&query::parse("oil (council OR gold) -harbour"), index.fields.text);
        let narrowed = pairs::narrowed(all.as_ref(), index.fields.text, index.fields.pairs);
        assert_eq!(format!("{narrowed:?}"), format!("{all:?}"));
    }

    #[test]
    fn pruned_ranking_keeps_what_ranking_every_match_keeps() {
        // Texts of as many words, from a few: many matches, many equal scores (every article
        // scores the same for `story`), several posting blocks.
        let words = ["oil", "gold", "harbour", "council", "strike", "prices", "budget", "rain"];
        let mut rng = fastrand::Rng::with_seed(7);
        let mut pick = |count: usize| (0..count).map(|_| words[rng.usize(..words.len())]).collect::<Vec<_>>().join(" ");
        let texts: Vec<String> = (0..3000).map(|at| format!("Story {at} {}\n\n{}.\n", pick(3), pick(6))).collect();
        // Indexed in one order, searched in the other: documents are not in list order.
        let in_order = |order: Vec<usize>| {
            Corpus::from_sources(
                order.into_iter().map(|at| (format!("{at:04}.txt"), Ok(texts[at].clone().into_bytes()))),
            )
            .0
        };
        let indexer = Indexer::in_memory().expect("in memory");
        indexer.update(&in_order((0..3000).collect()), 0).expect("builds");
        let corpus = in_order((0..3000).rev().collect());
        let (index, change) = indexer.update(&corpus, 1).expect("updates");
        assert!(change.is_none(), "{change:?}");
        assert_eq!(corpus.articles().len(), 3000);
        for query in
            ["story", "oil", "oil gold", "oil OR rain", "\"oil prices\"", "strike -rain", "council budget rain"]
        {
            let matching = pairs::narrowed(
                index.query(&query::parse(query), index.fields.text).as_ref(),
                index.fields.text,
                index.fields.pairs,
            );
            let best = |limit| {
                let collector = Best { limit, positions: index.positions.clone() };
                let ranked = index.searcher.search(&matching, &collector).expect("runs");
                ranked.into_iter().map(|Ranked { score, position }| (score.to_bits(), position)).collect::<Vec<_>>()
            };
            let every = best(corpus.articles().len());
            assert!(every.len() > 60, "{query}: {} matches", every.len());
            assert_eq!(every.len(), index.searcher.search(&matching, &Count).expect("counts"), "{query}");
            for limit in [1, 10, 30] {
                assert_eq!(best(limit), every[..limit], "{query}, best {limit}");
            }
        }
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
