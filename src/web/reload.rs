//! Hot reload: watches the seeds folder (notify, debounced) and listens for SIGHUP; each
//! change builds a new snapshot off the async threads and swaps it in whole (arc-swap), so
//! no request ever sees half a reload. Only the files that changed are read again. Its
//! search index is built after the swap, without holding up the next reload; until then
//! searches are answered by the previous snapshot, from its own corpus and index.

use std::path::Path;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use notify_debouncer_mini::notify::RecursiveMode;
use tokio::sync::mpsc;

use super::state::{AppState, Snapshot};
use crate::corpus::store::{SETTLE_TIME, SeedStore};

/// Quiet time the watcher waits for after the last file event before reloading.
pub const DEBOUNCE: Duration = Duration::from_millis(250);

/// Why a reload was asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Trigger {
    /// The folder changed.
    Files,
    /// SIGHUP.
    Forced,
    /// Another look at a file that was still being written.
    Retry,
    /// Reading the seed files [`SeedStore::open_first`] left for later.
    Startup,
}

/// Keeps `state`'s snapshot in step with `store`'s folder until the process ends.
///
/// The watcher and the SIGHUP handler are in place when this returns; the reloads run on a
/// spawned task; the first one reads the files a store from [`SeedStore::open_first`] left
/// for later. `watch_files` false leaves only SIGHUP. Errors (the folder vanishing, a
/// watcher that cannot start) are logged; the last snapshot keeps being served.
pub fn spawn(store: SeedStore, state: AppState, watch_files: bool) {
    let (sender, mut triggers) = mpsc::channel::<Trigger>(16);
    let watcher = if watch_files { start_watcher(store.dir(), sender.clone()) } else { None };
    spawn_sighup(sender.clone());
    if !store.is_complete() {
        let _ = sender.try_send(Trigger::Startup);
    }
    let store = Arc::new(Mutex::new(store));
    tokio::spawn(async move {
        let _watcher = watcher;
        while let Some(trigger) = triggers.recv().await {
            while triggers.try_recv().is_ok() {}
            if reload(store.clone(), &state, trigger).await {
                let retry = sender.clone();
                tokio::spawn(async move {
                    tokio::time::sleep(SETTLE_TIME).await;
                    let _ = retry.send(Trigger::Retry).await;
                });
            }
        }
    });
}

/// One reload; whether a file still being written needs a retry.
async fn reload(store: Arc<Mutex<SeedStore>>, state: &AppState, trigger: Trigger) -> bool {
    let started = std::time::Instant::now();
    let work = tokio::task::spawn_blocking(move || {
        let mut store = store.lock().unwrap_or_else(PoisonError::into_inner);
        let changes = store.refresh()?;
        // Files that failed keep their last good version: only updates and removals change
        // the corpus.
        let built = changes.any().then(|| (store.corpus(), !store.is_complete()));
        Ok::<_, crate::corpus::Error>((changes, built))
    });
    let (changes, built) = match work.await {
        Ok(Ok(done)) => done,
        Ok(Err(error)) => {
            tracing::error!(%error, "reload failed; keeping the current articles");
            state.metrics.count_reload_errors(1);
            return false;
        }
        Err(error) => {
            tracing::error!(%error, "reload task failed; keeping the current articles");
            state.metrics.count_reload_errors(1);
            return false;
        }
    };
    for (file, warning) in &changes.warnings {
        tracing::warn!(%file, %warning, "seed file warning");
    }
    for (file, reason) in &changes.failed {
        tracing::warn!(%file, %reason, "seed file not reloaded");
    }
    state.metrics.count_reload_errors(changes.failed.len());
    if let Some(((corpus, reports), loading)) = built {
        let snapshot =
            Arc::new(Snapshot::succeeding(corpus, &reports, &state.snapshot.load_full()).still_loading(loading));
        state.metrics.observe_snapshot(&snapshot);
        if trigger == Trigger::Startup {
            // What `serve` logs when it reads the whole folder before answering.
            crate::corpus::report::log(&reports);
        }
        state.metrics.count_reload();
        tracing::info!(
            ?trigger,
            elapsed_ms = started.elapsed().as_millis(),
            updated = %names(&changes.updated),
            removed = %names(&changes.removed),
            articles = snapshot.corpus.articles().len(),
            "seeds reloaded"
        );
        state.snapshot.store(snapshot.clone());
        // Searches go to the previous snapshot until the new index is built. The next reload
        // does not wait for the build; a snapshot replaced before its build starts skips it.
        let current = state.snapshot.clone();
        let build = tokio::task::spawn_blocking(move || {
            if Arc::ptr_eq(&current.load(), &snapshot) {
                snapshot.build_search();
            }
        });
        tokio::spawn(async move {
            if let Err(error) = build.await {
                tracing::error!(%error, "search index build failed; searches keep the previous index");
            }
        });
    }
    !changes.unsettled.is_empty()
}

/// File names for a log line: all of a few, the first five of many (`a.txt, b.txt and 998
/// more`), `-` for none.
fn names(files: &[String]) -> String {
    const SHOWN: usize = 5;
    match files.len() {
        0 => "-".to_owned(),
        count if count <= SHOWN => files.join(", "),
        count => format!("{} and {} more", files[..SHOWN].join(", "), count - SHOWN),
    }
}

/// Starts the debounced folder watcher; `None` (logged) when the OS refuses.
fn start_watcher(
    dir: &Path,
    sender: mpsc::Sender<Trigger>,
) -> Option<notify_debouncer_mini::Debouncer<notify_debouncer_mini::notify::RecommendedWatcher>> {
    let handler = move |events: notify_debouncer_mini::DebounceEventResult| match events {
        Ok(_) => {
            let _ = sender.blocking_send(Trigger::Files);
        }
        Err(error) => tracing::warn!(%error, "seeds watcher error"),
    };
    let mut debouncer = match notify_debouncer_mini::new_debouncer(DEBOUNCE, handler) {
        Ok(debouncer) => debouncer,
        Err(error) => {
            tracing::warn!(%error, "cannot watch the seeds folder; SIGHUP still reloads");
            return None;
        }
    };
    if let Err(error) = debouncer.watcher().watch(dir, RecursiveMode::NonRecursive) {
        tracing::warn!(%error, dir = %dir.display(), "cannot watch the seeds folder; SIGHUP still reloads");
        return None;
    }
    Some(debouncer)
}

/// Sends a forced reload on every SIGHUP; the handler is installed before this returns.
fn spawn_sighup(sender: mpsc::Sender<Trigger>) {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        let mut hangups = match signal(SignalKind::hangup()) {
            Ok(hangups) => hangups,
            Err(error) => {
                tracing::warn!(%error, "cannot listen for SIGHUP");
                return;
            }
        };
        tokio::spawn(async move {
            while hangups.recv().await.is_some() {
                tracing::info!("SIGHUP: reloading seeds");
                if sender.send(Trigger::Forced).await.is_err() {
                    return;
                }
            }
        });
    }
    #[cfg(not(unix))]
    drop(sender);
}
