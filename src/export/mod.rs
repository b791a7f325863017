//! Static export: the whole site as files a plain static web server or CDN serves, written
//! by the same page builders the server uses, so an exported article is byte-for-byte the
//! page the server sends.
//!
//! Each page is the `index.html` of a folder named by its address, so a server that maps a
//! folder to its `index.html` (nginx's `try_files $uri $uri/index.html`, Python's
//! `http.server`, most CDNs) serves it at the server's own address, with or without a
//! trailing slash: `index.html` (the list's first page), `page/{n}/index.html` (every page,
//! the first too), `articles/{slug}/index.html` (and at the permanent slug a small page
//! leading there), `search/index.html` (a notice: search needs the
//! server). Beside them `feed.atom`, `feed.json`, `opensearch.xml`, `404.html`,
//! `redirects.map`, and `static/` (each asset under its plain and its content-hashed name).
//! Beside every file but `redirects.map` are its gzip (`.gz`) and brotli (`.br`) copies.

mod permanent;
mod staging;

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::corpus::Corpus;
use crate::feed;
use crate::web::Site;
use crate::web::pages;
use crate::web::paging::{Page, PageParam};
use staging::Staging;

/// What an exported site holds and how it differs from the export it replaced.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Summary {
    /// Files in the site (`written` + `unchanged`), the `.newsreader-export` marker aside.
    pub files: usize,
    /// Files written anew: new, or with other bytes than the last export's.
    pub written: usize,
    /// Files with the same bytes as the last export's, kept with their modification time.
    pub unchanged: usize,
    /// Files of the last export the site no longer has (removed articles' pages).
    pub removed: usize,
    /// Bytes of the site's files.
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
    /// The output folder holds files no export wrote, so replacing it would lose them.
    #[error(
        "{path}: not replaced: it is not empty and holds no {marker} (it is no newsreader export); \
         export into a new or empty folder",
        marker = staging::MARKER
    )]
    NotAnExport {
        /// The folder.
        path: PathBuf,
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

/// Writes every page, asset and the 404 page of `corpus` on `site` into a new folder beside
/// `out` (`out.tmp-{pid}`), then swaps it in for `out`, which must be missing, empty or an
/// earlier export. Pages are rendered and written on every core.
///
/// # Errors
/// [`Error::NotAnExport`] for an `out` that holds other files; [`Error::Write`] for a file
/// that cannot be written, [`Error::Render`] for a page that fails to render. On any error
/// `out` is left as it was and the new folder is removed.
pub fn export(corpus: &Corpus, site: &Site, out: &Path) -> Result<Summary, Error> {
    let staging = Staging::beside(out)?;
    let list_site = Site { links: site.links.clone().for_export(), assets: site.assets.clone() };
    write_list_pages(corpus, &list_site, &staging)?;
    write_articles(corpus, site, &staging)?;
    write_feeds(corpus, site, &staging)?;
    page(&staging, "search", rendered("search", pages::search::render_static_notice(&list_site))?.as_bytes())?;
    staging.write("404.html", rendered("404.html", pages::not_found::render(site))?.as_bytes())?;
    for asset in site.assets.files() {
        staging.write(&format!("static/{}", asset.name), asset.bytes)?;
        staging.write(&format!("static/{}", asset.hashed_name), asset.bytes)?;
    }
    staging.swap()
}

/// `index.html` (the first list page) and `page/{n}/index.html` for every page, the first
/// too: a proxy rule can send every old `/?page=N` bookmark to `/page/N`.
fn write_list_pages(corpus: &Corpus, list_site: &Site, staging: &Staging) -> Result<(), Error> {
    let total = corpus.articles().len();
    (1..=Page::count(total)).into_par_iter().try_for_each(|number| {
        let address = format!("page/{number}");
        let Some(list) = Page::of(total, &PageParam { page: Some(number.to_string()) }) else { return Ok(()) };
        let html = rendered(&address, pages::list::render(corpus, &list, list_site))?;
        if number == 1 {
            page(staging, "", html.as_bytes())?;
        }
        page(staging, &address, html.as_bytes())
    })
}

/// `articles/{slug}/index.html` for every article, a page leading to it at its permanent
/// slug, and `redirects.map` for nginx to answer those with a 301.
fn write_articles(corpus: &Corpus, site: &Site, staging: &Staging) -> Result<(), Error> {
    (0..corpus.articles().len()).into_par_iter().try_for_each(|position| {
        let address = format!("articles/{}", corpus.articles()[position].slug);
        let Some(html) = rendered(&address, pages::article::render(corpus, position, site))? else { return Ok(()) };
        page(staging, &address, html.as_bytes())?;
        match rendered(&address, permanent::page(corpus, position, &site.links))? {
            Some((slug, html)) => page(staging, &format!("articles/{slug}"), html.as_bytes()),
            None => Ok(()),
        }
    })?;
    staging.write_uncompressed(permanent::MAP, permanent::map(corpus, &site.links).as_bytes()).map(drop)
}

/// `feed.atom`, `feed.json` and `opensearch.xml`.
fn write_feeds(corpus: &Corpus, site: &Site, staging: &Staging) -> Result<(), Error> {
    staging.write("feed.atom", feed::atom(corpus, &site.links).as_bytes())?;
    let json = feed::json(corpus, &site.links).map_err(|source| Error::Feed { source })?;
    staging.write("feed.json", json.as_bytes())?;
    staging.write("opensearch.xml", rendered("opensearch.xml", pages::feeds::render_opensearch(site))?.as_bytes())
}

/// Writes the page at site address `address` (`articles/x`, `""` for the root) as the
/// `index.html` of its folder.
fn page(staging: &Staging, address: &str, html: &[u8]) -> Result<(), Error> {
    let folder = if address.is_empty() { String::new() } else { format!("{address}/") };
    staging.write(&format!("{folder}index.html"), html)
}

fn rendered<T>(page: &str, result: Result<T, askama::Error>) -> Result<T, Error> {
    result.map_err(|source| Error::Render { page: page.to_owned(), source })
}
