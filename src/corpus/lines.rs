//! Line-level reading of seed text: what a single line is (furniture, dateline, caption
//! credit, subheading), decided from the line alone.

use std::borrow::Cow;
use std::sync::LazyLock;

use regex::Regex;

use super::vocabulary::{Furniture, Role};

/// News agencies and picture desks whose names end a caption as its credit.
const AGENCIES: &str = r"(?:REUTERS|Reuters|AFP|AP|EPA-EFE|EPA|SPA|WAM|NNA|QNA|KUNA|BNA|MENA|Xinhua|Anadolu|Getty Images|Bloomberg|UPI|DPA|dpa|ANSA|TASS|Sputnik|IRNA|Asharq Al-Awsat|Shutterstock|رويترز|أ ف ب|أ\.ف\.ب|واس|الأناضول|أ ب|د ب أ)";

fn regex(pattern: &str) -> Regex {
    #[allow(clippy::expect_used)] // the patterns are constants, checked by the tests below
    Regex::new(pattern).expect("constant pattern compiles")
}

static URL: LazyLock<Regex> = LazyLock::new(|| regex(r"https?://\S+"));

const MONTH: &str = r"(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.?";
const WEEKDAY: &str =
    r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|Mon|Tue|Tues|Wed|Thu|Thurs|Fri|Sat|Sun)";

/// A date as pages print it, with an optional label and time: the `date` group. Before it
/// may stand a section or source and a bar or slash (`Pictures | `, `Reuters / `), a numeric
/// copy of the date glued to it (`09/11/2025`) or a store's `date` field; after it, a section
/// name (`In Pictures`).
static DATELINE: LazyLock<Regex> = LazyLock::new(|| {
    let label = r"(?:(?i:updated|published|last updated|last modified|modified|issued|posted|first published)(?: (?i:on|at))?:? )?";
    let day = format!(
        r"(?:\d{{1,2}} {MONTH},? \d{{4}}|{MONTH} \d{{1,2}},? \d{{4}}|\d{{4}}-\d{{2}}-\d{{2}}(?:T\d{{2}}:\d{{2}}(?::\d{{2}}(?:\.\d+)?)?(?:Z|[+-]\d{{2}}:?\d{{2}})?)?|\d{{1,2}}/\d{{1,2}}/\d{{4}})"
    );
    let clock = r"\d{1,2}[:.]\d{2}(?: ?(?i:[ap]\.?m\.?))?(?: ?(?:GMT|UTC|[A-Z]{2,4}(?:[+-]\d{1,2})?))?";
    let time = format!(r"(?: ?[-–—,|]? ?{clock})?");
    // `Updated May 7, 2024 — 3.48pm, first published at 2.30pm`
    let also = r"(?:,? (?i:first published|published|updated)(?: (?i:at|on))? [^|]{1,30})?";
    let before =
        r"(?:(?P<before>\p{L}[\p{L} ]{0,23}?) ?(?P<separator>[|/]) ?|\d{1,2}/\d{1,2}/\d{2,4}|(?P<stored>(?i:date)) )?";
    regex(&format!(
        r"^{before}(?P<date>{label}(?:(?:{WEEKDAY},? )?{day}{time}{also}|{clock},? (?:{WEEKDAY},? )?{day}))(?: (?P<after>\p{{Lu}}[\p{{L}} ]{{1,24}}))?$"
    ))
});

/// An Arabic date line: `نشر في: 15 أبريل ,2024: 10:12 ص GST` (published), `آخر تحديث: ...`
/// (last updated), Arabic month names, the time with `ص` or `م` (morning, afternoon).
static ARABIC_DATELINE: LazyLock<Regex> = LazyLock::new(|| {
    let month = "(?:يناير|فبراير|مارس|أبريل|ابريل|مايو|يونيو|يوليو|أغسطس|اغسطس|سبتمبر|أكتوبر|اكتوبر|نوفمبر|ديسمبر)";
    regex(&format!(
        r"^(?P<date>(?:(?:نشر في|نُشر في|آخر تحديث|تاريخ النشر|تحديث) ?: ?)?\d{{1,2}} {month} ?,? ?\d{{4}}(?: ?[:،,-]? ?\d{{1,2}}:\d{{2}}(?: ?[صم])?(?: ?[A-Z]{{2,4}})?)?)$"
    ))
});

/// A listing's entry line: `by Amir Taheri | Jun 27, 2014 | Opinion`.
static BYLINE_BAR: LazyLock<Regex> = LazyLock::new(|| {
    regex(r"^(?i:by) (?P<name>[^|]{2,60}?) \| (?P<date>[^|]{4,40}?)(?: \| (?P<section>[^|]{2,40}))?$")
});

