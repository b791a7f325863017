//! Bodies: the lines after a header, up to the next article's header, as paragraphs,
//! subheadings and list items, with the captions, post titles and furniture found among them.
//!
//! Hard-wrapped text (wire copy wrapped near 64 to 72 columns) is joined back into
//! paragraphs; bullet lines become list items; a live page's post titles become
//! subheadings, their copies removed; `Read more` followed by a list of links ends the
//! article.

use super::draft::Draft;
use super::header::copy_header_at;
use super::page::{Kind, Page};
use super::{Field, Reason};
use crate::article::Block;
use crate::corpus::lines;
use crate::corpus::vocabulary;
use crate::corpus::vocabulary::Furniture;

/// Longest subheading in words, for a subheading in sentence case (`Safe haven`).
const SUBHEADING_WORDS: usize = 8;

/// Shortest paragraph, in bytes, that counts as running text beside a subheading.
const RUNNING_TEXT_BYTES: usize = 100;

/// Longest in-body caption, in bytes.
const BODY_CAPTION_BYTES: usize = 400;

/// Widest and narrowest wrap, in characters, of hard-wrapped text.
const WRAP_COLUMNS: std::ops::RangeInclusive<usize> = 50..=80;

/// A wrapped line is at least this share of the block's widest line, in tenths.
const WRAPPED_TENTHS: usize = 7;

/// What the body reader remembers between lines.
#[derive(Default)]
struct State {
    /// The title a live post's skip link announced (folded), with the skip link's index.
    announced: Option<(String, usize)>,
    /// The last post title kept, by line index.
    title: Option<usize>,
    /// The block being read: its first line, its end, and its wrap width when its lines are
    /// hard-wrapped.
    block: Option<(usize, usize, Option<usize>)>,
    /// The wrap width of the body's text, once a block showed it.
    wrap: Option<usize>,
}

/// Reads the body from line `from` into `draft`; returns the index of the next article's
/// first line (the file's length when the body runs to the end).
pub(crate) fn read_body(page: &Page<'_>, draft: &mut Draft, from: usize) -> usize {
    let mut state = State::default();
    let mut index = from;
    while index < page.len() {
        if page.blank(index) {
            index += 1;
            continue;
        }
        if copy_header_at(page, index) {
            return index;
        }
        index = line(page, draft, index, &mut state);
    }
    page.len()
}

/// Reads the body line at `index` (and the lines joined to it); returns the next index.
fn line(page: &Page<'_>, draft: &mut Draft, index: usize, state: &mut State) -> usize {
    let key = page.key(index);
    match page.kinds[index] {
        Kind::Furniture(furniture) if furniture.in_body() => {
            draft.remove(page, index, Reason::Furniture { furniture });
        }
        Kind::EndOfArticle => return end_of_article(page, draft, index),
        Kind::PostMarker(at) => {
            state.announced = Some((key[at..].to_owned(), index));
            draft.remove(page, index, Reason::Furniture { furniture: Furniture::SkipLink });
        }
        Kind::CaptionLabel(at) if at == key.len() => {
            return super::header::labelled_caption(page, draft, index).unwrap_or(index + 1);
        }
        Kind::CaptionLabel(at) => draft.photo(page, index, at, "a labelled caption"),
        Kind::RelatedLabel => return related_link(page, draft, index),
        Kind::CreditLabel(at) => {
            let caption_follows =
                page.next_content(index + 1).is_some_and(|next| matches!(page.kinds[next], Kind::CaptionLabel(_)));
            if !draft.credit_line(page, index, at, caption_follows) {
                return paragraph(page, draft, index, state);
            }
        }
        Kind::Bullet(at) => draft.block(index, index, Block::Item(page.key_text(index, at))),
        Kind::Furniture(_) | Kind::Section | Kind::Blank => return paragraph(page, draft, index, state),
        Kind::Text => return text(page, draft, index, state),
    }
    index + 1
}

