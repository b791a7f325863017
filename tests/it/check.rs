//! `newsreader check`: the report on standard output and its exit status.

use std::process::Command;

use crate::common::repo_path;

/// Runs `newsreader check --seeds {folder}`: exit status and standard output.
fn check(folder: &std::path::Path) -> (i32, String) {
    let output =
        Command::new(env!("CARGO_BIN_EXE_newsreader")).arg("check").arg("--seeds").arg(folder).output().unwrap();
    (output.status.code().unwrap(), String::from_utf8(output.stdout).unwrap())
}

/// Runs `newsreader check` on a new folder (named after `tag`) holding `files` (name,
/// bytes), removed after: exit status and standard output.
fn check_files(tag: &str, files: &[(&str, Vec<u8>)]) -> (i32, String) {
    let dir = std::env::temp_dir().join(format!("newsreader-check-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    for (name, bytes) in files {
        std::fs::write(dir.join(name), bytes).unwrap();
    }
    let result = check(&dir);
    std::fs::remove_dir_all(&dir).unwrap();
    result
}

#[test]
fn shipped_seed_checks_clean_with_two_articles_and_the_repeats_removed() {
    let (code, stdout) = check(&repo_path("seeds"));
    assert_eq!(code, 0, "{stdout}");
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 12);
    assert_eq!(lines[0], "000_bc60f894ced19436.txt: 2 articles, 10 lines removed");
    assert_eq!(lines[2], "  line 5: page furniture (marker): \"TT\"");
    assert_eq!(
        lines[3],
        "  line 7: duplicate of headline at line 1: \"ByteDance Plans New AI Model Trained With Huawei Chips\""
    );
    assert!(lines[1].starts_with("  line 4: duplicate of caption at line 3: \"The ByteDance logo is seen"), "{stdout}");
    assert_eq!(lines[11], "1 file: 2 articles, 10 lines removed, 0 warnings, 0 errors");
}

#[test]
fn a_file_that_cannot_be_read_makes_check_fail() {
    let (code, stdout) = check(&repo_path("tests/fixtures/markdown"));
    assert_eq!(code, 1, "{stdout}");
    assert_eq!(
        stdout,
        "001_notice.md: 1 article, 0 lines removed\n\
         002_article.txt: 1 article, 0 lines removed\n\
         003_no_headline.md: 0 articles, 0 lines removed\n\
         \x20 error: 003_no_headline.md: skipped: Markdown file without a `# ` headline\n\
         3 files: 2 articles, 0 lines removed, 0 warnings, 1 error\n"
    );
}

#[test]
fn warnings_alone_give_exit_status_two_and_name_file_and_line() {
    let variants = repo_path("tests/fixtures/variants");
    let read = |name: &str| std::fs::read(variants.join(name)).unwrap();
    let (code, stdout) =
        check_files("plain", &[("a.txt", read("windows_1252.txt")), ("b.txt", read("invalid_utf16.txt"))]);
    assert_eq!(code, 2, "{stdout}");
    assert_eq!(
        stdout,
        "a.txt: 1 article, 0 lines removed\n\
         \x20 warning: a.txt: not valid UTF-8; read as windows-1252 (a guess)\n\
         b.txt: 1 article, 0 lines removed\n\
         \x20 warning: b.txt:3: 1 byte sequence(s) not valid UTF-16LE replaced by U+FFFD at byte offset 46\n\
         2 files: 2 articles, 0 lines removed, 2 warnings, 0 errors\n"
    );
}

#[test]
fn missing_folder_is_an_error() {
    let (code, stdout) = check(std::path::Path::new("/nonexistent/seeds"));
    assert_eq!((code, stdout.as_str()), (1, ""));
}

#[test]
fn a_headline_that_leaves_a_bidi_override_open_is_warned_about() {
    let text = "\u{202E}Gold Falls\n\nGold fell on Tuesday as the dollar rose.\n";
    let (code, stdout) = check_files("bidi", &[("a.txt", text.as_bytes().to_vec())]);
    assert_eq!(code, 2, "{stdout}");
    assert_eq!(
        stdout,
        "a.txt: 1 article, 0 lines removed\n\
         \x20 warning: a.txt:1: headline: 1 bidi control(s) left open (U+202E) closed at its end\n\
         1 file: 1 article, 0 lines removed, 1 warning, 0 errors\n"
    );
}

/// Runs `newsreader check --explain tests/fixtures/{file}`: exit status and standard output.
fn explain(file: &str) -> (i32, String) {
    let path = repo_path("tests/fixtures").join(file);
    let output =
        Command::new(env!("CARGO_BIN_EXE_newsreader")).arg("check").arg("--explain").arg(path).output().unwrap();
    (output.status.code().unwrap(), String::from_utf8(output.stdout).unwrap())
}

#[test]
fn explain_names_every_line_of_a_live_page() {
    let (code, stdout) = explain("more/worldwebnewspapers_dw-liveblog_14401.txt");
    assert_eq!(code, 0);
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines[0], "worldwebnewspapers_dw-liveblog_14401.txt: 1 article (1 without a printed headline)");
    assert_eq!(lines.len(), 1 + 19, "one line per non-blank line of the file:\n{stdout}");
    assert_eq!(
        lines[1],
        "    2  removed     \"Skip next section Berlin power restored two days after alleged arson att…\"  page furniture (skip link)"
    );
    assert_eq!(lines[2], "    3  dateline    \"09/11/2025September 11, 2025\"");
    assert_eq!(lines[3], "    4  subheading  \"Berlin power restored two days after alleged arson attack\"");
    assert!(lines[4].starts_with("    5  caption     \"Berlin’s Interior Minister said"), "{}", lines[4]);
    assert!(lines[4].ends_with("a photo credit on a line of the body"), "{}", lines[4]);
}

