//! Parse + dedup throughput on the generated 10k-article corpus, in bytes of seed text per
//! second: `cargo bench --bench parse`.

#[path = "../examples/gen_corpus/generate.rs"]
#[allow(dead_code)]
mod generate;

use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};
use newsreader::corpus::Corpus;

fn parse_and_dedup(c: &mut Criterion) {
    let files = generate::corpus(generate::Options { articles: 10_000, per_file: 100, seed: 1 });
    let bytes: usize = files.iter().map(|(_, contents)| contents.len()).sum();
    let mut group = c.benchmark_group("corpus");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.sample_size(10);
    group.bench_function("parse_dedup_10k", |b| {
        b.iter_batched(
            || {
                files
                    .iter()
                    .map(|(name, contents)| (name.clone(), Ok(contents.clone().into_bytes())))
                    .collect::<Vec<_>>()
            },
            Corpus::from_sources,
            BatchSize::LargeInput,
        );
    });
    group.finish();
}

criterion_group!(benches, parse_and_dedup);
criterion_main!(benches);
