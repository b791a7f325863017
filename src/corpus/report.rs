//! The seed check report: what `newsreader check` prints and `serve` logs at startup.
//!
//! Per file: articles found, every removed line (number, reason, text), warnings as
//! `file:line`, and why a file was skipped; then one summary line. A file name holding a
//! control character is [`quoted`], so each file keeps its one heading line. [`Status`] grades the
//! whole: errors (a file that cannot be read), warnings only, or clean.

use std::borrow::Cow;
use std::fmt::Write as _;

use super::FileReport;

/// Longest removed-line text shown, in characters; longer text ends in `…`.
const SHOWN_CHARS: usize = 100;

/// `name` as reports and the log print it: as it is, or, when it holds a control character
/// (a newline would split the one line a file gets) or starts with `"`, quoted and escaped
/// as a Rust string literal is (`"a\nb.txt"`).
pub fn quoted(name: &str) -> Cow<'_, str> {
    if name.starts_with('"') || name.chars().any(char::is_control) {
        Cow::Owned(format!("{name:?}"))
    } else {
        Cow::Borrowed(name)
    }
}

/// Logs what `newsreader check` prints (with `tracing`): a line per file (removed lines at
/// debug level), its warnings, then the summary.
pub fn log(reports: &[FileReport]) {
    for report in reports {
        let file = quoted(&report.file);
        if let Some(reason) = report.skipped.as_ref().filter(|skip| skip.is_error() || skip.is_warning()) {
            tracing::warn!(%file, %reason, "seed file skipped");
        } else if let Some(reason) = &report.skipped {
            tracing::info!(%file, %reason, removed = report.removed_count(), "seed file is no article");
        } else {
            tracing::info!(%file, articles = report.articles, removed = report.removed_count(), "seed file read");
        }
        for removed in &report.removed {
            tracing::debug!(%file, line = removed.line, reason = %removed.reason, "line removed");
        }
        for warning in &report.warnings {
            tracing::warn!(%file, line = warning.line, warning = %warning.message, "seed file warning");
        }
    }
    tracing::info!(summary = %summary(reports), "seeds checked");
}

/// How a set of file reports grades.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Every file read, nothing doubtful.
    Clean,
    /// Every file read, but some warning (a guessed encoding, an empty file, ...).
    Warnings,
    /// Some file could not be read (binary, unreadable, a `.md` file without headline).
    Errors,
}

impl Status {
    /// Of `reports`: errors before warnings before clean.
    pub fn of(reports: &[FileReport]) -> Status {
        if reports.iter().any(|report| report.skipped.as_ref().is_some_and(super::Skip::is_error)) {
            Status::Errors
        } else if reports.iter().any(|report| warning_count(report) > 0) {
            Status::Warnings
        } else {
            Status::Clean
        }
    }

    /// The process exit status `newsreader check` uses: 0 clean, 1 errors, 2 warnings only.
    pub fn exit_code(self) -> u8 {
        match self {
            Status::Clean => 0,
            Status::Errors => 1,
            Status::Warnings => 2,
        }
    }
}

fn warning_count(report: &FileReport) -> usize {
    report.warnings.len() + usize::from(report.skipped.as_ref().is_some_and(super::Skip::is_warning))
}

fn error_count(report: &FileReport) -> usize {
    usize::from(report.skipped.as_ref().is_some_and(super::Skip::is_error))
}

fn plural(count: usize, one: &str, many: &str) -> String {
    format!("{count} {}", if count == 1 { one } else { many })
}

/// The full report: for each file a heading line, its removed lines, warnings and errors;
/// then [`summary`]. Lines end in `\n`.
pub fn render(reports: &[FileReport]) -> String {
    let mut out = String::new();
    for report in reports {
        let file = quoted(&report.file);
        out.push_str(&file_line(report));
        out.push('\n');
        for removed in &report.removed {
            let _ =
                writeln!(out, "  line {}: {}: {:?}", removed.line, removed.reason, shown(&removed.text, SHOWN_CHARS));
        }
        for warning in &report.warnings {
            let place = warning.line.map_or_else(|| file.to_string(), |line| format!("{file}:{line}"));
            let _ = writeln!(out, "  warning: {place}: {}", warning.message);
        }
        if let Some(skip) = &report.skipped {
            let kind = if skip.is_error() {
                "error"
            } else if skip.is_warning() {
                "warning"
            } else {
                "note"
            };
            let _ = writeln!(out, "  {kind}: {file}: skipped: {skip}");
        }
    }
    out.push_str(&summary(reports));
    out.push('\n');
    out
}

/// One file's heading: `name: N articles, M lines removed`, the name [`quoted`].
pub fn file_line(report: &FileReport) -> String {
    format!(
        "{}: {}, {}",
        quoted(&report.file),
        plural(report.articles, "article", "articles"),
        plural(report.removed_count(), "line removed", "lines removed")
    )
}

