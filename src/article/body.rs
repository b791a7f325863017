//! An article's photos and body blocks: held in memory while the article is new, then kept in
//! a store (the search index's document store) and read back when a page asks for them.

use std::sync::Arc;

use arc_swap::ArcSwap;

use super::{Block, Photo};

/// The photos and blocks of an article. Cheap to clone: two shared slices.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Content {
    /// Photos in page order; the seed carries captions only, never image bytes.
    pub photos: Arc<[Photo]>,
    /// Body in reading order.
    pub blocks: Arc<[Block]>,
}

/// Where kept contents are read back from, by the key they were kept under.
pub trait Store: Send + Sync + std::fmt::Debug {
    /// The content kept under `key`.
    ///
    /// # Errors
    /// When the store cannot be read, or holds nothing under `key` (a later commit removed it).
    fn load(&self, key: u64) -> Result<Content, StoreError>;
}

/// Why a kept content could not be read back (the store's own error, as text).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("article body: {0}")]
pub struct StoreError(pub String);

/// An article's content: held, or kept in a [`Store`]. Clones share one place, so when the
/// content is kept ([`Body::keep_in`]) every clone of the article lets go of its text.
#[derive(Clone)]
pub struct Body(Arc<ArcSwap<Place>>);

/// Where a body's content is.
enum Place {
    Held(Content),
    Kept { key: u64, store: Arc<dyn Store> },
}

impl Body {
    /// A body holding `content`.
    pub fn held(content: Content) -> Body {
        Body(Arc::new(ArcSwap::from_pointee(Place::Held(content))))
    }

    /// The content: the one held, or read back from its store.
    ///
    /// # Errors
    /// When the store cannot give it back ([`Store::load`]).
    pub fn content(&self) -> Result<Content, StoreError> {
        match &**self.0.load() {
            Place::Held(content) => Ok(content.clone()),
            Place::Kept { key, store } => store.load(*key),
        }
    }

    /// Lets go of the held content: from now on it is read from `store` under `key`, where
    /// the caller has put it.
    pub fn keep_in(&self, key: u64, store: Arc<dyn Store>) {
        self.0.store(Arc::new(Place::Kept { key, store }));
    }

    /// The key the content is kept under in its store; `None` while it is held.
    pub fn kept_key(&self) -> Option<u64> {
        match **self.0.load() {
            Place::Held(_) => None,
            Place::Kept { key, .. } => Some(key),
        }
    }
}

impl Default for Body {
    fn default() -> Body {
        Body::held(Content::default())
    }
}

impl std::fmt::Debug for Body {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &**self.0.load() {
            Place::Held(content) => formatter.debug_tuple("Held").field(content).finish(),
            Place::Kept { key, .. } => formatter.debug_struct("Kept").field("key", key).finish_non_exhaustive(),
        }
    }
}

/// Two bodies are equal when their contents are (a content that cannot be read equals none).
impl PartialEq for Body {
    fn eq(&self, other: &Body) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
            || matches!((self.content(), other.content()), (Ok(left), Ok(right)) if left == right)
    }
}

impl Eq for Body {}
