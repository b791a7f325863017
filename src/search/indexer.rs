//! The writer of a search index: one tantivy index kept for the life of the process, in
//! memory or in a data folder's `index/`, brought up to date with each corpus by difference.
//!
//! Each article's document carries a key, a hash of the text it indexes ([`key`]). An update
//! reads the keys the index holds, deletes the documents whose key the corpus no longer has,
//! adds one for each article whose key the index lacks, and commits once (tantivy commits are
//! atomic: a reader sees the index before or after, never between). A restart on unchanged
//! seeds adds nothing; a changed seed file costs the documents of its changed articles.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};

use rayon::prelude::*;
use tantivy::indexer::{LogMergePolicy, NoMergePolicy};
use tantivy::{Index, IndexReader, IndexWriter, ReloadPolicy, Term};

use super::store::DocumentStore;
use super::{Error, Fields, SearchIndex, words};
use crate::article::Store;
use crate::corpus::Corpus;
use crate::corpus::keeper::Keeper;

/// Indexing memory budget of each indexing thread. Each fills a segment this large before
/// writing it, and a first build merges them all at its end: at 15 MB (tantivy's minimum) a
/// million articles made about 4,700 segments, and the build took half as long again as at
/// 100 MB (`newsreader index` at 100k realistic articles: 25.0 s against 14.5 to 16.8 s, peak
/// RSS 1.23 against 1.12 GB). The writer is let go after the first build.
const WRITER_BYTES_PER_THREAD: usize = 100_000_000;

/// Articles analysed in parallel before their documents go to the writer: bounds the
/// documents held at once.
const BATCH: usize = 1_024;

/// The file of an index folder naming the format of what it holds.
const FORMAT_FILE: &str = "newsreader-index";

/// What bumps when the words an index holds change for the same text (the analyzer, the
/// fields, the key): an index of another format is built again.
const FORMAT: &str = "newsreader index 5";

/// The one writer of a search index, in memory or in a folder.
pub struct Indexer {
    index: Index,
    fields: Fields,
    /// The folder, for an index on disk.
    dir: Option<PathBuf>,
    /// Reads the articles' contents back from the latest commit.
    store: Arc<DocumentStore>,
    writing: Mutex<Writing>,
}

impl std::fmt::Debug for Indexer {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.debug_struct("Indexer").field("dir", &self.dir).finish_non_exhaustive()
    }
}

/// What only one update at a time may touch.
struct Writing {
    /// The writer, made when an update first has something to write (see [`Writing::writer`]).
    writer: Option<IndexWriter>,
    reader: IndexReader,
    /// The generation of the last corpus written (see [`Indexer::update`]).
    applied: Option<u64>,
}

/// What an update changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Change {
    /// Documents the index held before.
    pub before: usize,
    /// Documents added.
    pub added: usize,
    /// Documents deleted.
    pub removed: usize,
}

impl Change {
    /// Whether the index was already up to date.
    pub fn is_none(&self) -> bool {
        self.added == 0 && self.removed == 0
    }
}

impl Indexer {
    /// A writer of an index in memory.
    ///
    /// # Errors
    /// When tantivy cannot make the index or its writer.
    pub fn in_memory() -> Result<Indexer, Error> {
        let index = Index::builder().schema(super::schema()).settings(super::settings()).create_in_ram()?;
        Indexer::with(index, None)
    }

    /// The writer of the index in folder `dir` (a data folder's `index/`), made there if it is
    /// missing. A folder holding an index of another format, or one that cannot be opened, is
    /// emptied and its index built again by the next update (logged).
    ///
    /// The index files are memory-mapped: the OS keeps them in its page cache, not in the
    /// server's own memory. The caller holds the data folder's lock: tantivy's own lock file
    /// keeps out a second writer too.
    ///
    /// # Errors
    /// When the folder cannot be made, emptied or written, or tantivy cannot open a writer.
    pub fn open(dir: &Path) -> Result<Indexer, Error> {
        Indexer::open_at(dir, false)
    }

    /// [`Indexer::open`] that checks the checksum of every file of the index first, changed
    /// or not (a disk that flipped a bit keeps the modification time): an index with a damaged
    /// file is built again. Reads the whole index; for `newsreader index`.
    ///
    /// # Errors
    /// As [`Indexer::open`].
    pub fn open_checked(dir: &Path) -> Result<Indexer, Error> {
        Indexer::open_at(dir, true)
    }

