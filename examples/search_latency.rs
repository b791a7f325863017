//! Search latency in process: builds the index of a seeds folder, then runs each query of a
//! file (one a line) and prints the build time and the p50, p99 and maximum query times.
//! With a third argument, also writes every query's results (total, then each hit's position,
//! headline and snippet HTML) to that file, to compare two builds' results line for line.
//! `cargo run --release --example search_latency -- SEEDS QUERIES [RESULTS]`

use std::fmt::Write as _;
use std::time::{Duration, Instant};

fn percentile(sorted: &[Duration], fraction: f64) -> Duration {
    let index = ((sorted.len() as f64 - 1.0) * fraction).round() as usize;
    sorted.get(index).copied().unwrap_or_default()
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let (Some(seeds), Some(queries)) = (args.next(), args.next()) else {
        return Err("usage: search_latency SEEDS QUERIES [RESULTS]".into());
    };
    let dump = args.next();
    let (corpus, _) = newsreader::corpus::Corpus::load(std::path::Path::new(&seeds))?;
    let start = Instant::now();
    let index = newsreader::search::SearchIndex::build(&corpus)?;
    let build = start.elapsed();
    let queries = std::fs::read_to_string(queries)?;
    let mut times = Vec::new();
    let mut hits = 0;
    let mut results_text = String::new();
    for query in queries.lines().filter(|line| !line.is_empty()) {
        let start = Instant::now();
        let results = index.search(&corpus, query, 50)?;
        times.push(start.elapsed());
        hits += results.as_ref().map_or(0, |results| results.hits.len());
        if dump.is_some() {
            writeln!(results_text, "{query}\t{results:?}")?;
        }
    }
    if let Some(path) = dump {
        std::fs::write(path, results_text)?;
    }
    times.sort();
    println!(
        "articles {} | index build {:.2} s | {} queries, {hits} hits | p50 {:.2} ms | p99 {:.2} ms | max {:.2} ms",
        corpus.articles().len(),
        build.as_secs_f64(),
        times.len(),
        percentile(&times, 0.50).as_secs_f64() * 1e3,
        percentile(&times, 0.99).as_secs_f64() * 1e3,
        times.last().copied().unwrap_or_default().as_secs_f64() * 1e3,
    );
    Ok(())
}
