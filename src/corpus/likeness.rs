//! How copies of one story are told from other stories, by hashes of their text: the
//! fingerprint of the whole article (exact copies), the anchor of its opening words (copies cut
//! at other points open alike) and the shingles of its body (how much of one lies in another).
//! A leaf: the parser stamps each article with these, and `dedup` compares them.

use foldhash::{HashSet, HashSetExt};
use xxhash_rust::xxh3::{Xxh3, xxh3_64};

use crate::article::Block;

/// The fingerprint of an article from its parts, each already whitespace-folded
/// ([`super::lines::fold`]): headline, photo captions and body blocks, joined by NUL (an
/// empty part between captions and body), hashed with XXH3-128 (the 128-bit hash of the
/// xxHash family, <https://github.com/Cyan4973/xxHash>), as 16 little-endian bytes.
///
/// Fingerprints are never stored, only compared within one corpus while it is built; the
/// chance that two different stories share one is about 2^-128 a pair.
pub(crate) fn fingerprint<'a>(
    headline: &str,
    captions: impl Iterator<Item = &'a str>,
    body: impl Iterator<Item = &'a str>,
) -> [u8; 16] {
    let mut hasher = Xxh3::new();
    hasher.update(headline.as_bytes());
    for part in captions.chain(std::iter::once("")).chain(body) {
        hasher.update(b"\0");
        hasher.update(part.as_bytes());
    }
    hasher.digest128().to_le_bytes()
}

/// Words that open a body and name it as a story: [`anchor`] hashes this many.
const ANCHOR_WORDS: usize = 12;

/// Fewest opening words a body needs for an anchor; shorter bodies match by fingerprint only.
const ANCHOR_MIN_WORDS: usize = 8;

/// Words in a shingle.
const SHINGLE_WORDS: usize = 3;

/// A word as copies compare it: a hash (FNV-1a, 64 bits) of its letters and digits in lower
/// case, so quote style, punctuation and case do not tell copies apart; `None` for a word
/// with neither.
fn word_hash(word: &str) -> Option<u64> {
    const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
    const PRIME: u64 = 0x0000_0100_0000_01b3;
    let mut hash = OFFSET;
    let mut any = false;
    let mut add = |unit: u32| {
        hash = (hash ^ u64::from(unit)).wrapping_mul(PRIME);
        any = true;
    };
    if word.is_ascii() {
        word.bytes().filter(u8::is_ascii_alphanumeric).for_each(|byte| add(u32::from(byte.to_ascii_lowercase())));
    } else {
        word.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).for_each(|c| add(u32::from(c)));
    }
    any.then_some(hash)
}

/// The words of the body paragraphs and list items of `blocks`, as [`word_hash`]es.
fn body_words(blocks: &[Block]) -> impl Iterator<Item = u64> + '_ {
    let texts = blocks.iter().filter_map(|block| match block {
        Block::Paragraph(text) | Block::Item(text) => Some(&**text),
        Block::Subheading(_) | Block::Markdown(_) => None,
    });
    texts.flat_map(str::split_whitespace).filter_map(word_hash)
}

/// XXH3 of a run of word hashes.
fn hash_words(words: &[u64]) -> u64 {
    let mut bytes = [0; 8 * ANCHOR_WORDS];
    for (chunk, word) in bytes.chunks_exact_mut(8).zip(words) {
        chunk.copy_from_slice(&word.to_le_bytes());
    }
    xxh3_64(&bytes[..8 * words.len().min(ANCHOR_WORDS)])
}

/// The anchor of a body: a hash of its first [`ANCHOR_WORDS`] words ([`word_hash`]).
/// Copies of one story open alike, whatever the point they are cut at; `None` for a body
/// of fewer than [`ANCHOR_MIN_WORDS`] words.
pub(crate) fn anchor(blocks: &[Block]) -> Option<u64> {
    let mut words = [0; ANCHOR_WORDS];
    let mut count = 0;
    for (slot, word) in words.iter_mut().zip(body_words(blocks)) {
        *slot = word;
        count += 1;
    }
    (count >= ANCHOR_MIN_WORDS).then(|| hash_words(&words[..count]))
}

/// The shingles of a body: hashes of each run of [`SHINGLE_WORDS`] words.
pub(super) fn shingles(blocks: &[Block]) -> HashSet<u64> {
    let words: Vec<u64> = body_words(blocks).collect();
    let mut set = HashSet::with_capacity(words.len());
    for window in words.windows(SHINGLE_WORDS.min(words.len()).max(1)) {
        set.insert(hash_words(window));
    }
    set
}
