//! The seeds folder over time: the last good version of every seed file, read and parsed,
//! refreshed when the folder changes, so a file that breaks keeps being served as it was and
//! a reload reads only the files that changed.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use rayon::prelude::*;

use super::file::{FileRead, read_file};
use super::keeper::{Keeper, Stamp};
use super::manifest::{Manifest, Recorded};
use super::{Corpus, Error, FileReport, SeedEntry, seed_files};

/// How recently a file may have been modified and still be read: younger files may still be
/// being written, and wait for the next refresh.
pub const SETTLE_TIME: Duration = Duration::from_millis(200);

/// [`SETTLE_TIME`] for an empty file: one just created and not yet filled, most likely, whose
/// writer may have stalled for longer than a pause between writes. Read earlier, it would be a
/// file that holds no article, and a folder replaced whole would be served empty meanwhile.
pub const EMPTY_SETTLE_TIME: Duration = Duration::from_secs(2);

/// How many bytes of seed files [`SeedStore::open_first`] reads, in file-name order, before
/// the rest: enough for the first pages of the list (a few hundred articles), read in a
/// fraction of a second.
pub const FIRST_READ_BYTES: u64 = 4 << 20;

/// A read of a file and the XXH3-64 hash of the bytes it was read from, when known.
type Version = (Arc<FileRead>, Option<u64>);

/// A file to read, its stamp, and the hash and read of the version kept of it.
type ToRead = (SeedEntry, Stamp, Option<(u64, Arc<FileRead>)>);

#[derive(Debug, Clone)]
struct Stored {
    stamp: Stamp,
    /// The XXH3-64 hash of the bytes of the version at `stamp`, when known: a file read again
    /// with the same bytes keeps its read.
    hash: Option<u64>,
    /// The last version read that held at least one article; while there has been none, the
    /// last version read (its report says why it was skipped).
    read: Arc<FileRead>,
    /// Why the version at `stamp` cannot be used, when it cannot (it is in
    /// [`Changes::failed`] or [`Changes::skipped`]).
    rejected: Option<String>,
}

impl Stored {
    /// Whether `read` is a good version (it holds articles).
    fn is_good(&self) -> bool {
        self.read.skipped.is_none()
    }
}

/// The seed files of one folder, each at its last good version.
#[derive(Debug, Clone)]
pub struct SeedStore {
    dir: PathBuf,
    files: BTreeMap<String, Stored>,
    /// Files listed at the last refresh but left for the next one by [`SeedStore::open_first`].
    pending: usize,
    /// Whether reads are kept [compacted](FileRead::compact), as a server keeps them.
    compact: bool,
    /// What takes the contents a store already holds, for compacted reads.
    keeper: Option<Arc<dyn Keeper>>,
    /// Where the reads whose contents `keeper` holds are recorded between runs.
    manifest: Option<Arc<Manifest>>,
    /// Whether `manifest` has been loaded (once, by the first refresh that reads every file).
    manifest_loaded: bool,
}

/// What one [`SeedStore::refresh`] changed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Changes {
    /// Files read anew (new or changed), by name, and those taken from the seed manifest.
    pub updated: Vec<String>,
    /// Of `updated`, the files taken from the seed manifest, unread.
    pub unread: Vec<String>,
    /// Files gone from the folder.
    pub removed: Vec<String>,
    /// Files whose new version could not be used, with why; their last good version stays.
    pub failed: Vec<(String, String)>,
    /// Files read that have never had a good version and cannot be used (binary, empty, a
    /// `.md` file without headline, no file at all), with why: they give no article, and their
    /// reports say why. Not in `updated`.
    pub skipped: Vec<(String, String)>,
    /// Of `failed` and `skipped`, the files that were rejected already, for the same reason,
    /// at the same size and modification time (read again by [`SeedStore::refresh_all`]):
    /// reported again, but no new problem.
    pub known: BTreeSet<String>,
    /// Files modified within [`SETTLE_TIME`] (an empty file within [`EMPTY_SETTLE_TIME`]) or
    /// changing while read: to be read next time.
    pub unsettled: Vec<String>,
    /// Of `unsettled`, the empty files (most likely just created).
    pub unsettled_empty: Vec<String>,
    /// Warnings about the files read anew (a guessed encoding, replaced characters).
    pub warnings: Vec<(String, String)>,
}

