//! The realistic corpus: seed-layout articles written from the Zipf [`Vocabulary`], with
//! sections, bylines, sources and datelines over ten years, and a query mix drawn from the
//! same vocabulary.
//!
//! Each article is laid out as the shipped seed is: headline, captions printed twice, `TT`,
//! headline again, captions again, then a block of section, byline and dateline lines the
//! parser reads as those fields, then the body.

use std::borrow::Cow;
use std::fmt::Write as _;

use chrono::{NaiveDate, NaiveDateTime, NaiveTime, TimeDelta};

use super::generate::Options;
use super::vocabulary::{FUNCTION_WORDS, PLACES, Vocabulary, Zipf, capitalised};

/// Publishers as (name, whether a news agency that a wire dateline `CAIRO, May 3 (Reuters) -`
/// names), most articles first. Names are letters and spaces, at most 24 bytes, as a dateline
/// `Source / date` prints them.
const SOURCES: &[(&str, bool)] = &[
    ("Reuters", true),
    ("The Harbour Courier", false),
    ("AFP", true),
    ("Northern Ledger", false),
    ("AP", true),
    ("Valley Times", false),
    ("Coastal Herald", false),
    ("Xinhua", true),
    ("The Evening Post", false),
    ("Bloomberg", true),
    ("Riverside Chronicle", false),
    ("Anadolu", true),
];

/// Sections, as the parser's vocabulary names them, most articles first.
const SECTIONS: &[&str] = &[
    "World",
    "Business",
    "Politics",
    "Economy",
    "Sport",
    "Technology",
    "Health",
    "Science",
    "Culture",
    "Opinion",
    "Markets",
    "Travel",
];

/// First two words of page labels and wire credits the parser reads as furniture at a line's
/// start (`Image caption ...`, `More on ...`, `Reporting by ...`): no headline, subheading or
/// paragraph opens with them.
const LABEL_OPENINGS: &[&str] = &[
    "more on",
    "more from",
    "heard on",
    "image caption",
    "image source",
    "photo caption",
    "media caption",
    "enlarge this",
    "skip next",
    "to view",
    "reporting by",
    "additional reporting",
    "writing by",
    "written by",
    "compiled by",
];

/// Words a headline keeps in lower case after its first word.
const SMALL_WORDS: &[&str] = &["a", "an", "and", "as", "at", "by", "for", "in", "of", "on", "or", "the", "to", "with"];

/// First and last day of the datelines.
const FIRST_DAY: NaiveDate = NaiveDate::from_ymd_opt(2016, 1, 1).expect("a real day");
const LAST_DAY: NaiveDate = NaiveDate::from_ymd_opt(2025, 12, 31).expect("a real day");

/// Median paragraphs in an article, and the spread (standard deviation of its logarithm).
const MEDIAN_PARAGRAPHS: f64 = 10.0;
const PARAGRAPH_SPREAD: f64 = 0.55;

/// Writes articles and queries from one random sequence.
struct Writer<'v> {
    vocabulary: &'v Vocabulary,
    rng: fastrand::Rng,
    sources: Zipf,
    sections: Zipf,
}

impl<'v> Writer<'v> {
    fn new(vocabulary: &'v Vocabulary, seed: u64) -> Writer<'v> {
        Writer {
            vocabulary,
            rng: fastrand::Rng::with_seed(seed),
            sources: Zipf::new(SOURCES.len(), 0.8),
            sections: Zipf::new(SECTIONS.len(), 0.8),
        }
    }

    /// A word of running text.
    fn word(&mut self) -> &'v str {
        let vocabulary = self.vocabulary;
        &vocabulary.words[vocabulary.word_ranks.sample(&mut self.rng)]
    }