#[test]
fn explain_of_a_binary_file_is_an_error() {
    let (code, stdout) = explain("variants/binary.txt");
    assert_eq!(code, 1);
    assert!(stdout.starts_with("binary.txt: skipped: binary file"), "{stdout}");
}

#[test]
fn explain_of_an_empty_file_warns_that_it_holds_no_article() {
    let (code, stdout) = explain("variants/whitespace_only.txt");
    assert_eq!(code, 0);
    assert_eq!(stdout, "whitespace_only.txt: 0 articles\n  warning: whitespace_only.txt: skipped: holds no article\n");
}

/// Makes a FIFO (named pipe) at `path`.
fn mkfifo(path: &std::path::Path) {
    assert!(Command::new("mkfifo").arg(path).status().unwrap().success());
}

#[test]
fn entries_that_are_not_files_are_reported_with_their_reason() {
    let dir = crate::common::tempdir();
    std::fs::write(dir.join("a.txt"), "Gold Falls\n\nGold fell on Tuesday as the dollar rose.\n").unwrap();
    std::os::unix::fs::symlink("missing.txt", dir.join("b.txt")).unwrap();
    std::fs::create_dir(dir.join("c.txt")).unwrap();
    std::fs::write(dir.join("c.txt/inside.txt"), "Inside\n\nNot read.\n").unwrap();
    mkfifo(&dir.join("d.md"));
    let (code, stdout) = check(&dir);
    assert_eq!(code, 1, "{stdout}");
    assert_eq!(
        stdout,
        "a.txt: 1 article, 0 lines removed\n\
         b.txt: 0 articles, 0 lines removed\n\
         \x20 error: b.txt: skipped: a symlink to missing.txt, which does not exist\n\
         c.txt: 0 articles, 0 lines removed\n\
         \x20 error: c.txt: skipped: a folder, not a file: not read\n\
         d.md: 0 articles, 0 lines removed\n\
         \x20 error: d.md: skipped: a FIFO (named pipe), not a file\n\
         4 files: 1 article, 0 lines removed, 0 warnings, 3 errors\n"
    );
}

#[test]
fn a_folder_holding_only_entries_that_are_not_files_lists_them() {
    let dir = crate::common::tempdir();
    std::os::unix::fs::symlink("gone.txt", dir.join("a.txt")).unwrap();
    mkfifo(&dir.join("b.txt"));
    let (code, stdout) = check(&dir);
    assert_eq!(code, 1, "{stdout}");
    assert_eq!(
        stdout,
        "a.txt: 0 articles, 0 lines removed\n\
         \x20 error: a.txt: skipped: a symlink to gone.txt, which does not exist\n\
         b.txt: 0 articles, 0 lines removed\n\
         \x20 error: b.txt: skipped: a FIFO (named pipe), not a file\n\
         2 files: 0 articles, 0 lines removed, 0 warnings, 2 errors\n"
    );
}

#[test]
fn file_names_holding_control_characters_are_quoted() {
    let text = b"Gold Falls\n\nGold fell on Tuesday as the dollar rose.\n".to_vec();
    let files = [("a\nb.txt", text.clone()), ("bad\tname.txt", b"\0binary".to_vec()), ("z.txt", text)];
    let (code, stdout) = check_files("control", &files);
    assert_eq!(code, 1, "{stdout}");
    assert_eq!(
        stdout,
        "\"a\\nb.txt\": 1 article, 0 lines removed\n\
         \"bad\\tname.txt\": 0 articles, 0 lines removed\n\
         \x20 error: \"bad\\tname.txt\": skipped: binary file (NUL byte at offset 0)\n\
         z.txt: 0 articles, 2 lines removed\n\
         \x20 line 1: duplicate of the article at \"a\\nb.txt\":1: \"Gold Falls\"\n\
         \x20 line 3: duplicate of the article at \"a\\nb.txt\":1: \"Gold fell on Tuesday as the dollar rose.\"\n\
         3 files: 1 article, 2 lines removed, 0 warnings, 1 error\n"
    );
}

#[test]
fn a_reader_that_stops_early_ends_the_report_quietly() {
    use std::io::Read as _;
    // An explanation far longer than a pipe holds (64 KiB), so the writer meets the closed end.
    let dir = crate::common::tempdir();
    let paragraphs: String =
        (0..3000).map(|at| format!("Paragraph {at} of the long report, told at length.\n")).collect();
    std::fs::write(dir.join("long.txt"), format!("Long Report\n\n{paragraphs}")).unwrap();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_newsreader"))
        .args(["check", "--explain"])
        .arg(dir.join("long.txt"))
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Read one byte, then close the pipe, as `| head -c 1` does.
    let mut byte = [0u8; 1];
    child.stdout.take().unwrap().read_exact(&mut byte).unwrap();
    let output = child.wait_with_output().unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(stderr, "");
    assert_eq!(output.status.code(), Some(0));
}
