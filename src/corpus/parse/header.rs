//! Headers: where an article starts and what its header holds.
//!
//! The first article's headline is chosen by scoring the first lines of the file
//! (`first_headline`): a copy printed near it, captions or a dateline beside it, its place,
//! and its shape (title case, length, no closing full stop). Later articles start where a
//! line is printed again across a caption block (`copy_header_at`), the seed's layout.
//! `read_header` then reads the header's lines, whatever their order: copies of the
//! headline, captions printed one to four times (cut, wrapped or labelled), furniture, the
//! dateline, the byline, the section and a standfirst, up to the first body line.

use super::draft::Draft;
use super::page::{Kind, Page};
use super::{Field, Reason};
use crate::corpus::lines;
use crate::corpus::vocabulary::Furniture;

/// Lowest score a line needs to be taken as the first article's headline.
const HEADLINE_THRESHOLD: f32 = 3.0;

/// A line whose [`shape`] scores below this reads as a sentence, not a title.
const SENTENCE_SHAPE: f32 = 1.5;

/// How many of a file's first text lines are weighed as its first headline.
const FIRST_CANDIDATES: usize = 6;

/// Longest block, in lines, between a headline and its copy.
const CAPTION_BLOCK_LINES: usize = 40;

/// Longest line, in bytes, that can be a caption or a headline.
const CAPTION_BYTES: usize = 1200;

/// How far ahead, in lines, a caption's copy is looked for.
const COPY_WINDOW: usize = 16;

/// Why a line was taken as a headline, for `check --explain`.
#[derive(Debug, Clone, PartialEq)]
pub struct Verdict {
    /// The line's score.
    pub score: f32,
    /// The signals that made it, in words.
    pub signals: Vec<&'static str>,
}

/// How a headline's copy was found after it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Copy {
    /// The same text at this line.
    Exact(usize),
    /// The same but for letter case or closing punctuation, at this line.
    Loose(usize),
    /// No second copy, but a caption block with a marker whose lines are printed again.
    Echoed,
}

/// The first article's headline: the best scored of the file's first text lines, if one
/// scores at least [`HEADLINE_THRESHOLD`]. Scanning stops at a live page's first post.
pub(crate) fn first_headline(page: &Page<'_>) -> Option<(usize, Verdict)> {
    let mut best: Option<(usize, Verdict)> = None;
    let mut position = 0;
    for index in 0..page.len() {
        match page.kinds[index] {
            Kind::PostMarker(_) | Kind::Bullet(_) | Kind::EndOfArticle => break,
            Kind::Text if position < FIRST_CANDIDATES => {}
            Kind::Text => break,
            _ => continue,
        }
        let key = page.key(index);
        if lines::dateline(key).is_some()
            || lines::is_site_line(key)
            || is_menu(page, index)
            || after_caption_label(page, index)
        {
            continue;
        }
        if lines::without_post_stamp(key).is_some() {
            break;
        }
        let verdict = score(page, index, position);
        position += 1;
        // Body text has begun at the first line shaped like a sentence, once a headline has
        // been seen (an author's biography may come before it).
        let sentence = shape(key) < SENTENCE_SHAPE;
        if best.as_ref().is_none_or(|(_, best)| verdict.score > best.score) {
            best = Some((index, verdict));
        }
        let found = best.as_ref().is_some_and(|(_, best)| best.score >= HEADLINE_THRESHOLD);
        // A line printed again is a header: later lines belong to later articles.
        if (sentence && (found || position > 3)) || copy_of(page, index).is_some() {
            break;
        }
    }
    best.filter(|(_, verdict)| verdict.score >= HEADLINE_THRESHOLD)
}