/// A name as a byline prints it: two to five words of a name, an optional `By`, and an
/// optional place in brackets (`Ali Barada (New York)`).
static NAME: LazyLock<Regex> = LazyLock::new(|| {
    let word = r"(?:\p{Lu}[\p{L}'’.-]*|(?:al|el|bin|ibn|bint|abu|de|da|van|von|der|le|la|du)(?:-\p{Lu}[\p{L}'’-]*)?)";
    regex(&format!(
        r"^(?P<by>(?i:by) )?(?P<name>\p{{Lu}}[\p{{L}}'’.-]*(?: {word}){{1,4}})(?: \((?P<place>[\p{{Lu}}][\p{{L}} ]{{1,30}})\))?$"
    ))
});

/// A photo credit alone on its line, names joined by slashes: `Jose Luis Magana/AP`,
/// `Curtis Means/Pool/Getty Images`.
static BARE_CREDIT: LazyLock<Regex> =
    LazyLock::new(|| regex(r"^\p{Lu}[\p{L}.'’ -]{1,40}(?:/[\p{L}.'’ -]{1,40}){1,3}/?$"));

/// Whether `line` is a photo credit alone on its line (`BARE_CREDIT`).
pub fn is_bare_credit(line: &str) -> bool {
    line.len() <= 90 && line.contains('/') && BARE_CREDIT.is_match(line)
}

/// A byline after `By`: names joined by commas and `and`, an outlet after the last comma or
/// an agency at the end left out (`By Jeremy Herb, Lauren del Valle and Kara Scannell, CNN`,
/// `By LISA MASCARO and STEPHEN GROVES Associated Press`).
static BY: LazyLock<Regex> = LazyLock::new(|| {
    regex(&format!(
        r"^(?i:by) (?P<names>\p{{Lu}}[\p{{L}}'’. -]+?(?:(?:,| and| &) \p{{Lu}}[\p{{L}}'’. -]+?)*?)(?:, [\p{{Lu}}][\p{{L}}]+(?: [\p{{Lu}}][\p{{L}}]+)?(?: News)?| (?:{AGENCIES}|Associated Press))?$"
    ))
});

/// A byline of reporters and where they are: `Bethan McKernan in Jerusalem and Julian
/// Borger in Washington`.
static NAMES_IN_PLACES: LazyLock<Regex> = LazyLock::new(|| {
    let one = r"\p{Lu}[\p{L}'’.-]+(?: \p{Lu}[\p{L}'’.-]+){1,2} in \p{Lu}[\p{L} ]{1,20}?";
    regex(&format!(r"^(?P<names>{one}(?:(?:,| and) {one})*)$"))
});

/// The byline `line` is, when it starts with `By` (several names, an outlet left out) or
/// names reporters in their places.
pub fn byline(line: &str) -> Option<&str> {
    if line.len() > 160 || line.ends_with('.') {
        return None;
    }
    if line.len() > 3 && line.as_bytes()[..3].eq_ignore_ascii_case(b"by ") {
        let found = BY.captures(line)?;
        return Some(found.name("names")?.as_str().trim_end_matches([',', ' ']));
    }
    if line.contains(" in ") {
        return Some(NAMES_IN_PLACES.captures(line)?.name("names")?.as_str());
    }
    None
}

/// A wire story's closing credit line: `(Reporting by Ahmed Aboulenein; Editing by Sandra Maler)`.
static WIRE_TRAILER: LazyLock<Regex> = LazyLock::new(|| {
    regex(r"^\(?(?P<text>(?i:(?:additional )?reporting|writing|compiled|written) by [^()]{3,200}?)\)?$")
});

/// A wire story's dateline opening its first paragraph: `SANTOS, Brazil, March 3 (Reuters) -`.
static WIRE_DATELINE: LazyLock<Regex> = LazyLock::new(|| {
    regex(&format!(r"^\p{{Lu}}[\p{{Lu}} .'’-]+(?:, [^()]{{2,40}})? \((?P<agency>{AGENCIES})\) ?[-–—]"))
});

/// A live page's post title glued to its time stamp: `...the dealpublished at 13:50 Greenwich
/// Mean Time 14 January`.
static POST_STAMP: LazyLock<Regex> =
    LazyLock::new(|| regex(r"(?i:published at|updated at|posted at) ?\d{1,2}(?::\d{0,2})?(?: .*)?$"));

