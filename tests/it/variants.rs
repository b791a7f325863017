//! One small fixture per seed variant (`tests/fixtures/variants`): line ends, furniture,
//! captions, separators, Unicode and encodings, each read with no line lost.

use newsreader::article::Block;
use newsreader::corpus::Corpus;
use newsreader::corpus::decode::Warning;
use newsreader::corpus::parse::Reason;
use newsreader::corpus::vocabulary::Furniture;

use crate::common::repo_path;
use crate::expect::*;

#[test]
fn article_separators() {
    let parsed = fixture("variants/article_separators.txt");
    assert_articles(
        &parsed,
        &[
            Expect {
                headline: "Article Number 1 Headline",
                photos: 1,
                caption: Some("Photo 1 of the day."),
                credit: Some("REUTERS/Staff"),
                paragraphs: 3,
                first: Some("First paragraph of article 1."),
                last: Some("Third paragraph of article 1."),
            },
            Expect {
                headline: "Article Number 2 Headline",
                photos: 1,
                caption: Some("Photo 2 of the day."),
                credit: Some("REUTERS/Staff"),
                paragraphs: 3,
                first: Some("First paragraph of article 2."),
                last: Some("Third paragraph of article 2."),
            },
            Expect {
                headline: "Article Number 3 Headline",
                photos: 1,
                caption: Some("Photo 3 of the day."),
                credit: Some("REUTERS/Staff"),
                paragraphs: 3,
                first: Some("First paragraph of article 3."),
                last: Some("Third paragraph of article 3."),
            },
            Expect {
                headline: "Article Number 4 Headline",
                photos: 1,
                caption: Some("Photo 4 of the day."),
                credit: Some("REUTERS/Staff"),
                paragraphs: 3,
                first: Some("First paragraph of article 4."),
                last: Some("Third paragraph of article 4."),
            },
            Expect {
                headline: "Article Number 5 Headline",
                photos: 1,
                caption: Some("Photo 5 of the day."),
                credit: Some("REUTERS/Staff"),
                paragraphs: 3,
                first: Some("First paragraph of article 5."),
                last: Some("Third paragraph of article 5."),
            },
            Expect {
                headline: "Article Number 6 Headline",
                photos: 1,
                caption: Some("Photo 6 of the day."),
                credit: Some("REUTERS/Staff"),
                paragraphs: 3,
                first: Some("First paragraph of article 6."),
                last: Some("Third paragraph of article 6."),
            },
        ],
    );
    assert_eq!(parsed.removed.len(), 30);
}

#[test]
fn caption_also_in_body() {
    let parsed = fixture("variants/caption_also_in_body.txt");
    assert_articles(
        &parsed,
        &[Expect {
            headline: "Port Strike Halts Grain Exports",
            photos: 1,
            caption: Some("Dock workers walk out at the port of Santos, Brazil, March 3, 2025."),
            credit: Some("REUTERS/Amanda Perobelli"),
            paragraphs: 3,
            first: Some("Dock workers at Brazil's largest port walked out on Monday, halting grain exports."),
            last: Some("The union said the strike would last until wages were raised."),
        }],
    );
    assert_eq!(parsed.removed.len(), 5);
}

#[test]
fn caption_once() {
    let parsed = fixture("variants/caption_once.txt");
    assert_articles(
        &parsed,
        &[Expect {
            headline: "Port Strike Halts Grain Exports",
            photos: 1,
            caption: Some("Dock workers walk out at the port of Santos, Brazil, March 3, 2025."),
            credit: Some("REUTERS/Amanda Perobelli"),
            paragraphs: 2,
            first: Some("Dock workers at Brazil's largest port walked out on Monday, halting grain exports."),
            last: Some("The union said the strike would last until wages were raised."),
        }],
    );
    assert_eq!(parsed.removed.len(), 3);
}

#[test]
fn caption_three_times() {
    let parsed = fixture("variants/caption_three_times.txt");
    assert_articles(
        &parsed,
        &[Expect {
            headline: "Port Strike Halts Grain Exports",
            photos: 1,
            caption: Some("Dock workers walk out at the port of Santos, Brazil, March 3, 2025."),
            credit: Some("REUTERS/Amanda Perobelli"),
            paragraphs: 2,
            first: Some("Dock workers at Brazil's largest port walked out on Monday, halting grain exports."),
            last: Some("The union said the strike would last until wages were raised."),
        }],
    );
    assert_eq!(parsed.removed.len(), 7);
}

