//! What ties a seed file's read to what is kept of it elsewhere: the file's stamp (size and
//! modification time) and the [`Keeper`] that holds article contents (the search index's
//! document store). A leaf: the file reader, the seed store and the manifest all use it.

use std::time::SystemTime;

use crate::article::Article;

/// Size and modification time: a file whose stamp is unchanged is not read again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stamp {
    /// Size in bytes.
    pub len: u64,
    /// Modification time, where the OS tells it.
    pub modified: Option<SystemTime>,
}

impl Stamp {
    pub(super) fn of(metadata: &std::fs::Metadata) -> Stamp {
        Stamp { len: metadata.len(), modified: metadata.modified().ok() }
    }
}

/// `time` as nanoseconds since 1970-01-01T00:00:00Z, negative before it (file times of 1969
/// and earlier happen: archives unpacked with no time, old tapes); `None` outside the years
/// 1678 to 2262 that 64 bits of nanoseconds hold.
pub(crate) fn unix_nanos(time: SystemTime) -> Option<i64> {
    match time.duration_since(SystemTime::UNIX_EPOCH) {
        Ok(after) => i64::try_from(after.as_nanos()).ok(),
        Err(before) => i64::try_from(before.duration().as_nanos()).ok().map(|nanos| -nanos),
    }
}

/// The time `nanos` nanoseconds after 1970-01-01T00:00:00Z (before it when negative): the
/// inverse of [`unix_nanos`].
pub(crate) fn from_unix_nanos(nanos: i64) -> SystemTime {
    let magnitude = std::time::Duration::from_nanos(nanos.unsigned_abs());
    if nanos < 0 { SystemTime::UNIX_EPOCH - magnitude } else { SystemTime::UNIX_EPOCH + magnitude }
}

/// Takes the content of an article just read where a store already holds it (see
/// [`crate::article::Body::keep_in`]), so a server that reads seeds it has indexed before
/// holds none of their text.
pub trait Keeper: Send + Sync + std::fmt::Debug {
    /// Keeps `article`'s content in the store when the store holds it; else leaves it held.
    fn keep(&self, article: &Article);

    /// The keys of the contents the store holds now.
    fn keys(&self) -> std::collections::HashSet<u64>;

    /// A body kept in the store under `key` (one of [`Keeper::keys`]).
    fn body(&self, key: u64) -> crate::article::Body;
}