/// The score of line `index` as the first headline, the `position`-th text line of the file.
fn score(page: &Page<'_>, index: usize, position: usize) -> Verdict {
    let mut verdict = Verdict { score: shape(page.key(index)), signals: vec!["shape"] };
    let mut add = |points: f32, signal: &'static str| {
        verdict.score += points;
        verdict.signals.push(signal);
    };
    match position {
        0 => add(2.0, "first text line"),
        1 => add(1.0, "second text line"),
        _ => {}
    }
    match copy_of(page, index) {
        Some(Copy::Exact(_)) => add(4.0, "printed again"),
        Some(Copy::Loose(_)) | Some(Copy::Echoed) => add(3.0, "printed again loosely"),
        None => {}
    }
    let after: Vec<usize> = following(page, index).take(3).collect();
    // The captions follow the headline, or its copy right after it.
    let copy_next = after.first().is_some_and(|&next| page.key(next) == page.key(index));
    let caption_line = after.get(usize::from(copy_next));
    if caption_line.is_some_and(|&at| is_caption_signal(page, at)) {
        add(3.0, "captions after it");
    }
    let before = page.previous_content(index);
    if before.is_some_and(|at| is_caption_signal(page, at)) {
        add(2.0, "captions before it");
    }
    let near = after.iter().take(2).copied().chain(before);
    if near.clone().any(|at| lines::dateline(page.key(at)).is_some()) {
        add(1.0, "dateline beside it");
    }
    // A name of two or three words, or one after `By`: a title-case headline can look like
    // a longer name.
    let byline =
        |at: &usize| lines::name_line(page.key(*at)).is_some_and(|(name, by)| by || name.split(' ').count() <= 3);
    if after.first().is_some_and(byline) {
        add(1.0, "byline after it");
    }
    if lines::has_credit(page.key(index)) {
        add(-4.0, "ends with a photo credit");
    }
    let key = page.key(index);
    // `By ...`, or a name over a biography that opens with it.
    let bio_next = |name: &str| {
        page.next_content(index + 1)
            .is_some_and(|next| page.key(next).starts_with(name) && page.key(next).len() > name.len() + 4)
    };
    // Reporters in their places (`Bethan McKernan in Jerusalem`) sign under a headline, never
    // above everything: on a file's first text line the same shape is a title-case headline
    // (`Floods Hit Homes in Paris`). A `By` line reads as a byline anywhere.
    let signs =
        lines::byline(key).is_some() && (position > 0 || key.get(..3).is_some_and(|by| by.eq_ignore_ascii_case("by ")));
    match lines::name_line(key) {
        _ if signs => add(-3.0, "reads as a byline"),
        Some((name, _)) if bio_next(name) => add(-3.0, "reads as a byline"),
        Some((name, _)) if name.split(' ').count() <= 3 => add(-1.5, "reads as a name"),
        _ => {}
    }
    let signed_before = (0..index)
        .rev()
        .filter(|&at| !page.blank(at))
        .take(2)
        .any(|at| lines::name_line(page.key(at)).is_some() || lines::byline(page.key(at)).is_some());
    if signed_before {
        add(1.5, "after a byline");
    }
    verdict
}

/// How much `key` looks like a headline by itself: length, closing punctuation, case.
pub(crate) fn shape(key: &str) -> f32 {
    let words = key.split(' ').count();
    // A closing bracketed credit or note says nothing of the shape: `... history. (Supplied)`
    // ends a sentence.
    let key = match key.rfind(" (") {
        Some(open) if key.ends_with(')') && open > 0 => &key[..open],
        _ => key,
    };
    if words > 30 || key.len() > 300 {
        return -5.0;
    }
    let mut score = 0.0;
    if (2..=20).contains(&words) {
        score += 1.0;
    }
    if key.ends_with("...") || key.ends_with('…') {
        score -= 3.0;
    } else if key.ends_with('.') {
        score -= if words > 8 { 3.0 } else { 1.0 };
    } else if key.ends_with([',', ';']) {
        score -= 2.0;
    } else {
        score += 1.0;
    }
    match key.chars().find(|c| c.is_alphanumeric()) {
        Some(first) if first.is_lowercase() => score -= 3.0,
        Some(_) => score += 0.5,
        None => {}
    }
    let capitalised = key.split(' ').filter(|word| word.chars().next().is_some_and(char::is_uppercase)).count();
    if capitalised * 2 >= words {
        score += 0.5;
    }
    score
}

/// The content lines after `index`, in order.
fn following<'p>(page: &'p Page<'_>, index: usize) -> impl Iterator<Item = usize> + 'p {
    (index + 1..page.len()).filter(|&at| !page.blank(at))
}

/// Whether line `index` shows that captions are near: a credit, a caption label, a gallery
/// counter or a header marker.
fn is_caption_signal(page: &Page<'_>, index: usize) -> bool {
    match page.kinds[index] {
        Kind::CaptionLabel(at) => at < page.key(index).len(),
        Kind::CreditLabel(_) => true,
        Kind::Furniture(Furniture::Marker | Furniture::GalleryCounter) => true,
        Kind::Text => lines::has_credit(page.key(index)),
        _ => false,
    }
}

/// The index of the first line after the block (run of non-blank lines) holding `index`,
/// looked for at most `limit` lines on: `index + limit` when the block runs on past that (or
/// the page's end, if nearer). Bounded, so a page that is one long block costs each of its
/// lines a few steps, not the block's length.
fn block_end_within(page: &Page<'_>, index: usize, limit: usize) -> usize {
    let stop = page.len().min(index + limit);
    (index..stop).find(|&at| page.blank(at)).unwrap_or(stop)
}

