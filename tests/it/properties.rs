//! Property tests (proptest): generated seed files with random variants parse back to the
//! articles they were made from, and no line is ever lost.
//!
//! Each generated article has a headline, 0 to 2 photos (caption printed 1 to 3 times, with
//! or without a credit), an optional `TT` marker and `20` page number, an optional dateline
//! and share label in the caption block, 0 to 4 paragraphs split by one newline or a blank
//! line, and 0 to 2 bullet items after them. Articles are split by 1 to 5 blank
//! lines; the file gets random line ends (LF, CRLF, CR), trailing whitespace and maybe a
//! BOM. Run more cases with `PROPTEST_CASES=10000 cargo test --test it properties`.

use newsreader::corpus::dedup::remove_repeats;
use newsreader::corpus::file::read_file;
use newsreader::corpus::parse::{self, Parsed};
use proptest::prelude::*;

use crate::expect::paragraphs;

#[derive(Debug, Clone)]
struct Story {
    headline: String,
    captions: Vec<String>,
    copies: usize,
    marker: bool,
    page_number: bool,
    paragraphs: Vec<String>,
    blank_between_paragraphs: Vec<bool>,
    dateline: bool,
    share_label: bool,
    items: Vec<String>,
}

const WORDS: [&str; 12] =
    ["port", "strike", "grain", "café", "北京", "minister", "talks", "budget", "قال", "storm", "🎉", "market"];
const CREDITS: [&str; 5] = ["", " REUTERS/Amanda Perobelli", " (AFP)", " AP Photo/Evan Vucci", " - AFP"];

fn words(count: std::ops::Range<usize>) -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(&WORDS[..]), count).prop_map(|words| words.join(" "))
}

fn story(index: usize) -> impl Strategy<Value = Story> {
    let captions = prop::collection::vec((words(2..6), prop::sample::select(&CREDITS[..])), 0..3);
    let paragraphs = prop::collection::vec((words(3..10), any::<bool>()), 0..5);
    let extras = (any::<bool>(), any::<bool>(), prop::collection::vec(words(2..6), 0..3));
    (words(1..4), captions, 1..=3usize, any::<bool>(), any::<bool>(), paragraphs, extras).prop_map(
        move |(headline, captions, copies, marker, page_number, paragraphs, (dateline, share_label, items))| Story {
            headline: format!("Story {index} {headline}"),
            captions: captions
                .into_iter()
                .enumerate()
                .map(|(photo, (text, credit))| format!("Photo {index}.{photo} shows {text}.{credit}"))
                .collect(),
            copies,
            marker,
            page_number: marker && page_number,
            blank_between_paragraphs: paragraphs.iter().map(|(_, blank)| *blank).collect(),
            paragraphs: paragraphs
                .into_iter()
                .enumerate()
                .map(|(number, (text, _))| format!("paragraph {index}.{number} says {text}."))
                .collect(),
            // The header's extras need a caption block to stand in.
            dateline: dateline && marker,
            share_label: share_label && marker,
            items: items
                .into_iter()
                .enumerate()
                .map(|(number, text)| format!("item {index}.{number} {text}"))
                .collect(),
        },
    )
}

impl Story {
    fn lines(&self) -> Vec<String> {
        let captions: Vec<String> =
            self.captions.iter().flat_map(|caption| std::iter::repeat_n(caption.clone(), self.copies)).collect();
        let mut lines = vec![self.headline.clone(), String::new()];
        lines.extend(captions.iter().cloned());
        if self.marker {
            lines.push("TT".to_owned());
        }
        if self.page_number {
            lines.push("20".to_owned());
        }
        if self.share_label {
            lines.push("Short Url".to_owned());
        }
        if self.dateline {
            lines.push("Updated 14 June 2024".to_owned());
        }
        lines.extend([String::new(), self.headline.clone(), String::new()]);
        if !captions.is_empty() {
            lines.extend(captions);
            lines.push(String::new());
        }
        for (paragraph, blank) in self.paragraphs.iter().zip(&self.blank_between_paragraphs) {
            lines.push(paragraph.clone());
            if *blank {
                lines.push(String::new());
            }
        }
        lines.extend(self.items.iter().map(|item| format!("  • {item}")));
        lines
    }
}