/// Reads a text line of a body.
fn text(page: &Page<'_>, draft: &mut Draft, index: usize, state: &mut State) -> usize {
    let key = page.key(index);
    if page.last_content() == Some(index) && vocabulary::is_cut_label(key) {
        draft.remove(page, index, Reason::Furniture { furniture: Furniture::Navigation });
        return index + 1;
    }
    if let Some(title) = lines::without_post_stamp(key) {
        let title = strip_number(title);
        draft.block(index, index, Block::Subheading(page.shared(title)));
        state.title = Some(index);
        return index + 1;
    }
    // The skip link may carry the post's date glued to the title.
    if state.announced.as_ref().is_some_and(|(title, _)| key.len() >= 12 && title.starts_with(key)) {
        state.announced = None;
        state.title = Some(index);
        draft.block(index, index, Block::Subheading(page.key_text(index, 0)));
        return index + 1;
    }
    if let Some(title) = state.title.filter(|&title| repeats_title(key, page.key(title))) {
        draft.remove(page, index, Reason::RepeatedHeadline { of: title + 1 });
        return index + 1;
    }
    if lines::is_bare_credit(key) && draft.bare_credit(page, index) {
        return index + 1;
    }
    if let Some(dateline) = lines::dateline(key) {
        if draft.article.dateline.is_none() && !draft.has_body() {
            draft.dateline(page, index, &dateline);
        } else {
            draft.remove(page, index, Reason::Furniture { furniture: Furniture::DateStamp });
        }
        return index + 1;
    }
    if let Some(trailer) = lines::wire_trailer(key) {
        wire_credits(page, draft, index..=index, trailer);
        return index + 1;
    }
    if let Some(names) = lines::byline(key).filter(|_| draft.article.byline.is_none() && !draft.has_body()) {
        draft.article.byline = Some(page.shared(names));
        draft.keep(page, index, Field::Byline);
        return index + 1;
    }
    let after_counter =
        page.previous_content(index).is_some_and(|at| page.kinds[at] == Kind::Furniture(Furniture::GalleryCounter));
    if after_counter && key.len() <= 1200 {
        draft.photo(page, index, 0, "after a gallery counter");
        return index + 1;
    }
    if is_body_caption(page, draft, index) {
        draft.photo(page, index, 0, "a photo credit on a line of the body");
        return index + 1;
    }
    if lines::is_subheading(key) || is_sentence_case_subheading(page, draft, index) {
        draft.block(index, index, Block::Subheading(page.seed_text(index)));
        return index + 1;
    }
    paragraph(page, draft, index, state)
}

/// `title` without a live page's post number (`1. `).
fn strip_number(title: &str) -> &str {
    let digits = title.bytes().take_while(u8::is_ascii_digit).count();
    match title[digits..].strip_prefix(". ") {
        Some(rest) if (1..=3).contains(&digits) && !rest.is_empty() => rest,
        _ => title,
    }
}

/// Whether `key` repeats the post title `title`: the same words, with or without a label
/// before them (`WATCH: ...`).
fn repeats_title(key: &str, title: &str) -> bool {
    key.len() >= 12 && key.len() <= title.len() + 12 && (title.contains(key) || key.contains(title))
}

/// Whether the line at `index` is a photo caption inside the body: a credit labelled
/// anywhere (`...ongoingImage: Jens Kalaene/dpa`), or an agency credit on a short line of its
/// own that is no copy of a caption already kept.
fn is_body_caption(page: &Page<'_>, draft: &Draft, index: usize) -> bool {
    let key = page.key(index);
    if key.len() > BODY_CAPTION_BYTES {
        return false;
    }
    if lines::has_labelled_credit(key) {
        return true;
    }
    let alone = page.standalone(index) || (page.last_content() == Some(index) && index > 0 && page.blank(index - 1));
    alone && draft.caption_copy(key, false).is_none() && lines::has_credit(key)
}

/// Whether the line at `index` is a subheading in sentence case (`Safe haven`): a short
/// line standing alone between paragraphs of running text, with no closing punctuation, no
/// comma and no closing digit (a cut-off sentence ends in one). The last line of a cut-off
/// page is one only where the page has shown a subheading before.
fn is_sentence_case_subheading(page: &Page<'_>, draft: &Draft, index: usize) -> bool {
    let key = page.key(index);
    let last = key.chars().next_back();
    if last.is_none_or(|last| ".,;:!\"”’…)".contains(last) || last.is_ascii_digit()) || key.len() > 240 {
        return false;
    }
    if !page.standalone(index) || key.split(' ').count() > SUBHEADING_WORDS || key.contains(',') {
        return false;
    }
    if !key.chars().find(|c| c.is_alphanumeric()).is_some_and(char::is_uppercase) {
        return false;
    }
    let before = draft.article.blocks.last().is_some_and(|block| match block {
        Block::Paragraph(text) => text.len() >= RUNNING_TEXT_BYTES,
        _ => false,
    });
    let after = match page.next_content(index + 1) {
        // Cut off, the last line may as well open a paragraph: it is a subheading on a page
        // that has shown subheadings already.
        None if page.cut_off() => draft.article.blocks.iter().any(|block| matches!(block, Block::Subheading(_))),
        None => true,
        Some(next) => page.kinds[next] == Kind::Text && page.key(next).len() >= RUNNING_TEXT_BYTES,
    };
    before && after
}

/// Reads a paragraph starting at `index`: one line, or several when its block is
/// hard-wrapped. Returns the index after its last line.
fn paragraph(page: &Page<'_>, draft: &mut Draft, index: usize, state: &mut State) -> usize {
    let width = wrap_width(page, index, state);
    let mut last = index;
    if let Some(width) = width {
        let end = state.block.map_or(index + 1, |(_, end, _)| end);
        let indent = page.indents[index];
        while last + 1 < end
            && page.kinds[last + 1] == Kind::Text
            && page.indents[last + 1] <= indent
            && page.key(last).chars().count() * 10 >= width * WRAPPED_TENTHS
            && !copy_header_at(page, last + 1)
        {
            last += 1;
        }
    }
    if last > index {
        let joined = lines::fold(&page.span(index, last)).into_owned();
        if let Some(trailer) = lines::wire_trailer(&joined) {
            wire_credits(page, draft, index..=last, trailer);
            return last + 1;
        }
    }
    let text = if last == index { page.seed_text(index) } else { page.span(index, last) };
    draft.block(index, last, Block::Paragraph(text));
    last + 1
}

