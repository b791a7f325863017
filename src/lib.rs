//! newsreader: a local web news reader for scraped news text.
//!
//! The pipeline, one module a step:
//! 1. [`corpus`] reads `seeds/*.txt` and `*.md`: [`corpus::decode`] turns bytes into text,
//!    [`corpus::parse`] finds articles and removes the repeated headlines and captions,
//!    [`corpus::handwritten`] reads Markdown articles, [`corpus::file`](mod@corpus::file) does all of that for
//!    one file (files are read in parallel), [`corpus::dedup`] keeps each article once, and
//!    [`corpus::report`] says what was removed and why (`newsreader check`);
//!    [`corpus::store`] keeps each file's last good read for reloads.
//! 2. [`article`] is the result: headline, dateline, photos (caption and credit), body, built
//!    on [`block`], the pieces of its text.
//! 3. [`slug`] names each article's URL; [`links`] builds every URL under the base path.
//! 4. [`markdown`] turns body text into safe HTML through pulldown-cmark.
//! 5. [`search`] indexes the corpus with tantivy, kept between runs in the [`data`] folder;
//!    [`feed`] writes Atom and JSON feeds; [`sitemap`] lists the articles for crawlers.
//! 6. [`web`] serves the list, article, search and feed routes and the JSON API, with axum
//!    and askama templates.
//!
//! [`dateline`] reads the date a dateline prints; [`language`] tells an article's language;
//! [`bidi`] closes the bidi controls a headline leaves open; [`score`] measures the parser
//! against a careful reader's `expect.json`.
//!
//! [`config`] is the command line; [`systemd`] tells systemd how the service is doing. Domain modules never import axum or askama.

pub mod article;
pub mod bidi;
pub mod block;
pub mod config;
pub mod corpus;
pub mod data;
pub mod dateline;
pub mod export;
pub mod feed;
pub mod language;
pub mod links;
pub mod markdown;
pub mod memory;
pub mod score;
pub mod search;
pub mod sitemap;
pub mod slug;
pub mod systemd;
pub mod web;
