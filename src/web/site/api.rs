//! The JSON API under `/api`: article pages, single articles and search. Every error is
//! JSON too: `{"error": {"status": 404, "message": "..."}}` with that status code.

use std::sync::Arc;

use axum::Json;
use axum::extract::State;
use axum::extract::rejection::{PathRejection, QueryRejection};
use axum::handler::Handler;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{MethodRouter, get};
use serde::Serialize;

use crate::article::{Article, Block, Photo, SeedRef};
use crate::corpus::{Corpus, Resolved};
use crate::dateline::Date;
use crate::web::site::error::not_ready;
use crate::web::site::extract::{Path, Query, Rejection};
use crate::web::site::pages::search::QueryParam;
use crate::web::site::paging::{self, PER_PAGE, Page, PageParam};
use crate::web::site::request_site::RequestSite;
use crate::web::site::search_state::Outcome;
use crate::web::site::state::AppState;
use crate::web::site::state::{Site, Snapshot};

/// An API failure: a status and a message, sent as JSON.
#[derive(Debug)]
pub(crate) struct ApiError {
    status: StatusCode,
    message: String,
}

#[derive(Debug, Serialize)]
struct ErrorBody<'a> {
    error: ErrorDetail<'a>,
}

#[derive(Debug, Serialize)]
struct ErrorDetail<'a> {
    status: u16,
    message: &'a str,
}

impl ApiError {
    fn new(status: StatusCode, message: impl Into<String>) -> ApiError {
        ApiError { status, message: message.into() }
    }

    /// A 404 saying `message`; while the seeds are still being read at start-up, a 503
    /// instead (with `Retry-After`), since what is missing may be there in a moment.
    fn not_found(snapshot: &Snapshot, message: &str) -> ApiError {
        if snapshot.loading {
            ApiError::new(StatusCode::SERVICE_UNAVAILABLE, "still reading the seeds: try again in a moment")
        } else {
            ApiError::new(StatusCode::NOT_FOUND, message)
        }
    }

    /// A page number that names no page: 400 saying why for one that is no number, else
    /// [`ApiError::not_found`] with `past_the_end`.
    fn no_page(snapshot: &Snapshot, error: &paging::Error, past_the_end: &str) -> ApiError {
        match error {
            paging::Error::NotANumber(_) => ApiError::new(StatusCode::BAD_REQUEST, error.to_string()),
            paging::Error::PastTheEnd { .. } => ApiError::not_found(snapshot, past_the_end),
        }
    }
}

impl Rejection for ApiError {
    /// 404: no article has a slug that does not decode.
    fn path(_: PathRejection) -> ApiError {
        ApiError::new(StatusCode::NOT_FOUND, "no article has this slug")
    }

    /// 400, saying what is wrong.
    fn query(rejection: QueryRejection) -> ApiError {
        ApiError::new(StatusCode::BAD_REQUEST, rejection.body_text())
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = ErrorBody { error: ErrorDetail { status: self.status.as_u16(), message: &self.message } };
        let response = (self.status, Json(body)).into_response();
        if self.status == StatusCode::SERVICE_UNAVAILABLE { not_ready(response) } else { response }
    }
}

/// Every field of an article, as the API shows it.
#[derive(Debug, Serialize)]
pub(crate) struct ArticleJson<'a> {
    headline: &'a str,
    slug: &'a str,
    /// The article page: absolute under the public URL, else the request's origin.
    url: String,
    /// Path of the article page by its permanent slug, which never changes with other articles.
    permanent_url: String,
    dateline: Option<&'a str>,
    /// The date the dateline names, as an HTML date or date-and-time string (ISO 8601:
    /// `2024-04-22`, `2021-03-03T08:45`, `2015-01-26T16:52Z`; see [`Date::html`]).
    date: Option<Date>,
    /// The article's language, ISO 639-1 (`en`, `ar`), when it could be told.
    language: Option<&'static str>,
    lede: String,
    photos: Vec<Photo>,
    blocks: Vec<Block>,
    reading_minutes: usize,
    word_count: usize,
    /// Whether the page printed `headline` (else it is made from the first paragraph).
    headline_printed: bool,
    standfirst: Option<&'a str>,
    byline: Option<&'a str>,
    section: Option<&'a str>,
    /// The publisher or agency.
    source: Option<&'a str>,
    /// The seed file and line the article was read from.
    seed: &'a SeedRef,
}

