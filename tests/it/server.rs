//! The real binary: started on a free port, fetched over HTTP, and its start-up errors.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

use crate::common::*;

const BINARY: &str = env!("CARGO_BIN_EXE_newsreader");

struct Server {
    child: Child,
    url: String,
}

impl Server {
    /// Stops the server and returns what it logged, without colours.
    fn stop(mut self) -> String {
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
    let mut child = Command::new(BINARY)
        .args(["serve", "--bind", "127.0.0.1:0", "--seeds"])
        .arg(seeds)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .env("NO_COLOR", "1")
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
    let url = line.split_whitespace().last().unwrap().to_owned();
    assert!(url.starts_with("http://127.0.0.1:"), "{line}");
    Server { child, url }
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
    (output.status.code().unwrap(), String::from_utf8(output.stderr).unwrap())
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

/// A fresh empty folder under the target directory.
fn tempdir() -> std::path::PathBuf {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    let dir = std::env::temp_dir().join(format!(
        "newsreader-it-{}-{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}
