//! Slugs: the URL path segment that names an article (`/articles/{slug}`), and the rule that
//! keeps every article URL working whatever other articles come and go.
//!
//! Each article has two names:
//! - its *permanent* slug, `{headline-slug}-{content-hash}` (or the hash alone for a headline
//!   with no letter or digit), which depends on nothing but the article's own text;
//! - its *canonical* slug, the bare headline slug when no other article shares it, else the
//!   permanent slug.
//!
//! Both always resolve ([`Index::find`]); a bare slug shared by several articles resolves to
//! the list of them, so a link made before a colliding article arrived still leads to it.

use foldhash::{HashMap, HashMapExt};

use sha2::{Digest, Sha256};

/// Longest slug made from a headline, in bytes (ASCII characters), before any hash suffix.
pub const MAX_SLUG_LEN: usize = 80;

/// Apostrophes, dropped before slugifying so `UK’s` gives `uks`, not `uk-s`.
const APOSTROPHES: [char; 3] = ['\'', '\u{2019}', '\u{2bc}'];

/// The slug of a headline: apostrophes dropped, symbols and emoji read as spaces,
/// letters and digits transliterated to ASCII (`deunicode`, through the `slug` crate),
/// lowercase, words joined by `-`, at most [`MAX_SLUG_LEN`] characters cut at a word
/// boundary. Empty when the headline has no letter or digit (emoji, punctuation).
pub fn from_headline(headline: &str) -> String {
    let words: String = headline
        .chars()
        .filter(|c| !APOSTROPHES.contains(c))
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect();
    let slug = slug::slugify(words);
    if slug.len() <= MAX_SLUG_LEN {
        return slug;
    }
    let head = &slug[..=MAX_SLUG_LEN];
    match head.rfind('-') {
        Some(cut) if cut > 0 => head[..cut].to_owned(),
        _ => slug[..MAX_SLUG_LEN].to_owned(),
    }
}

/// Short hex digest of an article's content (headline and body text), 8 characters: the
/// same text always gives the same suffix, whatever else is in the corpus.
pub fn content_hash<'a>(parts: impl IntoIterator<Item = &'a str>) -> String {
    let mut hasher = Sha256::new();
    for part in parts {
        hasher.update(part.as_bytes());
        hasher.update([0]);
    }
    let digest = hasher.finalize();
    let mut hex = String::with_capacity(8);
    for byte in &digest[..4] {
        hex.push(char::from(HEX_DIGITS[usize::from(byte >> 4)]));
        hex.push(char::from(HEX_DIGITS[usize::from(byte & 0xF)]));
    }
    hex
}

/// Lowercase hexadecimal digits, by value.
const HEX_DIGITS: &[u8; 16] = b"0123456789abcdef";

/// The slugs of one article, as [`Index::build`] assigns them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Names {
    /// The URL the article is served at: the bare headline slug when unique, else `permanent`.
    pub canonical: String,
    /// The slug that never changes while the article's text does not: headline slug and
    /// 8-character content hash (`bytedance-plans-...-chips-1a2b3c4d`), or the hash alone.
    pub permanent: String,
}

/// What a slug leads to, from [`Index::find`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Found<'a> {
    /// One article, by its position in list order.
    One(usize),
    /// A bare headline slug that several articles share: their positions, in list order.
    Several(&'a [usize]),
    /// Nothing.
    Nothing,
}

/// Slug lookup for a corpus: canonical and permanent slugs to positions, and shared bare
/// slugs to every article that shares them.
#[derive(Debug, Clone, Default)]
pub struct Index {
    by_slug: HashMap<String, usize>,
    shared: HashMap<String, Vec<usize>>,
}