impl Changes {
    /// Whether the corpus needs rebuilding.
    pub fn any(&self) -> bool {
        !self.updated.is_empty() || !self.removed.is_empty()
    }

    /// Whether these changes should wait for the unsettled files: a file being written holds
    /// them back; an empty one only when files are removed (by these changes, or, with
    /// `removing`, by changes already held), as when a folder is replaced whole and its new
    /// files are not filled yet. An empty file alone holds back no other file.
    pub fn wait_for_unsettled(&self, removing: bool) -> bool {
        self.unsettled.len() > self.unsettled_empty.len()
            || (!self.unsettled_empty.is_empty() && (removing || !self.removed.is_empty()))
    }

    /// How many of `files` (of [`Changes::failed`] or [`Changes::skipped`]) became unusable
    /// with this refresh: those not [`Changes::known`].
    pub fn new_problems(&self, files: &[(String, String)]) -> usize {
        files.iter().filter(|(file, _)| !self.known.contains(file)).count()
    }
}

impl SeedStore {
    /// Reads every seed file of `dir`.
    ///
    /// # Errors
    /// As [`seed_files`]: the folder is missing, unreadable or holds no seed file.
    pub fn open(dir: &Path) -> Result<SeedStore, Error> {
        let mut store = SeedStore::empty(dir, false, None, None);
        store.refresh_at(None, None, false)?;
        Ok(store)
    }

    fn empty(dir: &Path, compact: bool, keeper: Option<Arc<dyn Keeper>>, manifest: Option<Manifest>) -> SeedStore {
        let manifest = manifest.map(Arc::new);
        SeedStore {
            dir: dir.to_owned(),
            files: BTreeMap::new(),
            pending: 0,
            compact,
            keeper,
            manifest,
            manifest_loaded: false,
        }
    }

    /// Reads the first seed files of `dir` in file-name order, about [`FIRST_READ_BYTES`] of
    /// them (at least one file): enough to serve the first pages of the list at once. The
    /// next [`SeedStore::refresh`] reads the rest; [`SeedStore::is_complete`] says whether
    /// there is a rest.
    ///
    /// This is how a server reads: its reads are [compacted](FileRead::compact), so no file's
    /// text is held whole, and `keeper` takes the contents its store already holds. With a
    /// `manifest` (and a `keeper`), the refresh that reads the rest takes each file the
    /// manifest recorded at its present size and modification time from it, unread, and
    /// [`SeedStore::record`] records the files read.
    ///
    /// # Errors
    /// As [`seed_files`]: the folder is missing, unreadable or holds no seed file.
    pub fn open_first(
        dir: &Path,
        keeper: Option<Arc<dyn Keeper>>,
        manifest: Option<Manifest>,
    ) -> Result<SeedStore, Error> {
        let mut store = SeedStore::empty(dir, true, keeper, manifest);
        store.refresh_at(None, Some(FIRST_READ_BYTES), false)?;
        Ok(store)
    }

    /// [`SeedStore::open_first`] reading every file at once, as an indexer does.
    ///
    /// # Errors
    /// As [`seed_files`]: the folder is missing, unreadable or holds no seed file.
    pub fn open_kept(dir: &Path, keeper: Arc<dyn Keeper>, manifest: Option<Manifest>) -> Result<SeedStore, Error> {
        let mut store = SeedStore::empty(dir, true, Some(keeper), manifest);
        store.refresh_at(None, None, false)?;
        Ok(store)
    }

    /// Records in the manifest the files read at their present version whose every
    /// article's content the keeper's store holds (see [`Manifest::record`]); returns how
    /// many manifest files were written, 0 without a manifest. Called once the corpus is
    /// indexed: the articles still held are kept first where the store holds their content
    /// (an exact copy left out of the corpus, whose text the copy kept has), so they let go
    /// of their text and their files can be recorded.
    ///
    /// # Errors
    /// When the manifest cannot be written.
    pub fn record(&self) -> std::io::Result<usize> {
        let (Some(manifest), Some(keeper)) = (&self.manifest, &self.keeper) else { return Ok(0) };
        let reads = self.files.values().map(|stored| &stored.read);
        let held = reads.flat_map(|read| &read.articles).filter(|read| read.article.body.kept_key().is_none());
        for read in held {
            keeper.keep(&read.article);
        }
        let files = self.files.iter().filter(|(_, stored)| stored.rejected.is_none());
        manifest.record(files.map(|(name, stored)| (name.as_str(), stored.stamp, stored.hash, &*stored.read)))
    }

