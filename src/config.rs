//! Command line and environment (`NEWSREADER_*`) to configuration, through clap.
//!
//! Each subcommand reads only its own options and variables; `newsreader` with no
//! subcommand is `newsreader serve`. A variable set to the empty string counts as unset.

use std::ffi::{OsStr, OsString};
use std::path::PathBuf;
use std::time::Duration;

use clap::{Args, CommandFactory, FromArgMatches, Parser, Subcommand};

/// Exit status of a usage error (a bad option, value or variable): `EX_USAGE` of
/// `sysexits.h`, apart from every status a command gives as its result.
pub const EXIT_USAGE: u8 = 64;

/// The environment variable of the log filter (`tracing` syntax, e.g. `debug`).
pub const LOG_VARIABLE: &str = "NEWSREADER_LOG";

/// newsreader: a local web news reader for scraped news text.
#[derive(Debug, Parser)]
#[command(
    name = "newsreader",
    version,
    about,
    override_usage = "newsreader [serve] [OPTIONS]\n       newsreader export --out DIR [OPTIONS]\n       newsreader check [OPTIONS]\n       newsreader index [OPTIONS]",
    after_help = "With no command, newsreader serves: `newsreader [OPTIONS]` is `newsreader serve [OPTIONS]`. \
                  `newsreader help COMMAND` lists a command's options and their environment variables; \
                  each command reads only its own. A variable set to the empty string counts as unset. \
                  NEWSREADER_LOG is the log filter (tracing syntax, default info).\n\n\
                  Exit status: 0 success, 1 failure, 64 a usage error (EX_USAGE); `check` adds 2 for \
                  warnings only."
)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// Subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the articles over HTTP (the default).
    Serve(ServeArgs),
    /// Write the whole site as static files (each page a folder's `index.html`) that a
    /// plain static web server serves at the server's own addresses.
    Export(ExportArgs),
    /// Read the seeds and report, per file, the articles found, every line removed (and
    /// why) and every warning. Exit status: 0 clean, 1 errors, 2 warnings only, 64 a usage
    /// error.
    Check(CheckArgs),
    /// Build or bring up to date the search index in the data folder, then exit, for
    /// `serve --read-only` replicas. Exit status: 0 done, 1 an error (the folder in use by
    /// another process, or not writable), 64 a usage error.
    Index(IndexArgs),
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
    /// feeds and link previews; when unset, `serve` makes them under the origin each request
    /// names (`Host`, or a trusted proxy's `X-Forwarded-Proto`/`-Host`) and `export` writes
    /// relative links.
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
    /// network, `localhost:3000` the first address `localhost` resolves to, and
    /// `unix:/run/newsreader/newsreader.sock` a Unix socket. Ignored when systemd passes
    /// sockets (`LISTEN_FDS`, socket activation): newsreader serves on those.
    #[arg(long, env = "NEWSREADER_BIND", default_value = "127.0.0.1:3000", value_name = "HOST:PORT|unix:PATH",
          value_parser = parse_bind)]
    pub bind: Bind,
    /// Permissions of the Unix socket `--bind unix:PATH` makes, in octal (`660`: owner and
    /// group may connect).
    #[arg(long, env = "NEWSREADER_SOCKET_MODE", default_value = "660", value_name = "OCTAL",
          value_parser = parse_socket_mode)]
    pub socket_mode: u32,
    /// Clients that may read `/metrics` (IP networks in CIDR notation, or single addresses,
    /// separated by commas); others get 403. Default: loopback.
    #[arg(long, env = "NEWSREADER_METRICS_ALLOW", default_value = "127.0.0.0/8,::1", value_name = "CIDR,...",
          value_parser = parse_networks)]
    pub metrics_allow: Networks,
    /// Serve `/metrics` on this address (`HOST:PORT`) of its own, to everyone who reaches it,
    /// and answer it with 404 on `--bind`.
    #[arg(long, env = "NEWSREADER_METRICS_BIND", value_name = "HOST:PORT", value_parser = parse_host_port)]
    pub metrics_bind: Option<String>,
    /// Reverse proxies whose forwarding headers are believed (IP networks in CIDR notation or
    /// addresses, separated by commas; `none` for no proxy): from them the client address comes
    /// from `Forwarded` or `X-Forwarded-For`, and the public origin from `X-Forwarded-Host` and
    /// `X-Forwarded-Proto`. From other clients those headers are ignored. A client on the Unix
    /// socket counts as 127.0.0.1. Default: loopback.
    #[arg(long, env = "NEWSREADER_TRUSTED_PROXY", default_value = "127.0.0.0/8,::1", value_name = "CIDR,...",
          value_parser = parse_networks)]
    pub trusted_proxy: Networks,
    /// Request header in which an authenticating proxy names the user (e.g. `Remote-User`):
    /// every route but `/healthz` and `/readyz` then needs it from a `--trusted-proxy`, else
    /// 401. The user goes into the access log.
    #[arg(long, env = "NEWSREADER_AUTH_HEADER", value_name = "NAME", value_parser = parse_header_name)]
    pub auth_header: Option<String>,
    /// Access log on standard error, one line per request: `combined` (the Apache and nginx
    /// format), `json` (one object a line) or `off`.
    #[arg(long, env = "NEWSREADER_ACCESS_LOG", default_value = "combined", value_name = "FORMAT", value_enum)]
    pub access_log: AccessLog,
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
    /// Ask search engines to index nothing, for an intranet: every response carries
    /// `X-Robots-Tag: noindex` and `/robots.txt` disallows every page. The variable takes
    /// 1/0, true/false, yes/no or on/off.
    #[arg(long, env = "NEWSREADER_NOINDEX", action = clap::ArgAction::SetTrue,
          value_parser = clap::builder::BoolishValueParser::new())]
    pub noindex: bool,
    /// Where the search index is kept.
    #[command(flatten)]
    pub data: DataArg,
    /// Open the data folder without writing it: use the index another newsreader (a `serve`
    /// or `index` on the same seeds) builds there, waiting for it after each change. For
    /// replicas behind a load balancer. The variable takes 1/0, true/false, yes/no or on/off.
    #[arg(long, env = "NEWSREADER_READ_ONLY", action = clap::ArgAction::SetTrue,
          value_parser = clap::builder::BoolishValueParser::new())]
    pub read_only: bool,
}