#[test]
fn caption_without_credit() {
    let parsed = fixture("variants/caption_without_credit.txt");
    assert_articles(
        &parsed,
        &[Expect {
            headline: "Port Strike Halts Grain Exports",
            photos: 1,
            caption: Some("Dock workers walk out at the port of Santos."),
            credit: None,
            paragraphs: 2,
            first: Some("Dock workers at Brazil's largest port walked out on Monday, halting grain exports."),
            last: Some("The union said the strike would last until wages were raised."),
        }],
    );
    assert_eq!(parsed.removed.len(), 5);
}

#[test]
fn credits_other_agencies() {
    let parsed = fixture("variants/credits_other_agencies.txt");
    assert_articles(
        &parsed,
        &[
            Expect {
                headline: "Flood Waters Rise in Valencia",
                photos: 1,
                caption: Some("Residents wade through a flooded street in Valencia, Spain."),
                credit: Some("AFP"),
                paragraphs: 1,
                first: Some("Rain fell all night in Valencia."),
                last: Some("Rain fell all night in Valencia."),
            },
            Expect {
                headline: "Senate Passes Budget Bill",
                photos: 1,
                caption: Some("Senators leave the chamber in Washington."),
                credit: Some("AP Photo/J. Scott Applewhite"),
                paragraphs: 1,
                first: Some("The Senate passed the budget bill late on Friday."),
                last: Some("The Senate passed the budget bill late on Friday."),
            },
            Expect {
                headline: "Storm Hits Northern Coast",
                photos: 1,
                caption: Some("Waves break over the sea wall in Porto."),
                credit: Some("EPA-EFE/ESTELA SILVA"),
                paragraphs: 1,
                first: Some("A storm hit the northern coast on Sunday."),
                last: Some("A storm hit the northern coast on Sunday."),
            },
            Expect {
                headline: "Champions Parade Through Madrid",
                photos: 1,
                caption: Some("Fans line the streets of Madrid."),
                credit: Some("Getty Images"),
                paragraphs: 1,
                first: Some("Thousands of fans lined the streets of Madrid."),
                last: Some("Thousands of fans lined the streets of Madrid."),
            },
        ],
    );
    assert_eq!(parsed.removed.len(), 20);
}

#[test]
fn empty() {
    let parsed = fixture("variants/empty.txt");
    assert_articles(&parsed, &[]);
    assert_eq!(parsed.removed.len(), 0);
}

#[test]
fn headline_in_body() {
    let parsed = fixture("variants/headline_in_body.txt");
    assert_articles(
        &parsed,
        &[Expect {
            headline: "Port Strike Halts Grain Exports",
            photos: 1,
            caption: Some("Dock workers walk out at the port of Santos, Brazil, March 3, 2025."),
            credit: Some("REUTERS/Amanda Perobelli"),
            paragraphs: 3,
            first: Some("Dock workers at Brazil's largest port walked out on Monday, halting grain exports."),
            last: Some("The union said the strike would last until wages were raised."),
        }],
    );
    assert_eq!(parsed.removed.len(), 5);
}

#[test]
fn headline_only() {
    let parsed = fixture("variants/headline_only.txt");
    assert_articles(
        &parsed,
        &[Expect {
            headline: "Port Strike Halts Grain Exports",
            photos: 1,
            caption: Some("Dock workers walk out at the port of Santos, Brazil, March 3, 2025."),
            credit: Some("REUTERS/Amanda Perobelli"),
            paragraphs: 0,
            first: None,
            last: None,
        }],
    );
    assert_eq!(parsed.removed.len(), 5);
}

#[test]
fn invalid_utf16() {
    let parsed = fixture("variants/invalid_utf16.txt");
    assert_articles(
        &parsed,
        &[Expect {
            headline: "Tea Prices",
            photos: 0,
            caption: None,
            credit: None,
            paragraphs: 1,
            first: Some("Tea costs � more."),
            last: Some("Tea costs � more."),
        }],
    );
    assert_eq!(parsed.removed.len(), 0);
}

#[test]
fn line_ends_cr() {
    let parsed = fixture("variants/line_ends_cr.txt");
    assert_articles(
        &parsed,
        &[Expect {
            headline: "Port Strike Halts Grain Exports",
            photos: 1,
            caption: Some("Dock workers walk out at the port of Santos, Brazil, March 3, 2025."),
            credit: Some("REUTERS/Amanda Perobelli"),
            paragraphs: 2,
            first: Some("Dock workers at Brazil's largest port walked out on Monday, halting grain exports."),
            last: Some("The union said the strike would last until wages were raised."),
        }],
    );
    assert_eq!(parsed.removed.len(), 5);
}

