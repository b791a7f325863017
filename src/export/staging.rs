//! The folder an export is built in: `DIR.tmp-{pid}` beside the site folder `DIR`, so that
//! one rename swaps the new site in whole, and a failed export removes it and leaves the last
//! site as it was. A file whose bytes the last export already wrote is hard-linked from it
//! (copied, with its modification time, where links fail), so rsync and CDNs see no change.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};

use super::{Error, Summary};
use crate::web::coding::{Coding, Effort};

/// The codings written beside each file, with their file name suffixes.
const STATIC_CODINGS: [(Coding, &str); 2] = [(Coding::Gzip, "gz"), (Coding::Brotli, "br")];

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
    /// `target` when it holds an earlier export.
    last: Option<PathBuf>,
    written: AtomicUsize,
    unchanged: AtomicUsize,
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
        remove_abandoned(&target);
        std::fs::create_dir_all(&folder).map_err(|source| Error::Write { path: folder.clone(), source })?;
        let last = target.join(MARKER).is_file().then(|| target.clone());
        let (written, unchanged, bytes) = (AtomicUsize::new(0), AtomicUsize::new(0), AtomicU64::new(0));
        Ok(Staging { target, folder, last, written, unchanged, bytes })
    }

    /// Puts `bytes` at `relative` (`articles/x/index.html`) as [`Staging::write_uncompressed`]
    /// does, and beside it the same bytes gzipped (`.gz`) and in brotli (`.br`), at the level
    /// of the server's kept pages, for nginx's `gzip_static` and `brotli_static` and for
    /// CDNs; not for files under 32 bytes. The last export's copies are kept when the file
    /// is unchanged.
    ///
    /// # Errors
    /// [`Error::Write`] naming the file or folder that could not be written.
    pub(super) fn write(&self, relative: &str, bytes: &[u8]) -> Result<(), Error> {
        let unchanged = self.write_uncompressed(relative, bytes)?;
        if !Coding::compressible(None, bytes.len() as u64) {
            return Ok(());
        }
        for (coding, suffix) in STATIC_CODINGS {
            let relative = format!("{relative}.{suffix}");
            let path = self.folder.join(&relative);
            let kept = unchanged && self.last.as_ref().is_some_and(|last| link(&last.join(&relative), &path).is_ok());
            let size = if kept {
                std::fs::metadata(&path).map_err(|source| Error::Write { path: path.clone(), source })?.len()
            } else {
                let coded = coding.compress(bytes, Effort::Kept);
                std::fs::write(&path, &coded).map_err(|source| Error::Write { path: path.clone(), source })?;
                coded.len() as u64
            };
            self.count(kept, size);
        }
        Ok(())
    }

    /// Puts `bytes` at `relative`, making its folders: the last export's file when it holds
    /// the same bytes (then `true`), else a new file.
    ///
    /// # Errors
    /// [`Error::Write`] naming the file or folder that could not be written.
    pub(super) fn write_uncompressed(&self, relative: &str, bytes: &[u8]) -> Result<bool, Error> {
        let path = self.folder.join(relative);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|source| Error::Write { path: parent.to_owned(), source })?;
        }
        let unchanged = self.carry_over(relative, bytes, &path);
        if !unchanged {
            std::fs::write(&path, bytes).map_err(|source| Error::Write { path: path.clone(), source })?;
        }
        self.count(unchanged, bytes.len() as u64);
        Ok(unchanged)
    }

    fn count(&self, unchanged: bool, bytes: u64) {
        let files = if unchanged { &self.unchanged } else { &self.written };
        files.fetch_add(1, Ordering::Relaxed);
        self.bytes.fetch_add(bytes, Ordering::Relaxed);
    }

    /// Whether the last export's `relative` holds exactly `bytes` and is now at `path` too.
    fn carry_over(&self, relative: &str, bytes: &[u8], path: &Path) -> bool {
        let Some(last) = &self.last else { return false };
        let old = last.join(relative);
        let same_length = std::fs::symlink_metadata(&old)
            .is_ok_and(|metadata| metadata.is_file() && metadata.len() == bytes.len() as u64);
        same_length && std::fs::read(&old).is_ok_and(|old_bytes| old_bytes == bytes) && link(&old, path).is_ok()
    }

    /// Files of the last export that the new site does not have.
    fn removed(&self) -> usize {
        let Some(last) = &self.last else { return 0 };
        walkdir::WalkDir::new(last)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|entry| !entry.file_type().is_dir())
            .filter_map(|entry| entry.path().strip_prefix(last).ok().map(Path::to_owned))
            .filter(|relative| relative != Path::new(MARKER) && !self.folder.join(relative).exists())
            .count()
    }

    /// Marks the new site as an export and puts it in the place of the last one: one atomic
    /// exchange of the two folders where the system has it (Linux `renameat2`
    /// `RENAME_EXCHANGE`), else the last site renamed aside and the new one renamed in; then
    /// the last site is removed. Returns what the new site holds.
    ///
    /// # Errors
    /// [`Error::Write`] when a rename fails (the last site stays) or the last site cannot be
    /// removed (the new one is in place).
    pub(super) fn swap(self) -> Result<Summary, Error> {
        let marker = self.folder.join(MARKER);
        std::fs::write(&marker, "newsreader export\n").map_err(|source| Error::Write { path: marker, source })?;
        let written = self.written.load(Ordering::Relaxed);
        let unchanged = self.unchanged.load(Ordering::Relaxed);
        let bytes = self.bytes.load(Ordering::Relaxed);
        let summary = Summary { files: written + unchanged, written, unchanged, removed: self.removed(), bytes };
        if !self.target.exists() {
            rename(&self.folder, &self.target)?;
            return Ok(summary);
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
        Ok(summary)
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

/// Removes the `DIR.tmp-{pid}` folders beside `target` left by exports that were stopped
/// (Ctrl-C, SIGKILL) or crashed: those whose process is gone, or whose id is this process's
/// own. Best effort.
fn remove_abandoned(target: &Path) {
    let (Some(parent), Some(name)) = (target.parent(), target.file_name()) else { return };
    let prefix = format!("{}.tmp-", name.to_string_lossy());
    let Ok(entries) = std::fs::read_dir(parent) else { return };
    for entry in entries.flatten() {
        let entry_name = entry.file_name();
        let Some(pid) = entry_name.to_string_lossy().strip_prefix(&prefix).and_then(|pid| pid.parse::<u32>().ok())
        else {
            continue;
        };
        let running = pid != std::process::id() && Path::new("/proc").join(pid.to_string()).exists();
        if !running {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

/// `DIR.{what}-{pid}` beside `target` (`DIR`).
fn sibling(target: &Path, what: &str) -> PathBuf {
    let mut name = target.file_name().unwrap_or_default().to_owned();
    name.push(format!(".{what}-{}", std::process::id()));
    target.with_file_name(name)
}

/// A second name for `old` at `new`; a copy with `old`'s modification time where the file
/// system has no hard links.
fn link(old: &Path, new: &Path) -> std::io::Result<()> {
    if std::fs::hard_link(old, new).is_ok() {
        return Ok(());
    }
    std::fs::copy(old, new)?;
    let modified = std::fs::metadata(old)?.modified()?;
    std::fs::File::options().write(true).open(new)?.set_modified(modified)
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