/// Where `serve` listens: a TCP address or a Unix socket.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Bind {
    /// `HOST:PORT`: an IP address (`[::1]:3000`) or a host name, resolved at start.
    Tcp(String),
    /// `unix:PATH`: a Unix stream socket at an absolute path.
    Unix(PathBuf),
}

impl std::fmt::Display for Bind {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Bind::Tcp(address) => formatter.write_str(address),
            Bind::Unix(path) => write!(formatter, "unix:{}", path.display()),
        }
    }
}

/// A list of IP networks (CIDR, RFC 4632; a bare address is a network of one). Empty for
/// `none`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Networks(pub Vec<ipnet::IpNet>);

impl Networks {
    /// The loopback networks, `127.0.0.0/8` and `::1`: this machine.
    pub fn loopback() -> Networks {
        let v4 = ipnet::IpNet::V4(ipnet::Ipv4Net::new_assert(std::net::Ipv4Addr::LOCALHOST, 8).trunc());
        let v6 = ipnet::IpNet::V6(ipnet::Ipv6Net::new_assert(std::net::Ipv6Addr::LOCALHOST, 128));
        Networks(vec![v4, v6])
    }

    /// Whether `address` is in one of the networks. An IPv4-mapped IPv6 address
    /// (`::ffff:10.0.0.1`) is its IPv4 address.
    pub fn contains(&self, address: std::net::IpAddr) -> bool {
        let address = address.to_canonical();
        self.0.iter().any(|network| network.contains(&address))
    }
}

impl std::fmt::Display for Networks {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.0.is_empty() {
            return formatter.write_str("none");
        }
        let networks: Vec<String> = self.0.iter().map(ToString::to_string).collect();
        formatter.write_str(&networks.join(","))
    }
}

/// Format of the access log.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum AccessLog {
    /// The combined log format of Apache and nginx: `client - user [time] "request" status
    /// bytes "referer" "user-agent"`.
    Combined,
    /// One JSON object a line.
    Json,
    /// No access log.
    Off,
}