fn article_json<'a>(corpus: &'a Corpus, position: usize, article: &'a Article, site: &Site) -> ArticleJson<'a> {
    let links = &site.links;
    let permanent = corpus.permanent_slug(position).unwrap_or(&article.slug);
    let content = article.content_or_empty();
    let words = article.word_count_with(&content);
    ArticleJson {
        headline: &article.headline,
        slug: &article.slug,
        url: links.absolute(&links.article(&article.slug)),
        permanent_url: links.absolute(&links.article(permanent)),
        dateline: article.dateline.as_deref(),
        date: article.date,
        language: article.language(),
        lede: content.lede(),
        photos: content.photos.to_vec(),
        blocks: content.blocks.to_vec(),
        reading_minutes: crate::article::reading_minutes(words),
        word_count: words,
        headline_printed: article.headline_printed,
        standfirst: article.standfirst.as_deref(),
        byline: article.byline.as_deref(),
        section: article.section.as_deref(),
        source: article.source.as_deref(),
        seed: &article.seed,
    }
}

/// One page of the article list.
#[derive(Debug, Serialize)]
pub(crate) struct ListJson<'a> {
    page: usize,
    pages: usize,
    per_page: usize,
    total: usize,
    previous: Option<String>,
    next: Option<String>,
    articles: Vec<ArticleJson<'a>>,
}

/// `GET /api/articles?page=N`: 30 articles a page with every field; 404 past the end, 400
/// for a parameter that is no page number.
pub(crate) async fn articles(
    State(snapshot): State<Arc<Snapshot>>,
    RequestSite(site): RequestSite,
    Query(param, ..): Query<PageParam, ApiError>,
) -> Result<Response, ApiError> {
    let corpus = &snapshot.corpus;
    let page = Page::find(corpus.articles().len(), &param)
        .map_err(|error| ApiError::no_page(&snapshot, &error, "no such page of articles"))?;
    let links = &site.links;
    let articles = page
        .range
        .clone()
        .filter_map(|place| corpus.at_place(place))
        .map(|(position, article)| article_json(corpus, position, article, &site))
        .collect();
    let body = ListJson {
        page: page.number,
        pages: page.pages,
        per_page: PER_PAGE,
        total: page.total,
        previous: page.previous().map(|number| links.absolute(&links.api_articles(number))),
        next: page.next().map(|number| links.absolute(&links.api_articles(number))),
        articles,
    };
    Ok(Json(body).into_response())
}

/// Articles sharing a bare slug, for a 300 answer: a message and the choices, not an error.
#[derive(Debug, Serialize)]
struct ChoicesJson<'a> {
    message: &'a str,
    choices: Vec<ChoiceJson<'a>>,
}

/// One article to choose.
#[derive(Debug, Serialize)]
struct ChoiceJson<'a> {
    headline: &'a str,
    slug: &'a str,
    /// The article page, as `url` is everywhere in the API.
    url: String,
    /// The article as JSON.
    api_url: String,
}

/// `GET /api/articles/{slug}/`: 308 to the article's canonical API URL (or, for a shared bare
/// slug, to its choices), as the page's address with a trailing slash does; 404 (JSON) when
/// the slug names nothing.
pub(crate) async fn trailing_slash(
    State(snapshot): State<Arc<Snapshot>>,
    State(site): State<Arc<Site>>,
    Path(slug, ..): Path<String, ApiError>,
) -> Result<Redirect, ApiError> {
    let missing = || ApiError::not_found(&snapshot, "no article has this slug");
    let target = match snapshot.corpus.resolve(&slug) {
        Resolved::Article(_) => slug,
        Resolved::Moved(canonical) => canonical.to_owned(),
        Resolved::Choices(_) => slug.to_lowercase(),
        Resolved::Missing => return Err(missing()),
    };
    Ok(Redirect::permanent(&site.links.api_article(&target)))
}

