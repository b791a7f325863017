//! The seeds folder walked ([`walkdir`]): its seed files however deep, named by their path
//! within it, and what stands where a seed file is named but no file is to read.

use std::path::{Path, PathBuf};

use super::file::{self, FileRead, read_file};
use super::{Error, Skip};

/// What stands where a seed file is named (`*.txt`, `*.md`) but no file is to read. None of
/// them is opened, so a FIFO cannot block the reader.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NotAFile {
    /// A symlink to nothing (its target as the link spells it).
    #[error("a symlink to {0}, which does not exist")]
    Dangling(String),
    /// A folder named like a seed file; its files are not read.
    #[error("a folder, not a file: not read")]
    Folder,
    /// A FIFO (named pipe).
    #[error("a FIFO (named pipe), not a file")]
    Fifo,
    /// A Unix socket.
    #[error("a socket, not a file")]
    Socket,
    /// A block or character device.
    #[error("a device, not a file")]
    Device,
    /// A symlink to a folder that holds it (named by its path in the seeds folder): not
    /// followed, as it would be walked for ever.
    #[error("a symlink loop (back to {0}): not followed")]
    Loop(String),
}

impl NotAFile {
    /// What an entry of type `kind` is, when it is not a regular file (nor a folder).
    fn of(kind: std::fs::FileType) -> NotAFile {
        #[cfg(unix)]
        {
            use std::os::unix::fs::FileTypeExt;
            if kind.is_fifo() {
                return NotAFile::Fifo;
            }
            if kind.is_socket() {
                return NotAFile::Socket;
            }
        }
        if kind.is_dir() { NotAFile::Folder } else { NotAFile::Device }
    }
}

/// Whether `path` names a seed file: `*.txt` (scraped text) or `*.md` (hand-written
/// Markdown), the extension in any case (`NOTES.TXT` is a seed too).
fn is_seed(path: &Path) -> bool {
    path.extension().is_some_and(|ext| ext.eq_ignore_ascii_case("txt") || ext.eq_ignore_ascii_case("md"))
}

/// One entry of a seeds folder that is read as a seed file.
#[derive(Debug, Clone)]
pub struct SeedEntry {
    /// Its path within the seeds folder, `/` between folders (`2024/04/a.txt`): the name
    /// reports give it.
    pub name: String,
    /// Where it is.
    pub path: PathBuf,
    /// Why it cannot be read as a seed file ([`NotAFile`], or a folder that cannot be
    /// listed), if it cannot.
    pub refused: Option<Skip>,
}

impl SeedEntry {
    /// Reads it as a seed file (see [`read_file`]); a refused entry gives its reason.
    pub fn read(self) -> FileRead {
        match self.refused {
            Some(skip) => FileRead::skipped(self.name, skip),
            None => read_file(self.name, file::read_bytes(&self.path)),
        }
    }
}

/// The seed files of `dir` and of its folders, however deep (`*.txt` and `*.md`), sorted
/// by name (their path within `dir`). Hidden files and folders (names starting with `.`)
/// are left out. Symlinks are followed; one that leads back to a folder it is in is not
/// followed but listed, refused, as are entries named like seed files that are no file to
/// read ([`NotAFile`]) and folders that cannot be listed. Nothing is opened but folders.
///
/// # Errors
/// [`Error::Folder`] when `dir` cannot be listed; [`Error::Empty`] when it has no seed file.
pub fn seed_files(dir: &Path) -> Result<Vec<SeedEntry>, Error> {
    let folder = |source| Error::Folder { path: dir.to_owned(), source };
    std::fs::read_dir(dir).map_err(folder)?;
    let mut entries = Vec::new();
    let mut walk = walkdir::WalkDir::new(dir).follow_links(true).min_depth(1).into_iter();
    while let Some(next) = walk.next() {
        let entry = match next {
            Ok(entry) => entry,
            Err(error) => {
                entries.extend(refused_entry(dir, &error));
                continue;
            }
        };
        // Hidden files are editors' and tools' business (`.draft.txt`, `.git/`), not articles.
        let hidden = is_hidden(entry.path());
        let seed = !hidden && is_seed(entry.path());
        let kind = entry.file_type();
        if kind.is_dir() && (hidden || seed) {
            walk.skip_current_dir();
        }
        if !seed {
            continue;
        }
        let refused = (!kind.is_file()).then(|| Skip::NotAFile(NotAFile::of(kind)));
        entries.push(SeedEntry { name: relative_name(dir, entry.path()), path: entry.into_path(), refused });
    }
    if entries.is_empty() {
        return Err(Error::Empty { path: dir.to_owned() });
    }
    entries.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(entries)
}

/// What a walk error stands for, named and refused: a symlink loop, a folder that cannot be
/// listed, a dangling symlink or an unreadable entry named like a seed file. `None` for a
/// hidden entry, and for a dangling symlink or unreadable entry not named like a seed file.
fn refused_entry(dir: &Path, error: &walkdir::Error) -> Option<SeedEntry> {
    let path = error.path()?;
    if is_hidden(path) {
        return None;
    }
    let name = relative_name(dir, path);
    let target = std::fs::metadata(path);
    let unreadable = || Skip::Unreadable(error.io_error().map_or_else(|| error.to_string(), ToString::to_string));
    let refused = if let Some(ancestor) = error.loop_ancestor() {
        let ancestor = relative_name(dir, ancestor);
        let ancestor = if ancestor.is_empty() { "the seeds folder".to_owned() } else { ancestor };
        Skip::NotAFile(NotAFile::Loop(ancestor))
    } else if target.as_ref().is_ok_and(std::fs::Metadata::is_dir) {
        unreadable()
    } else if !is_seed(path) {
        return None;
    } else {
        match (target, std::fs::read_link(path)) {
            (Err(_), Ok(link)) => Skip::NotAFile(NotAFile::Dangling(link.to_string_lossy().into_owned())),
            _ => unreadable(),
        }
    };
    Some(SeedEntry { name, path: path.to_owned(), refused: Some(refused) })
}

/// Whether `path`, inside `dir`, is where [`seed_files`] looks: no part of it below `dir` is
/// hidden. A change to `.git/index` or to an editor's `.a.txt.swp` changes no seed.
pub fn is_looked_at(dir: &Path, path: &Path) -> bool {
    path.strip_prefix(dir)
        .is_ok_and(|relative| !relative.components().any(|part| part.as_os_str().as_encoded_bytes().starts_with(b".")))
}

/// Whether the last part of `path` is hidden (starts with `.`).
fn is_hidden(path: &Path) -> bool {
    path.file_name().is_some_and(|name| name.as_encoded_bytes().starts_with(b"."))
}

/// `path` within `dir`, `/` between its parts; empty for `dir` itself.
fn relative_name(dir: &Path, path: &Path) -> String {
    let relative = path.strip_prefix(dir).unwrap_or(path);
    relative.components().map(|part| part.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/")
}