    /// A word past the function words, as queries and headlines favour.
    fn content_word(&mut self) -> &'v str {
        let vocabulary = self.vocabulary;
        &vocabulary.words[vocabulary.word_ranks.sample_from(&mut self.rng, FUNCTION_WORDS)]
    }

    fn phrase(&mut self) -> &'v str {
        let vocabulary = self.vocabulary;
        vocabulary.phrases.get(vocabulary.phrase_ranks.sample(&mut self.rng)).map_or("", String::as_str)
    }

    fn person(&mut self) -> &'v str {
        let vocabulary = self.vocabulary;
        &vocabulary.people[vocabulary.people_ranks.sample(&mut self.rng)]
    }

    fn reporter(&mut self) -> &'v str {
        let vocabulary = self.vocabulary;
        &vocabulary.people[vocabulary.reporter_ranks.sample(&mut self.rng)]
    }

    fn place(&mut self) -> (&'static str, &'static str) {
        PLACES[self.vocabulary.place_ranks.sample(&mut self.rng)]
    }

    fn number(&mut self) -> String {
        match self.rng.u8(..4) {
            0 => self.rng.u32(2..100).to_string(),
            1 => format!("{}.{}", self.rng.u32(1..20), self.rng.u32(1..10)),
            2 => self.rng.u32(1990..2026).to_string(),
            _ => format!("{},{:03}", self.rng.u32(1..1000), self.rng.u32(..1000)),
        }
    }

    /// A piece of running text: a word, or now and then a phrase, a name, a place or a figure.
    fn piece(&mut self) -> Cow<'v, str> {
        match self.rng.u16(..1000) {
            0..15 => Cow::Borrowed(self.phrase()),
            15..25 => Cow::Borrowed(self.person()),
            25..31 => Cow::Borrowed(self.place().0),
            31..41 => Cow::Owned(self.number()),
            _ => Cow::Borrowed(self.word()),
        }
    }

    /// `count` pieces of running text, none twice in a row, a comma now and then; no capital
    /// at the start, no full stop at the end.
    fn words(&mut self, count: usize) -> String {
        let mut text = String::new();
        let mut previous = Cow::Borrowed("");
        for at in 0..count {
            if at > 0 {
                if self.rng.u8(..100) < 6 {
                    text.push(',');
                }
                text.push(' ');
            }
            let mut piece = self.piece();
            while piece == previous {
                piece = self.piece();
            }
            text.push_str(&piece);
            previous = piece;
        }
        text
    }

    /// A sentence of 8 to 32 words, most near 20, without its closing full stop.
    fn clause(&mut self) -> String {
        loop {
            let count = self.rng.usize(4..=16) + self.rng.usize(4..=16);
            let text = capitalised(&self.words(count));
            if !opens_with_label(&text) {
                return text;
            }
        }
    }

    fn paragraph(&mut self) -> String {
        let sentences = match self.rng.u8(..20) {
            0..5 => 1,
            5..13 => 2,
            13..18 => 3,
            _ => 4,
        };
        let mut text = String::new();
        for at in 0..sentences {
            if at > 0 {
                text.push(' ');
            }
            let clause = self.clause();
            if self.rng.u8(..12) == 0 {
                let _ = write!(text, "\"{clause},\" said {}.", self.person());
            } else {
                let _ = write!(text, "{clause}.");
            }
        }
        text
    }

    /// A subheading: two or three content words in capitals.
    fn subheading(&mut self) -> String {
        loop {
            let count = self.rng.usize(2..=3);
            let text = (0..count).map(|_| self.content_word()).collect::<Vec<_>>().join(" ");
            if !opens_with_label(&text) {
                return text.to_uppercase();
            }
        }
    }

    /// A headline of 5 to 11 words in title case, function words fewer than in text, a
    /// person's family name or a city now and then.
    fn headline(&mut self) -> String {
        loop {
            let count = self.rng.usize(5..=11);
            let mut words: Vec<String> = Vec::with_capacity(count);
            while words.len() < count {
                let word = match self.rng.u8(..100) {
                    0..6 => self.person().rsplit(' ').next().unwrap_or_default().to_owned(),
                    6..12 => self.place().0.to_owned(),
                    _ => {
                        let rank = self.vocabulary.word_ranks.sample(&mut self.rng);
                        if rank < 30 && self.rng.u8(..3) > 0 {
                            continue;
                        }
                        self.vocabulary.words[rank].clone()
                    }
                };
                let small = !words.is_empty() && SMALL_WORDS.contains(&word.as_str());
                words.push(if small { word } else { capitalised(&word) });
            }
            let headline = words.join(" ");
            if !opens_with_label(&headline) {
                return headline;
            }
        }
    }

    /// A photo caption ending with a credit the parser knows, a place and `day` in it.
    fn caption(&mut self, day: NaiveDate) -> String {
        let (city, country) = self.place();
        let count = self.rng.usize(6..=16);
        let what = capitalised(&self.words(count));
        let photographer = self.person();
        let credit = match self.rng.u8(..7) {
            0 => format!("REUTERS/{photographer}"),
            1 => format!("REUTERS/{photographer}/File Photo"),
            2 => "(AFP)".to_owned(),
            3 => "(Reuters)".to_owned(),
            4 => format!("AP Photo/{photographer}"),
            5 => format!("EPA-EFE/{}", photographer.to_uppercase()),
            _ => "Getty Images".to_owned(),
        };
        format!("{what} in {city}, {country}, {}. {credit}", day.format("%-d %B %Y"))
    }

    /// A byline: `By` one or two reporters, or a reporter in a city.
    fn byline(&mut self) -> String {
        match self.rng.u8(..20) {
            0..13 => format!("By {}", self.reporter()),
            13..16 => format!("By {} and {}", self.reporter(), self.reporter()),
            _ => format!("{} in {}", self.reporter(), self.place().0),
        }
    }

    /// A moment between [`FIRST_DAY`] and [`LAST_DAY`], between 06:00 and 23:00.
    fn moment(&mut self) -> NaiveDateTime {
        let days = (LAST_DAY - FIRST_DAY).num_days();
        let day = FIRST_DAY + TimeDelta::days(self.rng.i64(0..=days));
        day.and_time(NaiveTime::MIN) + TimeDelta::minutes(self.rng.i64(6 * 60..23 * 60))
    }

    /// The header's field lines: section (unless the dateline prints it), byline, dateline;
    /// and the wire dateline opening the first paragraph, where the source is an agency the
    /// dateline line does not name.
    fn fields(&mut self, moment: NaiveDateTime) -> (Vec<String>, Option<String>) {
        let (source, agency) = SOURCES[self.sources.sample(&mut self.rng)];
        let section = SECTIONS[self.sections.sample(&mut self.rng)];
        let byline = self.byline();
        if !agency || self.rng.bool() {
            let dateline = format!("{source} / {}", moment.format("%A, %-d %B, %Y - %H:%M"));
            return (vec![section.to_owned(), byline, dateline], None);
        }
        let city = self.place().0.to_uppercase();
        let wire = format!("{city}, {} ({source}) - ", moment.format("%B %-d"));
        let lines = match self.rng.u8(..4) {
            0 => vec![byline, format!("{section} | {}", moment.format("%a %b %-d, %Y | %-I:%M%P GMT"))],
            1 => vec![section.to_owned(), byline, moment.format("Updated %-d %B %Y").to_string()],
            2 => vec![section.to_owned(), byline, moment.format("%B %-d, %Y").to_string()],
            _ => vec![section.to_owned(), byline, moment.format("Published On %-d %b %Y").to_string()],
        };
        (lines, Some(wire))
    }

    /// One article in the seed layout.
    fn article(&mut self) -> String {
        let headline = self.headline();
        let moment = self.moment();
        let photos = match self.rng.u8(..20) {
            0..3 => 0,
            3..15 => 1,
            15..19 => 2,
            _ => 3,
        };
        let captions: Vec<String> = (0..photos).map(|_| self.caption(moment.date())).collect();
        let (fields, wire) = self.fields(moment);
        let mut text = String::new();
        for copy in 0..2 {
            let _ = write!(text, "{headline}\n\n");
            for caption in &captions {
                let _ = write!(text, "{caption}\n{caption}\n");
            }
            if copy == 0 {
                text.push_str("TT\n");
            }
            text.push('\n');
        }
        text.push_str(&fields.join("\n"));
        text.push_str("\n\n");
        let paragraphs = self.paragraphs();
        let separator = if self.rng.bool() { "\n" } else { "\n\n" };
        let mut body = Vec::with_capacity(paragraphs);
        // A first paragraph that opens with a reporter's name reads as the byline's biography.
        let mut first = self.paragraph();
        while self.vocabulary.people.iter().any(|person| first.starts_with(person.as_str())) {
            first = self.paragraph();
        }
        body.push(first);
        for at in 1..paragraphs {
            if at >= 3 && paragraphs >= 8 && self.rng.u8(..12) == 0 {
                body.push(self.subheading());
            }
            body.push(self.paragraph());
        }
        if let (Some(wire), Some(first)) = (wire, body.first_mut()) {
            first.insert_str(0, &wire);
        }
        text.push_str(&body.join(separator));
        text
    }

    /// Paragraphs in an article: log-normal around [`MEDIAN_PARAGRAPHS`], 2 to 60.
    fn paragraphs(&mut self) -> usize {
        // Box-Muller: one standard normal draw from two uniform ones.
        let (u1, u2) = (1.0 - self.rng.f64(), self.rng.f64());
        let normal = (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos();
        ((MEDIAN_PARAGRAPHS.ln() + PARAGRAPH_SPREAD * normal).exp().round() as usize).clamp(2, 60)
    }

    /// One search query: content words, a quoted phrase, a name, a word and a place, a word
    /// left out, or two words either of which may match.
    fn query(&mut self) -> String {
        match self.rng.u8(..100) {
            0..50 => {
                let count = self.rng.usize(1..=3);
                (0..count).map(|_| self.content_word()).collect::<Vec<_>>().join(" ")
            }
            50..65 => format!("\"{}\"", self.phrase()),
            65..72 => format!("\"{}\"", self.person()),
            72..78 => self.person().rsplit(' ').next().unwrap_or_default().to_lowercase(),
            78..88 => format!("{} {}", self.content_word(), self.place().0.to_lowercase()),
            88..95 => format!("{} -{}", self.content_word(), self.content_word()),
            _ => format!("{} OR {}", self.content_word(), self.content_word()),
        }
    }
}

/// Whether `line` opens with a page label ([`LABEL_OPENINGS`]), in any case.
fn opens_with_label(line: &str) -> bool {
    let opening: Vec<&str> = line.split(' ').take(2).collect();
    LABEL_OPENINGS.contains(&opening.join(" ").to_lowercase().as_str())
}

/// The corpus as (file name, contents): `per_file` articles to a file, LF line ends, no
/// article printed twice. The same vocabulary and seed give the same bytes.
pub(crate) fn corpus(vocabulary: &Vocabulary, options: Options) -> Vec<(String, String)> {
    let mut writer = Writer::new(vocabulary, options.seed);
    let articles: Vec<String> = (0..options.articles).map(|_| writer.article()).collect();
    articles
        .chunks(options.per_file.max(1))
        .enumerate()
        .map(|(at, chunk)| (format!("{at:06}.txt"), chunk.join("\n\n\n")))
        .collect()
}

/// `count` search queries (see `Writer::query`), one to three words each, from the same
/// vocabulary as the corpus, without its function words.
pub(crate) fn queries(vocabulary: &Vocabulary, seed: u64, count: usize) -> Vec<String> {
    let mut writer = Writer::new(vocabulary, seed);
    (0..count).map(|_| writer.query()).collect()
}
