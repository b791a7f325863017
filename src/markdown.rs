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

use std::collections::HashSet;

use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use crate::block::{Block, Photo};

/// Whether paragraphs and subheadings carry a visible permalink mark.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Marks {
    /// A `<a class="permalink" href="#id">` after each paragraph (`¶`) and subheading (`#`),
    /// for the article page.
    Permalinks,
    /// No marks: for feeds, where `#id` links would point into the feed itself.
    Omit,
}

/// Renders body blocks as HTML: paragraphs as `<p id="pN" dir="auto">` (N counts
/// paragraphs from 1, for `#pN` links; `dir="auto"` lets right-to-left text run right to
/// left), list items in a row as one `<ul>` of `<li dir="auto">`, subheadings as `<h2 id="{slug}">` (the text's slug, `-2`, `-3`... when that id is
/// taken: by an earlier subheading, a paragraph, or the page around the body).
pub fn body_html(blocks: &[Block], marks: Marks) -> String {
    let mut events: Vec<Event<'_>> = Vec::with_capacity(blocks.len() * 4);
    let mut paragraph = 0;
    let mut ids: HashSet<String> = HashSet::new();
    for (at, block) in blocks.iter().enumerate() {
        let in_list = |at: usize| at < blocks.len() && matches!(blocks[at], Block::Item(_));
        match block {
            Block::Item(text) => {
                if at == 0 || !in_list(at - 1) {
                    events.push(Event::Html(CowStr::from("<ul>\n")));
                }
                events.push(Event::Html(CowStr::from("<li dir=\"auto\">")));
                events.push(Event::Text(CowStr::from(&**text)));
                events.push(Event::Html(CowStr::from("</li>\n")));
                if !in_list(at + 1) {
                    events.push(Event::Html(CowStr::from("</ul>\n")));
                }
            }
            Block::Paragraph(text) => {
                paragraph += 1;
                let id = format!("p{paragraph}");
                events.push(Event::Html(CowStr::from(format!("<p id=\"{id}\" dir=\"auto\">"))));
                events.push(Event::Text(CowStr::from(&**text)));
                if marks == Marks::Permalinks {
                    events.push(permalink(&id, &format!("paragraph {paragraph}"), '¶'));
                }
                events.push(Event::Html(CowStr::from("</p>\n")));
            }
            Block::Markdown(source) => events.extend(safe_events(source)),
            Block::Subheading(text) => {
                let id = heading_id(text, &mut ids);
                events.push(Event::Start(Tag::Heading {
                    level: HeadingLevel::H2,
                    id: id.clone().map(CowStr::from),
                    classes: Vec::new(),
                    attrs: Vec::new(),
                }));
                events.push(Event::Text(CowStr::from(&**text)));
                if let (Some(id), Marks::Permalinks) = (&id, marks) {
                    events.push(permalink(id, "this section", '#'));
                }
                events.push(Event::End(TagEnd::Heading(HeadingLevel::H2)));
            }
        }
    }
    let mut html = String::with_capacity(blocks.iter().map(|block| block.text().len() + 100).sum());
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    html
}

/// Photos as `<figure><figcaption>{caption} <small>{credit}</small></figcaption></figure>`,
/// text escaped: for feeds, which carry no stylesheet.
pub fn photos_html(photos: &[Photo]) -> String {
    let mut events: Vec<Event<'_>> = Vec::with_capacity(photos.len() * 5);
    for photo in photos {
        events.push(Event::Html(CowStr::from("<figure><figcaption>")));
        events.push(Event::Text(CowStr::from(&*photo.caption)));
        if let Some(credit) = &photo.credit {
            events.push(Event::Html(CowStr::from(" <small>")));
            events.push(Event::Text(CowStr::from(&**credit)));
            events.push(Event::Html(CowStr::from("</small>")));
        }
        events.push(Event::Html(CowStr::from("</figcaption></figure>\n")));
    }
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    html
}

/// Ids of the page around an article body (`templates/base.html`: the skip link's target and
/// the search box), which no subheading may take.
const PAGE_IDS: [&str; 2] = ["main", "search-q"];

