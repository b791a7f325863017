//! Static files, embedded in the binary and served under content-hashed names
//! (`style.3f9a1c2b.css`) so browsers may cache them for a year.

use axum::extract::State;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};

use super::error::WebError;
use crate::web::site::extract::Path;

/// One embedded static file.
#[derive(Debug, Clone)]
pub struct Asset {
    /// Name in `static/` (`style.css`).
    pub name: &'static str,
    /// Served name with the content hash before the extension (`style.3f9a1c2b.css`).
    pub hashed_name: String,
    /// `Content-Type` value.
    pub content_type: &'static str,
    /// The file's bytes.
    pub bytes: &'static [u8],
}

/// Every static file newsreader serves.
#[derive(Debug, Clone)]
pub struct Assets {
    files: Vec<Asset>,
}

macro_rules! embed {
    ($name:literal, $content_type:literal) => {
        Asset::new($name, $content_type, include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/static/", $name)))
    };
}

impl Asset {
    fn new(name: &'static str, content_type: &'static str, bytes: &'static [u8]) -> Asset {
        let digest = Sha256::digest(bytes);
        let hash: String = digest.iter().take(4).map(|byte| format!("{byte:02x}")).collect();
        let hashed_name = match name.rsplit_once('.') {
            Some((stem, extension)) => format!("{stem}.{hash}.{extension}"),
            None => format!("{name}.{hash}"),
        };
        Asset { name, hashed_name, content_type, bytes }
    }
}

impl Default for Assets {
    fn default() -> Self {
        Assets {
            files: vec![
                embed!("style.css", "text/css; charset=utf-8"),
                embed!("reader.js", "text/javascript; charset=utf-8"),
                embed!("favicon.svg", "image/svg+xml"),
            ],
        }
    }
}

impl Assets {
    /// The served (hashed) file name of the static file `name`, or `name` itself when there
    /// is no such file.
    pub fn served_name<'a>(&'a self, name: &'a str) -> &'a str {
        self.files.iter().find(|asset| asset.name == name).map_or(name, |asset| &asset.hashed_name)
    }

    /// Every asset.
    pub fn files(&self) -> &[Asset] {
        &self.files
    }

    /// The asset served as `file`: by hashed name (immutable) or plain name (revalidated).
    fn find(&self, file: &str) -> Option<(&Asset, bool)> {
        self.files.iter().find_map(|asset| {
            if asset.hashed_name == file {
                Some((asset, true))
            } else if asset.name == file {
                Some((asset, false))
            } else {
                None
            }
        })
    }
}

/// `GET /static/{file}`: an embedded asset; hashed names are cached for a year.
pub(crate) async fn get(
    State(assets): State<std::sync::Arc<Assets>>,
    Path(file, ..): Path<String>,
) -> Result<Response, WebError> {
    let (asset, immutable) = assets.find(&file).ok_or(WebError::NotFound)?;
    let cache = if immutable { "public, max-age=31536000, immutable" } else { "no-cache" };
    Ok((
        [
            (header::CONTENT_TYPE, HeaderValue::from_static(asset.content_type)),
            (header::CACHE_CONTROL, HeaderValue::from_static(cache)),
        ],
        asset.bytes,
    )
        .into_response())
}