#[test]
fn line_ends_crlf() {
    let parsed = fixture("variants/line_ends_crlf.txt");
    assert_articles(
        &parsed,
        &[Expect {
            headline: "Port Strike Halts Grain Exports",
            photos: 1,
            caption: Some("Dock workers walk out at the port of Santos, Brazil, March 3, 2025."),
            credit: Some("REUTERS/Amanda Perobelli"),
            paragraphs: 2,
            first: Some("Dock workers at Brazil's largest port walked out on Monday, halting grain exports."),
            last: Some("The union said the strike would last until wages were raised."),
        }],
    );
    assert_eq!(parsed.removed.len(), 5);
}

#[test]
fn line_ends_lf() {
    let parsed = fixture("variants/line_ends_lf.txt");
    assert_articles(
        &parsed,
        &[Expect {
            headline: "Port Strike Halts Grain Exports",
            photos: 1,
            caption: Some("Dock workers walk out at the port of Santos, Brazil, March 3, 2025."),
            credit: Some("REUTERS/Amanda Perobelli"),
            paragraphs: 2,
            first: Some("Dock workers at Brazil's largest port walked out on Monday, halting grain exports."),
            last: Some("The union said the strike would last until wages were raised."),
        }],
    );
    assert_eq!(parsed.removed.len(), 5);
}

#[test]
fn line_ends_mixed() {
    let parsed = fixture("variants/line_ends_mixed.txt");
    assert_articles(
        &parsed,
        &[Expect {
            headline: "Port Strike Halts Grain Exports",
            photos: 1,
            caption: Some("Dock workers walk out at the port of Santos, Brazil, March 3, 2025."),
            credit: Some("REUTERS/Amanda Perobelli"),
            paragraphs: 2,
            first: Some("Dock workers at Brazil's largest port walked out on Monday, halting grain exports."),
            last: Some("The union said the strike would last until wages were raised."),
        }],
    );
    assert_eq!(parsed.removed.len(), 5);
}

#[test]
fn markdown_lookalikes() {
    let parsed = fixture("variants/markdown_lookalikes.txt");
    assert_articles(
        &parsed,
        &[Expect {
            headline: "Budget Talks Resume",
            photos: 0,
            caption: None,
            credit: None,
            paragraphs: 9,
            first: Some("1989. The year the wall fell is remembered in Berlin."),
            last: Some("[x](javascript:alert(1))"),
        }],
    );
    assert_eq!(parsed.removed.len(), 0);
}

#[test]
fn no_marker() {
    let parsed = fixture("variants/no_marker.txt");
    assert_articles(
        &parsed,
        &[Expect {
            headline: "Port Strike Halts Grain Exports",
            photos: 1,
            caption: Some("Dock workers walk out at the port of Santos, Brazil, March 3, 2025."),
            credit: Some("REUTERS/Amanda Perobelli"),
            paragraphs: 2,
            first: Some("Dock workers at Brazil's largest port walked out on Monday, halting grain exports."),
            last: Some("The union said the strike would last until wages were raised."),
        }],
    );
    assert_eq!(parsed.removed.len(), 4);
}

#[test]
fn no_photo() {
    let parsed = fixture("variants/no_photo.txt");
    assert_articles(
        &parsed,
        &[Expect {
            headline: "Port Strike Halts Grain Exports",
            photos: 0,
            caption: None,
            credit: None,
            paragraphs: 2,
            first: Some("Dock workers at Brazil's largest port walked out on Monday, halting grain exports."),
            last: Some("The union said the strike would last until wages were raised."),
        }],
    );
    assert_eq!(parsed.removed.len(), 2);
}

#[test]
fn other_marker() {
    let parsed = fixture("variants/other_marker.txt");
    assert_articles(
        &parsed,
        &[Expect {
            headline: "Port Strike Halts Grain Exports",
            photos: 1,
            caption: Some("Dock workers walk out at the port of Santos, Brazil, March 3, 2025."),
            credit: Some("REUTERS/Amanda Perobelli"),
            paragraphs: 2,
            first: Some("Dock workers at Brazil's largest port walked out on Monday, halting grain exports."),
            last: Some("The union said the strike would last until wages were raised."),
        }],
    );
    assert_eq!(parsed.removed.len(), 5);
}