    /// Whether every seed file listed at the last refresh has been read (false only after
    /// [`SeedStore::open_first`] left files for later).
    pub fn is_complete(&self) -> bool {
        self.pending == 0
    }

    /// The folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Looks at the folder again: reads new and changed files, forgets removed ones. A new
    /// version that cannot be read, or holds no article, leaves the last good one in place
    /// ([`Changes::failed`]); a file that never had a good one is [`Changes::skipped`].
    ///
    /// # Errors
    /// As [`seed_files`]; the store is unchanged then.
    pub fn refresh(&mut self) -> Result<Changes, Error> {
        self.refresh_at(Some(SystemTime::now()), None, false)
    }

    /// [`SeedStore::refresh`] that reads every file again, changed or not: for a forced
    /// reload, and for a folder replaced whole, whose files may have the sizes and
    /// modification times of the old ones (`cp -p`, `tar`, `rsync -a`) but other text.
    ///
    /// # Errors
    /// As [`seed_files`]; the store is unchanged then.
    pub fn refresh_all(&mut self) -> Result<Changes, Error> {
        self.refresh_at(Some(SystemTime::now()), None, true)
    }

    /// [`SeedStore::refresh`], reading only files left alone for [`SETTLE_TIME`] (an empty
    /// file for [`EMPTY_SETTLE_TIME`]; an entry refused as no file at once) at time `now`
    /// (all files when `None`), and, with a
    /// `budget`, no more files once that many bytes are to be read (the rest are left
    /// pending). With `every`, files whose size and modification time are unchanged are read
    /// again too.
    fn refresh_at(&mut self, now: Option<SystemTime>, budget: Option<u64>, every: bool) -> Result<Changes, Error> {
        let listed = seed_files(&self.dir)?;
        let mut changes = Changes::default();
        self.remove_gone(&listed, &mut changes);
        let mut recorded = match (&self.manifest, &self.keeper) {
            (Some(manifest), Some(keeper)) if budget.is_none() && !self.manifest_loaded => {
                self.manifest_loaded = true;
                manifest.load(&**keeper)
            }
            _ => HashMap::new(),
        };
        let (unread, to_read) = self.plan(listed, now, budget, every, &recorded, &mut changes);
        let reads = self.read_all(to_read);
        for name in unread {
            if let Some(recorded) = recorded.remove(&name) {
                self.update(name.clone(), recorded.stamp, (Arc::new(recorded.read), recorded.hash), &mut changes);
                changes.unread.push(name);
            }
        }
        for (name, stamp, read) in reads {
            match read {
                Ok(Some(read)) => self.update(name, stamp, read, &mut changes),
                Ok(None) => changes.unsettled.push(name),
                Err(error) => changes.failed.push((name, format!("cannot read: {error}"))),
            }
        }
        Ok(changes)
    }

    /// Lets go of the files no longer `listed`, as removed.
    fn remove_gone(&mut self, listed: &[SeedEntry], changes: &mut Changes) {
        let names: std::collections::HashSet<&str> = listed.iter().map(|entry| entry.name.as_str()).collect();
        let gone: Vec<String> = self.files.keys().filter(|name| !names.contains(name.as_str())).cloned().collect();
        for name in gone {
            self.files.remove(&name);
            changes.removed.push(name);
        }
    }

