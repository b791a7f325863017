//! The language an article is written in, told from its text with `whatlang` (trigram
//! profiles of 70 languages), as an ISO 639-1 code, and which way that language is written.

use crate::block::Block;

/// How much of an article's text is looked at, in bytes: its headline and its first
/// paragraphs up to this length (cut at a character boundary). A few sentences tell the
/// language as well as the whole text does, and cost the same for any length of article
/// (about 65 µs for Latin-script text, 10 µs for Arabic, on one core of a release build).
const SAMPLE_BYTES: usize = 1024;

/// Fewest letters a sample must hold for a language to be named: a headline of a few words
/// shares too many trigrams between languages.
const MIN_LETTERS: usize = 40;

/// What [`detect`] tells of an article's text. Two bytes, as every article keeps one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Detected {
    /// The language; `None` when unsure: fewer than [`MIN_LETTERS`] letters, or `whatlang`
    /// calls its guess unreliable (a confidence of 0.9 or less).
    lang: Option<whatlang::Lang>,
    /// Whether the text is written right to left: its language is ([`is_right_to_left`]),
    /// or, when the language is not told, most of its letters are in the Arabic or Hebrew
    /// script (a short Arabic headline could be Arabic, Persian or Urdu: all right to left).
    pub right_to_left: bool,
}

impl Detected {
    /// The language, as an ISO 639-1 code (`en`, `ar`, `fa`); `None` when unsure.
    pub fn language(&self) -> Option<&'static str> {
        self.lang.map(iso_639_1)
    }
}

/// The language of the article with `headline` and `blocks` (subheadings and bullet items
/// count; Markdown source is read as text), and which way it is written.
pub fn detect(headline: &str, blocks: &[Block]) -> Detected {
    let mut sample = String::with_capacity(SAMPLE_BYTES + 64);
    for text in std::iter::once(headline).chain(blocks.iter().map(Block::text)) {
        let room = SAMPLE_BYTES.saturating_sub(sample.len());
        if room == 0 {
            break;
        }
        let cut = (0..=room.min(text.len())).rev().find(|&at| text.is_char_boundary(at)).unwrap_or(0);
        sample.push_str(&text[..cut]);
        sample.push('\n');
    }
    let Some(info) = whatlang::detect(&sample) else { return Detected { lang: None, right_to_left: false } };
    let long_enough = sample.chars().filter(|c| c.is_alphabetic()).count() >= MIN_LETTERS;
    let lang = (long_enough && info.is_reliable()).then(|| info.lang());
    let right_to_left = match lang {
        Some(lang) => is_right_to_left(iso_639_1(lang)),
        None => matches!(info.script(), whatlang::Script::Arabic | whatlang::Script::Hebrew),
    };
    Detected { lang, right_to_left }
}

/// Whether text in the language `code` (ISO 639-1) is written right to left: Arabic,
/// Persian, Urdu, Hebrew and Yiddish, the right-to-left languages `whatlang` knows.
pub fn is_right_to_left(code: &str) -> bool {
    matches!(code, "ar" | "fa" | "ur" | "he" | "yi")
}

