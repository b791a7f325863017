//! Seed text to articles: finds each article's header (the headline and photo captions that
//! scraped pages print twice), takes the body that follows, and reports every line it drops.
//!
//! 1. Split the text into lines (LF, CRLF or CR; a leading BOM dropped), trimmed.
//! 2. Group lines into blocks: runs of non-blank lines.
//! 3. Find headers: a one-line block `H`, an optional caption block (captions, `TT` and other
//!    furniture), a second one-line block `H`, then the caption block again.
//! 4. Everything between one header and the next is body: one paragraph per line, capital
//!    lines as subheadings. Text before the first header, or a file with no header at all,
//!    is read in the simple layout: headline on the first line, paragraphs after it.
//!
//! Every non-blank line ends up in exactly one field of one article or in the list of
//! removed lines with its reason; `tests` check that on every case.

use foldhash::{HashMap, HashMapExt};
use std::borrow::Cow;

use serde::Serialize;

use super::dedup;
use super::lines::{self, Furniture};
use crate::article::{Block, Photo, SeedText};

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
    /// 1-based numbers of every line that went into one of the fields above, in order: the
    /// lines of `header_texts` first, then one line per paragraph or subheading block.
    pub lines: Vec<usize>,
    /// The trimmed text of each line of `lines` that is not a paragraph or subheading: the
    /// header's lines (headline, dateline, captions), or every line of a Markdown article.
    pub header_texts: Vec<SeedText>,
    /// The article's [`fingerprint`](super::dedup::fingerprint): copies of one story share
    /// it.
    pub fingerprint: [u8; 16],
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
            Reason::RepeatedArticle { file, of } => {
                write!(f, "duplicate of the article at {file}:{of}")
            }
        }
    }
}

/// What one file holds: its articles in order and the lines removed from it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Parsed {
    /// Articles in file order.
    pub articles: Vec<ParsedArticle>,
    /// Removed lines, in the order they were found.
    pub removed: Vec<Removed>,
}

/// Parses the text of one seed file. Never fails: text that fits no header becomes body.
/// The articles' texts are views into `text`.
pub fn parse(text: &SeedText) -> Parsed {
    Parser::new(text, &line_texts(text)).run()
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

/// A header found at a block: what it holds and where the body starts.
struct Header {
    /// Index of the first headline line.
    start: usize,
    article: ParsedArticle,
    removed: Vec<Removed>,
    /// Index of the first body line.
    body_start: usize,
}

struct Parser<'a> {
    /// The file's text, which `lines` are slices of.
    text: &'a SeedText,
    lines: &'a [&'a str],
    /// Each line whitespace-folded ([`lines::fold`]), the form copies are compared in.
    keys: Vec<Cow<'a, str>>,
    /// Blocks as `start..end` line indices.
    blocks: Vec<std::ops::Range<usize>>,
    out: Parsed,
}

