//! One file's lines as the parser sees them: each line's text (trimmed and folded), its
//! indent, and its kind, decided from the line alone.

use std::borrow::Cow;

use crate::article::SeedText;
use crate::corpus::lines;
use crate::corpus::vocabulary::Furniture;
use crate::corpus::vocabulary::{self, Role};

/// What one line is, from its text alone. Context (header or body) decides the rest.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// Empty or whitespace only.
    Blank,
    /// Page chrome ([`vocabulary`] rows), with whether it is chrome in a body too.
    Furniture(Furniture),
    /// `Read more` and its like: links may follow.
    EndOfArticle,
    /// A live post's skip link; the title starts at this byte of the folded line.
    PostMarker(usize),
    /// A labelled caption; the caption starts at this byte of the folded line.
    CaptionLabel(usize),
    /// A labelled credit; the credit starts at this byte of the folded line.
    CreditLabel(usize),
    /// A section name alone on its line (`Business`).
    Section,
    /// A label over one related link (`Related article`).
    RelatedLabel,
    /// A bullet line (`  • Key point`); the item starts at this byte of the folded line.
    Bullet(usize),
    /// Anything else: a headline, caption, dateline, byline or paragraph.
    Text,
}

/// Bullet characters that open a list item when a space follows.
const BULLETS: [char; 6] = ['•', '·', '▪', '●', '*', '–'];

/// The lines of one file.
pub(crate) struct Page<'a> {
    /// The file's text, which every line is a slice of.
    pub(crate) text: &'a SeedText,
    /// Each line trimmed (index = line number - 1).
    pub(crate) trimmed: Vec<&'a str>,
    /// Each line whitespace-folded ([`lines::fold`]): the form copies are compared in.
    pub(crate) keys: Vec<Cow<'a, str>>,
    /// Each line's leading whitespace, in characters.
    pub(crate) indents: Vec<u16>,
    /// Each line's kind.
    pub(crate) kinds: Vec<Kind>,
}

