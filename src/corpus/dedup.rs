//! Repeated articles: the same story in two files, or twice in one file, is one article.
//!
//! 1. Fingerprint each article: its headline, photo captions and body text with runs of
//!    whitespace folded to one space, so copies that differ only in spacing or line ends
//!    match.
//! 2. Walk the files in corpus order and their articles in file order; the first article
//!    with a fingerprint is kept.
//! 3. Each later copy leaves its file's article list, and every line it held goes to that
//!    file's removed lines as [`Reason::RepeatedArticle`], naming the kept copy's file and
//!    headline line: nothing is dropped silently.
//!
//! Two stories that share a headline but not a body (or not a photo) have different
//! fingerprints and are both kept (their slugs then differ by a content hash, see [`crate::slug`]).

use std::collections::HashMap;

use super::parse::{self, Parsed, ParsedArticle, Reason, Removed};

/// One seed file's text and what was parsed from it, as [`remove_repeats`] takes them.
#[derive(Debug)]
pub struct FileParse<'a> {
    /// File name within the seeds folder.
    pub file: &'a str,
    /// The decoded text the file was parsed from (for the removed lines' text).
    pub text: &'a str,
    /// The parse, changed in place.
    pub parsed: &'a mut Parsed,
}

/// Removes every repeated article from `files` (in corpus order), moving its lines to the
/// removed lines of its file with [`Reason::RepeatedArticle`]. After the call each file's
/// parse still passes [`parse::check_accounting`] against its text.
pub fn remove_repeats(files: &mut [FileParse<'_>]) {
    let mut kept: HashMap<String, (String, usize)> = HashMap::new();
    for entry in files.iter_mut() {
        let lines = parse::line_texts(entry.text);
        let articles = std::mem::take(&mut entry.parsed.articles);
        for article in articles {
            match kept.get(&fingerprint(&article)) {
                Some((file, of)) => {
                    let reason = Reason::RepeatedArticle { file: file.clone(), of: *of };
                    entry.parsed.removed.extend(article.lines.iter().map(|&line| Removed {
                        line,
                        text: lines.get(line - 1).map_or_else(String::new, |text| (*text).to_owned()),
                        reason: reason.clone(),
                    }));
                }
                None => {
                    kept.insert(fingerprint(&article), (entry.file.to_owned(), article.line));
                    entry.parsed.articles.push(article);
                }
            }
        }
        entry.parsed.removed.sort_by_key(|removed| removed.line);
    }
}

/// Headline, photo captions and body blocks, whitespace-folded, joined by NUL.
fn fingerprint(article: &ParsedArticle) -> String {
    let captions = article.photos.iter().map(|photo| photo.caption.as_str());
    let texts = std::iter::once(article.headline.as_str())
        .chain(captions)
        .chain(std::iter::once(""))
        .chain(article.blocks.iter().map(|block| block.text()));
    texts.map(|text| text.split_whitespace().collect::<Vec<_>>().join(" ")).collect::<Vec<_>>().join("\0")
}

#[cfg(test)]
mod tests {
    use super::*;

    const STORY: &str = "Headline\n\nCaption. (AFP)\nTT\n\nHeadline\n\nCaption. (AFP)\n\nBody one.\nBody two.";

    fn run(inputs: &[(&str, &str)]) -> Vec<Parsed> {
        let mut parses: Vec<Parsed> = inputs.iter().map(|(_, text)| parse::parse(text)).collect();
        let mut files: Vec<FileParse<'_>> = inputs
            .iter()
            .zip(parses.iter_mut())
            .map(|((file, text), parsed)| FileParse { file, text, parsed })
            .collect();
        remove_repeats(&mut files);
        for ((_, text), parsed) in inputs.iter().zip(&parses) {
            if let Err(problem) = parse::check_accounting(text, parsed) {
                panic!("{problem}");
            }
        }
        parses
    }

    #[test]
    fn same_article_in_two_files_is_kept_once() {
        let crlf = STORY.replace('\n', "\r\n").replace("Body one.", "Body   one. ");
        let parses = run(&[("a.txt", STORY), ("b.txt", &crlf)]);
        assert_eq!(parses[0].articles.len(), 1);
        assert_eq!(parses[1].articles.len(), 0);
        let reasons: Vec<(usize, &Reason)> =
            parses[1].removed.iter().map(|removed| (removed.line, &removed.reason)).collect();
        let repeat = Reason::RepeatedArticle { file: "a.txt".to_owned(), of: 1 };
        assert_eq!(
            reasons.iter().filter(|(_, reason)| **reason == repeat).map(|(line, _)| *line).collect::<Vec<_>>(),
            [1, 3, 10, 11]
        );
        assert_eq!(parses[1].removed[0].text, "Headline");
    }

    #[test]
    fn same_article_twice_in_one_file_is_kept_once() {
        let text = format!("{STORY}\n\n\n{STORY}");
        let parses = run(&[("a.txt", &text)]);
        assert_eq!(parses[0].articles.len(), 1);
        let repeats =
            parses[0].removed.iter().filter(|removed| matches!(removed.reason, Reason::RepeatedArticle { .. }));
        assert_eq!(repeats.map(|removed| removed.line).collect::<Vec<_>>(), [14, 16, 23, 24]);
    }

    #[test]
    fn same_headline_and_body_with_another_photo_is_kept_twice() {
        let other = STORY.replace("Caption.", "Another caption.");
        let parses = run(&[("a.txt", STORY), ("b.txt", &other)]);
        assert_eq!(parses[1].articles.len(), 1);
    }

    #[test]
    fn same_headline_different_story_is_kept_twice() {
        let other = STORY.replace("Body two.", "Another ending.");
        let parses = run(&[("a.txt", STORY), ("b.txt", &other)]);
        assert_eq!(parses[0].articles.len(), 1);
        assert_eq!(parses[1].articles.len(), 1);
    }
}
