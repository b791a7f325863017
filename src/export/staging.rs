//! The folder an export is built in: `DIR.tmp-{pid}` beside the site folder `DIR`, so that
//! one rename swaps the new site in whole, and a failed export removes it and leaves the last
//! site as it was.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};

use super::Error;

/// The file in an exported site that marks it as one: an export replaces a folder only when
/// it is missing, empty or holds this file.
pub(super) const MARKER: &str = ".newsreader-export";

/// A site being built beside the one it replaces. Dropped before [`Staging::swap`], it
/// removes what it wrote.
pub(super) struct Staging {
    /// The site's folder, `DIR` (a symlink's target, so the link stays).
    target: PathBuf,
    /// `DIR.tmp-{pid}` in the same parent.
    folder: PathBuf,
    files: AtomicUsize,
    bytes: AtomicU64,
}

impl Staging {
    /// A new, empty folder beside `out`, which must be missing, an empty folder or an earlier
    /// export (it holds [`MARKER`]).
    ///
    /// # Errors
    /// [`Error::NotAnExport`] for a file, or a folder holding other files; [`Error::Write`]
    /// when the folder cannot be made.
    pub(super) fn beside(out: &Path) -> Result<Staging, Error> {
        let target = std::fs::canonicalize(out).unwrap_or_else(|_| out.to_owned());
        if target.exists() && !is_replaceable(&target) {
            return Err(Error::NotAnExport { path: target });
        }
        let folder = sibling(&target, "tmp");
        // Only a run of this process id can have left it: a crashed export.
        let _ = std::fs::remove_dir_all(&folder);
        std::fs::create_dir_all(&folder).map_err(|source| Error::Write { path: folder.clone(), source })?;
        Ok(Staging { target, folder, files: AtomicUsize::new(0), bytes: AtomicU64::new(0) })
    }

    /// Writes `bytes` to `relative` (`articles/x/index.html`), making its folders.
    ///
    /// # Errors
    /// [`Error::Write`] naming the file or folder that could not be written.
    pub(super) fn write(&self, relative: &str, bytes: &[u8]) -> Result<(), Error> {
        let path = self.folder.join(relative);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|source| Error::Write { path: parent.to_owned(), source })?;
        }
        std::fs::write(&path, bytes).map_err(|source| Error::Write { path: path.clone(), source })?;
        self.files.fetch_add(1, Ordering::Relaxed);
        self.bytes.fetch_add(bytes.len() as u64, Ordering::Relaxed);
        Ok(())
    }

    /// Marks the new site as an export and puts it in the place of the last one: one atomic
    /// exchange of the two folders where the system has it (Linux `renameat2`
    /// `RENAME_EXCHANGE`), else the last site renamed aside and the new one renamed in; then
    /// the last site is removed. Returns the files and bytes written.
    ///
    /// # Errors
    /// [`Error::Write`] when a rename fails (the last site stays) or the last site cannot be
    /// removed (the new one is in place).
    pub(super) fn swap(self) -> Result<(usize, u64), Error> {
        let marker = self.folder.join(MARKER);
        std::fs::write(&marker, "newsreader export\n").map_err(|source| Error::Write { path: marker, source })?;
        let written = (self.files.load(Ordering::Relaxed), self.bytes.load(Ordering::Relaxed));
        if !self.target.exists() {
            rename(&self.folder, &self.target)?;
            return Ok(written);
        }
        let last = if exchange(&self.folder, &self.target) {
            // The last site is now where the new one was built.
            self.folder.clone()
        } else {
            let aside = sibling(&self.target, "old");
            rename(&self.target, &aside)?;
            if let Err(error) = rename(&self.folder, &self.target) {
                let _ = std::fs::rename(&aside, &self.target);
                return Err(error);
            }
            aside
        };
        std::fs::remove_dir_all(&last).map_err(|source| Error::Write { path: last.clone(), source })?;
        Ok(written)
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        // After a failure: the half-written site goes. After a swap: nothing is left there.
        let _ = std::fs::remove_dir_all(&self.folder);
    }
}

/// Whether `folder` may be replaced by an export: an empty folder, or one holding [`MARKER`].
fn is_replaceable(folder: &Path) -> bool {
    folder.join(MARKER).is_file() || std::fs::read_dir(folder).is_ok_and(|mut entries| entries.next().is_none())
}

/// `DIR.{what}-{pid}` beside `target` (`DIR`).
fn sibling(target: &Path, what: &str) -> PathBuf {
    let mut name = target.file_name().unwrap_or_default().to_owned();
    name.push(format!(".{what}-{}", std::process::id()));
    target.with_file_name(name)
}

fn rename(from: &Path, to: &Path) -> Result<(), Error> {
    std::fs::rename(from, to).map_err(|source| Error::Write { path: to.to_owned(), source })
}

/// Exchanges folders `a` and `b` in one step; `false` where the system or file system cannot.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> bool {
    use rustix::fs::{CWD, RenameFlags, renameat_with};
    renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE).is_ok()
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> bool {
    false
}