impl std::fmt::Display for AccessLog {
    /// The option's value: `combined`, `json` or `off`.
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let value = clap::ValueEnum::to_possible_value(self).map(|value| value.get_name().to_owned());
        formatter.write_str(value.as_deref().unwrap_or("?"))
    }
}

/// The data folder option, shared by `serve` and `index`.
#[derive(Debug, Clone, Args)]
pub struct DataArg {
    /// Folder to keep the search index in between runs, so a restart on unchanged seeds
    /// opens it instead of building it; created if missing, and safe to delete (it is a
    /// cache). One process writes to it at a time. Default: `newsreader/` in the user's
    /// cache folder (`$XDG_CACHE_HOME` or `~/.cache`), one folder per seeds folder.
    #[arg(long = "data", env = "NEWSREADER_DATA", value_name = "DIR")]
    pub folder: Option<PathBuf>,
}

/// Options of `index`.
#[derive(Debug, Clone, Args)]
pub struct IndexArgs {
    /// Where the seeds are.
    #[command(flatten)]
    pub seeds: SeedsArg,
    /// Where the index goes.
    #[command(flatten)]
    pub data: DataArg,
}

/// Options of `export`.
#[derive(Debug, Clone, Args)]
pub struct ExportArgs {
    /// Seeds, base path and public URL.
    #[command(flatten)]
    pub site: SiteArgs,
    /// Folder the site lives in: missing, empty or an earlier export (it holds a
    /// `.newsreader-export` file). The site is built beside it and swapped in whole.
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
    /// The command `args` (the program name first) ask for, with the variables of that
    /// command: `serve` when the first argument is an option or absent.
    ///
    /// # Errors
    /// clap's error for a bad option, value or variable, and for `--help` and `--version`
    /// (whose text the error prints); see [`clap::Error::use_stderr`].
    pub fn command_from<I, T>(args: I) -> Result<Command, clap::Error>
    where
        I: IntoIterator<Item = T>,
        T: Into<OsString>,
    {
        let mut args: Vec<OsString> = args.into_iter().map(Into::into).collect();
        let command = without_empty_variables(Cli::command());
        let first = args.get(1).map(|arg| arg.to_string_lossy().into_owned());
        let named = |name: &str| command.get_subcommands().any(|sub| sub.get_name() == name) || name == "help";
        let top_level = ["-h", "--help", "-V", "--version"];
        match first.as_deref() {
            Some(first) if named(first) || top_level.contains(&first) || !first.starts_with('-') => {}
            _ => args.insert(1.min(args.len()), OsString::from("serve")),
        }
        let matches = command.try_get_matches_from(args)?;
        Ok(Cli::from_arg_matches(&matches)?.command)
    }
}

/// The value of environment variable `name`, `None` when unset or empty.
pub fn variable(name: &str) -> Option<OsString> {
    std::env::var_os(name).filter(|value| !value.is_empty())
}

/// `command` and its subcommands without the environment variable of every option whose
/// variable is set to the empty string, so that such an option takes its default.
fn without_empty_variables(command: clap::Command) -> clap::Command {
    let empty = |name: &OsStr| std::env::var_os(name).is_some_and(|value| value.is_empty());
    command
        .mut_args(|arg| if arg.get_env().is_some_and(empty) { arg.env(None) } else { arg })
        .mut_subcommands(without_empty_variables)
}

/// A listening address: `unix:` and an absolute path, else [`parse_host_port`].
fn parse_bind(value: &str) -> Result<Bind, String> {
    match value.strip_prefix("unix:") {
        Some(path) if path.starts_with('/') => Ok(Bind::Unix(PathBuf::from(path))),
        Some(_) => Err(format!(
            "{value:?} is not unix:PATH with an absolute path, such as unix:/run/newsreader/newsreader.sock"
        )),
        None => parse_host_port(value).map(Bind::Tcp),
    }
}

/// A Unix socket's permissions in octal, at most `777`.
fn parse_socket_mode(value: &str) -> Result<u32, String> {
    u32::from_str_radix(value, 8)
        .ok()
        .filter(|mode| *mode <= 0o777)
        .ok_or_else(|| format!("{value:?} is not a file mode in octal, such as 660"))
}

