//! Feeds of the newest articles: Atom 1.0 (RFC 4287, through `atom_syndication`) and JSON Feed
//! 1.1 (<https://jsonfeed.org/version/1.1>, through serde).
//!
//! The feed's own id and each entry's id are `urn:uuid:` (RFC 9562 version 8) names made from
//! the feed URL under the public URL (the site-relative `/news/feed.atom` without one, never
//! the host a request names) and from each article's permanent slug: absolute IRIs, as
//! RFC 4287 §4.2.6 asks, that stay the same across restarts and whichever host is asked.
//!
//! 1. A [`Feed`] names the articles it lists: the first [`FEED_ENTRIES`] in list order, of
//!    all ([`Feed::newest`]) or of one source or section ([`Feed::filtered`]), or the best
//!    matches of a search ([`Feed::search`]).
//! 2. [`entries`] gives each of them a stable id (a UUID from its permanent slug), its URL,
//!    its date and its body HTML.
//! 3. [`Feed::atom`] and [`Feed::json`] write the same entries in each format.
//!
//! An entry is dated by its article's [`date`](Article::date) (read from its dateline: a day
//! alone is taken at midnight, a time without a zone as UTC), else by its seed file's
//! modification time (UTC), else the Unix epoch (a corpus not read from files).

use std::time::{SystemTime, UNIX_EPOCH};

use atom_syndication::{Content, Link, Person, Text};
use chrono::{DateTime, FixedOffset, SubsecRound, Utc};
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::article::Article;
use crate::corpus::Corpus;
use crate::links::Links;
use crate::markdown::{Marks, body_html, photos_html};

/// How many articles a feed carries.
pub const FEED_ENTRIES: usize = 50;

/// The feeds' title.
const TITLE: &str = "newsreader";

/// Which articles a feed lists, and under which title and addresses: the newest articles
/// ([`Feed::newest`]), those of one source or section ([`Feed::filtered`]), or the results of
/// a search ([`Feed::search`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Feed {
    /// The feed's title: `newsreader`, or `newsreader: Reuters`.
    pub title: String,
    /// The site path of its Atom document, query included (`/news/feed.atom?source=Reuters`):
    /// its `rel="self"` link, and the name its id is made from.
    pub atom: String,
    /// The site path of its JSON Feed document (`/news/feed.json?source=Reuters`).
    pub json: String,
    /// The site path of the HTML page it follows (the list, or the search page).
    pub page: String,
    /// Positions in list order of the articles it lists, at most [`FEED_ENTRIES`].
    pub positions: Vec<usize>,
}

/// Which articles a filtered feed keeps: those whose source and section are the ones named
/// (each compared without regard to case; `None` keeps any).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    /// The publisher or agency, as [`Article::source`] names it (`Reuters`).
    pub source: Option<String>,
    /// The section, as [`Article::section`] names it (`Business`).
    pub section: Option<String>,
}

impl Filter {
    /// Whether `article` is kept.
    pub fn keeps(&self, article: &Article) -> bool {
        let same = |wanted: &Option<String>, field: &Option<crate::article::SeedText>| match wanted {
            None => true,
            Some(wanted) => field.as_deref().is_some_and(|value| value.to_lowercase() == wanted.to_lowercase()),
        };
        same(&self.source, &article.source) && same(&self.section, &article.section)
    }

    /// What the filter keeps, for a title: `Reuters`, `Business`, `Reuters · Business`;
    /// `None` for a filter that keeps everything.
    fn label(&self) -> Option<String> {
        let named: Vec<&str> = [&self.source, &self.section].into_iter().flatten().map(String::as_str).collect();
        (!named.is_empty()).then(|| named.join(" · "))
    }
}

impl Feed {
    /// The newest [`FEED_ENTRIES`] articles (list order), at `/feed.atom` and `/feed.json`.
    pub fn newest(corpus: &Corpus, links: &Links) -> Feed {
        Feed::filtered(corpus, links, &Filter::default())
    }

