//! Pages that are no article: a home page, a section front or a listing of teasers, told by
//! their teasers (a summary cut with `…` over an author line, a `by NAME | DATE | SECTION`
//! line, or a title and summary over the teaser's age, `2 hours ago`).

use super::page::{Kind, Page};
use crate::corpus::lines;
use crate::corpus::vocabulary::Furniture;

/// Fewest teasers that make a page a listing.
pub(crate) const LISTING_TEASERS: usize = 3;

/// Fewest words in a teaser's summary.
const SUMMARY_WORDS: usize = 8;

/// The number of teasers on the page: summaries cut with `…` or `...` whose next line is an
/// author's name, `by NAME | DATE | SECTION` lines, and ages under a title and summary.
pub(crate) fn teasers(page: &Page<'_>) -> usize {
    (0..page.len())
        .filter(|&index| {
            let key = page.key(index);
            if lines::byline_bar(key).is_some() {
                return true;
            }
            // A teaser's age (`2 hours ago`) under its summary sentence under its title.
            if page.kinds[index] == Kind::Furniture(Furniture::DateStamp) {
                let summary = page.previous_content(index);
                let title = summary.and_then(|summary| page.previous_content(summary));
                let dated = summary.zip(title).is_some_and(|(summary, title)| {
                    page.key(summary).ends_with('.') && super::header::shape(page.key(title)) >= 1.5
                });
                if dated {
                    return true;
                }
            }
            let cut = key.ends_with('…') || key.ends_with("...");
            cut && key.split(' ').count() >= SUMMARY_WORDS
                && page.next_content(index + 1).is_some_and(|next| lines::name_line(page.key(next)).is_some())
        })
        .count()
}