/// `GET /api/articles/{slug}`: the article; 308 to the canonical API URL for another
/// spelling; 300 with the choices for a shared bare slug; 404 otherwise.
pub(crate) async fn article(
    State(snapshot): State<Arc<Snapshot>>,
    RequestSite(site): RequestSite,
    Path(slug, ..): Path<String, ApiError>,
) -> Result<Response, ApiError> {
    let corpus = &snapshot.corpus;
    let missing = || ApiError::not_found(&snapshot, "no article has this slug");
    match corpus.resolve(&slug) {
        Resolved::Article(position) => {
            let article = corpus.articles().get(position).ok_or_else(missing)?;
            Ok(Json(article_json(corpus, position, article, &site)).into_response())
        }
        Resolved::Moved(canonical) => Ok(Redirect::permanent(&site.links.api_article(canonical)).into_response()),
        Resolved::Choices(positions) => {
            let choices = positions
                .iter()
                .filter_map(|&position| corpus.articles().get(position))
                .map(|article| ChoiceJson {
                    headline: &article.headline,
                    slug: &article.slug,
                    url: site.links.absolute(&site.links.article(&article.slug)),
                    api_url: site.links.absolute(&site.links.api_article(&article.slug)),
                })
                .collect();
            let body = ChoicesJson { message: "several articles share this slug: choose one", choices };
            Ok((StatusCode::MULTIPLE_CHOICES, Json(body)).into_response())
        }
        Resolved::Missing => Err(missing()),
    }
}

/// One page of search results, paged as [`ListJson`] is.
#[derive(Debug, Serialize)]
struct SearchJson<'a> {
    query: &'a str,
    page: usize,
    pages: usize,
    per_page: usize,
    total: usize,
    previous: Option<String>,
    next: Option<String>,
    hits: Vec<HitJson<'a>>,
}

#[derive(Debug, Serialize)]
struct HitJson<'a> {
    headline: &'a str,
    slug: &'a str,
    url: String,
    /// Headline as HTML with `<mark>`ed words, when any matched.
    headline_html: Option<String>,
    /// Body passage as HTML with `<mark>`ed words, when any matched.
    snippet_html: Option<String>,
    lede: String,
}

/// `GET /api/search?q=&page=N`: 30 hits a page, best first; 400 for a query that is not
/// run, 404 for a page that does not exist (an empty result has page 1), 503 while the
/// index builds.
pub(crate) async fn search(
    State(snapshot): State<Arc<Snapshot>>,
    RequestSite(site): RequestSite,
    Query(param, ..): Query<QueryParam, ApiError>,
) -> Result<Response, ApiError> {
    let paging = param.paging();
    let number = paging.number().map_err(|error| ApiError::no_page(&snapshot, &error, "no such page of results"))?;
    let query = param.q;
    let (outcome, corpus) = snapshot.clone().search_blocking(query.clone(), number).await;
    let results = match outcome {
        Outcome::Found(results) => results,
        Outcome::Refused(problem) => return Err(ApiError::new(StatusCode::BAD_REQUEST, problem.to_string())),
        Outcome::Building => {
            return Err(ApiError::new(StatusCode::SERVICE_UNAVAILABLE, "the search index is still being built"));
        }
        Outcome::Failed => return Err(ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "search failed")),
    };
    let page = Page::find(results.total, &paging)
        .map_err(|error| ApiError::no_page(&snapshot, &error, "no such page of results"))?;
    let links = &site.links;
    let hits = results
        .hits
        .into_iter()
        .filter_map(|hit| corpus.articles().get(hit.position).map(|article| (hit, article)))
        .map(|(hit, article)| HitJson {
            headline: &article.headline,
            slug: &article.slug,
            url: site.links.absolute(&site.links.article(&article.slug)),
            headline_html: hit.headline_html,
            snippet_html: hit.snippet_html,
            lede: article.lede(),
        })
        .collect();
    let body = SearchJson {
        query: &query,
        page: page.number,
        pages: page.pages,
        per_page: PER_PAGE,
        total: page.total,
        previous: page.previous().map(|number| links.absolute(&links.api_search_page(&query, number))),
        next: page.next().map(|number| links.absolute(&links.api_search_page(&query, number))),
        hits,
    };
    Ok(Json(body).into_response())
}

/// Any other path under `/api`: a JSON 404.
pub(crate) async fn not_found() -> ApiError {
    ApiError::new(StatusCode::NOT_FOUND, "no such API route")
}

/// A method other than `GET` or `HEAD` on an API route: a JSON 405 with `Allow: GET, HEAD`
/// (RFC 9110 §15.5.6).
pub(crate) async fn method_not_allowed() -> Response {
    let mut response = ApiError::new(StatusCode::METHOD_NOT_ALLOWED, "only GET and HEAD are allowed").into_response();
    response.headers_mut().insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
    response
}

/// A `GET` (and `HEAD`) route of the API, other methods answered by [`method_not_allowed`].
pub(crate) fn route<H, T>(handler: H) -> MethodRouter<AppState>
where
    H: Handler<T, AppState>,
    T: 'static,
{
    get(handler).fallback(method_not_allowed)
}
