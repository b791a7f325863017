//! Search latency in process: builds the index of a seeds folder, then runs each query of a
//! file (one a line) and prints the build time and the p50, p99 and maximum query times, then
//! the slowest 20 queries with their match counts. `ROUNDS=N` runs the queries N times (one
//! line of figures per round, the slowest list from the last), to see how much a busy machine
//! moves the figures. With a third argument, also writes every query's results (total, then
//! each hit's position, headline and snippet HTML) to that file, to compare two builds' results
//! line for line.
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
    let rounds: usize = std::env::var("ROUNDS").ok().and_then(|rounds| rounds.parse().ok()).unwrap_or(1).max(1);
    let (corpus, _) = newsreader::corpus::Corpus::load(std::path::Path::new(&seeds))?;
    let start = Instant::now();
    let index = newsreader::search::SearchIndex::build(&corpus)?;
    let build = start.elapsed();
    let queries = std::fs::read_to_string(queries)?;
    let queries: Vec<&str> = queries.lines().filter(|line| !line.is_empty()).collect();
    println!("articles {} | index build {:.2} s", corpus.articles().len(), build.as_secs_f64());
    let mut timed = Vec::new();
    for round in 1..=rounds {
        timed.clear();
        let mut hits = 0;
        let mut results_text = String::new();
        for &query in &queries {
            let start = Instant::now();
            let results = index.search(&corpus, query, 0..30)?;
            let elapsed = start.elapsed();
            hits += results.as_ref().map_or(0, |results| results.hits.len());
            timed.push((elapsed, query, results.as_ref().map_or(0, |results| results.total)));
            if dump.is_some() {
                writeln!(results_text, "{query}\t{results:?}")?;
            }
        }
        if let Some(path) = &dump {
            std::fs::write(path, results_text)?;
        }
        let mut times: Vec<Duration> = timed.iter().map(|&(time, _, _)| time).collect();
        times.sort();
        println!(
            "round {round} | {} queries, {hits} hits | p50 {:.2} ms | p99 {:.2} ms | max {:.2} ms",
            times.len(),
            percentile(&times, 0.50).as_secs_f64() * 1e3,
            percentile(&times, 0.99).as_secs_f64() * 1e3,
            times.last().copied().unwrap_or_default().as_secs_f64() * 1e3,
        );
    }
    timed.sort_by_key(|&(time, _, _)| std::cmp::Reverse(time));
    println!("slowest queries of the last round (ms, matches, query):");
    for (time, query, total) in timed.iter().take(20) {
        println!("{:8.2} {total:7} {query}", time.as_secs_f64() * 1e3);
    }
    Ok(())
}