/// The ISO 639-1 code of a `whatlang` language (which names them by ISO 639-3); every
/// language it knows has one (Mandarin is `zh`, Iranian Persian `fa`, Bokmål `nb`).
fn iso_639_1(lang: whatlang::Lang) -> &'static str {
    use whatlang::Lang::*;
    match lang {
        Epo => "eo",
        Eng => "en",
        Rus => "ru",
        Cmn => "zh",
        Spa => "es",
        Por => "pt",
        Ita => "it",
        Ben => "bn",
        Fra => "fr",
        Deu => "de",
        Ukr => "uk",
        Kat => "ka",
        Ara => "ar",
        Hin => "hi",
        Jpn => "ja",
        Heb => "he",
        Yid => "yi",
        Pol => "pl",
        Amh => "am",
        Jav => "jv",
        Kor => "ko",
        Nob => "nb",
        Dan => "da",
        Swe => "sv",
        Fin => "fi",
        Tur => "tr",
        Nld => "nl",
        Hun => "hu",
        Ces => "cs",
        Ell => "el",
        Bul => "bg",
        Bel => "be",
        Mar => "mr",
        Kan => "kn",
        Ron => "ro",
        Slv => "sl",
        Hrv => "hr",
        Srp => "sr",
        Mkd => "mk",
        Lit => "lt",
        Lav => "lv",
        Est => "et",
        Tam => "ta",
        Vie => "vi",
        Urd => "ur",
        Tha => "th",
        Guj => "gu",
        Uzb => "uz",
        Pan => "pa",
        Aze => "az",
        Ind => "id",
        Tel => "te",
        Pes => "fa",
        Mal => "ml",
        Ori => "or",
        Mya => "my",
        Nep => "ne",
        Sin => "si",
        Khm => "km",
        Tuk => "tk",
        Aka => "ak",
        Zul => "zu",
        Sna => "sn",
        Afr => "af",
        Lat => "la",
        Slk => "sk",
        Cat => "ca",
        Tgl => "tl",
        Hye => "hy",
        Cym => "cy",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paragraphs(texts: &[&str]) -> Vec<Block> {
        texts.iter().map(|text| Block::Paragraph((*text).into())).collect()
    }

    #[test]
    fn articles_are_told_by_their_language() {
        let cases = [
            (
                "ByteDance Plans New AI Model Trained With Huawei Chips",
                "TikTok's Chinese parent ByteDance plans to develop an AI model trained primarily with chips from compatriot Huawei Technologies, said three people familiar with the matter.",
                Some("en"),
            ),
            (
                "الجيش السوداني يطوق مطار الخرطوم",
                "قال مصدران عسكريان إن الجيش يطوق مطار الخرطوم، فيما تتواصل الاشتباكات في أحياء العاصمة السودانية.",
                Some("ar"),
            ),
            (
                "Les syndicats appellent à la grève",
                "Les syndicats de l'industrie automobile ont appelé mardi à une grève générale dans toutes les usines du pays.",
                Some("fr"),
            ),
            (
                "Streik bei Volkswagen",
                "Die Beschäftigten von Volkswagen wollen ab Montag in ganz Deutschland die Arbeit niederlegen, teilte die Gewerkschaft mit.",
                Some("de"),
            ),
            ("Oil", "Brent rose.", None),
        ];
        for (headline, body, language) in cases {
            assert_eq!(detect(headline, &paragraphs(&[body])).language(), language, "{headline}");
        }
        assert_eq!(detect("", &[]), Detected { lang: None, right_to_left: false });
    }

    #[test]
    fn a_long_article_is_told_from_its_first_kilobyte() {
        let arabic = [
            "قال مصدران عسكريان إن الجيش يطوق مطار الخرطوم، فيما تتواصل الاشتباكات في أحياء العاصمة السودانية.",
            "وأعلنت وزارة الصحة أن المستشفيات تعمل بأقل من نصف طاقتها بسبب نقص الأدوية والوقود.",
            "ودعت الأمم المتحدة الطرفين إلى وقف إطلاق النار والسماح بدخول المساعدات الإنسانية.",
            "وأضاف المصدران أن القوات تقدمت نحو الجسور الرئيسية التي تربط المدن الثلاث.",
        ];
        let english = "The rest of this long page is written in English, and it is long enough to outweigh the start. "
            .repeat(100);
        let mut blocks = paragraphs(&[arabic, arabic].concat());
        blocks.extend(paragraphs(&[&english]));
        assert_eq!(detect("الخرطوم", &blocks), Detected { lang: Some(whatlang::Lang::Ara), right_to_left: true });
        assert_eq!(detect("Khartoum", &paragraphs(&[&english, arabic[0]])).language(), Some("en"));
    }

    #[test]
    fn short_text_in_a_right_to_left_script_is_right_to_left_in_any_language() {
        let short = detect(
            "الجيش السوداني يطوق مطار الخرطوم",
            &paragraphs(&["قال مصدران عسكريان إن الجيش يطوق مطار الخرطوم."]),
        );
        assert_eq!(short, Detected { lang: None, right_to_left: true });
        let hebrew = detect("הצבא הודיע", &[]);
        assert_eq!(hebrew, Detected { lang: None, right_to_left: true });
        assert_eq!(detect("Oil", &paragraphs(&["Brent rose."])), Detected { lang: None, right_to_left: false });
    }

    #[test]
    fn right_to_left_languages() {
        for code in ["ar", "fa", "ur", "he", "yi"] {
            assert!(is_right_to_left(code), "{code}");
        }
        for code in ["en", "fr", "tr", "zh"] {
            assert!(!is_right_to_left(code), "{code}");
        }
    }
}
