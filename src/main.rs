//! The `newsreader` binary: parse the command line, set up logging, run, exit.

use std::process::ExitCode;

use anyhow::Context;
use newsreader::config::{self, Bind, CheckArgs, Cli, Command, DataArg, ExportArgs, IndexArgs, ServeArgs, SiteArgs};
use newsreader::corpus::manifest::Manifest;
use newsreader::corpus::store::SeedStore;
use newsreader::corpus::{Corpus, report};
use newsreader::data::{DataError, DataFolder};
use newsreader::search::{Indexer, SearchIndex};
use newsreader::web::{self, Access, AppState, IndexPlace, Limits, Listener, Site, Snapshot};
use tracing_subscriber::filter::filter_fn;
use tracing_subscriber::prelude::*;

/// The allocator. mimalloc hands the memory a reload frees (the old snapshot's index and
/// pages) back to the system; glibc's malloc kept most of it in its per-thread arenas, so
/// every reload grew the server.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let command = match Cli::command_from(std::env::args_os()) {
        Ok(command) => command,
        Err(error) => {
            // `--help` and `--version` come this way too, to standard output.
            let _ = error.print();
            return if error.use_stderr() { ExitCode::from(config::EXIT_USAGE) } else { ExitCode::SUCCESS };
        }
    };
    init_tracing();
    match run(command) {
        Ok(code) => code,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::FAILURE
        }
    }
}

/// Logging to standard error, filtered by `NEWSREADER_LOG` (`info` when unset or empty; a
/// filter that does not parse is warned about, and `info` used).
fn init_tracing() {
    let given = config::variable(config::LOG_VARIABLE).map(|value| value.to_string_lossy().into_owned());
    let parsed = given.as_deref().map(tracing_subscriber::EnvFilter::try_new);
    let filter = match &parsed {
        Some(Ok(filter)) => filter.clone(),
        _ => tracing_subscriber::EnvFilter::new("info"),
    };
    let colour = std::io::IsTerminal::is_terminal(&std::io::stderr()) && std::env::var_os("NO_COLOR").is_none();
    // Access lines are written as they are (a standard format), without a timestamp or level
    // of the logger's; the filter holds them back too (`warn`, `newsreader::access=off`).
    let is_access = |metadata: &tracing::Metadata<'_>| metadata.target() == web::ACCESS_LOG_TARGET;
    let logs = tracing_subscriber::fmt::layer()
        .with_ansi(colour)
        .with_writer(std::io::stderr)
        .with_filter(filter.clone())
        .with_filter(filter_fn(move |metadata| !is_access(metadata)));
    let access = tracing_subscriber::fmt::layer()
        .without_time()
        .with_level(false)
        .with_target(false)
        .with_ansi(false)
        .with_writer(std::io::stderr)
        .with_filter(filter)
        .with_filter(filter_fn(is_access));
    tracing_subscriber::registry().with(logs).with(access).init();
    if let (Some(given), Some(Err(error))) = (given, parsed) {
        tracing::warn!("{} {given:?} is not a log filter ({error}); logging at info", config::LOG_VARIABLE);
    }
}

fn run(command: Command) -> anyhow::Result<ExitCode> {
    match command {
        Command::Serve(args) => serve(&args).map(|()| ExitCode::SUCCESS),
        Command::Export(args) => export(&args).map(|()| ExitCode::SUCCESS),
        Command::Check(args) => check(&args),
        Command::Index(args) => index(&args).map(|()| ExitCode::SUCCESS),
    }
}

/// Writes `text` to standard output. A reader that went away (`check | head`) ends the
/// output quietly: a closed pipe is no error of the report's.
fn report_out(text: &str) {
    use std::io::Write as _;
    let mut out = std::io::stdout().lock();
    if let Err(error) = out.write_all(text.as_bytes()).and_then(|()| out.flush())
        && error.kind() != std::io::ErrorKind::BrokenPipe
    {
        eprintln!("error: cannot write the report: {error}");
    }
}