impl<'a> Parser<'a> {
    fn new(text: &'a SeedText, lines: &'a [&'a str]) -> Self {
        let mut blocks = Vec::new();
        let mut start = None;
        for (index, line) in lines.iter().enumerate() {
            match (line.is_empty(), start) {
                (false, None) => start = Some(index),
                (true, Some(begin)) => {
                    blocks.push(begin..index);
                    start = None;
                }
                _ => {}
            }
        }
        if let Some(begin) = start {
            blocks.push(begin..lines.len());
        }
        let keys = lines.iter().map(|line| lines::fold(line)).collect();
        Parser { text, lines, keys, blocks, out: Parsed::default() }
    }

    fn run(mut self) -> Parsed {
        let mut found = self.next_header(0);
        let preamble_end = found.as_ref().map_or(self.lines.len(), |(header, _)| header.start);
        self.simple_layout(0..preamble_end, found.is_some());
        while let Some((header, after)) = found {
            let next = self.next_header(after);
            let body_end = next.as_ref().map_or(self.lines.len(), |(header, _)| header.start);
            self.out.removed.extend(header.removed);
            let mut article = header.article;
            for index in header.body_start..body_end {
                if !self.lines[index].is_empty() {
                    self.push_block(&mut article, index);
                }
            }
            self.push_article(article);
            found = next;
        }
        self.out.removed.sort_by_key(|removed| removed.line);
        self.out
    }

    /// The first header at or after block `from`, with the index of the block where its
    /// body may start.
    fn next_header(&self, from: usize) -> Option<(Header, usize)> {
        (from..self.blocks.len()).find_map(|block| self.header_at(block))
    }

    fn block_containing_or_after(&self, line: usize) -> usize {
        self.blocks.partition_point(|block| block.end <= line)
    }

    /// Text before the first header (or a whole file without one): a site line is
    /// furniture; the rest is one article, headline first.
    fn simple_layout(&mut self, range: std::ops::Range<usize>, before_header: bool) {
        let mut content = range.filter(|&index| !self.lines[index].is_empty()).peekable();
        if before_header {
            while let Some(&index) = content.peek() {
                if !lines::is_site_line(self.lines[index]) {
                    break;
                }
                self.remove(index, Reason::Furniture { furniture: Furniture::SiteLine });
                content.next();
            }
        }
        let Some(first) = content.next() else { return };
        let headline = self.text.slice_ref(self.lines[first]);
        let mut article = ParsedArticle {
            headline: Some(headline.clone()),
            line: first + 1,
            standfirst: None,
            dateline: None,
            byline: None,
            section: None,
            source: None,
            photos: Vec::new(),
            blocks: Vec::new(),
            lines: vec![first + 1],
            header_texts: vec![headline],
            fingerprint: [0; 16],
        };
        for index in content {
            self.push_block(&mut article, index);
        }
        self.push_article(article);
    }

    /// Fingerprints `article` from the folded keys of its headline and body lines, and adds
    /// it to the output.
    fn push_article(&mut self, mut article: ParsedArticle) {
        let body_lines = &article.lines[article.header_texts.len()..];
        article.fingerprint = dedup::fingerprint(
            &self.keys[article.line - 1],
            article.photos.iter().map(|photo| &*photo.caption),
            body_lines.iter().map(|line| &*self.keys[line - 1]),
        );
        self.out.articles.push(article);
    }

    fn remove(&mut self, index: usize, reason: Reason) {
        self.out.removed.push(Removed { line: index + 1, text: self.text.slice_ref(self.lines[index]), reason });
    }

    /// Adds the body line at `index` to `article`: a subheading or a paragraph.
    fn push_block(&self, article: &mut ParsedArticle, index: usize) {
        let line = self.lines[index];
        let text = self.text.slice_ref(line);
        article.blocks.push(if lines::is_subheading(line) { Block::Subheading(text) } else { Block::Paragraph(text) });
        article.lines.push(index + 1);
    }

    /// The folded text of `block` when it is a single line.
    fn single_line(&self, block: usize) -> Option<&str> {
        self.blocks.get(block).filter(|range| range.len() == 1).map(|range| &*self.keys[range.start])
    }

    /// Whether `block` holds a furniture marker (`TT`) and at least one other line: the
    /// caption block of a header.
    fn has_marker(&self, block: usize) -> bool {
        self.blocks.get(block).is_some_and(|range| {
            range.len() > 1
                && range.clone().any(|index| lines::header_furniture(&self.keys[index]) == Some(Furniture::Marker))
        })
    }

    /// The header that starts at `block`, with the index of the block after its caption
    /// copy, if the blocks there have a header's shape.
    fn header_at(&self, block: usize) -> Option<(Header, usize)> {
        let first = self.blocks.get(block)?;
        if first.len() != 1 {
            return None;
        }
        let headline_index = first.start;
        let headline = &*self.keys[headline_index];
        if lines::header_furniture(headline).is_some() {
            return None;
        }
        // The second copy of the headline: exact after a caption-less first copy; after a
        // caption block, also a copy in other letter case or with closing punctuation, or
        // missing, as long as the caption block proves the header (see `HeaderBuilder::build`).
        let (captions, second, shape) = if self.single_line(block + 1) == Some(headline) {
            (None, Some(block + 1), Shape::Exact)
        } else if self.single_line(block + 2) == Some(headline) {
            (Some(self.blocks[block + 1].clone()), Some(block + 2), Shape::Exact)
        } else if self.single_line(block + 2).is_some_and(|copy| is_loose_copy(copy, headline)) {
            (Some(self.blocks[block + 1].clone()), Some(block + 2), Shape::LooseCopy)
        } else if self.has_marker(block + 1) {
            (Some(self.blocks[block + 1].clone()), None, Shape::HeadlineOnce)
        } else {
            return None;
        };
        let after_captions = second.unwrap_or(block + 1);
        let builder = HeaderBuilder::new(self.text, self.lines, &self.keys, headline_index);
        let second_line = second.map(|second| self.blocks[second].start);
        let header = builder.build(captions, second_line, self.blocks.get(after_captions + 1).cloned(), shape)?;
        let next_block = self.block_containing_or_after(header.body_start);
        Some((header, next_block))
    }
}

/// How a header's second copy of the headline was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shape {
    /// The same text as the first copy.
    Exact,
    /// The same but for letter case or closing punctuation ([`is_loose_copy`]).
    LooseCopy,
    /// Missing: the caption block (with its marker) follows the one copy of the headline.
    HeadlineOnce,
}

