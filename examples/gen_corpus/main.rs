//! Writes a deterministic seed corpus for benchmarks:
//! `cargo run --release --example gen_corpus -- --articles 10000 --seed 1 --out target/corpus-10k`
//! (`--queries 1000` also writes search queries to `target/corpus-10k.queries.tsv`;
//! `--realistic` writes the Zipf-vocabulary corpus and its query mix instead).

mod generate;
mod realistic;
mod vocabulary;

use std::path::{Path, PathBuf};

use clap::{Parser, ValueEnum};

/// What kind of corpus to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Mode {
    /// About 100 words, nearly all in every article: the same bytes as earlier versions wrote,
    /// so the parser benchmarks keep their meaning.
    Uniform,
    /// A Zipf vocabulary of 60,000 words (the fixtures' words first), people and places in
    /// bylines and datelines over 2016-2025, several sources and sections, articles of varying
    /// length; `--queries` writes a query mix drawn from the same vocabulary.
    Realistic,
}

/// Generate a seed-format corpus. The default mode (`uniform`) writes the same bytes as
/// earlier versions, so the parser benchmarks keep their meaning.
#[derive(Debug, Parser)]
struct Args {
    /// Articles in all.
    #[arg(long, default_value_t = 1000)]
    articles: usize,
    /// Articles per file.
    #[arg(long, default_value_t = 100)]
    per_file: usize,
    /// RNG seed: the same seed (and mode) gives the same bytes.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Output folder (created; existing `.txt` files in it are replaced).
    #[arg(long)]
    out: PathBuf,
    /// Also write this many search queries, one a line, to `queries.tsv` beside the folder.
    #[arg(long, default_value_t = 0)]
    queries: usize,
    /// Kind of corpus.
    #[arg(long, value_enum, default_value_t = Mode::Uniform)]
    mode: Mode,
    /// Same as `--mode realistic`.
    #[arg(long, conflicts_with = "mode")]
    realistic: bool,
}

fn main() -> std::io::Result<()> {
    let args = Args::parse();
    let options = generate::Options { articles: args.articles, per_file: args.per_file, seed: args.seed };
    let mode = if args.realistic { Mode::Realistic } else { args.mode };
    let (files, queries) = match mode {
        Mode::Uniform => (generate::corpus(options), generate::queries(args.seed, args.queries)),
        Mode::Realistic => {
            let vocabulary = vocabulary::Vocabulary::load(Path::new(env!("CARGO_MANIFEST_DIR")))?;
            println!("vocabulary of {} words, {} of them from tests/fixtures", vocabulary.words.len(), vocabulary.real);
            (realistic::corpus(&vocabulary, options), realistic::queries(&vocabulary, args.seed, args.queries))
        }
    };
    std::fs::create_dir_all(&args.out)?;
    let mut bytes = 0;
    for (name, contents) in &files {
        std::fs::write(args.out.join(name), contents)?;
        bytes += contents.len();
    }
    println!("{} articles in {} files, {bytes} bytes, in {}", args.articles, files.len(), args.out.display());
    if args.queries > 0 {
        let path = args.out.with_extension("queries.tsv");
        std::fs::write(&path, queries.join("\n") + "\n")?;
        println!("{} queries in {}", args.queries, path.display());
    }
    Ok(())
}
