//! The words of page chrome, as data: every furniture line and label that scraped news pages
//! print around their articles, one row each, with an example the tests read.
//!
//! A new layout's chrome is a new row here, not a new branch of the parser. Each row matches
//! the whole trimmed, whitespace-folded line (`Pattern::Line`, a regular expression) or its
//! start (`Pattern::Prefix`, literal labels; the rest of the line is the label's value).

use std::sync::LazyLock;

use regex::RegexSet;

use super::lines::Furniture;

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