/// Where line `index` is printed again across at most one caption block, the seed's
/// header: the next block starts with it, or the block after a caption block does (loosely,
/// when the caption block shows captions), or the caption block has a marker and is echoed.
pub(crate) fn copy_of(page: &Page<'_>, index: usize) -> Option<Copy> {
    let key = page.key(index);
    if key.len() > CAPTION_BYTES {
        return None;
    }
    // A line with a long run of text after it in its block is body text, not a header line.
    let own = block_end_within(page, index, CAPTION_BLOCK_LINES);
    if own == index + CAPTION_BLOCK_LINES {
        return None;
    }
    let first = page.next_content(own)?;
    if page.key(first) == key {
        return Some(Copy::Exact(first));
    }
    let end = block_end_within(page, first, CAPTION_BLOCK_LINES + 1);
    if end - first > CAPTION_BLOCK_LINES {
        return None;
    }
    let second = page.next_content(end)?;
    if page.key(second) == key {
        return Some(Copy::Exact(second));
    }
    if is_loose_copy(page.key(second), key) && (first..end).any(|at| is_caption_signal(page, at)) {
        return Some(Copy::Loose(second));
    }
    let marker = end - first > 1 && (first..end).any(|at| page.kinds[at] == Kind::Furniture(Furniture::Marker));
    let echoed = || (first..end).any(|at| page.kinds[at] == Kind::Text && page.key(at) == page.key(second));
    (marker && echoed()).then_some(Copy::Echoed)
}

/// Whether line `index` starts a later article: it stands alone, is shaped like a
/// headline, and is printed again across a caption block ([`copy_of`]).
pub(crate) fn copy_header_at(page: &Page<'_>, index: usize) -> bool {
    page.kinds[index] == Kind::Text
        && page.standalone(index)
        && copy_of(page, index).is_some()
        && shape(page.key(index)) > -2.0
        && lines::furniture(page.key(index), true).is_none()
}

/// Whether the folded line `copy` is the folded headline `headline` but for letter case and
/// closing punctuation (`BYTEDANCE PLANS ...`, `... Huawei Chips.`), as some scraped pages
/// print the second copy.
pub(crate) fn is_loose_copy(copy: &str, headline: &str) -> bool {
    fn bare(text: &str) -> &str {
        text.trim_end_matches(['.', '!', '?', ':', ';', ',']).trim_end()
    }
    let (copy, headline) = (bare(copy), bare(headline));
    !copy.is_empty()
        && copy.len().abs_diff(headline.len()) <= 4
        && copy.chars().flat_map(char::to_lowercase).eq(headline.chars().flat_map(char::to_lowercase))
}

/// Reads the lines before the headline at `headline` (from `from`): the site line, section,
/// dateline, captions and furniture go to their fields; other text is page furniture.
pub(crate) fn read_preamble(page: &Page<'_>, draft: &mut Draft, from: usize, headline: usize) {
    for index in from..headline {
        if page.blank(index) {
            continue;
        }
        let key = page.key(index);
        if draft.article.source.is_none() && lines::is_site_line(key) {
            let name = key.split("http").next().unwrap_or_default().trim();
            if !name.is_empty() {
                draft.article.source = Some(page.shared(name));
            }
            draft.keep(page, index, Field::Source);
            continue;
        }
        if is_menu(page, index) {
            draft.remove(page, index, Reason::Furniture { furniture: Furniture::Navigation });
        } else if !header_line(page, draft, index, None, true) {
            draft.remove(page, index, Reason::Furniture { furniture: Furniture::BeforeHeadline });
        }
    }
}

/// Reads the header lines from `from` on; returns the index of the first body line.
pub(crate) fn read_header(page: &Page<'_>, draft: &mut Draft, from: usize, headline: Option<usize>) -> usize {
    let mut index = from;
    while index < page.len() {
        if page.blank(index) {
            index += 1;
            continue;
        }
        if let Some(pieces) = wrapped_caption(page, draft, index) {
            index += pieces;
        } else if let Some(next) = labelled_caption(page, draft, index) {
            index = next;
        } else if header_line(page, draft, index, headline, false) {
            index += 1;
        } else {
            return index;
        }
    }
    page.len()
}

