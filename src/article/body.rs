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

impl Content {
    /// The same content in one allocation of its own: no view into the text it was read from
    /// (a whole seed file) is kept, so that text can be freed.
    pub fn detached(&self) -> Content {
        let captions =
            self.photos.iter().flat_map(|photo| std::iter::once(&*photo.caption).chain(photo.credit.as_deref()));
        let total: usize = captions.chain(self.blocks.iter().map(Block::text)).map(str::len).sum();
        let mut text = String::with_capacity(total);
        let mut push = |part: &str| {
            let start = text.len();
            text.push_str(part);
            start..text.len()
        };
        let photos: Vec<_> =
            self.photos.iter().map(|photo| (push(&photo.caption), photo.credit.as_deref().map(&mut push))).collect();
        let blocks: Vec<_> = self.blocks.iter().map(|block| (block, push(block.text()))).collect();
        let text = super::SeedText::from(text);
        let part = |range: std::ops::Range<usize>| text.slice_ref(&text[range]);
        Content {
            photos: photos
                .into_iter()
                .map(|(caption, credit)| Photo { caption: part(caption), credit: credit.map(part) })
                .collect(),
            blocks: blocks.into_iter().map(|(block, range)| block.with_text(part(range))).collect(),
        }
    }
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

    /// A body whose content is kept in `store` under `key` (as [`Body::keep_in`] leaves it).
    pub fn kept(key: u64, store: Arc<dyn Store>) -> Body {
        Body(Arc::new(ArcSwap::from_pointee(Place::Kept { key, store })))
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
    /// Nothing changes when it is kept there already.
    pub fn keep_in(&self, key: u64, store: Arc<dyn Store>) {
        if let Place::Kept { key: kept, store: place } = &**self.0.load()
            && *kept == key
            && std::ptr::addr_eq(Arc::as_ptr(place), Arc::as_ptr(&store))
        {
            return;
        }
        self.0.store(Arc::new(Place::Kept { key, store }));
    }

    /// Holds the content again, read back from its store, when it is kept under another key
    /// than `other` is: an article left out as a copy of `other`, whose own document the next
    /// index update may delete. A content that cannot be read back stays where it is (logged
    /// by its reader when asked for).
    pub fn hold_unless_kept_as(&self, other: &Body) {
        let Some(key) = self.kept_key() else { return };
        if other.kept_key() != Some(key)
            && let Ok(content) = self.content()
        {
            self.0.store(Arc::new(Place::Held(content)));
        }
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
