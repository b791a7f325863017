//! Inputs the fuzzer found (`tests/fixtures/fuzzed/`), each a file that once lost a line or
//! panicked: now every line is accounted for.

use newsreader::corpus::lines::Furniture;
use newsreader::corpus::parse::Reason;

use crate::expect::fixture;

#[test]
fn a_credit_line_whose_caption_is_a_copy_is_reported_not_lost() {
    let parsed = fixture("fuzzed/credit_line_before_a_repeated_caption.txt");
    let lone: Vec<usize> = parsed
        .removed
        .iter()
        .filter(|removed| removed.reason == Reason::Furniture { furniture: Furniture::LoneCredit })
        .map(|removed| removed.line)
        .collect();
    assert_eq!(lone, [9]);
}
