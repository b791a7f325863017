//! The seed manifest: each seed file's size, modification time and compacted read, kept in
//! the data folder, so a restart takes an unchanged file's articles from it instead of
//! reading and parsing the file again.
//!
//! Layout: `manifest/00.postcard` to `manifest/3f.postcard`, [`SHARDS`] files, each holding
//! the files whose name hashes to it, as postcard followed by the XXH3-64 checksum of those
//! bytes (a shard damaged on disk is not used). Each is written whole to a temporary file and renamed
//! ([`crate::data::write_atomically`]), so a reader sees the last shard or the one before,
//! never half of one; a change rewrites only the shards of the files it changed.
//!
//! A file is recorded only when each of its articles' contents is kept in the search index,
//! and only under its key: the manifest holds the fields lists and slugs need, the index the
//! bodies. At load, a recorded article whose key the index no longer holds sends its whole
//! file back to be read. Shards written by another build of newsreader (whose parser may read
//! the same file otherwise) are not used.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::SystemTime;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use super::file::{FileRead, ReadArticle};
use super::keeper::{Keeper, Stamp, from_unix_nanos, unix_nanos};
use super::{Skip, Warning};
use crate::article::{Article, DetectedLanguage, SeedRef, SeedText};
use crate::dateline::Date;

/// How many shard files the manifest is split into.
pub const SHARDS: usize = 64;

/// What bumps when a shard's layout changes.
const FORMAT: &str = "newsreader manifest 2";

/// The seed manifest of one data folder (see the module docs).
#[derive(Debug)]
pub struct Manifest {
    dir: PathBuf,
    /// This build's identity ([`build`]): shards of another are not used.
    build: u64,
    /// Whether this process writes it (it holds the data folder's lock); a replica only reads
    /// it.
    writable: bool,
    /// The digest ([`digest`]) of each shard as last loaded or written: a shard whose files
    /// are the same is not written again.
    written: Mutex<HashMap<usize, u64>>,
}

/// One seed file as [`Manifest::record`] takes it: its name, stamp, the XXH3-64 hash of its
/// bytes (when known) and its read.
pub type Version<'a> = (&'a str, Stamp, Option<u64>, &'a FileRead);

/// A file taken from the manifest.
#[derive(Debug)]
pub struct Recorded {
    /// Its size and modification time when recorded.
    pub stamp: Stamp,
    /// The XXH3-64 hash of its bytes then, when known.
    pub hash: Option<u64>,
    /// What was read from it.
    pub read: FileRead,
}

impl Manifest {
    /// The manifest in folder `dir` (a data folder's `manifest/`), for the process that
    /// writes the folder; nothing is read or written yet.
    pub fn at(dir: &Path) -> Manifest {
        Manifest { dir: dir.to_owned(), build: build(), writable: true, written: Mutex::new(HashMap::new()) }
    }

    /// The manifest in folder `dir` for a replica, which loads it and never writes it
    /// ([`Manifest::record`] writes nothing).
    pub fn read_only(dir: &Path) -> Manifest {
        Manifest { writable: false, ..Manifest::at(dir) }
    }

    /// The recorded files, by name, whose every article `keeper` still holds. Shards that are
    /// missing, damaged or of another build give nothing (a damaged one is logged): their
    /// files are read again.
    pub fn load(&self, keeper: &dyn Keeper) -> HashMap<String, Recorded> {
        let held = keeper.keys();
        let shards: Vec<(usize, Vec<RecordedFile>)> =
            (0..SHARDS).into_par_iter().filter_map(|shard| Some((shard, self.read_shard(shard)?))).collect();
        let mut written = self.written.lock().unwrap_or_else(PoisonError::into_inner);
        let mut files = HashMap::new();
        for (shard, recorded) in shards {
            written.insert(shard, digest(recorded.iter().map(|file| (file.name.as_str(), file.stamp()))));
            let reads: Vec<_> = recorded
                .into_par_iter()
                .filter(|file| file.articles.iter().all(|article| held.contains(&article.key)))
                .map(|file| (file.name.clone(), file.into_recorded(keeper)))
                .collect();
            files.extend(reads);
        }
        files
    }

