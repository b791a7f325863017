//! Line-level reading of seed text: what a single line is (furniture, dateline, caption
//! credit, subheading), decided from the line alone.

use std::borrow::Cow;
use std::sync::LazyLock;

use regex::Regex;

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
        }
    }
}

/// News agencies and picture desks whose names end a caption as its credit.
const AGENCIES: &str = r"(?:REUTERS|Reuters|AFP|AP|EPA-EFE|EPA|SPA|WAM|NNA|QNA|KUNA|BNA|MENA|Xinhua|Anadolu|Getty Images|Bloomberg|UPI|DPA|dpa|ANSA|TASS|Sputnik|IRNA|Asharq Al-Awsat|Shutterstock)";

fn regex(pattern: &str) -> Regex {
    #[allow(clippy::expect_used)] // the patterns are constants, checked by the tests below
    Regex::new(pattern).expect("constant pattern compiles")
}

static MARKER: LazyLock<Regex> = LazyLock::new(|| regex(r"^[A-Z]{1,3}$"));
static PAGE_NUMBER: LazyLock<Regex> = LazyLock::new(|| regex(r"^\d{1,4}$"));
static COUNTER: LazyLock<Regex> = LazyLock::new(|| regex(r"^\d{1,3}\s*/\s*\d{1,3}$"));
static SHARE: LazyLock<Regex> = LazyLock::new(|| regex(r"(?i)^(?:short url|share|print|email|copy link)$"));
static URL: LazyLock<Regex> = LazyLock::new(|| regex(r"https?://\S+"));

const MONTH: &str = r"(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.?";
const WEEKDAY: &str = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)";

static DATELINE: LazyLock<Regex> = LazyLock::new(|| {
    let time = r"(?:\s*[-–,]?\s*\d{1,2}:\d{2}(?:\s*(?:GMT|UTC|[AP]M))?)?";
    regex(&format!(
        r"^(?:(?:Updated|Published|Last updated)\s*:?\s*)?(?:{WEEKDAY},?\s+)?(?:\d{{1,2}}\s+{MONTH},?\s+\d{{4}}|{MONTH}\s+\d{{1,2}},?\s+\d{{4}}){time}$"
    ))
});

// The first two credit patterns match a caption's end; the caption is what comes before the
// leftmost match. Anchored at the end only, the capture engine then runs over the credit
// alone rather than over the whole caption.
static CREDIT_IN_PARENS: LazyLock<Regex> =
    LazyLock::new(|| regex(&format!(r"\s*\((?P<credit>{AGENCIES}\b[^()]*)\)\s*$")));
static CREDIT_TRAILING: LazyLock<Regex> = LazyLock::new(|| {
    regex(&format!(r"(?:\s+/\s+|\s*[-–—|]\s*|\s+)(?P<credit>{AGENCIES}(?:\s+Photo)?(?:/[^/]+)*)\s*$"))
});
static CREDIT_SLASHED: LazyLock<Regex> = LazyLock::new(|| regex(r"^(?P<caption>.+?\w)/(?P<credit>[A-Z]{2,6})$"));

/// Longest line, in bytes, that can be header furniture once whitespace is folded
/// (`Copy link`, `100 / 100`); longer lines skip the furniture patterns.
const FURNITURE_BYTES: usize = 16;

/// Longest subheading in characters (see [`is_subheading`]).
const SUBHEADING_CHARS: usize = 60;

/// The page furniture `line` is when it stands between the copies of an article header, if
/// any. `line` is trimmed.
pub fn header_furniture(line: &str) -> Option<Furniture> {
    if line.len() > FURNITURE_BYTES {
        None
    } else if MARKER.is_match(line) {
        Some(Furniture::Marker)
    } else if PAGE_NUMBER.is_match(line) {
        Some(Furniture::PageNumber)
    } else if COUNTER.is_match(line) {
        Some(Furniture::GalleryCounter)
    } else if SHARE.is_match(line) {
        Some(Furniture::ShareLabel)
    } else {
        None
    }
}

/// Whether `line` is a site banner (a line naming the site's URL) when it comes before the
/// first headline of a file.
pub fn is_site_line(line: &str) -> bool {
    URL.is_match(line)
}

/// Whether `line` is a dateline such as `Tuesday, 21 November, 2017 - 07:30`,
/// `Updated 16 July 2021` or `July 4, 2023`.
pub fn is_dateline(line: &str) -> bool {
    DATELINE.is_match(line)
}

/// Splits a photo caption into its text and its credit.
///
/// Recognised credit forms, each at the end of the caption: `REUTERS/Aly Song/File Photo`,
/// `/ REUTERS/Fabrizio Bensch`, `(AFP Photo/CHARLES PLATIAU)`, `(Reuters)`, `- AFP`,
/// `AP Photo/Evan Vucci`, `EPA-EFE/...`, `Getty Images`, and a slash-joined desk code
/// (`Baabda Palace/NNA`). Returns `(line, None)` when no credit is recognised. Both parts
/// are slices of `line`.
pub fn split_credit(line: &str) -> (&str, Option<&str>) {
    match find_credit(line) {
        Some((caption, credit)) => (caption, Some(credit)),
        None => (line, None),
    }
}

