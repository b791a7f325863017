//! The pieces of an article's text: seed text, the blocks of a body, and photos (caption and
//! credit). A leaf: the article model, language detection and Markdown all build on it.

use serde::Serialize;

/// Text read from a seed file: an immutable, shared piece of the file's decoded text.
/// Cloning or slicing it ([`SeedText::slice_ref`]) copies no bytes, so an article's headline,
/// captions and paragraphs are views into the text they were read from. Dereferences to
/// `str`; serialises as a string.
pub type SeedText = bytestring::ByteString;

/// A photo, known by its caption: the seed text has no image.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Photo {
    /// Caption text without the credit (`The ByteDance logo is seen ... July 4, 2023.`).
    pub caption: SeedText,
    /// Photo credit as printed, without wrapping punctuation (`REUTERS/Aly Song/File Photo`,
    /// `AFP`), when the caption carries one.
    pub credit: Option<SeedText>,
}

/// One block of body text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "type", content = "text", rename_all = "snake_case")]
pub enum Block {
    /// A paragraph of literal text (never Markdown).
    Paragraph(SeedText),
    /// A section subheading (`TIGHT SUPPLY`, `Safe haven`) or a live page's post title.
    Subheading(SeedText),
    /// One item of a bullet list (`  • Key point`), its bullet dropped. Items in a row form
    /// one list.
    Item(SeedText),
    /// The CommonMark source of a hand-written (`.md`) article's body, rendered by
    /// [`crate::markdown::body_html`] with raw HTML escaped.
    Markdown(SeedText),
}

impl Block {
    /// A block of the same kind holding `text`.
    pub fn with_text(&self, text: SeedText) -> Block {
        match self {
            Block::Paragraph(_) => Block::Paragraph(text),
            Block::Subheading(_) => Block::Subheading(text),
            Block::Item(_) => Block::Item(text),
            Block::Markdown(_) => Block::Markdown(text),
        }
    }

    /// The block's text, whatever its kind.
    pub fn text(&self) -> &str {
        match self {
            Block::Paragraph(text) | Block::Subheading(text) | Block::Item(text) | Block::Markdown(text) => text,
        }
    }
}

/// Agencies whose names are words, not acronyms, keyed by how captions print them in capitals.
const AGENCY_NAMES: [(&str, &str); 5] = [
    ("REUTERS", "Reuters"),
    ("XINHUA", "Xinhua"),
    ("ANADOLU", "Anadolu"),
    ("BLOOMBERG", "Bloomberg"),
    ("SPUTNIK", "Sputnik"),
];

impl Photo {
    /// The agency or picture desk named by the credit, for showing at a glance: the part
    /// before the first `/`, without a trailing ` Photo`, with word names in their usual case
    /// (`REUTERS/Aly Song/File Photo` -> `Reuters`, `AFP Photo/CHARLES PLATIAU` -> `AFP`,
    /// `AP Photo/Evan Vucci` -> `AP`, `Getty Images` -> `Getty Images`). `None` without a credit.
    pub fn agency(&self) -> Option<&str> {
        let credit = self.credit.as_deref()?.trim_start_matches('(').trim_end_matches(')');
        let first = credit.split('/').next().unwrap_or(credit).trim();
        let name = first.strip_suffix(" Photo").or_else(|| first.strip_suffix(" PHOTO")).unwrap_or(first).trim();
        let known = AGENCY_NAMES.iter().find(|(printed, _)| *printed == name).map(|(_, usual)| *usual);
        Some(known.unwrap_or(name)).filter(|name| !name.is_empty())
    }
}
