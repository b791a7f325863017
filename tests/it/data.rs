//! The data folder: the real binary keeps its search index there, opens it on restart, lets
//! one server write it at a time and refuses a folder it cannot use.

use std::path::Path;
use std::process::Command;

use crate::common::*;
use crate::server::{Server, start_with};

const BINARY: &str = env!("CARGO_BIN_EXE_newsreader");

/// `newsreader serve` on port 0 with `--data data` and `options`.
fn serve_with(seeds: &Path, data: &Path, options: &[&str]) -> Server {
    let data = data.display().to_string();
    let mut all = vec!["--data", data.as_str()];
    all.extend_from_slice(options);
    start_with(seeds, &all)
}

/// [`serve_with`] without more options.
fn serve(seeds: &Path, data: &Path) -> Server {
    serve_with(seeds, data, &[])
}

async fn headlines_for(url: &str, query: &str) -> Vec<String> {
    let body = reqwest::get(format!("{url}search?q={query}")).await.unwrap().text().await.unwrap();
    texts(&body, ".results .entry-headline")
}

#[tokio::test]
async fn a_restart_opens_the_index_an_earlier_run_built_and_a_change_updates_it() {
    let seeds = tempdir();
    std::fs::copy(repo_path("seeds/000_bc60f894ced19436.txt"), seeds.join("a.txt")).unwrap();
    let data = tempdir().join("data");
    let first = serve(&seeds, &data);
    let url = first.url.clone();
    wait_until_ready(&url).await;
    assert_eq!(headlines_for(&url, "huawei").await, ["ByteDance Plans New AI Model Trained With Huawei Chips"]);
    let log = first.stop();
    assert!(log.contains(r#"search index built articles=2 kept="data folder""#), "{log}");
    assert_eq!(std::fs::read_to_string(data.join("VERSION")).unwrap(), newsreader::data::FORMAT);
    assert_eq!(std::fs::read_to_string(data.join("index/newsreader-index")).unwrap(), "newsreader index 5");

    let second = serve(&seeds, &data);
    let url = second.url.clone();
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
    let log = second.stop();
    assert!(log.contains(r#"search index up to date articles=2 kept="data folder""#), "{log}");
    assert!(log.contains(r#"search index updated articles=3 added=1 removed=0 kept="data folder""#), "{log}");
    assert!(!log.contains("search index built"), "{log}");
}

#[tokio::test]
async fn a_second_server_on_the_same_data_folder_builds_its_index_in_memory() {
    let data = tempdir().join("data");
    let first = serve(&repo_path("seeds"), &data);
    let url = first.url.clone();
    wait_until_ready(&url).await;
    let second = serve(&repo_path("seeds"), &data);
    let other = second.url.clone();
    wait_until_ready(&other).await;
    assert_eq!(headlines_for(&other, "huawei").await, ["ByteDance Plans New AI Model Trained With Huawei Chips"]);
    let log = second.stop();
    let refused = format!("the data folder {} is in use by another newsreader process", data.display());
    assert!(log.contains(&refused), "{log}");
    assert!(log.contains(r#"search index built articles=2 kept="memory""#), "{log}");
    first.stop();
}

/// `newsreader serve --data data` on the shipped seeds, expected to stop at once: its exit
/// status and last line of standard error.
fn refused(data: &Path) -> (Option<i32>, String) {
    let output = Command::new(BINARY)
        .args(["serve", "--bind", "127.0.0.1:0", "--seeds"])
        .arg(repo_path("seeds"))
        .arg("--data")
        .arg(data)
        .output()
        .unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    (output.status.code(), stderr.lines().last().unwrap_or_default().to_owned())
}

#[test]
fn a_data_folder_that_cannot_be_made_or_is_a_file_is_a_one_line_error() {
    let file = tempdir().join("a-file");
    std::fs::write(&file, "not a folder").unwrap();
    let inside = file.join("data");
    assert_eq!(
        refused(&inside),
        (Some(1), format!("error: cannot use the data folder {}: Not a directory (os error 20)", inside.display()))
    );
    assert_eq!(
        refused(&file),
        (Some(1), format!("error: cannot use the data folder {}: it is a file, not a folder", file.display()))
    );
}

/// `newsreader index --seeds seeds --data data`: its exit status, standard output and last
/// line of standard error.
fn index(seeds: &std::path::Path, data: &std::path::Path) -> (Option<i32>, String, String) {
    let output = Command::new(BINARY).arg("index").arg("--seeds").arg(seeds).arg("--data").arg(data).output().unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    (
        output.status.code(),
        String::from_utf8(output.stdout).unwrap(),
        stderr.lines().last().unwrap_or_default().to_owned(),
    )
}

/// Polls the search for `query` on `url` until it finds something; its headlines.
async fn found_soon(url: &str, query: &str) -> Vec<String> {
    for _ in 0..100 {
        let found = headlines_for(url, query).await;
        if !found.is_empty() {
            return found;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    Vec::new()
}

#[tokio::test]
async fn replicas_open_the_index_the_indexer_writes_and_follow_its_changes() {
    let seeds = tempdir();
    std::fs::copy(repo_path("seeds/000_bc60f894ced19436.txt"), seeds.join("a.txt")).unwrap();
    let data = tempdir().join("data");
    // A replica started before anything wrote the folder waits for its writer.
    let early = serve_with(&seeds, &data, &["--read-only"]);
    let dir = data.display();
    let (status, stdout, _) = index(&seeds, &data);
    assert_eq!((status, stdout), (Some(0), format!("newsreader: index of 2 articles in {dir}: built\n")));
    wait_until_ready(&early.url).await;
    assert_eq!(headlines_for(&early.url, "huawei").await, ["ByteDance Plans New AI Model Trained With Huawei Chips"]);
    let log = early.stop();
    assert!(log.contains("nothing has written the data folder yet: waiting for its writer"), "{log}");
    assert!(log.contains("search index opened from the data folder articles=2"), "{log}");
    let (status, stdout, _) = index(&seeds, &data);
    assert_eq!((status, stdout), (Some(0), format!("newsreader: index of 2 articles in {dir}: already up to date\n")));

    // Two replicas open it; a change reaches both once the indexer has run.
    let first = serve_with(&seeds, &data, &["--read-only"]);
    let one = first.url.clone();
    let second = serve_with(&seeds, &data, &["--read-only"]);
    let two = second.url.clone();
    for url in [&one, &two] {
        wait_until_ready(url).await;
        assert_eq!(headlines_for(url, "huawei").await, ["ByteDance Plans New AI Model Trained With Huawei Chips"]);
    }
    std::fs::write(seeds.join("b.txt"), "Tin Mines Close\n\nThe last tin mine closed on Friday.\n").unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(800)).await;
    let (status, stdout, _) = index(&seeds, &data);
    let updated = format!("newsreader: index of 3 articles in {dir}: updated: 1 article added, 0 articles removed\n");
    assert_eq!((status, stdout), (Some(0), updated));
    for url in [&one, &two] {
        assert_eq!(found_soon(url, "tin").await, ["Tin Mines Close"], "{url}");
    }
    // The indexer is the one writer: a second one on the folder is refused.
    let writer = serve(&seeds, &data);
    let _ = writer.url.clone();
    let (status, _, stderr) = index(&seeds, &data);
    assert_eq!(status, Some(1));
    assert_eq!(stderr, format!("error: the data folder {dir} is in use by another newsreader process"));
    writer.stop();
    for (replica, url) in [(first, one), (second, two)] {
        let log = replica.stop();
        assert!(log.contains("search index opened from the data folder articles=2"), "{url}: {log}");
        assert!(log.contains("search index opened from the data folder articles=3"), "{url}: {log}");
        assert!(!log.contains("search index built"), "a replica builds nothing: {log}");
    }
}

/// How many shards the seed manifest in `data` holds.
fn shards(data: &Path) -> usize {
    std::fs::read_dir(data.join("manifest")).map_or(0, |entries| {
        entries.flatten().filter(|entry| entry.file_name().to_string_lossy().ends_with(".postcard")).count()
    })
}

#[tokio::test]
async fn a_restart_takes_unchanged_files_from_the_seed_manifest_and_sighup_reads_them() {
    let seeds = crate::server::large_folder();
    let data = tempdir().join("data");
    let first = serve_with(&seeds, &data, &["--no-watch"]);
    wait_until_ready(&first.url).await;
    for _ in 0..100 {
        if shards(&data) == newsreader::corpus::manifest::SHARDS {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert_eq!(shards(&data), newsreader::corpus::manifest::SHARDS);
    first.stop();
    // `b.txt`, read after the first 4 MiB, rewritten with its size and modification time.
    let file = seeds.join("b.txt");
    let modified = std::fs::metadata(&file).unwrap().modified().unwrap();
    let text = std::fs::read_to_string(&file).unwrap();
    let changed = text.replace("Budget passes", "Budget failed");
    assert_eq!(changed.len(), text.len());
    std::fs::write(&file, changed).unwrap();
    std::fs::File::options().write(true).open(&file).unwrap().set_modified(modified).unwrap();

    let second = serve_with(&seeds, &data, &["--no-watch"]);
    let url = second.url.clone();
    wait_until_ready(&url).await;
    let page = |slug: &str| reqwest::get(format!("{url}articles/{slug}"));
    let kept = page("budget-passes-after-all-night-session").await.unwrap();
    assert_eq!(kept.status(), 200);
    let body = kept.text().await.unwrap();
    assert_eq!(texts(&body, "h1"), ["Budget passes after all-night session"]);
    assert!(body.contains("The city budget passed at dawn."), "the body is read back from the index: {body}");
    assert_eq!(headlines_for(&url, "budget").await, ["Budget passes after all-night session"]);
    crate::server::signal(&second, "HUP");
    let mut status = 0;
    for _ in 0..100 {
        status = page("budget-failed-after-all-night-session").await.unwrap().status().as_u16();
        if status == 200 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert_eq!(status, 200);
    let log = second.stop();
    let reloaded = |trigger: &str| {
        log.lines()
            .find(|line| line.contains("seeds reloaded") && line.contains(trigger))
            .unwrap_or_default()
            .to_owned()
    };
    assert!(reloaded("trigger=Startup").contains("updated=- removed=- articles=3 unread=1"), "{log}");
    assert!(reloaded("trigger=Forced").contains("unread=0"), "{log}");
}

#[tokio::test]
async fn a_replica_takes_unchanged_files_from_the_seed_manifest_its_indexer_wrote() {
    let seeds = crate::server::large_folder();
    let data = tempdir().join("data");
    let (status, stdout, _) = index(&seeds, &data);
    let built = format!("newsreader: index of 3 articles in {}: built\n", data.display());
    assert_eq!((status, stdout), (Some(0), built));
    assert_eq!(shards(&data), newsreader::corpus::manifest::SHARDS);
    let written: Vec<_> =
        std::fs::read_dir(data.join("manifest")).unwrap().flatten().map(|entry| entry.path()).collect();
    let stamps = |paths: &[std::path::PathBuf]| -> Vec<_> {
        paths.iter().map(|path| std::fs::metadata(path).unwrap().modified().unwrap()).collect()
    };
    let before = stamps(&written);
    let replica = serve_with(&seeds, &data, &["--read-only", "--no-watch"]);
    let url = replica.url.clone();
    wait_until_ready(&url).await;
    let page = reqwest::get(format!("{url}articles/budget-passes-after-all-night-session")).await.unwrap();
    assert_eq!(page.status(), 200);
    assert!(page.text().await.unwrap().contains("The city budget passed at dawn."));
    assert_eq!(headlines_for(&url, "budget").await, ["Budget passes after all-night session"]);
    let log = replica.stop();
    let startup = log.lines().find(|line| line.contains("seeds reloaded trigger=Startup")).unwrap_or_default();
    assert!(startup.contains("updated=- removed=- articles=3 unread=1"), "{log}");
    assert_eq!(stamps(&written), before, "a replica writes no manifest");
}

#[test]
fn newsreader_index_checks_every_index_file_and_builds_a_damaged_index_again() {
    let seeds = tempdir();
    std::fs::copy(repo_path("seeds/000_bc60f894ced19436.txt"), seeds.join("a.txt")).unwrap();
    let data = tempdir().join("data");
    let dir = data.display();
    let built = format!("newsreader: index of 2 articles in {dir}: built\n");
    let (status, stdout, _) = index(&seeds, &data);
    assert_eq!((status, stdout), (Some(0), built.clone()));
    // One bit of a document store flipped with its modification time kept, as a failing disk
    // or `cp -p` of a damaged copy leaves it: a start trusts it, `index` checks it.
    let stores = std::fs::read_dir(data.join("index")).unwrap().flatten().map(|entry| entry.path());
    let store = stores
        .filter(|path| path.extension().is_some_and(|ext| ext == "store"))
        .max_by_key(|path| std::fs::metadata(path).unwrap().len());
    let store = store.unwrap();
    let modified = std::fs::metadata(&store).unwrap().modified().unwrap();
    let mut bytes = std::fs::read(&store).unwrap();
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0x20;
    std::fs::write(&store, bytes).unwrap();
    std::fs::File::options().write(true).open(&store).unwrap().set_modified(modified).unwrap();
    let (status, stdout, _) = index(&seeds, &data);
    assert_eq!((status, stdout), (Some(0), built));
    let (status, stdout, _) = index(&seeds, &data);
    assert_eq!((status, stdout), (Some(0), format!("newsreader: index of 2 articles in {dir}: already up to date\n")));
}