/// The caption and credit of `line`, borrowed, when it ends with a recognised credit.
fn find_credit(line: &str) -> Option<(&str, &str)> {
    let ends = [&*CREDIT_IN_PARENS, &*CREDIT_TRAILING].into_iter().filter_map(|pattern| {
        let found = pattern.captures(line)?;
        Some((&line[..found.get(0)?.start()], found.name("credit")?.as_str()))
    });
    let slashed = std::iter::once_with(|| {
        let found = CREDIT_SLASHED.captures(line)?;
        Some((found.name("caption")?.as_str(), found.name("credit")?.as_str()))
    });
    ends.chain(slashed.flatten()).find_map(|(caption, credit)| {
        let caption = caption.trim_end_matches([' ', '/', '-', '–', '—', '|']);
        (!caption.is_empty()).then_some((caption, credit.trim()))
    })
}

/// Whether `line` carries a recognised photo credit at its end.
pub fn has_credit(line: &str) -> bool {
    find_credit(line).is_some()
}

/// `line` with every run of whitespace folded to one space: the form in which copies of a
/// headline or caption are compared, leading and trailing whitespace dropped. Borrowed when
/// there is nothing to fold (most lines). Whitespace is Unicode `White_Space`, as
/// [`char::is_whitespace`].
pub fn fold(line: &str) -> Cow<'_, str> {
    if is_folded(line.as_bytes()) {
        Cow::Borrowed(line)
    } else {
        Cow::Owned(line.split_whitespace().collect::<Vec<_>>().join(" "))
    }
}

/// Whether UTF-8 `bytes` hold no whitespace but single spaces between other characters.
///
/// Most lines are ASCII with single spaces: passes that the compiler vectorises look for
/// ASCII whitespace other than space, for non-ASCII bytes and for a double space. Only a line with non-ASCII text is scanned byte by byte for the
/// encodings of non-ASCII spaces ([`has_unicode_space`]).
fn is_folded(bytes: &[u8]) -> bool {
    if bytes.first() == Some(&b' ') || bytes.last() == Some(&b' ') {
        return false;
    }
    let (controls, non_ascii) = bytes.iter().fold((false, false), |(controls, non_ascii), &byte| {
        (controls | (byte.wrapping_sub(b'\t') < 5), non_ascii | (byte >= 0x80))
    });
    let pairs = bytes.iter().zip(bytes.iter().skip(1));
    let double_space = pairs.fold(false, |found, (&one, &two)| found | ((one == b' ') & (two == b' ')));
    !(controls || double_space || non_ascii && has_unicode_space(bytes))
}

/// Whether UTF-8 `bytes` hold a non-ASCII space: U+0085, U+00A0, U+1680, U+2000–U+200A,
/// U+2028, U+2029, U+202F, U+205F or U+3000 (the `White_Space` characters beyond ASCII).
/// Only the lead bytes those encodings start with (found by `memchr`) are looked at.
fn has_unicode_space(bytes: &[u8]) -> bool {
    let leads = memchr::memchr3_iter(0xC2, 0xE2, 0xE3, bytes).chain(memchr::memchr_iter(0xE1, bytes));
    leads.into_iter().any(|at| match bytes[at..] {
        [0xC2, 0x85 | 0xA0, ..] | [0xE1, 0x9A, 0x80, ..] | [0xE2, 0x81, 0x9F, ..] | [0xE3, 0x80, 0x80, ..] => true,
        [0xE2, 0x80, third, ..] => third <= 0x8A || matches!(third, 0xA8 | 0xA9 | 0xAF),
        _ => false,
    })
}