// The first two credit patterns match a caption's end; the caption is what comes before the
// leftmost match. Anchored at the end only, the capture engine then runs over the credit
// alone rather than over the whole caption.
static CREDIT_IN_PARENS: LazyLock<Regex> =
    LazyLock::new(|| regex(&format!(r"\s*(?P<credit>\({AGENCIES}\b[^()]*\))\s*$")));
/// A credit label inside a caption line, glued or not: `... Charbel. Photo: Asharq Al-Awsat`,
/// `... are ongoingImage: Jens Kalaene/dpa/picture alliance`.
static CREDIT_LABELLED: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"(?:(?:Photo|PHOTO|Image|IMAGE|Photograph|Picture|Credit|Photo credit)s?:|Image source,) ?(?P<credit>[^:]{2,80})$",
    )
});
/// A copyright credit at a caption's end, the sign kept: `... 2024. © Gueipeur Denis Sassou, AFP`.
static CREDIT_COPYRIGHT: LazyLock<Regex> = LazyLock::new(|| regex(r"\s*(?P<credit>©\s*[^©]{2,80})$"));

/// Any short name in brackets at a caption's end (`(Supplied)`, `(ISF Website)`): a credit
/// once the line is known to be a caption.
static CREDIT_ANY_PARENS: LazyLock<Regex> = LazyLock::new(|| regex(r"\s*(?P<credit>\(\p{Lu}[^()]{1,60}\))\s*$"));
static CREDIT_TRAILING: LazyLock<Regex> = LazyLock::new(|| {
    regex(&format!(r"(?:\s+/\s+|\s*[-–—|]\s*|\s+)(?P<credit>{AGENCIES}(?:\s+Photo)?(?:/[^/]+)*)\s*$"))
});
static CREDIT_SLASHED: LazyLock<Regex> = LazyLock::new(|| regex(r"^(?P<caption>.+?\w)/(?P<credit>[A-Z]{2,6})$"));

/// Longest subheading in characters (see [`is_subheading`]).
const SUBHEADING_CHARS: usize = 60;

/// Longest line, in bytes, that can be a dateline; longer lines skip the pattern.
const DATELINE_BYTES: usize = 90;

/// Longest caption line, in bytes, whose credit is looked for.
const CAPTION_BYTES: usize = 1200;

/// Longest credit, with what stands before it, in bytes: credit patterns look at no more of
/// a line's end.
const CREDIT_BYTES: usize = 120;

/// The page furniture `line` (folded) is, in a header when `in_header`, else in a body, from
/// the rows of [`vocabulary`](super::vocabulary). Short markers (`TT`, `20`, `1 / 6`) are
/// furniture in headers only.
pub fn furniture(line: &str, in_header: bool) -> Option<Furniture> {
    match super::vocabulary::lookup(line)? {
        (Role::Furniture(furniture), _) if in_header || furniture.in_body() => Some(furniture),
        _ => None,
    }
}

/// Whether `line` is a site banner (a line naming the site's URL) when it comes before the
/// first headline of a file.
pub fn is_site_line(line: &str) -> bool {
    line.contains("://") && URL.is_match(line)
}

/// A dateline found in a line: the date as printed and what stood around it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Dateline<'a> {
    /// The date with its label and time (`Updated 14 June 2024`, `Mon Jan 26, 2015 | 4:52pm GMT`).
    pub date: &'a str,
    /// A section or source printed before it (`Pictures` of `Pictures | Mon Jan 26, 2015`).
    pub before: Option<&'a str>,
    /// A section printed after it (`In Pictures` of ` date 2024-12-31 In Pictures`).
    pub after: Option<&'a str>,
    /// Whether `before` is a source (`Reuters / Friday, ...`) rather than a section
    /// (`Pictures | ...`).
    pub source_before: bool,
    /// Whether the line is a page store's `date` field rather than printed page text.
    pub stored: bool,
}