    /// The shard's files; `None` when it is missing, damaged or of another build.
    fn read_shard(&self, shard: usize) -> Option<Vec<RecordedFile>> {
        let path = self.path(shard);
        let bytes = std::fs::read(&path).ok()?;
        let shard = crate::data::unsealed(&bytes)
            .ok_or_else(|| "its checksum does not match".to_owned())
            .and_then(|payload| postcard::from_bytes::<Shard>(payload).map_err(|error| error.to_string()));
        let shard = match shard {
            Ok(shard) => shard,
            Err(error) => {
                tracing::warn!(file = %path.display(), %error, "a seed manifest file cannot be read: its seed files are read again");
                return None;
            }
        };
        (shard.format == FORMAT && shard.build == self.build).then_some(shard.files)
    }

    /// Writes the shards whose recorded files differ from those of `files` (name, stamp and
    /// read of each seed file) whose every article's content is kept; returns how many shards
    /// were written (none for a [read-only](Manifest::read_only) manifest).
    ///
    /// # Errors
    /// When the folder or a shard cannot be written; the shards written before stay, the
    /// others are tried again by the next call.
    pub fn record<'a>(&self, files: impl Iterator<Item = Version<'a>>) -> std::io::Result<usize> {
        if !self.writable {
            return Ok(0);
        }
        let mut shards: Vec<Vec<Version<'_>>> = vec![Vec::new(); SHARDS];
        for (name, stamp, hash, read) in files {
            if is_recordable(read) {
                shards[shard_of(name)].push((name, stamp, hash, read));
            }
        }
        let mut written = self.written.lock().unwrap_or_else(PoisonError::into_inner);
        let mut count = 0;
        for (shard, files) in shards.into_iter().enumerate() {
            let now = digest(files.iter().map(|&(name, stamp, _, _)| (name, stamp)));
            if written.get(&shard) == Some(&now) {
                continue;
            }
            if count == 0 {
                std::fs::create_dir_all(&self.dir)?;
            }
            let shard_files =
                files.iter().map(|&(name, stamp, hash, read)| RecordedFile::of(name, stamp, hash, read)).collect();
            let mut bytes =
                postcard::to_stdvec(&Shard { format: FORMAT.to_owned(), build: self.build, files: shard_files })
                    .map_err(std::io::Error::other)?;
            crate::data::seal(&mut bytes);
            crate::data::write_atomically(&self.path(shard), &bytes)?;
            written.insert(shard, now);
            count += 1;
        }
        Ok(count)
    }

    fn path(&self, shard: usize) -> PathBuf {
        self.dir.join(format!("{shard:02x}.postcard"))
    }
}

/// Whether `read` can be recorded: it gave articles (or is a listing), and every article's
/// content is kept in its store, not held. Lines it lists are recorded as counted.
fn is_recordable(read: &FileRead) -> bool {
    let good = matches!(read.skipped, None | Some(Skip::Listing { .. }));
    good && read.articles.iter().all(|article| article.article.body.kept_key().is_some())
}

/// The shard a file's name falls in.
fn shard_of(name: &str) -> usize {
    (xxhash_rust::xxh3::xxh3_64(name.as_bytes()) % SHARDS as u64) as usize
}

/// A hash of the names and stamps of a shard's files, in order.
fn digest<'a>(files: impl Iterator<Item = (&'a str, Stamp)>) -> u64 {
    let mut hasher = xxhash_rust::xxh3::Xxh3::new();
    for (name, stamp) in files {
        hasher.update(&(name.len() as u64).to_le_bytes());
        hasher.update(name.as_bytes());
        hasher.update(&stamp.len.to_le_bytes());
        hasher.update(&stamp.modified.and_then(unix_nanos).unwrap_or(i64::MIN).to_le_bytes());
    }
    hasher.digest()
}

/// This build's identity: its version and its executable's size and modification time. A
/// rebuilt newsreader may parse a file otherwise, so its manifest is made again.
fn build() -> u64 {
    let mut hasher = xxhash_rust::xxh3::Xxh3::new();
    hasher.update(env!("CARGO_PKG_VERSION").as_bytes());
    if let Ok(metadata) = std::env::current_exe().and_then(std::fs::metadata) {
        hasher.update(&metadata.len().to_le_bytes());
        let modified = metadata.modified().ok().and_then(|time| time.duration_since(SystemTime::UNIX_EPOCH).ok());
        hasher.update(&modified.map_or(0, |since| since.as_nanos()).to_le_bytes());
    }
    hasher.digest()
}

