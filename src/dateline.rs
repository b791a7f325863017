//! Datelines as printed (`Updated 02 May 2025`, `Mon Jan 26, 2015 | 4:52pm GMT`) read as a
//! date, and a time where one is printed.
//!
//! 1. An ISO 8601 word (`2024-12-31`, `2024-12-31T10:00:00Z`, after RFC 3339) is taken as it
//!    is, with its offset when it has one.
//! 2. Else the first month name (`March`, `Mar`, `Sept`, any case) with a day number (one or
//!    two digits, after the month or else before it) and a four-digit year after them.
//!    Labels and weekdays around it (`Updated`, `Published On`, `Wednesday,`) are passed
//!    over; so is a numeric date glued before it (`09/11/2025September 11, 2025`), since
//!    `09/11` could be either day first or month first.
//! 3. A time (`08:45`, `4:52pm`, `16:52:05`) after the date, else before it, with a zone
//!    after it (`GMT`, `EST`, `PST`, ...: `ZONES`) read at that zone's offset; a time with no
//!    zone is kept as printed (local to the publisher, which the dateline does not name).

use std::fmt;

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, Offset, Timelike, Utc};

/// The date a dateline names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Date {
    /// The calendar day.
    pub day: NaiveDate,
    /// The time of day, to the second, when the dateline prints one.
    pub time: Option<NaiveTime>,
    /// The offset from UTC, when the dateline names a zone (`GMT`, `Z`, `+03:00`).
    pub offset: Option<FixedOffset>,
}

impl Date {
    /// As an HTML date or date-and-time string (WHATWG HTML, "dates and times"), for
    /// `<time datetime>` and the API: `2024-04-22` (a valid date string), `2021-03-03T08:45`
    /// (a valid local date and time string: no zone printed), `2015-01-26T16:52Z` or
    /// `2024-12-31T10:00+03:00` (a valid global date and time string). Seconds only when not
    /// zero. Every form is also ISO 8601.
    pub fn html(&self) -> String {
        let day = self.day.format("%Y-%m-%d");
        let Some(time) = self.time else { return day.to_string() };
        let clock = if time.second() == 0 { time.format("%H:%M") } else { time.format("%H:%M:%S") };
        let zone = match self.offset {
            None => String::new(),
            Some(offset) if offset.local_minus_utc() == 0 => "Z".to_owned(),
            Some(offset) => offset.to_string(),
        };
        format!("{day}T{clock}{zone}")
    }

    /// As one instant, for feeds (RFC 3339 wants a time and an offset): a day alone is taken
    /// at midnight, and a time without a zone as UTC.
    pub fn instant(&self) -> DateTime<FixedOffset> {
        let time = self.time.unwrap_or(NaiveTime::MIN);
        let offset = self.offset.unwrap_or(Utc.fix());
        let local = NaiveDateTime::new(self.day, time);
        local.and_local_timezone(offset).single().unwrap_or_else(|| local.and_utc().fixed_offset())
    }
}

impl fmt::Display for Date {
    /// [`Date::html`].
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(&self.html())
    }
}

impl serde::Serialize for Date {
    /// As [`Date::html`], a string.
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// The date `dateline` names (see the module docs for the forms read); `None` when it names
/// none: no month name with a day and a year, no ISO date, or a day that does not exist
/// (`31 June 2024`).
pub fn parse(dateline: &str) -> Option<Date> {
    iso(dateline).or_else(|| spelled(dateline))
}

/// The first word of `text` that is an ISO 8601 date or date and time.
fn iso(text: &str) -> Option<Date> {
    text.split_whitespace().map(|word| word.trim_matches(|c: char| ",;()[]|".contains(c))).find_map(|word| {
        if let Ok(instant) = DateTime::parse_from_rfc3339(word) {
            let time = instant.time().with_nanosecond(0);
            return Some(Date { day: instant.date_naive(), time, offset: Some(*instant.offset()) });
        }
        let local = ["%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M"]
            .iter()
            .find_map(|format| NaiveDateTime::parse_from_str(word, format).ok())
            .map(|local| Date { day: local.date(), time: Some(local.time()), offset: None });
        local.or_else(|| {
            NaiveDate::parse_from_str(word, "%Y-%m-%d").ok().map(|day| Date { day, time: None, offset: None })
        })
    })
}

/// A piece of a dateline: a run of letters, a run of digits, or one other character
/// (whitespace is dropped).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Token<'a> {
    Word(&'a str),
    Number(&'a str),
    Mark(char),
}

fn tokens(text: &str) -> Vec<Token<'_>> {
    let mut tokens = Vec::new();
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        let run = |is: fn(&char) -> bool| rest.char_indices().find(|(_, c)| !is(c)).map_or(rest.len(), |(at, _)| at);
        let (token, len) = if c.is_alphabetic() {
            let len = run(|c| c.is_alphabetic());
            (Some(Token::Word(&rest[..len])), len)
        } else if c.is_ascii_digit() {
            let len = run(char::is_ascii_digit);
            (Some(Token::Number(&rest[..len])), len)
        } else {
            ((!c.is_whitespace()).then_some(Token::Mark(c)), c.len_utf8())
        };
        tokens.extend(token);
        rest = &rest[len..];
    }
    tokens
}

