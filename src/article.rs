//! The article model: what one news story is once its seed text has been read.

mod body;

use std::borrow::Cow;

use serde::Serialize;

pub use crate::block::{Block, Photo, SeedText};
pub use body::{Body, Content, Store, StoreError};

/// Average adult silent-reading speed in words per minute, used for reading times.
///
/// Source: Brysbaert (2019), "How many words do we read per minute?", ~238 wpm for
/// non-fiction; rounded down to 200 as reader apps (Medium, Readeck) do.
pub const WORDS_PER_MINUTE: usize = 200;

/// Target length of a lede excerpt, in characters (Unicode scalar values).
pub const LEDE_CHARS: usize = 200;

/// One news story: headline, photos, body and where it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Article {
    /// The headline, as printed (whitespace folded). For a page that prints none (a live
    /// page, a page cut before its title), a title made from its first paragraph
    /// ([`untitled_headline`]); `headline_printed` tells which.
    pub headline: SeedText,
    /// Whether `headline` was printed on the page, not made from its first paragraph.
    pub headline_printed: bool,
    /// URL path segment that names the article: lowercase ASCII words joined by `-`.
    pub slug: String,
    /// The standfirst: the one-sentence summary printed between the headline and the
    /// dateline, when the page has one.
    pub standfirst: Option<SeedText>,
    /// The dateline as printed (`Tuesday, 21 November, 2017 - 07:30`, `Updated 14 June 2024`),
    /// when the page had one; a label such as `Updated` is kept.
    pub dateline: Option<SeedText>,
    /// The date (and time, where printed) the dateline names ([`crate::dateline::parse`]),
    /// when it names one.
    pub date: Option<crate::dateline::Date>,
    /// The author as printed (`Sarwat Nasir`, `Amir Taheri`), without a leading `By`.
    pub byline: Option<SeedText>,
    /// The section the page names in its header (`Business`, `Arab World`, `In Pictures`).
    pub section: Option<SeedText>,
    /// The publisher or agency: the site line's name, a `from SITE` trailer, or the agency
    /// of the first photo credit (`Reuters`, `AFP`).
    pub source: Option<SeedText>,
    /// The language of the headline and body, told the first time it is asked for
    /// ([`Article::language`], [`Article::right_to_left`]).
    pub detected: DetectedLanguage,
    /// Photos and body blocks: held, or kept in the search index's store once indexed
    /// ([`Article::content`]).
    pub body: Body,
    /// Where the article starts in the seeds.
    pub seed: SeedRef,
}

/// An article's language, told from its text the first time it is asked for
/// ([`crate::language::detect`]) and then kept (eight bytes, in the article itself); a clone
/// made after keeps it. Told lazily: detection costs several times what reading the article
/// does, and most pages are never opened. Always equal to another: it follows from the text,
/// which articles are compared by.
#[derive(Debug, Clone, Default)]
pub struct DetectedLanguage(std::sync::OnceLock<crate::language::Detected>);

impl PartialEq for DetectedLanguage {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl Eq for DetectedLanguage {}

/// Where an article was read from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SeedRef {
    /// Seed file name, relative to the seeds folder (`000_bc60f894ced19436.txt`); shared by
    /// the articles of one file.
    pub file: std::sync::Arc<str>,
    /// 1-based line number of the article's first headline line.
    pub line: usize,
}

impl Article {
    /// The photos and body blocks, held or read back from their store ([`Body::content`]).
    ///
    /// # Errors
    /// When the store cannot give them back.
    pub fn content(&self) -> Result<Content, StoreError> {
        self.body.content()
    }

    /// The same article holding no view into the text it was read from: its fields copied, its
    /// content [`Content::detached`] (a content kept in a store stays there).
    pub fn detached(&self) -> Article {
        let own = |text: &SeedText| SeedText::from(&**text);
        let body = match self.body.kept_key() {
            Some(_) => self.body.clone(),
            None => Body::held(self.content_or_empty().detached()),
        };
        Article {
            headline: own(&self.headline),
            standfirst: self.standfirst.as_ref().map(own),
            dateline: self.dateline.as_ref().map(own),
            byline: self.byline.as_ref().map(own),
            section: self.section.as_ref().map(own),
            source: self.source.as_ref().map(own),
            body,
            ..self.clone()
        }
    }

