//! An article while its lines are read: every line goes into one field or into the removed
//! lines, and the captions seen so far are remembered so their copies can be told apart.

use std::collections::HashMap;

use super::page::Page;
use super::{Field, ParsedArticle, Reason, Removed};
use crate::article::{Block, Photo, SeedText};
use crate::corpus::lines;
use crate::corpus::vocabulary::Furniture;

/// An article being read, with the lines removed while reading it.
pub(crate) struct Draft {
    pub(crate) article: ParsedArticle,
    /// Lines that went into a field other than a body block, with their trimmed texts.
    header: Vec<(usize, SeedText, Field)>,
    /// Lines of body blocks, in order, with their fields.
    body: Vec<(usize, Field)>,
    pub(crate) removed: Vec<Removed>,
    /// Caption lines seen (kept or wrapped pieces): (folded text, line index of the copy
    /// that is kept), in the order seen ([`Draft::add_caption`]).
    captions: Vec<(String, usize)>,
    /// The first entry of `captions` for each folded text, to find an exact copy at once.
    caption_lines: HashMap<String, usize>,
    /// A credit printed on its own line (`Image source, Reuters`), waiting for its caption.
    pending_credit: Option<(usize, SeedText)>,
    /// Why lines were read as they were (headlines, captions), for `check --explain`.
    pub(crate) notes: Vec<(usize, &'static str)>,
    /// How many copies of the headline the header has shown so far.
    pub(crate) headline_copies: usize,
    /// A page store's `date` line: the dateline only if the page prints none.
    stored_date: Option<(usize, SeedText, Option<SeedText>)>,
}

/// How many of the latest captions a loose copy (with a credit added, or cut short) is
/// compared with.
const RECENT_CAPTIONS: usize = 64;

impl Draft {
    /// Remembers the folded caption text `key`, whose kept copy is at line index `of`.
    pub(crate) fn add_caption(&mut self, key: &str, of: usize) {
        self.captions.push((key.to_owned(), of));
        self.caption_lines.entry(key.to_owned()).or_insert(of);
    }

    /// A draft whose headline (if any) is at line index `headline`, or that starts at line
    /// index `start` without one.
    pub(crate) fn new(page: &Page<'_>, headline: Option<usize>, start: usize) -> Draft {
        let article = ParsedArticle::new(headline.map(|index| page.key_text(index, 0)), headline.unwrap_or(start) + 1);
        let mut draft = Draft {
            article,
            header: Vec::new(),
            body: Vec::new(),
            removed: Vec::new(),
            captions: Vec::new(),
            caption_lines: HashMap::new(),
            pending_credit: None,
            notes: Vec::new(),
            headline_copies: 0,
            stored_date: None,
        };
        if let Some(index) = headline {
            draft.keep(page, index, Field::Headline);
        }
        draft
    }

    /// Puts line `index` into a header field (its trimmed text recorded).
    pub(crate) fn keep(&mut self, page: &Page<'_>, index: usize, field: Field) {
        self.header.push((index + 1, page.seed_text(index), field));
    }

    /// Removes line `index` for `reason`.
    pub(crate) fn remove(&mut self, page: &Page<'_>, index: usize, reason: Reason) {
        self.removed.push(Removed { line: index + 1, text: page.seed_text(index), reason });
    }

    /// Adds a body block read from lines `first..=last`.
    pub(crate) fn block(&mut self, first: usize, last: usize, block: Block) {
        let field = match block {
            Block::Subheading(_) => Field::Subheading,
            Block::Item(_) => Field::Item,
            Block::Paragraph(_) | Block::Markdown(_) => Field::Paragraph,
        };
        self.body.extend((first..=last).map(|index| (index + 1, field)));
        self.article.blocks.push(block);
    }

    /// Whether the article has a body block yet.
    pub(crate) fn has_body(&self) -> bool {
        !self.article.blocks.is_empty()
    }

    /// The kept caption that folded line `key` repeats, if any: the same text, or the same
    /// but cut (`....more`, or at the end of a cut-off file when `cut_off`).
    pub(crate) fn caption_copy(&self, key: &str, cut_off: bool) -> Option<usize> {
        if let Some(&of) = self.caption_lines.get(key) {
            return Some(of);
        }
        // Looser copies are looked for among the latest captions only: a copy comes within a
        // few lines of its caption, and a header of thousands of captions must not cost each
        // line all of them.
        let recent = &self.captions[self.captions.len().saturating_sub(RECENT_CAPTIONS)..];
        // The caption again, with the credit the first copy left out.
        let with_credit = recent.iter().find(|(caption, _)| {
            caption.len() >= 30
                && key.len() > caption.len()
                && key.len() <= caption.len() + 90
                && key.starts_with(caption.as_str())
        });
        if let Some((_, of)) = with_credit {
            return Some(*of);
        }
        let shortened = ["....more", "...more", "… more", "…more"].iter().find_map(|more| key.strip_suffix(more));
        let (prefix, minimum) = match shortened {
            Some(prefix) => (prefix.trim_end(), 12),
            None if cut_off => (key, 8),
            None => return None,
        };
        if prefix.len() < minimum {
            return None;
        }
        recent.iter().find(|(caption, _)| caption.starts_with(prefix)).map(|(_, of)| *of)
    }

