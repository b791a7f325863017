//! Splitting the article list into numbered pages of [`PER_PAGE`] (`?page=N`).

use std::ops::Range;

use serde::Deserialize;

/// Articles per list page (HTML and JSON alike).
pub const PER_PAGE: usize = 30;

/// The `?page=N` query parameter, as text so a malformed number is a 404, not a 400.
#[derive(Debug, Default, Deserialize)]
pub struct PageParam {
    /// Page number from 1; absent means 1.
    pub page: Option<String>,
}

impl PageParam {
    /// The page number asked for: 1 when absent; `None` when not a number (0 is returned as
    /// 0, for [`Page::of`] to refuse).
    pub fn number(&self) -> Option<usize> {
        match &self.page {
            None => Some(1),
            Some(text) => text.trim().parse::<usize>().ok(),
        }
    }
}

/// One page of a list of `total` items.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page {
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
    /// Page `param` (1 when absent) of `total` items; `None` for a page that does not exist
    /// (0, past the end, or not a number).
    pub fn of(total: usize, param: &PageParam) -> Option<Page> {
        let number = param.number()?;
        let pages = Page::count(total);
        if number == 0 || number > pages {
            return None;
        }
        let start = (number - 1) * PER_PAGE;
        Some(Page { number, pages, total, range: start..total.min(start + PER_PAGE) })
    }

    /// How many pages `total` items fill: at least 1, so an empty list still has page 1.
    pub fn count(total: usize) -> usize {
        total.div_ceil(PER_PAGE).max(1)
    }

    /// The previous page's number, if any.
    pub fn previous(&self) -> Option<usize> {
        (self.number > 1).then(|| self.number - 1)
    }

    /// The next page's number, if any.
    pub fn next(&self) -> Option<usize> {
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
        for param in ["0", "4", "-1", "two", "", "99999999999999999999999"] {
            assert_eq!(page(61, Some(param)), None, "{param:?}");
        }
    }
}
