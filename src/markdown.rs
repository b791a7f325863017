//! Article text to HTML through pulldown-cmark: the one place its options and events live.
//!
//! Seed text is literal, so no Markdown is parsed here: each block becomes pulldown-cmark
//! events built by hand (`Text` inside a paragraph or heading), and
//! `pulldown_cmark::html::push_html` escapes them. `1989. The year...` stays a paragraph and
//! `<script>` stays text.

use pulldown_cmark::{CowStr, Event, HeadingLevel, Tag, TagEnd};

use crate::article::Block;

/// Renders body blocks as HTML: paragraphs as `<p id="pN" dir="auto">` (N counts
/// paragraphs from 1, for `#pN` links; `dir="auto"` lets right-to-left text run right to
/// left), subheadings as `<h2 id="{slug}">`.
pub fn body_html(blocks: &[Block]) -> String {
    let mut events: Vec<Event<'_>> = Vec::with_capacity(blocks.len() * 3);
    let mut paragraph = 0;
    for block in blocks {
        match block {
            Block::Paragraph(text) => {
                paragraph += 1;
                events.push(Event::Html(CowStr::from(format!("<p id=\"p{paragraph}\" dir=\"auto\">"))));
                events.push(Event::Text(CowStr::from(text.as_str())));
                events.push(Event::Html(CowStr::from("</p>\n")));
            }
            Block::Subheading(text) => {
                let id = crate::slug::from_headline(text);
                events.push(Event::Start(Tag::Heading {
                    level: HeadingLevel::H2,
                    id: (!id.is_empty()).then(|| CowStr::from(id)),
                    classes: Vec::new(),
                    attrs: Vec::new(),
                }));
                events.push(Event::Text(CowStr::from(text.as_str())));
                events.push(Event::End(TagEnd::Heading(HeadingLevel::H2)));
            }
        }
    }
    let mut html = String::with_capacity(blocks.iter().map(|block| block.text().len() + 40).sum());
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    html
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_stays_literal_and_escaped() {
        let blocks = vec![
            Block::Paragraph("1989. The year the wall fell.".to_owned()),
            Block::Paragraph("<script>alert(1)</script> & *stars*".to_owned()),
            Block::Subheading("TIGHT SUPPLY".to_owned()),
            Block::Paragraph("# 1 seed".to_owned()),
        ];
        assert_eq!(
            body_html(&blocks),
            "<p id=\"p1\" dir=\"auto\">1989. The year the wall fell.</p>\n\
             <p id=\"p2\" dir=\"auto\">&lt;script&gt;alert(1)&lt;/script&gt; &amp; *stars*</p>\n\
             <h2 id=\"tight-supply\">TIGHT SUPPLY</h2>\n\
             <p id=\"p3\" dir=\"auto\"># 1 seed</p>\n"
        );
    }
}