    /// [`Article::content`] for what is shown beside the body (a lede, a reading time): a
    /// content that cannot be read is logged, naming the article, and counts as empty.
    pub(crate) fn content_or_empty(&self) -> Content {
        self.content().unwrap_or_else(|error| {
            tracing::error!(file = %self.seed.file, line = self.seed.line, %error, "article body cannot be read");
            Content::default()
        })
    }

    /// The language of the headline and body as an ISO 639-1 code (`en`, `ar`), `None` when
    /// the text is too short to tell ([`crate::language::detect`]).
    pub fn language(&self) -> Option<&'static str> {
        self.language_detected().language()
    }

    /// Whether the article is written right to left (Arabic, Persian, Urdu, Hebrew; see
    /// [`crate::language::Detected::right_to_left`]).
    pub fn right_to_left(&self) -> bool {
        self.language_detected().right_to_left
    }

    fn language_detected(&self) -> crate::language::Detected {
        *self.detected.0.get_or_init(|| crate::language::detect(&self.headline, &self.content_or_empty().blocks))
    }

    /// The lede: the first paragraph (for a Markdown body, the plain text of its first
    /// paragraph), cut at a word boundary at or before [`LEDE_CHARS`] characters and ended
    /// with `…` when cut. Empty when the article has no paragraph.
    pub fn lede(&self) -> String {
        self.content_or_empty().lede()
    }

    /// Number of words in headline, captions and body (runs of non-whitespace).
    pub fn word_count(&self) -> usize {
        self.word_count_with(&self.content_or_empty())
    }

    /// [`Article::word_count`] with the article's `content` already at hand.
    pub fn word_count_with(&self, content: &Content) -> usize {
        self.headline.split_whitespace().count() + content.word_count()
    }

    /// The [`crate::slug::content_hash`] of the headline and body blocks: the suffix of the
    /// article's permanent slug.
    pub fn content_hash(&self) -> String {
        let content = self.content_or_empty();
        crate::slug::content_hash(std::iter::once(&*self.headline).chain(content.blocks.iter().map(Block::text)))
    }

    /// Reading time in whole minutes at [`WORDS_PER_MINUTE`], rounded up, at least 1.
    pub fn reading_minutes(&self) -> usize {
        reading_minutes(self.word_count())
    }
}

/// Reading time of `words` words in whole minutes at [`WORDS_PER_MINUTE`], rounded up, at
/// least 1.
pub fn reading_minutes(words: usize) -> usize {
    words.div_ceil(WORDS_PER_MINUTE).max(1)
}

impl Content {
    /// The agency credited for the first credited photo (see [`Photo::agency`]).
    pub fn photo_agency(&self) -> Option<&str> {
        self.photos.iter().find_map(Photo::agency)
    }

    /// The paragraphs of the body, in order, without subheadings.
    pub fn paragraphs(&self) -> impl Iterator<Item = &str> {
        self.blocks.iter().filter_map(|block| match block {
            Block::Paragraph(text) => Some(&**text),
            Block::Subheading(_) | Block::Item(_) | Block::Markdown(_) => None,
        })
    }

    /// The lede: see [`Article::lede`].
    pub fn lede(&self) -> String {
        let first = self.blocks.iter().find_map(|block| match block {
            Block::Paragraph(text) => Some(Cow::Borrowed(&**text)),
            Block::Markdown(source) => crate::markdown::first_paragraph_text(source).map(Cow::Owned),
            Block::Subheading(_) | Block::Item(_) => None,
        });
        first.as_deref().map(excerpt).unwrap_or_default()
    }

    /// Number of words in captions and body (runs of non-whitespace).
    pub fn word_count(&self) -> usize {
        let photos = self.photos.iter().map(|photo| &*photo.caption);
        photos.chain(self.blocks.iter().map(Block::text)).map(|text| text.split_whitespace().count()).sum()
    }
}

/// Longest title made for a page that prints no headline, in characters: a first sentence
/// up to this long is the title whole.
const UNTITLED_CHARS: usize = 120;

/// Where a longer first sentence is cut, in characters.
const UNTITLED_CUT_CHARS: usize = 80;

