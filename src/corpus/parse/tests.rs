//! Table tests of the parser on the shipped seed and small cases.

use super::*;

const SEED: &str = include_str!("../../../seeds/000_bc60f894ced19436.txt");

fn parsed(text: &str) -> Parsed {
    let parsed = parse(&text.into());
    if let Err(problem) = check_accounting(text, &parsed) {
        panic!("{problem}\n{parsed:#?}");
    }
    parsed
}

fn paragraphs(article: &ParsedArticle) -> Vec<&str> {
    article
        .blocks
        .iter()
        .filter_map(|block| match block {
            Block::Paragraph(text) => Some(&**text),
            Block::Subheading(_) | Block::Item(_) | Block::Markdown(_) => None,
        })
        .collect()
}

#[test]
fn shipped_seed_has_two_articles() {
    let parsed = parsed(SEED);
    let headlines: Vec<&str> =
        parsed.articles.iter().map(|article| article.headline.as_deref().unwrap_or_default()).collect();
    assert_eq!(
        headlines,
        [
            "ByteDance Plans New AI Model Trained With Huawei Chips",
            "Volkswagen Workers to Go on Warning Strikes Across Germany"
        ]
    );
}

#[test]
fn shipped_seed_first_article_body() {
    let parsed = parsed(SEED);
    let article = &parsed.articles[0];
    assert_eq!(paragraphs(article).len(), 18);
    let subheadings: Vec<(usize, &str)> = article
        .blocks
        .iter()
        .enumerate()
        .filter_map(|(index, block)| match block {
            Block::Subheading(text) => Some((index, &**text)),
            Block::Paragraph(_) | Block::Item(_) | Block::Markdown(_) => None,
        })
        .collect();
    assert_eq!(subheadings, [(10, "TIGHT SUPPLY")]);
    assert_eq!(article.blocks[9].text(), "Huawei did not reply to Reuters' requests for comment.");
    assert!(article.blocks[11].text().starts_with("ByteDance has ordered more than 100,000"));
    assert_eq!(
        article.photos,
        [Photo {
            caption: "The ByteDance logo is seen at the company's office in Shanghai, China, July 4, 2023.".into(),
            credit: Some("REUTERS/Aly Song/File Photo".into()),
        }]
    );
    assert_eq!(
        paragraphs(article)[0].split_whitespace().take(3).collect::<Vec<_>>(),
        ["TikTok's", "Chinese", "parent"]
    );
    assert_eq!(
        paragraphs(article)[17],
        "Nvidia declined to comment. Microsoft did not reply to a request for comment."
    );
}

#[test]
fn shipped_seed_second_article_body() {
    let parsed = parsed(SEED);
    let article = &parsed.articles[1];
    assert_eq!(paragraphs(article).len(), 14);
    assert_eq!(article.blocks.len(), 14);
    assert_eq!(article.photos.len(), 1);
    assert_eq!(article.photos[0].credit.as_deref(), Some("REUTERS/Annegret Hilse/File Photo"));
    assert!(paragraphs(article)[13].ends_with("a long-term plan for every VW plant."));
}

#[test]
fn shipped_seed_removes_repeats_and_furniture() {
    let parsed = parsed(SEED);
    // Per article: caption repeat in copy 1, TT, second headline, two caption copies in copy 2.
    assert_eq!(parsed.removed.len(), 10);
    let tt: Vec<usize> = parsed
        .removed
        .iter()
        .filter(|removed| removed.reason == Reason::Furniture { furniture: Furniture::Marker })
        .map(|removed| removed.line)
        .collect();
    assert_eq!(tt, [5, 38]);
    assert_eq!(parsed.removed[0], Removed {
        line: 4,
        text: "The ByteDance logo is seen at the company's office in Shanghai, China, July 4, 2023. REUTERS/Aly Song/File Photo"
            .into(),
        reason: Reason::RepeatedCaption { of: 3 },
    });
    assert_eq!(parsed.removed[2].reason, Reason::RepeatedHeadline { of: 1 });
}

#[test]
fn line_ends_and_bom_do_not_matter() {
    let lf = "Headline\n\nCaption. REUTERS/A B\nCaption. REUTERS/A B\nTT\n\nHeadline\n\nCaption. REUTERS/A B\nCaption. REUTERS/A B\n\nBody one.\nBody two.";
    let expected = parsed(lf).articles;
    for text in
        [lf.replace('\n', "\r\n"), lf.replace('\n', "\r"), format!("\u{feff}{lf}"), lf.replace("\n\n", "\r\n\n")]
    {
        assert_eq!(parsed(&text).articles, expected, "{text:?}");
    }
    assert_eq!(expected.len(), 1);
    assert_eq!(paragraphs(&expected[0]), ["Body one.", "Body two."]);
}

#[test]
fn simple_layout_is_headline_then_paragraphs() {
    let parsed = parsed("Tobacco giants hail court ruling\n\nFirst paragraph.\n\nSecond paragraph.\n");
    assert_eq!(parsed.articles.len(), 1);
    assert_eq!(parsed.articles[0].headline.as_deref(), Some("Tobacco giants hail court ruling"));
    assert_eq!(paragraphs(&parsed.articles[0]), ["First paragraph.", "Second paragraph."]);
    assert!(parsed.removed.is_empty());
}