/// One shard file.
#[derive(Serialize, Deserialize)]
struct Shard {
    /// [`FORMAT`].
    format: String,
    /// The [`build`] that wrote it.
    build: u64,
    /// Its files, in name order.
    files: Vec<RecordedFile>,
}

/// One seed file as recorded.
#[derive(Serialize, Deserialize)]
struct RecordedFile {
    name: String,
    len: u64,
    /// Modification time, nanoseconds since 1970 ([`unix_nanos`]; serde's `SystemTime`
    /// refuses times before 1970).
    modified: Option<i64>,
    /// The XXH3-64 hash of its bytes.
    hash: Option<u64>,
    /// Its warnings: line and message.
    warnings: Vec<(Option<usize>, String)>,
    /// The teasers of a listing.
    listing: Option<usize>,
    unlisted: usize,
    articles: Vec<RecordedArticle>,
}

/// One article as recorded: what the corpus needs of it, its content's key in the index.
#[derive(Serialize, Deserialize)]
struct RecordedArticle {
    key: u64,
    headline: SeedText,
    headline_printed: bool,
    slug: String,
    standfirst: Option<SeedText>,
    dateline: Option<SeedText>,
    /// The date: days from the common era, seconds from midnight, offset seconds east.
    date: Option<(i32, Option<u32>, Option<i32>)>,
    byline: Option<SeedText>,
    section: Option<SeedText>,
    source: Option<SeedText>,
    line: usize,
    fingerprint: [u8; 16],
    anchor: Option<u64>,
    warnings: Vec<(Option<usize>, String)>,
    unlisted: usize,
}

impl RecordedFile {
    fn of(name: &str, stamp: Stamp, hash: Option<u64>, read: &FileRead) -> RecordedFile {
        let listing = match read.skipped {
            Some(Skip::Listing { teasers }) => Some(teasers),
            _ => None,
        };
        RecordedFile {
            name: name.to_owned(),
            len: stamp.len,
            modified: stamp.modified.and_then(unix_nanos),
            hash,
            warnings: warnings_of(&read.warnings),
            listing,
            unlisted: read.unlisted + read.removed.len(),
            articles: read.articles.iter().map(RecordedArticle::of).collect(),
        }
    }

    fn stamp(&self) -> Stamp {
        Stamp { len: self.len, modified: self.modified.map(from_unix_nanos) }
    }

    /// The file as recorded, each article's body kept by `keeper`.
    fn into_recorded(self, keeper: &dyn Keeper) -> Recorded {
        let (stamp, hash) = (self.stamp(), self.hash);
        Recorded { stamp, hash, read: self.into_read(keeper) }
    }

    /// The read, each article's body kept by `keeper`.
    fn into_read(self, keeper: &dyn Keeper) -> FileRead {
        let file: Arc<str> = self.name.as_str().into();
        // Collected into a vector of their own size: one collected in place would keep the
        // larger allocation of the recorded articles.
        let mut articles = Vec::with_capacity(self.articles.len());
        articles.extend(self.articles.into_iter().map(|article| article.into_read(&file, keeper)));
        FileRead {
            file: self.name,
            warnings: warnings_from(self.warnings),
            skipped: self.listing.map(|teasers| Skip::Listing { teasers }),
            articles,
            removed: Vec::new(),
            unlisted: self.unlisted,
        }
    }
}

impl RecordedArticle {
    fn of(read: &ReadArticle) -> RecordedArticle {
        let article = &read.article;
        RecordedArticle {
            key: article.body.kept_key().unwrap_or_default(),
            headline: article.headline.clone(),
            headline_printed: article.headline_printed,
            slug: article.slug.clone(),
            standfirst: article.standfirst.clone(),
            dateline: article.dateline.clone(),
            date: article.date.map(|date| {
                use chrono::{Datelike as _, Timelike as _};
                (
                    date.day.num_days_from_ce(),
                    date.time.map(|time| time.num_seconds_from_midnight()),
                    date.offset.map(|offset| offset.local_minus_utc()),
                )
            }),
            byline: article.byline.clone(),
            section: article.section.clone(),
            source: article.source.clone(),
            line: article.seed.line,
            fingerprint: read.fingerprint,
            anchor: read.anchor,
            warnings: warnings_of(&read.warnings),
            unlisted: read.unlisted + read.lines.len(),
        }
    }

