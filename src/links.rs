//! The one place that builds the URLs newsreader prints, so a base path (`/news`) is never
//! forgotten.

/// The router's path of an article page; [`Links::article`] fills in `{slug}`, and
/// [`ARTICLE_PREFIX`] is what comes before it. Spelled here only.
pub const ARTICLE_ROUTE: &str = "/articles/{slug}";

/// The router's path of an article as JSON; [`Links::api_article`] fills in `{slug}`.
pub const API_ARTICLE_ROUTE: &str = "/api/articles/{slug}";

/// The part of [`ARTICLE_ROUTE`] before the slug: `/articles/`.
pub const ARTICLE_PREFIX: &str = match ARTICLE_ROUTE.split_at_checked(ARTICLE_ROUTE.len() - "{slug}".len()) {
    Some((prefix, _)) => prefix,
    None => "",
};

/// `route` with its `{slug}` filled in.
fn filled(route: &str, slug: &str) -> String {
    route.replacen("{slug}", slug, 1)
}

/// Builds site-relative URLs under a base path, and absolute ones (for feeds, canonical links
/// and link previews) under the site's public URL when one is set, else under the origin a
/// request names ([`Links::with_origin`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Links {
    base: String,
    /// The root absolute links are made under: the public URL, else the origin a request
    /// named with the base path; `""` for site-relative links.
    root: String,
    /// Whether `root` is the public URL, the same for every request.
    public: bool,
    /// Whether list pages are files (`/page/2`) rather than queries (`/?page=2`).
    static_pages: bool,
}

impl Links {
    /// Links under `base_path`: `""` or `"/"` for the site root, else a path such as `/news`
    /// (leading slash added and trailing slashes dropped).
    pub fn new(base_path: &str) -> Links {
        let trimmed = base_path.trim_matches('/');
        let base = if trimmed.is_empty() { String::new() } else { format!("/{trimmed}") };
        Links { base, ..Links::default() }
    }

    /// The same links, made absolute by [`Links::absolute`] under `public_url`, the address
    /// of the site root as readers reach it (`https://intranet.example/news`; a trailing `/`
    /// is dropped; `""` keeps them site-relative).
    pub fn with_public_url(mut self, public_url: &str) -> Links {
        public_url.trim_end_matches('/').clone_into(&mut self.root);
        self.public = !self.root.is_empty();
        self
    }

    /// The same links, made absolute under `origin` (`https://intranet.example`, as the
    /// request names it) and the base path, unless a public URL is set: it wins.
    pub fn with_origin(&self, origin: &str) -> Links {
        let mut links = self.clone();
        if !links.public {
            links.root = format!("{origin}{}", self.base);
        }
        links
    }

    /// The absolute address of the site root that [`Links::absolute`] builds under
    /// (`https://intranet.example/news`), `""` when links stay site-relative.
    pub fn root(&self) -> &str {
        &self.root
    }

    /// The public URL (`https://intranet.example/news`), if one is set: `None` when links are
    /// site-relative or made under a request's origin.
    pub fn public_url(&self) -> Option<&str> {
        self.public.then_some(self.root.as_str())
    }

    /// A URL from one of the other methods (`/news/articles/x`) under the root when there is
    /// one (`https://intranet.example/news/articles/x`: the base path is replaced by the
    /// public URL or the request's origin and base path), else unchanged.
    pub fn absolute(&self, url: &str) -> String {
        under(&self.root, &self.base, url)
    }

    /// A URL from one of the other methods under the public URL when one is set, else
    /// unchanged (`/news/feed.atom`), never under a request's origin: a name that stays the
    /// same whichever host a request names, as a feed's id must (RFC 4287 §4.2.6).
    pub fn under_public_url(&self, url: &str) -> String {
        under(self.public_url().unwrap_or_default(), &self.base, url)
    }

    /// The base path itself, `""` at the site root or `/news`.
    pub fn base_path(&self) -> &str {
        &self.base
    }