/// Month names and their abbreviations, lowercase, by month number.
const MONTHS: [(&str, u32); 13] = [
    ("january", 1),
    ("february", 2),
    ("march", 3),
    ("april", 4),
    ("may", 5),
    ("june", 6),
    ("july", 7),
    ("august", 8),
    ("september", 9),
    ("october", 10),
    ("november", 11),
    ("december", 12),
    ("sept", 9),
];

/// The month `word` names, in full or by its first three letters.
fn month(word: &str) -> Option<u32> {
    let word = word.to_lowercase();
    MONTHS.iter().find(|(name, _)| *name == word || (word.len() == 3 && name.starts_with(&word))).map(|&(_, n)| n)
}

/// The number `token` holds, when it is a number whose count of digits `fits`.
fn number(token: Option<&Token<'_>>, fits: impl Fn(usize) -> bool) -> Option<u32> {
    match token {
        Some(Token::Number(digits)) if fits(digits.len()) => digits.parse().ok(),
        _ => None,
    }
}

/// A date spelled with a month name, and its time (see the module docs).
fn spelled(text: &str) -> Option<Date> {
    let tokens = tokens(text);
    tokens.iter().enumerate().find_map(|(at, token)| {
        let Token::Word(word) = token else { return None };
        let month = month(word)?;
        let is_day = |digits: usize| digits <= 2;
        let (day, from) = match number(tokens.get(at + 1), is_day) {
            Some(day) => (day, at + 2),
            None => (number(at.checked_sub(1).and_then(|before| tokens.get(before)), is_day)?, at + 1),
        };
        let (year_at, year) = tokens
            .iter()
            .enumerate()
            .skip(from)
            .find_map(|(at, token)| number(Some(token), |digits| digits == 4).map(|year| (at, year)))?;
        let day = NaiveDate::from_ymd_opt(i32::try_from(year).ok()?, month, day)?;
        let time = (year_at + 1..tokens.len()).chain(0..at).find_map(|start| clock(&tokens[start..]));
        Some(Date { day, time: time.map(|(time, _)| time), offset: time.and_then(|(_, offset)| offset) })
    })
}

/// Zone abbreviations a dateline's time may carry, and their offsets east of UTC in hours.
/// `CST` and `IST` are left out: each names zones hours apart (US Central and China;
/// India, Ireland and Israel).
const ZONES: [(&str, i32); 12] = [
    ("GMT", 0),
    ("UTC", 0),
    ("Z", 0),
    ("BST", 1),
    ("CET", 1),
    ("CEST", 2),
    ("EST", -5),
    ("EDT", -4),
    ("MST", -7),
    ("MDT", -6),
    ("PST", -8),
    ("PDT", -7),
];

