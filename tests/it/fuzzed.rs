//! Inputs the fuzzer found (`tests/fixtures/fuzzed/`), each a file that once lost a line or
//! panicked: now every line is accounted for.

use newsreader::corpus::dedup::remove_repeats;
use newsreader::corpus::file::read_file;
use newsreader::corpus::parse::{self, Reason};
use newsreader::corpus::vocabulary::Furniture;

use crate::common::repo_path;
use crate::expect::{fixture, removed_as};

#[test]
fn a_credit_line_whose_caption_is_a_copy_is_reported_not_lost() {
    let parsed = fixture("fuzzed/credit_line_before_a_repeated_caption.txt");
    assert_eq!(removed_as(&parsed, &Reason::Furniture { furniture: Furniture::LoneCredit }), [9]);
}

#[test]
fn every_input_the_fuzzer_found_loses_no_line_read_alone_or_twice() {
    let folder = repo_path("tests/fixtures/fuzzed");
    for entry in std::fs::read_dir(&folder).unwrap() {
        let name = entry.unwrap().file_name().into_string().unwrap();
        fixture(&format!("fuzzed/{name}"));
        let bytes = std::fs::read(folder.join(&name)).unwrap();
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let reads = ["a.txt", "b.txt"].map(|file| read_file(file.to_owned(), Ok(bytes.clone())));
        for (articles, report) in remove_repeats(&reads) {
            let kept = articles.iter().flat_map(|article| article.lines.iter().copied());
            let lines = kept.chain(report.removed.iter().map(|removed| removed.line));
            assert_eq!(parse::check_lines(&text, lines), Ok(()), "{name}");
        }
    }
}