#[test]
fn trailing_whitespace() {
    let parsed = fixture("variants/trailing_whitespace.txt");
    assert_articles(
        &parsed,
        &[Expect {
            headline: "Port Strike Halts Grain Exports",
            photos: 1,
            caption: Some("Dock workers walk out at the port of Santos, Brazil, March 3, 2025."),
            credit: Some("REUTERS/Amanda Perobelli"),
            paragraphs: 2,
            first: Some("Dock workers at Brazil's largest port walked out on Monday, halting grain exports."),
            last: Some("The union said the strike would last until wages were raised."),
        }],
    );
    assert_eq!(parsed.removed.len(), 5);
}

#[test]
fn two_photos() {
    let parsed = fixture("variants/two_photos.txt");
    assert_articles(
        &parsed,
        &[Expect {
            headline: "Port Strike Halts Grain Exports",
            photos: 2,
            caption: Some("Dock workers walk out at the port of Santos, Brazil, March 3, 2025."),
            credit: Some("REUTERS/Amanda Perobelli"),
            paragraphs: 2,
            first: Some("Dock workers at Brazil's largest port walked out on Monday, halting grain exports."),
            last: Some("The union said the strike would last until wages were raised."),
        }],
    );
    assert_eq!(parsed.removed.len(), 8);
}

#[test]
fn unicode() {
    let parsed = fixture("variants/unicode.txt");
    assert_articles(
        &parsed,
        &[Expect {
            headline: "“Café” Owners in Zürich Welcome 北京 Visitors 🎉",
            photos: 1,
            caption: Some("Staff serve coffee at the café in Zürich, Switzerland, May 2, 2025."),
            credit: Some("REUTERS/Denis Balibouse"),
            paragraphs: 4,
            first: Some("“We’re delighted,” said the café’s owner, Françoise Müller."),
            last: Some("Visitors left reviews full of ☕ and 🎉."),
        }],
    );
    assert_eq!(parsed.removed.len(), 5);
}

#[test]
fn utf16be_bom() {
    let parsed = fixture("variants/utf16be_bom.txt");
    assert_articles(
        &parsed,
        &[Expect {
            headline: "Price of tea rises to £3",
            photos: 0,
            caption: None,
            credit: None,
            paragraphs: 1,
            first: Some("A cup of tea in a London café now costs £3."),
            last: Some("A cup of tea in a London café now costs £3."),
        }],
    );
    assert_eq!(parsed.removed.len(), 0);
}

#[test]
fn utf16le_bom() {
    let parsed = fixture("variants/utf16le_bom.txt");
    assert_articles(
        &parsed,
        &[Expect {
            headline: "Port Strike Halts Grain Exports",
            photos: 1,
            caption: Some("Dock workers walk out at the port of Santos, Brazil, March 3, 2025."),
            credit: Some("REUTERS/Amanda Perobelli"),
            paragraphs: 2,
            first: Some("Dock workers at Brazil's largest port walked out on Monday, halting grain exports."),
            last: Some("The union said the strike would last until wages were raised."),
        }],
    );
    assert_eq!(parsed.removed.len(), 5);
}

#[test]
fn utf8_bom() {
    let parsed = fixture("variants/utf8_bom.txt");
    assert_articles(
        &parsed,
        &[Expect {
            headline: "Port Strike Halts Grain Exports",
            photos: 1,
            caption: Some("Dock workers walk out at the port of Santos, Brazil, March 3, 2025."),
            credit: Some("REUTERS/Amanda Perobelli"),
            paragraphs: 2,
            first: Some("Dock workers at Brazil's largest port walked out on Monday, halting grain exports."),
            last: Some("The union said the strike would last until wages were raised."),
        }],
    );
    assert_eq!(parsed.removed.len(), 5);
}

#[test]
fn whitespace_only() {
    let parsed = fixture("variants/whitespace_only.txt");
    assert_articles(&parsed, &[]);
    assert_eq!(parsed.removed.len(), 0);
}

#[test]
fn windows_1252() {
    let parsed = fixture("variants/windows_1252.txt");
    assert_articles(
        &parsed,
        &[Expect {
            headline: "Café prices rise",
            photos: 0,
            caption: None,
            credit: None,
            paragraphs: 2,
            first: Some("A cup of tea now costs £3 at the café, up 20\u{a0}per cent."),
            last: Some("“It’s too much,” said one customer."),
        }],
    );
    assert_eq!(parsed.removed.len(), 0);
}

