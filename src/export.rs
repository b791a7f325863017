//! Static export: the whole site as files a plain static web server or CDN serves, written
//! by the same page builders the server uses, so an exported article is byte-for-byte the
//! page the server sends.
//!
//! Each page is the `index.html` of a folder named by its address, so a server that maps a
//! folder to its `index.html` (nginx's `try_files $uri $uri/index.html`, Python's
//! `http.server`, most CDNs) serves it at the server's own address, with or without a
//! trailing slash: `index.html` (the list's first page), `page/{n}/index.html` (every page,
//! the first too), `articles/{slug}/index.html` (and the same page under the permanent
//! slug), `search/index.html` (a notice: search needs the server). Beside them `feed.atom`,
//! `feed.json`, `opensearch.xml`, `404.html`, and `static/` (each asset under its plain and
//! its content-hashed name).

use std::path::{Path, PathBuf};

use crate::corpus::Corpus;
use crate::feed;
use crate::web::Site;
use crate::web::pages;
use crate::web::paging::{Page, PageParam};

/// What an export wrote.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Summary {
    /// Files written.
    pub files: usize,
    /// Bytes written.
    pub bytes: u64,
}

/// Why an export stopped.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file or folder could not be written.
    #[error("cannot write {path}")]
    Write {
        /// The file or folder.
        path: PathBuf,
        /// What the OS said.
        source: std::io::Error,
    },
    /// The JSON Feed failed to serialise.
    #[error("cannot write the JSON Feed")]
    Feed {
        /// What serde_json said.
        source: serde_json::Error,
    },
    /// A page failed to render.
    #[error("cannot render {page}")]
    Render {
        /// The page's address under the site root (`articles/x`), or its file name.
        page: String,
        /// What askama said.
        source: askama::Error,
    },
}

/// Writes every page, asset and the 404 page of `corpus` on `site` into `out`.
///
/// # Errors
/// [`Error::Write`] for a file that cannot be written, [`Error::Render`] for a page that
/// fails to render; files written before the error stay.
pub fn export(corpus: &Corpus, site: &Site, out: &Path) -> Result<Summary, Error> {
    let mut writer = Writer { out, summary: Summary::default() };
    let list_site = Site { links: site.links.clone().for_export(), assets: site.assets.clone() };
    let total = corpus.articles().len();
    let mut number = 1;
    while let Some(page) = Page::of(total, &PageParam { page: Some(number.to_string()) }) {
        let address = format!("page/{number}");
        let html = rendered(&address, pages::list::render(corpus, &page, &list_site))?;
        if number == 1 {
            writer.page("", html.as_bytes())?;
        }
        // `page/1` too: a proxy rule can send every old `/?page=N` bookmark to `/page/N`.
        writer.page(&address, html.as_bytes())?;
        number += 1;
    }
    for (position, article) in corpus.articles().iter().enumerate() {
        let address = format!("articles/{}", article.slug);
        if let Some(html) = rendered(&address, pages::article::render(corpus, position, site))? {
            writer.page(&address, html.as_bytes())?;
            // The permanent address works in the export too (the server redirects it).
            if let Some(permanent) = corpus.permanent_slug(position).filter(|permanent| *permanent != article.slug) {
                writer.page(&format!("articles/{permanent}"), html.as_bytes())?;
            }
        }
    }
    writer.write("feed.atom", feed::atom(corpus, &site.links).as_bytes())?;
    let json = feed::json(corpus, &site.links).map_err(|source| Error::Feed { source })?;
    writer.write("feed.json", json.as_bytes())?;
    writer.write("opensearch.xml", rendered("opensearch.xml", pages::feeds::render_opensearch(site))?.as_bytes())?;
    writer.page("search", rendered("search", pages::search::render_static_notice(&list_site))?.as_bytes())?;
    writer.write("404.html", rendered("404.html", pages::not_found::render(site))?.as_bytes())?;
    for asset in site.assets.files() {
        writer.write(&format!("static/{}", asset.name), asset.bytes)?;
        writer.write(&format!("static/{}", asset.hashed_name), asset.bytes)?;
    }
    Ok(writer.summary)
}

fn rendered<T>(page: &str, result: Result<T, askama::Error>) -> Result<T, Error> {
    result.map_err(|source| Error::Render { page: page.to_owned(), source })
}

/// The one place export writes files.
struct Writer<'a> {
    out: &'a Path,
    summary: Summary,
}

impl Writer<'_> {
    /// Writes the page at site address `address` (`articles/x`, `""` for the root) as the
    /// `index.html` of its folder.
    fn page(&mut self, address: &str, html: &[u8]) -> Result<(), Error> {
        let folder = if address.is_empty() { String::new() } else { format!("{address}/") };
        self.write(&format!("{folder}index.html"), html)
    }

    /// Writes `bytes` to `relative` under the output folder, creating folders as needed.
    fn write(&mut self, relative: &str, bytes: &[u8]) -> Result<(), Error> {
        let path = self.out.join(relative);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|source| Error::Write { path: parent.to_owned(), source })?;
        }
        std::fs::write(&path, bytes).map_err(|source| Error::Write { path: path.clone(), source })?;
        self.summary.files += 1;
        self.summary.bytes += bytes.len() as u64;
        Ok(())
    }
}