/// Reads one header line into `draft` (a line before the headline when `before`); `false`
/// when it is no header line (the body starts there).
fn header_line(page: &Page<'_>, draft: &mut Draft, index: usize, headline: Option<usize>, before: bool) -> bool {
    let key = page.key(index);
    let last = page.last_content() == Some(index);
    if let Some(of) = headline.filter(|&of| key == page.key(of) || is_loose_copy(key, page.key(of))) {
        draft.headline_copies += 1;
        draft.remove(page, index, Reason::RepeatedHeadline { of: of + 1 });
        return true;
    }
    if let Some(of) = headline.filter(|&of| last && key.len() >= 8 && page.key(of).starts_with(key)) {
        draft.remove(page, index, Reason::RepeatedHeadline { of: of + 1 });
        return true;
    }
    if let Some(of) = draft.caption_copy(key, last) {
        draft.remove(page, index, Reason::RepeatedCaption { of: of + 1 });
        return true;
    }
    match page.kinds[index] {
        Kind::Blank => true,
        Kind::Furniture(furniture) => {
            draft.remove(page, index, Reason::Furniture { furniture });
            true
        }
        Kind::Section if draft.article.section.is_none() => {
            draft.article.section = Some(page.key_text(index, 0));
            draft.keep(page, index, Field::Section);
            true
        }
        Kind::Section => {
            draft.remove(page, index, Reason::Furniture { furniture: Furniture::Label });
            true
        }
        Kind::CaptionLabel(at) => {
            draft.photo(page, index, at, "a labelled caption");
            true
        }
        Kind::CreditLabel(at) => {
            let caption_follows =
                page.next_content(index + 1).is_some_and(|next| matches!(page.kinds[next], Kind::CaptionLabel(_)));
            draft.credit_line(page, index, at, caption_follows)
        }
        Kind::EndOfArticle | Kind::PostMarker(_) | Kind::Bullet(_) | Kind::RelatedLabel => false,
        Kind::Text => text_line(page, draft, index, headline, last, before),
    }
}

/// Reads a text line of a header: a dateline, a caption, a byline or a standfirst. Before
/// the headline, a name is a byline only after `By`.
fn text_line(
    page: &Page<'_>,
    draft: &mut Draft,
    index: usize,
    headline: Option<usize>,
    last: bool,
    before: bool,
) -> bool {
    let key = page.key(index);
    if let Some(dateline) = lines::dateline(key) {
        draft.dateline(page, index, &dateline);
        return true;
    }
    if lines::is_bare_credit(key) && draft.bare_credit(page, index) {
        return true;
    }
    if let (caption, Some(credit)) = lines::split_credit(key) {
        draft.photo_split(page, index, caption, Some(credit), "ends with a photo credit");
        return true;
    }
    let repeated = key.len() <= CAPTION_BYTES && repeats_ahead(page, draft, index, headline);
    // Before the headline's second copy, a line printed again after that copy is a caption,
    // whatever else it looks like.
    if headline.is_some() && !(repeated && draft.headline_copies == 0) && copy_header_at(page, index) {
        return false;
    }
    if repeated {
        draft.photo(page, index, 0, "printed again in the header");
        return true;
    }
    // The byline's one-line biography, right under it.
    let bio_of = draft.article.byline.as_deref().filter(|name| key.len() > name.len() + 4 && key.starts_with(*name));
    if bio_of.is_some() && key.ends_with('.') {
        draft.remove(page, index, Reason::Furniture { furniture: Furniture::AuthorBio });
        return true;
    }
    if let Some(names) = lines::byline(key).filter(|_| draft.article.byline.is_none()) {
        draft.article.byline = Some(page.shared(names));
        draft.keep(page, index, Field::Byline);
        return true;
    }
    if let Some((name, said_by)) = lines::name_line(key).filter(|_| draft.article.byline.is_none()) {
        // A name over a one-line biography that opens with it: the byline, the biography
        // reported.
        let bio = page.next_content(index + 1).filter(|&next| {
            let text = page.key(next);
            text.len() > name.len() + 4 && text.starts_with(name) && text.ends_with('.')
        });
        if bio.is_some() {
            draft.article.byline = Some(page.shared(name));
            draft.keep(page, index, Field::Byline);
            return true;
        }
        let beside_header = page.next_content(index + 1).is_some_and(|at| {
            matches!(page.kinds[at], Kind::Furniture(_) | Kind::Section | Kind::CaptionLabel(_))
                || lines::is_dateline(page.key(at))
        });
        if said_by || (beside_header && !before) {
            draft.article.byline = Some(page.shared(name));
            draft.keep(page, index, Field::Byline);
            return true;
        }
    }
    let dated_or_signed = page.next_content(index + 1).is_some_and(|next| {
        let text = page.key(next);
        lines::is_dateline(text) || lines::byline(text).is_some() || lines::name_line(text).is_some()
    });
    if headline.is_some() && draft.article.standfirst.is_none() && draft.article.photos.is_empty() && dated_or_signed {
        draft.article.standfirst = Some(page.key_text(index, 0));
        draft.keep(page, index, Field::Standfirst);
        return true;
    }
    if last && page.cut_off() && draft.article.photos.len() >= 2 {
        // A gallery cut off in the middle of a caption.
        draft.photo(page, index, 0, "cut off after a gallery's captions");
        return true;
    }
    false
}