    /// The newest [`FEED_ENTRIES`] articles (list order) that `filter` keeps, at
    /// `/feed.atom?source=...&section=...` (and `/feed.json?...`).
    pub fn filtered(corpus: &Corpus, links: &Links, filter: &Filter) -> Feed {
        let articles = corpus.articles();
        let positions = corpus
            .newest_first()
            .iter()
            .map(|&position| position as usize)
            .filter(|&position| filter.keeps(&articles[position]))
            .take(FEED_ENTRIES)
            .collect();
        let (source, section) = (filter.source.as_deref(), filter.section.as_deref());
        Feed {
            title: filter.label().map_or_else(|| TITLE.to_owned(), |label| format!("{TITLE}: {label}")),
            atom: links.atom_feed_of(source, section),
            json: links.json_feed_of(source, section),
            page: links.home(),
            positions,
        }
    }

    /// The results of `query` (the positions of its best matches, best first; at most
    /// [`FEED_ENTRIES`] are kept), at `/search.atom?q=...` and `/search.json?q=...`.
    pub fn search(links: &Links, query: &str, positions: impl IntoIterator<Item = usize>) -> Feed {
        Feed {
            title: format!("{TITLE}: search “{query}”"),
            atom: links.search_atom(query),
            json: links.search_json(query),
            page: links.search_page(query, 1),
            positions: positions.into_iter().take(FEED_ENTRIES).collect(),
        }
    }

    /// The Atom 1.0 document (UTF-8 XML) of this feed's [`entries`].
    pub fn atom(&self, corpus: &Corpus, links: &Links) -> String {
        let entries = entries(corpus, &self.positions, links);
        let feed = atom_syndication::Feed {
            title: Text::plain(self.title.clone()),
            id: uuid_urn(&links.under_public_url(&self.atom)),
            updated: newest(&entries),
            authors: vec![Person { name: TITLE.to_owned(), ..Person::default() }],
            links: vec![
                Link {
                    href: links.absolute(&self.atom),
                    rel: "self".to_owned(),
                    mime_type: Some("application/atom+xml".to_owned()),
                    ..Link::default()
                },
                Link { href: links.absolute(&self.page), mime_type: Some("text/html".to_owned()), ..Link::default() },
            ],
            entries: entries.iter().map(atom_entry).collect(),
            ..atom_syndication::Feed::default()
        };
        feed.to_string()
    }

    /// The JSON Feed 1.1 document of this feed's [`entries`].
    ///
    /// # Errors
    /// Only if serde_json fails to write strings and numbers, which it does not in practice.
    pub fn json(&self, corpus: &Corpus, links: &Links) -> Result<String, serde_json::Error> {
        let entries = entries(corpus, &self.positions, links);
        let feed = JsonFeed {
            version: "https://jsonfeed.org/version/1.1",
            title: &self.title,
            home_page_url: links.absolute(&self.page),
            feed_url: links.absolute(&self.json),
            language: "en",
            items: entries
                .iter()
                .map(|entry| JsonItem {
                    id: &entry.id,
                    url: &entry.url,
                    title: &entry.article.headline,
                    content_html: &entry.content_html,
                    summary: entry.article.lede(),
                    date_published: entry.date.to_rfc3339(),
                })
                .collect(),
        };
        serde_json::to_string_pretty(&feed)
    }
}

/// One feed entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry<'a> {
    /// The article.
    pub article: &'a Article,
    /// `urn:uuid:...`: derived from the article's permanent slug, so stable across restarts
    /// and independent of other articles.
    pub id: String,
    /// The article's URL, absolute when the links have an origin.
    pub url: String,
    /// The article's date, else the seed file's modification time (see the module docs).
    pub date: DateTime<FixedOffset>,
    /// Full body as HTML, photo captions first.
    pub content_html: String,
}

/// The articles of `corpus` at `positions` (in list order; positions past the end are
/// passed over) as feed entries, in the order given.
pub fn entries<'a>(corpus: &'a Corpus, positions: &[usize], links: &Links) -> Vec<Entry<'a>> {
    positions
        .iter()
        .filter_map(|&position| corpus.articles().get(position).map(|article| (position, article)))
        .map(|(position, article)| Entry {
            article,
            id: uuid_urn(corpus.permanent_slug(position).unwrap_or(&article.slug)),
            url: links.absolute(&links.article(&article.slug)),
            date: date_of(corpus, article),
            content_html: content_html(article),
        })
        .collect()
}