    fn into_read(self, file: &Arc<str>, keeper: &dyn Keeper) -> ReadArticle {
        let date = self.date.and_then(|(day, time, offset)| {
            Some(Date {
                day: chrono::NaiveDate::from_num_days_from_ce_opt(day)?,
                time: time.and_then(|seconds| chrono::NaiveTime::from_num_seconds_from_midnight_opt(seconds, 0)),
                offset: offset.and_then(chrono::FixedOffset::east_opt),
            })
        });
        let article = Article {
            headline: self.headline,
            headline_printed: self.headline_printed,
            slug: self.slug,
            standfirst: self.standfirst,
            dateline: self.dateline,
            date,
            byline: self.byline,
            section: self.section,
            source: self.source,
            detected: DetectedLanguage::default(),
            body: keeper.body(self.key),
            seed: SeedRef { file: Arc::clone(file), line: self.line },
        };
        ReadArticle::compacted(article, self.fingerprint, self.anchor, warnings_from(self.warnings), self.unlisted)
    }
}

fn warnings_of(warnings: &[Warning]) -> Vec<(Option<usize>, String)> {
    warnings.iter().map(|warning| (warning.line, warning.message.clone())).collect()
}

fn warnings_from(warnings: Vec<(Option<usize>, String)>) -> Vec<Warning> {
    warnings.into_iter().map(|(line, message)| Warning { line, message }).collect()
}

#[cfg(test)]
mod tests {

    use super::*;
    use crate::corpus::Corpus;
    use crate::corpus::store::SeedStore;
    use crate::search::Indexer;

