//! Fuzz target `corpus`: a few files through `Corpus::from_sources`: no panic, no line lost, same twice.
//!
//! The input is split at NUL bytes into up to four files, read in turn as `0.txt`, `1.md`,
//! `2.txt` and `3.md` (the last one keeps any further NULs: a binary file); then the first
//! file again as `copy.txt`, which must keep no article. Each file is the longest valid
//! UTF-8 prefix of its piece: other bytes are the `decode` target's work, and left in they
//! would spend most of this target's time in the encoding detector.
//!
//! For each file not skipped as broken (binary, or Markdown without a headline), the lines
//! of its kept articles and of its report's removed lines (repeated articles included) name
//! every non-blank line of its text exactly once, so a file skipped as holding no article
//! must hold none. The corpus built from the same files has the same reports and articles,
//! and finds each article by its canonical slug and by its permanent slug.
#![no_main]

use libfuzzer_sys::fuzz_target;
use newsreader::article::Article;
use newsreader::corpus::decode::decode;
use newsreader::corpus::dedup::remove_repeats;
use newsreader::corpus::file::read_file;
use newsreader::corpus::parse::check_lines;
use newsreader::corpus::{Corpus, FileReport, Skip};
use newsreader::slug::Found;

const FILES: usize = 4;

/// The longest prefix of `bytes` that is valid UTF-8.
fn utf8_prefix(bytes: &[u8]) -> &[u8] {
    match std::str::from_utf8(bytes) {
        Ok(_) => bytes,
        Err(error) => &bytes[..error.valid_up_to()],
    }
}

fuzz_target!(|bytes: &[u8]| {
    let mut files: Vec<(String, Vec<u8>)> = bytes
        .splitn(FILES, |&byte| byte == 0)
        .enumerate()
        .map(|(at, bytes)| (format!("{at}.{}", if at % 2 == 0 { "txt" } else { "md" }), utf8_prefix(bytes).to_vec()))
        .collect();
    files.push(("copy.txt".to_owned(), files[0].1.clone()));

    let reads: Vec<_> = files.iter().map(|(name, bytes)| read_file(name.clone(), Ok(bytes.clone()))).collect();
    let results = remove_repeats(&reads);
    assert_eq!(results.len(), files.len());
    for ((name, bytes), (kept, report)) in files.iter().zip(&results) {
        assert_eq!(&report.file, name);
        assert_eq!(report.articles, kept.len(), "{name}: article count");
        let Ok(decoded) = decode(bytes.as_slice()) else {
            assert!(matches!(report.skipped, Some(Skip::Binary(_))), "{name}: binary, yet {:?}", report.skipped);
            assert!(kept.is_empty(), "{name}: binary, yet kept an article");
            continue;
        };
        // A file skipped as broken is reported whole; one that holds no article must be blank
        // (or all removed lines), so it is checked as any other.
        if report.skipped.as_ref().is_some_and(Skip::is_error) {
            assert!(kept.is_empty(), "{name}: skipped ({:?}), yet kept an article", report.skipped);
            continue;
        }
        let lines = kept.iter().flat_map(|article| article.lines.iter().copied());
        if let Err(problem) = check_lines(&decoded.text, lines.chain(report.removed.iter().map(|removed| removed.line)))
        {
            panic!("{name}: {problem}");
        }
    }
    let (copied, _) = results.last().expect("the copy");
    assert!(copied.is_empty(), "copy.txt, a copy of 0.txt, kept {} article(s)", copied.len());

    let files_again: Vec<_> = files.iter().map(|(name, bytes)| (name.clone(), Ok(bytes.clone()))).collect();
    let (corpus, reports) = Corpus::from_sources(files.into_iter().map(|(name, bytes)| (name, Ok(bytes))));
    // The corpus adds each kept article's own warnings (a headline's open bidi controls) to
    // its file's; the rest of each report is the same.
    let without_warnings =
        |report: &FileReport| (report.file.clone(), report.articles, report.removed.clone(), report.skipped.clone());
    let first: Vec<_> = results.iter().map(|(_, report)| without_warnings(report)).collect();
    let again: Vec<_> = reports.iter().map(without_warnings).collect();
    assert_eq!(again, first, "the same files read again gave other reports");
    let (_, twice) = Corpus::from_sources(files_again);
    assert_eq!(twice, reports, "the same corpus read twice gave other reports");
    let kept: Vec<_> = results.iter().flat_map(|(kept, _)| kept.iter().map(|read| &read.article)).collect();
    assert_eq!(corpus.articles().len(), kept.len(), "articles in the corpus");
    for (position, (article, read)) in corpus.articles().iter().zip(kept).enumerate() {
        // The read carries the bare headline slug; the corpus's may differ (see `slug`).
        assert_eq!(Article { slug: read.slug.clone(), ..(**article).clone() }, **read, "article {position}");
        assert_eq!(corpus.find(&article.slug), Found::One(position), "canonical slug {}", article.slug);
        let permanent = corpus.permanent_slug(position).expect("a permanent slug");
        assert_eq!(corpus.find(permanent), Found::One(position), "permanent slug {permanent}");
    }
});