/// The id of a subheading: its text's slug, or the slug with `-2`, `-3`... when the plain
/// one is taken (by an id in `used`, a paragraph's `pN` or one of [`PAGE_IDS`]); `None` when
/// the text has no letter or digit. The id is added to `used`.
fn heading_id(text: &str, used: &mut HashSet<String>) -> Option<String> {
    let slug = crate::slug::from_headline(text);
    if slug.is_empty() {
        return None;
    }
    let is_paragraph =
        |id: &str| id.strip_prefix('p').is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
    let taken = |id: &str| used.contains(id) || PAGE_IDS.contains(&id) || is_paragraph(id);
    let id = std::iter::once(slug.clone()).chain((2..).map(|n| format!("{slug}-{n}"))).find(|id| !taken(id))?;
    used.insert(id.clone());
    Some(id)
}

/// The permalink mark to `#id`: ids are ASCII slugs or `pN`, so they need no escaping.
fn permalink(id: &str, what: &str, mark: char) -> Event<'static> {
    Event::Html(CowStr::from(format!(
        " <a class=\"permalink\" href=\"#{id}\" aria-label=\"Link to {what}\" title=\"Link to {what}\">{mark}</a>"
    )))
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

    fn blocks() -> Vec<Block> {
        vec![
            Block::Paragraph("1989. The year the wall fell.".into()),
            Block::Paragraph("<script>alert(1)</script> & *stars*".into()),
            Block::Subheading("TIGHT SUPPLY".into()),
            Block::Paragraph("# 1 seed".into()),
            Block::Subheading("TIGHT SUPPLY".into()),
        ]
    }

    #[test]
    fn text_stays_literal_and_escaped() {
        assert_eq!(
            body_html(&blocks(), Marks::Omit),
            "<p id=\"p1\" dir=\"auto\">1989. The year the wall fell.</p>\n\
             <p id=\"p2\" dir=\"auto\">&lt;script&gt;alert(1)&lt;/script&gt; &amp; *stars*</p>\n\
             <h2 id=\"tight-supply\">TIGHT SUPPLY</h2>\n\
             <p id=\"p3\" dir=\"auto\"># 1 seed</p>\n\
             <h2 id=\"tight-supply-2\">TIGHT SUPPLY</h2>\n"
        );
    }

    #[test]
    fn subheading_ids_never_repeat_or_take_the_page_s_ids() {
        let texts = ["MAIN", "SEARCH Q", "P2", "UPDATE", "UPDATE", "UPDATE 2"];
        let blocks: Vec<Block> = texts.iter().map(|text| Block::Subheading((*text).into())).collect();
        let html = body_html(&blocks, Marks::Omit);
        let ids: Vec<&str> = html.split("<h2 id=\"").skip(1).filter_map(|rest| rest.split('"').next()).collect();
        assert_eq!(ids, ["main-2", "search-q-2", "p2-2", "update", "update-2", "update-2-2"]);
    }

    #[test]
    fn photo_captions_and_credits_are_escaped() {
        let photos = [
            Photo { caption: "A & B <at> work.".into(), credit: Some("REUTERS/Aly Song".into()) },
            Photo { caption: "No credit.".into(), credit: None },
        ];
        assert_eq!(
            photos_html(&photos),
            "<figure><figcaption>A &amp; B &lt;at&gt; work. <small>REUTERS/Aly Song</small></figcaption></figure>\n\
             <figure><figcaption>No credit.</figcaption></figure>\n"
        );
    }

    #[test]
    fn permalink_marks_link_to_their_own_block() {
        let html = body_html(&blocks()[1..3], Marks::Permalinks);
        assert_eq!(
            html,
            "<p id=\"p1\" dir=\"auto\">&lt;script&gt;alert(1)&lt;/script&gt; &amp; *stars* \
             <a class=\"permalink\" href=\"#p1\" aria-label=\"Link to paragraph 1\" title=\"Link to paragraph 1\">¶</a></p>\n\
             <h2 id=\"tight-supply\">TIGHT SUPPLY \
             <a class=\"permalink\" href=\"#tight-supply\" aria-label=\"Link to this section\" title=\"Link to this section\">#</a></h2>\n"
        );
    }

    fn markdown(source: &str) -> String {
        body_html(&[Block::Markdown(source.into())], Marks::Omit)
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
