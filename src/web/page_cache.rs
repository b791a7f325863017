//! Rendered article pages, kept per snapshot: each page is rendered, hashed for its ETag and
//! stored the first time it is asked for, then served from memory ("parse once, render once").

use std::sync::OnceLock;

use axum::http::HeaderValue;
use bytes::Bytes;

/// One rendered page and its strong ETag.
#[derive(Debug, Clone)]
pub struct CachedPage {
    /// The HTML, UTF-8.
    pub body: Bytes,
    /// Strong entity tag of `body` (RFC 9110 §8.8.3): a quoted SHA-256 prefix, the same one
    /// [`super::http::etag`] gives a body it has to hash itself.
    pub etag: HeaderValue,
}

impl CachedPage {
    /// `html` with its ETag.
    pub fn new(html: String) -> CachedPage {
        let etag = super::http::entity_tag(html.as_bytes());
        CachedPage { body: Bytes::from(html), etag }
    }
}

/// The article pages of one snapshot, by list position, each filled on first use.
#[derive(Debug, Default)]
pub struct PageCache {
    articles: Box<[OnceLock<CachedPage>]>,
}

impl PageCache {
    /// Room for `articles` pages, none rendered yet.
    pub fn new(articles: usize) -> PageCache {
        PageCache { articles: (0..articles).map(|_| OnceLock::new()).collect() }
    }

    /// The page of the article at `position`, rendered by `render` the first time; `None`
    /// past the end. A render error is returned and nothing is stored.
    ///
    /// # Errors
    /// What `render` returns.
    pub fn article<E>(
        &self,
        position: usize,
        render: impl FnOnce() -> Result<String, E>,
    ) -> Result<Option<CachedPage>, E> {
        let Some(slot) = self.articles.get(position) else { return Ok(None) };
        if let Some(page) = slot.get() {
            return Ok(Some(page.clone()));
        }
        let page = CachedPage::new(render()?);
        Ok(Some(slot.get_or_init(|| page).clone()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_render_once_and_keep_their_etag() {
        let cache = PageCache::new(2);
        let renders = std::cell::Cell::new(0);
        let render = || {
            renders.set(renders.get() + 1);
            Ok::<_, std::convert::Infallible>("<p>page</p>".to_owned())
        };
        let first = cache.article(1, render).expect("renders").expect("in range");
        let again = cache.article(1, render).expect("renders").expect("in range");
        assert_eq!(renders.get(), 1);
        assert_eq!(first.body, again.body);
        assert_eq!(first.etag, again.etag);
        assert_eq!(first.etag, super::super::http::entity_tag(b"<p>page</p>"));
        assert!(cache.article(2, render).expect("no render").is_none());
    }

    #[test]
    fn a_failed_render_stores_nothing() {
        let cache = PageCache::new(1);
        assert_eq!(cache.article(0, || Err::<String, _>("broken")).map(|page| page.is_some()), Err("broken"));
        let page = cache.article(0, || Ok::<_, &str>("ok".to_owned())).expect("renders").expect("in range");
        assert_eq!(page.body, "ok");
    }
}
