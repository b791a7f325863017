//! The data folder: what start-up must not redo, kept between runs: the search index on disk,
//! brought up to date with the seeds by difference, so a restart on unchanged seeds opens the
//! index instead of building it, and the seed manifest, so it reads only the files that
//! changed. The folder is a cache: deleting it costs a rebuild.
//!
//! Layout: `VERSION` (the format, [`FORMAT`]), `LOCK` (held by the one process that writes),
//! `SEEDS` (the seeds folder it serves, for clean-up of folders whose seeds are gone),
//! `index/` (see [`crate::search::Indexer::open`]) and `manifest/` (see
//! [`crate::corpus::manifest`]).

use std::fs::File;
use std::io::Write as _;
use std::path::{Path, PathBuf};

/// The layout of the folder. A folder of another format is emptied and built again.
pub const FORMAT: &str = "newsreader data 1";

/// Why the data folder cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum DataError {
    /// The folder, or a file in it, cannot be created or written.
    #[error("cannot use the data folder {}: {error}", .dir.display())]
    Unusable {
        /// The data folder.
        dir: PathBuf,
        /// What the OS said.
        error: std::io::Error,
    },
    /// A read-only open found a data folder of another format, written by another version.
    #[error("{} is a data folder of another format ({found:?}, not {FORMAT:?}): run this version's `newsreader index` or writing `newsreader serve` on it", .dir.display())]
    OtherFormat {
        /// The data folder.
        dir: PathBuf,
        /// Its `VERSION`.
        found: String,
    },
    /// Another newsreader process holds the folder's lock.
    #[error("the data folder {} is in use by another newsreader process", .dir.display())]
    Locked {
        /// The data folder.
        dir: PathBuf,
    },
}

/// An open data folder: locked for writing by this process until dropped, or opened
/// read-only.
#[derive(Debug)]
pub struct DataFolder {
    dir: PathBuf,
    /// The open `LOCK` file of a writer: its lock is let go when the process ends, however
    /// it ends. `None` for a reader.
    lock: Option<File>,
}

impl DataFolder {
    /// Opens (creating it if missing) the data folder `dir` for the seeds folder `seeds`,
    /// and locks it. A folder of another [`FORMAT`], or without one, has its index removed
    /// (logged) before use.
    ///
    /// # Errors
    /// [`DataError::Locked`] when another process holds it; [`DataError::Unusable`] when it
    /// cannot be created, locked or written.
    pub fn open(dir: &Path, seeds: &Path) -> Result<DataFolder, DataError> {
        let unusable = |error| DataError::Unusable { dir: dir.to_owned(), error };
        if dir.exists() && !dir.is_dir() {
            return Err(unusable(std::io::Error::new(std::io::ErrorKind::NotADirectory, "it is a file, not a folder")));
        }
        std::fs::create_dir_all(dir).map_err(unusable)?;
        let lock = File::options().create(true).truncate(false).write(true).open(dir.join("LOCK")).map_err(unusable)?;
        match lock.try_lock() {
            Ok(()) => {}
            Err(std::fs::TryLockError::WouldBlock) => return Err(DataError::Locked { dir: dir.to_owned() }),
            Err(std::fs::TryLockError::Error(error)) => return Err(unusable(error)),
        }
        let folder = DataFolder { dir: dir.to_owned(), lock: Some(lock) };
        let version = std::fs::read_to_string(dir.join("VERSION")).ok();
        if version.as_deref().map(str::trim) != Some(FORMAT) {
            if let Some(version) = &version {
                tracing::warn!(
                    dir = %dir.display(),
                    found = %version.trim(),
                    expected = FORMAT,
                    "the data folder is of another format: its index is built again"
                );
            }
            for made in [folder.index_dir(), folder.manifest_dir()] {
                match std::fs::remove_dir_all(made) {
                    Err(error) if error.kind() != std::io::ErrorKind::NotFound => return Err(unusable(error)),
                    _ => {}
                }
            }
            write_atomically(&dir.join("VERSION"), FORMAT.as_bytes()).map_err(unusable)?;
        }
        let seeds = std::path::absolute(seeds).unwrap_or_else(|_| seeds.to_owned());
        write_atomically(&dir.join("SEEDS"), seeds.as_os_str().as_encoded_bytes()).map_err(unusable)?;
        Ok(folder)
    }

    /// Opens the data folder `dir` without writing it or taking its lock, for a replica that
    /// uses the index another process writes there. A folder nothing has written yet (a
    /// replica started with its writer) is logged and used: its index is waited for.
    ///
    /// # Errors
    /// [`DataError::OtherFormat`] when its `VERSION` names another [`FORMAT`].
    pub fn open_read_only(dir: &Path) -> Result<DataFolder, DataError> {
        match std::fs::read_to_string(dir.join("VERSION")) {
            Ok(version) if version.trim() != FORMAT => {
                return Err(DataError::OtherFormat { dir: dir.to_owned(), found: version.trim().to_owned() });
            }
            Ok(_) => {}
            Err(_) => {
                tracing::info!(dir = %dir.display(), "nothing has written the data folder yet: waiting for its writer")
            }
        }
        Ok(DataFolder { dir: dir.to_owned(), lock: None })
    }

    /// Whether this process may write the folder (it holds the lock).
    pub fn is_writable(&self) -> bool {
        self.lock.is_some()
    }

    /// The folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Where the search index lives: `index/`.
    pub fn index_dir(&self) -> PathBuf {
        self.dir.join("index")
    }

    /// Where the seed manifest lives: `manifest/` (see [`crate::corpus::manifest`]).
    pub fn manifest_dir(&self) -> PathBuf {
        self.dir.join("manifest")
    }
}

