//! Article text to HTML through pulldown-cmark: the one place its options and events live.
//!
//! Scraped (`.txt`) text is literal, so it is never parsed as Markdown: each block becomes
//! pulldown-cmark events built by hand (`Text` inside a paragraph or heading), and
//! `pulldown_cmark::html::push_html` escapes them. `1989. The year...` stays a paragraph and
//! `<script>` stays text.
//!
//! Hand-written (`.md`) bodies are CommonMark ([`OPTIONS`]), made safe event by event: raw
//! HTML becomes escaped text, and links or images whose target uses a script-running or
//! inline scheme (`javascript:`, `vbscript:`, `data:`) lose the target and keep their text.

use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

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
            Block::Markdown(source) => events.extend(safe_events(source)),
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

/// CommonMark plus GitHub-style tables and strikethrough; nothing that changes how plain
/// text reads (no smart punctuation).
pub const OPTIONS: Options = Options::ENABLE_TABLES.union(Options::ENABLE_STRIKETHROUGH);

/// URL schemes a link or image in a `.md` article may not point at: they run script or
/// carry inline content (matched case-insensitively, ignoring whitespace and control
/// characters, as browsers do when they parse a URL).
const BLOCKED_SCHEMES: [&str; 3] = ["javascript:", "vbscript:", "data:"];

/// Whether `url` uses one of [`BLOCKED_SCHEMES`].
fn is_blocked(url: &str) -> bool {
    let folded: String =
        url.chars().filter(|c| !c.is_whitespace() && !c.is_control()).take(16).collect::<String>().to_lowercase();
    BLOCKED_SCHEMES.iter().any(|scheme| folded.starts_with(scheme))
}

/// CommonMark `source` parsed with [`OPTIONS`] and made safe: `Html`/`InlineHtml` events
/// become `Text` (escaped on output), and a link or image with a blocked target is
/// dropped while its text (an image's alt text) is kept.
fn safe_events(source: &str) -> Vec<Event<'_>> {
    let mut dropped: Vec<bool> = Vec::new();
    let mut events = Vec::new();
    for event in Parser::new_ext(source, OPTIONS) {
        match event {
            Event::Html(html) | Event::InlineHtml(html) => events.push(Event::Text(html)),
            Event::Start(Tag::Link { ref dest_url, .. } | Tag::Image { ref dest_url, .. }) => {
                let blocked = is_blocked(dest_url);
                dropped.push(blocked);
                if !blocked {
                    events.push(event);
                }
            }
            Event::End(TagEnd::Link | TagEnd::Image) => {
                if !dropped.pop().unwrap_or(false) {
                    events.push(event);
                }
            }
            other => events.push(other),
        }
    }
    events
}

/// The plain text of the first paragraph of CommonMark `source` (for ledes), `None` when it
/// has no paragraph.
pub fn first_paragraph_text(source: &str) -> Option<String> {
    let mut text = String::new();
    let mut inside = false;
    for event in Parser::new_ext(source, OPTIONS) {
        match event {
            Event::Start(Tag::Paragraph) => inside = true,
            Event::End(TagEnd::Paragraph) if inside => return Some(text),
            Event::Text(part) | Event::Code(part) if inside => text.push_str(&part),
            Event::SoftBreak | Event::HardBreak if inside => text.push(' '),
            _ => {}
        }
    }
    None
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

    fn markdown(source: &str) -> String {
        body_html(&[Block::Markdown(source.to_owned())])
    }

    #[test]
    fn markdown_bodies_are_rendered() {
        assert_eq!(
            markdown("Office **closed**.\n\n- one\n- two\n\n[Rota](https://intranet/rota)"),
            "<p>Office <strong>closed</strong>.</p>\n<ul>\n<li>one</li>\n<li>two</li>\n</ul>\n\
             <p><a href=\"https://intranet/rota\">Rota</a></p>\n"
        );
    }

    #[test]
    fn raw_html_in_markdown_is_escaped() {
        assert_eq!(
            markdown("<script>alert(1)</script>\n\nA <b>bold</b> claim."),
            "&lt;script&gt;alert(1)&lt;/script&gt;\n<p>A &lt;b&gt;bold&lt;/b&gt; claim.</p>\n"
        );
    }

    #[test]
    fn script_and_data_links_lose_their_target() {
        let cases = [
            ("[x](javascript:alert(1))", "<p>x</p>\n"),
            ("[x](JaVaScRiPt:alert(1))", "<p>x</p>\n"),
            ("[x](<java\tscript:alert(1)>)", "<p>x</p>\n"),
            ("[x](vbscript:msgbox)", "<p>x</p>\n"),
            ("![pic](data:image/png;base64,AAAA)", "<p>pic</p>\n"),
            ("[![pic](data:x)](javascript:y)", "<p>pic</p>\n"),
            ("<javascript:alert(1)>", "<p>javascript:alert(1)</p>\n"),
            ("[ok](/notes)", "<p><a href=\"/notes\">ok</a></p>\n"),
        ];
        for (source, html) in cases {
            assert_eq!(markdown(source), html, "{source:?}");
        }
    }

    #[test]
    fn first_paragraph_text_is_plain() {
        assert_eq!(
            first_paragraph_text("# Skip\n\nThe *office* is `closed`\non Friday.\n\nMore."),
            Some("The office is closed on Friday.".to_owned())
        );
        assert_eq!(first_paragraph_text("- a tight list has no paragraph"), None);
    }
}
