//! Pages that are no article: a home page, a section front or a listing of teasers, told by
//! their teasers (a summary cut with `…` over an author line, or a `by NAME | DATE | SECTION`
//! line).

use super::page::Page;
use crate::corpus::lines;

/// Fewest teasers that make a page a listing.
pub(crate) const LISTING_TEASERS: usize = 3;

/// Fewest words in a teaser's summary.
const SUMMARY_WORDS: usize = 8;

/// The number of teasers on the page: summaries cut with `…` or `...` whose next line is an
/// author's name, and `by NAME | DATE | SECTION` lines.
pub(crate) fn teasers(page: &Page<'_>) -> usize {
    (0..page.len())
        .filter(|&index| {
            let key = page.key(index);
            if lines::byline_bar(key).is_some() {
                return true;
            }
            let cut = key.ends_with('…') || key.ends_with("...");
            cut && key.split(' ').count() >= SUMMARY_WORDS
                && page.next_content(index + 1).is_some_and(|next| lines::name_line(page.key(next)).is_some())
        })
        .count()
}