/// A wire story's credit line over `lines` (`(Reporting by ...; Editing by ...)`, the text
/// `trailer`): the byline when the article has none, else removed as wire credits.
fn wire_credits(page: &Page<'_>, draft: &mut Draft, lines: std::ops::RangeInclusive<usize>, trailer: &str) {
    if draft.article.byline.is_none() {
        draft.article.byline = Some(page.shared(trailer));
        for index in lines {
            draft.keep(page, index, Field::Byline);
        }
    } else {
        for index in lines {
            draft.remove(page, index, Reason::Furniture { furniture: Furniture::WireCredits });
        }
    }
}

/// The wrap width of the block holding `index`, when its lines are hard-wrapped: at least
/// three lines, the widest within [`WRAP_COLUMNS`], most lines but the last nearly as wide,
/// and most of those ending inside a sentence.
fn wrap_width(page: &Page<'_>, index: usize, state: &mut State) -> Option<usize> {
    if let Some((_, _, width)) = state.block.filter(|(start, end, _)| (*start..*end).contains(&index)) {
        return width;
    }
    let start = (0..=index).rev().find(|&at| at == 0 || page.blank(at - 1)).unwrap_or(index);
    let end = (index..page.len()).find(|&at| page.blank(at)).unwrap_or(page.len());
    let width =
        hard_wrapped(page, start, end).or_else(|| state.wrap.filter(|&wrap| wrapped_like(page, start, end, wrap)));
    state.wrap = state.wrap.or(width);
    state.block = Some((start, end, width));
    width
}

/// Whether the short block `start..end` is wrapped at `wrap`, the width the body's longer
/// blocks showed: no line wider, and its first line nearly as wide and ending inside a
/// sentence.
fn wrapped_like(page: &Page<'_>, start: usize, end: usize, wrap: usize) -> bool {
    let first = page.key(start);
    end - start >= 2
        && (start..end).all(|at| page.key(at).chars().count() <= wrap + 2)
        && first.chars().count() * 10 >= wrap * WRAPPED_TENTHS
        && !first.ends_with(['.', '!', '?', '"', '”', ':', ';'])
}

/// The wrap width of lines `start..end`, if they are hard-wrapped (see [`wrap_width`]).
fn hard_wrapped(page: &Page<'_>, start: usize, end: usize) -> Option<usize> {
    if end - start < 3 || (start..end).any(|at| page.key(at).len() > 4 * WRAP_COLUMNS.end()) {
        return None;
    }
    let widths: Vec<usize> = (start..end).map(|at| page.key(at).chars().count()).collect();
    let widest = *widths.iter().max()?;
    if !WRAP_COLUMNS.contains(&widest) {
        return None;
    }
    let wide: Vec<usize> = (start..end - 1).filter(|&at| widths[at - start] * 10 >= widest * WRAPPED_TENTHS).collect();
    let inside_sentence =
        wide.iter().filter(|&&at| !page.key(at).ends_with(['.', '!', '?', '"', '”', ':', ';'])).count();
    (wide.len() >= 2 && wide.len() * 10 >= (end - 1 - start) * 6 && inside_sentence * 3 >= wide.len() * 2)
        .then_some(widest)
}

/// A label over one related link at `index` (`Related article`): it and the link's title on
/// the next line (a short line that is no sentence) are removed. Returns the next index.
fn related_link(page: &Page<'_>, draft: &mut Draft, index: usize) -> usize {
    draft.remove(page, index, Reason::Furniture { furniture: Furniture::RelatedLink });
    match page.next_content(index + 1) {
        Some(title) if page.kinds[title] == Kind::Text && super::header::shape(page.key(title)) >= 1.5 => {
            draft.remove(page, title, Reason::Furniture { furniture: Furniture::RelatedLink });
            title + 1
        }
        _ => index + 1,
    }
}

/// `Read more` (or its like) at `index`: when what follows, up to the next article, reads
/// like a list of links or fact boxes (mostly short lines that end no sentence), all of it
/// is removed as coming after the article; else the label alone is removed.
fn end_of_article(page: &Page<'_>, draft: &mut Draft, index: usize) -> usize {
    let end = (index + 1..page.len()).find(|&at| !page.blank(at) && copy_header_at(page, at)).unwrap_or(page.len());
    let after: Vec<usize> = (index + 1..end).filter(|&at| !page.blank(at)).collect();
    let link_like = after
        .iter()
        .filter(|&&at| {
            let key = page.key(at);
            matches!(page.kinds[at], Kind::Furniture(_))
                || key.split(' ').count() <= 12
                || !key.ends_with(['.', '"', '”'])
        })
        .count();
    if after.is_empty() || link_like * 10 < after.len() * 6 {
        draft.remove(page, index, Reason::Furniture { furniture: Furniture::Navigation });
        return index + 1;
    }
    for at in std::iter::once(index).chain(after) {
        draft.remove(page, at, Reason::Furniture { furniture: Furniture::AfterArticle });
    }
    end
}
