//! Repeated articles: the same story in two files, or twice in one file, is one article.
//!
//! 1. Each article carries a [`fingerprint`], made while it is parsed: its headline, photo
//!    captions and body text with runs of whitespace folded to one space, hashed, so copies
//!    that differ only in spacing or line ends match.
//! 2. Walk the files in corpus order and their articles in file order; the first article
//!    with a fingerprint is kept.
//! 3. Each later copy is left out, and every line it held goes to its file's removed lines
//!    as [`Reason::RepeatedArticle`], naming the kept copy's file and headline line: nothing
//!    is dropped silently.
//!
//! Two stories that share a headline but not a body (or not a photo) have different
//! fingerprints and are both kept (their slugs then differ by a content hash, see [`crate::slug`]).

use foldhash::{HashMap, HashMapExt};

use xxhash_rust::xxh3::Xxh3;

use super::FileReport;
use super::file::{FileRead, ReadArticle};
use super::parse::{Reason, Removed};

/// The fingerprint of an article from its parts, each already whitespace-folded
/// ([`super::lines::fold`]): headline, photo captions and body blocks, joined by NUL (an
/// empty part between captions and body), hashed with XXH3-128 (the 128-bit hash of the
/// xxHash family, <https://github.com/Cyan4973/xxHash>), as 16 little-endian bytes.
///
/// Fingerprints are never stored, only compared within one corpus while it is built; the
/// chance that two different stories share one is about 2^-128 a pair.
pub(crate) fn fingerprint<'a>(
    headline: &str,
    captions: impl Iterator<Item = &'a str>,
    body: impl Iterator<Item = &'a str>,
) -> [u8; 16] {
    let mut hasher = Xxh3::new();
    hasher.update(headline.as_bytes());
    for part in captions.chain(std::iter::once("")).chain(body) {
        hasher.update(b"\0");
        hasher.update(part.as_bytes());
    }
    hasher.digest128().to_le_bytes()
}

/// Removes every repeated article from `files` (in corpus order). Returns, per file, the
/// articles kept and the file's report: its article count, and its removed lines with the
/// lines of each left-out copy added as [`Reason::RepeatedArticle`], in line order. The
/// reads themselves are not changed, so a corpus can be rebuilt from them after any file
/// changes.
pub fn remove_repeats<'a>(files: impl IntoIterator<Item = &'a FileRead>) -> Vec<(Vec<&'a ReadArticle>, FileReport)> {
    let mut kept: HashMap<[u8; 16], (&'a str, usize)> = HashMap::new();
    let mut out = Vec::new();
    for read in files {
        let mut report = FileReport {
            file: read.file.clone(),
            articles: 0,
            removed: read.removed.clone(),
            warnings: read.warnings.clone(),
            skipped: read.skipped.clone(),
        };
        let mut articles = Vec::with_capacity(read.articles.len());
        let mut repeated = false;
        for article in &read.articles {
            match kept.get(&article.fingerprint) {
                Some(&(file, of)) => {
                    let reason = Reason::RepeatedArticle { file: file.to_owned(), of };
                    report.removed.extend(article.line_texts().map(|(line, text)| Removed {
                        line,
                        text,
                        reason: reason.clone(),
                    }));
                    repeated = true;
                }
                None => {
                    kept.insert(article.fingerprint, (&read.file, article.article.seed.line));
                    articles.push(article);
                }
            }
        }
        if repeated {
            report.removed.sort_by_key(|removed| removed.line);
        }
        report.articles = articles.len();
        out.push((articles, report));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::file::read_file;
    use crate::corpus::parse;

    const STORY: &str = "Headline\n\nCaption. (AFP)\nTT\n\nHeadline\n\nCaption. (AFP)\n\nBody one.\nBody two.";

    /// The reports of `inputs` (name, text) read as one corpus, each checked to account for
    /// every line of its text.
    fn run(inputs: &[(&str, &str)]) -> Vec<FileReport> {
        let reads: Vec<FileRead> =
            inputs.iter().map(|(file, text)| read_file((*file).to_owned(), Ok(text.as_bytes().to_vec()))).collect();
        let results = remove_repeats(&reads);
        for ((_, text), (articles, report)) in inputs.iter().zip(&results) {
            let kept = articles.iter().flat_map(|article| article.lines.iter().copied());
            if let Err(problem) =
                parse::check_lines(text, kept.chain(report.removed.iter().map(|removed| removed.line)))
            {
                panic!("{problem}");
            }
        }
        results.into_iter().map(|(_, report)| report).collect()
    }

    #[test]
    fn same_article_in_two_files_is_kept_once() {
        let crlf = STORY.replace('\n', "\r\n").replace("Body one.", "Body   one. ");
        let reports = run(&[("a.txt", STORY), ("b.txt", &crlf)]);
        assert_eq!(reports[0].articles, 1);
        assert_eq!(reports[1].articles, 0);
        let reasons: Vec<(usize, &Reason)> =
            reports[1].removed.iter().map(|removed| (removed.line, &removed.reason)).collect();
        let repeat = Reason::RepeatedArticle { file: "a.txt".to_owned(), of: 1 };
        assert_eq!(
            reasons.iter().filter(|(_, reason)| **reason == repeat).map(|(line, _)| *line).collect::<Vec<_>>(),
            [1, 3, 10, 11]
        );
        let texts: Vec<&str> = reports[1]
            .removed
            .iter()
            .filter(|removed| removed.reason == repeat)
            .map(|removed| &*removed.text)
            .collect();
        assert_eq!(texts, ["Headline", "Caption. (AFP)", "Body   one.", "Body two."]);
    }

    #[test]
    fn same_article_twice_in_one_file_is_kept_once() {
        let text = format!("{STORY}\n\n\n{STORY}");
        let reports = run(&[("a.txt", &text)]);
        assert_eq!(reports[0].articles, 1);
        let repeats =
            reports[0].removed.iter().filter(|removed| matches!(removed.reason, Reason::RepeatedArticle { .. }));
        assert_eq!(repeats.map(|removed| removed.line).collect::<Vec<_>>(), [14, 16, 23, 24]);
    }

    #[test]
    fn same_headline_and_body_with_another_photo_is_kept_twice() {
        let other = STORY.replace("Caption.", "Another caption.");
        let reports = run(&[("a.txt", STORY), ("b.txt", &other)]);
        assert_eq!(reports[1].articles, 1);
    }

    #[test]
    fn same_headline_different_story_is_kept_twice() {
        let other = STORY.replace("Body two.", "Another ending.");
        let reports = run(&[("a.txt", STORY), ("b.txt", &other)]);
        assert_eq!(reports[0].articles, 1);
        assert_eq!(reports[1].articles, 1);
    }
}