/// `newsreader check`: the report on standard output, graded in the exit status.
fn check(args: &CheckArgs) -> anyhow::Result<ExitCode> {
    if let Some(file) = &args.explain {
        let bytes = std::fs::read(file).with_context(|| format!("cannot read {}", file.display()))?;
        let name =
            file.file_name().map_or_else(|| file.display().to_string(), |name| name.to_string_lossy().into_owned());
        return Ok(match newsreader::corpus::explain::explain(&name, bytes) {
            Ok(explained) => {
                report_out(&explained);
                ExitCode::SUCCESS
            }
            Err(skip) => {
                report_out(&format!("{}: skipped: {skip}\n", report::quoted(&name)));
                ExitCode::from(report::Status::Errors.exit_code())
            }
        });
    }
    let (_, reports) = Corpus::load(&args.seeds.dir)?;
    report_out(&report::render(&reports));
    Ok(ExitCode::from(report::Status::of(&reports).exit_code()))
}

/// `newsreader serve`: the sockets systemd passes are taken before any thread starts
/// (reading `LISTEN_FDS` unsets it), then the server runs.
fn serve(args: &ServeArgs) -> anyhow::Result<()> {
    let passed = web::passed()?;
    serve_on(args, passed)
}

#[tokio::main]
async fn serve_on(args: &ServeArgs, passed: Vec<web::Passed>) -> anyhow::Result<()> {
    log_configuration(args);
    // A taken port is told before any seed is read.
    let listeners = if passed.is_empty() {
        vec![Listener::bind(&args.bind, args.socket_mode).await?]
    } else {
        tracing::info!(sockets = passed.len(), "serving on the sockets systemd passed; --bind is not used");
        passed
            .into_iter()
            .map(Listener::from_passed)
            .collect::<Result<_, _>>()
            .context("cannot use a socket systemd passed")?
    };
    let metrics_listener = match &args.metrics_bind {
        Some(address) => Some(Listener::bind(&Bind::Tcp(address.clone()), args.socket_mode).await?),
        None => None,
    };
    // Held until the server ends: its lock keeps a second server from writing the same folder.
    let data = data_folder(args)?;
    let index_place = index_place(data.as_ref())?;
    // Articles the index holds already are read without keeping their text.
    let keeper = match &index_place {
        IndexPlace::Writes(indexer) => Some(indexer.keeper()),
        IndexPlace::Reads(dir) => SearchIndex::keeper_at(dir),
    };
    let manifest = manifest(data.as_ref(), &index_place, keeper.is_some());
    newsreader::systemd::status("reading the seed files");
    // The first files are served at once; the reload task reads the rest straight after.
    let store = SeedStore::open_first(&args.site.seeds.dir, keeper, manifest)?;
    let (corpus, reports) = store.corpus();
    let loading = !store.is_complete();
    if !loading {
        report::log(&reports);
    }
    let site = site(&args.site);
    let home = site.links.home();
    let page_budget = args.page_cache_mib.saturating_mul(1 << 20);
    let snapshot = Snapshot::new(corpus, &reports)
        .still_loading(loading)
        .with_page_budget(page_budget)
        .with_index_place(Some(index_place));
    drop(reports);
    let state = AppState::new(snapshot, site);
    let count = state.snapshot.load().corpus.articles().len();
    let more = if loading { " (reading the other seed files)" } else { "" };
    let urls: Vec<String> = listeners.iter().map(|listener| format!("{listener}{home}")).collect();
    println!("newsreader: serving {}{more} at {}", articles(count), urls.join(" and "));
    let limits = Limits { request_timeout: args.request_timeout(), max_concurrent: args.max_concurrent };
    let app = web::app(state.clone(), limits, access(args)?);
    let mut served: Vec<_> = listeners.into_iter().map(|listener| (listener, app.clone())).collect();
    if let Some(listener) = metrics_listener {
        println!("newsreader: metrics at {listener}{home}metrics");
        served.push((listener, web::metrics_app(state.clone())));
    }
    newsreader::systemd::ready(&newsreader::systemd::serving(count, loading));
    newsreader::systemd::spawn_watchdog();
    // After READY: the status the reload that reads the rest sends is the last one systemd sees.
    web::spawn_reloads(store, state, !args.no_watch);
    web::serve(served, args.header_timeout(), shutdown_signal()).await;
    Ok(())
}