#[test]
fn line_ends_bom_and_trailing_whitespace_give_the_same_articles() {
    let lf = fixture("variants/line_ends_lf.txt");
    for name in ["line_ends_crlf", "line_ends_cr", "line_ends_mixed", "utf8_bom", "utf16le_bom", "trailing_whitespace"]
    {
        let parsed = fixture(&format!("variants/{name}.txt"));
        assert_eq!(parsed.articles, lf.articles, "{name}");
        assert_eq!(parsed.removed.iter().map(|removed| removed.line).collect::<Vec<_>>(), [4, 5, 7, 9, 10], "{name}");
    }
}

#[test]
fn lone_short_capital_markers_are_furniture() {
    let marker = Reason::Furniture { furniture: Furniture::Marker };
    let other = fixture("variants/other_marker.txt");
    let markers: Vec<(usize, &str)> = other
        .removed
        .iter()
        .filter(|removed| removed.reason == marker)
        .map(|removed| (removed.line, &*removed.text))
        .collect();
    assert_eq!(markers, [(5, "WW")]);
    assert!(!fixture("variants/no_marker.txt").removed.iter().any(|removed| removed.reason == marker));
}

#[test]
fn caption_printed_once_is_removed_once_from_the_second_copy() {
    let parsed = fixture("variants/caption_once.txt");
    let reasons: Vec<(usize, String)> =
        parsed.removed.iter().map(|removed| (removed.line, removed.reason.to_string())).collect();
    assert_eq!(
        reasons,
        [
            (4, "page furniture (marker)".to_owned()),
            (6, "duplicate of headline at line 1".to_owned()),
            (8, "duplicate of caption at line 3".to_owned()),
        ]
    );
}

#[test]
fn two_photos_keep_their_own_captions() {
    let parsed = fixture("variants/two_photos.txt");
    let captions: Vec<&str> = parsed.articles[0].photos.iter().map(|photo| &*photo.caption).collect();
    assert_eq!(
        captions,
        [
            "Dock workers walk out at the port of Santos, Brazil, March 3, 2025.",
            "Trucks queue outside the port of Santos, Brazil, March 3, 2025."
        ]
    );
}

#[test]
fn markdown_lookalikes_stay_literal_paragraphs() {
    let parsed = fixture("variants/markdown_lookalikes.txt");
    let blocks: Vec<Block> = [
        "1989. The year the wall fell is remembered in Berlin.",
        "3) Budget",
        "---",
        "===",
        "# 1 seed",
        "*stars*",
        "_under_",
        "<b>tags</b>",
        "[x](javascript:alert(1))",
    ]
    .map(|text| Block::Paragraph(text.into()))
    .into();
    assert_eq!(parsed.articles[0].blocks, blocks);
    let html = newsreader::markdown::body_html(&blocks, newsreader::markdown::Marks::Omit);
    assert!(html.contains("<p id=\"p8\" dir=\"auto\">&lt;b&gt;tags&lt;/b&gt;</p>"), "{html}");
    assert!(html.contains("<p id=\"p9\" dir=\"auto\">[x](javascript:alert(1))</p>"), "{html}");
    assert!(!html.contains("<a "), "{html}");
}

#[test]
fn cjk_and_arabic_lines_are_paragraphs_set_right_to_left_by_the_browser() {
    let parsed = fixture("variants/unicode.txt");
    let blocks = &parsed.articles[0].blocks;
    assert!(blocks.iter().all(|block| matches!(block, Block::Paragraph(_))), "{blocks:?}");
    let html = newsreader::markdown::body_html(blocks, newsreader::markdown::Marks::Omit);
    assert!(html.contains("<p id=\"p2\" dir=\"auto\">北京的游客很多。</p>"), "{html}");
    assert!(html.contains("<p id=\"p3\" dir=\"auto\">قال المالك إن المقهى مزدحم.</p>"), "{html}");
}