/// The dateline `line` (trimmed, folded) holds, when the whole line is one: forms such as
/// `Tuesday, 21 November, 2017 - 07:30`, `Updated 16 July 2021`, `July 4, 2023`,
/// `Pictures | Mon Jan 26, 2015 | 4:52pm GMT`, `Published On 31 Dec 2024`,
/// `09/11/2025September 11, 2025`, `date 2024-12-31 In Pictures`, ISO 8601 dates.
pub fn dateline(line: &str) -> Option<Dateline<'_>> {
    if line.len() > DATELINE_BYTES || !line.bytes().any(|byte| byte.is_ascii_digit()) {
        return None;
    }
    let arabic = (!line.is_ascii()).then(|| ARABIC_DATELINE.captures(line)).flatten();
    if let Some(date) = arabic.and_then(|found| found.name("date")).map(|date| date.as_str()) {
        return Some(Dateline { date, before: None, after: None, source_before: false, stored: false });
    }
    let found = DATELINE.captures(line)?;
    Some(Dateline {
        date: found.name("date")?.as_str(),
        before: found.name("before").map(|before| before.as_str()),
        after: found.name("after").map(|after| after.as_str()),
        source_before: found.name("separator").is_some_and(|separator| separator.as_str() == "/"),
        stored: found.name("stored").is_some(),
    })
}

/// Whether `line` is a dateline (see [`dateline`]).
pub fn is_dateline(line: &str) -> bool {
    dateline(line).is_some()
}

/// A listing entry line's byline, date and section (`by Amir Taheri | Jun 27, 2014 | Opinion`).
pub fn byline_bar(line: &str) -> Option<(&str, &str, Option<&str>)> {
    if line.len() > 160 || !line.contains('|') {
        return None;
    }
    let found = BYLINE_BAR.captures(line)?;
    Some((found.name("name")?.as_str(), found.name("date")?.as_str(), found.name("section").map(|s| s.as_str())))
}

/// A byline line: a name of two to five words (`Sarwat Nasir`, `By Rami al-Rayes`), with an
/// optional place in brackets (`Ali Barada (New York)`). Returns the name without `By` and
/// whether the line said `By`.
pub fn name_line(line: &str) -> Option<(&str, bool)> {
    if line.len() > 80 {
        return None;
    }
    let found = NAME.captures(line)?;
    Some((found.name("name")?.as_str(), found.name("by").is_some()))
}

/// The text of a wire story's credit line without its brackets (`Reporting by ...; Editing by
/// ...`), when `line` is one.
pub fn wire_trailer(line: &str) -> Option<&str> {
    const OPENINGS: [&str; 6] = ["(", "reporting", "additional", "writing", "compiled", "written"];
    let opens = OPENINGS.iter().any(|opening| {
        line.len() >= opening.len() && line.as_bytes()[..opening.len()].eq_ignore_ascii_case(opening.as_bytes())
    });
    // A trailer cut where its line was wrapped is no complete trailer.
    let closed = if line.starts_with('(') { line.ends_with(')') } else { line.ends_with(['.', ')']) };
    if line.len() > 240 || !opens || !closed {
        return None;
    }
    Some(WIRE_TRAILER.captures(line)?.name("text")?.as_str())
}

/// The agency named by a wire dateline opening `paragraph` (`Reuters` of `SANTOS, Brazil,
/// March 3 (Reuters) - Dock workers...`).
pub fn wire_agency(paragraph: &str) -> Option<&str> {
    let head = paragraph.get(..paragraph.len().min(90)).unwrap_or(paragraph);
    if !head.contains(") ") && !head.contains(")-") {
        return None;
    }
    Some(WIRE_DATELINE.captures(head)?.name("agency")?.as_str())
}

/// A live page's post title without the time stamp glued to it, when `line` carries one.
pub fn without_post_stamp(line: &str) -> Option<&str> {
    // `published at`, `updated at` and `posted at` all hold `ed at`.
    static STAMP: LazyLock<memchr::memmem::Finder<'static>> = LazyLock::new(|| memchr::memmem::Finder::new("ed at"));
    // A stamp ends with a time or a date, never with a full stop.
    if line.len() > 400 || line.ends_with('.') || STAMP.find(line.as_bytes()).is_none() {
        return None;
    }
    let found = POST_STAMP.find(line)?;
    Some(line[..found.start()].trim_end()).filter(|title| !title.is_empty())
}

static AGENCY: LazyLock<Regex> = LazyLock::new(|| regex(&format!(r"^{AGENCIES}$")));

/// Whether `name` is a news agency or picture desk that credits photos (`Reuters`, `AFP`).
pub fn is_agency(name: &str) -> bool {
    AGENCY.is_match(name)
}

/// Splits a photo caption into its text and its credit.
///
/// Recognised credit forms, each at the end of the caption: `REUTERS/Aly Song/File Photo`,
/// `/ REUTERS/Fabrizio Bensch`, `(AFP Photo/CHARLES PLATIAU)` (brackets kept), `(Reuters)`,
/// `- AFP`, `AP Photo/Evan Vucci`, `EPA-EFE/...`, `Getty Images`, a slash-joined desk code
/// (`Baabda Palace/NNA`), and a labelled credit (`Photo: Asharq Al-Awsat`, glued
/// `...ongoingImage: Jens Kalaene/dpa`, the label dropped). Returns `(line, None)` when no
/// credit is recognised. Both parts are slices of `line`.
pub fn split_credit(line: &str) -> (&str, Option<&str>) {
    match find_credit(line, false) {
        Some((caption, credit)) => (caption, Some(credit)),
        None => (line, None),
    }
}

