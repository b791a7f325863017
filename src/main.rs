//! The `newsreader` binary: parse the command line, set up logging, run, exit.

use std::process::ExitCode;

use anyhow::Context;
use clap::Parser;
use newsreader::config::{CheckArgs, Cli, Command, ServeArgs};
use newsreader::corpus::{Corpus, FileReport, report};
use newsreader::web::{self, AppState, Site};

fn main() -> ExitCode {
    let cli = Cli::parse();
    init_tracing();
    match run(cli) {
        Ok(code) => code,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::FAILURE
        }
    }
}

fn init_tracing() {
    let filter = tracing_subscriber::EnvFilter::try_from_env("NEWSREADER_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let colour = std::io::IsTerminal::is_terminal(&std::io::stderr()) && std::env::var_os("NO_COLOR").is_none();
    tracing_subscriber::fmt().with_env_filter(filter).with_ansi(colour).with_writer(std::io::stderr).init();
}

fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.into_command() {
        Command::Serve(args) => serve(&args).map(|()| ExitCode::SUCCESS),
        Command::Check(args) => check(&args),
    }
}

/// `newsreader check`: the report on standard output, graded in the exit status.
fn check(args: &CheckArgs) -> anyhow::Result<ExitCode> {
    let (_, reports) = Corpus::load(&args.seeds.dir)?;
    print!("{}", report::render(&reports));
    Ok(ExitCode::from(report::Status::of(&reports).exit_code()))
}

#[tokio::main]
async fn serve(args: &ServeArgs) -> anyhow::Result<()> {
    let (corpus, reports) = Corpus::load(&args.seeds.dir)?;
    log_reports(&reports);
    let listener =
        tokio::net::TcpListener::bind(args.bind).await.with_context(|| format!("cannot listen on {}", args.bind))?;
    let address = listener.local_addr().context("listening socket has no address")?;
    let count = corpus.articles().len();
    let state = AppState { corpus: corpus.into(), site: Site::new("").into() };
    println!("newsreader: serving {count} articles at http://{address}/");
    axum::serve(listener, web::router(state)).with_graceful_shutdown(shutdown_signal()).await.context("server failed")
}

/// Logs what `newsreader check` prints: a line per file (removed lines at debug level),
/// its warnings, then the summary.
fn log_reports(reports: &[FileReport]) {
    for report in reports {
        if let Some(reason) = &report.skipped {
            tracing::warn!(file = %report.file, %reason, "seed file skipped");
        } else {
            tracing::info!(file = %report.file, articles = report.articles, removed = report.removed.len(), "seed file read");
        }
        for removed in &report.removed {
            tracing::debug!(file = %report.file, line = removed.line, reason = %removed.reason, "line removed");
        }
        for warning in &report.warnings {
            tracing::warn!(file = %report.file, line = warning.line, warning = %warning.message, "seed file warning");
        }
    }
    tracing::info!(summary = %report::summary(reports), "seeds checked");
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
    tracing::info!("shutting down");
}
