//! Seed text to articles: finds each article's header, reads its fields and body, and
//! reports every line it drops.
//!
//! 1. Split the text into lines (LF, CRLF or CR; a leading BOM dropped) and classify each
//!    from its text alone (`page`): furniture and labels from the
//!    [`vocabulary`](super::vocabulary), bullets, text.
//! 2. A page of teasers (a home page, a section front) is no article (`listing`): every
//!    line is reported as such.
//! 3. Choose the first article's headline by scoring the first lines ([`header`]); none
//!    scores high enough on a page that prints no headline (a live page).
//! 4. Read the header (`header::read_header`): copies of the headline, captions printed
//!    one to four times, furniture, dateline, byline, section, standfirst.
//! 5. Read the body (`body`) up to the next article, which starts where a headline is
//!    printed again across a caption block (the seed's layout).
//!
//! Every non-blank line ends up in exactly one field of one article or in the list of
//! removed lines with its reason; `tests` check that on every case.

mod body;
mod draft;
pub mod header;
mod listing;
mod page;

use foldhash::{HashMap, HashMapExt};

use serde::Serialize;

use super::likeness;
use super::vocabulary::Furniture;
use crate::article::{Block, Photo, SeedText};
use draft::Draft;
use page::Page;

/// The field a kept line went into.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    /// The headline.
    Headline,
    /// The standfirst.
    Standfirst,
    /// The dateline.
    Dateline,
    /// The byline.
    Byline,
    /// The section.
    Section,
    /// The source (a site line).
    Source,
    /// A photo caption.
    Caption,
    /// A photo credit printed on its own line.
    Credit,
    /// A body paragraph (or a line of a hard-wrapped one).
    Paragraph,
    /// A subheading or a live post's title.
    Subheading,
    /// A list item.
    Item,
}

impl Field {
    /// The field's name, for `check --explain`.
    pub fn name(self) -> &'static str {
        match self {
            Field::Headline => "headline",
            Field::Standfirst => "standfirst",
            Field::Dateline => "dateline",
            Field::Byline => "byline",
            Field::Section => "section",
            Field::Source => "source",
            Field::Caption => "caption",
            Field::Credit => "credit",
            Field::Paragraph => "paragraph",
            Field::Subheading => "subheading",
            Field::Item => "list item",
        }
    }
}

/// An article as read from one file, before slugs and cross-file merging. Its texts are
/// views into the file's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsedArticle {
    /// The headline as printed, whitespace folded; `None` for a page that prints none.
    pub headline: Option<SeedText>,
    /// 1-based line number of the headline, or of the article's first line without one.
    pub line: usize,
    /// The standfirst (see [`crate::article::Article::standfirst`]).
    pub standfirst: Option<SeedText>,
    /// The dateline, when the header had one.
    pub dateline: Option<SeedText>,
    /// The byline, without `By`.
    pub byline: Option<SeedText>,
    /// The section named in the header.
    pub section: Option<SeedText>,
    /// The publisher or agency (see [`crate::article::Article::source`]).
    pub source: Option<SeedText>,
    /// Photos, in header order.
    pub photos: Vec<Photo>,
    /// Body blocks, in order.
    pub blocks: Vec<Block>,
    /// 1-based numbers of every line that went into one of the fields above: the lines of
    /// `header_texts` first, in line order, then the lines of the body blocks in block order
    /// (a hard-wrapped paragraph spans several).
    pub lines: Vec<usize>,
    /// The trimmed text of each line of `lines` that is in no body block: the header's
    /// lines (headline, dateline, captions, byline...), or every line of a Markdown article.
    pub header_texts: Vec<SeedText>,
    /// The field each line of `lines` went into.
    pub fields: Vec<Field>,
    /// The article's `fingerprint`: copies of one story share
    /// it.
    pub fingerprint: [u8; 16],
}

