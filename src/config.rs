//! Command line and environment (`NEWSREADER_*`) to configuration, through clap.

use std::path::PathBuf;
use std::time::Duration;

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
    /// Write the whole site as static files that any web server can serve.
    Export(ExportArgs),
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
    /// Print every line of one seed file with what it was read as (headline, caption,
    /// paragraph, or removed and why) instead of checking the folder.
    #[arg(long, value_name = "FILE")]
    pub explain: Option<PathBuf>,
}

/// Where the articles come from and where the site lives; shared by `serve` and `export`.
#[derive(Debug, Clone, Args)]
pub struct SiteArgs {
    /// Where the seeds are.
    #[command(flatten)]
    pub seeds: SeedsArg,
    /// URL path the site lives under behind a reverse proxy, e.g. `/news`; every link carries
    /// it. Requests are answered with or without it, so the proxy may strip it or not.
    #[arg(long, env = "NEWSREADER_BASE_PATH", default_value = "", value_name = "PATH", value_parser = parse_base_path)]
    pub base_path: String,
    /// Public URL of the site, e.g. `https://intranet.example/news`, for absolute links in
    /// feeds and link previews; relative links are used when unset.
    #[arg(long, env = "NEWSREADER_PUBLIC_URL", value_name = "URL", value_parser = parse_public_url)]
    pub public_url: Option<String>,
}

/// Longest timeout the options take, in seconds: a day. Longer ones would overflow the
/// clock's arithmetic (a panic on every request) for no use.
const MAX_TIMEOUT: u64 = 86_400;

/// Options of `serve`.
#[derive(Debug, Clone, Args)]
pub struct ServeArgs {
    /// Seeds, base path and public URL.
    #[command(flatten)]
    pub site: SiteArgs,
    /// Address (IP or host name) and port to listen on: `0.0.0.0:8080` serves the whole
    /// network, `localhost:3000` the first address `localhost` resolves to.
    #[arg(long, env = "NEWSREADER_BIND", default_value = "127.0.0.1:3000", value_name = "HOST:PORT",
          value_parser = parse_bind)]
    pub bind: String,
    /// Longest time one request may take, in seconds (1 to 86400), before it is answered 503.
    #[arg(long, env = "NEWSREADER_REQUEST_TIMEOUT", default_value_t = 30, value_name = "SECONDS",
          value_parser = clap::builder::RangedU64ValueParser::<u64>::new().range(1..=MAX_TIMEOUT))]
    pub request_timeout: u64,
    /// Longest time a client may take to send a request's headers, in seconds (1 to 86400);
    /// idle or slow connections are closed after it.
    #[arg(long, env = "NEWSREADER_HEADER_TIMEOUT", default_value_t = 10, value_name = "SECONDS",
          value_parser = clap::builder::RangedU64ValueParser::<u64>::new().range(1..=MAX_TIMEOUT))]
    pub header_timeout: u64,
    /// Most requests handled at once; more wait their turn.
    #[arg(long, env = "NEWSREADER_MAX_CONCURRENT", default_value_t = 1024, value_name = "N",
          value_parser = clap::builder::RangedU64ValueParser::<usize>::new().range(1..))]
    pub max_concurrent: usize,
    /// Most memory for rendered pages kept per snapshot, in MiB (each page with its
    /// compressed copies); pages past it are rendered per request.
    #[arg(long, env = "NEWSREADER_PAGE_CACHE_MIB", default_value_t = 256, value_name = "MIB")]
    pub page_cache_mib: usize,
    /// Do not watch the seeds folder for changes (SIGHUP still reloads). The variable takes
    /// 1/0, true/false, yes/no or on/off.
    #[arg(long, env = "NEWSREADER_NO_WATCH", action = clap::ArgAction::SetTrue,
          value_parser = clap::builder::BoolishValueParser::new())]
    pub no_watch: bool,
}

/// Options of `export`.
#[derive(Debug, Clone, Args)]
pub struct ExportArgs {
    /// Seeds, base path and public URL.
    #[command(flatten)]
    pub site: SiteArgs,
    /// Folder to write the site into; created if missing. Files newsreader writes are
    /// replaced; others are left alone.
    #[arg(long, env = "NEWSREADER_OUT", value_name = "DIR")]
    pub out: PathBuf,
}

impl ServeArgs {
    /// The request timeout as a duration.
    pub fn request_timeout(&self) -> Duration {
        Duration::from_secs(self.request_timeout)
    }

    /// The header read timeout as a duration.
    pub fn header_timeout(&self) -> Duration {
        Duration::from_secs(self.header_timeout)
    }
}

impl Cli {
    /// The subcommand to run, `serve` with the top-level options when none was given.
    pub fn into_command(self) -> Command {
        self.command.unwrap_or(Command::Serve(self.serve))
    }
}

/// A listening address `HOST:PORT`: an IP address (`[::1]:3000` for IPv6) or a host name,
/// and a port number. The name is resolved when the server starts.
fn parse_bind(value: &str) -> Result<String, String> {
    let (host, port) =
        value.rsplit_once(':').ok_or_else(|| format!("{value:?} is not HOST:PORT, such as 0.0.0.0:8080"))?;
    let ipv6 = host.strip_prefix('[').and_then(|host| host.strip_suffix(']'));
    let host_ok = match ipv6 {
        Some(address) => address.parse::<std::net::Ipv6Addr>().is_ok(),
        None => !host.is_empty() && !host.contains(':'),
    };
    if !host_ok || port.parse::<u16>().is_err() {
        return Err(format!("{value:?} is not HOST:PORT, such as 0.0.0.0:8080 or localhost:3000"));
    }
    Ok(value.to_owned())
}

