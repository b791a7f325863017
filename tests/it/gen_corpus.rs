//! The benchmark corpus generator (`examples/gen_corpus`): the uniform corpus unchanged, the
//! realistic corpus deterministic, parsed as written, and its vocabulary and queries.

use std::collections::{BTreeSet, HashSet};
use std::path::Path;

use newsreader::corpus::Corpus;
use newsreader::corpus::parse::Reason;
use sha2::{Digest, Sha256};

use crate::common::*;

#[path = "../../examples/gen_corpus/generate.rs"]
mod generate;
#[path = "../../examples/gen_corpus/realistic.rs"]
mod realistic;
#[path = "../../examples/gen_corpus/vocabulary.rs"]
mod vocabulary;

use vocabulary::Vocabulary;

fn vocabulary() -> Vocabulary {
    Vocabulary::load(&repo_path("")).unwrap()
}

fn options(articles: usize, seed: u64) -> generate::Options {
    generate::Options { articles, per_file: 50, seed }
}

/// Writes `files` into a fresh folder and returns it.
fn write(files: &[(String, String)]) -> std::path::PathBuf {
    let dir = tempdir();
    for (name, contents) in files {
        std::fs::write(dir.join(name), contents).unwrap();
    }
    dir
}

/// Every file of `dir` as (name, bytes), by name.
fn read(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| {
            let path = entry.unwrap().path();
            (path.file_name().unwrap().to_string_lossy().into_owned(), std::fs::read(&path).unwrap())
        })
        .collect();
    files.sort();
    files
}

#[test]
fn uniform_corpus_keeps_the_bytes_the_parser_benchmarks_measured() {
    // SHA-256 of the first file, the first CRLF file and the query file of 200 queries, for
    // seed 1, as `gen_corpus --articles 1000 --queries 200` wrote them before the realistic
    // mode existed.
    let sha256 = |bytes: &[u8]| format!("{:x}", Sha256::digest(bytes));
    let files = generate::corpus(generate::Options { articles: 1000, per_file: 100, seed: 1 });
    assert_eq!(files.len(), 10);
    assert_eq!((files[0].0.as_str(), files[3].0.as_str()), ("000000.txt", "000003.txt"));
    assert_eq!(sha256(files[0].1.as_bytes()), "630ce12a978166d6f6de4e68585da87afcda04025fd8802cfdd9e2b60f84788c");
    assert_eq!(sha256(files[3].1.as_bytes()), "b8e7063298d4cd0fa83358b010880639fd0882fbeb971830341740148baf3a7b");
    let queries = generate::queries(1, 200).join("\n") + "\n";
    assert_eq!(sha256(queries.as_bytes()), "b8f5a16c73a87e586c4e0d829141c6c307a3662f110f3f9126ea3cd1eaeb1eef");
}

#[test]
fn realistic_corpus_is_the_same_bytes_for_the_same_seed() {
    let vocabulary = vocabulary();
    let first = write(&realistic::corpus(&vocabulary, options(200, 7)));
    let second = write(&realistic::corpus(&vocabulary, options(200, 7)));
    let (first, second) = (read(&first), read(&second));
    let names: Vec<&str> = first.iter().map(|(name, _)| name.as_str()).collect();
    assert_eq!(names, ["000000.txt", "000001.txt", "000002.txt", "000003.txt"]);
    assert!(first == second, "two runs with seed 7 wrote different bytes");
    let other = realistic::corpus(&vocabulary, options(200, 8));
    assert_ne!(first[0].1, other[0].1.as_bytes(), "seeds 7 and 8 wrote the same first file");
    assert_eq!(realistic::queries(&vocabulary, 7, 100), realistic::queries(&vocabulary, 7, 100));
}

