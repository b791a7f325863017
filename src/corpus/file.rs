//! One seed file read on its own: decoded, parsed, and each article fingerprinted and its
//! headline slugified, ready for the corpus-wide steps (repeats across files, slugs). A file
//! is read once; the corpus is rebuilt from these reads without reading it again.

use std::path::Path;
use std::sync::Arc;

use super::parse::{self, ParsedArticle, Removed};
use super::{Skip, Warning, decode, handwritten, lines};
use crate::article::{self, Article, Block, Body, Content, Photo, SeedRef, SeedText};
use crate::{bidi, dateline, slug};

/// What reading one seed file found, before repeated articles across files are removed.
#[derive(Debug, Clone)]
pub struct FileRead {
    /// The file's path within the seeds folder (`2024/04/a.txt`).
    pub file: String,
    /// Doubtful things that did not stop the file being read.
    pub warnings: Vec<Warning>,
    /// Why the file gave no article, if it gave none.
    pub skipped: Option<Skip>,
    /// The file's articles in file order (repeats within the file included; slugs unset).
    pub articles: Vec<ReadArticle>,
    /// Lines removed while parsing (repeated headlines and captions, furniture), in line
    /// order.
    pub removed: Vec<Removed>,
    /// Lines removed while parsing that `removed` no longer lists ([`FileRead::compact`]).
    pub unlisted: usize,
}

impl FileRead {
    /// The same read holding no view into the file's text, and no list of lines, as a server
    /// keeps it: each article's fields and content are copied into allocations of their own
    /// ([`Article::detached`]); removed lines and the lines of each article (only `check`
    /// lists them) are counted, not listed. The file's text is then freed at once, and each
    /// article's own once its content is kept in the index. An article whose content `keeper`
    /// finds in its store is kept there at once, its content never copied.
    pub fn compact(mut self, keeper: Option<&dyn super::keeper::Keeper>) -> FileRead {
        for read in &mut self.articles {
            if let Some(keeper) = keeper {
                keeper.keep(&read.article);
            }
            read.article = Arc::new(read.article.detached());
            read.unlisted += read.lines.len();
            read.lines = Vec::new();
            read.header_texts = Vec::new();
        }
        self.unlisted += self.removed.len();
        self.removed = Vec::new();
        self
    }

    /// A file that gave nothing to read, for `skip`'s reason.
    pub fn skipped(file: String, skip: Skip) -> FileRead {
        FileRead {
            file,
            warnings: Vec::new(),
            skipped: Some(skip),
            articles: Vec::new(),
            removed: Vec::new(),
            unlisted: 0,
        }
    }
}

/// An article as read from its file, with what the corpus-wide steps need.
#[derive(Debug, Clone)]
pub struct ReadArticle {
    /// The article, its slug its headline's bare slug ([`slug::from_headline`]), the base of its
    /// URLs; shared with the corpora built from it, whose slug rule gives most articles that
    /// same slug.
    pub article: Arc<Article>,
    /// 1-based numbers of the lines it was read from (see [`ParsedArticle::lines`]).
    pub lines: Vec<usize>,
    /// Trimmed texts of its header lines (see [`ParsedArticle::header_texts`]).
    header_texts: Vec<SeedText>,
    /// Its `likeness::fingerprint`: two articles with the same
    /// fingerprint are copies of one story.
    pub fingerprint: [u8; 16],
    /// Doubtful things about the article itself (a headline that left bidi controls open),
    /// reported with its file's warnings when the article is kept.
    pub warnings: Vec<Warning>,
    /// Its lines that `lines` no longer lists ([`FileRead::compact`]).
    pub unlisted: usize,
    /// The hash of its body's opening words (`likeness::anchor`):
    /// copies of one story, however cut, share it.
    pub anchor: Option<u64>,
}

impl ReadArticle {
    fn new(parsed: ParsedArticle, file: &Arc<str>) -> ReadArticle {
        let ParsedArticle {
            headline,
            line,
            standfirst,
            dateline,
            byline,
            section,
            source,
            photos,
            blocks,
            lines,
            header_texts,
            fingerprint,
            ..
        } = parsed;
        let headline_printed = headline.is_some();
        let headline = headline.unwrap_or_else(|| article::untitled_headline(&blocks).into());
        let (headline, bidi) = closed_headline(headline);
        let warnings = bidi
            .changed()
            .then(|| Warning { line: Some(line), message: format!("headline: {}", bidi.describe()) })
            .into_iter()
            .collect();
        let blocks: Arc<[Block]> = blocks.into();
        let agency = photos.iter().find_map(Photo::agency).filter(|agency| lines::is_agency(agency));
        let source = source.or_else(|| agency.map(SeedText::from));
        let article = Article {
            headline,
            headline_printed,
            slug: String::new(),
            standfirst,
            date: dateline.as_deref().and_then(dateline::parse),
            dateline,
            byline,
            section,
            source,
            detected: article::DetectedLanguage::default(),
            body: Body::held(Content { photos: photos.into(), blocks: blocks.clone() }),
            seed: SeedRef { file: Arc::clone(file), line },
        };
        let article = Article { slug: slug::from_headline(&article.headline), ..article };
        let anchor = super::likeness::anchor(&blocks);
        ReadArticle { fingerprint, article: Arc::new(article), lines, header_texts, warnings, anchor, unlisted: 0 }
    }

