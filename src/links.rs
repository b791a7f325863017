//! The one place that builds the URLs newsreader prints, so a base path (`/news`) is never
//! forgotten.

/// Builds site-relative URLs under a base path.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Links {
    base: String,
}

impl Links {
    /// Links under `base_path`: `""` or `"/"` for the site root, else a path such as `/news`
    /// (leading slash added and trailing slashes dropped).
    pub fn new(base_path: &str) -> Links {
        let trimmed = base_path.trim_matches('/');
        let base = if trimmed.is_empty() { String::new() } else { format!("/{trimmed}") };
        Links { base }
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
        }
    }

    #[test]
    fn root_has_no_prefix() {
        for base in ["", "/"] {
            let links = Links::new(base);
            assert_eq!(links.home(), "/");
            assert_eq!(links.article("a"), "/articles/a");
        }
    }
}