#[test]
fn realistic_corpus_parses_into_every_article_with_date_byline_section_and_source() {
    let vocabulary = vocabulary();
    let dir = write(&realistic::corpus(&vocabulary, options(200, 1)));
    let (corpus, reports) = Corpus::load(&dir).unwrap();
    let articles = corpus.articles();
    assert_eq!(articles.len(), 200);
    for article in articles {
        let headline = &*article.headline;
        let date = article.date.unwrap_or_else(|| panic!("no date: {headline}"));
        assert!((2016..=2025).contains(&chrono::Datelike::year(&date.day)), "{headline}: {date}");
        assert!(article.byline.is_some(), "no byline: {headline}");
        assert!(article.section.is_some(), "no section: {headline}");
        assert!(article.source.is_some(), "no source: {headline}");
        assert!(article.content().unwrap().paragraphs().count() >= 2, "{headline}");
    }
    let distinct = |field: fn(&newsreader::article::Article) -> String| -> usize {
        articles.iter().map(|article| field(article)).collect::<HashSet<_>>().len()
    };
    assert!(distinct(|article| article.source.as_deref().unwrap_or_default().to_owned()) >= 6);
    assert!(distinct(|article| article.section.as_deref().unwrap_or_default().to_owned()) >= 6);
    assert!(distinct(|article| article.byline.as_deref().unwrap_or_default().to_owned()) >= 50);
    assert!(distinct(|article| chrono::Datelike::year(&article.date.unwrap().day).to_string()) >= 9);
    let lengths: BTreeSet<usize> =
        articles.iter().map(|article| article.content().unwrap().paragraphs().count()).collect();
    assert!(lengths.len() >= 10, "paragraph counts {lengths:?}");
    // Only what the seed layout prints twice, and its marker, is removed.
    for report in &reports {
        assert!(report.warnings.is_empty(), "{}: {:?}", report.file, report.warnings);
        for removed in &report.removed {
            assert!(
                matches!(
                    removed.reason,
                    Reason::RepeatedHeadline { .. }
                        | Reason::RepeatedCaption { .. }
                        | Reason::Furniture { furniture: newsreader::corpus::vocabulary::Furniture::Marker }
                ),
                "{} line {}: {:?}",
                report.file,
                removed.line,
                removed.reason
            );
        }
    }
}

#[test]
fn vocabulary_has_fifty_thousand_distinct_lower_case_words_the_fixtures_first() {
    let vocabulary = vocabulary();
    let distinct: HashSet<&str> = vocabulary.words.iter().map(String::as_str).collect();
    assert!(distinct.len() >= 50_000, "{} distinct words", distinct.len());
    assert_eq!(distinct.len(), vocabulary.words.len());
    assert!(vocabulary.words.iter().all(|word| !word.is_empty() && word.bytes().all(|b| b.is_ascii_lowercase())));
    assert!(vocabulary.real > 3_000, "{} words from the fixtures", vocabulary.real);
    assert_eq!(&vocabulary.words[..3], ["the", "in", "of"]);
}

#[test]
fn realistic_queries_hold_one_to_three_vocabulary_words_phrases_and_names() {
    let vocabulary = vocabulary();
    let queries = realistic::queries(&vocabulary, 1, 1000);
    let words: HashSet<&str> = vocabulary.words.iter().map(String::as_str).collect();
    let names: HashSet<String> = vocabulary
        .people
        .iter()
        .flat_map(|person| person.split(' '))
        .chain(vocabulary::PLACES.iter().flat_map(|(city, _)| city.split(' ')))
        .map(str::to_lowercase)
        .collect();
    for query in &queries {
        let terms: Vec<String> = query
            .split([' ', '"', '-'])
            .filter(|term| !term.is_empty() && *term != "OR")
            .map(str::to_lowercase)
            .collect();
        assert!((1..=3).contains(&terms.len()), "{query:?}");
        for term in &terms {
            assert!(words.contains(term.as_str()) || names.contains(term), "{query:?}: {term}");
        }
    }
    let quoted = queries.iter().filter(|query| query.starts_with('"')).count();
    let capitalised = queries.iter().filter(|query| query.chars().any(char::is_uppercase)).count();
    assert!((100..=300).contains(&quoted), "{quoted} quoted");
    assert!(capitalised >= 50, "{capitalised} with a name as printed");
    let function_words: HashSet<&str> =
        vocabulary.words[..vocabulary::FUNCTION_WORDS].iter().map(String::as_str).collect();
    let plain = queries.iter().filter(|query| !query.contains(['"', '-']) && !query.contains(" OR "));
    // Places and names as printed aside, no plain query holds a function word (`the`, `of`).
    let mut terms = plain.flat_map(|query| query.split(' '));
    assert!(terms.all(|term| !function_words.contains(term) || names.contains(term)));
}
