//! The one place that builds the URLs newsreader prints, so a base path (`/news`) is never
//! forgotten.

/// Builds site-relative URLs under a base path, and absolute ones (for feeds, canonical links
/// and link previews) under a public origin when one is set.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Links {
    base: String,
    origin: String,
}

impl Links {
    /// Links under `base_path`: `""` or `"/"` for the site root, else a path such as `/news`
    /// (leading slash added and trailing slashes dropped).
    pub fn new(base_path: &str) -> Links {
        let trimmed = base_path.trim_matches('/');
        let base = if trimmed.is_empty() { String::new() } else { format!("/{trimmed}") };
        Links { base, origin: String::new() }
    }

    /// The same links, made absolute by [`Links::absolute`] under `origin`
    /// (`https://news.example.org`; a trailing `/` is dropped; `""` keeps them site-relative).
    pub fn with_origin(mut self, origin: &str) -> Links {
        origin.trim_end_matches('/').clone_into(&mut self.origin);
        self
    }

    /// A URL from one of the other methods (`/articles/x`), prefixed with the public origin
    /// when one is set (`https://news.example.org/articles/x`), else unchanged.
    pub fn absolute(&self, url: &str) -> String {
        format!("{}{url}", self.origin)
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
        self.path(&format!("/articles/{slug}"))
    }

    /// Page `page` (from 1) of the article list: `{base}/` for the first, `{base}/?page=N` after.
    pub fn list_page(&self, page: usize) -> String {
        if page <= 1 { self.home() } else { self.path(&format!("/?page={page}")) }
    }

    /// The search page: `{base}/search` (the query goes in `?q=`).
    pub fn search(&self) -> String {
        self.path("/search")
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
        self.path(&format!("/api/articles/{slug}"))
    }

    /// A static asset by its served file name: `{base}/static/{file}`.
    pub fn asset(&self, file: &str) -> String {
        self.path(&format!("/static/{file}"))
    }
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
            assert_eq!(links.asset("style.css"), "/news/static/style.css");
            assert_eq!(links.list_page(1), "/news/");
            assert_eq!(links.list_page(3), "/news/?page=3");
            assert_eq!(links.api_article("a"), "/news/api/articles/a");
        }
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
    fn origin_makes_links_absolute() {
        let links = Links::new("/news").with_origin("https://example.org/");
        assert_eq!(links.absolute(&links.article("a")), "https://example.org/news/articles/a");
        assert_eq!(links.article("a"), "/news/articles/a");
    }
}
