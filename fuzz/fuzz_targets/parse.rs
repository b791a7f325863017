//! Fuzz target: any bytes, read as a seed file, never panic and never lose a line.
//!
//! Decodes the bytes as `Corpus::load` does, parses the text as scraped text and as a
//! Markdown article, and asserts that every non-blank line is in one article field or in
//! the removed-lines report exactly once, also after a second copy of the file has been
//! deduplicated against the first (the copy must keep no article). Then the whole corpus
//! path (`Corpus::from_sources`, slugs included) runs on both copies.
#![no_main]

use libfuzzer_sys::fuzz_target;
use newsreader::corpus::dedup::remove_repeats;
use newsreader::corpus::file::read_file;
use newsreader::corpus::{Corpus, decode, handwritten, parse};

fn accounted(text: &str, parsed: &parse::Parsed) {
    if let Err(problem) = parse::check_accounting(text, parsed) {
        panic!("{problem}");
    }
}

fuzz_target!(|bytes: &[u8]| {
    let Ok(decoded) = decode::decode(bytes) else { return };
    let text = decoded.text.as_str();
    accounted(text, &parse::parse(text));
    let reads = ["a.txt", "b.txt"].map(|name| read_file(name.to_owned(), Ok(bytes.to_vec())));
    let results = remove_repeats(&reads);
    for (articles, report) in &results {
        let kept = articles.iter().flat_map(|article| article.lines.iter().copied());
        if let Err(problem) = parse::check_lines(text, kept.chain(report.removed.iter().map(|removed| removed.line))) {
            panic!("{problem}");
        }
    }
    assert!(results[1].0.is_empty(), "a second copy kept an article");
    if let Ok(markdown) = handwritten::parse(text) {
        accounted(text, &markdown);
    }
    let sources = ["a.txt", "b.txt", "c.md"].map(|name| (name.to_owned(), Ok(bytes.to_vec())));
    let (corpus, _) = Corpus::from_sources(sources);
    for (position, article) in corpus.articles().iter().enumerate() {
        let found = corpus.find(&article.slug);
        assert_eq!(found, newsreader::slug::Found::One(position), "{}", article.slug);
    }
});
