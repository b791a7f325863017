//! Scores the parser on a folder of real pages against a careful reader's `expect.json`:
//! `cargo run --example score -- DIR EXPECT.json` prints each field read otherwise and then
//! `fields right / fields asked`. `--quiet` prints the last line only.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;

/// Score the parser on real pages.
#[derive(Debug, Parser)]
struct Args {
    /// The folder of pages.
    dir: PathBuf,
    /// The expectations (`expect.json`).
    expect: PathBuf,
    /// Print only the score.
    #[arg(long)]
    quiet: bool,
}

fn main() -> ExitCode {
    let args = Args::parse();
    let expectations = match newsreader::score::read_expectations(&args.expect) {
        Ok(expectations) => expectations,
        Err(error) => {
            eprintln!("error: {error}");
            return ExitCode::from(2);
        }
    };
    let score = newsreader::score::score(&args.dir, &expectations);
    if !args.quiet {
        for miss in &score.misses {
            println!(
                "{} #{} {}:\n  expected {:?}\n  found    {:?}",
                miss.file, miss.article, miss.field, miss.expected, miss.found
            );
        }
    }
    let percent = if score.asked == 0 { 0.0 } else { 100.0 * score.right as f64 / score.asked as f64 };
    println!("{}: {} / {} fields right ({percent:.1}%)", args.dir.display(), score.right, score.asked);
    ExitCode::SUCCESS
}