    /// A fresh folder holding `seeds/`: a first file over the first read's bytes
    /// ([`crate::corpus::store::FIRST_READ_BYTES`]), then every real page of the fixtures'
    /// `more`, `layouts` and `rtl` folders (listings, warnings, both directions), each under
    /// its folder's name.
    fn real_seeds() -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("newsreader-manifest-{}-{}", std::process::id(), fastrand::u64(..)));
        std::fs::create_dir_all(dir.join("seeds")).expect("made");
        let filler: String = (0..130_000).map(|n| format!("Paragraph {n} of a long article.\n\n")).collect();
        std::fs::write(dir.join("seeds").join("0.txt"), format!("A Long Article\n\n{filler}")).expect("written");
        let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
        for folder in ["more", "layouts", "rtl"] {
            std::fs::create_dir_all(dir.join("seeds").join(folder)).expect("made");
            for entry in std::fs::read_dir(fixtures.join(folder)).expect("listed").flatten() {
                let name = entry.file_name().to_string_lossy().into_owned();
                if name.ends_with(".txt") {
                    std::fs::copy(entry.path(), dir.join("seeds").join(folder).join(&name)).expect("copied");
                }
            }
        }
        // An exact copy of a page: its article is left out, and its content is the page's.
        std::fs::create_dir_all(dir.join("seeds").join("copy")).expect("made");
        std::fs::copy(fixtures.join("layouts/bbc_news-world-europe-68811542.txt"), dir.join("seeds/copy/bbc.txt"))
            .expect("copied");
        dir
    }

    /// The seeds of `dir` read with the index and manifest of `dir`, indexed, and recorded:
    /// the corpus, what the refresh took from the manifest, and the shards written.
    fn run(dir: &Path) -> (Corpus, usize, usize) {
        let indexer = Indexer::open(&dir.join("index")).expect("opens");
        let manifest = Manifest::at(&dir.join("manifest"));
        let mut store =
            SeedStore::open_first(&dir.join("seeds"), Some(indexer.keeper()), Some(manifest)).expect("reads");
        let changes = store.refresh().expect("reads the rest");

        let (corpus, _) = store.corpus();
        indexer.update(&corpus, 0).expect("indexes");
        let written = store.record().expect("records");
        (corpus, changes.unread.len(), written)
    }

    #[test]
    fn a_restart_takes_each_unchanged_file_from_the_manifest_as_it_was_read() {
        let dir = real_seeds();
        let seeds = dir.join("seeds");
        let (first, unread, written) = run(&dir);
        let files: usize = ["more", "layouts", "rtl", "copy"]
            .iter()
            .map(|folder| std::fs::read_dir(seeds.join(folder)).expect("listed").count())
            .sum();
        assert_eq!((unread, written), (0, SHARDS));
        let fresh = Corpus::load(&seeds).expect("reads").0;
        assert_eq!(first.articles(), fresh.articles());
        // The first refresh reads the long first file itself; the rest come from the
        // manifest, read back to the same articles, and nothing is written again.
        let (second, unread, written) = run(&dir);
        // One page is read again: the France 24 page that repeats the story of its other
        // address, a left-out copy whose content the index does not hold (the exact copy's
        // content it holds).
        assert_eq!(unread, files - 1);
        assert_eq!(written, 0);
        assert_eq!(second.articles(), fresh.articles());
        assert_eq!(second.modified, fresh.modified);
        // The manifest goes by size and modification time: a file rewritten with both as they
        // were is taken from it (SIGHUP reads it); one with another time is read.
        let last = seeds.join("rtl").join("arabic.txt");
        let before = std::fs::metadata(&last).expect("there").modified().expect("known");
        let text = std::fs::read_to_string(&last).expect("read");
        let changed = text.replacen("\u{627}", "\u{644}", 1);
        assert_eq!(changed.len(), text.len());
        std::fs::write(&last, &changed).expect("written");
        std::fs::File::options().write(true).open(&last).expect("opened").set_modified(before).expect("set");
        let (third, _, written) = run(&dir);
        assert_eq!(written, 0);
        assert_eq!(third.articles(), fresh.articles());
        let later = before + std::time::Duration::from_secs(60);
        std::fs::File::options().write(true).open(&last).expect("opened").set_modified(later).expect("set");
        let (fourth, _, written) = run(&dir);
        assert_eq!(written, 1);
        let now = Corpus::load(&seeds).expect("reads").0;
        assert_ne!(now.articles(), fresh.articles());
        assert_eq!(fourth.articles(), now.articles());
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_file_last_modified_before_1970_is_recorded_and_taken_from_the_manifest() {
        let dir = real_seeds();
        let old = dir.join("seeds").join("rtl").join("arabic.txt");
        let time = SystemTime::UNIX_EPOCH - std::time::Duration::from_secs(1);
        std::fs::File::options().write(true).open(&old).expect("opened").set_modified(time).expect("set");
        let (first, _, written) = run(&dir);
        assert_eq!(written, SHARDS);
        let (second, _, written) = run(&dir);
        assert_eq!(written, 0);
        assert_eq!(second.articles(), first.articles());
        assert_eq!(second.modified("rtl/arabic.txt"), Some(time));
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_damaged_shard_or_an_index_without_the_articles_sends_the_files_back_to_be_read() {
        let dir = real_seeds();
        let fresh = Corpus::load(&dir.join("seeds")).expect("reads").0;
        run(&dir);
        let (_, unread, _) = run(&dir);
        // One byte flipped in the middle of each shard, as a failing disk flips them: most land
        // in a headline or a caption, which would still read, as other text.
        for shard in 0..SHARDS {
            let path = dir.join("manifest").join(format!("{shard:02x}.postcard"));
            let mut bytes = std::fs::read(&path).expect("read");
            let middle = bytes.len() / 2;
            bytes[middle] ^= 0x01;
            std::fs::write(&path, bytes).expect("written");
        }
        let (damaged, none, written) = run(&dir);
        assert_eq!((none, written), (0, SHARDS));
        assert_eq!(damaged.articles(), fresh.articles());
        // An index made again holds none of the recorded keys: every file is read but the
        // listings, which hold no article.
        std::fs::remove_dir_all(dir.join("index")).expect("removed");
        let (rebuilt, listings, _) = run(&dir);
        let (_, reports) = Corpus::load(&dir.join("seeds")).expect("reads");
        let listed = reports.iter().filter(|report| matches!(report.skipped, Some(Skip::Listing { .. }))).count();
        assert_eq!((listings, listed), (5, 5));
        assert_eq!(rebuilt.articles(), fresh.articles());
        let (_, again, _) = run(&dir);
        assert_eq!(again, unread);
        let _ = std::fs::remove_dir_all(&dir);
    }
}
