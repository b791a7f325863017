//! The words of page chrome, as data: every furniture line and label that scraped news pages
//! print around their articles, one row each, with an example the tests read, and the kinds
//! of chrome they name ([`Furniture`]).
//!
//! A new layout's chrome is a new row here, not a new branch of the parser. Each row matches
//! the whole trimmed, whitespace-folded line (`Pattern::Line`, a regular expression) or its
//! start (`Pattern::Prefix`, literal labels; the rest of the line is the label's value).

use std::sync::LazyLock;

use regex::RegexSet;

/// Page furniture: lines a scraper copied from the page chrome, never article content.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Furniture {
    /// A lone short capitals marker between the two copies of a header (`TT`).
    Marker,
    /// A lone number after the marker (`20`).
    PageNumber,
    /// A photo-gallery counter (`1 / 6`).
    GalleryCounter,
    /// A share widget label (`Short Url`).
    ShareLabel,
    /// A site banner line before the first headline, holding the site's URL.
    SiteLine,
    /// Navigation and widgets: `Edition:`, `Close`, `Select Page`, `Media ID: 4417`.
    Navigation,
    /// A link to the page in another language (`• Arabic`).
    LanguageLink,
    /// The stand-in text of a video player.
    VideoPlaceholder,
    /// A line that is only a link (`https://p.dw.com/p/50MFq`).
    ShortLink,
    /// Page markup copied URL-encoded (`%3Cp%3E...`).
    EncodedHtml,
    /// A label over a block of the page (`Summary`, `Key points`).
    Label,
    /// A live page's link to skip a post, which repeats the post's title.
    SkipLink,
    /// A date stamp after the dateline (a photo's date, a post's time).
    DateStamp,
    /// Page text before the headline that is no field of the article (an edition picker).
    BeforeHeadline,
    /// Related links and fact boxes after the article's end (after `Read more`).
    AfterArticle,
    /// A photo credit line (`Image source, Reuters`) whose caption never came.
    LoneCredit,
    /// A link to another article (`Read more: ...`, `Related: ...`) or its label.
    RelatedLink,
    /// An editor's disclaimer (`Disclaimer: Views expressed...`).
    Disclaimer,
    /// A second copy of a photo's credit on its own line.
    RepeatedCredit,
    /// A one-line biography of the author under the byline.
    AuthorBio,
    /// A wire story's credits (`(Reporting by ...; Editing by ...)`) where a byline was
    /// printed already.
    WireCredits,
}

impl Furniture {
    /// A short human description, used in reports.
    pub fn describe(self) -> &'static str {
        match self {
            Furniture::Marker => "page furniture (marker)",
            Furniture::PageNumber => "page furniture (page number)",
            Furniture::GalleryCounter => "page furniture (gallery counter)",
            Furniture::ShareLabel => "page furniture (share label)",
            Furniture::SiteLine => "page furniture (site line)",
            Furniture::Navigation => "page furniture (navigation)",
            Furniture::LanguageLink => "page furniture (language link)",
            Furniture::VideoPlaceholder => "page furniture (video placeholder)",
            Furniture::ShortLink => "page furniture (short link)",
            Furniture::EncodedHtml => "page furniture (URL-encoded markup)",
            Furniture::Label => "page furniture (block label)",
            Furniture::SkipLink => "page furniture (skip link)",
            Furniture::DateStamp => "page furniture (date stamp)",
            Furniture::BeforeHeadline => "page furniture (before the headline)",
            Furniture::AfterArticle => "after the article (related links, fact boxes)",
            Furniture::LoneCredit => "page furniture (a photo credit without its caption)",
            Furniture::RelatedLink => "page furniture (related link)",
            Furniture::Disclaimer => "page furniture (disclaimer)",
            Furniture::RepeatedCredit => "page furniture (repeated photo credit)",
            Furniture::AuthorBio => "page furniture (author biography)",
            Furniture::WireCredits => "wire credits (the byline was printed above)",
        }
    }

    /// Whether the furniture is furniture in a body too. Short markers and numbers (`TT`,
    /// `20`, `US`) are only furniture between the copies of a header: in a body they are
    /// text.
    pub fn in_body(self) -> bool {
        !matches!(self, Furniture::Marker | Furniture::PageNumber)
    }
}

