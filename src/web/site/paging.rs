//! Splitting the article list into numbered pages of [`PER_PAGE`] (`?page=N`).

use std::ops::Range;

use serde::Deserialize;

/// Articles per list page (HTML and JSON alike).
pub(crate) const PER_PAGE: usize = 30;

/// The `?page=N` query parameter, as text so a malformed number gets its own message (see
/// [`Error::NotANumber`]).
#[derive(Debug, Default, Deserialize)]
pub(crate) struct PageParam {
    /// Page number from 1; absent means 1.
    pub page: Option<String>,
}

/// Why `?page=` names no page.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub(crate) enum Error {
    /// Not a whole number from 1, as given (a 400: no list has such a page).
    #[error("the page number must be a whole number from 1, not {0:?}")]
    NotANumber(String),
    /// After the last page, of `pages` (a 404: a longer list may have it).
    #[error("there is no such page: the list has {pages}")]
    PastTheEnd {
        /// How many pages there are.
        pages: usize,
    },
}

impl PageParam {
    /// The page number asked for: 1 when absent.
    ///
    /// # Errors
    /// [`Error::NotANumber`] for text that is not a whole number from 1 (`x`, `0`, `-1`,
    /// empty). A number too large to count is `usize::MAX`, past the end of any list.
    pub(crate) fn number(&self) -> Result<usize, Error> {
        let Some(text) = &self.page else { return Ok(1) };
        let digits = text.trim();
        if digits.is_empty() || !digits.bytes().all(|byte| byte.is_ascii_digit()) || digits.parse() == Ok(0) {
            return Err(Error::NotANumber(text.clone()));
        }
        Ok(digits.parse::<usize>().unwrap_or(usize::MAX))
    }
}

/// One page of a list of `total` items.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Page {
    /// This page's number, from 1.
    pub number: usize,
    /// How many pages there are (at least 1, so an empty list still has page 1).
    pub pages: usize,
    /// How many items there are in all.
    pub total: usize,
    /// The items on this page, as positions in the list.
    pub range: Range<usize>,
}

impl Page {
    /// Page `param` (1 when absent) of `total` items; `None` when there is none (see
    /// [`Page::find`]).
    pub(crate) fn of(total: usize, param: &PageParam) -> Option<Page> {
        Page::find(total, param).ok()
    }

    /// Page `param` (1 when absent) of `total` items.
    ///
    /// # Errors
    /// [`Error::NotANumber`] for a parameter that is not a whole number from 1 (`x`, `0`, `-1`,
    /// empty); [`Error::PastTheEnd`] for a page after the last (or too large to count).
    pub(crate) fn find(total: usize, param: &PageParam) -> Result<Page, Error> {
        let pages = Page::count(total);
        let number = param.number()?;
        if number > pages {
            return Err(Error::PastTheEnd { pages });
        }
        let start = (number - 1) * PER_PAGE;
        Ok(Page { number, pages, total, range: start..total.min(start + PER_PAGE) })
    }

    /// How many pages `total` items fill: at least 1, so an empty list still has page 1.
    pub(crate) fn count(total: usize) -> usize {
        total.div_ceil(PER_PAGE).max(1)
    }

    /// The previous page's number, if any.
    pub(crate) fn previous(&self) -> Option<usize> {
        (self.number > 1).then(|| self.number - 1)
    }

    /// The next page's number, if any.
    pub(crate) fn next(&self) -> Option<usize> {
        (self.number < self.pages).then(|| self.number + 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(total: usize, param: Option<&str>) -> Option<Page> {
        Page::of(total, &PageParam { page: param.map(str::to_owned) })
    }

    #[test]
    fn pages_hold_thirty_and_stop_at_the_end() {
        assert_eq!(page(2, None), Some(Page { number: 1, pages: 1, total: 2, range: 0..2 }));
        assert_eq!(page(0, None), Some(Page { number: 1, pages: 1, total: 0, range: 0..0 }));
        assert_eq!(page(61, Some("3")), Some(Page { number: 3, pages: 3, total: 61, range: 60..61 }));
        assert_eq!(page(60, Some("2")).map(|page| (page.previous(), page.next())), Some((Some(1), None)));
        for param in ["0", "00", "-1", "two", "", "1.5", "+1"] {
            let error = Page::find(61, &PageParam { page: Some(param.to_owned()) });
            assert_eq!(error, Err(Error::NotANumber(param.to_owned())), "{param:?}");
        }
        for param in ["4", "99999999999999999999999"] {
            let error = Page::find(61, &PageParam { page: Some(param.to_owned()) });
            assert_eq!(error, Err(Error::PastTheEnd { pages: 3 }), "{param:?}");
        }
        assert_eq!(page(61, Some(" 2 ")).map(|page| page.number), Some(2));
    }
}
