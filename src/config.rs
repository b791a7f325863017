//! Command line and environment (`NEWSREADER_*`) to configuration, through clap.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

/// newsreader: a local web news reader for scraped news text.
#[derive(Debug, Parser)]
#[command(name = "newsreader", version, about, args_conflicts_with_subcommands = true)]
pub struct Cli {
    /// What to do; `serve` when omitted.
    #[command(subcommand)]
    pub command: Option<Command>,
    /// Options of `serve`, accepted without the subcommand too.
    #[command(flatten)]
    pub serve: ServeArgs,
}

/// Subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the articles over HTTP (the default).
    Serve(ServeArgs),
    /// Read the seeds and report, per file, the articles found, every line removed (and
    /// why) and every warning. Exit status: 0 clean, 1 errors, 2 warnings only.
    Check(CheckArgs),
}

/// The seeds folder option, shared by every subcommand.
#[derive(Debug, Clone, Args)]
pub struct SeedsArg {
    /// Folder of seed files (`*.txt` scraped text, `*.md` hand-written articles) to read.
    #[arg(long = "seeds", env = "NEWSREADER_SEEDS", default_value = "seeds", value_name = "DIR")]
    pub dir: PathBuf,
}

/// Options of `check`.
#[derive(Debug, Clone, Args)]
pub struct CheckArgs {
    /// Where the seeds are.
    #[command(flatten)]
    pub seeds: SeedsArg,
}

/// Options of `serve`.
#[derive(Debug, Clone, Args)]
pub struct ServeArgs {
    /// Where the seeds are.
    #[command(flatten)]
    pub seeds: SeedsArg,
    /// Address and port to listen on; `0.0.0.0:8080` serves the whole network.
    #[arg(long, env = "NEWSREADER_BIND", default_value = "127.0.0.1:3000", value_name = "ADDR")]
    pub bind: SocketAddr,
}

impl Cli {
    /// The subcommand to run, `serve` with the top-level options when none was given.
    pub fn into_command(self) -> Command {
        self.command.unwrap_or(Command::Serve(self.serve))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serve_is_the_default() {
        let cli = Cli::try_parse_from(["newsreader", "--seeds", "x", "--bind", "127.0.0.1:9"]).expect("parses");
        let Command::Serve(args) = cli.into_command() else { panic!("not serve") };
        assert_eq!(args.seeds.dir, PathBuf::from("x"));
        assert_eq!(args.bind, "127.0.0.1:9".parse::<SocketAddr>().expect("addr"));
    }

    #[test]
    fn serve_subcommand_takes_the_same_options() {
        let cli = Cli::try_parse_from(["newsreader", "serve", "--seeds", "y"]).expect("parses");
        let Command::Serve(args) = cli.into_command() else { panic!("not serve") };
        assert_eq!(args.seeds.dir, PathBuf::from("y"));
    }

    #[test]
    fn check_takes_a_seeds_folder() {
        let cli = Cli::try_parse_from(["newsreader", "check", "--seeds", "z"]).expect("parses");
        let Command::Check(args) = cli.into_command() else { panic!("not check") };
        assert_eq!(args.seeds.dir, PathBuf::from("z"));
        assert!(Cli::try_parse_from(["newsreader", "check", "--bind", "127.0.0.1:9"]).is_err());
    }

    #[test]
    fn command_line_is_well_formed() {
        use clap::CommandFactory;
        Cli::command().debug_assert();
    }
}