/// What a line that matches a row is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// Page chrome, never article content.
    Furniture(Furniture),
    /// A link list or fact box follows (`Read more`): what comes after it is not the article,
    /// when it reads like a list of links.
    EndOfArticle,
    /// A live page's post starts here (`Skip next section Title`); the value is its title.
    PostMarker,
    /// The value is a photo caption (`Caption: ...`, `Image caption, ...`).
    CaptionLabel,
    /// The value is a photo credit (`Image source, Reuters`, `Photo: AFP`).
    CreditLabel,
    /// The name of a section of the site (`Business`, `Arab World`, `In Pictures`).
    Section,
    /// A label over one related link (`Related article`): the line after it is the link.
    RelatedLabel,
}

/// How a row's pattern is matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pattern {
    /// A regular expression for the whole line.
    Line(&'static str),
    /// Labels the line may start with (in any case, longest first); the rest, after one
    /// optional space, is the label's value.
    Prefix(&'static [&'static str]),
}

/// One row of the vocabulary.
#[derive(Debug, Clone, Copy)]
pub struct Entry {
    /// The pattern (Rust `regex` syntax; `(?i)` where case does not matter).
    pub pattern: Pattern,
    /// What a matching line is.
    pub role: Role,
    /// Lines from real pages that the row matches.
    pub examples: &'static [&'static str],
}

use Furniture as F;
use Pattern::{Line, Prefix};

