//! Rendered pages, kept per snapshot: each article page and list page is rendered, hashed for
//! its ETag and stored the first time it is asked for, compressed once per content coding the
//! first time that coding is asked for, then served from memory ("parse once, render once").

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, OnceLock, PoisonError, RwLock};

use axum::body::Body;
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Response};
use bytes::Bytes;

use super::coding::{Coding, Effort};

/// One rendered HTML page: its identity body and strong ETag, and its compressed bodies,
/// each made the first time it is asked for. Cloning shares them.
#[derive(Debug, Clone)]
pub struct CachedPage(Arc<Representations>);

#[derive(Debug)]
struct Representations {
    identity: Representation,
    /// How hard its compressed bodies are compressed.
    effort: Effort,
    /// By [`Coding::index`].
    coded: [OnceLock<Representation>; Coding::ALL.len()],
}

/// One body, its `Content-Length` and its strong ETag (RFC 9110 §8.8.3): for the identity body
/// a quoted SHA-256 prefix, the same one [`super::representation::representation`] gives a body it has to hash
/// itself.
#[derive(Debug)]
struct Representation {
    body: Bytes,
    length: HeaderValue,
    etag: HeaderValue,
}

impl Representation {
    fn new(body: Bytes, etag: HeaderValue) -> Representation {
        Representation { length: HeaderValue::from(body.len()), body, etag }
    }
}

impl CachedPage {
    /// `html` with its ETag, to be kept and served many times.
    pub fn new(html: String) -> CachedPage {
        CachedPage::with_effort(html, Effort::Kept)
    }

    /// `html` with its ETag, compressed with `effort` when a coding is asked for.
    fn with_effort(html: String, effort: Effort) -> CachedPage {
        let etag = super::etag::entity_tag(html.as_bytes());
        let identity = Representation::new(Bytes::from(html), etag);
        CachedPage(Arc::new(Representations { identity, effort, coded: Default::default() }))
    }

    #[cfg(test)]
    fn body(&self) -> &Bytes {
        &self.0.identity.body
    }

    #[cfg(test)]
    fn etag(&self) -> &HeaderValue {
        &self.0.identity.etag
    }

    /// The page in `coding` (compressed the first time) and its ETag, the identity tag with a
    /// `-{coding}` suffix (`"hex-gzip"`), as each representation needs its own strong tag.
    fn coded(&self, coding: Coding) -> &Representation {
        self.0.coded[coding.index()].get_or_init(|| {
            let identity = &self.0.identity;
            let etag = super::etag::coded_tag(&identity.etag, coding);
            Representation::new(coding.compress(&identity.body, self.0.effort), etag)
        })
    }

    /// A 200 response with the page in `coding` (`None`: identity): `Content-Type` HTML, its
    /// `ETag`, `Content-Encoding` when compressed, `Vary: accept-encoding` either way, and
    /// its `Content-Length` (made once, not per response).
    /// Conditional requests are left to `super::representation::representation` and the cached-pages layer, which compare the tag set here.
    pub fn response(&self, coding: Option<Coding>) -> Response {
        let representation = coding.map_or(&self.0.identity, |coding| self.coded(coding));
        // Room for these and the headers `super::frame::frame_headers` adds, without regrowing.
        let mut headers = HeaderMap::with_capacity(16);
        headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/html; charset=utf-8"));
        headers.insert(header::ETAG, representation.etag.clone());
        // The body depends on Accept-Encoding (RFC 9110 §12.5.5).
        headers.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
        if let Some(coding) = coding {
            headers.insert(header::CONTENT_ENCODING, HeaderValue::from_static(coding.token()));
        }
        headers.insert(header::CONTENT_LENGTH, representation.length.clone());
        let mut response = Body::from(representation.body.clone()).into_response();
        *response.headers_mut() = headers;
        response
    }
}

/// The pages of one snapshot, each filled on first use: article pages by list position, and
/// list pages by number, up to a memory budget. Pages are kept per root their absolute links
/// are made under ([`crate::links::Links::root`]: the public URL, or the origin a request
/// named), so a page made for one host is never served to another; at most [`MAX_ROOTS`]
/// roots keep pages, and pages for more are rendered per request.
#[derive(Debug)]
pub struct PageCache {
    /// How many article pages and list pages there are.
    articles: usize,
    lists: usize,
    /// The pages of each root so far.
    roots: RwLock<Vec<(Box<str>, Arc<Slots>)>>,
    /// Most bytes kept: each page's HTML counted twice, to leave room for its compressed
    /// copies. Past it, pages are rendered (and compressed) per request and not kept, so a
    /// crawler walking every article cannot grow the server without bound.
    budget: usize,
    /// Bytes counted against `budget` so far.
    used: AtomicUsize,
}

/// The pages of one root.
#[derive(Debug)]
struct Slots {
    articles: Box<[OnceLock<CachedPage>]>,
    lists: Box<[OnceLock<CachedPage>]>,
}

