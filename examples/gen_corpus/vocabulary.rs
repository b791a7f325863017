//! The realistic corpus's vocabulary: words ranked for a Zipf distribution, two-word phrases,
//! people and places.
//!
//! The most frequent words are the English words of the real pages in `tests/fixtures/`
//! (lower-cased, deduplicated, ranked by how often the pages use them); made-up words of
//! pronounceable syllables fill the ranks after them up to [`WORDS`]. Everything here is
//! the same for every corpus seed, so query files of different corpora share one vocabulary.

use std::collections::{HashMap, HashSet};
use std::io;
use std::path::Path;

/// Distinct words in the vocabulary, real and made up.
pub(crate) const WORDS: usize = 60_000;

/// Zipf exponent of word ranks in text: Zipf's law for natural language has about 1.
const EXPONENT: f64 = 1.0;

/// Zipf exponent of phrase ranks: flatter than words', as the fixtures are too few to rank
/// their phrases well.
const PHRASE_EXPONENT: f64 = 0.7;

/// Zipf exponent of people and places: flatter still, so that no one person is named in
/// most articles.
const NAME_EXPONENT: f64 = 0.6;

/// Ranks below this hold the function words (`the`, `of`, `said`): queries skip them.
pub(crate) const FUNCTION_WORDS: usize = 100;

/// Seed of the made-up words and names, fixed so every corpus has the same vocabulary.
const VOCABULARY_SEED: u64 = 0x6e65_7773;

/// Fixture folders of English page text the real words are read from, under the repository.
const FIXTURE_FOLDERS: &[&str] =
    &["tests/fixtures/bbc", "tests/fixtures/layouts", "tests/fixtures/more", "tests/fixtures/aawsat"];

/// People in the news (bylines draw from the first [`REPORTERS`]).
const PEOPLE: usize = 3_000;

/// Reporters: the people bylines name.
const REPORTERS: usize = 400;

const ONSETS: &[&str] = &[
    "b", "c", "d", "f", "g", "h", "j", "k", "l", "m", "n", "p", "r", "s", "t", "v", "w", "z", "br", "ch", "cl", "dr",
    "fl", "gr", "pl", "pr", "sh", "st", "th", "tr",
];
const VOWELS: &[&str] = &["a", "e", "i", "o", "u", "a", "e", "i", "o", "ai", "ea", "ou"];
const CODAS: &[&str] = &["", "", "", "", "", "n", "r", "s", "l", "t", "m", "nd", "st"];

const GIVEN_NAMES: &[&str] = &[
    "Maria", "James", "Fatima", "Wei", "Olga", "Ahmed", "Sarah", "Daniel", "Aisha", "Hiroshi", "Elena", "Omar",
    "Priya", "Lucas", "Amara", "Chen", "Sofia", "David", "Leila", "Kwame", "Anna", "Mohammed", "Grace", "Pablo",
    "Ingrid", "Rahul", "Nadia", "Thomas", "Yuki", "Samuel", "Hana", "Marco", "Zainab", "Peter", "Lina", "Ivan", "Rosa",
    "Tariq", "Claire", "Emeka", "Julia", "Karim", "Mei", "Oscar", "Noura", "Felix", "Amina", "Jonas",
];
const FAMILY_NAMES: &[&str] = &[
    "Lopez", "Smith", "Haddad", "Zhang", "Petrova", "Khan", "Okafor", "Tanaka", "Rossi", "Novak", "Garcia", "Nasser",
    "Sharma", "Muller", "Mensah", "Kowalski", "Silva", "Brown", "Farouk", "Ivanova", "Nguyen", "Larsen", "Costa",
    "Yilmaz", "Dubois", "Osei", "Park", "Hassan", "Wright", "Moreau", "Kim", "Bakr", "Jensen", "Santos", "Walsh",
    "Ali", "Fischer", "Sato", "Owusu", "Reyes",
];

