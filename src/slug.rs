//! Slugs: the URL path segment that names an article (`/articles/{slug}`).

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
    hasher.finalize().iter().take(4).map(|byte| format!("{byte:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

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
        assert_eq!(content_hash(["a", "b"]), content_hash(["a", "b"]));
        assert_ne!(content_hash(["a", "b"]), content_hash(["ab"]));
        assert_eq!(content_hash(["a"]).len(), 8);
    }
}