/// Whether line `index` is a caption without a credit, printed twice: again in its own
/// block, or (while the headline's second copy is still to come) again after that copy,
/// within [`COPY_WINDOW`] lines.
fn repeats_ahead(page: &Page<'_>, draft: &Draft, index: usize, headline: Option<usize>) -> bool {
    let key = page.key(index);
    // The copy may carry the credit the first copy leaves out.
    let copy =
        |other: &str| other == key || (key.len() >= 30 && other.len() <= key.len() + 90 && other.starts_with(key));
    let mut same_block = true;
    let mut after_copy = false;
    for at in index + 1..page.len().min(index + 1 + COPY_WINDOW) {
        if page.blank(at) {
            same_block = false;
            continue;
        }
        let other = page.key(at);
        if copy(other) {
            return same_block || after_copy;
        }
        if draft.headline_copies == 0 && headline.is_some_and(|headline| page.key(headline) == other) {
            after_copy = true;
        }
    }
    false
}

/// A caption label alone on line `index` (`Image caption,`, `Enlarge this image`): the label
/// is removed and the next line is the caption. Returns the index after the caption, or
/// `None` when `index` holds no such label.
pub(crate) fn labelled_caption(page: &Page<'_>, draft: &mut Draft, index: usize) -> Option<usize> {
    let Kind::CaptionLabel(at) = page.kinds[index] else { return None };
    if at < page.key(index).len() {
        return None;
    }
    draft.remove(page, index, Reason::Furniture { furniture: Furniture::Label });
    match page.next_content(index + 1) {
        Some(caption) if page.kinds[caption] == Kind::Text && caption - index <= 2 => {
            draft.photo(page, caption, 0, "after a caption label");
            Some(caption + 1)
        }
        _ => Some(index + 1),
    }
}

/// When the lines from `index` on are the pieces of a hard-wrapped caption that is also
/// printed whole within a few lines, removes the pieces and returns their number.
fn wrapped_caption(page: &Page<'_>, draft: &mut Draft, index: usize) -> Option<usize> {
    let first = page.key(index);
    if page.kinds[index] != Kind::Text || first.len() < 12 {
        return None;
    }
    let end = block_end_within(page, index, CAPTION_BLOCK_LINES);
    let whole = (index + 1..end).find(|&at| {
        let target = page.key(at);
        target.len() > first.len() && target.starts_with(first)
    })?;
    if lines::has_credit(first) {
        return None;
    }
    let target = page.key(whole);
    let mut joined = first.to_owned();
    for last in index + 1..whole {
        joined.push(' ');
        joined.push_str(page.key(last));
        if joined == target {
            for piece in index..=last {
                draft.add_caption(page.key(piece), whole);
                draft.remove(page, piece, Reason::WrappedCaption { of: whole + 1 });
            }
            return Some(last + 1 - index);
        }
        if joined.len() >= target.len() {
            return None;
        }
    }
    None
}

/// Whether line `index` sits in a navigation menu: a run of at least four lines, each of
/// three words at most with no closing punctuation (`Live`, `Africa`, `Europe`, `France`).
fn is_menu(page: &Page<'_>, index: usize) -> bool {
    let item = |at: usize| {
        let key = page.key(at);
        !page.blank(at)
            && key.split(' ').count() <= 3
            && !key.ends_with(['.', '!', '?', ':', ','])
            && lines::dateline(key).is_none()
    };
    if !item(index) {
        return false;
    }
    // Three items beside it settle it: counting further would make a long run cost its
    // length for each of its lines.
    let before = (0..index).rev().take_while(|&at| item(at)).take(3).count();
    let after = (index + 1..page.len()).take_while(|&at| item(at)).take(3 - before).count();
    before + 1 + after >= 4
}

/// Whether the line before `index` is a caption label alone (`Image caption,`): the line
/// is that caption.
fn after_caption_label(page: &Page<'_>, index: usize) -> bool {
    page.previous_content(index)
        .is_some_and(|at| matches!(page.kinds[at], Kind::CaptionLabel(value) if value == page.key(at).len()))
}