/// Places as (city, country), most in the news first.
pub(crate) const PLACES: &[(&str, &str)] = &[
    ("London", "Britain"),
    ("Washington", "United States"),
    ("Beijing", "China"),
    ("Cairo", "Egypt"),
    ("Paris", "France"),
    ("New York", "United States"),
    ("Berlin", "Germany"),
    ("Tokyo", "Japan"),
    ("Moscow", "Russia"),
    ("Riyadh", "Saudi Arabia"),
    ("Brussels", "Belgium"),
    ("Beirut", "Lebanon"),
    ("Dubai", "United Arab Emirates"),
    ("Nairobi", "Kenya"),
    ("Sydney", "Australia"),
    ("Mumbai", "India"),
    ("Istanbul", "Turkey"),
    ("Madrid", "Spain"),
    ("Rome", "Italy"),
    ("Seoul", "South Korea"),
    ("Lagos", "Nigeria"),
    ("Toronto", "Canada"),
    ("Jakarta", "Indonesia"),
    ("Geneva", "Switzerland"),
    ("Baghdad", "Iraq"),
    ("Tehran", "Iran"),
    ("Kyiv", "Ukraine"),
    ("Warsaw", "Poland"),
    ("Athens", "Greece"),
    ("Lima", "Peru"),
    ("Johannesburg", "South Africa"),
    ("Singapore", "Singapore"),
    ("Amman", "Jordan"),
    ("Khartoum", "Sudan"),
    ("Hanoi", "Vietnam"),
    ("Santiago", "Chile"),
    ("Oslo", "Norway"),
    ("Manila", "Philippines"),
    ("Accra", "Ghana"),
    ("Doha", "Qatar"),
];

/// Sampling of ranks `0..n` with the weight of rank `r` proportional to `1 / (r + 1)^s`.
#[derive(Debug, Clone)]
pub(crate) struct Zipf {
    /// Running sums of the weights, by rank.
    cumulative: Vec<f64>,
}

impl Zipf {
    /// Weights for `n` ranks with exponent `s`.
    pub(crate) fn new(n: usize, s: f64) -> Zipf {
        let mut total = 0.0;
        let cumulative = (1..=n)
            .map(|rank| {
                total += (rank as f64).powf(-s);
                total
            })
            .collect();
        Zipf { cumulative }
    }

    /// A rank drawn from `from..n`, each with its Zipf weight.
    pub(crate) fn sample_from(&self, rng: &mut fastrand::Rng, from: usize) -> usize {
        let below = if from == 0 { 0.0 } else { self.cumulative[from - 1] };
        let total = self.cumulative.last().copied().unwrap_or_default();
        let target = below + rng.f64() * (total - below);
        self.cumulative.partition_point(|&sum| sum <= target).min(self.cumulative.len() - 1)
    }

    /// A rank drawn from every rank.
    pub(crate) fn sample(&self, rng: &mut fastrand::Rng) -> usize {
        self.sample_from(rng, 0)
    }
}

/// The words, phrases and names a realistic corpus and its queries are drawn from.
#[derive(Debug, Clone)]
pub(crate) struct Vocabulary {
    /// [`WORDS`] distinct lower-case words, most frequent first.
    pub(crate) words: Vec<String>,
    /// How many of `words` come from the fixtures (the first ones).
    pub(crate) real: usize,
    /// Two-word phrases of the fixtures with a content word, most frequent first.
    pub(crate) phrases: Vec<String>,
    /// People as `Given Family`, most in the news first.
    pub(crate) people: Vec<String>,
    /// Ranks of `words` in running text.
    pub(crate) word_ranks: Zipf,
    /// Ranks of `phrases`.
    pub(crate) phrase_ranks: Zipf,
    /// Ranks of `people` named in text and queries.
    pub(crate) people_ranks: Zipf,
    /// Ranks of the first [`REPORTERS`] of `people`, for bylines.
    pub(crate) reporter_ranks: Zipf,
    /// Ranks of [`PLACES`].
    pub(crate) place_ranks: Zipf,
}

impl Vocabulary {
    /// Reads the real words from the fixture folders under `repository` (every `*.txt`, by
    /// name) and makes up the rest. Errors: a folder or file that cannot be read, named.
    pub(crate) fn load(repository: &Path) -> io::Result<Vocabulary> {
        let mut lines = Vec::new();
        for folder in FIXTURE_FOLDERS {
            let folder = repository.join(folder);
            let named = |error: io::Error| io::Error::new(error.kind(), format!("{}: {error}", folder.display()));
            let mut files: Vec<_> = std::fs::read_dir(&folder)
                .map_err(named)?
                .map(|entry| entry.map(|entry| entry.path()))
                .collect::<io::Result<_>>()
                .map_err(named)?;
            files.retain(|path| path.extension().is_some_and(|ext| ext == "txt"));
            files.sort();
            for file in files {
                let bytes = std::fs::read(&file)
                    .map_err(|error| io::Error::new(error.kind(), format!("{}: {error}", file.display())))?;
                // Some pages are in a legacy encoding: only their ASCII words are taken.
                lines.extend(String::from_utf8_lossy(&bytes).lines().map(str::to_owned));
            }
        }
        Ok(Vocabulary::from_text(&lines))
    }

