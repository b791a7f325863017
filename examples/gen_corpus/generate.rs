//! Deterministic seed-corpus generation, shared by the `gen_corpus` example and the benches.

use std::fmt::Write as _;

const WORDS: &[&str] = &[
    "council",
    "harbour",
    "budget",
    "minister",
    "river",
    "election",
    "market",
    "workers",
    "union",
    "strike",
    "chips",
    "model",
    "energy",
    "prices",
    "drought",
    "rainfall",
    "trade",
    "tariff",
    "court",
    "ruling",
    "appeal",
    "hospital",
    "doctors",
    "schools",
    "teachers",
    "students",
    "railway",
    "airport",
    "flights",
    "tourism",
    "festival",
    "museum",
    "exhibition",
    "football",
    "league",
    "season",
    "coach",
    "transfer",
    "stadium",
    "police",
    "inquiry",
    "report",
    "survey",
    "growth",
    "inflation",
    "rates",
    "bank",
    "lenders",
    "housing",
    "rents",
    "city",
    "village",
    "farmers",
    "harvest",
    "wheat",
    "exports",
    "imports",
    "shipping",
    "port",
    "border",
    "talks",
    "ceasefire",
    "aid",
    "convoy",
    "storm",
    "flooding",
    "wildfire",
    "heatwave",
    "climate",
    "summit",
    "leaders",
    "treaty",
    "vote",
    "parliament",
    "senate",
    "governor",
    "mayor",
    "budgetary",
    "reform",
    "pension",
    "wages",
    "jobs",
    "factory",
    "plant",
    "carmaker",
    "batteries",
    "solar",
    "wind",
    "turbines",
    "grid",
    "outage",
    "network",
    "software",
    "startup",
    "investors",
    "shares",
    "profit",
    "losses",
    "merger",
    "deal",
    "regulator",
    "fine",
    "privacy",
    "data",
];
const UNICODE: &[&str] =
    &["café", "Zürich", "naïve", "São Paulo", "Kraków", "北京", "東京", "القاهرة", "🚆", "“quoted”"];
const CREDITS: &[&str] = &[
    "REUTERS/Aly Song/File Photo",
    "(AFP)",
    "(Reuters)",
    "AP Photo/Evan Vucci",
    "EPA-EFE/MOHAMMED SABER",
    "- AFP",
    "Getty Images",
];

/// Options of one corpus.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Options {
    /// Articles in all (duplicates included).
    pub(crate) articles: usize,
    /// Articles per file.
    pub(crate) per_file: usize,
    /// RNG seed: the same seed gives the same bytes.
    pub(crate) seed: u64,
}

fn words(rng: &mut fastrand::Rng, count: usize) -> String {
    let mut text = String::new();
    for index in 0..count {
        if index > 0 {
            text.push(' ');
        }
        if rng.u8(..) < 4 {
            text.push_str(UNICODE[rng.usize(..UNICODE.len())]);
        } else {
            text.push_str(WORDS[rng.usize(..WORDS.len())]);
        }
    }
    text
}

fn sentence(rng: &mut fastrand::Rng, count: usize) -> String {
    let mut text = words(rng, count);
    if let Some(first) = text.get(..1) {
        let upper = first.to_uppercase();
        text.replace_range(..1, &upper);
    }
    text.push('.');
    text
}

fn title(rng: &mut fastrand::Rng, id: usize) -> String {
    let count = rng.usize(5..10);
    let mut headline: Vec<String> = words(rng, count)
        .split(' ')
        .map(|word| {
            let mut chars = word.chars();
            chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
        })
        .collect();
    headline.push(format!("No. {id}"));
    headline.join(" ")
}

/// One article in the seed layout, about 5 KB, with the variants real files have.
pub(crate) fn article(rng: &mut fastrand::Rng, id: usize) -> String {
    let headline = title(rng, id);
    let photos = match rng.u8(..10) {
        0 => 0,
        1 => 2,
        _ => 1,
    };
    let repeats = rng.usize(1..=3);
    let mut captions = Vec::new();
    for _ in 0..photos {
        let credit = CREDITS[rng.usize(..CREDITS.len())];
        let length = rng.usize(12..30);
        captions.push(format!("{} {credit}", sentence(rng, length)));
    }
    let marker = rng.u8(..10) > 1;
    let mut header = String::new();
    for copy in 0..2 {
        let _ = write!(header, "{headline}\n\n");
        for caption in &captions {
            for _ in 0..repeats {
                let _ = writeln!(header, "{caption}");
            }
        }
        if copy == 0 && marker {
            header.push_str("TT\n");
        }
        header.push('\n');
    }
    let separator = if rng.bool() { "\n" } else { "\n\n" };
    let mut body = Vec::new();
    while body.iter().map(String::len).sum::<usize>() < 4500 {
        if rng.u8(..20) == 0 {
            let count = rng.usize(1..3);
            body.push(words(rng, count).to_uppercase());
        } else {
            let count = rng.usize(2..5);
            let sentences: Vec<String> = (0..count)
                .map(|_| {
                    let length = rng.usize(8..24);
                    sentence(rng, length)
                })
                .collect();
            body.push(sentences.join(" "));
        }
    }
    format!("{header}{}", body.join(separator))
}

/// The corpus as (file name, contents): articles `per_file` to a file, every 50th article
/// printed again in the next file, one file in ten with CRLF line ends.
pub(crate) fn corpus(options: Options) -> Vec<(String, String)> {
    let mut rng = fastrand::Rng::with_seed(options.seed);
    let mut files = Vec::new();
    let mut current = Vec::new();
    let mut repeat: Option<String> = None;
    for id in 0..options.articles {
        let text = match (id % 50 == 49, &repeat) {
            (true, Some(previous)) => previous.clone(),
            _ => article(&mut rng, id),
        };
        if id % 50 == 10 {
            repeat = Some(text.clone());
        }
        current.push(text);
        if current.len() == options.per_file || id + 1 == options.articles {
            let mut contents = current.join("\n\n\n");
            if files.len() % 10 == 3 {
                contents = contents.replace('\n', "\r\n");
            }
            files.push((format!("{:06}.txt", files.len()), contents));
            current.clear();
        }
    }
    files
}

/// Search queries for benchmarks: one to three vocabulary words, some quoted or excluded.
pub(crate) fn queries(seed: u64, count: usize) -> Vec<String> {
    let mut rng = fastrand::Rng::with_seed(seed);
    (0..count)
        .map(|_| {
            let count = rng.usize(1..4);
            let terms = words(&mut rng, count);
            match rng.u8(..10) {
                0 => format!("\"{terms}\""),
                1 => format!("{terms} -{}", WORDS[rng.usize(..WORDS.len())]),
                _ => terms,
            }
        })
        .collect()
}
