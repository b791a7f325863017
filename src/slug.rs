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

use foldhash::{HashMap, HashMapExt, HashSet, HashSetExt};

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
    let slug = if headline.is_ascii() && !headline.contains('\'') {
        // Every ASCII character but a letter or digit is already a word break to `slugify`.
        slug::slugify(headline)
    } else {
        let words: String = headline
            .chars()
            .filter(|c| !APOSTROPHES.contains(c))
            .map(|c| if c.is_alphanumeric() { c } else { ' ' })
            .collect();
        slug::slugify(words)
    };
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
    /// `None` when the canonical slug is the bare headline slug: the permanent slug is then
    /// [`permanent`]`(canonical, hash)`, made when first asked for (hashing every article's
    /// text is the dearest step of reading a corpus, and most permanent slugs are never asked
    /// for).
    pub permanent: Option<String>,
}

/// The permanent slug of an article with headline slug `base` (empty when the headline has
/// no letter or digit) and [`content_hash`] `hash`: `{base}-{hash}`, or `hash` alone.
pub fn permanent(base: &str, hash: &str) -> String {
    if base.is_empty() { hash.to_owned() } else { format!("{base}-{hash}") }
}

/// The headline slug and hash of `slug` when it has the shape of a permanent slug
/// `{base}-{hash}` (see [`permanent`]): a `-` and 8 lowercase hex digits at its end.
fn split_permanent(slug: &str) -> Option<(&str, &str)> {
    let (base, hash) = slug.rsplit_once('-')?;
    (is_hash(hash) && !base.is_empty()).then_some((base, hash))
}

/// Whether `text` has the shape of a [`content_hash`]: 8 lowercase hex digits.
fn is_hash(text: &str) -> bool {
    text.len() == 8 && text.bytes().all(|byte| HEX_DIGITS.contains(&byte))
}

/// The headline slugs among `bases` that spell another article's permanent slug: `{base}-{hash}`
/// where an article with headline slug `base` has content hash `hash`, or a hash alone that an
/// article without a headline slug has. Only articles whose headline slug such a spelling
/// names are hashed (`hash(position)`), so most corpora hash none here.
fn spelled_as_permanent<'a>(bases: &[&'a str], hash: &impl Fn(usize) -> String) -> HashSet<&'a str> {
    let mut spellings: HashMap<&str, Vec<&str>> = HashMap::new();
    for &base in bases {
        if let Some((owner, _)) = split_permanent(base) {
            spellings.entry(owner).or_default().push(base);
        } else if is_hash(base) {
            spellings.entry("").or_default().push(base);
        }
    }
    let mut taken = HashSet::new();
    if spellings.is_empty() {
        return taken;
    }
    for (position, &base) in bases.iter().enumerate() {
        if let Some(candidates) = spellings.get(base) {
            let owned = permanent(base, &hash(position));
            taken.extend(candidates.iter().filter(|candidate| **candidate == owned));
        }
    }
    taken
}