    /// The vocabulary of real page text given as lines.
    fn from_text(lines: &[String]) -> Vocabulary {
        let mut counts: HashMap<String, usize> = HashMap::new();
        let mut pairs: HashMap<(String, String), usize> = HashMap::new();
        // Pages print captions twice, and some pages are in two folders: each line counts once.
        let mut seen_lines = HashSet::new();
        for line in lines.iter().filter(|line| seen_lines.insert(line.as_str())) {
            let mut previous: Option<String> = None;
            for token in line.split_whitespace() {
                let word = token.trim_matches(|c: char| !c.is_ascii_alphabetic());
                let plain = !word.is_empty() && word.bytes().all(|byte| byte.is_ascii_alphabetic());
                if !plain {
                    previous = None;
                    continue;
                }
                let word = word.to_ascii_lowercase();
                *counts.entry(word.clone()).or_default() += 1;
                if let Some(before) = previous.take() {
                    *pairs.entry((before, word.clone())).or_default() += 1;
                }
                // A phrase does not run across punctuation.
                previous = token.ends_with(|c: char| c.is_ascii_alphabetic()).then_some(word);
            }
        }
        let mut words: Vec<(String, usize)> = counts.into_iter().collect();
        words.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        let mut words: Vec<String> = words.into_iter().map(|(word, _)| word).collect();
        words.truncate(WORDS);
        let real = words.len();
        let rank: HashMap<&str, usize> = words.iter().enumerate().map(|(at, word)| (word.as_str(), at)).collect();
        let mut phrases: Vec<((String, String), usize)> = pairs
            .into_iter()
            .filter(|((a, b), count)| {
                let content = |word: &String| rank.get(word.as_str()).is_some_and(|&at| at >= FUNCTION_WORDS);
                *count >= 2 && a != b && (content(a) || content(b))
            })
            .collect();
        phrases.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        let phrases: Vec<String> = phrases.into_iter().map(|((a, b), _)| format!("{a} {b}")).collect();

        let mut rng = fastrand::Rng::with_seed(VOCABULARY_SEED);
        let mut seen: HashSet<String> = words.iter().cloned().collect();
        while words.len() < WORDS {
            let syllables = match rng.u8(..10) {
                0 => 1,
                1..7 => 2,
                _ => 3,
            };
            let word = made_up(&mut rng, syllables);
            if seen.insert(word.clone()) {
                words.push(word);
            }
        }
        let people = people(&mut rng);
        Vocabulary {
            word_ranks: Zipf::new(words.len(), EXPONENT),
            phrase_ranks: Zipf::new(phrases.len().max(1), PHRASE_EXPONENT),
            people_ranks: Zipf::new(people.len(), NAME_EXPONENT),
            reporter_ranks: Zipf::new(REPORTERS, NAME_EXPONENT),
            place_ranks: Zipf::new(PLACES.len(), NAME_EXPONENT),
            words,
            real,
            phrases,
            people,
        }
    }
}

/// A made-up word of `syllables` syllables (onset, vowel, optional coda), lower case.
fn made_up(rng: &mut fastrand::Rng, syllables: usize) -> String {
    let mut word = String::new();
    for _ in 0..syllables {
        word.push_str(ONSETS[rng.usize(..ONSETS.len())]);
        word.push_str(VOWELS[rng.usize(..VOWELS.len())]);
        word.push_str(CODAS[rng.usize(..CODAS.len())]);
    }
    word
}

/// [`PEOPLE`] distinct names: a given name and a family name, real or made up.
fn people(rng: &mut fastrand::Rng) -> Vec<String> {
    let mut seen = HashSet::new();
    let mut people = Vec::with_capacity(PEOPLE);
    while people.len() < PEOPLE {
        let given = GIVEN_NAMES[rng.usize(..GIVEN_NAMES.len())];
        let family = if rng.u8(..10) < 4 {
            FAMILY_NAMES[rng.usize(..FAMILY_NAMES.len())].to_owned()
        } else {
            let syllables = rng.usize(2..=3);
            capitalised(&made_up(rng, syllables))
        };
        let name = format!("{given} {family}");
        if seen.insert(name.clone()) {
            people.push(name);
        }
    }
    people
}

/// `word` with its first letter in capitals.
pub(crate) fn capitalised(word: &str) -> String {
    let mut chars = word.chars();
    chars.next().map(|first| first.to_uppercase().chain(chars).collect()).unwrap_or_default()
}