/// A base path: empty, or `/` followed by path segments of unreserved characters
/// (RFC 3986 §2.3), without a trailing slash. `news`, `/news/` and `/news` all give `/news`.
fn parse_base_path(value: &str) -> Result<String, String> {
    let trimmed = value.trim_matches('/');
    let allowed = |c: char| c.is_ascii_alphanumeric() || "-._~/".contains(c);
    let dot_segment = trimmed.split('/').any(|segment| segment == "." || segment == "..");
    if !trimmed.chars().all(allowed) || trimmed.contains("//") || dot_segment {
        return Err(format!(
            "{value:?} is not a URL path such as /news (letters, digits, - . _ ~ and /, no . or .. segment)"
        ));
    }
    Ok(if trimmed.is_empty() { String::new() } else { format!("/{trimmed}") })
}

/// An absolute `http` or `https` URL without query or fragment; a trailing slash is dropped.
fn parse_public_url(value: &str) -> Result<String, String> {
    let uri: axum::http::Uri = value.parse().map_err(|error| format!("{value:?} is not a URL: {error}"))?;
    let scheme_ok = matches!(uri.scheme_str(), Some("http" | "https"));
    if !scheme_ok || uri.authority().is_none() || uri.query().is_some() || value.contains('#') {
        return Err(format!("{value:?} is not an absolute http(s) URL such as https://intranet.example/news"));
    }
    Ok(value.trim_end_matches('/').to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn serve_args(args: &[&str]) -> ServeArgs {
        match Cli::try_parse_from(args).expect("parses").into_command() {
            Command::Serve(args) => args,
            Command::Export(_) | Command::Check(_) => panic!("not serve"),
        }
    }

    #[test]
    fn serve_is_the_default() {
        let args = serve_args(&["newsreader", "--seeds", "x", "--bind", "127.0.0.1:9"]);
        assert_eq!(args.site.seeds.dir, PathBuf::from("x"));
        assert_eq!(args.bind, "127.0.0.1:9");
        assert_eq!(args.site.base_path, "");
        assert_eq!(args.request_timeout(), Duration::from_secs(30));
    }

    #[test]
    fn serve_subcommand_takes_the_same_options() {
        let args = serve_args(&["newsreader", "serve", "--seeds", "y", "--base-path", "news/"]);
        assert_eq!(args.site.seeds.dir, PathBuf::from("y"));
        assert_eq!(args.site.base_path, "/news");
    }

    #[test]
    fn export_needs_an_output_folder() {
        let cli =
            Cli::try_parse_from(["newsreader", "export", "--out", "site", "--base-path", "/news"]).expect("parses");
        let Command::Export(args) = cli.into_command() else { panic!("not export") };
        assert_eq!(args.out, PathBuf::from("site"));
        assert_eq!(args.site.base_path, "/news");
        assert!(Cli::try_parse_from(["newsreader", "export"]).is_err());
    }

    #[test]
    fn check_takes_a_seeds_folder() {
        let cli = Cli::try_parse_from(["newsreader", "check", "--seeds", "z"]).expect("parses");
        let Command::Check(args) = cli.into_command() else { panic!("not check") };
        assert_eq!(args.seeds.dir, PathBuf::from("z"));
        assert!(Cli::try_parse_from(["newsreader", "check", "--bind", "127.0.0.1:9"]).is_err());
    }

    #[test]
    fn base_paths_are_checked() {
        assert_eq!(parse_base_path("/"), Ok(String::new()));
        assert_eq!(parse_base_path("/a/b/"), Ok("/a/b".to_owned()));
        assert_eq!(parse_base_path("/news.v2/"), Ok("/news.v2".to_owned()));
        for bad in ["/news?x", "/a b", "/a//b", "/<x>", "/a/../b", "/./news", ".."] {
            assert!(parse_base_path(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn limits_are_at_least_one() {
        assert_eq!(serve_args(&["newsreader", "--max-concurrent", "8"]).max_concurrent, 8);
        for option in ["--max-concurrent", "--request-timeout", "--header-timeout"] {
            assert!(Cli::try_parse_from(["newsreader", option, "0"]).is_err(), "{option}");
        }
        for option in ["--request-timeout", "--header-timeout"] {
            assert!(Cli::try_parse_from(["newsreader", option, "86400"]).is_ok(), "{option}");
            assert!(Cli::try_parse_from(["newsreader", option, "18446744073709551615"]).is_err(), "{option}");
        }
    }

    #[test]
    fn bind_addresses_are_host_and_port() {
        for good in ["127.0.0.1:3000", "0.0.0.0:8080", "[::1]:3000", "[::]:80", "localhost:3000", "news.intranet:8080"]
        {
            assert_eq!(parse_bind(good), Ok(good.to_owned()), "{good}");
        }
        for bad in ["localhost", "127.0.0.1", ":3000", "localhost:http", "localhost:70000", "::1:3000", "[x]:80"] {
            assert!(parse_bind(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn public_urls_are_checked() {
        assert_eq!(parse_public_url("https://intranet.example/news/"), Ok("https://intranet.example/news".to_owned()));
        for bad in ["intranet.example/news", "ftp://x/", "https://x/?q=1", "/news"] {
            assert!(parse_public_url(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn command_line_is_well_formed() {
        use clap::CommandFactory;
        Cli::command().debug_assert();
    }
}