/// The effective configuration of `serve` as one log line of `key=value` fields. Each field
/// is named here: nothing the options may come to hold is printed by accident.
fn log_configuration(args: &ServeArgs) {
    let none = || "none".to_owned();
    tracing::info!(
        seeds = ?args.site.seeds.dir,
        bind = %args.bind,
        socket_mode = %format!("{:o}", args.socket_mode),
        base_path = %if args.site.base_path.is_empty() { "/" } else { &args.site.base_path },
        public_url = %args.site.public_url.clone().unwrap_or_else(none),
        request_timeout_s = args.request_timeout,
        header_timeout_s = args.header_timeout,
        max_concurrent = args.max_concurrent,
        page_cache_mib = args.page_cache_mib,
        watch = !args.no_watch,
        data = ?args.data.folder.as_deref().unwrap_or(std::path::Path::new("default")),
        read_only = args.read_only,
        metrics_allow = %args.metrics_allow,
        metrics_bind = %args.metrics_bind.clone().unwrap_or_else(none),
        trusted_proxy = %args.trusted_proxy,
        auth_header = %args.auth_header.clone().unwrap_or_else(none),
        access_log = %args.access_log,
        noindex = args.noindex,
        "configuration"
    );
}

/// Who may see what, from the options of `serve`.
fn access(args: &ServeArgs) -> anyhow::Result<Access> {
    let auth_header = args
        .auth_header
        .as_deref()
        .map(axum::http::HeaderName::try_from)
        .transpose()
        .context("--auth-header is no header name")?;
    Ok(Access {
        trusted_proxies: args.trusted_proxy.clone(),
        metrics_allow: args.metrics_allow.clone(),
        metrics_elsewhere: args.metrics_bind.is_some(),
        auth_header,
        log: args.access_log,
        noindex: args.noindex,
    })
}

fn export(args: &ExportArgs) -> anyhow::Result<()> {
    let store = SeedStore::open(&args.site.seeds.dir)?;
    let (corpus, reports) = store.corpus();
    report::log(&reports);
    let site = site(&args.site);
    if args.site.public_url.is_none() {
        // A static copy has no request to take a host from.
        tracing::warn!(
            "no --public-url: the exported feeds, OpenSearch description and link previews hold \
             relative links, which feed readers and browsers cannot follow"
        );
    }
    let summary = newsreader::export::export(&corpus, &site, &args.out)?;
    println!(
        "newsreader: exported {} to {} ({} files: {} written, {} unchanged, {} removed, {} bytes)",
        articles(corpus.articles().len()),
        args.out.display(),
        summary.files,
        summary.written,
        summary.unchanged,
        summary.removed,
        summary.bytes
    );
    Ok(())
}

/// The data folder `serve` keeps its index in: `--data`, else the default one for the seeds
/// folder; opened read-only with `--read-only`. `None` (logged) when the default one cannot
/// be used or another server holds either: the index is built in memory then.
///
/// # Errors
/// When the folder given with `--data` cannot be created or written, or, read-only, was
/// never written.
fn data_folder(args: &ServeArgs) -> anyhow::Result<Option<DataFolder>> {
    let seeds = &args.site.seeds.dir;
    let Some(dir) = data_dir(&args.data, seeds) else {
        tracing::warn!("no data folder (no --data, and no cache folder): the search index is built in memory");
        return Ok(None);
    };
    if args.read_only {
        tracing::info!(dir = %dir.display(), "data folder, read-only");
        return Ok(Some(DataFolder::open_read_only(&dir)?));
    }
    match DataFolder::open(&dir, seeds) {
        Ok(folder) => {
            tracing::info!(dir = %dir.display(), "data folder");
            Ok(Some(folder))
        }
        Err(error @ DataError::Unusable { .. }) if args.data.folder.is_some() => Err(error.into()),
        Err(error) => {
            tracing::warn!(%error, "the search index is built in memory");
            Ok(None)
        }
    }
}