    fn open_at(dir: &Path, check_all: bool) -> Result<Indexer, Error> {
        if let Some(index) = opened(dir, check_all) {
            match Indexer::with(index, Some(dir.to_owned())) {
                Ok(indexer) => return Ok(indexer),
                Err(error) => {
                    tracing::warn!(%error, dir = %dir.display(), "the search index on disk cannot be opened: building it again");
                }
            }
        }
        match std::fs::remove_dir_all(dir) {
            Err(error) if error.kind() != std::io::ErrorKind::NotFound => return Err(error.into()),
            _ => {}
        }
        std::fs::create_dir_all(dir)?;
        let index = Index::builder().schema(super::schema()).settings(super::settings()).create_in_dir(dir)?;
        crate::data::write_atomically(&dir.join(FORMAT_FILE), FORMAT.as_bytes())?;
        super::readable_by_all(dir)?;
        Indexer::with(index, Some(dir.to_owned()))
    }

    fn with(mut index: Index, dir: Option<PathBuf>) -> Result<Indexer, Error> {
        let fields = Fields::of(&mut index)?;
        let threads = super::threads();
        if threads > 1 {
            index.set_multithread_executor(threads)?;
        }
        let reader: IndexReader = index.reader_builder().reload_policy(ReloadPolicy::Manual).try_into()?;
        let store = Arc::new(DocumentStore { reader: reader.clone(), key: fields.key, content: fields.content });
        Ok(Indexer { index, fields, dir, store, writing: Mutex::new(Writing { writer: None, reader, applied: None }) })
    }

    /// Whether the index is kept in a folder.
    pub fn is_on_disk(&self) -> bool {
        self.dir.is_some()
    }

    /// Brings the index up to date with `corpus` and returns the search index of `corpus` over
    /// it, with what changed. Updates run one at a time. Each article the index then holds lets
    /// go of its content, which is read back from the index from then on ([`Article::content`](crate::article::Article::content)).
    ///
    /// `generation` orders the corpora of one process: a corpus older than the last one
    /// written (a reload overtaken by the next) changes nothing, and its search index finds
    /// only its articles the index still holds.
    ///
    /// The first build (into an empty index) is merged into as many segments as there are
    /// search threads; later updates leave merging to tantivy's log merge policy.
    ///
    /// # Errors
    /// When tantivy fails to write or commit; the index is then rolled back to its last
    /// commit, which readers keep seeing, and the next update tries again.
    pub fn update(&self, corpus: &Corpus, generation: u64) -> Result<(SearchIndex, Change), Error> {
        let keys = super::keys(corpus);
        let mut writing = self.writing.lock().unwrap_or_else(PoisonError::into_inner);
        let present = super::live_keys(&writing.reader.searcher(), self.fields.key)?;
        let mut change = Change { before: present.len(), added: 0, removed: 0 };
        if writing.applied.is_none_or(|applied| applied <= generation) {
            let result = self.write(&mut writing, corpus, &keys, &present, &mut change);
            if let Err(error) = result {
                if let Some(writer) = writing.writer.as_mut() {
                    let _ = writer.rollback();
                }
                return Err(error);
            }
            writing.applied = Some(generation);
        }
        let searcher = writing.reader.searcher();
        drop(writing);
        let index = SearchIndex::assemble(searcher, self.fields, &self.index, corpus, &keys)?;
        let store: Arc<dyn Store> = self.store.clone();
        index.keep_contents(corpus, &keys, &store);
        Ok((index, change))
    }

    /// Deletes the documents of keys in `present` but not `keys`, adds those of articles whose
    /// key is not `present`, commits and reloads the reader; nothing when nothing differs.
    fn write(
        &self,
        writing: &mut Writing,
        corpus: &Corpus,
        keys: &[u64],
        present: &HashSet<u64>,
        change: &mut Change,
    ) -> Result<(), Error> {
        let wanted: HashSet<u64> = keys.iter().copied().collect();
        let first = present.is_empty();
        if first {
            writing.writer(&self.index)?.set_merge_policy(Box::new(NoMergePolicy));
        }
        for &key in present.iter().filter(|key| !wanted.contains(key)) {
            writing.writer(&self.index)?.delete_term(Term::from_field_u64(self.fields.key, key));
            change.removed += 1;
        }
        let mut added = HashSet::new();
        let new: Vec<usize> =
            (0..keys.len()).filter(|&at| !present.contains(&keys[at]) && added.insert(keys[at])).collect();
        let articles = corpus.articles();
        let analyzer = self.index.tokenizer_for_field(self.fields.text)?;
        for batch in new.chunks(BATCH) {
            let documents: Vec<_> = batch
                .par_iter()
                .map_with(analyzer.clone(), |analyzer, &at| self.fields.document(analyzer, &articles[at], keys[at]))
                .collect::<Result<_, _>>()?;
            for document in documents {
                writing.writer(&self.index)?.add_document(document)?;
            }
        }
        change.added = new.len();
        if change.is_none() {
            return Ok(());
        }
        let writer = writing.writer(&self.index)?;
        writer.commit()?;
        if first {
            let metas = self.index.searchable_segment_metas()?;
            let merges: Vec<_> = super::groups(metas, super::threads())
                .iter()
                .filter(|group| group.len() > 1)
                .map(|group| writer.merge(group))
                .collect();
            for merge in merges {
                merge.wait()?;
            }
            // The next update makes a writer of its own: the first build's indexing threads end
            // here, and the memory they allocated goes back to the allocator with them.
            writing.writer = None;
        }
        writing.reader.reload()?;
        if let Some(dir) = &self.dir
            && let Err(error) = super::readable_by_all(dir)
        {
            // The commit stands; replicas running as another user may not open it.
            tracing::warn!(%error, dir = %dir.display(), "the search index cannot be made readable by all");
        }
        Ok(())
    }
}