    /// Makes line `index` (folded text from byte `from`) a photo: its credit split off (any
    /// short bracketed name counts, the line being known as a caption), a waiting credit
    /// line joined to it.
    pub(crate) fn photo(&mut self, page: &Page<'_>, index: usize, from: usize, why: &'static str) {
        let (caption, credit) = lines::split_caption_credit(&page.key(index)[from..]);
        self.photo_split(page, index, caption, credit, why);
    }

    /// Makes line `index` a photo whose caption and credit (slices of the line's folded
    /// text) are known; `why` says what showed it is a caption.
    pub(crate) fn photo_split(
        &mut self,
        page: &Page<'_>,
        index: usize,
        caption: &str,
        credit: Option<&str>,
        why: &'static str,
    ) {
        self.notes.push((index + 1, why));
        let mut photo = Photo { caption: page.shared(caption), credit: credit.map(|credit| page.shared(credit)) };
        if let Some((credit_line, credit)) = self.pending_credit.take() {
            if photo.credit.is_none() {
                photo.credit = Some(credit);
            }
            self.header.push((credit_line + 1, page.seed_text(credit_line), Field::Credit));
        }
        self.add_caption(page.key(index), index);
        self.article.photos.push(photo);
        self.keep(page, index, Field::Caption);
    }

    /// A credit printed on its own line at `index` (value from byte `from`): the credit of
    /// the photo before it when that has none, else of the next photo. `false` when neither
    /// can take it (no photo before it and `caption_follows` is false).
    pub(crate) fn credit_line(&mut self, page: &Page<'_>, index: usize, from: usize, caption_follows: bool) -> bool {
        let credit = page.key_text(index, from);
        if caption_follows {
            if let Some((waiting, _)) = self.pending_credit.replace((index, credit)) {
                self.remove(page, waiting, Reason::Furniture { furniture: Furniture::LoneCredit });
            }
            return true;
        }
        match self.article.photos.last_mut() {
            Some(photo) if photo.credit.is_none() => {
                photo.credit = Some(credit);
                self.keep(page, index, Field::Credit);
                true
            }
            _ => false,
        }
    }

    /// A photo credit alone on line `index` (`Jose Luis Magana/AP`), right after a photo: its
    /// credit when it has none, else a repeat of it. `false` when no photo is within a few
    /// lines before it.
    pub(crate) fn bare_credit(&mut self, page: &Page<'_>, index: usize) -> bool {
        let near = self.captions.last().is_some_and(|(_, of)| *of < index && index - of <= 6);
        let Some(photo) = self.article.photos.last_mut().filter(|_| near) else { return false };
        if photo.credit.is_none() {
            photo.credit = Some(page.key_text(index, 0));
            self.keep(page, index, Field::Credit);
        } else {
            self.remove(page, index, Reason::Furniture { furniture: Furniture::RepeatedCredit });
        }
        true
    }

    /// Reads the dateline `found` in line `index`: the article's dateline (and section or
    /// source, when printed beside it) if it has none yet, else a date stamp. A page store's
    /// `date` line waits until the article is finished: the printed dateline wins.
    pub(crate) fn dateline(&mut self, page: &Page<'_>, index: usize, found: &lines::Dateline<'_>) {
        let after = found.after.map(|after| page.shared(after));
        if found.stored {
            if self.stored_date.is_none() {
                self.stored_date = Some((index, page.shared(found.date), after));
            } else {
                self.remove(page, index, Reason::Furniture { furniture: Furniture::DateStamp });
            }
            return;
        }
        if self.article.dateline.is_some() {
            self.remove(page, index, Reason::Furniture { furniture: Furniture::DateStamp });
            return;
        }
        self.article.dateline = Some(page.shared(found.date));
        let before = found.before.map(|before| page.shared(before));
        if found.source_before {
            self.article.source = self.article.source.take().or(before);
        } else {
            self.article.section = self.article.section.take().or(before).or(after);
        }
        self.keep(page, index, Field::Dateline);
    }

    /// The finished article: header lines first, then body lines; the removed lines; the
    /// notes.
    pub(crate) fn finish(mut self, page: &Page<'_>) -> (ParsedArticle, Vec<Removed>, Vec<(usize, &'static str)>) {
        if let Some((index, _)) = self.pending_credit.take() {
            self.remove(page, index, Reason::Furniture { furniture: Furniture::LoneCredit });
        }
        if let Some((index, date, section)) = self.stored_date.take() {
            if self.article.dateline.is_none() {
                self.article.dateline = Some(date);
                self.article.section = self.article.section.take().or(section);
                self.keep(page, index, Field::Dateline);
            } else if section.is_some() && self.article.section.is_none() {
                self.article.section = section;
                self.keep(page, index, Field::Section);
            } else {
                self.remove(page, index, Reason::Furniture { furniture: Furniture::DateStamp });
            }
        }
        self.header.sort_unstable_by_key(|(line, _, _)| *line);
        let article = &mut self.article;
        for (line, text, field) in self.header {
            article.lines.push(line);
            article.header_texts.push(text);
            article.fields.push(field);
        }
        for (line, field) in self.body {
            article.lines.push(line);
            article.fields.push(field);
        }
        (self.article, self.removed, self.notes)
    }
}