/// Where the server's search index comes from: written in the data folder when this process
/// holds it, read from it when it is read-only, else written in memory.
fn index_place(data: Option<&DataFolder>) -> anyhow::Result<IndexPlace> {
    let indexer = match data {
        Some(data) if !data.is_writable() => return Ok(IndexPlace::Reads(std::sync::Arc::from(data.index_dir()))),
        Some(data) => match Indexer::open(&data.index_dir()) {
            Ok(indexer) => indexer,
            Err(error) => {
                tracing::error!(%error, "the search index cannot be kept in the data folder: it is built in memory");
                Indexer::in_memory()?
            }
        },
        None => Indexer::in_memory()?,
    };
    Ok(IndexPlace::Writes(std::sync::Arc::new(indexer)))
}

/// The seed manifest of the data folder: written when this process writes its index there,
/// read by a replica that could open the index (`kept`).
fn manifest(data: Option<&DataFolder>, place: &IndexPlace, kept: bool) -> Option<Manifest> {
    match (data, place) {
        (Some(data), IndexPlace::Writes(indexer)) if indexer.is_on_disk() => Some(Manifest::at(&data.manifest_dir())),
        (Some(data), IndexPlace::Reads(_)) if kept => Some(Manifest::read_only(&data.manifest_dir())),
        _ => None,
    }
}

/// `--data`, else the default data folder of `seeds`.
fn data_dir(data: &DataArg, seeds: &std::path::Path) -> Option<std::path::PathBuf> {
    data.folder.clone().or_else(|| newsreader::data::default_dir(seeds))
}

/// `newsreader index`: the data folder's index brought up to date for the seeds, or an
/// error when another process writes the folder.
fn index(args: &IndexArgs) -> anyhow::Result<()> {
    let seeds = &args.seeds.dir;
    let dir = data_dir(&args.data, seeds).context("no data folder: give one with --data (there is no cache folder)")?;
    let folder = DataFolder::open(&dir, seeds)?;
    let indexer = Indexer::open_checked(&folder.index_dir())?;
    let store = SeedStore::open_kept(seeds, indexer.keeper(), Some(Manifest::at(&folder.manifest_dir())))?;
    let (corpus, reports) = store.corpus();
    report::log(&reports);
    let (_, change) = indexer.update(&corpus, 0)?;
    store.record().context("cannot write the seed manifest")?;
    let what = if change.before == 0 {
        "built".to_owned()
    } else if change.is_none() {
        "already up to date".to_owned()
    } else {
        format!("updated: {} added, {} removed", articles(change.added), articles(change.removed))
    };
    println!("newsreader: index of {} in {}: {what}", articles(corpus.articles().len()), dir.display());
    Ok(())
}

/// `1 article`, `2 articles`.
fn articles(count: usize) -> String {
    format!("{count} {}", if count == 1 { "article" } else { "articles" })
}

fn site(args: &SiteArgs) -> Site {
    if let Some(public) = &args.public_url
        && let Some(path) = public_url_path(public)
        && path != args.base_path
    {
        tracing::warn!(
            public_url = %public,
            base_path = %args.base_path,
            "the public URL's path is not the base path; absolute links (feeds, previews) use the public URL as given"
        );
    }
    Site::new(&args.base_path).with_public_url(args.public_url.as_deref().unwrap_or(""))
}

/// The path of a public URL (`https://intranet.example/news` -> `/news`, the bare origin ->
/// empty), as `--base-path` spells it.
fn public_url_path(url: &str) -> Option<String> {
    let url = url::Url::parse(url).ok()?;
    Some(url.path().trim_end_matches('/').to_owned())
}

async fn shutdown_signal() {
    let interrupt = tokio::signal::ctrl_c();
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(error) => {
                tracing::warn!(%error, "cannot listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = interrupt => {},
        () = terminate => {},
    }
    newsreader::systemd::stopping();
    tracing::info!("shutting down: finishing open requests");
}