/// Every row, in the order they are tried.
pub const ENTRIES: &[Entry] = &[
    Entry { pattern: Line(r"^[A-Z]{1,3}$"), role: Role::Furniture(F::Marker), examples: &["TT"] },
    Entry { pattern: Line(r"^\d{1,4}$"), role: Role::Furniture(F::PageNumber), examples: &["20"] },
    Entry {
        pattern: Line(r"^\d{1,3} ?(?:/|of) ?\d{1,3}$"),
        role: Role::Furniture(F::GalleryCounter),
        examples: &["1 / 6", "1 of 12"],
    },
    Entry {
        pattern: Line(
            r"(?i)^(?:short url|share|share this( article)?|print|e-?mail|copy link|link copied!?|follow|save|save article|tweet|whatsapp|gift this article|listen to this article|license this article)$",
        ),
        role: Role::Furniture(F::ShareLabel),
        examples: &["Short Url", "Follow", "Share", "Print", "License this article"],
    },
    Entry {
        pattern: Line(
            r"(?i)^(?:edition:?|select page|skip to (?:main )?content|menu|close|back to top|advertisement|sign in|subscribe|newsletter|loading\W*|play video|watch|listen|hide caption|toggle caption|show key events only|key events|please turn on javascript to use this feature|ad feedback|(?:normal|larger|very large) text size|heard on .{3,40}|\d{1,3} ?min(?:ute)?s? read)$",
        ),
        role: Role::Furniture(F::Navigation),
        examples: &[
            "Edition:",
            "Select Page",
            "Close",
            "Skip to content",
            "hide caption",
            "Ad Feedback",
            "4 minute read",
            "Heard on Morning Edition",
        ],
    },
    Entry {
        pattern: Line(r"(?i)^(?:[•·*-] ?)?(?:english|arabic|français|french|deutsch|español|urdu|العربية|اردو|فارسی)$"),
        role: Role::Furniture(F::LanguageLink),
        examples: &["• English", "• Arabic", "العربية"],
    },
    Entry {
        pattern: Prefix(&["to view this video please enable javascript"]),
        role: Role::Furniture(F::VideoPlaceholder),
        examples: &[
            "To view this video please enable JavaScript, and consider upgrading to a web browser that supports HTML5 video",
        ],
    },
    Entry {
        pattern: Line(r"^https?://\S+$"),
        role: Role::Furniture(F::ShortLink),
        examples: &["https://p.dw.com/p/50MFq"],
    },
    Entry {
        pattern: Line(r"^\S*(?:%[0-9A-Fa-f]{2}\S*){2,}$"),
        role: Role::Furniture(F::EncodedHtml),
        examples: &["%3Cp%3E(Premier%20League%20only)%3Cbr%3EMohamed%20Salah%20129%3C%2Fp%3E"],
    },
    Entry {
        pattern: Line(r"(?i)^media id: ?\S+$"),
        role: Role::Furniture(F::Navigation),
        examples: &["Media ID: 4417"],
    },
    Entry {
        pattern: Line(r"(?i)^(?:summary|key points|highlights|in brief|published|updated)$"),
        role: Role::Furniture(F::Label),
        examples: &["Summary", "Key points"],
    },
    Entry {
        pattern: Line(
            r"(?i)^(?:read more|related|related topics|more (?:from|on) .{1,40}|most read|most popular|recommended|you may also like|more stories|latest news)$",
        ),
        role: Role::EndOfArticle,
        examples: &["Read more", "Related", "More from Opinion", "Most read"],
    },
    Entry {
        pattern: Line(
            r"(?i)^(?:world|business|politics|sports?|opinions?|arab world|middle east|gulf|economy|technology|tech|science|health|culture|art & culture|lifestyle|entertainment|features|interviews|analysis|uae|in pictures|travel|media|markets)$",
        ),
        role: Role::Section,
        examples: &["Business", "Arab World", "In Pictures"],
    },
    Entry {
        pattern: Line(
            r"(?i)^(?:published |updated |posted )?(?:\d{1,3} ?(?:s|secs?|seconds?|m|mins?|minutes?|h|hrs?|hours?|d|days?|w|weeks?) ago|just now|moments ago|yesterday)$",
        ),
        role: Role::Furniture(F::DateStamp),
        examples: &["2m ago", "3 hours ago", "Updated 1 hour ago"],
    },
    Entry {
        pattern: Line(r"(?i)^\d{1,2}[.:]\d{2}(?: ?[ap]\.?m\.?)?(?: [a-z]{2,4})?$"),
        role: Role::Furniture(F::DateStamp),
        examples: &["14.05 BST", "9:30 am"],
    },
    Entry {
        pattern: Line(r"(?i)^(?:related articles?|related stories|related content)$"),
        role: Role::RelatedLabel,
        examples: &["Related article"],
    },
    Entry {
        pattern: Prefix(&["read more:", "related:", "also read:", "see also:", "read also:", "اقرأ أيضاً", "اقرأ أيضا"]),
        role: Role::Furniture(F::RelatedLink),
        examples: &["Read more: Why your mortgage rate may not fall this year", "Related: Iran’s attack on Israel"],
    },
    Entry {
        pattern: Prefix(&["disclaimer:"]),
        role: Role::Furniture(F::Disclaimer),
        examples: &["Disclaimer: Views expressed by writers in this section are their own"],
    },
    Entry {
        pattern: Prefix(&["skip next section"]),
        role: Role::PostMarker,
        examples: &["Skip next section Berlin power restored"],
    },
    Entry {
        pattern: Prefix(&[
            "image caption,",
            "image caption",
            "enlarge this image",
            "photo caption:",
            "photo caption",
            "media caption,",
            "media caption",
            "caption:",
        ]),
        role: Role::CaptionLabel,
        examples: &["Image caption, Protesters gathered outside parliament", "Caption: Smoke rises over Khan Younis"],
    },
    Entry {
        pattern: Prefix(&[
            "image source,",
            "image source",
            "photo credit:",
            "photograph:",
            "credit:",
            "photo:",
            "image:",
            "picture:",
        ]),
        role: Role::CreditLabel,
        examples: &[
            "Image source, Reuters",
            "Photograph: Amr Nabil/AP",
            "Photo: Asharq Al-Awsat",
            "Image: Jens Kalaene/dpa",
        ],
    },
];

/// Whether `line` (the last line of a cut-off file) is the start of a label, cut
/// (`Skip nex`): of a prefix row's label or of an end-of-article example.
pub fn is_cut_label(line: &str) -> bool {
    let line = line.to_lowercase();
    let labels = ENTRIES.iter().flat_map(|entry| match (entry.pattern, entry.role) {
        (Prefix(labels), _) => labels,
        (Line(_), Role::EndOfArticle | Role::Furniture(F::ShareLabel | F::Navigation)) => entry.examples,
        (Line(_), _) => &[][..],
    });
    line.len() >= 4
        && labels.into_iter().any(|label| label.len() > line.len() && label.to_lowercase().starts_with(&line))
}

