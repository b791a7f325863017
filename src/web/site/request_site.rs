//! The site as one request sees it: its links absolute under the public URL, or under the
//! origin the request names when no public URL is set.

use std::convert::Infallible;
use std::sync::Arc;

use axum::extract::FromRequestParts;
use axum::http::HeaderMap;
use axum::http::request::Parts;

use super::state::{AppState, Site};
use crate::web::engine::representation::{OriginRead, request_origin};

/// Extractor: the site with its links made absolute under the request's origin (see
/// [`request_origin`] and [`Links::with_origin`](crate::links::Links::with_origin)); the shared site when a public URL is set
/// or the request names no origin. Without a public URL it marks the request ([`OriginRead`]),
/// so the representation layer names the origin's headers in `Vary`.
#[derive(Debug, Clone)]
pub(crate) struct RequestSite(pub Arc<Site>);

impl RequestSite {
    /// The site `site` serves the request with `headers` as.
    pub(crate) fn of(site: &Arc<Site>, headers: &HeaderMap) -> RequestSite {
        // With a public URL the request's headers name nothing the links use: not parsed.
        match reads_origin(site).then(|| request_origin(headers)).flatten() {
            Some(origin) => {
                RequestSite(Arc::new(Site { links: site.links.with_origin(&origin), assets: site.assets.clone() }))
            }
            None => RequestSite(site.clone()),
        }
    }
}

impl FromRequestParts<AppState> for RequestSite {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<RequestSite, Infallible> {
        if reads_origin(&state.site)
            && let Some(read) = parts.extensions.get::<OriginRead>()
        {
            read.mark();
        }
        Ok(RequestSite::of(&state.site, &parts.headers))
    }
}

/// Whether a [`RequestSite`] of `site` is built from the request's origin: when no public
/// URL is set.
pub(crate) fn reads_origin(site: &Site) -> bool {
    site.links.public_url().is_none()
}