/// A whole file: stories split by blank lines, random line ends and trailing whitespace.
fn seed_file() -> impl Strategy<Value = (Vec<Story>, String)> {
    let stories = (1..5usize).prop_flat_map(|count| (0..count).map(story).collect::<Vec<_>>());
    let layout = (prop::collection::vec(1..=5usize, 4), prop::collection::vec(0..6usize, 64), any::<bool>());
    (stories, layout).prop_map(|(stories, (gaps, noise, bom))| {
        let mut lines: Vec<String> = Vec::new();
        for (index, story) in stories.iter().enumerate() {
            if index > 0 {
                lines.extend(std::iter::repeat_n(String::new(), gaps[index - 1]));
            }
            lines.extend(story.lines());
        }
        let mut text = String::from(if bom { "\u{feff}" } else { "" });
        for (index, line) in lines.iter().enumerate() {
            let pick = noise[index % noise.len()];
            text.push_str(line);
            text.push_str(["", " ", "\t", "\u{a0}", "", ""][pick]);
            // After a lone CR, a line end starting with LF would join it into one CRLF.
            let end =
                if text.ends_with('\r') { "\r" } else { ["\n", "\r\n", "\r", "\n", "\n", "\r\n"][(pick + index) % 6] };
            text.push_str(end);
        }
        (stories, text)
    })
}

fn parsed(text: &str) -> Parsed {
    let parsed = parse::parse(&text.into());
    if let Err(problem) = parse::check_accounting(text, &parsed) {
        panic!("{problem}\n{text:?}");
    }
    parsed
}

proptest! {
    #[test]
    fn generated_articles_parse_back_whole((stories, text) in seed_file()) {
        let parsed = parsed(&text);
        let headlines: Vec<&str> = parsed.articles.iter().map(|article| article.headline.as_deref().unwrap_or_default()).collect();
        let wanted: Vec<&str> = stories.iter().map(|story| story.headline.as_str()).collect();
        prop_assert_eq!(headlines, wanted, "{:?}", text);
        for (article, story) in parsed.articles.iter().zip(&stories) {
            prop_assert_eq!(article.photos.len(), story.captions.len(), "{:?}", text);
            prop_assert_eq!(paragraphs(article), story.paragraphs.iter().map(String::as_str).collect::<Vec<_>>());
            let items: Vec<&str> = article.blocks.iter().filter_map(|block| match block {
                newsreader::article::Block::Item(text) => Some(&**text),
                _ => None,
            }).collect();
            prop_assert_eq!(items, story.items.iter().map(String::as_str).collect::<Vec<_>>(), "{:?}", text);
            let dateline = story.dateline.then_some("Updated 14 June 2024");
            prop_assert_eq!(article.dateline.as_deref(), dateline, "{:?}", text);
        }
    }

    #[test]
    fn any_text_loses_no_line(text in "(TT|20|1 / 6|Short Url|[A-Z][a-z]{0,3}|x\\. \\(AFP\\)|\u{a0}|[ \t]|\r|\n|\r\n){0,80}") {
        parsed(&text);
    }

    #[test]
    fn a_repeated_file_keeps_no_article_and_loses_no_line((_, text) in seed_file()) {
        let reads = ["a.txt", "b.txt"].map(|file| read_file(file.to_owned(), Ok(text.clone().into_bytes())));
        let results = remove_repeats(&reads);
        prop_assert!(results[1].0.is_empty());
        for (articles, report) in &results {
            let kept = articles.iter().flat_map(|article| article.lines.iter().copied());
            let lines = kept.chain(report.removed.iter().map(|removed| removed.line));
            prop_assert!(parse::check_lines(&text, lines).is_ok());
        }
    }
}