    /// An article read before and recorded compacted (see [`FileRead::compact`]): no line
    /// listed, `unlisted` counted.
    pub(super) fn compacted(
        article: Article,
        fingerprint: [u8; 16],
        anchor: Option<u64>,
        warnings: Vec<Warning>,
        unlisted: usize,
    ) -> ReadArticle {
        let article = Arc::new(article);
        ReadArticle { article, lines: Vec::new(), header_texts: Vec::new(), fingerprint, warnings, unlisted, anchor }
    }

    /// Each of its lines with the line's trimmed text: header lines, then body lines in
    /// order (a hard-wrapped paragraph gives each of its lines). A body that cannot be read
    /// back gives its lines with empty texts (logged).
    pub fn line_texts(&self) -> Vec<(usize, SeedText)> {
        let content = self.article.content_or_empty();
        let body = content.blocks.iter().flat_map(|block| {
            let text = match block {
                Block::Paragraph(text) | Block::Subheading(text) | Block::Item(text) => Some(text),
                Block::Markdown(_) => None,
            };
            text.into_iter().flat_map(|text| parse::split_lines(text).map(|line| text.slice_ref(line.trim())))
        });
        let texts = self.header_texts.iter().cloned().chain(body).chain(std::iter::repeat_with(SeedText::new));
        self.lines.iter().copied().zip(texts).collect()
    }
}

/// `headline` with the bidi controls it leaves open closed at its end ([`bidi::close`]), so
/// they cannot reverse what follows it in a `<title>` or a feed; the same text (not copied)
/// when it has none.
fn closed_headline(headline: SeedText) -> (SeedText, bidi::Closed) {
    let (closed, changes) = bidi::close(&headline);
    let closed = match closed {
        std::borrow::Cow::Borrowed(_) => None,
        std::borrow::Cow::Owned(text) => Some(SeedText::from(text)),
    };
    (closed.unwrap_or(headline), changes)
}

/// The bytes of the regular file at `path`. It is opened without waiting (a FIFO put in its
/// place since it was listed answers at once) and read only when it is a regular file.
///
/// # Errors
/// The OS error; [`std::io::ErrorKind::InvalidInput`] when `path` is no regular file.
pub fn read_bytes(path: &Path) -> std::io::Result<Vec<u8>> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::custom_flags(&mut options, libc::O_NONBLOCK);
    let mut file = options.open(path)?;
    let metadata = file.metadata()?;
    if !metadata.is_file() {
        return Err(std::io::Error::new(std::io::ErrorKind::InvalidInput, "not a regular file"));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(metadata.len()).unwrap_or(0));
    std::io::Read::read_to_end(&mut file, &mut bytes)?;
    Ok(bytes)
}

/// Decodes and parses one file: a name ending in `.md` (any case) as a hand-written Markdown
/// article, any other as scraped text. Never fails: what went wrong is in `skipped` and
/// `warnings`.
pub fn read_file(file: String, bytes: std::io::Result<Vec<u8>>) -> FileRead {
    let decoded = match bytes {
        Ok(bytes) => decode::decode(bytes).map_err(Skip::from),
        Err(error) => Err(Skip::Unreadable(error.to_string())),
    };
    let decoded = match decoded {
        Ok(decoded) => decoded,
        Err(skip) => return FileRead::skipped(file, skip),
    };
    let mut read =
        FileRead { file, warnings: Vec::new(), skipped: None, articles: Vec::new(), removed: Vec::new(), unlisted: 0 };
    read.warnings = decoded.warnings;
    let text = SeedText::from(decoded.text);
    let parsed = if super::is_markdown(&read.file) {
        handwritten::parse(&text).map_err(Skip::from)
    } else {
        Ok(parse::parse(&text))
    };
    match parsed {
        Ok(parsed) if parsed.articles.is_empty() => {
            read.skipped = Some(parsed.listing.map_or(Skip::NoArticle, |teasers| Skip::Listing { teasers }));
            read.removed = parsed.removed;
        }
        Ok(parsed) => {
            read.removed = parsed.removed;
            let file: Arc<str> = read.file.as_str().into();
            // Collected into a vector of their own size: one collected in place would keep the
            // larger allocation of the parsed articles for as long as the read is kept.
            read.articles = Vec::with_capacity(parsed.articles.len());
            read.articles.extend(parsed.articles.into_iter().map(|article| ReadArticle::new(article, &file)));
        }
        Err(skip) => read.skipped = Some(skip),
    }
    read
}