    /// Which of the `listed` files to take from the manifest's `recorded` reads (their names)
    /// and which to read (with the version kept of each and its hash), as
    /// [`SeedStore::refresh_at`] decides: unchanged files are passed over (unless `every`),
    /// files written less than a settle time before `now` left unsettled, and, past `budget`
    /// bytes, the rest left pending. Files whose metadata cannot be read fail.
    fn plan(
        &mut self,
        listed: Vec<SeedEntry>,
        now: Option<SystemTime>,
        budget: Option<u64>,
        every: bool,
        recorded: &HashMap<String, Recorded>,
        changes: &mut Changes,
    ) -> (Vec<String>, Vec<ToRead>) {
        let (mut unread, mut to_read, mut bytes) = (Vec::new(), Vec::new(), 0);
        self.pending = 0;
        for entry in listed {
            if budget.is_some_and(|budget| bytes >= budget) {
                self.pending += 1;
                continue;
            }
            let Ok(stamp) = stamp(&entry) else {
                changes.failed.push((entry.name, "cannot read its metadata".to_owned()));
                continue;
            };
            if !every && self.files.get(&entry.name).is_some_and(|stored| stored.stamp == stamp) {
                continue;
            }
            if !every
                && entry.refused.is_none()
                && recorded.get(&entry.name).is_some_and(|recorded| recorded.stamp == stamp)
            {
                unread.push(entry.name);
                continue;
            }
            let settle = if stamp.len == 0 { EMPTY_SETTLE_TIME } else { SETTLE_TIME };
            // Nothing is read from an entry that is no file (a FIFO or socket has no length and
            // would pass for an empty file just created): it is reported at once.
            if entry.refused.is_none()
                && let (Some(modified), Some(now)) = (stamp.modified, now)
                && now.duration_since(modified).is_ok_and(|age| age < settle)
            {
                if stamp.len == 0 {
                    changes.unsettled_empty.push(entry.name.clone());
                }
                changes.unsettled.push(entry.name);
                continue;
            }
            bytes += stamp.len;
            // The version kept, and its hash: read again with the same bytes, it is kept as it
            // was read (a SIGHUP, a folder copied over with the same files) rather than parsed.
            let same = self.files.get(&entry.name).filter(|stored| stored.rejected.is_none());
            let same = same.and_then(|stored| Some((stored.hash?, stored.read.clone())));
            to_read.push((entry, stamp, same));
        }
        (unread, to_read)
    }

    /// Reads `to_read` on all cores: each file's read (compacted as the store keeps them) and
    /// the hash of its bytes; the version kept when the bytes are the same; `None` for a file
    /// that changed while being read.
    fn read_all(&self, to_read: Vec<ToRead>) -> Vec<(String, Stamp, std::io::Result<Option<Version>>)> {
        let compact = self.compact.then_some(self.keeper.as_deref());
        let parse = |name: String, bytes: Vec<u8>| {
            let read = read_file(name, Ok(bytes));
            Arc::new(match compact {
                Some(keeper) => read.compact(keeper),
                None => read,
            })
        };
        to_read
            .into_par_iter()
            .map(|(entry, stamp, same)| {
                let name = entry.name.clone();
                let read = match entry.refused {
                    Some(_) => Ok(Some((Arc::new(entry.read()), None))),
                    None => read_settled(&entry.path, stamp).map(|bytes| {
                        bytes.map(|bytes| {
                            let hash = xxhash_rust::xxh3::xxh3_64(&bytes);
                            match same {
                                Some((kept, read)) if kept == hash => (read, Some(hash)),
                                _ => (parse(entry.name, bytes), Some(hash)),
                            }
                        })
                    }),
                };
                (name, stamp, read)
            })
            .collect()
    }

    /// Puts `read` (with the hash of the bytes it was read from) in place as the version at
    /// `stamp`, unless it cannot be used.
    fn update(&mut self, name: String, stamp: Stamp, (read, hash): Version, changes: &mut Changes) {
        let previous = self.files.get(&name).filter(|stored| stored.is_good()).map(|stored| stored.read.clone());
        let clean = read.warnings.is_empty();
        // A version that no longer reads cleanly (a guessed encoding, replaced bytes) where the
        // last one did is as suspect as one that fails: most likely garbage written over it.
        let rejected = match (&read.skipped, &previous) {
            (Some(reason), _) => Some(reason.to_string()),
            (None, Some(good)) if !clean && good.warnings.is_empty() => Some(format!(
                "{} (the last version read cleanly)",
                read.warnings.iter().map(|warning| warning.message.as_str()).collect::<Vec<_>>().join("; ")
            )),
            (None, _) => None,
        };
        for warning in &read.warnings {
            changes.warnings.push((name.clone(), warning.message.clone()));
        }
        // A page that is a listing is what it is, not a fault: it is read, not rejected.
        let fault = read.skipped.as_ref().is_some_and(|skip| skip.is_error() || skip.is_warning());
        let (kept, problem) = match (rejected, previous) {
            (Some(reason), Some(good)) => {
                changes.failed.push((name.clone(), format!("{reason}; keeping the last good version")));
                (good, Some(reason))
            }
            (Some(reason), None) if fault => {
                changes.skipped.push((name.clone(), reason.clone()));
                (read, Some(reason))
            }
            (_, _) => (read, None),
        };
        let stored = self.files.get(&name);
        if problem.is_some() && stored.is_some_and(|stored| stored.stamp == stamp && stored.rejected == problem) {
            changes.known.insert(name.clone());
        }
        if problem.is_none() {
            changes.updated.push(name.clone());
        }
        self.files.insert(name, Stored { stamp, hash, read: kept, rejected: problem });
    }