/// Networks separated by commas: `10.0.0.0/8,::1` (a bare address is a network of one), or
/// `none`.
fn parse_networks(value: &str) -> Result<Networks, String> {
    if value.trim() == "none" {
        return Ok(Networks::default());
    }
    let network = |item: &str| {
        let item = item.trim();
        item.parse::<ipnet::IpNet>()
            .or_else(|_| item.parse::<std::net::IpAddr>().map(ipnet::IpNet::from))
            .map(|network| network.trunc())
            .map_err(|_| format!("{item:?} is not an IP network such as 10.0.0.0/8 or an address such as ::1"))
    };
    value.split(',').map(network).collect::<Result<_, _>>().map(Networks)
}

/// A header field name: an RFC 9110 §5.6.2 token, given back in lowercase.
fn parse_header_name(value: &str) -> Result<String, String> {
    let token = |c: char| c.is_ascii_alphanumeric() || "!#$%&'*+-.^_`|~".contains(c);
    if value.is_empty() || !value.chars().all(token) {
        return Err(format!("{value:?} is not a header name such as Remote-User"));
    }
    Ok(value.to_ascii_lowercase())
}

/// A listening address `HOST:PORT`: an IP address (`[::1]:3000` for IPv6) or a host name,
/// and a port number. The name is resolved when the server starts.
fn parse_host_port(value: &str) -> Result<String, String> {
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

/// A public URL: an absolute `http` or `https` URL (WHATWG URL Standard, read by the `url`
/// crate) with a host, no user name or password, no query, no fragment and a port from 1 to
/// 65535 when it names one. Given back as the crate writes it (host in lowercase, default
/// port left out), without a trailing slash.
fn parse_public_url(value: &str) -> Result<String, String> {
    let url = url::Url::parse(value)
        .map_err(|error| format!("not a URL ({error}); give one such as https://intranet.example/news"))?;
    let problem = if !matches!(url.scheme(), "http" | "https") {
        Some("a public URL starts with http:// or https://")
    } else if !url.username().is_empty() || url.password().is_some() {
        Some("a public URL must not hold a user name or password")
    } else if url.port() == Some(0) {
        Some("port 0 is no port a reader can reach")
    } else if url.query().is_some() {
        Some("a public URL must not hold a query (`?...`)")
    } else if url.fragment().is_some() {
        Some("a public URL must not hold a fragment (`#...`)")
    } else {
        None
    };
    match problem {
        Some(problem) => Err(problem.to_owned()),
        None => Ok(url.as_str().trim_end_matches('/').to_owned()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn serve_args(args: &[&str]) -> ServeArgs {
        match Cli::command_from(args).expect("parses") {
            Command::Serve(args) => args,
            Command::Export(_) | Command::Check(_) | Command::Index(_) => panic!("not serve"),
        }
    }

    #[test]
    fn serve_is_the_default() {
        let args = serve_args(&["newsreader", "--seeds", "x", "--bind", "127.0.0.1:9"]);
        assert_eq!(args.site.seeds.dir, PathBuf::from("x"));
        assert_eq!(args.bind, Bind::Tcp("127.0.0.1:9".to_owned()));
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
        let command =
            Cli::command_from(["newsreader", "export", "--out", "site", "--base-path", "/news"]).expect("parses");
        let Command::Export(args) = command else { panic!("not export") };
        assert_eq!(args.out, PathBuf::from("site"));
        assert_eq!(args.site.base_path, "/news");
        assert!(Cli::command_from(["newsreader", "export"]).is_err());
    }

    #[test]
    fn check_takes_a_seeds_folder() {
        let command = Cli::command_from(["newsreader", "check", "--seeds", "z"]).expect("parses");
        let Command::Check(args) = command else { panic!("not check") };
        assert_eq!(args.seeds.dir, PathBuf::from("z"));
        assert!(Cli::command_from(["newsreader", "check", "--bind", "127.0.0.1:9"]).is_err());
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
            assert!(Cli::command_from(["newsreader", option, "0"]).is_err(), "{option}");
        }
        for option in ["--request-timeout", "--header-timeout"] {
            assert!(Cli::command_from(["newsreader", option, "86400"]).is_ok(), "{option}");
            assert!(Cli::command_from(["newsreader", option, "18446744073709551615"]).is_err(), "{option}");
        }
    }

    #[test]
    fn bind_addresses_are_host_and_port() {
        for good in ["127.0.0.1:3000", "0.0.0.0:8080", "[::1]:3000", "[::]:80", "localhost:3000", "news.intranet:8080"]
        {
            assert_eq!(parse_bind(good), Ok(Bind::Tcp(good.to_owned())), "{good}");
        }
        for bad in ["localhost", "127.0.0.1", ":3000", "localhost:http", "localhost:70000", "::1:3000", "[x]:80"] {
            assert!(parse_bind(bad).is_err(), "{bad}");
        }
        assert_eq!(parse_bind("unix:/run/n.sock"), Ok(Bind::Unix(PathBuf::from("/run/n.sock"))));
        assert!(parse_bind("unix:run/n.sock").is_err());
    }

    #[test]
    fn proxies_and_metrics_readers_default_to_loopback() {
        let args = serve_args(&["newsreader"]);
        assert_eq!(args.trusted_proxy, Networks::loopback());
        assert_eq!(args.metrics_allow, Networks::loopback());
        assert_eq!(Networks::loopback().to_string(), "127.0.0.0/8,::1/128");
    }

    #[test]
    fn networks_are_cidr_lists() {
        let networks = parse_networks("10.0.0.0/8, 192.168.1.7,::1").expect("parses");
        assert_eq!(networks.to_string(), "10.0.0.0/8,192.168.1.7/32,::1/128");
        assert!(networks.contains("10.200.3.4".parse().expect("address")));
        assert!(networks.contains("::ffff:10.0.0.1".parse().expect("address")));
        assert!(!networks.contains("192.168.1.8".parse().expect("address")));
        assert_eq!(parse_networks("none"), Ok(Networks::default()));
        assert_eq!(parse_networks("10.1.2.3/8").expect("parses").to_string(), "10.0.0.0/8");
        for bad in ["", "10.0.0.0/33", "intranet", "10.0.0.0/8,"] {
            assert!(parse_networks(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn socket_modes_and_header_names_are_checked() {
        assert_eq!(parse_socket_mode("660"), Ok(0o660));
        assert_eq!(parse_socket_mode("0666"), Ok(0o666));
        assert!(parse_socket_mode("800").is_err());
        assert!(parse_socket_mode("1777").is_err());
        assert_eq!(parse_header_name("Remote-User"), Ok("remote-user".to_owned()));
        assert!(parse_header_name("Remote User").is_err());
    }

    #[test]
    fn public_urls_are_checked() {
        for (good, kept) in [
            ("https://intranet.example/news/", "https://intranet.example/news"),
            ("https://Intranet.Example:443/news", "https://intranet.example/news"),
            ("http://10.0.0.5:8080/", "http://10.0.0.5:8080"),
        ] {
            assert_eq!(parse_public_url(good), Ok(kept.to_owned()), "{good}");
        }
        for (bad, problem) in [
            ("https://user:pw@intranet.example/", "a public URL must not hold a user name or password"),
            ("https://user@intranet.example/", "a public URL must not hold a user name or password"),
            (
                "https://intranet.example:99999/",
                "not a URL (invalid port number); give one such as https://intranet.example/news",
            ),
            ("https://intranet.example:0/", "port 0 is no port a reader can reach"),
            ("https://intranet.example/?q=1", "a public URL must not hold a query (`?...`)"),
            ("https://intranet.example/?", "a public URL must not hold a query (`?...`)"),
            ("https://intranet.example/news#top", "a public URL must not hold a fragment (`#...`)"),
            ("ftp://intranet.example/", "a public URL starts with http:// or https://"),
            (
                "intranet.example/news",
                "not a URL (relative URL without a base); give one such as https://intranet.example/news",
            ),
            ("/news", "not a URL (relative URL without a base); give one such as https://intranet.example/news"),
        ] {
            assert_eq!(parse_public_url(bad), Err(problem.to_owned()), "{bad}");
        }
    }

    #[test]
    fn command_line_is_well_formed() {
        use clap::CommandFactory;
        Cli::command().debug_assert();
    }
}