/// A title for a page that prints no headline: the first subheading when it comes before
/// any paragraph (a live page's first post title), else the first sentence of the first
/// paragraph, whole up to 120 characters, else cut at a word boundary at or before 80 (with
/// `…`); `Untitled` when there is neither.
pub fn untitled_headline(blocks: &[Block]) -> String {
    let first = blocks.iter().find(|block| matches!(block, Block::Subheading(_) | Block::Paragraph(_)));
    let text = match first {
        Some(Block::Subheading(text)) => return text.split_whitespace().collect::<Vec<_>>().join(" "),
        Some(block) => block.text().split_whitespace().collect::<Vec<_>>().join(" "),
        None => return "Untitled".to_owned(),
    };
    let sentence = text.find(". ").map_or(text.as_str(), |end| &text[..=end]).trim_end_matches('.');
    if sentence.chars().count() <= UNTITLED_CHARS {
        return sentence.to_owned();
    }
    let Some((cut, _)) = sentence.char_indices().nth(UNTITLED_CUT_CHARS) else { return sentence.to_owned() };
    let head = &sentence[..cut];
    let at_word = if sentence[cut..].starts_with(' ') {
        head
    } else {
        head.rfind(' ').filter(|&space| space > 0).map_or(head, |space| &head[..space])
    };
    format!("{}…", at_word.trim_end_matches([',', ';', ':', ' ']))
}

/// `text` cut at the last word boundary at or before [`LEDE_CHARS`] characters, with `…`
/// appended when anything was cut; `text` itself when it is short enough.
pub fn excerpt(text: &str) -> String {
    let Some((cut, _)) = text.char_indices().nth(LEDE_CHARS) else {
        return text.to_owned();
    };
    let head = &text[..cut];
    let at_word = match head.rfind(char::is_whitespace) {
        Some(space) if space > 0 => &head[..space],
        _ => head,
    };
    let trimmed = at_word.trim_end_matches(|c: char| c.is_whitespace() || ",;:-–—".contains(c));
    format!("{trimmed}…")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn agency_is_the_credit_before_its_first_slash() {
        let cases = [
            ("REUTERS/Aly Song/File Photo", Some("Reuters")),
            ("Reuters", Some("Reuters")),
            ("AFP Photo/CHARLES PLATIAU", Some("AFP")),
            ("AFP", Some("AFP")),
            ("(AFP)", Some("AFP")),
            ("(AFP Photo/CHARLES PLATIAU)", Some("AFP")),
            ("AP Photo/Evan Vucci", Some("AP")),
            ("EPA-EFE/MOHAMMED SABER", Some("EPA-EFE")),
            ("Getty Images", Some("Getty Images")),
            ("NNA", Some("NNA")),
            ("/Someone", None),
        ];
        for (credit, agency) in cases {
            let photo = Photo { caption: "A caption.".into(), credit: Some(credit.into()) };
            assert_eq!(photo.agency(), agency, "{credit}");
        }
        assert_eq!(Photo { caption: "A caption.".into(), credit: None }.agency(), None);
    }

    #[test]
    fn untitled_pages_are_named_by_their_first_post_or_sentence() {
        let paragraph = |text: &str| Block::Paragraph(text.into());
        assert_eq!(
            untitled_headline(&[paragraph(
                "In A Closer Look, The National offers an in-depth take on one of the main stories of the week. Dubai grows."
            )]),
            "In A Closer Look, The National offers an in-depth take on one of the main stories of the week"
        );
        assert_eq!(
            untitled_headline(&[paragraph(
                "The leader of the Palestinian National Initiative, a Palestinian political party based in the West Bank, has told the BBC they believe Hamas has accepted the deal"
            )]),
            "The leader of the Palestinian National Initiative, a Palestinian political party…"
        );
        let live = [
            Block::Item("US Secretary of State Antony Blinken says a deal is close".into()),
            Block::Subheading("Palestinian politician says Hamas has accepted the deal".into()),
            paragraph("The leader of the Palestinian National Initiative has told the BBC."),
        ];
        assert_eq!(untitled_headline(&live), "Palestinian politician says Hamas has accepted the deal");
        assert_eq!(untitled_headline(&[]), "Untitled");
    }

    #[test]
    fn short_text_is_its_own_excerpt() {
        assert_eq!(excerpt("Huawei did not reply."), "Huawei did not reply.");
    }

    #[test]
    fn long_text_is_cut_at_a_word_boundary_with_an_ellipsis() {
        let text = "word ".repeat(100);
        let cut = excerpt(&text);
        assert_eq!(cut.chars().count(), 199 + 1);
        assert!(cut.ends_with("word…"));
    }

    #[test]
    fn one_long_word_is_cut_at_the_limit() {
        let text = "x".repeat(300);
        assert_eq!(excerpt(&text), format!("{}…", "x".repeat(200)));
    }
}