    /// How many seed files cannot be used as they are now (binary, empty, a `.md` file
    /// without headline, no file at all): those that give no article, and those served at
    /// their last good version. Listings are not counted: they are read.
    pub fn skipped_files(&self) -> usize {
        self.files.values().filter(|stored| stored.rejected.is_some()).count()
    }

    /// The corpus of every file's last good version, with one report per file (files that
    /// never had a good version are reported as skipped).
    pub fn corpus(&self) -> (Corpus, Vec<FileReport>) {
        let modified =
            self.files.iter().filter_map(|(name, stored)| Some((name.clone(), stored.stamp.modified?))).collect();
        Corpus::from_reads_at(self.files.values().map(|stored| &*stored.read), modified)
    }
}

/// The stamp of the file `entry` names; of the entry itself (not followed) when it is
/// refused, as there is no file to follow it to.
fn stamp(entry: &SeedEntry) -> std::io::Result<Stamp> {
    match entry.refused {
        Some(_) => Ok(Stamp::of(&std::fs::symlink_metadata(&entry.path)?)),
        None => file_stamp(&entry.path),
    }
}

fn file_stamp(path: &Path) -> std::io::Result<Stamp> {
    Ok(Stamp::of(&std::fs::metadata(path)?))
}

/// The file's bytes, or `None` when it changed while being read.
fn read_settled(path: &Path, before: Stamp) -> std::io::Result<Option<Vec<u8>>> {
    let bytes = super::file::read_bytes(path)?;
    let after = file_stamp(path)?;
    Ok((after == before && bytes.len() as u64 == after.len).then_some(bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    const SEED: &str = include_str!("../../seeds/000_bc60f894ced19436.txt");

    fn folder(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("newsreader-store-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("temp dir");
        dir
    }

    fn headlines(store: &SeedStore) -> Vec<String> {
        store.corpus().0.articles().iter().map(|article| article.headline.to_string()).collect()
    }

    fn set_modified(path: &Path, time: SystemTime) {
        std::fs::File::options().append(true).open(path).and_then(|file| file.set_modified(time)).expect("set mtime");
    }

    fn age(path: &Path) {
        set_modified(path, SystemTime::now() - Duration::from_secs(5));
    }

    #[test]
    fn new_changed_and_removed_files_are_picked_up() {
        let dir = folder("changes");
        std::fs::write(dir.join("a.txt"), SEED).expect("write");
        let mut store = SeedStore::open(&dir).expect("opens");
        assert_eq!(headlines(&store).len(), 2);

        std::fs::write(dir.join("b.txt"), "Budget passes\n\nThe budget passed.").expect("write");
        age(&dir.join("b.txt"));
        let changes = store.refresh().expect("refresh");
        assert_eq!(changes.updated, ["b.txt"]);
        assert_eq!(headlines(&store).last().map(String::as_str), Some("Budget passes"));

        std::fs::write(dir.join("b.txt"), "Budget fails\n\nThe budget failed.").expect("write");
        age(&dir.join("b.txt"));
        assert_eq!(store.refresh().expect("refresh").updated, ["b.txt"]);
        assert_eq!(headlines(&store).last().map(String::as_str), Some("Budget fails"));

        std::fs::remove_file(dir.join("b.txt")).expect("remove");
        let changes = store.refresh().expect("refresh");
        assert_eq!(changes.removed, ["b.txt"]);
        assert_eq!(headlines(&store).len(), 2);
    }

    /// A store over the shipped seed as `a.txt`, after `a.txt` was overwritten with `bytes`
    /// and the folder refreshed.
    fn overwrite_seed(name: &str, bytes: &[u8]) -> (SeedStore, Changes) {
        let dir = folder(name);
        std::fs::write(dir.join("a.txt"), SEED).expect("write");
        let mut store = SeedStore::open(&dir).expect("opens");
        std::fs::write(dir.join("a.txt"), bytes).expect("write");
        age(&dir.join("a.txt"));
        let changes = store.refresh().expect("refresh");
        (store, changes)
    }

    #[test]
    fn a_broken_file_keeps_its_last_good_version() {
        let (store, changes) = overwrite_seed("broken", b"\0\0binary\0");
        assert_eq!(changes.updated, Vec::<String>::new());
        assert_eq!(
            changes.failed,
            [("a.txt".to_owned(), "binary file (NUL byte at offset 0); keeping the last good version".to_owned())]
        );
        assert_eq!(headlines(&store).len(), 2);
    }

    #[test]
    fn a_broken_new_file_is_skipped_with_its_reason_not_updated() {
        let dir = folder("broken-new");
        std::fs::write(dir.join("a.txt"), SEED).expect("write");
        let mut store = SeedStore::open(&dir).expect("opens");
        for (name, bytes) in [("b.txt", &b"\0\0binary\0"[..]), ("c.txt", b" \n"), ("d.md", b"No headline.\n")] {
            std::fs::write(dir.join(name), bytes).expect("write");
            age(&dir.join(name));
        }
        let changes = store.refresh().expect("refresh");
        assert_eq!(changes.updated, Vec::<String>::new());
        assert!(!changes.any());
        let skipped = [
            ("b.txt", "binary file (NUL byte at offset 0)"),
            ("c.txt", "holds no article"),
            ("d.md", "Markdown file without a `# ` headline"),
        ]
        .map(|(name, reason)| (name.to_owned(), reason.to_owned()));
        assert_eq!(changes.skipped, skipped);
        assert_eq!(store.corpus().1.len(), 4, "their reports say why");
        assert_eq!(store.refresh().expect("refresh"), Changes::default(), "reported once");
        assert_eq!(store.refresh_all().expect("refresh").skipped, skipped, "and again when all are read");
    }

    #[test]
    fn a_file_rejected_again_unchanged_is_known_and_a_changed_one_is_new() {
        let (mut store, changes) = overwrite_seed("known", b"\0\0binary\0");
        assert_eq!((changes.new_problems(&changes.failed), store.skipped_files()), (1, 1));
        let again = store.refresh_all().expect("refresh");
        assert_eq!(again.failed.len(), 1);
        assert_eq!(again.known, BTreeSet::from(["a.txt".to_owned()]));
        assert_eq!((again.new_problems(&again.failed), store.skipped_files()), (0, 1));
        let file = store.dir().join("a.txt");
        std::fs::write(&file, b"\0\0other binary\0").expect("write");
        age(&file);
        let changed = store.refresh_all().expect("refresh");
        assert_eq!((changed.new_problems(&changed.failed), store.skipped_files()), (1, 1));
        std::fs::write(&file, SEED).expect("write");
        age(&file);
        let fixed = store.refresh().expect("refresh");
        assert_eq!((fixed.updated, store.skipped_files()), (vec!["a.txt".to_owned()], 0));
    }

    #[test]
    fn garbage_over_a_clean_file_keeps_its_last_good_version() {
        let (store, changes) = overwrite_seed("garbage", b"N\xcb0\x04!rZ\xd2\xcfF \xf9\xd8f more bytes \xe9\xe8");
        assert_eq!(changes.updated, Vec::<String>::new());
        assert_eq!(changes.failed.len(), 1);
        assert!(
            changes.failed[0].1.ends_with("(the last version read cleanly); keeping the last good version"),
            "{changes:?}"
        );
        assert_eq!(headlines(&store).len(), 2);
    }

    #[test]
    fn open_first_reads_the_first_files_and_refresh_the_rest() {
        let dir = folder("first");
        let big = format!("{SEED}\n\n{}", "A paragraph of filler text.\n".repeat((FIRST_READ_BYTES / 28) as usize));
        std::fs::write(dir.join("a.txt"), &big).expect("write");
        std::fs::write(dir.join("b.txt"), "Budget passes\n\nThe budget passed.").expect("write");
        age(&dir.join("b.txt"));
        let mut store = SeedStore::open_first(&dir, None, None).expect("opens");
        assert!(!store.is_complete());
        assert_eq!(headlines(&store).len(), 2);
        assert_eq!(store.refresh().expect("refresh").updated, ["b.txt"]);
        assert!(store.is_complete());
        assert_eq!(headlines(&store).last().map(String::as_str), Some("Budget passes"));
    }

    #[test]
    fn a_file_just_written_waits_for_the_next_refresh() {
        let dir = folder("settle");
        std::fs::write(dir.join("a.txt"), SEED).expect("write");
        let mut store = SeedStore::open(&dir).expect("opens");
        std::fs::write(dir.join("b.txt"), "Half a headl").expect("write");
        let changes = store.refresh().expect("refresh");
        assert_eq!(changes.unsettled, ["b.txt"]);
        assert_eq!(headlines(&store).len(), 2);
    }

    #[test]
    fn refresh_all_reads_a_file_whose_size_and_time_did_not_change() {
        let dir = folder("same-stamp");
        let file = dir.join("a.txt");
        let write = |headline: &str| {
            std::fs::write(&file, format!("{headline}\n\nThe body.\n")).expect("write");
            age(&file);
        };
        write("Alpha Story");
        let mut store = SeedStore::open(&dir).expect("opens");
        let modified = std::fs::metadata(&file).and_then(|metadata| metadata.modified()).expect("mtime");
        write("Gamma Story");
        set_modified(&file, modified);
        assert_eq!(store.refresh().expect("refresh").updated, Vec::<String>::new());
        assert_eq!(headlines(&store), ["Alpha Story"]);
        assert_eq!(store.refresh_all().expect("refresh").updated, ["a.txt"]);
        assert_eq!(headlines(&store), ["Gamma Story"]);
    }

    #[test]
    fn a_file_read_again_with_the_same_bytes_keeps_its_read() {
        let dir = folder("same-bytes");
        let file = dir.join("a.txt");
        std::fs::write(&file, SEED).expect("write");
        age(&file);
        let mut store = SeedStore::open(&dir).expect("opens");
        let (before, _) = store.corpus();
        let again = store.refresh_all().expect("refresh");
        assert_eq!(again.updated, ["a.txt"], "read again, and served again");
        let (after, _) = store.corpus();
        assert_eq!(after.articles().len(), 2);
        assert!(before.articles().iter().zip(after.articles()).all(|(old, new)| Arc::ptr_eq(old, new)), "not parsed");
        // Written again with other bytes of the same length: parsed.
        std::fs::write(&file, SEED.replacen("ByteDance", "ByteDanse", 1)).expect("write");
        age(&file);
        store.refresh_all().expect("refresh");
        let (changed, _) = store.corpus();
        assert_eq!(&*changed.articles()[0].headline, "ByteDanse Plans New AI Model Trained With Huawei Chips");
    }

    #[cfg(unix)]
    #[test]
    fn a_fifo_just_made_is_skipped_at_once_not_taken_for_an_empty_file() {
        let dir = folder("fifo");
        std::fs::write(dir.join("a.txt"), SEED).expect("write");
        let mut store = SeedStore::open(&dir).expect("opens");
        let made = std::process::Command::new("mkfifo").arg(dir.join("b.txt")).status().expect("mkfifo");
        assert!(made.success());
        let changes = store.refresh().expect("refresh");
        assert_eq!(changes.unsettled, Vec::<String>::new());
        assert_eq!(changes.skipped, [("b.txt".to_owned(), "a FIFO (named pipe), not a file".to_owned())]);
    }

    #[test]
    fn an_empty_file_waits_longer_before_it_is_read() {
        let dir = folder("empty");
        std::fs::write(dir.join("a.txt"), SEED).expect("write");
        let mut store = SeedStore::open(&dir).expect("opens");
        let empty = dir.join("b.txt");
        std::fs::write(&empty, "").expect("write");
        set_modified(&empty, SystemTime::now() - Duration::from_millis(500));
        assert_eq!(store.refresh().expect("refresh").unsettled, ["b.txt"]);
        age(&empty);
        let changes = store.refresh().expect("refresh");
        assert_eq!(changes.unsettled, Vec::<String>::new());
        let (corpus, reports) = store.corpus();
        assert_eq!(corpus.articles().len(), 2);
        assert_eq!(reports[1].skipped, Some(crate::corpus::Skip::NoArticle));
    }
}