/// The hash [`Index`] keys canonical slugs by.
fn slug_hash(slug: &str) -> u64 {
    xxhash_rust::xxh3::xxh3_64(slug.as_bytes())
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

/// Slug lookup for a corpus: canonical slugs to positions, and shared bare slugs to every
/// article that shares them. Permanent slugs that are not canonical are recognised by their
/// shape (see [`Index::find`]).
#[derive(Debug, Clone, Default)]
pub struct Index {
    /// The position of each canonical slug, by the slug's XXH3-64 hash: the slugs themselves
    /// are the articles', not copied here.
    by_hash: HashMap<u64, usize>,
    /// The canonical slugs whose hash an earlier one has, with their positions.
    colliding: HashMap<String, usize>,
    shared: HashMap<String, Vec<usize>>,
}

impl Index {
    /// Names every article and indexes the names. `bases` gives, in list order, each
    /// article's headline slug ([`from_headline`]); `hash(position)` its [`content_hash`],
    /// asked for only where the canonical slug needs it (a shared or empty headline slug, or
    /// one spelled like a permanent slug).
    ///
    /// Two articles with identical text (same headline and body) share a permanent slug; the
    /// later ones get `-2`, `-3`... appended in list order. Being the same text, either URL
    /// shows the same article. A headline slug spelled like another article's permanent slug
    /// (`Oil 1a2b3c4d` beside an `Oil` story hashed `1a2b3c4d`) is not used as a canonical
    /// slug: the permanent slug keeps its article, and the newcomer is named by its own
    /// permanent slug.
    pub fn build(bases: &[&str], hash: impl Fn(usize) -> String) -> (Vec<Names>, Index) {
        let mut counts: HashMap<&str, usize> = HashMap::with_capacity(bases.len());
        for base in bases.iter().filter(|base| !base.is_empty()) {
            *counts.entry(*base).or_default() += 1;
        }
        let taken = spelled_as_permanent(bases, &hash);
        let mut shared: HashMap<String, Vec<usize>> = HashMap::new();
        for (position, base) in bases.iter().enumerate() {
            if counts.get(base).is_some_and(|&count| count > 1) {
                shared.entry((*base).to_owned()).or_default().push(position);
            }
        }
        // A permanent slug is spelled from its (headline slug, hash) pair alone, and the
        // hash has a fixed length, so equal pairs are equal slugs and no other pairs are.
        let mut seen: HashMap<(&str, String), usize> = HashMap::new();
        let names: Vec<Names> = bases
            .iter()
            .enumerate()
            .map(|(position, &base)| {
                if !base.is_empty() && !shared.contains_key(base) && !taken.contains(base) {
                    return Names { canonical: base.to_owned(), permanent: None };
                }
                let hash = hash(position);
                let mut slug = permanent(base, &hash);
                let copies = seen.entry((base, hash)).or_default();
                *copies += 1;
                if *copies > 1 {
                    slug = format!("{slug}-{copies}");
                }
                Names { canonical: slug.clone(), permanent: Some(slug) }
            })
            .collect();
        let mut by_hash = HashMap::with_capacity(names.len());
        let mut colliding = HashMap::new();
        for (position, name) in names.iter().enumerate() {
            match by_hash.entry(slug_hash(&name.canonical)) {
                std::collections::hash_map::Entry::Vacant(entry) => {
                    entry.insert(position);
                }
                std::collections::hash_map::Entry::Occupied(_) => {
                    colliding.insert(name.canonical.clone(), position);
                }
            }
        }
        (names, Index { by_hash, colliding, shared })
    }

    /// The position of the article whose canonical slug is `slug`; `canonical(position)` is
    /// the canonical slug of the article at `position`.
    fn canonical<'s>(&self, slug: &str, canonical: &impl Fn(usize) -> &'s str) -> Option<usize> {
        let position = self.by_hash.get(&slug_hash(slug)).copied().filter(|&position| canonical(position) == slug);
        position.or_else(|| self.colliding.get(slug).copied())
    }

    /// What `slug` (exact spelling, lowercase) names: one article by canonical or permanent
    /// slug, the articles sharing a bare headline slug, or nothing. `canonical(position)` is
    /// the canonical slug of the article at `position` (as [`Index::build`] named it).
    ///
    /// Checked in this order: canonical slugs; then, for a slug shaped `{base}-{hash}` whose
    /// `base` is the canonical slug of the article at `position`, `is_permanent(position)`
    /// (whether `slug` is that article's permanent slug); then shared bare slugs; last, a
    /// slug shaped `{base}-{hash}` that is no article's permanent slug (an old one: the
    /// article's text has changed since) names what its `base` names, so the link still
    /// leads to the story.
    pub fn find<'s>(
        &self,
        slug: &str,
        canonical: impl Fn(usize) -> &'s str,
        is_permanent: impl FnOnce(usize) -> bool,
    ) -> Found<'_> {
        if let Some(position) = self.canonical(slug, &canonical) {
            return Found::One(position);
        }
        let base = split_permanent(slug).map(|(base, _)| base);
        let named = base.and_then(|base| self.canonical(base, &canonical));
        if let Some(position) = named.filter(|&position| is_permanent(position)) {
            return Found::One(position);
        }
        if let Some(positions) = self.shared.get(slug) {
            return Found::Several(positions);
        }
        match (named, base.and_then(|base| self.shared.get(base))) {
            (Some(position), _) => Found::One(position),
            (None, Some(positions)) => Found::Several(positions),
            (None, None) => Found::Nothing,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An index built from articles given as (headline, content hash), with every
    /// article's permanent slug.
    struct Built {
        names: Vec<Names>,
        index: Index,
        permanents: Vec<String>,
    }

    impl Built {
        fn new(articles: &[(&str, &str)]) -> Built {
            let slugs: Vec<String> = articles.iter().map(|(headline, _)| from_headline(headline)).collect();
            let bases: Vec<&str> = slugs.iter().map(String::as_str).collect();
            let (names, index) = Index::build(&bases, |position| articles[position].1.to_owned());
            let permanents = names
                .iter()
                .zip(articles)
                .map(|(name, (_, hash))| name.permanent.clone().unwrap_or_else(|| permanent(&name.canonical, hash)))
                .collect();
            Built { names, index, permanents }
        }

        /// What `slug` names, permanent slugs answered as [`crate::corpus::Corpus::find`]
        /// answers them.
        fn find(&self, slug: &str) -> Found<'_> {
            self.index.find(
                slug,
                |position| &self.names[position].canonical,
                |position| self.permanents[position] == slug,
            )
        }
    }

    #[test]
    fn unique_headlines_keep_their_bare_slug() {
        let built = Built::new(&[("Oil Rises", "11111111"), ("Gold Falls", "22222222")]);
        assert_eq!(built.names[0], Names { canonical: "oil-rises".into(), permanent: None });
        assert_eq!(built.find("oil-rises"), Found::One(0));
        assert_eq!(built.find("oil-rises-11111111"), Found::One(0));
        // An old permanent slug (the text has changed since) still leads to the story.
        assert_eq!(built.find("oil-rises-22222222"), Found::One(0));
        assert_eq!(built.find("oil-falls-22222222"), Found::Nothing);
        assert_eq!(built.find("gold-falls"), Found::One(1));
        assert_eq!(built.find("gold"), Found::Nothing);
    }

    #[test]
    fn a_colliding_pair_both_get_the_hash_and_share_the_bare_slug() {
        let built = Built::new(&[("Oil Rises", "11111111"), ("Gold Falls", "22222222"), ("Oil rises!", "33333333")]);
        assert_eq!(built.names[0].canonical, "oil-rises-11111111");
        assert_eq!(
            built.names[2],
            Names { canonical: "oil-rises-33333333".into(), permanent: Some("oil-rises-33333333".into()) }
        );
        assert_eq!(built.find("oil-rises"), Found::Several(&[0, 2]));
        assert_eq!(built.find("oil-rises-33333333"), Found::One(2));
        assert_eq!(built.find("oil-rises-44444444"), Found::Several(&[0, 2]));
        assert_eq!(built.find("gold-falls-22222222"), Found::One(1));
    }

    #[test]
    fn a_headline_never_takes_another_articles_permanent_slug() {
        let built = Built::new(&[("Oil", "11111111"), ("Oil 11111111", "22222222")]);
        assert_eq!(built.names[0].canonical, "oil");
        assert_eq!(built.permanents[0], "oil-11111111");
        assert_eq!(built.names[1].canonical, "oil-11111111-22222222");
        assert_eq!(built.find("oil-11111111"), Found::One(0));
        assert_eq!(built.find("oil-11111111-22222222"), Found::One(1));

        let built = Built::new(&[("Markets", "aaaaaaaa"), ("Markets!", "bbbbbbbb"), ("Markets aaaaaaaa", "cccccccc")]);
        assert_eq!(built.names[0].canonical, "markets-aaaaaaaa");
        assert_eq!(built.names[2].canonical, "markets-aaaaaaaa-cccccccc");
        assert_eq!(built.find("markets-aaaaaaaa"), Found::One(0));
        assert_eq!(built.find("markets-aaaaaaaa-cccccccc"), Found::One(2));

        let built = Built::new(&[("🎉🎉", "5b35531a"), ("5b35531a", "dddddddd")]);
        assert_eq!(built.names[0].canonical, "5b35531a");
        assert_eq!(built.names[1].canonical, "5b35531a-dddddddd");
        assert_eq!(built.find("5b35531a"), Found::One(0));
        assert_eq!(built.find("5b35531a-dddddddd"), Found::One(1));

        // A headline shaped like a permanent slug that is nobody's keeps its bare slug.
        let built = Built::new(&[("Oil", "11111111"), ("Oil 12345678", "22222222")]);
        assert_eq!(built.names[1].canonical, "oil-12345678");
        assert_eq!(built.find("oil-12345678"), Found::One(1));
    }

    #[test]
    fn an_empty_headline_slug_is_the_hash() {
        let built = Built::new(&[("🎉🎉", "abcdef01")]);
        assert_eq!(built.names[0], Names { canonical: "abcdef01".into(), permanent: Some("abcdef01".into()) });
        assert_eq!(built.find("abcdef01"), Found::One(0));
    }

    #[test]
    fn identical_articles_are_numbered_in_list_order() {
        let built = Built::new(&[("Same", "12345678"), ("Same", "12345678")]);
        assert_eq!(built.names[0].canonical, "same-12345678");
        assert_eq!(built.names[1].canonical, "same-12345678-2");
        assert_eq!(built.find("same-12345678-2"), Found::One(1));
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
            ("Oil's 3% Rise -- (Again) & More?", "oils-3-rise-again-more"),
            ("  Tabs\tand_underscores  ", "tabs-and-underscores"),
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
