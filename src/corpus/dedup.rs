//! Repeated articles: the same story in two files, or twice in one file, is one article.
//!
//! 1. Each article carries a fingerprint (see `likeness`), made while it is parsed: its headline, photo
//!    captions and body text with runs of whitespace folded to one space, hashed, so copies
//!    that differ only in spacing or line ends match.
//! 2. Copies that differ more (the same story scraped from `?page=1` and `?page=3`, each cut
//!    off at another point; another quote style; one edited caption) are found by their
//!    content: articles whose bodies open with the same words (`anchor`) are compared by
//!    their word shingles, and one whose shingles lie mostly (80%) inside another's is a copy
//!    of it. The most complete copy is kept. The headline alone never makes two articles
//!    one: two stories with one headline stay two.
//! 3. Walk the files in corpus order and their articles in file order; the first article
//!    with a fingerprint is kept, unless it is a copy of a more complete one.
//! 4. Each copy left out has every line it held put in its file's removed lines as
//!    [`Reason::RepeatedArticle`], naming the kept copy's file and headline line: nothing
//!    is dropped silently.
//!
//! Two stories that share a headline but not a body (or not a photo) have different
//! fingerprints and are both kept (their slugs then differ by a content hash, see [`crate::slug`]).

use foldhash::{HashMap, HashMapExt, HashSet};

use super::FileReport;
use super::file::{FileRead, ReadArticle};
use super::likeness::shingles;
use super::parse::{Reason, Removed};

/// Share of a shorter copy's shingles, in tenths, that must lie in the longer copy.
const CONTAINED_TENTHS: usize = 8;

/// Whether most of `short` lies in `long` ([`CONTAINED_TENTHS`]).
fn contained(short: &HashSet<u64>, long: &HashSet<u64>) -> bool {
    let inside = short.iter().filter(|shingle| long.contains(*shingle)).count();
    !short.is_empty() && inside * 10 >= short.len() * CONTAINED_TENTHS
}

/// Which articles are copies of which, by content: (file, article) positions of each copy
/// and of the copy kept for it. Articles with one [`anchor`] are ranked most complete first
/// (most shingles; corpus order among equals), and each is a copy of the first kept one it
/// lies inside.
fn near_copies(files: &[&FileRead]) -> HashMap<(usize, usize), (usize, usize)> {
    // Every anchored article as (anchor, file, position), sorted: articles of one anchor are
    // one run, in corpus order, with no allocation an article.
    let mut anchored: Vec<(u64, usize, usize)> = files
        .iter()
        .enumerate()
        .flat_map(|(file, read)| {
            read.articles
                .iter()
                .enumerate()
                .filter_map(move |(position, article)| Some((article.anchor?, file, position)))
        })
        .collect();
    anchored.sort_unstable();
    let groups = anchored.chunk_by(|left, right| left.0 == right.0).filter(|run| run.len() > 1);
    let mut copies = HashMap::new();
    for members in groups.map(|run| run.iter().map(|&(_, file, position)| (file, position)).collect::<Vec<_>>()) {
        // Exact copies (one fingerprint) are the fingerprint's to find, and cheaper.
        let fingerprint = |&(file, position): &(usize, usize)| files[file].articles[position].fingerprint;
        if members.iter().all(|member| fingerprint(member) == fingerprint(&members[0])) {
            continue;
        }
        let mut ranked: Vec<((usize, usize), HashSet<u64>)> = members
            .into_iter()
            .map(|(file, position)| {
                ((file, position), shingles(&files[file].articles[position].article.content_or_empty().blocks))
            })
            .collect();
        ranked.sort_by_key(|(place, shingles)| (std::cmp::Reverse(shingles.len()), *place));
        let mut kept: Vec<usize> = Vec::new();
        for at in 0..ranked.len() {
            match kept.iter().find(|&&keeper| contained(&ranked[at].1, &ranked[keeper].1)) {
                Some(&keeper) => {
                    copies.insert(ranked[at].0, ranked[keeper].0);
                }
                None => kept.push(at),
            }
        }
    }
    copies
}

/// Removes every repeated article from `files` (in corpus order). Returns, per file, the
/// articles kept and the file's report: its article count, and its removed lines with the
/// lines of each left-out copy added as [`Reason::RepeatedArticle`], in line order. The
/// reads themselves are not changed, so a corpus can be rebuilt from them after any file
/// changes.
pub fn remove_repeats<'a>(files: impl IntoIterator<Item = &'a FileRead>) -> Vec<(Vec<&'a ReadArticle>, FileReport)> {
    let files: Vec<&'a FileRead> = files.into_iter().collect();
    let copies = near_copies(&files);
    let articles = files.iter().map(|read| read.articles.len()).sum();
    let mut kept: HashMap<[u8; 16], &'a ReadArticle> = HashMap::with_capacity(articles);
    let mut out = Vec::with_capacity(files.len());
    for (file, read) in files.iter().enumerate() {
        let mut report = FileReport {
            file: read.file.clone(),
            articles: 0,
            removed: read.removed.clone(),
            unlisted: read.unlisted,
            warnings: read.warnings.clone(),
            skipped: read.skipped.clone(),
        };
        let mut articles = Vec::with_capacity(read.articles.len());
        let mut repeated = false;
        for (position, article) in read.articles.iter().enumerate() {
            let copy_of = copies
                .get(&(file, position))
                .map(|&(kept_file, kept_position)| &files[kept_file].articles[kept_position]);
            match copy_of.or_else(|| kept.get(&article.fingerprint).copied()) {
                Some(keeper) => {
                    // Its content stays readable while the copy it repeats is what the index holds.
                    article.article.body.hold_unless_kept_as(&keeper.article.body);
                    let reason = Reason::RepeatedArticle {
                        file: keeper.article.seed.file.to_string(),
                        of: keeper.article.seed.line,
                    };
                    report.removed.extend(article.line_texts().into_iter().map(|(line, text)| Removed {
                        line,
                        text,
                        reason: reason.clone(),
                    }));
                    report.unlisted += article.unlisted;
                    repeated = true;
                }
                None => {
                    kept.insert(article.fingerprint, article);
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
    fn compacted_reads_count_the_lines_they_no_longer_list() {
        let crlf = STORY.replace('\n', "\r\n").replace("Body one.", "Body   one. ");
        let inputs = [("a.txt", STORY), ("b.txt", crlf.as_str())];
        let full = run(&inputs);
        let reads: Vec<FileRead> = inputs
            .iter()
            .map(|(file, text)| read_file((*file).to_owned(), Ok(text.as_bytes().to_vec())).compact(None))
            .collect();
        assert_eq!((reads[0].removed.len(), reads[0].unlisted), (0, full[0].removed.len()));
        assert!(reads[0].articles[0].lines.is_empty());
        assert_eq!(&*reads[0].articles[0].article.headline, "Headline");
        let compacted: Vec<FileReport> = remove_repeats(&reads).into_iter().map(|(_, report)| report).collect();
        for (compacted, full) in compacted.iter().zip(&full) {
            assert_eq!(
                (compacted.articles, compacted.removed_count()),
                (full.articles, full.removed.len()),
                "{}",
                full.file
            );
            assert!(compacted.removed.is_empty(), "{}", full.file);
        }
        assert_eq!(
            compacted[1].unlisted,
            4 + full[1]
                .removed
                .iter()
                .filter(|removed| !matches!(removed.reason, Reason::RepeatedArticle { .. }))
                .count()
        );
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