impl Indexer {
    /// What keeps the contents of seeds read again in the index's latest commit (see
    /// [`Keeper`]).
    pub fn keeper(&self) -> Arc<dyn Keeper> {
        Arc::new(self.store.clone())
    }
}

impl Writing {
    /// The writer, made on the search threads (merging by tantivy's log merge policy) when
    /// there is none.
    fn writer(&mut self, index: &Index) -> Result<&mut IndexWriter, Error> {
        match &mut self.writer {
            Some(writer) => Ok(writer),
            slot @ None => {
                let threads = super::threads();
                let writer = index.writer_with_num_threads(threads, threads * WRITER_BYTES_PER_THREAD)?;
                writer.set_merge_policy(Box::new(LogMergePolicy::default()));
                Ok(slot.insert(writer))
            }
        }
    }
}

/// The index of this format in `dir`, opened; `None` (logged) for a folder without one, of
/// another format, or damaged: it is built again. With `check_all`, or when a file changed
/// after the last commit (tantivy never changes a file once written, so its modification time
/// is older than `meta.json`'s), every file's checksum is checked (tantivy's footer of each
/// file); a file missing or cut short fails when the index is opened.
fn opened(dir: &Path, check_all: bool) -> Option<Index> {
    let format = std::fs::read_to_string(dir.join(FORMAT_FILE)).ok()?;
    if format.trim() != FORMAT {
        tracing::warn!(dir = %dir.display(), found = format.trim(), expected = FORMAT, "the search index on disk is of another format: building it again");
        return None;
    }
    let damaged = |error: &dyn std::fmt::Display| {
        tracing::warn!(%error, dir = %dir.display(), "the search index on disk cannot be opened: building it again");
    };
    let index = Index::open_in_dir(dir).map_err(|error| damaged(&error)).ok()?;
    if !check_all && !changed_since_commit(dir) {
        return Some(index);
    }
    match index.validate_checksum() {
        Ok(files) if files.is_empty() => Some(index),
        Ok(files) => {
            let mut names: Vec<String> = files.iter().map(|file| file.display().to_string()).collect();
            names.sort();
            tracing::warn!(dir = %dir.display(), files = %names.join(", "), "the search index on disk is damaged: building it again");
            None
        }
        Err(error) => {
            damaged(&error);
            None
        }
    }
}

/// Whether a file of the index folder `dir` (other than `meta.json`, tantivy's lists and
/// locks, and newsreader's own files) was modified after `meta.json`, the last commit.
fn changed_since_commit(dir: &Path) -> bool {
    let modified = |path: &Path| std::fs::metadata(path).and_then(|metadata| metadata.modified()).ok();
    let Some(commit) = modified(&dir.join("meta.json")) else { return true };
    let Ok(entries) = std::fs::read_dir(dir) else { return true };
    entries.flatten().any(|entry| {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        let own = name == "meta.json" || name.starts_with('.') || name.starts_with("newsreader-");
        !own && modified(&entry.path()).is_none_or(|time| time > commit)
    })
}

/// Whether `dir` holds an index of this format, for a replica to open.
pub(super) fn is_current(dir: &Path) -> bool {
    std::fs::read_to_string(dir.join(FORMAT_FILE)).is_ok_and(|format| format.trim() == FORMAT)
}

/// Registers the analyzer of the text fields on `index`.
pub(super) fn register(index: &Index) {
    index.tokenizers().register(words::NAME, words::analyzer());
}
