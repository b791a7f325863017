//! Writes a deterministic seed corpus for benchmarks:
//! `cargo run --release --example gen_corpus -- --articles 10000 --seed 1 --out target/corpus-10k`
//! (`--queries 1000` also writes search queries to `target/corpus-10k.queries.tsv`).

mod generate;

use std::path::PathBuf;

use clap::Parser;

/// Generate a seed-format corpus.
#[derive(Debug, Parser)]
struct Args {
    /// Articles in all.
    #[arg(long, default_value_t = 1000)]
    articles: usize,
    /// Articles per file.
    #[arg(long, default_value_t = 100)]
    per_file: usize,
    /// RNG seed.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Output folder (created; existing `.txt` files in it are replaced).
    #[arg(long)]
    out: PathBuf,
    /// Also write this many search queries, one a line, to `queries.tsv` beside the folder.
    #[arg(long, default_value_t = 0)]
    queries: usize,
}

fn main() -> std::io::Result<()> {
    let args = Args::parse();
    std::fs::create_dir_all(&args.out)?;
    let files =
        generate::corpus(generate::Options { articles: args.articles, per_file: args.per_file, seed: args.seed });
    let mut bytes = 0;
    for (name, contents) in &files {
        std::fs::write(args.out.join(name), contents)?;
        bytes += contents.len();
    }
    println!("{} articles in {} files, {bytes} bytes, in {}", args.articles, files.len(), args.out.display());
    if args.queries > 0 {
        let path = args.out.with_extension("queries.tsv");
        std::fs::write(&path, generate::queries(args.seed, args.queries).join("\n") + "\n")?;
        println!("{} queries in {}", args.queries, path.display());
    }
    Ok(())
}
