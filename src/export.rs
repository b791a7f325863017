//! Static export: the whole site as files any web server or CDN can serve, written by the
//! same page builders the server uses, so an exported article is byte-for-byte the page
//! the server sends.
//!
//! Layout under the output folder: `index.html` (the list's first page), `page/{n}.html`
//! (the others), `articles/{slug}.html` (and the same page under the permanent slug), `feed.atom`, `feed.json`, `opensearch.xml`,
//! `search.html` (a notice: search needs the server), `404.html`, and `static/` (each asset
//! under its plain and its content-hashed name). A web server maps `/articles/{slug}` to
//! `articles/{slug}.html` (nginx: `try_files $uri $uri.html $uri/index.html =404`).

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
        /// The page's file name.
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
        let name = if number == 1 { "index.html".to_owned() } else { format!("page/{number}.html") };
        writer.write(&name, rendered(&name, pages::list::render(corpus, &page, &list_site))?.as_bytes())?;
        number += 1;
    }
    for (position, article) in corpus.articles().iter().enumerate() {
        let name = format!("articles/{}.html", article.slug);
        if let Some(html) = rendered(&name, pages::article::render(corpus, position, site))? {
            writer.write(&name, html.as_bytes())?;
            // The permanent address works in the export too (the server redirects it).
            if let Some(permanent) = corpus.permanent_slug(position).filter(|permanent| *permanent != article.slug) {
                writer.write(&format!("articles/{permanent}.html"), html.as_bytes())?;
            }
        }
    }
    writer.write("feed.atom", feed::atom(corpus, &site.links).as_bytes())?;
    let json = feed::json(corpus, &site.links).map_err(|source| Error::Feed { source })?;
    writer.write("feed.json", json.as_bytes())?;
    writer.write("opensearch.xml", rendered("opensearch.xml", pages::feeds::render_opensearch(site))?.as_bytes())?;
    writer
        .write("search.html", rendered("search.html", pages::search::render_static_notice(&list_site))?.as_bytes())?;
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