#[test]
fn headline_repeated_in_body_stays() {
    let text =
        "Headline\n\nCaption one. (AFP)\nTT\n\nHeadline\n\nCaption one. (AFP)\n\nBody one.\n\nHeadline\n\nBody two.";
    let parsed = parsed(text);
    assert_eq!(parsed.articles.len(), 1);
    assert_eq!(paragraphs(&parsed.articles[0]), ["Body one.", "Headline", "Body two."]);
}

#[test]
fn empty_and_blank_text_hold_no_article() {
    for text in ["", "\n\n", "  \t\u{a0}\r\n"] {
        assert_eq!(parsed(text).articles, []);
    }
}

/// The shipped seed with line `line` (1-based) replaced by `with`, or removed when `None`.
fn seed_with_line(line: usize, with: Option<&str>) -> String {
    let mut lines: Vec<&str> = SEED.split('\n').collect();
    match with {
        Some(text) => lines[line - 1] = text,
        None => {
            lines.remove(line - 1);
        }
    }
    lines.join("\n")
}

#[test]
fn a_second_headline_copy_missing_or_in_other_case_still_makes_a_header() {
    let original = parsed(SEED);
    let first = &original.articles[0];
    assert_eq!(SEED.split('\n').nth(6), first.headline.as_deref());
    for (variant, second_copy) in [
        (seed_with_line(7, None), None),
        (seed_with_line(7, Some("BYTEDANCE PLANS NEW AI MODEL TRAINED WITH HUAWEI CHIPS")), Some(7)),
        (seed_with_line(7, Some("ByteDance Plans New AI Model Trained With Huawei Chips.")), Some(7)),
    ] {
        let parsed = parsed(&variant);
        let headlines: Vec<&str> =
            parsed.articles.iter().map(|article| article.headline.as_deref().unwrap_or_default()).collect();
        assert_eq!(
            headlines,
            [
                first.headline.as_deref().unwrap_or_default(),
                original.articles[1].headline.as_deref().unwrap_or_default()
            ],
            "{second_copy:?}"
        );
        assert_eq!(parsed.articles[0].photos, first.photos, "{second_copy:?}");
        assert_eq!(parsed.articles[0].blocks, first.blocks, "{second_copy:?}");
        let repeated: Vec<usize> = parsed
            .removed
            .iter()
            .filter(|removed| removed.reason == Reason::RepeatedHeadline { of: 1 })
            .map(|removed| removed.line)
            .collect();
        assert_eq!(repeated, second_copy.into_iter().collect::<Vec<_>>());
        let furniture = parsed.removed.iter().filter(|removed| matches!(removed.reason, Reason::Furniture { .. }));
        assert_eq!(furniture.map(|removed| &*removed.text).collect::<Vec<_>>(), ["TT", "TT"]);
    }
}

#[test]
fn short_lines_in_a_body_that_repeat_loosely_stay_paragraphs() {
    let text = "Headline\n\nBody one.\n\nWhy?\n\nWHY.\n\nBecause.\n\nUS\nTT\n\nUS\n\nThe end.\n";
    let parsed = parsed(text);
    assert_eq!(parsed.articles.len(), 1);
    assert_eq!(
        paragraphs(&parsed.articles[0]),
        ["Body one.", "Why?", "WHY.", "Because.", "US", "TT", "US", "The end."]
    );
}

/// A page of a headline and then `count` lines made by `line`.
fn long_run(count: usize, line: impl Fn(usize) -> String) -> String {
    let mut text = "A Headline For Many Lines\n\n".to_owned();
    for at in 0..count {
        text.push_str(&line(at));
        text.push('\n');
    }
    text
}

#[test]
fn long_runs_of_short_or_repeated_lines_are_read_whole() {
    // Such runs once cost each of their lines the whole run (16,000 list lines took 12 s);
    // `cargo bench --bench parse` times them (`long_runs`).
    let items = parsed(&long_run(3000, |at| format!("Item {at}")));
    assert_eq!(items.articles.len(), 1);
    assert_eq!(items.articles[0].headline.as_deref(), Some("A Headline For Many Lines"));
    assert_eq!((items.articles[0].blocks.len(), items.removed.len()), (3000, 0));
    let same = parsed(&long_run(3000, |_| "Same line again".to_owned()));
    assert_eq!(same.articles.len(), 1);
    assert_eq!(same.articles[0].photos.len(), 1, "the first is a caption");
    assert_eq!(same.removed.len(), 2999, "the others its copies");
    let pairs = parsed(&long_run(1500, |at| format!("Short {at}\nShort {at}\n")));
    assert_eq!(pairs.articles.len(), 1);
    assert_eq!(pairs.removed.len(), 1501);
}

#[test]
fn a_first_line_shaped_like_reporters_in_a_place_is_the_headline() {
    for headline in ["Floods Hit Homes in Paris", "Markets Slide in Tokyo", "Café Culture Booms in Lisbon"] {
        let parsed = parsed(&format!("{headline}\n\nThe first paragraph of the story, officials said.\n"));
        let article = &parsed.articles[0];
        assert_eq!(article.headline.as_deref(), Some(headline));
        assert_eq!(article.byline.as_deref(), None, "{headline}");
        assert_eq!(paragraphs(article), ["The first paragraph of the story, officials said."]);
    }
    // Under a headline, the same shape signs the story.
    let parsed = parsed("Floods Hit Homes\n\nBethan McKernan in Jerusalem\n\nThe first paragraph, officials said.\n");
    let article = &parsed.articles[0];
    assert_eq!(article.headline.as_deref(), Some("Floods Hit Homes"));
    assert_eq!(article.byline.as_deref(), Some("Bethan McKernan in Jerusalem"));
}