/// [`split_credit`] for a line already known to be a caption: any short name in brackets at
/// its end is a credit too (`(Supplied)`, `(ISF Website)`).
pub fn split_caption_credit(line: &str) -> (&str, Option<&str>) {
    match find_credit(line, true) {
        Some((caption, credit)) => (caption, Some(credit)),
        None => (line, None),
    }
}

/// The caption and credit of `line`, borrowed, when it ends with a recognised credit.
fn find_credit(line: &str, loose: bool) -> Option<(&str, &str)> {
    if line.len() > CAPTION_BYTES || line.len() < 4 {
        return None;
    }
    let last = *line.as_bytes().last()?;
    // No credit ends a sentence: most body lines are told apart by their last byte.
    if matches!(last, b'.' | b'"' | b'?' | b'!' | b',' | b';' | b':') || line.ends_with(['”', '’', '…']) {
        return None;
    }
    // Credits are short: the patterns run over the line's last bytes only.
    let mut from = line.len().saturating_sub(CREDIT_BYTES);
    while !line.is_char_boundary(from) {
        from += 1;
    }
    let tail = &line[from..];
    let labelled = tail.contains(':') || tail.contains(',');
    let ends = [&*CREDIT_COPYRIGHT, &*CREDIT_LABELLED, &*CREDIT_IN_PARENS, &*CREDIT_TRAILING, &*CREDIT_ANY_PARENS]
        .into_iter()
        .enumerate()
        .filter(|&(at, _)| match at {
            0 => tail.contains('©'),
            1 => labelled,
            2 => last == b')',
            4 => loose && last == b')',
            _ => true,
        })
        .filter_map(|(_, pattern)| {
            // Most lines match no pattern: the plain search is cheaper than captures.
            let found = pattern.is_match(tail).then(|| pattern.captures(tail)).flatten()?;
            Some((&line[..from + found.get(0)?.start()], found.name("credit")?.as_str()))
        });
    let slashed = std::iter::once_with(|| {
        let code = line.bytes().rev().take_while(u8::is_ascii_uppercase).count();
        let slash = line.len().checked_sub(code + 1).and_then(|at| line.as_bytes().get(at));
        if !(2..=6).contains(&code) || slash != Some(&b'/') {
            return None;
        }
        let found = CREDIT_SLASHED.captures(line)?;
        Some((found.name("caption")?.as_str(), found.name("credit")?.as_str()))
    });
    ends.chain(slashed.flatten()).find_map(|(caption, credit)| {
        let caption = caption.trim_end_matches([' ', '/', '-', '–', '—', '|']);
        (!caption.is_empty()).then_some((caption, credit.trim()))
    })
}

/// Whether `line` ends with a labelled credit (`... Photo: Asharq Al-Awsat`,
/// `...ongoingImage: Jens Kalaene/dpa`).
pub fn has_labelled_credit(line: &str) -> bool {
    let mut from = line.len().saturating_sub(CREDIT_BYTES);
    while !line.is_char_boundary(from) {
        from += 1;
    }
    let tail = &line[from..];
    !line.ends_with('.')
        && tail.contains(':')
        && ["Photo", "Image", "Picture", "Credit"].iter().any(|label| tail.contains(label))
        && CREDIT_LABELLED.is_match(tail)
}

/// Whether `line` carries a recognised photo credit at its end.
pub fn has_credit(line: &str) -> bool {
    find_credit(line, false).is_some()
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
                Some("(AFP Photo/CHARLES PLATIAU)"),
            ),
            (
                "A fighter loyal to the army patrols a market area in Khartoum on March 24, 2025. (AFP)",
                "A fighter loyal to the army patrols a market area in Khartoum on March 24, 2025.",
                Some("(AFP)"),
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
            "نشر في: 15 أبريل ,2024: 10:12 ص GST",
            "Updated 10:32 AM EDT, Tue April 16, 2024",
            "Last modified on Mon 15 Apr 2024 00.12 BST",
            "Issued on: 15/04/2024 - 09:14",
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
            assert_eq!(self::furniture(line, true), furniture, "{line:?}");
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
