//! The data folder: the real binary keeps its search index there, opens it on restart, lets
//! one server write it at a time and refuses a folder it cannot use.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

use crate::common::*;

const BINARY: &str = env!("CARGO_BIN_EXE_newsreader");

/// `newsreader serve` on port 0 with `--data data`; its URL and the child.
fn serve(seeds: &std::path::Path, data: &std::path::Path) -> (std::process::Child, String) {
    let mut child = Command::new(BINARY)
        .args(["serve", "--bind", "127.0.0.1:0", "--seeds"])
        .arg(seeds)
        .arg("--data")
        .arg(data)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .env("NO_COLOR", "1")
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
    let url = line.split_whitespace().last().unwrap().to_owned();
    (child, url)
}

/// Stops `child` and returns what it logged.
fn stop(mut child: std::process::Child) -> String {
    let _ = child.kill();
    let output = child.wait_with_output().unwrap();
    String::from_utf8(output.stderr).unwrap()
}

async fn headlines_for(url: &str, query: &str) -> Vec<String> {
    let body = reqwest::get(format!("{url}search?q={query}")).await.unwrap().text().await.unwrap();
    texts(&body, ".results .entry-headline")
}

/// The index folders the data folder holds.
fn indexes(data: &std::path::Path) -> Vec<String> {
    std::fs::read_dir(data.join("index"))
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect()
}

#[tokio::test]
async fn a_restart_opens_the_index_an_earlier_run_built_and_a_change_builds_a_new_one() {
    let seeds = tempdir();
    std::fs::copy(repo_path("seeds/000_bc60f894ced19436.txt"), seeds.join("a.txt")).unwrap();
    let data = tempdir().join("data");
    let (first, url) = serve(&seeds, &data);
    wait_until_ready(&url).await;
    assert_eq!(headlines_for(&url, "huawei").await, ["ByteDance Plans New AI Model Trained With Huawei Chips"]);
    let log = stop(first);
    assert!(log.contains("search index built articles=2"), "{log}");
    assert_eq!(std::fs::read_to_string(data.join("VERSION")).unwrap(), newsreader::data::FORMAT);
    let built = indexes(&data);
    assert_eq!(built.len(), 1);

    let (second, url) = serve(&seeds, &data);
    wait_until_ready(&url).await;
    assert_eq!(headlines_for(&url, "huawei").await, ["ByteDance Plans New AI Model Trained With Huawei Chips"]);
    std::fs::write(seeds.join("b.txt"), "Tin Mines Close\n\nThe last tin mine closed on Friday.\n").unwrap();
    let mut found = Vec::new();
    for _ in 0..100 {
        found = headlines_for(&url, "tin").await;
        if !found.is_empty() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(found, ["Tin Mines Close"]);
    let log = stop(second);
    assert!(log.contains("search index opened from the data folder articles=2"), "{log}");
    assert!(log.contains("search index built articles=3"), "{log}");
    let now = indexes(&data);
    assert_eq!(now.len(), 1, "the old index is removed: {now:?}");
    assert_ne!(now, built);
}

#[tokio::test]
async fn a_second_server_on_the_same_data_folder_builds_its_index_in_memory() {
    let data = tempdir().join("data");
    let (first, url) = serve(&repo_path("seeds"), &data);
    wait_until_ready(&url).await;
    let (second, other) = serve(&repo_path("seeds"), &data);
    wait_until_ready(&other).await;
    assert_eq!(headlines_for(&other, "huawei").await, ["ByteDance Plans New AI Model Trained With Huawei Chips"]);
    let log = stop(second);
    let refused = format!("the data folder {} is in use by another newsreader process", data.display());
    assert!(log.contains(&refused), "{log}");
    assert!(log.contains("search index built articles=2"), "{log}");
    stop(first);
}

#[test]
fn a_data_folder_that_cannot_be_made_is_a_one_line_error() {
    let file = tempdir().join("a-file");
    std::fs::write(&file, "not a folder").unwrap();
    let output = Command::new(BINARY)
        .args(["serve", "--bind", "127.0.0.1:0", "--seeds"])
        .arg(repo_path("seeds"))
        .arg("--data")
        .arg(file.join("data"))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(
        stderr.lines().last().unwrap(),
        format!("error: cannot use the data folder {}: Not a directory (os error 20)", file.join("data").display())
    );
}
