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
}

/// Options of `serve`.
#[derive(Debug, Clone, Args)]
pub struct ServeArgs {
    /// Folder of seed files (`*.txt`) to read.
    #[arg(long, env = "NEWSREADER_SEEDS", default_value = "seeds", value_name = "DIR")]
    pub seeds: PathBuf,
    /// Address and port to listen on; `0.0.0.0:8080` serves the whole network.
    #[arg(long, env = "NEWSREADER_BIND", default_value = "127.0.0.1:3000", value_name = "ADDR")]
    pub bind: SocketAddr,
    /// Public address of the site (`https://news.example.org`), for the absolute links in
    /// feeds, canonical links and link previews; without it those links are site-relative.
    #[arg(long, env = "NEWSREADER_PUBLIC_URL", value_name = "URL", value_parser = parse_public_url)]
    pub public_url: Option<String>,
}

/// Accepts `http://` or `https://` followed by a host, without query or fragment.
fn parse_public_url(text: &str) -> Result<String, String> {
    let rest = text.strip_prefix("https://").or_else(|| text.strip_prefix("http://"));
    match rest {
        Some(host) if !host.is_empty() && !host.starts_with('/') && !host.contains(['?', '#', ' ']) => {
            Ok(text.trim_end_matches('/').to_owned())
        }
        _ => Err(format!("{text:?} is not an http:// or https:// address such as https://news.example.org")),
    }
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
        let Command::Serve(args) = cli.into_command();
        assert_eq!(args.seeds, PathBuf::from("x"));
        assert_eq!(args.bind, "127.0.0.1:9".parse::<SocketAddr>().expect("addr"));
    }

    #[test]
    fn serve_subcommand_takes_the_same_options() {
        let cli = Cli::try_parse_from(["newsreader", "serve", "--seeds", "y"]).expect("parses");
        let Command::Serve(args) = cli.into_command();
        assert_eq!(args.seeds, PathBuf::from("y"));
    }

    #[test]
    fn public_url_must_be_http_or_https() {
        let cli = Cli::try_parse_from(["newsreader", "--public-url", "https://news.example.org/"]).expect("parses");
        let Command::Serve(args) = cli.into_command();
        assert_eq!(args.public_url.as_deref(), Some("https://news.example.org"));
        for bad in ["news.example.org", "ftp://x", "https://", "https://a b"] {
            assert!(Cli::try_parse_from(["newsreader", "--public-url", bad]).is_err(), "{bad}");
        }
    }

    #[test]
    fn command_line_is_well_formed() {
        use clap::CommandFactory;
        Cli::command().debug_assert();
    }
}