    /// Any site path (`/articles/x`), under the base path.
    pub fn path(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// The article list: `{base}/`.
    pub fn home(&self) -> String {
        self.path("/")
    }

    /// An article's permalink: `{base}/articles/{slug}`.
    pub fn article(&self, slug: &str) -> String {
        self.path(&filled(ARTICLE_ROUTE, slug))
    }

    /// The same links for a static export: list pages become `{base}/page/N`, a path a
    /// static web server can map to a file.
    pub fn for_export(mut self) -> Links {
        self.static_pages = true;
        self
    }

    /// Page `page` (from 1) of the article list: `{base}/` for the first, `{base}/?page=N` after
    /// (`{base}/page/N` in a static export).
    pub fn list_page(&self, page: usize) -> String {
        match (page <= 1, self.static_pages) {
            (true, _) => self.home(),
            (false, false) => self.path(&format!("/?page={page}")),
            (false, true) => self.path(&format!("/page/{page}")),
        }
    }

    /// The search page: `{base}/search` (the query goes in `?q=`).
    pub fn search(&self) -> String {
        self.path("/search")
    }

    /// Page `page` (from 1) of the results for `query`: `{base}/search?q={query}` for the
    /// first, `&page=N` after; the query encoded as an HTML form encodes it
    /// (`application/x-www-form-urlencoded`, WHATWG URL Standard §5).
    pub fn search_page(&self, query: &str, page: usize) -> String {
        let mut pairs = form_urlencoded::Serializer::new(String::new());
        pairs.append_pair("q", query);
        if page > 1 {
            pairs.append_pair("page", &page.to_string());
        }
        format!("{}?{}", self.search(), pairs.finish())
    }

    /// Page `page` (from 1) of the results for `query` as JSON:
    /// `{base}/api/search?q={query}&page=N`, the query encoded as in [`Links::search_page`].
    pub fn api_search_page(&self, query: &str, page: usize) -> String {
        let pairs = form_urlencoded::Serializer::new(String::new())
            .append_pair("q", query)
            .append_pair("page", &page.to_string())
            .finish();
        format!("{}?{pairs}", self.api_search())
    }

    /// A random article: `{base}/random`.
    pub fn random(&self) -> String {
        self.path("/random")
    }

    /// The Atom feed: `{base}/feed.atom`.
    pub fn atom_feed(&self) -> String {
        self.path("/feed.atom")
    }

    /// The JSON Feed: `{base}/feed.json`.
    pub fn json_feed(&self) -> String {
        self.path("/feed.json")
    }

    /// The Atom feed of one source or section, or both: `{base}/feed.atom?source=Reuters`,
    /// `?section=Business`, `?source=...&section=...`; [`Links::atom_feed`] for neither. Values
    /// encoded as in [`Links::search_page`].
    pub fn atom_feed_of(&self, source: Option<&str>, section: Option<&str>) -> String {
        with_query(self.atom_feed(), &[("source", source), ("section", section)])
    }

    /// The JSON Feed of one source or section, or both: `{base}/feed.json?source=Reuters`, as
    /// [`Links::atom_feed_of`].
    pub fn json_feed_of(&self, source: Option<&str>, section: Option<&str>) -> String {
        with_query(self.json_feed(), &[("source", source), ("section", section)])
    }

    /// The Atom feed of the results for `query`: `{base}/search.atom?q={query}`, encoded as
    /// in [`Links::search_page`].
    pub fn search_atom(&self, query: &str) -> String {
        with_query(self.path("/search.atom"), &[("q", Some(query))])
    }

    /// The JSON Feed of the results for `query`: `{base}/search.json?q={query}`.
    pub fn search_json(&self, query: &str) -> String {
        with_query(self.path("/search.json"), &[("q", Some(query))])
    }

    /// The sitemap, or the sitemap index above [`crate::sitemap::MAX_URLS`] articles:
    /// `{base}/sitemap.xml`.
    pub fn sitemap(&self) -> String {
        self.path("/sitemap.xml")
    }

    /// Part `part` (from 1) of a split sitemap: `{base}/sitemaps/{part}.xml`.
    pub fn sitemap_part(&self, part: usize) -> String {
        self.path(&format!("/sitemaps/{part}.xml"))
    }

    /// The OpenSearch description: `{base}/opensearch.xml`.
    pub fn opensearch(&self) -> String {
        self.path("/opensearch.xml")
    }

    /// Search as JSON: `{base}/api/search` (the query goes in `?q=`).
    pub fn api_search(&self) -> String {
        self.path("/api/search")
    }

    /// A page of the article list as JSON: `{base}/api/articles?page=N`.
    pub fn api_articles(&self, page: usize) -> String {
        self.path(&format!("/api/articles?page={page}"))
    }

    /// One article as JSON: `{base}/api/articles/{slug}`.
    pub fn api_article(&self, slug: &str) -> String {
        self.path(&filled(API_ARTICLE_ROUTE, slug))
    }

    /// A static asset by its served file name: `{base}/static/{file}`.
    pub fn asset(&self, file: &str) -> String {
        self.path(&format!("/static/{file}"))
    }
}

/// `path` with the given pairs as its query (`application/x-www-form-urlencoded`), those
/// without a value left out; `path` alone when none has one.
fn with_query(path: String, pairs: &[(&str, Option<&str>)]) -> String {
    let mut query = form_urlencoded::Serializer::new(String::new());
    let mut any = false;
    for (name, value) in pairs {
        if let Some(value) = value {
            query.append_pair(name, value);
            any = true;
        }
    }
    if any { format!("{path}?{}", query.finish()) } else { path }
}

/// `url` (under `base`) with `base` replaced by `root`; unchanged when `root` is empty.
fn under(root: &str, base: &str, url: &str) -> String {
    if root.is_empty() {
        return url.to_owned();
    }
    let path = url.strip_prefix(base).filter(|rest| rest.starts_with('/')).unwrap_or(url);
    format!("{root}{path}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_path_prefixes_every_link() {
        for base in ["/news", "news", "/news/", "news/"] {
            let links = Links::new(base);
            assert_eq!(links.home(), "/news/");
            assert_eq!(links.article("a-b"), "/news/articles/a-b");
            assert_eq!(ARTICLE_PREFIX, "/articles/");
            assert_eq!(links.asset("style.css"), "/news/static/style.css");
            assert_eq!(links.list_page(1), "/news/");
            assert_eq!(links.list_page(3), "/news/?page=3");
            assert_eq!(links.api_article("a"), "/news/api/articles/a");
            assert_eq!(links.search_page("oil & gas", 1), "/news/search?q=oil+%26+gas");
            assert_eq!(links.search_page("غزة", 2), "/news/search?q=%D8%BA%D8%B2%D8%A9&page=2");
            assert_eq!(links.api_search_page("a+b", 1), "/news/api/search?q=a%2Bb&page=1");
            assert_eq!(links.atom_feed_of(None, None), "/news/feed.atom");
            assert_eq!(links.atom_feed_of(Some("Reuters"), None), "/news/feed.atom?source=Reuters");
            assert_eq!(links.json_feed_of(None, Some("Arab World")), "/news/feed.json?section=Arab+World");
            assert_eq!(links.atom_feed_of(Some("A&B"), Some("x")), "/news/feed.atom?source=A%26B&section=x");
            assert_eq!(links.search_atom("oil & gas"), "/news/search.atom?q=oil+%26+gas");
            assert_eq!(links.search_json("oil"), "/news/search.json?q=oil");
            assert_eq!(links.sitemap_part(2), "/news/sitemaps/2.xml");
        }
    }

    #[test]
    fn exported_list_pages_are_paths() {
        let links = Links::new("/news").for_export();
        assert_eq!(links.list_page(1), "/news/");
        assert_eq!(links.list_page(2), "/news/page/2");
        assert_eq!(links.article("a"), "/news/articles/a");
    }

    #[test]
    fn root_has_no_prefix() {
        for base in ["", "/"] {
            let links = Links::new(base);
            assert_eq!(links.home(), "/");
            assert_eq!(links.article("a"), "/articles/a");
            assert_eq!(links.absolute(&links.article("a")), "/articles/a");
        }
    }

    #[test]
    fn public_url_makes_links_absolute() {
        let links = Links::new("/news").with_public_url("https://intranet.example/news/");
        assert_eq!(links.absolute(&links.article("a")), "https://intranet.example/news/articles/a");
        assert_eq!(links.absolute(&links.home()), "https://intranet.example/news/");
        assert_eq!(links.article("a"), "/news/articles/a");
        let root = Links::new("").with_public_url("https://news.example.org");
        assert_eq!(root.absolute(&root.article("a")), "https://news.example.org/articles/a");
        assert_eq!(links.with_origin("http://other.example").root(), "https://intranet.example/news");
        assert_eq!(links.with_origin("http://other.example").public_url(), Some("https://intranet.example/news"));
        let feed = links.with_origin("http://other.example").under_public_url(&links.atom_feed());
        assert_eq!(feed, "https://intranet.example/news/feed.atom");
    }

    #[test]
    fn an_origin_makes_links_absolute_under_the_base_path() {
        let links = Links::new("/news").with_origin("http://reader.example:8080");
        assert_eq!(links.root(), "http://reader.example:8080/news");
        assert_eq!(links.absolute(&links.article("a")), "http://reader.example:8080/news/articles/a");
        assert_eq!(links.article("a"), "/news/articles/a");
        assert_eq!(links.public_url(), None);
        assert_eq!(links.under_public_url(&links.atom_feed()), "/news/feed.atom");
        assert_eq!(Links::new("").root(), "");
        assert_eq!(Links::new("").with_public_url("").public_url(), None);
    }
}