/// Longest line, in bytes, a whole-line row is tried on, but for the two long furniture
/// shapes (short links, encoded markup), which are told by their first bytes.
const SHORT_LINE_BYTES: usize = 32;

static LINES: LazyLock<RegexSet> = LazyLock::new(|| {
    let lines = ENTRIES.iter().filter_map(|entry| match entry.pattern {
        Line(pattern) => Some(pattern),
        Prefix(_) => None,
    });
    #[allow(clippy::expect_used)] // the patterns are constants, checked by the tests below
    RegexSet::new(lines).expect("constant patterns compile")
});

/// Every prefix row's labels with their roles, by the label's first byte (lower case).
static PREFIXES: LazyLock<Vec<Vec<(&'static str, Role)>>> = LazyLock::new(|| {
    let mut by_first = vec![Vec::new(); 256];
    for entry in ENTRIES {
        if let Prefix(labels) = entry.pattern {
            for label in labels {
                by_first[usize::from(label.as_bytes()[0])].push((*label, entry.role));
            }
        }
    }
    by_first
});

/// The row `line` (trimmed, whitespace folded) matches, as its role and the byte offset
/// where the label's value starts (the line's length for a whole-line row). `None` for most
/// lines: long lines are told apart by their length and first bytes before any pattern runs.
pub fn lookup(line: &str) -> Option<(Role, usize)> {
    let bytes = line.as_bytes();
    let first = *bytes.first()?;
    let head = &bytes[..bytes.len().min(40)];
    let could_be_line = bytes.len() <= SHORT_LINE_BYTES
        || (first == b'h' && bytes.starts_with(b"http"))
        || (!head.contains(&b' ') && head.contains(&b'%'));
    if could_be_line {
        let lines = ENTRIES.iter().filter(|entry| matches!(entry.pattern, Line(_)));
        if let Some(entry) = LINES.matches(line).iter().next().and_then(|at| lines.clone().nth(at)) {
            return Some((entry.role, line.len()));
        }
    }
    let labels = &PREFIXES[usize::from(first.to_ascii_lowercase())];
    labels.iter().find_map(|(label, role)| {
        let matched = bytes.len() >= label.len() && bytes[..label.len()].eq_ignore_ascii_case(label.as_bytes());
        matched.then(|| (*role, label.len() + usize::from(bytes.get(label.len()) == Some(&b' '))))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_row_matches_its_example_as_its_role() {
        for entry in ENTRIES {
            assert!(!entry.examples.is_empty(), "{:?}", entry.pattern);
            for example in entry.examples {
                assert_eq!(lookup(example).map(|(role, _)| role), Some(entry.role), "{example:?}");
            }
        }
    }

    #[test]
    fn prefix_rows_give_the_value_after_the_label() {
        let cases = [
            ("Skip next section Berlin power restored", "Berlin power restored"),
            ("Image caption, Protesters gathered outside parliament", "Protesters gathered outside parliament"),
            ("Image source, Reuters", "Reuters"),
            ("Photo: Asharq Al-Awsat", "Asharq Al-Awsat"),
        ];
        for (line, value) in cases {
            let (_, at) = lookup(line).unwrap_or((Role::PostMarker, 0));
            assert_eq!(&line[at..], value, "{line:?}");
        }
    }

    #[test]
    fn a_label_cut_off_is_known() {
        assert!(is_cut_label("Skip nex"));
        assert!(is_cut_label("Read mo"));
        assert!(!is_cut_label("Rea"));
        assert!(!is_cut_label("Skipping school"));
    }

    #[test]
    fn article_text_matches_no_row() {
        for line in [
            "TIGHT SUPPLY",
            "A caption.",
            "Photographers gathered outside.",
            "Closer ties with Riyadh",
            "Share prices fell 3% on Monday.",
            "The summary of the report was leaked.",
            "https://example.com/a is the address, he said.",
            "Sarwat Nasir",
            "Safe haven",
        ] {
            assert_eq!(lookup(line), None, "{line:?}");
        }
    }
}