/// The Atom 1.0 document of the newest articles ([`Feed::newest`]).
pub fn atom(corpus: &Corpus, links: &Links) -> String {
    Feed::newest(corpus, links).atom(corpus, links)
}

/// The JSON Feed 1.1 document of the newest articles ([`Feed::newest`]).
///
/// # Errors
/// As [`Feed::json`].
pub fn json(corpus: &Corpus, links: &Links) -> Result<String, serde_json::Error> {
    Feed::newest(corpus, links).json(corpus, links)
}

fn atom_entry(entry: &Entry<'_>) -> atom_syndication::Entry {
    let lede = entry.article.lede();
    atom_syndication::Entry {
        title: Text::plain(entry.article.headline.clone()),
        id: entry.id.clone(),
        updated: entry.date,
        published: Some(entry.date),
        links: vec![Link { href: entry.url.clone(), mime_type: Some("text/html".to_owned()), ..Link::default() }],
        summary: (!lede.is_empty()).then(|| Text::plain(lede)),
        content: Some(Content {
            value: Some(entry.content_html.clone()),
            content_type: Some("html".to_owned()),
            ..Content::default()
        }),
        ..atom_syndication::Entry::default()
    }
}

/// JSON Feed 1.1 top level.
#[derive(Debug, Serialize)]
struct JsonFeed<'a> {
    version: &'static str,
    title: &'a str,
    home_page_url: String,
    feed_url: String,
    language: &'static str,
    items: Vec<JsonItem<'a>>,
}

/// JSON Feed 1.1 item.
#[derive(Debug, Serialize)]
struct JsonItem<'a> {
    id: &'a str,
    url: &'a str,
    title: &'a str,
    content_html: &'a str,
    #[serde(skip_serializing_if = "String::is_empty")]
    summary: String,
    date_published: String,
}

/// The newest entry date, or the Unix epoch for an empty feed.
fn newest(entries: &[Entry<'_>]) -> DateTime<FixedOffset> {
    entries.iter().map(|entry| entry.date).max().unwrap_or_else(|| utc(UNIX_EPOCH))
}

/// An article's date: its dateline's, else its file's modification time, else the epoch.
fn date_of(corpus: &Corpus, article: &Article) -> DateTime<FixedOffset> {
    match article.date {
        Some(date) => date.instant(),
        None => utc(corpus.modified(&article.seed.file).unwrap_or(UNIX_EPOCH)),
    }
}

/// `time` in UTC, to the second.
fn utc(time: SystemTime) -> DateTime<FixedOffset> {
    DateTime::<Utc>::from(time).trunc_subsecs(0).fixed_offset()
}

/// Photo captions (as `<figure>`s) and the body, as HTML without permalink marks.
fn content_html(article: &Article) -> String {
    let content = article.content_or_empty();
    photos_html(&content.photos) + &body_html(&content.blocks, Marks::Omit)
}

/// `urn:uuid:` + a version-8 UUID (RFC 9562) made of the SHA-256 of `name`.
fn uuid_urn(name: &str) -> String {
    let digest = Sha256::digest(name.as_bytes());
    let mut bytes = [0u8; 16];
    bytes.copy_from_slice(&digest[..16]);
    bytes[6] = (bytes[6] & 0x0f) | 0x80;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    let hex: String = bytes.iter().map(|byte| format!("{byte:02x}")).collect();
    format!("urn:uuid:{}-{}-{}-{}-{}", &hex[..8], &hex[8..12], &hex[12..16], &hex[16..20], &hex[20..])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entry_ids_are_version_8_uuids() {
        let id = uuid_urn("oil-rises-11111111");
        assert_eq!(id, uuid_urn("oil-rises-11111111"));
        assert_eq!(id.len(), "urn:uuid:".len() + 36);
        assert_eq!(&id[9 + 14..9 + 15], "8");
        assert_ne!(id, uuid_urn("oil-rises-22222222"));
    }
}