/// Most roots a [`PageCache`] keeps pages for: the public URL, or the few names a site is
/// reached by (host name, address, `localhost`).
const MAX_ROOTS: usize = 8;

/// The default [`PageCache`] budget, in bytes: 256 MiB, about 20,000 article pages with
/// their compressed copies.
pub(crate) const DEFAULT_BUDGET: usize = 256 << 20;

impl Default for PageCache {
    fn default() -> PageCache {
        PageCache::new(0, 0, DEFAULT_BUDGET)
    }
}

impl PageCache {
    /// Room for `articles` article pages and `lists` list pages, none rendered yet, keeping
    /// at most `budget` bytes (see [`DEFAULT_BUDGET`]).
    pub fn new(articles: usize, lists: usize, budget: usize) -> PageCache {
        PageCache { articles, lists, roots: RwLock::default(), budget, used: AtomicUsize::new(0) }
    }

    /// The same cache (its pages and the bytes they count), keeping at most `budget` bytes
    /// from now on.
    pub fn with_budget(self, budget: usize) -> PageCache {
        PageCache { budget, ..self }
    }

    /// The most bytes this cache keeps.
    pub fn budget(&self) -> usize {
        self.budget
    }

    /// The page of the article at `position` with links under `root`, rendered by `render`
    /// the first time; `None` past the end. A render error is returned and nothing is stored.
    ///
    /// # Errors
    /// What `render` returns.
    pub fn article<E>(
        &self,
        root: &str,
        position: usize,
        render: impl FnOnce() -> Result<String, E>,
    ) -> Result<Option<CachedPage>, E> {
        if position >= self.articles {
            return Ok(None);
        }
        self.cached(root, |slots| &slots.articles[position], render)
    }

    /// List page `number` (from 1) with links under `root`, rendered by `render` the first
    /// time; `None` for 0 and past the end. A render error is returned and nothing is stored.
    ///
    /// # Errors
    /// What `render` returns.
    pub fn list<E>(
        &self,
        root: &str,
        number: usize,
        render: impl FnOnce() -> Result<String, E>,
    ) -> Result<Option<CachedPage>, E> {
        let Some(index) = number.checked_sub(1).filter(|index| *index < self.lists) else { return Ok(None) };
        self.cached(root, |slots| &slots.lists[index], render)
    }

    fn cached<E>(
        &self,
        root: &str,
        slot: impl Fn(&Slots) -> &OnceLock<CachedPage>,
        render: impl FnOnce() -> Result<String, E>,
    ) -> Result<Option<CachedPage>, E> {
        let slots = self.slots(root);
        if let Some(page) = slots.as_deref().and_then(|slots| slot(slots).get()) {
            return Ok(Some(page.clone()));
        }
        let html = render()?;
        let cost = html.len() * 2;
        let kept = slots.filter(|_| {
            self.used
                .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |used| {
                    used.checked_add(cost).filter(|total| *total <= self.budget)
                })
                .is_ok()
        });
        match kept {
            Some(slots) => Ok(Some(slot(&slots).get_or_init(|| CachedPage::new(html)).clone())),
            None => Ok(Some(CachedPage::with_effort(html, Effort::PerResponse))),
        }
    }

    /// The pages of `root`, made empty the first time; `None` once [`MAX_ROOTS`] others have
    /// pages.
    fn slots(&self, root: &str) -> Option<Arc<Slots>> {
        let find = |roots: &[(Box<str>, Arc<Slots>)]| {
            roots.iter().find(|(kept, _)| **kept == *root).map(|(_, slots)| slots.clone())
        };
        if let Some(slots) = find(&self.roots.read().unwrap_or_else(PoisonError::into_inner)) {
            return Some(slots);
        }
        let mut roots = self.roots.write().unwrap_or_else(PoisonError::into_inner);
        if let Some(slots) = find(&roots) {
            return Some(slots);
        }
        if roots.len() >= MAX_ROOTS {
            return None;
        }
        let empty = |count: usize| (0..count).map(|_| OnceLock::new()).collect();
        let slots = Arc::new(Slots { articles: empty(self.articles), lists: empty(self.lists) });
        roots.push((root.into(), slots.clone()));
        Some(slots)
    }
}

#[cfg(test)]
mod tests {
    use std::io::Read;

    use http_body_util::BodyExt;

    use super::*;