/// Reads the two copies of one header.
struct HeaderBuilder<'a> {
    /// The file's text, which `lines` are slices of.
    text: &'a SeedText,
    lines: &'a [&'a str],
    /// The lines whitespace-folded.
    keys: &'a [Cow<'a, str>],
    headline_index: usize,
    headline: &'a str,
    article: ParsedArticle,
    removed: Vec<Removed>,
    /// Caption lines of the first copy by key: (line index of first copy, copies left to
    /// match in the second copy).
    echoes: HashMap<&'a str, (usize, usize)>,
    /// The header's lines other than the headline, with their trimmed texts.
    taken: Vec<(usize, SeedText)>,
}

impl<'a> HeaderBuilder<'a> {
    fn new(text: &'a SeedText, lines: &'a [&'a str], keys: &'a [Cow<'a, str>], headline_index: usize) -> Self {
        let headline = &*keys[headline_index];
        let article = ParsedArticle {
            headline: Some(shared_key(text, &keys[headline_index])),
            line: headline_index + 1,
            standfirst: None,
            dateline: None,
            byline: None,
            section: None,
            source: None,
            photos: Vec::new(),
            blocks: Vec::new(),
            lines: Vec::new(),
            header_texts: Vec::new(),
            fingerprint: [0; 16],
        };
        let (removed, echoes, taken) = (Vec::new(), HashMap::new(), Vec::new());
        HeaderBuilder { text, lines, keys, headline_index, headline, article, removed, echoes, taken }
    }

    /// Puts the line at `index` into the article's header lines.
    fn take(&mut self, index: usize) {
        self.taken.push((index + 1, self.text.slice_ref(self.lines[index])));
    }

    fn remove(&mut self, index: usize, reason: Reason) {
        self.removed.push(Removed { line: index + 1, text: self.text.slice_ref(self.lines[index]), reason });
    }

    /// Reads the first copy's caption block (if any), the second headline at `second` (if
    /// any), and the caption copy in `echo` (the block after the second headline, or after
    /// the caption block when the headline is printed once). `None` when the shape is not a
    /// header after all: a caption block needs a marker or an echoed caption; a loose copy
    /// of the headline or a missing one needs both.
    fn build(
        mut self,
        captions: Option<std::ops::Range<usize>>,
        second: Option<usize>,
        echo: Option<std::ops::Range<usize>>,
        shape: Shape,
    ) -> Option<Header> {
        let mut has_marker = false;
        if let Some(range) = captions.clone() {
            has_marker = self.first_copy(range);
        }
        if let Some(second) = second {
            self.remove(second, Reason::RepeatedHeadline { of: self.headline_index + 1 });
        }
        let body_start = second
            .map_or_else(|| captions.as_ref().map_or(self.headline_index + 1, |range| range.end), |second| second + 1);
        let Some(echo) = echo else {
            return (shape == Shape::Exact).then(|| self.finish(body_start)).flatten();
        };
        let (echoed, stop) = self.second_copy(echo.clone(), captions.is_none());
        let proven = match shape {
            Shape::Exact => captions.is_none() || has_marker || echoed > 0,
            Shape::LooseCopy | Shape::HeadlineOnce => has_marker && echoed > 0,
        };
        if !proven {
            return None;
        }
        let body_start = if stop == echo.end { echo.end } else { stop };
        self.finish(body_start)
    }

    fn finish(mut self, body_start: usize) -> Option<Header> {
        self.take(self.headline_index);
        self.taken.sort_unstable_by_key(|(line, _)| *line);
        (self.article.lines, self.article.header_texts) = self.taken.into_iter().unzip();
        Some(Header { start: self.headline_index, article: self.article, removed: self.removed, body_start })
    }

    /// Reads the caption block of the first copy; whether it held a furniture marker.
    fn first_copy(&mut self, range: std::ops::Range<usize>) -> bool {
        let mut has_marker = false;
        let mut candidates: Vec<usize> = Vec::new();
        let keys = self.keys;
        for index in range {
            let text = &*keys[index];
            if text == self.headline {
                self.remove(index, Reason::RepeatedHeadline { of: self.headline_index + 1 });
            } else if let Some(furniture) = lines::header_furniture(text) {
                has_marker |= furniture == Furniture::Marker;
                self.remove(index, Reason::Furniture { furniture });
            } else if self.article.dateline.is_none() && lines::is_dateline(text) {
                self.take_dateline(index);
            } else {
                candidates.push(index);
            }
        }
        self.captions(&candidates);
        has_marker
    }

    fn take_dateline(&mut self, index: usize) {
        self.article.dateline = Some(shared_key(self.text, &self.keys[index]));
        self.take(index);
    }

    /// Puts the caption line at `index` into the article's photos, its credit split off.
    fn take_photo(&mut self, index: usize) {
        let line = shared_key(self.text, &self.keys[index]);
        let (caption, credit) = lines::split_credit(&line);
        let photo = Photo { caption: line.slice_ref(caption), credit: credit.map(|credit| line.slice_ref(credit)) };
        self.article.photos.push(photo);
        self.take(index);
    }

    /// Turns the first copy's caption lines into photos: repeats and hard-wrapped copies are
    /// removed, each distinct caption kept once, in order.
    fn captions(&mut self, candidates: &[usize]) {
        let all_keys = self.keys;
        let keys: Vec<&'a str> = candidates.iter().map(|&index| &*all_keys[index]).collect();
        let mut kept: HashMap<&str, usize> = HashMap::new();
        let mut position = 0;
        while position < candidates.len() {
            let index = candidates[position];
            let text = keys[position];
            self.echoes.entry(text).or_insert((index, 0)).1 += 1;
            if let Some(&of) = kept.get(text) {
                self.remove(index, Reason::RepeatedCaption { of: of + 1 });
                position += 1;
                continue;
            }
            if let Some((pieces, of)) = wrapped_run(&keys, position) {
                for piece in position..position + pieces {
                    let piece_index = candidates[piece];
                    if piece > position {
                        self.echoes.entry(keys[piece]).or_insert((piece_index, 0)).1 += 1;
                    }
                    self.remove(piece_index, Reason::WrappedCaption { of: candidates[of] + 1 });
                }
                position += pieces;
                continue;
            }
            kept.insert(text, index);
            self.take_photo(index);
            position += 1;
        }
    }

    /// Reads the second copy's caption block: lines echoing the first copy are removed, a
    /// dateline is kept, and (when the first copy had no caption block) one caption with a
    /// credit is taken. Returns how many lines echoed the first copy and the index of the
    /// first line that is body.
    fn second_copy(&mut self, range: std::ops::Range<usize>, caption_once: bool) -> (usize, usize) {
        let mut echoed = 0;
        let last_line = self.lines.iter().rposition(|line| !line.is_empty());
        let keys = self.keys;
        for index in range.clone() {
            let text = &*keys[index];
            if let Some((of, left)) = self.echoes.get_mut(text).filter(|(_, left)| *left > 0) {
                *left -= 1;
                let of = *of;
                self.remove(index, Reason::RepeatedCaption { of: of + 1 });
                echoed += 1;
            } else if text == self.headline {
                self.remove(index, Reason::RepeatedHeadline { of: self.headline_index + 1 });
            } else if let Some(furniture) = lines::header_furniture(text) {
                self.remove(index, Reason::Furniture { furniture });
            } else if self.article.dateline.is_none() && lines::is_dateline(text) {
                self.take_dateline(index);
            } else if caption_once && self.article.photos.is_empty() && lines::has_credit(text) {
                self.take_photo(index);
            } else if let Some(of) = self.cut_off_echo(text, Some(index) == last_line) {
                self.remove(index, Reason::RepeatedCaption { of: of + 1 });
                echoed += 1;
            } else {
                return (echoed, index);
            }
        }
        (echoed, range.end)
    }

    /// The first-copy caption line that `text` is the start of, when `text` is the last line
    /// of a file cut off in the middle of the second copy.
    fn cut_off_echo(&self, text: &str, is_last_line: bool) -> Option<usize> {
        if !is_last_line || text.chars().count() < 20 {
            return None;
        }
        self.echoes.iter().find(|(caption, (_, left))| *left > 0 && caption.starts_with(text)).map(|(_, (of, _))| *of)
    }
}

/// Whether the folded line `copy` is the folded headline `headline` but for letter case and
/// closing punctuation (`BYTEDANCE PLANS ...`, `... Huawei Chips.`), as some scraped pages
/// print the second copy.
fn is_loose_copy(copy: &str, headline: &str) -> bool {
    fn bare(text: &str) -> &str {
        text.trim_end_matches(['.', '!', '?', ':', ';', ',']).trim_end()
    }
    let (copy, headline) = (bare(copy), bare(headline));
    !copy.is_empty()
        && copy.len().abs_diff(headline.len()) <= 4
        && copy.chars().flat_map(char::to_lowercase).eq(headline.chars().flat_map(char::to_lowercase))
}

/// The whitespace-folded `key` of a line of `text` as seed text: a view into `text` when the
/// key is a slice of it (a line that needed no folding, as most lines), else a copy of the
/// folded form.
fn shared_key(text: &SeedText, key: &str) -> SeedText {
    let whole = text.as_bytes().as_ptr_range();
    let piece = key.as_bytes().as_ptr_range();
    if whole.start <= piece.start && piece.end <= whole.end { text.slice_ref(key) } else { SeedText::from(key) }
}

/// When the caption lines from `position` on are the pieces of a hard-wrapped caption that
/// is also printed whole later, returns (number of pieces, position of the whole copy).
fn wrapped_run(keys: &[&str], position: usize) -> Option<(usize, usize)> {
    let first = keys[position];
    (position + 1..keys.len()).find_map(|whole| {
        let target = keys[whole];
        if target.len() <= first.len() || !target.starts_with(first) {
            return None;
        }
        let mut joined = first.to_owned();
        for (pieces, piece) in keys[position + 1..whole].iter().enumerate() {
            joined.push(' ');
            joined.push_str(piece);
            if joined == *target {
                return Some((pieces + 2, whole));
            }
            if joined.len() >= target.len() {
                return None;
            }
        }
        None
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
