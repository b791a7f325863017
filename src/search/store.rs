//! The articles' contents kept in the index: each document stores its article's photos and
//! blocks (postcard, in tantivy's LZ4-compressed document store), so a server holds in memory
//! only what lists and slugs need and reads a body back when a page asks for it.

use serde::{Deserialize, Serialize};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{DocAddress, DocSet as _, IndexReader, Searcher, TERMINATED, TantivyDocument, Term};

use std::collections::HashSet;
use std::sync::Arc;

use crate::article::{Article, Block, Body, Content, Photo, SeedText, Store, StoreError};
use crate::corpus::keeper::Keeper;

/// A content as the index stores it.
#[derive(Serialize, Deserialize)]
struct Stored<T> {
    /// Each photo's caption and credit.
    photos: Vec<(T, Option<T>)>,
    /// Each block's kind ([`kind`]) and text.
    blocks: Vec<(u8, T)>,
}

/// The kind number of `block` in [`Stored`].
fn kind(block: &Block) -> u8 {
    match block {
        Block::Paragraph(_) => 0,
        Block::Subheading(_) => 1,
        Block::Item(_) => 2,
        Block::Markdown(_) => 3,
    }
}

/// `content` as the bytes of the `content` field: postcard, [sealed](crate::data::seal) with
/// its checksum.
pub(super) fn encode(content: &Content) -> Vec<u8> {
    let stored = Stored {
        photos: content.photos.iter().map(|photo| (&*photo.caption, photo.credit.as_deref())).collect(),
        blocks: content.blocks.iter().map(|block| (kind(block), block.text())).collect(),
    };
    let mut bytes = postcard::to_stdvec(&stored).unwrap_or_default();
    crate::data::seal(&mut bytes);
    bytes
}

/// The content of the bytes [`encode`] made.
///
/// # Errors
/// When the bytes are damaged (their checksum does not match) or not a content.
pub(super) fn decode(bytes: &[u8]) -> Result<Content, StoreError> {
    let bytes = crate::data::unsealed(bytes)
        .ok_or_else(|| StoreError("the stored body is damaged: its checksum does not match".to_owned()))?;
    let stored: Stored<String> = postcard::from_bytes(bytes).map_err(|error| StoreError(error.to_string()))?;
    let photos = stored
        .photos
        .into_iter()
        .map(|(caption, credit)| Photo { caption: caption.into(), credit: credit.map(SeedText::from) })
        .collect();
    let blocks = stored
        .blocks
        .into_iter()
        .map(|(kind, text)| {
            let text = SeedText::from(text);
            match kind {
                0 => Ok(Block::Paragraph(text)),
                1 => Ok(Block::Subheading(text)),
                2 => Ok(Block::Item(text)),
                3 => Ok(Block::Markdown(text)),
                other => Err(StoreError(format!("unknown block kind {other}"))),
            }
        })
        .collect::<Result<_, _>>()?;
    Ok(Content { photos, blocks })
}

/// Reads contents back from the index's latest commit (as its reader has it), by key.
#[derive(Clone)]
pub(super) struct DocumentStore {
    pub(super) reader: IndexReader,
    pub(super) key: Field,
    pub(super) content: Field,
}

impl std::fmt::Debug for DocumentStore {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.debug_struct("DocumentStore").finish_non_exhaustive()
    }
}

impl DocumentStore {
    /// The live document of `key` in `searcher`, if any.
    fn find(&self, searcher: &Searcher, key: u64) -> Result<Option<DocAddress>, StoreError> {
        let term = Term::from_field_u64(self.key, key);
        for (ord, segment) in (0..).zip(searcher.segment_readers()) {
            let index = segment.inverted_index(self.key).map_err(failed)?;
            let Some(mut postings) = index.read_postings(&term, IndexRecordOption::Basic).map_err(failed)? else {
                continue;
            };
            let mut doc = postings.doc();
            while doc != TERMINATED && segment.is_deleted(doc) {
                doc = postings.advance();
            }
            if doc != TERMINATED {
                return Ok(Some(DocAddress::new(ord, doc)));
            }
        }
        Ok(None)
    }

    /// Whether the latest commit holds a document of `key`.
    pub(super) fn holds(&self, key: u64) -> bool {
        self.find(&self.reader.searcher(), key).is_ok_and(|found| found.is_some())
    }
}

/// Seeds read again find their contents in the index: an article the store's commit holds is
/// kept there at once (see [`Keeper`]).
impl Keeper for Arc<DocumentStore> {
    fn keep(&self, article: &Article) {
        let key = super::key(article);
        if self.holds(key) {
            article.body.keep_in(key, self.clone());
        }
    }

    fn keys(&self) -> HashSet<u64> {
        super::live_keys(&self.reader.searcher(), self.key).unwrap_or_else(|error| {
            tracing::warn!(%error, "the keys of the search index cannot be read: every seed file is read again");
            HashSet::new()
        })
    }

    fn body(&self, key: u64) -> Body {
        Body::kept(key, self.clone())
    }
}

/// A store error of `error`'s text.
fn failed(error: impl std::fmt::Display) -> StoreError {
    StoreError(error.to_string())
}

impl Store for DocumentStore {
    fn load(&self, key: u64) -> Result<Content, StoreError> {
        use tantivy::schema::Value as _;
        let searcher = self.reader.searcher();
        let Some(address) = self.find(&searcher, key)? else {
            return Err(StoreError(format!("the index holds no article of key {key:016x}")));
        };
        let document: TantivyDocument = searcher.doc(address).map_err(failed)?;
        decode(document.get_first(self.content).and_then(|value| value.as_bytes()).unwrap_or_default())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stored_body_damaged_on_disk_is_an_error_not_other_text() {
        let content = Content {
            photos: vec![Photo { caption: "Traders watch.".into(), credit: Some("REUTERS/Aly Song".into()) }].into(),
            blocks: vec![Block::Paragraph("Oil rose on Monday.".into())].into(),
        };
        let bytes = encode(&content);
        assert_eq!(decode(&bytes), Ok(content));
        // One bit of a letter flipped: postcard would read it as other text.
        let mut damaged = bytes.clone();
        let at = damaged.iter().position(|&byte| byte == b'M').expect("the M of Monday");
        damaged[at] ^= 0x20;
        assert_eq!(
            decode(&damaged),
            Err(StoreError("the stored body is damaged: its checksum does not match".to_owned()))
        );
    }
}