impl ParsedArticle {
    /// An empty article whose headline (if any) is `headline` and whose first line is
    /// `line` (1-based).
    pub(crate) fn new(headline: Option<SeedText>, line: usize) -> ParsedArticle {
        ParsedArticle {
            headline,
            line,
            standfirst: None,
            dateline: None,
            byline: None,
            section: None,
            source: None,
            photos: Vec::new(),
            blocks: Vec::new(),
            lines: Vec::new(),
            header_texts: Vec::new(),
            fields: Vec::new(),
            fingerprint: [0; 16],
        }
    }
}

/// A line that is not shown, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Removed {
    /// 1-based line number in the file.
    pub line: usize,
    /// The line's text, trimmed: a view into the file's text, so reports built again from a
    /// kept parse (on every reload) do not copy it.
    pub text: SeedText,
    /// Why the line was removed.
    pub reason: Reason,
}

/// Why a line was removed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Reason {
    /// A repeated copy of the headline at line `of`.
    RepeatedHeadline {
        /// Line of the copy that is kept.
        of: usize,
    },
    /// A repeated copy of the caption at line `of`.
    RepeatedCaption {
        /// Line of the copy that is kept.
        of: usize,
    },
    /// One piece of a hard-wrapped copy of the caption at line `of`.
    WrappedCaption {
        /// Line of the one-line copy that is kept.
        of: usize,
    },
    /// Page furniture.
    Furniture {
        /// What kind.
        furniture: Furniture,
    },
    /// A line of a page that is no article: a listing of `teasers` teasers.
    NotAnArticle {
        /// How many teasers the page lists.
        teasers: usize,
    },
    /// A repeated copy of the article whose headline is at line `of` (of file `file`).
    RepeatedArticle {
        /// Seed file of the copy that is kept.
        file: String,
        /// Headline line of the copy that is kept.
        of: usize,
    },
}

impl std::fmt::Display for Reason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Reason::RepeatedHeadline { of } => write!(f, "duplicate of headline at line {of}"),
            Reason::RepeatedCaption { of } => write!(f, "duplicate of caption at line {of}"),
            Reason::WrappedCaption { of } => {
                write!(f, "hard-wrapped copy of caption at line {of}")
            }
            Reason::Furniture { furniture } => f.write_str(furniture.describe()),
            Reason::NotAnArticle { teasers } => write!(f, "not an article: a listing of {teasers} teasers"),
            Reason::RepeatedArticle { file, of } => {
                write!(f, "duplicate of the article at {}:{of}", super::report::quoted(file))
            }
        }
    }
}

/// What one file holds: its articles in order and the lines removed from it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Parsed {
    /// Articles in file order.
    pub articles: Vec<ParsedArticle>,
    /// Removed lines, in line order.
    pub removed: Vec<Removed>,
    /// The number of teasers, when the page is a listing and no article.
    pub listing: Option<usize>,
    /// Why the first article's headline was chosen, when one was.
    pub first_headline: Option<(usize, header::Verdict)>,
    /// Why lines were read as they were: 1-based line and reason (later headlines,
    /// captions), for `check --explain`.
    pub notes: Vec<(usize, &'static str)>,
}

/// Parses the text of one seed file. Never fails: text that fits no header becomes body.
/// The articles' texts are views into `text`.
pub fn parse(text: &SeedText) -> Parsed {
    let page = Page::new(text);
    let mut out = Parsed::default();
    let teasers = listing::teasers(&page);
    if teasers >= listing::LISTING_TEASERS {
        for index in (0..page.len()).filter(|&index| !page.blank(index)) {
            let reason = Reason::NotAnArticle { teasers };
            out.removed.push(Removed { line: index + 1, text: page.seed_text(index), reason });
        }
        out.listing = Some(teasers);
        return out;
    }
    let Some(start) = page.next_content(0) else { return out };
    let first = header::first_headline(&page);
    let headline = first.as_ref().map(|(index, _)| *index);
    out.first_headline = first;
    let mut draft = Draft::new(&page, headline, start);
    let body_start = match headline {
        Some(index) => {
            header::read_preamble(&page, &mut draft, start, index);
            header::read_header(&page, &mut draft, index + 1, headline)
        }
        None => header::read_header(&page, &mut draft, start, None),
    };
    let mut next = body::read_body(&page, &mut draft, body_start);
    push(&page, &mut out, draft);
    while next < page.len() {
        let mut draft = Draft::new(&page, Some(next), next);
        draft.notes.push((next + 1, "printed again across a caption block"));
        let body_start = header::read_header(&page, &mut draft, next + 1, Some(next));
        next = body::read_body(&page, &mut draft, body_start);
        push(&page, &mut out, draft);
    }
    out.removed.sort_by_key(|removed| removed.line);
    out
}