#[test]
fn guessed_and_broken_encodings_warn() {
    assert_eq!(
        decoded("variants/windows_1252.txt").warnings,
        [Warning::file("not valid UTF-8; read as windows-1252 (a guess)")]
    );
    assert_eq!(
        decoded("variants/invalid_utf16.txt").warnings,
        [Warning {
            line: Some(3),
            message: "1 byte sequence(s) not valid UTF-16LE replaced by U+FFFD at byte offset 46".to_owned(),
        }]
    );
    for name in ["utf16be_bom", "utf16le_bom", "utf8_bom", "unicode"] {
        assert_eq!(decoded(&format!("variants/{name}.txt")).warnings, [], "{name}");
    }
}

#[test]
fn binary_empty_and_blank_files_are_skipped_with_a_reason() {
    let names = ["binary.txt", "empty.txt", "whitespace_only.txt"];
    let sources = names.map(|name| (name.to_owned(), std::fs::read(repo_path("tests/fixtures/variants").join(name))));
    let (corpus, reports) = Corpus::from_sources(sources);
    assert!(corpus.articles().is_empty());
    let skipped: Vec<String> =
        reports.iter().map(|report| report.skipped.as_ref().map(ToString::to_string).unwrap_or_default()).collect();
    assert_eq!(skipped, ["binary file (NUL byte at offset 8)", "holds no article", "holds no article"]);
}

#[test]
fn a_one_megabyte_line_is_one_paragraph() {
    let line = "word ".repeat(200_000);
    let text = format!("Headline\n\n{line}");
    let parsed = newsreader::corpus::parse::parse(&text.as_str().into());
    newsreader::corpus::parse::check_accounting(&text, &parsed).unwrap();
    assert_eq!(parsed.articles.len(), 1);
    assert_eq!(paragraphs(&parsed.articles[0]), [line.trim_end()]);
}

#[test]
fn hard_wrapped_wire_copy_is_joined_into_paragraphs() {
    let parsed = fixture("variants/wire_hard_wrapped.txt");
    let article = &parsed.articles[0];
    assert_eq!(article.byline.as_deref(), Some("Maria Costa"));
    assert_eq!(article.source.as_deref(), Some("Reuters"));
    let paragraphs: Vec<String> =
        paragraphs(article).iter().map(|text| text.split_whitespace().collect::<Vec<_>>().join(" ")).collect();
    assert_eq!(
        paragraphs,
        [
            "SANTOS, Brazil, March 3 (Reuters) - Dock workers at Brazil's largest port walked out on Monday, halting grain exports at the height of the soybean harvest and leaving dozens of ships waiting offshore, the union said.",
            "The strike, the first at Santos in a decade, followed months of talks over pay and shift patterns that broke down last week, union leader Joao Silva told reporters outside the port gates.",
            "\"We did not want this, but the company left us no choice,\" he said.",
            "Exporters said the stoppage could cost the country millions of dollars a day if it lasted more than a week.",
        ]
    );
    // Every line of a joined paragraph is still accounted for, each once.
    assert_eq!(article.lines[article.header_texts.len()..], [5, 6, 7, 8, 10, 11, 12, 13, 14, 16, 17]);
    // The wire credits repeat the byline printed above.
    assert_eq!(removed_as(&parsed, &Reason::Furniture { furniture: Furniture::WireCredits }), [19]);
}

#[test]
fn questions_and_answers_stay_paragraphs() {
    let parsed = fixture("variants/interview_qa.txt");
    assert_eq!(
        paragraphs(&parsed.articles[0])[1..],
        [
            "Q: When will the port reopen?",
            "A: Within a year. The first berths will open in the spring.",
            "Q: Who will pay for it?",
            "A: The state, with help from the exporters."
        ]
    );
}

#[test]
fn a_caption_printed_before_the_headline_is_the_photo() {
    let parsed = fixture("variants/caption_before_headline.txt");
    let article = &parsed.articles[0];
    assert_eq!(article.headline.as_deref(), Some("Port Strike Halts Grain Exports"));
    assert_eq!(article.photos[0].credit.as_deref(), Some("REUTERS/Amanda Perobelli"));
    assert_eq!(paragraphs(article).len(), 2);
}

#[test]
fn labelled_captions_and_credit_lines_make_one_photo() {
    let parsed = fixture("variants/bbc_image_labels.txt");
    let article = &parsed.articles[0];
    assert_eq!(article.photos.len(), 1);
    assert_eq!(&*article.photos[0].caption, "Waves crashed over the sea wall in Porthleven, Cornwall");
    assert_eq!(article.photos[0].credit.as_deref(), Some("Getty Images"));
    assert_eq!(paragraphs(article).len(), 2);
}