impl Index {
    /// Names every article and indexes the names. `articles` gives, in list order, each
    /// article's headline slug ([`from_headline`]) and its [`content_hash`].
    ///
    /// Two articles with identical text (same headline and body) share a permanent slug; the
    /// later ones get `-2`, `-3`... appended in list order. Being the same text, either URL
    /// shows the same article. A canonical slug always wins over another article's
    /// permanent slug of the same spelling.
    pub fn build<'a>(articles: impl IntoIterator<Item = (&'a str, &'a str)>) -> (Vec<Names>, Index) {
        let keyed: Vec<(&str, &str)> = articles.into_iter().collect();
        let mut bases: HashMap<&str, Vec<usize>> = HashMap::with_capacity(keyed.len());
        for (position, (base, _)) in keyed.iter().enumerate() {
            if !base.is_empty() {
                bases.entry(*base).or_default().push(position);
            }
        }
        let shared: HashMap<String, Vec<usize>> = bases
            .into_iter()
            .filter(|(_, positions)| positions.len() > 1)
            .map(|(base, positions)| (base.to_owned(), positions))
            .collect();
        // A permanent slug is spelled from its (headline slug, hash) pair alone, and the
        // hash has a fixed length, so equal pairs are equal slugs and no other pairs are.
        let mut seen: HashMap<(&str, &str), usize> = HashMap::with_capacity(keyed.len());
        let names: Vec<Names> = keyed
            .iter()
            .map(|&(base, hash)| {
                let mut permanent = if base.is_empty() { hash.to_owned() } else { format!("{base}-{hash}") };
                let copies = seen.entry((base, hash)).or_default();
                *copies += 1;
                if *copies > 1 {
                    permanent = format!("{permanent}-{copies}");
                }
                let unique = !base.is_empty() && !shared.contains_key(base);
                let canonical = if unique { base.to_owned() } else { permanent.clone() };
                Names { canonical, permanent }
            })
            .collect();
        let mut by_slug = HashMap::with_capacity(names.len() * 2);
        for (position, name) in names.iter().enumerate() {
            by_slug.insert(name.canonical.clone(), position);
        }
        for (position, name) in names.iter().enumerate() {
            by_slug.entry(name.permanent.clone()).or_insert(position);
        }
        (names, Index { by_slug, shared })
    }

    /// What `slug` (exact spelling, lowercase) names: one article by canonical or permanent
    /// slug, the articles sharing a bare headline slug, or nothing.
    pub fn find(&self, slug: &str) -> Found<'_> {
        if let Some(&position) = self.by_slug.get(slug) {
            return Found::One(position);
        }
        self.shared.get(slug).map_or(Found::Nothing, |positions| Found::Several(positions))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(articles: &[(&str, &str)]) -> (Vec<Names>, Index) {
        let slugs: Vec<String> = articles.iter().map(|(headline, _)| from_headline(headline)).collect();
        Index::build(slugs.iter().zip(articles).map(|(slug, (_, hash))| (slug.as_str(), *hash)))
    }

    #[test]
    fn unique_headlines_keep_their_bare_slug() {
        let (names, index) = names(&[("Oil Rises", "11111111"), ("Gold Falls", "22222222")]);
        assert_eq!(names[0], Names { canonical: "oil-rises".into(), permanent: "oil-rises-11111111".into() });
        assert_eq!(index.find("oil-rises"), Found::One(0));
        assert_eq!(index.find("oil-rises-11111111"), Found::One(0));
        assert_eq!(index.find("gold-falls"), Found::One(1));
        assert_eq!(index.find("gold"), Found::Nothing);
    }

    #[test]
    fn a_colliding_pair_both_get_the_hash_and_share_the_bare_slug() {
        let (names, index) =
            names(&[("Oil Rises", "11111111"), ("Gold Falls", "22222222"), ("Oil rises!", "33333333")]);
        assert_eq!(names[0].canonical, "oil-rises-11111111");
        assert_eq!(names[2].canonical, "oil-rises-33333333");
        assert_eq!(index.find("oil-rises"), Found::Several(&[0, 2]));
        assert_eq!(index.find("oil-rises-33333333"), Found::One(2));
    }

    #[test]
    fn an_empty_headline_slug_is_the_hash() {
        let (names, index) = names(&[("🎉🎉", "abcdef01")]);
        assert_eq!(names[0], Names { canonical: "abcdef01".into(), permanent: "abcdef01".into() });
        assert_eq!(index.find("abcdef01"), Found::One(0));
    }

    #[test]
    fn identical_articles_are_numbered_in_list_order() {
        let (names, index) = names(&[("Same", "12345678"), ("Same", "12345678")]);
        assert_eq!(names[0].canonical, "same-12345678");
        assert_eq!(names[1].canonical, "same-12345678-2");
        assert_eq!(index.find("same-12345678-2"), Found::One(1));
    }

    #[test]
    fn headlines_become_lowercase_ascii_words() {
        let cases = [
            (
                "ByteDance Plans New AI Model Trained With Huawei Chips",
                "bytedance-plans-new-ai-model-trained-with-huawei-chips",
            ),
            ("UK’s ICO Warns from Children’s Smart Toys, Watches", "uks-ico-warns-from-childrens-smart-toys-watches"),
            ("Sudan Army Surrounds Khartoum Airport\u{a0}", "sudan-army-surrounds-khartoum-airport"),
            ("Café déjà vu", "cafe-deja-vu"),
            ("🎉🎉", ""),
            ("?!…", ""),
            ("北京 news 🎉", "bei-jing-news"),
        ];
        for (headline, slug) in cases {
            assert_eq!(from_headline(headline), slug, "{headline:?}");
        }
    }

    #[test]
    fn long_slugs_are_cut_at_a_word_boundary() {
        let headline = "word ".repeat(40);
        let slug = from_headline(&headline);
        assert_eq!(slug.len(), 79);
        assert!(slug.ends_with("-word"));
    }

    #[test]
    fn content_hash_is_stable() {
        // SHA-256 of "a\0b\0", first four bytes: permanent slugs depend on this value.
        assert_eq!(content_hash(["a", "b"]), "8fb20ef6");
        assert_ne!(content_hash(["a", "b"]), content_hash(["ab"]));
        assert_eq!(content_hash(["a"]).len(), 8);
    }
}