/// Fingerprints the drafted article from the folded keys of its headline, captions and
/// body lines, and adds it (when it kept any line) and its removed lines to `out`.
fn push(page: &Page<'_>, out: &mut Parsed, draft: Draft) {
    let (mut article, removed, notes) = draft.finish(page);
    out.removed.extend(removed);
    out.notes.extend(notes);
    if article.lines.is_empty() {
        return;
    }
    if article.source.is_none() {
        let first = article.blocks.iter().find_map(|block| match block {
            Block::Paragraph(text) => Some(text),
            _ => None,
        });
        article.source = first.and_then(|text| Some(text.slice_ref(super::lines::wire_agency(text)?)));
    }
    let body_lines = &article.lines[article.header_texts.len()..];
    let headline = article.headline.as_deref().unwrap_or_default();
    article.fingerprint = likeness::fingerprint(
        &super::lines::fold(headline),
        article.photos.iter().map(|photo| &*photo.caption),
        body_lines.iter().map(|line| page.key(line - 1)),
    );
    out.articles.push(article);
}

/// The lines of `text` as the parser numbers them (line `n` at index `n - 1`): a leading
/// BOM dropped, split on LF, CRLF or a lone CR, each trimmed.
pub fn line_texts(text: &str) -> Vec<&str> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    split_lines(text).map(str::trim).collect()
}

/// Splits on LF, CRLF or a lone CR, keeping no terminators (the line numbering every report
/// uses).
pub(crate) fn split_lines(text: &str) -> impl Iterator<Item = &str> {
    let bytes = text.as_bytes();
    let mut start = Some(0);
    std::iter::from_fn(move || {
        let from = start?;
        match memchr::memchr2(b'\n', b'\r', &bytes[from..]) {
            Some(offset) => {
                let end = from + offset;
                let crlf = bytes[end] == b'\r' && bytes.get(end + 1) == Some(&b'\n');
                start = Some(end + if crlf { 2 } else { 1 });
                // Both terminators are ASCII: `end` is a character boundary.
                Some(&text[from..end])
            }
            None => {
                start = None;
                Some(&text[from..])
            }
        }
    })
}

/// Checks that every non-blank line of `text` is accounted for exactly once in `parsed`:
/// in one field of one article, or among the removed lines.
///
/// # Errors
/// A message naming the first line that is missing or counted twice.
pub fn check_accounting(text: &str, parsed: &Parsed) -> Result<(), String> {
    let kept = parsed.articles.iter().flat_map(|article| article.lines.iter().copied());
    check_lines(text, kept.chain(parsed.removed.iter().map(|removed| removed.line)))
}

/// Checks that `lines` (1-based line numbers, in any order) name every non-blank line of
/// `text` exactly once and no other line: the check behind [`check_accounting`], for
/// callers holding the lines in another shape.
///
/// # Errors
/// A message naming the first line that is missing or counted twice.
pub fn check_lines(text: &str, lines: impl IntoIterator<Item = usize>) -> Result<(), String> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut seen: HashMap<usize, usize> = HashMap::new();
    for line in lines {
        *seen.entry(line).or_default() += 1;
    }
    for (index, line) in split_lines(text).enumerate() {
        let count = seen.remove(&(index + 1)).unwrap_or(0);
        match (line.trim().is_empty(), count) {
            (true, 0) | (false, 1) => {}
            (_, count) => return Err(format!("line {}: {line:?} counted {count} times", index + 1)),
        }
    }
    match seen.keys().min() {
        Some(line) => Err(format!("line {line} does not exist")),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests;