    #[test]
    fn pages_render_once_and_keep_their_etag() {
        let cache = PageCache::new(2, 1, DEFAULT_BUDGET);
        let renders = std::cell::Cell::new(0);
        let render = || {
            renders.set(renders.get() + 1);
            Ok::<_, std::convert::Infallible>("<p>page</p>".to_owned())
        };
        let first = cache.article("", 1, render).expect("renders").expect("in range");
        let again = cache.article("", 1, render).expect("renders").expect("in range");
        assert_eq!(renders.get(), 1);
        assert_eq!(first.body(), again.body());
        assert_eq!(first.etag(), again.etag());
        assert_eq!(first.etag(), super::super::etag::entity_tag(b"<p>page</p>"));
        assert!(cache.article("", 2, render).expect("no render").is_none());
        cache.list("", 1, render).expect("renders").expect("in range");
        cache.list("", 1, render).expect("renders").expect("in range");
        assert_eq!(renders.get(), 2);
        assert!(cache.list("", 0, render).expect("no render").is_none());
        assert!(cache.list("", 2, render).expect("no render").is_none());
    }

    #[test]
    fn a_failed_render_stores_nothing() {
        let cache = PageCache::new(1, 0, DEFAULT_BUDGET);
        assert_eq!(cache.article("", 0, || Err::<String, _>("broken")).map(|page| page.is_some()), Err("broken"));
        let page = cache.article("", 0, || Ok::<_, &str>("ok".to_owned())).expect("renders").expect("in range");
        assert_eq!(page.body(), "ok");
    }

    #[test]
    fn pages_past_the_budget_are_served_but_not_kept() {
        // Room for one 10-byte page (counted twice), not for a second.
        let cache = PageCache::new(2, 0, 25);
        let renders = std::cell::Cell::new(0);
        let render = || {
            renders.set(renders.get() + 1);
            Ok::<_, std::convert::Infallible>("0123456789".to_owned())
        };
        for _ in 0..2 {
            assert_eq!(cache.article("", 0, render).expect("renders").expect("in range").body(), "0123456789");
        }
        assert_eq!(renders.get(), 1, "the first page is kept");
        for _ in 0..2 {
            assert_eq!(cache.article("", 1, render).expect("renders").expect("in range").body(), "0123456789");
        }
        assert_eq!(renders.get(), 3, "the second page is rendered per request");
    }

    #[test]
    fn each_root_keeps_its_own_pages_up_to_the_most_roots() {
        let cache = PageCache::new(1, 0, DEFAULT_BUDGET);
        let render = |root: &str| Ok::<_, std::convert::Infallible>(format!("<a href=\"{root}/\">"));
        let roots: Vec<String> = (0..=MAX_ROOTS).map(|number| format!("http://host{number}")).collect();
        for _ in 0..2 {
            for root in &roots {
                let page = cache.article(root, 0, || render(root)).expect("renders").expect("in range");
                assert_eq!(page.body(), format!("<a href=\"{root}/\">").as_str());
            }
        }
        // One page kept per root but the last, which is rendered per request.
        assert_eq!(cache.used.load(Ordering::Relaxed), MAX_ROOTS * 2 * "<a href=\"http://host0/\">".len());
        let kept = cache.article(&roots[0], 0, || Err("rendered again")).expect("kept");
        assert!(kept.is_some());
        assert_eq!(cache.article(&roots[MAX_ROOTS], 0, || Err("rendered again")).map(|_| ()), Err("rendered again"));
    }

    async fn parts(response: Response) -> (axum::http::HeaderMap, Bytes) {
        let (parts, body) = response.into_parts();
        (parts.headers, body.collect().await.expect("body").to_bytes())
    }

    #[tokio::test]
    async fn responses_carry_the_preferred_coding_and_its_etag() {
        let html = "<p>A page long enough to be worth compressing.</p>\n".repeat(20);
        let page = CachedPage::new(html.clone());
        let tag = page.etag().to_str().expect("ascii").to_owned();

        let (headers, body) = parts(page.response(None)).await;
        assert_eq!(body, html.as_bytes());
        assert_eq!(headers[header::ETAG], tag.as_str());
        assert_eq!(headers[header::CONTENT_TYPE], "text/html; charset=utf-8");
        assert_eq!(headers[header::VARY], "accept-encoding");
        assert_eq!(headers.get(header::CONTENT_ENCODING), None);
        assert_eq!(headers[header::CONTENT_LENGTH], html.len().to_string().as_str());

        let (headers, body) = parts(page.response(Some(Coding::Gzip))).await;
        assert_eq!(headers[header::CONTENT_ENCODING], "gzip");
        assert_eq!(headers[header::VARY], "accept-encoding");
        assert_eq!(headers[header::ETAG], format!("{}-gzip\"", tag.trim_end_matches('"')).as_str());
        let mut unzipped = String::new();
        flate2::read::GzDecoder::new(&body[..]).read_to_string(&mut unzipped).expect("gzip");
        assert_eq!(unzipped, html);
        assert_eq!(headers[header::CONTENT_LENGTH], body.len().to_string().as_str());

        let (headers, body) = parts(page.response(Some(Coding::Zstd))).await;
        assert_eq!(headers[header::ETAG], format!("{}-zstd\"", tag.trim_end_matches('"')).as_str());
        assert_eq!(zstd::decode_all(&body[..]).expect("zstd"), html.as_bytes());
    }
}
