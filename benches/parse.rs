//! Parse + dedup throughput on the generated 10k-article corpus, in bytes of seed text per
//! second, on one core and on every core: `cargo bench --bench parse`.

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

criterion_group!(benches, parse_and_dedup);
criterion_main!(benches);