/// Whether a body line is a subheading: a short line in capitals (`TIGHT SUPPLY`).
///
/// At most 8 words and 60 characters, at least 3 capital letters, no lower-case letter, and
/// no closing full stop. Scripts without case (CJK, Arabic) have no capitals, so their short
/// lines stay paragraphs.
pub fn is_subheading(line: &str) -> bool {
    // Cheapest test first: most body lines are far longer than any subheading.
    line.len() <= SUBHEADING_CHARS * 4
        && line.chars().count() <= SUBHEADING_CHARS
        && line.chars().filter(|c| c.is_uppercase()).count() >= 3
        && line.split_whitespace().count() <= 8
        && !line.chars().any(char::is_lowercase)
        && !line.ends_with('.')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credits_split_from_captions() {
        let cases = [
            (
                "The ByteDance logo is seen at the company's office in Shanghai, China, July 4, 2023. REUTERS/Aly Song/File Photo",
                "The ByteDance logo is seen at the company's office in Shanghai, China, July 4, 2023.",
                Some("REUTERS/Aly Song/File Photo"),
            ),
            (
                "Egyptian President Abdel Fattah al-Sisi attends a military ceremony at the Hotel des Invalides in Paris on October 24, 2017 (AFP Photo/CHARLES PLATIAU)",
                "Egyptian President Abdel Fattah al-Sisi attends a military ceremony at the Hotel des Invalides in Paris on October 24, 2017",
                Some("AFP Photo/CHARLES PLATIAU"),
            ),
            (
                "A fighter loyal to the army patrols a market area in Khartoum on March 24, 2025. (AFP)",
                "A fighter loyal to the army patrols a market area in Khartoum on March 24, 2025.",
                Some("AFP"),
            ),
            (
                "Egypt has loosened a strict curfew for the Muslim holy month of Ramadan in an effort to kickstart North Africa's largest economy- AFP",
                "Egypt has loosened a strict curfew for the Muslim holy month of Ramadan in an effort to kickstart North Africa's largest economy",
                Some("AFP"),
            ),
            (
                "in Berlin, September 5, 2013 / REUTERS/Fabrizio Bensch",
                "in Berlin, September 5, 2013",
                Some("REUTERS/Fabrizio Bensch"),
            ),
            (
                "Aboul Gheit met on Monday with President Michel Aoun at the Baabda Palace/NNA",
                "Aboul Gheit met on Monday with President Michel Aoun at the Baabda Palace",
                Some("NNA"),
            ),
            (
                "President Joe Biden speaks in the East Room. AP Photo/Evan Vucci",
                "President Joe Biden speaks in the East Room.",
                Some("AP Photo/Evan Vucci"),
            ),
            (
                "Smoke rises over the city. EPA-EFE/MOHAMMED SABER",
                "Smoke rises over the city.",
                Some("EPA-EFE/MOHAMMED SABER"),
            ),
            ("Fans celebrate in Madrid. Getty Images", "Fans celebrate in Madrid.", Some("Getty Images")),
            ("A street market in Cairo at dawn.", "A street market in Cairo at dawn.", None),
            ("Workers in the AFP newsroom talk", "Workers in the AFP newsroom talk", None),
        ];
        for (line, caption, credit) in cases {
            let (got_caption, got_credit) = split_credit(line);
            assert_eq!(got_caption, caption, "caption of {line:?}");
            assert_eq!(got_credit, credit, "credit of {line:?}");
        }
    }

    #[test]
    fn folding_joins_whitespace_runs_and_borrows_folded_lines() {
        let cases = [
            ("Plain line, one space each.", "Plain line, one space each.", true),
            ("Two  spaces", "Two spaces", false),
            ("Tab\there", "Tab here", false),
            ("No\u{a0}break", "No break", false),
            ("Ideographic\u{3000}space", "Ideographic space", false),
            ("Em\u{2003}space and \u{202f}narrow", "Em space and narrow", false),
            (
                "Curly \u{2018}quotes\u{2019} \u{2014} dash \u{2026}",
                "Curly \u{2018}quotes\u{2019} \u{2014} dash \u{2026}",
                true,
            ),
            ("Ogham\u{1680}mark", "Ogham mark", false),
            (" Padded ", "Padded", false),
            ("a", "a", true),
            ("", "", true),
            ("a\u{a0}", "a", false),
            ("北京的游客很多", "北京的游客很多", true),
        ];
        for (line, folded, borrowed) in cases {
            let got = fold(line);
            assert_eq!(got, folded, "{line:?}");
            assert_eq!(matches!(got, Cow::Borrowed(_)), borrowed, "{line:?}");
            assert_eq!(got, line.split_whitespace().collect::<Vec<_>>().join(" "), "{line:?}");
        }
    }

    #[test]
    fn datelines_are_recognised() {
        for line in [
            "Tuesday, 21 November, 2017 - 07:30",
            "Updated 16 July 2021",
            "July 4, 2023",
            "Monday, 14 October, 2024 - 10:15",
        ] {
            assert!(is_dateline(line), "{line:?}");
        }
        for line in ["Tuesday, 1 March was cold", "2000 GMT", "The 4 July parade"] {
            assert!(!is_dateline(line), "{line:?}");
        }
    }

    #[test]
    fn furniture_is_recognised_in_headers() {
        let cases = [
            ("TT", Some(Furniture::Marker)),
            ("20", Some(Furniture::PageNumber)),
            ("1 / 6", Some(Furniture::GalleryCounter)),
            ("Short Url", Some(Furniture::ShareLabel)),
            ("TIGHT SUPPLY", None),
            ("A caption.", None),
        ];
        for (line, furniture) in cases {
            assert_eq!(header_furniture(line), furniture, "{line:?}");
        }
    }

    #[test]
    fn subheadings_are_short_capital_lines() {
        for line in ["TIGHT SUPPLY", "WHAT NEXT?", "COVID-19 RULES"] {
            assert!(is_subheading(line), "{line:?}");
        }
        for line in [
            "WINNERS (once)",
            "16th PREM",
            "RIYADH: A third plane carrying medical supplies",
            "TT",
            "2000",
            "THIS IS A LONG SHOUTED SENTENCE OF MANY WORDS IN CAPITALS",
            "北京的游客很多",
            "مرحبا بكم",
        ] {
            assert!(!is_subheading(line), "{line:?}");
        }
    }
}
