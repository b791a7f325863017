//! An index folder that this process only reads (another one writes it, see
//! [`super::Indexer`]), opened without tantivy's lock files, so a replica that may only read
//! the data folder (`ReadOnlyPaths=`, another user) can open it. Each commit is read whole:
//! tantivy replaces `meta.json` atomically and never changes a segment file it names.

use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use tantivy::directory::error::{DeleteError, LockError, OpenReadError, OpenWriteError};
use tantivy::directory::{
    Directory, DirectoryLock, FileHandle, Lock, MmapDirectory, WatchCallback, WatchHandle, WritePtr,
};

/// An [`MmapDirectory`] whose locks are taken without a file. Without the meta lock, a commit
/// the writer removes just as this opens it (merged away) fails to open; the opener tries again
/// (see [`super::SearchIndex::open_following`]).
#[derive(Debug, Clone)]
pub(super) struct Sealed(MmapDirectory);

impl Sealed {
    /// The sealed index folder `dir`.
    ///
    /// # Errors
    /// When the folder cannot be opened.
    pub(super) fn open(dir: &Path) -> Result<Sealed, super::Error> {
        MmapDirectory::open(dir).map(Sealed).map_err(|error| super::Error(error.to_string()))
    }
}

impl Directory for Sealed {
    fn get_file_handle(&self, path: &Path) -> Result<Arc<dyn FileHandle>, OpenReadError> {
        self.0.get_file_handle(path)
    }

    fn delete(&self, path: &Path) -> Result<(), DeleteError> {
        self.0.delete(path)
    }

    fn exists(&self, path: &Path) -> Result<bool, OpenReadError> {
        self.0.exists(path)
    }

    fn open_write(&self, path: &Path) -> Result<WritePtr, OpenWriteError> {
        self.0.open_write(path)
    }

    fn atomic_read(&self, path: &Path) -> Result<Vec<u8>, OpenReadError> {
        self.0.atomic_read(path)
    }

    fn atomic_write(&self, path: &Path, data: &[u8]) -> io::Result<()> {
        self.0.atomic_write(path, data)
    }

    fn sync_directory(&self) -> io::Result<()> {
        self.0.sync_directory()
    }

    fn acquire_lock(&self, _lock: &Lock) -> Result<DirectoryLock, LockError> {
        Ok(DirectoryLock::from(Box::new(PathBuf::new())))
    }

    fn watch(&self, watch_callback: WatchCallback) -> tantivy::Result<WatchHandle> {
        self.0.watch(watch_callback)
    }
}