/// A time at the start of `tokens`: `H:MM` or `H:MM:SS`, then `am` or `pm`, then a zone
/// ([`ZONES`]: `GMT`, `EST`, ...), each optional.
fn clock(tokens: &[Token<'_>]) -> Option<(NaiveTime, Option<FixedOffset>)> {
    let hour = number(tokens.first(), |digits| digits <= 2)?;
    let (Some(Token::Mark(':')), minute) = (tokens.get(1), number(tokens.get(2), |digits| digits == 2)?) else {
        return None;
    };
    let mut next = 3;
    let mut second = 0;
    if let (Some(Token::Mark(':')), Some(seconds)) = (tokens.get(3), number(tokens.get(4), |digits| digits == 2)) {
        second = seconds;
        next = 5;
    }
    let hour = match tokens.get(next) {
        Some(Token::Word(half)) if half.eq_ignore_ascii_case("am") || half.eq_ignore_ascii_case("pm") => {
            next += 1;
            if !(1..=12).contains(&hour) {
                return None;
            }
            hour % 12 + if half.eq_ignore_ascii_case("pm") { 12 } else { 0 }
        }
        _ => hour,
    };
    let time = NaiveTime::from_hms_opt(hour, minute, second)?;
    let offset = match tokens.get(next) {
        Some(Token::Word(word)) => {
            ZONES.iter().find(|(zone, _)| zone == word).and_then(|(_, hours)| FixedOffset::east_opt(hours * 3600))
        }
        _ => None,
    };
    Some((time, offset))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `(dateline, html form, RFC 3339 instant)`, one a form.
    const FORMS: [(&str, &str, &str); 21] = [
        ("Mon Jan 26, 2015 | 4:52pm EST", "2015-01-26T16:52-05:00", "2015-01-26T16:52:00-05:00"),
        ("Mon Jan 26, 2015 | 11:30pm PST", "2015-01-26T23:30-08:00", "2015-01-26T23:30:00-08:00"),
        ("Wednesday, 3 March, 2021 - 08:45", "2021-03-03T08:45", "2021-03-03T08:45:00+00:00"),
        ("Tuesday, 21 November, 2017 - 07:30", "2017-11-21T07:30", "2017-11-21T07:30:00+00:00"),
        ("April 22, 2024", "2024-04-22", "2024-04-22T00:00:00+00:00"),
        ("July 4, 2023", "2023-07-04", "2023-07-04T00:00:00+00:00"),
        ("September 11, 2025", "2025-09-11", "2025-09-11T00:00:00+00:00"),
        ("Updated 02 May 2025", "2025-05-02", "2025-05-02T00:00:00+00:00"),
        ("Updated 14 June 2024", "2024-06-14", "2024-06-14T00:00:00+00:00"),
        ("Friday, 31 March 2023", "2023-03-31", "2023-03-31T00:00:00+00:00"),
        (" date 2014-09-10 ", "2014-09-10", "2014-09-10T00:00:00+00:00"),
        ("2024-12-31", "2024-12-31", "2024-12-31T00:00:00+00:00"),
        ("2024-12-31T10:00:00Z", "2024-12-31T10:00Z", "2024-12-31T10:00:00+00:00"),
        ("2024-12-31T10:00:30+03:00", "2024-12-31T10:00:30+03:00", "2024-12-31T10:00:30+03:00"),
        ("2024-12-31T10:00", "2024-12-31T10:00", "2024-12-31T10:00:00+00:00"),
        ("Mon Jan 26, 2015 | 4:52pm GMT", "2015-01-26T16:52Z", "2015-01-26T16:52:00+00:00"),
        ("Published On 31 Dec 2024", "2024-12-31", "2024-12-31T00:00:00+00:00"),
        ("Wed Aug 13, 2014", "2014-08-13", "2014-08-13T00:00:00+00:00"),
        ("09/11/2025September 11, 2025", "2025-09-11", "2025-09-11T00:00:00+00:00"),
        ("Jun 27, 2014", "2014-06-27", "2014-06-27T00:00:00+00:00"),
        ("Thu Sept 4, 2014 12:05am UTC", "2014-09-04T00:05Z", "2014-09-04T00:05:00+00:00"),
    ];

    #[test]
    fn each_printed_form_reads_as_its_date() {
        for (dateline, html, instant) in FORMS {
            let date = parse(dateline).unwrap_or_else(|| panic!("{dateline:?} reads as a date"));
            assert_eq!(date.html(), html, "{dateline:?}");
            assert_eq!(date.instant().to_rfc3339(), instant, "{dateline:?}");
        }
    }

    #[test]
    fn parts_are_read_exactly() {
        let date = parse("Mon Jan 26, 2015 | 4:52pm GMT").expect("a date");
        assert_eq!(date.day, NaiveDate::from_ymd_opt(2015, 1, 26).expect("a day"));
        assert_eq!(date.time, NaiveTime::from_hms_opt(16, 52, 0));
        assert_eq!(date.offset, FixedOffset::east_opt(0));
        let date = parse("Wednesday, 3 March, 2021 - 08:45").expect("a date");
        assert_eq!((date.time, date.offset), (NaiveTime::from_hms_opt(8, 45, 0), None));
        assert_eq!(serde_json::to_string(&date).expect("serialises"), "\"2021-03-03T08:45\"");
    }

    #[test]
    fn text_without_a_whole_date_is_none() {
        for dateline in ["yesterday", "", "Updated May 2025", "09/11/2025", "31 June 2024", "March 3", "13:00 GMT"] {
            assert_eq!(parse(dateline), None, "{dateline:?}");
        }
        // A time that does not exist is left out, the date kept.
        assert_eq!(parse("April 22, 2024 - 25:10").map(|date| date.html()).as_deref(), Some("2024-04-22"));
        assert_eq!(parse("April 22, 2024 13:10pm").map(|date| date.html()).as_deref(), Some("2024-04-22"));
    }
}
