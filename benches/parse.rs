//! Parse + dedup throughput on the generated 10k-article corpus, in bytes of seed text per
//! second, on one core and on every core, and the time of pages that are one long run of short
//! or repeated lines (a list, a table), which must grow with the run, not its square:
//! `cargo bench --bench parse`.

#[path = "../examples/gen_corpus/generate.rs"]
#[allow(dead_code)]
mod generate;

use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};
use newsreader::corpus::Corpus;

fn parse_and_dedup(c: &mut Criterion) {
    let files = generate::corpus(generate::Options { articles: 10_000, per_file: 100, seed: 1 });
    let bytes: usize = files.iter().map(|(_, contents)| contents.len()).sum();
    let sources =
        || files.iter().map(|(name, contents)| (name.clone(), Ok(contents.clone().into_bytes()))).collect::<Vec<_>>();
    let mut group = c.benchmark_group("corpus");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.sample_size(10);
    let all = rayon::current_num_threads();
    for threads in std::iter::once(1).chain((all > 1).then_some(all)) {
        #[allow(clippy::expect_used)] // a pool that cannot start leaves nothing to measure
        let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().expect("thread pool");
        group.bench_function(format!("parse_dedup_10k/{threads}_threads"), |b| {
            b.iter_batched(sources, |sources| pool.install(|| Corpus::from_sources(sources)), BatchSize::LargeInput);
        });
    }
    group.finish();
}

/// A line shape: the line numbered by its argument.
type Shape = fn(usize) -> String;

/// Pages of a headline and 20,000 lines of one shape each.
fn long_runs(c: &mut Criterion) {
    let shapes: [(&str, Shape); 3] = [
        ("short_items", |at| format!("Item {at}")),
        ("one_line_repeated", |_| "Same line again".to_owned()),
        ("short_pairs", |at| format!("Short {at}\nShort {at}\n")),
    ];
    let mut group = c.benchmark_group("long_runs");
    group.sample_size(10);
    for (name, line) in shapes {
        let text: String = std::iter::once("A Headline For Many Lines\n\n".to_owned())
            .chain((0..20_000).map(|at| line(at) + "\n"))
            .collect();
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_function(format!("{name}_20k_lines"), |b| {
            b.iter(|| Corpus::from_sources([("a.txt".to_owned(), Ok(text.clone().into_bytes()))]));
        });
    }
    group.finish();
}

criterion_group!(benches, parse_and_dedup, long_runs);
criterion_main!(benches);
