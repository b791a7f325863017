//! Fuzz target: any bytes, read as a seed file, never panic and never lose a line.
//!
//! Decodes the bytes as `Corpus::load` does, parses the text as scraped text and as a
//! Markdown article, and asserts that every non-blank line is in one article field or in
//! the removed-lines report exactly once, also after a second copy of the file has been
//! deduplicated against the first (the copy must keep no article). Then the whole corpus
//! path (`Corpus::from_sources`, slugs included) runs on both copies.
#![no_main]

use libfuzzer_sys::fuzz_target;
use newsreader::corpus::dedup::{FileParse, remove_repeats};
use newsreader::corpus::{Corpus, decode, handwritten, parse};

fn accounted(text: &str, parsed: &parse::Parsed) {
    if let Err(problem) = parse::check_accounting(text, parsed) {
        panic!("{problem}");
    }
}

fuzz_target!(|bytes: &[u8]| {
    let Ok(decoded) = decode::decode(bytes) else { return };
    let text = decoded.text.as_str();
    let mut first = parse::parse(text);
    accounted(text, &first);
    let mut second = first.clone();
    remove_repeats(&mut [
        FileParse { file: "a.txt", text, parsed: &mut first },
        FileParse { file: "b.txt", text, parsed: &mut second },
    ]);
    accounted(text, &first);
    accounted(text, &second);
    assert!(second.articles.is_empty(), "a second copy kept an article");
    if let Ok(markdown) = handwritten::parse(text) {
        accounted(text, &markdown);
    }
    let sources = ["a.txt", "b.txt", "c.md"].map(|name| (name.to_owned(), Ok(bytes.to_vec())));
    let (corpus, _) = Corpus::from_sources(sources);
    for article in corpus.articles() {
        assert_eq!(corpus.position(&article.slug).map(|index| &corpus.articles()[index].slug), Some(&article.slug));
    }
});
