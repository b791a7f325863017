//! Search latency in process: builds the index of a seeds folder, then runs each query of a
//! file (one a line) and prints the build time and the p50, p99 and maximum query times.
//! `cargo run --release --example search_latency -- SEEDS QUERIES`

use std::time::{Duration, Instant};

fn percentile(sorted: &[Duration], fraction: f64) -> Duration {
    let index = ((sorted.len() as f64 - 1.0) * fraction).round() as usize;
    sorted.get(index).copied().unwrap_or_default()
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let (Some(seeds), Some(queries)) = (args.next(), args.next()) else {
        return Err("usage: search_latency SEEDS QUERIES".into());
    };
    let (corpus, _) = newsreader::corpus::Corpus::load(std::path::Path::new(&seeds))?;
    let start = Instant::now();
    let index = newsreader::search::SearchIndex::build(&corpus)?;
    let build = start.elapsed();
    let queries = std::fs::read_to_string(queries)?;
    let mut times = Vec::new();
    let mut hits = 0;
    for query in queries.lines().filter(|line| !line.is_empty()) {
        let start = Instant::now();
        let results = index.search(&corpus, query, 50)?;
        times.push(start.elapsed());
        hits += results.map_or(0, |results| results.hits.len());
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