/// The data folder used when none is given: `newsreader/<seeds>-<hash>` in the user's cache
/// folder (`$XDG_CACHE_HOME`, else `~/.cache`), one per seeds folder; `None` when there is no
/// cache folder (no home). Folders there whose seeds folder is gone, and which no process
/// holds, are removed first.
pub fn default_dir(seeds: &Path) -> Option<PathBuf> {
    let root = dirs::cache_dir()?.join("newsreader");
    remove_orphans(&root);
    let seeds = std::path::absolute(seeds).unwrap_or_else(|_| seeds.to_owned());
    let hash = xxhash_rust::xxh3::xxh3_64(seeds.as_os_str().as_encoded_bytes());
    let name = seeds.file_name().map_or_else(|| "seeds".into(), |name| name.to_string_lossy());
    Some(root.join(format!("{name}-{hash:016x}")))
}

/// Removes the data folders in `root` whose `SEEDS` names a folder that no longer exists,
/// unless a process holds them. Best effort: what cannot be removed stays.
fn remove_orphans(root: &Path) {
    let Ok(entries) = std::fs::read_dir(root) else { return };
    for entry in entries.flatten() {
        let folder = entry.path();
        let Ok(seeds) = std::fs::read(folder.join("SEEDS")) else { continue };
        let seeds = PathBuf::from(String::from_utf8_lossy(&seeds).into_owned());
        if seeds.exists() {
            continue;
        }
        let Ok(lock) = File::options().write(true).open(folder.join("LOCK")) else { continue };
        if lock.try_lock().is_ok() {
            let _ = std::fs::remove_dir_all(&folder);
        }
    }
}

/// Appends to `bytes` their XXH3-64 checksum (eight bytes, little-endian), for [`unsealed`] to
/// check: what the data folder keeps is read back as written or not at all.
pub fn seal(bytes: &mut Vec<u8>) {
    let checksum = xxhash_rust::xxh3::xxh3_64(bytes);
    bytes.extend_from_slice(&checksum.to_le_bytes());
}

/// The payload of bytes [`seal`] made: all but the last eight; `None` when the checksum does
/// not match (bytes damaged on disk, or never sealed).
pub fn unsealed(bytes: &[u8]) -> Option<&[u8]> {
    let (payload, checksum) = bytes.split_at_checked(bytes.len().checked_sub(8)?)?;
    (xxhash_rust::xxh3::xxh3_64(payload).to_le_bytes() == checksum).then_some(payload)
}

/// Writes `bytes` to `path` through a temporary file beside it and a rename, so a reader
/// sees the old contents or the new, never a part.
///
/// # Errors
/// When the temporary file cannot be written or renamed.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut temporary = path.as_os_str().to_owned();
    temporary.push(format!(".tmp-{}", std::process::id()));
    let temporary = PathBuf::from(temporary);
    let mut file = File::create(&temporary)?;
    file.write_all(bytes)?;
    file.sync_all()?;
    std::fs::rename(&temporary, path)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folder() -> PathBuf {
        let dir = std::env::temp_dir().join(format!("newsreader-data-{}-{}", std::process::id(), fastrand::u64(..)));
        std::fs::create_dir_all(&dir).unwrap_or_default();
        dir
    }

    #[test]
    fn a_second_writer_is_refused_until_the_first_lets_go() {
        let dir = folder();
        let first = DataFolder::open(&dir, Path::new("/srv/seeds")).expect("opens");
        assert!(matches!(DataFolder::open(&dir, Path::new("/srv/seeds")), Err(DataError::Locked { .. })));
        drop(first);
        assert!(DataFolder::open(&dir, Path::new("/srv/seeds")).is_ok());
        assert_eq!(std::fs::read_to_string(dir.join("VERSION")).unwrap_or_default(), FORMAT);
        assert_eq!(std::fs::read_to_string(dir.join("SEEDS")).unwrap_or_default(), "/srv/seeds");
    }

    #[test]
    fn a_reader_takes_no_lock_and_refuses_another_format() {
        let dir = folder();
        assert!(DataFolder::open_read_only(&dir).is_ok(), "a folder not written yet is waited for");
        std::fs::write(dir.join("VERSION"), "newsreader data 0").unwrap_or_default();
        assert!(matches!(DataFolder::open_read_only(&dir), Err(DataError::OtherFormat { .. })));
        let writer = DataFolder::open(&dir, Path::new("/srv/seeds")).expect("opens");
        let reader = DataFolder::open_read_only(&dir).expect("opens read-only beside the writer");
        assert!(writer.is_writable());
        assert!(!reader.is_writable());
    }

    #[test]
    fn a_folder_of_another_format_loses_its_index() {
        let dir = folder();
        std::fs::create_dir_all(dir.join("index/abc")).unwrap_or_default();
        std::fs::write(dir.join("VERSION"), "newsreader data 0").unwrap_or_default();
        let opened = DataFolder::open(&dir, Path::new("/srv/seeds")).expect("opens");
        assert!(!opened.index_dir().exists());
        assert_eq!(std::fs::read_to_string(dir.join("VERSION")).unwrap_or_default(), FORMAT);
    }

    #[test]
    fn a_folder_whose_seeds_are_gone_is_removed_unless_held() {
        let root = folder();
        let (gone, held, kept) = (root.join("gone"), root.join("held"), root.join("kept"));
        drop(DataFolder::open(&gone, &root.join("no-such-seeds")));
        let _held = DataFolder::open(&held, &root.join("no-such-seeds-either"));
        drop(DataFolder::open(&kept, &root));
        remove_orphans(&root);
        assert!(!gone.exists());
        assert!(held.exists());
        assert!(kept.exists());
    }
}
