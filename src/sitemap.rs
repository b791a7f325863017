//! The sitemap of the articles, after the sitemaps.org protocol 0.9
//! (<https://www.sitemaps.org/protocol.html>): one `<url>` per article at its address, with
//! `<lastmod>` from the date its dateline names.
//!
//! A sitemap file holds at most [`MAX_URLS`] URLs. Up to that many articles, `/sitemap.xml`
//! lists them all; above it, `/sitemap.xml` is a sitemap index of parts
//! (`/sitemaps/1.xml`, `/sitemaps/2.xml`, ...), each of [`MAX_URLS`] articles in list order
//! but the last. The limit is a parameter, so the split is tested on a small corpus.

use crate::article::Article;
use crate::corpus::Corpus;
use crate::links::Links;

/// Most URLs one sitemap file may list (sitemaps.org: "no more than 50,000 URLs").
pub const MAX_URLS: usize = 50_000;

/// One `<url>` of a sitemap, or one `<sitemap>` of an index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    /// `<loc>`: the address, absolute when the links have a root.
    pub loc: String,
    /// `<lastmod>` in W3C Datetime (<https://www.w3.org/TR/NOTE-datetime>): `2024-06-14`, or
    /// `2015-01-26T16:52:00+00:00` where the dateline names a time and a zone; `None` for an
    /// article whose dateline names no date.
    pub lastmod: Option<String>,
}

/// What `/sitemap.xml` is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Sitemap {
    /// A `<urlset>` of every article: at most `limit` of them.
    Urls(Vec<Location>),
    /// A `<sitemapindex>` of the parts ([`part`]), each dated by its newest article.
    Index(Vec<Location>),
}

/// `/sitemap.xml` of `corpus`, with at most `limit` URLs a file (give [`MAX_URLS`]).
pub fn sitemap(corpus: &Corpus, links: &Links, limit: usize) -> Sitemap {
    let articles = corpus.articles();
    if articles.len() <= limit {
        return Sitemap::Urls(urls(articles, links));
    }
    let parts = articles
        .chunks(limit.max(1))
        .enumerate()
        .map(|(index, chunk)| Location {
            loc: links.absolute(&links.sitemap_part(index + 1)),
            lastmod: chunk.iter().filter_map(|article| article.date).max_by_key(|date| date.instant()).map(lastmod),
        })
        .collect();
    Sitemap::Index(parts)
}

/// Part `number` (from 1) of a split sitemap: its articles' URLs; `None` when the sitemap is
/// not split (see [`sitemap`]) or has no such part.
pub fn part(corpus: &Corpus, links: &Links, limit: usize, number: usize) -> Option<Vec<Location>> {
    let articles = corpus.articles();
    let limit = limit.max(1);
    if articles.len() <= limit || number == 0 {
        return None;
    }
    let chunk = articles.chunks(limit).nth(number - 1)?;
    Some(urls(chunk, links))
}

fn urls(articles: &[std::sync::Arc<Article>], links: &Links) -> Vec<Location> {
    articles
        .iter()
        .map(|article| Location {
            loc: links.absolute(&links.article(&article.slug)),
            lastmod: article.date.map(lastmod),
        })
        .collect()
}

/// `date` in W3C Datetime: the day alone, unless the dateline names a time and a zone (a time
/// without a zone is no instant W3C Datetime can write).
fn lastmod(date: crate::dateline::Date) -> String {
    match (date.time, date.offset) {
        (Some(_), Some(_)) => date.instant().to_rfc3339(),
        _ => date.day.format("%Y-%m-%d").to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dateline::parse;

    #[test]
    fn lastmod_is_a_w3c_datetime() {
        let cases = [
            ("Updated 14 June 2024", "2024-06-14"),
            ("Mon Jan 26, 2015 | 4:52pm GMT", "2015-01-26T16:52:00+00:00"),
            ("2024-12-31T10:00:00+03:00", "2024-12-31T10:00:00+03:00"),
            ("Tuesday, 21 November, 2017 - 07:30", "2017-11-21"),
        ];
        for (dateline, expected) in cases {
            assert_eq!(lastmod(parse(dateline).expect(dateline)), expected, "{dateline}");
        }
    }
}
