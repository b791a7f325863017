//! The real binary: started on a free port, fetched over HTTP, and its start-up errors.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

use crate::common::*;

const BINARY: &str = env!("CARGO_BIN_EXE_newsreader");

pub struct Server {
    child: Child,
    /// The standard output past the line giving the URL, kept open so later lines can be read.
    pub stdout: BufReader<std::process::ChildStdout>,
    pub url: String,
}

impl Server {
    /// Waits for the server to exit by itself.
    pub fn wait(&mut self) -> std::process::ExitStatus {
        self.child.wait().unwrap()
    }

    /// Stops the server and returns what it logged, without colours.
    pub fn stop(mut self) -> String {
        let _ = self.child.kill();
        let mut log = String::new();
        if let Some(mut stderr) = self.child.stderr.take() {
            std::io::Read::read_to_string(&mut stderr, &mut log).unwrap();
        }
        log
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts `newsreader serve` on port 0 and reads the URL it prints.
fn start(seeds: &std::path::Path) -> Server {
    start_with(seeds, &[])
}

/// [`start`] with more options.
pub fn start_with(seeds: &std::path::Path, options: &[&str]) -> Server {
    let server = start_at("127.0.0.1:0", seeds, options);
    assert!(server.url.starts_with("http://127.0.0.1:"), "{}", server.url);
    server
}

/// `newsreader serve --bind {bind}` with `options`, its output piped, without colours, and
/// with a cache folder of its own.
pub fn serve_command(bind: &str, seeds: &std::path::Path, options: &[&str]) -> Command {
    let mut command = Command::new(BINARY);
    command.args(["serve", "--bind", bind, "--seeds"]).arg(seeds).args(options);
    with_test_environment(&mut command);
    command
}

/// Pipes `command`'s output, turns colours off and gives it a cache folder of its own (so the
/// default data folder goes under it, not under the user's).
pub fn with_test_environment(command: &mut Command) {
    command.stdout(Stdio::piped()).stderr(Stdio::piped()).env("NO_COLOR", "1").env("XDG_CACHE_HOME", tempdir());
}

/// Starts `newsreader serve --bind {bind}` with `options` and reads the URL it prints.
fn start_at(bind: &str, seeds: &std::path::Path, options: &[&str]) -> Server {
    spawn(serve_command(bind, seeds, options))
}

/// Starts `command` and reads the URL its first line ends in.
pub fn spawn(mut command: Command) -> Server {
    let mut child = command.spawn().unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut line = String::new();
    stdout.read_line(&mut line).unwrap();
    let url = line.split_whitespace().last().unwrap_or_default().to_owned();
    if !url.starts_with("http://") {
        let _ = child.kill();
        let mut log = String::new();
        std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut log).unwrap();
        panic!("no URL in {line:?}; log: {log}");
    }
    Server { child, stdout, url }
}

#[tokio::test]
async fn a_host_name_can_be_the_bind_address() {
    let server = start_at("localhost:0", &repo_path("seeds"), &[]);
    let list = reqwest::get(&server.url).await.unwrap();
    assert_eq!(list.status(), 200);
    assert_eq!(texts(&list.text().await.unwrap(), ".entry-headline"), [BYTEDANCE, VOLKSWAGEN]);
}

#[tokio::test]
async fn binary_serves_list_and_article_over_http() {
    let server = start(&repo_path("seeds"));
    let list = reqwest::get(&server.url).await.unwrap();
    assert_eq!(list.status(), 200);
    let body = list.text().await.unwrap();
    assert_eq!(texts(&body, ".entry-headline"), [BYTEDANCE, VOLKSWAGEN]);
    let article = reqwest::get(format!("{}articles/{VOLKSWAGEN_SLUG}", server.url)).await.unwrap();
    assert_eq!(article.status(), 200);
    assert_eq!(texts(&article.text().await.unwrap(), "h1"), [VOLKSWAGEN]);
}

fn run_failing(args: &[&str]) -> (i32, String) {
    let output = Command::new(BINARY).args(args).output().unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    (output.status.code().unwrap(), stderr.lines().last().unwrap_or_default().to_owned())
}

#[test]
fn missing_seeds_folder_is_a_one_line_error() {
    let (code, stderr) = run_failing(&["--seeds", "/nonexistent/seeds", "--bind", "127.0.0.1:0"]);
    assert_eq!(code, 1);
    assert_eq!(
        stderr.trim(),
        "error: cannot read seeds folder /nonexistent/seeds: No such file or directory (os error 2)"
    );
}

#[test]
fn no_watch_variable_takes_the_usual_spellings_of_true() {
    for value in ["1", "true", "yes", "on", "0", "off"] {
        let output = Command::new(BINARY)
            .args(["--seeds", "/nonexistent/seeds", "--bind", "127.0.0.1:0"])
            .env("NEWSREADER_NO_WATCH", value)
            .output()
            .unwrap();
        assert_eq!(
            output.status.code(),
            Some(1),
            "NEWSREADER_NO_WATCH={value}: past the options, stopped by the folder"
        );
    }
}

#[test]
fn seeds_folder_without_txt_files_is_an_error() {
    let dir = tempdir();
    std::fs::write(dir.join("notes.md.bak"), "x").unwrap();
    let (code, stderr) = run_failing(&["--seeds", dir.to_str().unwrap(), "--bind", "127.0.0.1:0"]);
    assert_eq!(code, 1);
    assert_eq!(stderr.trim(), format!("error: no .txt or .md seed files in {}", dir.display()));
}

#[tokio::test]
async fn bad_files_are_reported_and_the_rest_served() {
    let dir = tempdir();
    std::fs::copy(repo_path("seeds/000_bc60f894ced19436.txt"), dir.join("a.txt")).unwrap();
    std::fs::write(dir.join("b.txt"), b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR").unwrap();
    std::fs::write(dir.join("c.txt"), "\n  \n").unwrap();
    let server = start(&dir);
    let body = reqwest::get(&server.url).await.unwrap().text().await.unwrap();
    assert_eq!(texts(&body, ".entry-headline"), [BYTEDANCE, VOLKSWAGEN]);
    let log = server.stop();
    assert!(log.contains("seed file skipped file=b.txt reason=binary file (NUL byte at offset 8)"), "{log}");
    assert!(log.contains("seed file skipped file=c.txt reason=holds no article"), "{log}");
    assert!(log.contains("seed file read file=a.txt articles=2 removed=10"), "{log}");
    assert!(log.contains("seeds checked summary=3 files: 2 articles, 10 lines removed, 1 warning, 1 error"), "{log}");
}

#[tokio::test]
async fn entries_that_are_not_files_are_logged_and_a_fifo_does_not_block() {
    let dir = tempdir();
    std::fs::copy(repo_path("seeds/000_bc60f894ced19436.txt"), dir.join("a.txt")).unwrap();
    std::os::unix::fs::symlink("missing.txt", dir.join("b.txt")).unwrap();
    assert!(Command::new("mkfifo").arg(dir.join("c.txt")).status().unwrap().success());
    let server = start(&dir);
    let body = reqwest::get(&server.url).await.unwrap().text().await.unwrap();
    assert_eq!(texts(&body, ".entry-headline"), [BYTEDANCE, VOLKSWAGEN]);
    let log = server.stop();
    assert!(
        log.contains("seed file skipped file=b.txt reason=a symlink to missing.txt, which does not exist"),
        "{log}"
    );
    assert!(log.contains("seed file skipped file=c.txt reason=a FIFO (named pipe), not a file"), "{log}");
    assert!(log.contains("seeds checked summary=3 files: 2 articles, 10 lines removed, 0 warnings, 2 errors"), "{log}");
}

#[tokio::test]
async fn a_file_name_holding_a_newline_is_quoted_in_the_log() {
    let dir = tempdir();
    std::fs::copy(repo_path("seeds/000_bc60f894ced19436.txt"), dir.join("a\nb.txt")).unwrap();
    let server = start(&dir);
    assert_eq!(reqwest::get(&server.url).await.unwrap().status(), 200);
    let log = server.stop();
    assert!(log.contains("seed file read file=\"a\\nb.txt\" articles=2 removed=10\n"), "{log}");
}

/// A seeds folder over the first read's 4 MiB: `a.txt`, the shipped seed with its second
/// article 5 MB longer, served first, and `b.txt`, one more article, read after.
pub fn large_folder() -> std::path::PathBuf {
    let dir = tempdir();
    let seed = std::fs::read_to_string(repo_path("seeds/000_bc60f894ced19436.txt")).unwrap();
    let filler: String = (0..130_000).map(|n| format!("Paragraph {n} of a long article.\n\n")).collect();
    std::fs::write(dir.join("a.txt"), format!("{seed}\n\n{filler}")).unwrap();
    std::fs::write(dir.join("b.txt"), BUDGET).unwrap();
    set_mtime(&dir.join("a.txt"), 0);
    set_mtime(&dir.join("b.txt"), 60);
    dir
}

#[tokio::test]
async fn a_large_folder_is_served_from_its_first_files_then_whole() {
    let dir = large_folder();
    let server = start(&dir);
    wait_until_ready(&server.url).await;
    let body = reqwest::get(&server.url).await.unwrap().text().await.unwrap();
    // Undated, newest first by the files' times: b.txt was written last.
    assert_eq!(texts(&body, ".entry-headline"), ["Budget passes after all-night session", BYTEDANCE, VOLKSWAGEN]);
    let article = reqwest::get(format!("{}articles/budget-passes-after-all-night-session", server.url)).await.unwrap();
    assert_eq!(article.status(), 200);
    let log = server.stop();
    assert_eq!(log.matches("seeds checked summary=2 files: 3 articles").count(), 1, "{log}");
}

#[tokio::test]
async fn a_warning_about_a_file_read_after_the_first_ones_is_logged_once() {
    let dir = large_folder();
    std::fs::write(dir.join("c.txt"), b"Caf\xe9 opens on the square\n\nThe caf\xe9 opened on Monday.\n").unwrap();
    let server = start(&dir);
    wait_until_ready(&server.url).await;
    let log = server.stop();
    let warnings: Vec<&str> = log.lines().filter(|line| line.contains("seed file warning")).collect();
    assert_eq!(warnings.len(), 1, "{log}");
    assert!(warnings[0].contains("file=c.txt"), "{log}");
}

#[tokio::test]
async fn port_in_use_is_a_one_line_error() {
    let server = start(&repo_path("seeds"));
    let address = server.url.trim_start_matches("http://").trim_end_matches('/').to_owned();
    let (code, last_line) = run_failing(&["--seeds", repo_path("seeds").to_str().unwrap(), "--bind", &address]);
    assert_eq!(code, 1);
    assert_eq!(last_line, format!("error: cannot listen on {address}: Address already in use (os error 98)"));
}

pub fn signal(server: &Server, name: &str) {
    let status = Command::new("kill").args([&format!("-{name}"), &server.child.id().to_string()]).status().unwrap();
    assert!(status.success());
}

#[tokio::test]
async fn sigterm_and_sigint_shut_down_cleanly() {
    for name in ["TERM", "INT"] {
        let mut server = start(&repo_path("seeds"));
        assert_eq!(reqwest::get(&server.url).await.unwrap().status(), 200);
        signal(&server, name);
        let status = server.wait();
        assert_eq!(status.code(), Some(0), "SIG{name}");
        let log = server.stop();
        assert!(log.contains("shutting down: finishing open requests"), "{log}");
        assert!(log.contains("all requests finished"), "{log}");
    }
}

/// Fetches the list's headlines until `done` holds for them, at most 10 seconds.
async fn wait_for_headlines(url: &str, done: impl Fn(&[String]) -> bool) -> Vec<String> {
    let mut headlines = Vec::new();
    for _ in 0..100 {
        let body = reqwest::get(url).await.unwrap().text().await.unwrap();
        headlines = texts(&body, ".entry-headline");
        if done(&headlines) {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    headlines
}

const BUDGET: &str = "Budget passes after all-night session\n\nThe city budget passed at dawn.";

#[tokio::test]
async fn new_changed_broken_and_removed_files_show_without_restart() {
    let dir = tempdir();
    std::fs::copy(repo_path("seeds/000_bc60f894ced19436.txt"), dir.join("a.txt")).unwrap();
    let server = start(&dir);
    // Once the first index is built, a reload keeps the server ready: the previous index
    // answers until the new one is built.
    wait_until_ready(&server.url).await;

    std::fs::write(dir.join("b.txt"), BUDGET).unwrap();
    let headlines = wait_for_headlines(&server.url, |headlines| headlines.len() == 3).await;
    // Undated, newest first by the files' times: b.txt was written after a.txt.
    assert_eq!(headlines, ["Budget passes after all-night session", BYTEDANCE, VOLKSWAGEN]);
    assert_eq!(reqwest::get(format!("{}readyz", server.url)).await.unwrap().status(), 200);
    let mut found = Vec::new();
    for _ in 0..100 {
        let body = reqwest::get(format!("{}search?q=budget", server.url)).await.unwrap().text().await.unwrap();
        found = texts(&body, ".entry-headline");
        if !found.is_empty() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(found, ["Budget passes after all-night session"], "the new index finds the new file");

    std::fs::write(dir.join("b.txt"), BUDGET.replace("passes", "fails")).unwrap();
    let headlines = wait_for_headlines(&server.url, |headlines| headlines[0].contains("fails")).await;
    assert_eq!(headlines[0], "Budget fails after all-night session");

    std::fs::write(dir.join("b.txt"), b"\0\0\0 not text").unwrap();
    let metrics = wait_for_metric(&server.url, "newsreader_reload_errors_total 1").await;
    assert!(metrics.lines().any(|line| line == "newsreader_reload_errors_total 1"), "{metrics}");
    std::fs::remove_file(dir.join("a.txt")).unwrap();
    let headlines = wait_for_headlines(&server.url, |headlines| headlines.len() == 1).await;
    assert_eq!(headlines, ["Budget fails after all-night session"], "broken b.txt keeps its last good version");

    let metrics = reqwest::get(format!("{}metrics", server.url)).await.unwrap().text().await.unwrap();
    assert!(metrics.lines().any(|line| line == "newsreader_articles 1"), "{metrics}");
    let log = server.stop();
    assert!(
        log.contains(
            "seed file not reloaded file=b.txt reason=binary file (NUL byte at offset 0); keeping the last good version"
        ),
        "{log}"
    );
}

/// Fetches `/metrics` until it holds the line `line`, at most 10 seconds: the last metrics
/// fetched.
async fn wait_for_metric(url: &str, line: &str) -> String {
    wait_for_metrics(url, |metrics| metrics.lines().any(|found| found == line)).await
}

/// Fetches `/metrics` until `done` holds for the text, at most 10 seconds: the last metrics
/// fetched.
async fn wait_for_metrics(url: &str, done: impl Fn(&str) -> bool) -> String {
    let mut metrics = String::new();
    for _ in 0..100 {
        metrics = reqwest::get(format!("{url}metrics")).await.unwrap().text().await.unwrap();
        if done(&metrics) {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    metrics
}

/// The lines of `metrics` giving the reload error counter and the skipped files gauge.
fn problem_lines(metrics: &str) -> Vec<&str> {
    let names = ["newsreader_reload_errors_total ", "newsreader_seed_files_skipped "];
    metrics.lines().filter(|line| names.iter().any(|name| line.starts_with(name))).collect()
}

#[tokio::test]
async fn reload_errors_count_each_new_problem_once_and_the_gauge_holds_the_skipped_files() {
    let dir = tempdir();
    std::fs::copy(repo_path("seeds/000_bc60f894ced19436.txt"), dir.join("a.txt")).unwrap();
    std::fs::write(dir.join("b.txt"), b"\0\0\0 not text").unwrap();
    std::fs::write(dir.join("c.txt"), "").unwrap();
    std::fs::write(dir.join("d.md"), "No headline here.\n").unwrap();
    std::fs::write(dir.join("g.txt"), BUDGET).unwrap();
    // Files written a moment ago wait to settle even on SIGHUP; these were written long ago.
    let long_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(60);
    for name in ["a.txt", "b.txt", "c.txt", "d.md", "g.txt"] {
        std::fs::File::options().append(true).open(dir.join(name)).unwrap().set_modified(long_ago).unwrap();
    }
    let server = start(&dir);
    wait_until_ready(&server.url).await;
    let metrics = reqwest::get(format!("{}metrics", server.url)).await.unwrap().text().await.unwrap();
    let start_up = ["newsreader_reload_errors_total 0", "newsreader_seed_files_skipped 3"];
    assert_eq!(problem_lines(&metrics), start_up, "skipped at start-up: no reload error, three skipped");

    // SIGHUP reads every file again: the three are logged again, but no problem is new.
    signal(&server, "HUP");
    let metrics = wait_for_metric(&server.url, "newsreader_reloads_total 1").await;
    assert_eq!(problem_lines(&metrics), start_up, "{metrics}");

    // One more broken file is one more reload error and one more skipped file.
    std::fs::write(dir.join("e.txt"), b"\0\0\0 not text either").unwrap();
    let metrics = wait_for_metric(&server.url, "newsreader_reload_errors_total 1").await;
    assert_eq!(problem_lines(&metrics), ["newsreader_reload_errors_total 1", "newsreader_seed_files_skipped 4"]);

    // A good file broken: its last good version is served, and it counts as skipped too.
    std::fs::write(dir.join("g.txt"), b"\0\0\0 garbage over the budget").unwrap();
    let metrics = wait_for_metric(&server.url, "newsreader_reload_errors_total 2").await;
    let broken = ["newsreader_reload_errors_total 2", "newsreader_seed_files_skipped 5"];
    assert_eq!(problem_lines(&metrics), broken);
    signal(&server, "HUP");
    let metrics = wait_for_metric(&server.url, "newsreader_reloads_total 2").await;
    assert_eq!(problem_lines(&metrics), broken, "{metrics}");

    // A file fixed is one skipped file less; the counter never goes down.
    std::fs::write(dir.join("b.txt"), BUDGET.replace("passes", "fails")).unwrap();
    let metrics = wait_for_metric(&server.url, "newsreader_seed_files_skipped 4").await;
    assert_eq!(problem_lines(&metrics), ["newsreader_reload_errors_total 2", "newsreader_seed_files_skipped 4"]);
    let body = reqwest::get(&server.url).await.unwrap().text().await.unwrap();
    // Undated articles newest first by their files' times: b.txt and g.txt written last.
    assert_eq!(
        texts(&body, ".entry-headline"),
        ["Budget fails after all-night session", "Budget passes after all-night session", BYTEDANCE, VOLKSWAGEN]
    );
    let log = server.stop();
    let skipped = "seed file skipped file=b.txt reason=binary file (NUL byte at offset 0)";
    assert_eq!(log.matches(skipped).count(), 3, "at start-up and on each SIGHUP: {log}");
    let kept = "seed file not reloaded file=g.txt reason=binary file (NUL byte at offset 0)";
    assert_eq!(log.matches(kept).count(), 2, "when broken and on SIGHUP: {log}");
}

#[tokio::test]
async fn broken_files_added_while_serving_are_logged_counted_and_not_listed_as_updated() {
    let dir = tempdir();
    std::fs::copy(repo_path("seeds/000_bc60f894ced19436.txt"), dir.join("a.txt")).unwrap();
    let server = start(&dir);
    wait_until_ready(&server.url).await;
    std::fs::write(dir.join("b.txt"), b"\0\0\0 not text").unwrap();
    std::fs::write(dir.join("c.txt"), "").unwrap();
    std::fs::write(dir.join("d.md"), "No headline here.\n").unwrap();
    let metrics = wait_for_metric(&server.url, "newsreader_reload_errors_total 3").await;
    assert!(metrics.lines().any(|line| line == "newsreader_reload_errors_total 3"), "{metrics}");
    signal(&server, "HUP");
    let metrics = wait_for_metric(&server.url, "newsreader_reloads_total 1").await;
    assert!(metrics.lines().any(|line| line == "newsreader_reload_errors_total 3"), "no new problem: {metrics}");
    let body = reqwest::get(&server.url).await.unwrap().text().await.unwrap();
    assert_eq!(texts(&body, ".entry-headline"), [BYTEDANCE, VOLKSWAGEN]);
    let log = server.stop();
    for skipped in [
        "seed file skipped file=b.txt reason=binary file (NUL byte at offset 0)",
        "seed file skipped file=c.txt reason=holds no article",
        "seed file skipped file=d.md reason=Markdown file without a `# ` headline",
    ] {
        assert_eq!(log.matches(skipped).count(), 2, "once when added, once on SIGHUP: {log}");
    }
    let updated: Vec<&str> = log.lines().filter(|line| line.contains("seeds reloaded")).collect();
    assert!(updated.iter().all(|line| line.contains("updated=a.txt removed=-")), "{updated:?}");
}

#[tokio::test]
async fn a_fifo_socket_and_folder_added_while_serving_are_reported_with_a_dangling_symlink() {
    let dir = tempdir();
    std::fs::copy(repo_path("seeds/000_bc60f894ced19436.txt"), dir.join("a.txt")).unwrap();
    let server = start(&dir);
    wait_until_ready(&server.url).await;
    assert!(Command::new("mkfifo").arg(dir.join("c.txt")).status().unwrap().success());
    std::os::unix::fs::symlink("missing.txt", dir.join("b.txt")).unwrap();
    let _socket = std::os::unix::net::UnixListener::bind(dir.join("d.txt")).unwrap();
    std::fs::create_dir(dir.join("e.txt")).unwrap();
    // Nothing is to be read from them, so nothing is waited for: one reload reports all four.
    let metrics = wait_for_metrics(&server.url, |metrics| {
        metrics.lines().any(|line| line.starts_with("newsreader_reload_errors_total ") && !line.ends_with(" 0"))
    })
    .await;
    assert_eq!(problem_lines(&metrics), ["newsreader_reload_errors_total 4", "newsreader_seed_files_skipped 4"]);
    let log = server.stop();
    for skipped in [
        "seed file skipped file=b.txt reason=a symlink to missing.txt, which does not exist",
        "seed file skipped file=c.txt reason=a FIFO (named pipe), not a file",
        "seed file skipped file=d.txt reason=a socket, not a file",
        "seed file skipped file=e.txt reason=a folder, not a file: not read",
    ] {
        assert_eq!(log.matches(skipped).count(), 1, "{skipped}: {log}");
    }
}

#[tokio::test]
async fn an_empty_file_holds_no_other_file_back() {
    let dir = tempdir();
    std::fs::copy(repo_path("seeds/000_bc60f894ced19436.txt"), dir.join("a.txt")).unwrap();
    let server = start(&dir);
    wait_until_ready(&server.url).await;
    std::fs::write(dir.join("e.txt"), "").unwrap();
    std::fs::write(dir.join("b.txt"), BUDGET).unwrap();
    let headlines = wait_for_headlines(&server.url, |headlines| headlines.len() == 3).await;
    assert_eq!(headlines, ["Budget passes after all-night session", BYTEDANCE, VOLKSWAGEN]);
    // The empty file is read once it has been left alone for 2 s.
    let metrics = wait_for_metric(&server.url, "newsreader_reload_errors_total 1").await;
    assert!(metrics.lines().any(|line| line == "newsreader_reload_errors_total 1"), "{metrics}");
    let log = server.stop();
    assert_eq!(log.matches("seeds changes held back").count(), 0, "{log}");
    assert!(log.contains("updated=b.txt removed=- articles=3"), "{log}");
    assert_eq!(log.matches("seed file skipped file=e.txt reason=holds no article").count(), 1, "{log}");
}

#[tokio::test]
async fn changes_held_back_while_a_file_is_written_are_logged_once() {
    let dir = tempdir();
    std::fs::copy(repo_path("seeds/000_bc60f894ced19436.txt"), dir.join("a.txt")).unwrap();
    let server = start(&dir);
    wait_until_ready(&server.url).await;
    // c.txt is written in pieces for 1.2 s; a.txt is removed meanwhile, so the list is not
    // left empty until c.txt is whole.
    let writer = {
        let file = dir.join("c.txt");
        std::thread::spawn(move || {
            let mut text = BUDGET.replace("passes", "fails");
            for piece in 1..=24 {
                std::fs::write(&file, &text).unwrap();
                text.push_str(&format!("\n\nParagraph {piece} of the vote."));
                std::thread::sleep(std::time::Duration::from_millis(50));
            }
        })
    };
    tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    std::fs::remove_file(dir.join("a.txt")).unwrap();
    writer.join().unwrap();
    let headlines = wait_for_headlines(&server.url, |headlines| headlines.len() == 1).await;
    assert_eq!(headlines, ["Budget fails after all-night session"]);
    let log = server.stop();
    assert_eq!(log.matches("seeds changes held back").count(), 1, "{log}");
    assert!(log.contains("updated=c.txt removed=a.txt articles=1"), "{log}");
}

#[tokio::test]
async fn sighup_reloads_when_watching_is_off() {
    let dir = tempdir();
    std::fs::copy(repo_path("seeds/000_bc60f894ced19436.txt"), dir.join("a.txt")).unwrap();
    let server = start_with(&dir, &["--no-watch"]);
    std::fs::write(dir.join("b.txt"), BUDGET).unwrap();
    std::thread::sleep(std::time::Duration::from_millis(600));
    let body = reqwest::get(&server.url).await.unwrap().text().await.unwrap();
    assert_eq!(texts(&body, ".entry-headline").len(), 2, "no watcher: nothing changes by itself");
    signal(&server, "HUP");
    let headlines = wait_for_headlines(&server.url, |headlines| headlines.len() == 3).await;
    assert_eq!(headlines.len(), 3);
}

#[tokio::test]
async fn a_file_added_in_a_new_subfolder_shows_without_restart() {
    let dir = tempdir();
    std::fs::copy(repo_path("seeds/000_bc60f894ced19436.txt"), dir.join("a.txt")).unwrap();
    let server = start(&dir);
    wait_until_ready(&server.url).await;
    std::fs::create_dir_all(dir.join("2024/04")).unwrap();
    std::fs::write(dir.join("2024/04/budget.txt"), BUDGET).unwrap();
    // Listed by path: `2024/04/budget.txt` before `a.txt`.
    let headlines = wait_for_headlines(&server.url, |headlines| headlines.len() == 3).await;
    assert_eq!(headlines, ["Budget passes after all-night session", BYTEDANCE, VOLKSWAGEN]);
    std::fs::write(dir.join("2024/04/budget.txt"), BUDGET.replace("passes", "fails")).unwrap();
    let headlines = wait_for_headlines(&server.url, |headlines| headlines[0].contains("fails")).await;
    assert_eq!(headlines[0], "Budget fails after all-night session");
    let log = server.stop();
    assert!(log.contains("updated=2024/04/budget.txt removed=- articles=3"), "{log}");
}

/// A server ready on `{root}/seeds`, a folder holding a copy of the shipped seed (`a.txt`):
/// (root, seeds folder, server).
async fn serve_seeds_folder() -> (std::path::PathBuf, std::path::PathBuf, Server) {
    let root = tempdir();
    let seeds = root.join("seeds");
    std::fs::create_dir(&seeds).unwrap();
    std::fs::copy(repo_path("seeds/000_bc60f894ced19436.txt"), seeds.join("a.txt")).unwrap();
    let server = start(&seeds);
    wait_until_ready(&server.url).await;
    (root, seeds, server)
}

#[tokio::test]
async fn a_seeds_folder_made_again_empty_is_reported_once_and_the_articles_stay() {
    let (_root, seeds, server) = serve_seeds_folder().await;
    std::fs::remove_dir_all(&seeds).unwrap();
    std::fs::create_dir(&seeds).unwrap();
    // Long enough for a reload that answers its own reading of the folder to run many times.
    tokio::time::sleep(std::time::Duration::from_millis(1500)).await;
    let body = reqwest::get(&server.url).await.unwrap().text().await.unwrap();
    assert_eq!(texts(&body, ".entry-headline"), [BYTEDANCE, VOLKSWAGEN]);
    // SIGHUP finds the same problem: logged at debug level, and not counted again.
    for _ in 0..2 {
        signal(&server, "HUP");
        tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    }
    let metrics = reqwest::get(format!("{}metrics", server.url)).await.unwrap().text().await.unwrap();
    assert!(metrics.lines().any(|line| line == "newsreader_reload_errors_total 1"), "{metrics}");
    let log = server.stop();
    assert_eq!(log.matches("SIGHUP: reloading seeds").count(), 2, "{log}");
    let empty = format!("no .txt or .md seed files in {}", seeds.display());
    assert_eq!(log.lines().filter(|line| line.contains(&empty)).count(), 1, "{log}");
}

#[tokio::test]
async fn a_seeds_folder_replaced_whole_is_read_and_watched_again() {
    let (root, seeds, server) = serve_seeds_folder().await;

    // A deploy that moves the old folder aside and a new one in.
    let next = root.join("seeds.new");
    std::fs::create_dir(&next).unwrap();
    std::fs::write(next.join("b.txt"), BUDGET).unwrap();
    std::fs::rename(&seeds, root.join("seeds.old")).unwrap();
    std::fs::rename(&next, &seeds).unwrap();
    // The new file was written just now: the old articles stay until it is read, so the
    // list is never empty in between.
    let mut lists = Vec::new();
    for _ in 0..500 {
        let body = reqwest::get(&server.url).await.unwrap().text().await.unwrap();
        lists.push(texts(&body, ".entry-headline"));
        if lists.last().is_some_and(|headlines| headlines == &["Budget passes after all-night session"]) {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    assert!(lists.iter().all(|headlines| !headlines.is_empty()), "{lists:?}");
    assert_eq!(lists.last().unwrap(), &["Budget passes after all-night session"]);

    // The new folder is the one watched now.
    std::fs::copy(repo_path("seeds/000_bc60f894ced19436.txt"), seeds.join("c.txt")).unwrap();
    let headlines = wait_for_headlines(&server.url, |headlines| headlines.len() == 3).await;
    // c.txt is the newest file (a copy takes the time it is made).
    assert_eq!(headlines, [BYTEDANCE, VOLKSWAGEN, "Budget passes after all-night session"]);

    // Deleted and created again, its one new file written in pieces for 0.6 s: the old
    // articles stay until the file is whole, so the list is never empty in between.
    std::fs::remove_dir_all(&seeds).unwrap();
    std::fs::create_dir(&seeds).unwrap();
    let writer = {
        let file = seeds.join("d.txt");
        std::thread::spawn(move || {
            let mut text = BUDGET.replace("passes", "fails");
            for piece in 1..=10 {
                std::fs::write(&file, &text).unwrap();
                text.push_str(&format!("\n\nParagraph {piece} of the vote."));
                std::thread::sleep(std::time::Duration::from_millis(60));
            }
        })
    };
    let mut lists = Vec::new();
    for _ in 0..500 {
        let body = reqwest::get(&server.url).await.unwrap().text().await.unwrap();
        lists.push(texts(&body, ".entry-headline"));
        if writer.is_finished() && lists.last().is_some_and(|headlines| headlines.len() == 1) {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    writer.join().unwrap();
    assert!(lists.iter().all(|headlines| !headlines.is_empty()), "{lists:?}");
    assert_eq!(lists.last().unwrap(), &["Budget fails after all-night session"]);
}

#[tokio::test]
async fn a_seeds_symlink_pointed_at_another_folder_is_followed() {
    let root = tempdir();
    for (release, text) in [("v1", BUDGET.to_owned()), ("v2", BUDGET.replace("passes", "fails"))] {
        std::fs::create_dir(root.join(release)).unwrap();
        std::fs::write(root.join(release).join("budget.txt"), text).unwrap();
    }
    let current = root.join("current");
    std::os::unix::fs::symlink(root.join("v1"), &current).unwrap();
    let server = start(&current);
    wait_until_ready(&server.url).await;

    // `ln -sfn v2 current`: a new link renamed over the old one.
    std::os::unix::fs::symlink(root.join("v2"), root.join("current.next")).unwrap();
    std::fs::rename(root.join("current.next"), &current).unwrap();
    let headlines = wait_for_headlines(&server.url, |headlines| headlines[0].contains("fails")).await;
    assert_eq!(headlines, ["Budget fails after all-night session"]);

    std::fs::write(root.join("v2").join("more.txt"), BUDGET.replace("passes", "stalls")).unwrap();
    let headlines = wait_for_headlines(&server.url, |headlines| headlines.len() == 2).await;
    // more.txt, written last, is the newest.
    assert_eq!(headlines, ["Budget stalls after all-night session", "Budget fails after all-night session"]);
}

/// The status line of the answer to a GET of `/` with a header `x-big` of `size` bytes, sent
/// over a real socket.
fn status_for_a_header_of(address: &str, size: usize) -> String {
    use std::io::{Read, Write};
    let mut stream = std::net::TcpStream::connect(address).unwrap();
    stream.set_read_timeout(Some(std::time::Duration::from_secs(10))).unwrap();
    let head = format!("GET / HTTP/1.1\r\nHost: x\r\nx-big: {}\r\nConnection: close\r\n\r\n", "b".repeat(size));
    stream.write_all(head.as_bytes()).unwrap();
    let mut answer = Vec::new();
    let _ = stream.read_to_end(&mut answer);
    String::from_utf8_lossy(&answer).lines().next().unwrap_or_default().to_owned()
}

#[test]
fn a_header_section_over_the_limit_is_refused_by_the_limit_whatever_its_size() {
    let server = start(&repo_path("seeds"));
    let address = server.url.trim_start_matches("http://").trim_end_matches('/');
    assert_eq!(status_for_a_header_of(address, 15_000), "HTTP/1.1 200 OK");
    // Over the header limit, within hyper's buffer: our 431 with its reason.
    assert_eq!(status_for_a_header_of(address, 17_000), "HTTP/1.1 431 Request Header Fields Too Large");
    // Past hyper's buffer too: hyper's own 431, never a request let through.
    assert_eq!(status_for_a_header_of(address, 40_000), "HTTP/1.1 431 Request Header Fields Too Large");
}

#[test]
fn slow_headers_are_cut_off() {
    use std::io::{Read, Write};
    let server = start_with(&repo_path("seeds"), &["--header-timeout", "1"]);
    let address = server.url.trim_start_matches("http://").trim_end_matches('/');
    let mut stream = std::net::TcpStream::connect(address).unwrap();
    stream.set_read_timeout(Some(std::time::Duration::from_secs(10))).unwrap();
    stream.write_all(b"GET / HTTP/1.1\r\nHost: x\r\n").unwrap();
    let mut answer = Vec::new();
    let read = stream.read_to_end(&mut answer);
    assert!(read.is_ok(), "the server closed the connection: {read:?}");
    let answer = String::from_utf8_lossy(&answer);
    assert!(answer.is_empty() || answer.starts_with("HTTP/1.1 408"), "{answer}");
}