/// The totals: `N files: A articles, R lines removed, W warnings, E errors`.
pub fn summary(reports: &[FileReport]) -> String {
    let articles = reports.iter().map(|report| report.articles).sum();
    let removed = reports.iter().map(FileReport::removed_count).sum();
    let warnings = reports.iter().map(warning_count).sum();
    let errors = reports.iter().map(error_count).sum();
    format!(
        "{}: {}, {}, {}, {}",
        plural(reports.len(), "file", "files"),
        plural(articles, "article", "articles"),
        plural(removed, "line removed", "lines removed"),
        plural(warnings, "warning", "warnings"),
        plural(errors, "error", "errors"),
    )
}

/// `text` cut to `chars` characters, `…` added when cut.
pub(crate) fn shown(text: &str, chars: usize) -> String {
    match text.char_indices().nth(chars) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::{Corpus, Skip};

    fn reports(sources: &[(&str, &[u8])]) -> Vec<FileReport> {
        Corpus::from_sources(sources.iter().map(|(name, bytes)| ((*name).to_owned(), Ok(bytes.to_vec())))).1
    }

    #[test]
    fn clean_files_print_their_removed_lines_and_a_summary() {
        let text = "Headline\n\nCaption. (AFP)\nTT\n\nHeadline\n\nCaption. (AFP)\n\nBody.";
        let reports = reports(&[("a.txt", text.as_bytes()), ("b.txt", text.as_bytes())]);
        assert_eq!(Status::of(&reports), Status::Clean);
        assert_eq!(
            render(&reports),
            "a.txt: 1 article, 3 lines removed\n\
             \x20 line 4: page furniture (marker): \"TT\"\n\
             \x20 line 6: duplicate of headline at line 1: \"Headline\"\n\
             \x20 line 8: duplicate of caption at line 3: \"Caption. (AFP)\"\n\
             b.txt: 0 articles, 6 lines removed\n\
             \x20 line 1: duplicate of the article at a.txt:1: \"Headline\"\n\
             \x20 line 3: duplicate of the article at a.txt:1: \"Caption. (AFP)\"\n\
             \x20 line 4: page furniture (marker): \"TT\"\n\
             \x20 line 6: duplicate of headline at line 1: \"Headline\"\n\
             \x20 line 8: duplicate of caption at line 3: \"Caption. (AFP)\"\n\
             \x20 line 10: duplicate of the article at a.txt:1: \"Body.\"\n\
             2 files: 1 article, 9 lines removed, 0 warnings, 0 errors\n"
        );
    }

    #[test]
    fn warnings_name_file_and_line_and_grade_two() {
        let reports = reports(&[("a.txt", b"Price\n\n\xa3 5 for tea, says caf\xe9"), ("b.txt", b" \n")]);
        assert_eq!(reports[1].skipped, Some(Skip::NoArticle));
        assert_eq!(Status::of(&reports), Status::Warnings);
        assert_eq!(Status::of(&reports).exit_code(), 2);
        let text = render(&reports);
        assert!(text.contains("  warning: a.txt: not valid UTF-8; read as windows-1252 (a guess)\n"), "{text}");
        assert!(text.contains("  warning: b.txt: skipped: holds no article\n"), "{text}");
        assert!(text.ends_with("2 files: 1 article, 0 lines removed, 2 warnings, 0 errors\n"), "{text}");
    }

    #[test]
    fn unreadable_files_are_errors() {
        let reports = reports(&[("a.png", b"\x89PNG\0"), ("n.md", b"no headline")]);
        assert_eq!(Status::of(&reports), Status::Errors);
        assert_eq!(Status::of(&reports).exit_code(), 1);
        let text = render(&reports);
        assert!(text.contains("  error: a.png: skipped: binary file (NUL byte at offset 4)\n"), "{text}");
        assert!(text.contains("  error: n.md: skipped: Markdown file without a `# ` headline\n"), "{text}");
    }

    #[test]
    fn names_with_control_characters_are_quoted_as_rust_strings() {
        for (name, shown) in [
            ("a.txt", "a.txt"),
            ("2024/04/a b.txt", "2024/04/a b.txt"),
            ("a\nb.txt", "\"a\\nb.txt\""),
            ("tab\there.txt", "\"tab\\there.txt\""),
            ("esc\u{1b}[31m.txt", "\"esc\\u{1b}[31m.txt\""),
            ("\"quoted\".txt", "\"\\\"quoted\\\".txt\""),
        ] {
            assert_eq!(quoted(name), shown, "{name:?}");
        }
    }

    #[test]
    fn long_removed_lines_are_shortened() {
        assert_eq!(shown(&"é".repeat(101), 100), format!("{}…", "é".repeat(100)));
        assert_eq!(shown("TT", 100), "TT");
    }
}