impl<'a> Page<'a> {
    /// Splits and classifies `text` (line ends LF, CRLF or CR; a BOM dropped).
    pub(crate) fn new(text: &'a SeedText) -> Page<'a> {
        let body = text.strip_prefix('\u{feff}').unwrap_or(text);
        let raw: Vec<&'a str> = super::split_lines(body).collect();
        let trimmed: Vec<&'a str> = raw.iter().map(|line| line.trim()).collect();
        let indents =
            raw.iter().map(|line| line.chars().take_while(|c| c.is_whitespace()).count().min(99) as u16).collect();
        let keys: Vec<Cow<'a, str>> = trimmed.iter().map(|line| lines::fold(line)).collect();
        let kinds = keys.iter().map(|key| classify(key)).collect();
        Page { text, trimmed, keys, indents, kinds }
    }

    /// Number of lines.
    pub(crate) fn len(&self) -> usize {
        self.keys.len()
    }

    /// Whether line `index` is blank.
    pub(crate) fn blank(&self, index: usize) -> bool {
        self.kinds[index] == Kind::Blank
    }

    /// The folded text of line `index`.
    pub(crate) fn key(&self, index: usize) -> &str {
        &self.keys[index]
    }

    /// The first non-blank line at or after `index`.
    pub(crate) fn next_content(&self, index: usize) -> Option<usize> {
        (index..self.len()).find(|&at| !self.blank(at))
    }

    /// The last non-blank line before `index`.
    pub(crate) fn previous_content(&self, index: usize) -> Option<usize> {
        (0..index).rev().find(|&at| !self.blank(at))
    }

    /// The last non-blank line of the file.
    pub(crate) fn last_content(&self) -> Option<usize> {
        self.previous_content(self.len())
    }

    /// Whether the file stops inside its last line: no line end after it, and no closing
    /// punctuation (a page store cut the text at a byte count).
    pub(crate) fn cut_off(&self) -> bool {
        !self.text.ends_with(['\n', '\r'])
            && self
                .trimmed
                .last()
                .is_some_and(|last| !last.is_empty() && !last.ends_with(['.', '!', '?', '"', '”', ')']))
    }

    /// Whether line `index` stands alone: a blank line (or the file's edge) before and after.
    pub(crate) fn standalone(&self, index: usize) -> bool {
        (index == 0 || self.blank(index - 1)) && (index + 1 >= self.len() || self.blank(index + 1))
    }

    /// The trimmed text of line `index` as seed text (a view into the file's text).
    pub(crate) fn seed_text(&self, index: usize) -> SeedText {
        self.text.slice_ref(self.trimmed[index])
    }

    /// The folded text of line `index` from byte `from` on, as seed text: a view into the
    /// file's text when the line needed no folding, else a copy.
    pub(crate) fn key_text(&self, index: usize, from: usize) -> SeedText {
        self.shared(&self.keys[index][from..])
    }

    /// `piece` (a slice of a key) as seed text: a view when it lies in the file's text.
    pub(crate) fn shared(&self, piece: &str) -> SeedText {
        let whole = self.text.as_bytes().as_ptr_range();
        let part = piece.as_bytes().as_ptr_range();
        if whole.start <= part.start && part.end <= whole.end {
            self.text.slice_ref(piece)
        } else {
            SeedText::from(piece)
        }
    }

    /// The text of lines `first..=last` as one view into the file's text, from the start of
    /// the first line's text to the end of the last's: a hard-wrapped paragraph.
    pub(crate) fn span(&self, first: usize, last: usize) -> SeedText {
        let start = self.trimmed[first].as_ptr() as usize - self.text.as_ptr() as usize;
        let end = self.trimmed[last].as_ptr() as usize - self.text.as_ptr() as usize + self.trimmed[last].len();
        self.text.slice_ref(&self.text[start..end])
    }
}

/// The kind of a folded line, from the vocabulary and the bullet characters.
fn classify(key: &str) -> Kind {
    if key.is_empty() {
        return Kind::Blank;
    }
    if let Some((role, at)) = vocabulary::lookup(key) {
        return match role {
            Role::Furniture(furniture) => Kind::Furniture(furniture),
            Role::EndOfArticle => Kind::EndOfArticle,
            Role::PostMarker => Kind::PostMarker(at),
            Role::Section => Kind::Section,
            Role::RelatedLabel => Kind::RelatedLabel,
            // A caption label alone on its line (`Image caption,`): the caption is the next line.
            Role::CaptionLabel => Kind::CaptionLabel(at.min(key.len())),
            Role::CreditLabel if at < key.len() => Kind::CreditLabel(at),
            Role::CreditLabel => Kind::Text,
        };
    }
    let mut chars = key.chars();
    match (chars.next(), chars.next()) {
        (Some(bullet), Some(' ')) if BULLETS.contains(&bullet) && key.len() > bullet.len_utf8() + 1 => {
            Kind::Bullet(bullet.len_utf8() + 1)
        }
        (Some('-'), Some(' ')) if key.len() > 2 => Kind::Bullet(2),
        _ => Kind::Text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_classified_alone() {
        let text: SeedText =
            "TT\n  • English\n  • 1,000 families arrived\n- Blackburn boss said\nRead more\nImage caption, Smoke\nPlain text\n\n"
                .into();
        let page = Page::new(&text);
        assert_eq!(
            page.kinds,
            [
                Kind::Furniture(Furniture::Marker),
                Kind::Furniture(Furniture::LanguageLink),
                Kind::Bullet(4),
                Kind::Bullet(2),
                Kind::EndOfArticle,
                Kind::CaptionLabel(15),
                Kind::Text,
                Kind::Blank,
                Kind::Blank,
            ]
        );
        assert_eq!(page.indents[1], 2);
        assert_eq!(page.span(2, 3), "• 1,000 families arrived\n- Blackburn boss said");
    }
}
