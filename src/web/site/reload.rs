//! Hot reload: watches the seeds folder (notify, debounced) and listens for SIGHUP; each
//! change builds a new snapshot off the async threads and swaps it in whole (arc-swap), so
//! no request ever sees half a reload. The folder's parent is watched too, so a folder
//! replaced whole (moved aside and a new one moved in, deleted and created again, or a
//! symlink pointed elsewhere) is watched again and read. Only the files that changed are
//! read again. Its search index is built after the swap, without holding up the next reload; until then
//! searches are answered by the previous snapshot, from its own corpus and index.

use std::path::Path;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use notify_debouncer_mini::notify::RecursiveMode;
use tokio::sync::mpsc;

use super::state::{AppState, Snapshot};
use crate::corpus::report::quoted;
use crate::corpus::store::{Changes, SETTLE_TIME, SeedStore};
use crate::corpus::{Corpus, FileReport};

/// Quiet time the watcher waits for after the last file event before reloading.
const DEBOUNCE: Duration = Duration::from_millis(250);

/// Why a reload was asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Trigger {
    /// A file in the folder changed.
    Files,
    /// The folder itself was created, removed, renamed or re-pointed (a symlink): it is
    /// watched again before it is read. Events for the folder that leave it the same folder
    /// are dropped ([`identity`]).
    Folder,
    /// [`Trigger::Folder`] and [`Trigger::Files`] from one batch of events: the files are
    /// read even when the folder is the same folder.
    FolderAndFiles,
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
    let dir = std::path::absolute(store.dir()).unwrap_or_else(|_| store.dir().to_owned());
    let mut watcher = if watch_files { start_watcher(&dir, sender.clone()) } else { None };
    spawn_sighup(sender.clone());
    state.metrics.set_seed_files_skipped(store.skipped_files());
    if !store.is_complete() {
        let _ = sender.try_send(Trigger::Startup);
    }
    let complete = store.is_complete();
    let store = Arc::new(Mutex::new(store));
    if complete {
        index(state.snapshot.load_full(), &state, &store);
    }
    let mut held = HeldBack::default();
    // The last reload error logged: the same error again (an emptied folder seen by two
    // reloads) is not logged twice in a row.
    let mut reported: Option<String> = None;
    let mut folder = identity(&dir);
    tokio::spawn(async move {
        while let Some(first) = triggers.recv().await {
            // Triggers that queued up meanwhile are served by this one reload.
            let mut queued = vec![first];
            while let Ok(trigger) = triggers.try_recv() {
                queued.push(trigger);
            }
            let folder_event = |trigger: &Trigger| matches!(trigger, Trigger::Folder | Trigger::FolderAndFiles);
            let files_too = queued.contains(&Trigger::FolderAndFiles);
            let other = queued.iter().copied().find(|trigger| !folder_event(trigger));
            let other = other.or(files_too.then_some(Trigger::Files));
            let mut trigger = other.unwrap_or(Trigger::Folder);
            if queued.iter().any(folder_event) {
                // Only a folder that is another one now (or gone, or back) is watched again
                // and read: reading the folder is itself an event its parent reports.
                let now = identity(&dir);
                if now != folder {
                    folder = now;
                    trigger = Trigger::Folder;
                    if let Some(watcher) = watcher.as_mut() {
                        watch_again(watcher, &dir);
                    }
                } else if other.is_none() {
                    continue;
                }
            }
            if reload(store.clone(), &state, trigger, &mut held, &mut reported).await {
                let retry = sender.clone();
                tokio::spawn(async move {
                    tokio::time::sleep(SETTLE_TIME).await;
                    let _ = retry.send(Trigger::Retry).await;
                });
            }
        }
    });
}

/// Longest time changes are held back while files are still being written (see
/// [`HeldBack`]); past it they are served with what is readable, so a file written without
/// pause cannot hold up every other change.
const HOLD_LIMIT: Duration = Duration::from_secs(2);

/// Changes read from the folder but not served yet, because other files were still being
/// written: a folder swapped in whole, its files just copied, would otherwise be served
/// empty (the old files gone, the new ones not read yet) until the retry reads them.
#[derive(Debug, Default)]
struct HeldBack {
    /// When changes were first held back; `None` when nothing is held.
    since: Option<std::time::Instant>,
    /// Files updated by the held changes, for the reload line that serves them.
    updated: Vec<String>,
    /// Files removed by the held changes.
    removed: Vec<String>,
}

impl HeldBack {
    /// Holds `changes` back too, from `now` when nothing was held.
    fn hold(&mut self, changes: &Changes, now: std::time::Instant) {
        self.since.get_or_insert(now);
        add_names(&mut self.updated, &changes.updated);
        add_names(&mut self.removed, &changes.removed);
    }

    /// Lets go of the held changes: the files updated and removed by them and by `changes`.
    fn release(&mut self, changes: &Changes) -> (Vec<String>, Vec<String>) {
        let mut released = std::mem::take(self);
        add_names(&mut released.updated, &changes.updated);
        add_names(&mut released.removed, &changes.removed);
        (released.updated, released.removed)
    }
}

/// Adds to `names` those of `more` it does not hold yet.
fn add_names(names: &mut Vec<String>, more: &[String]) {
    for name in more {
        if !names.contains(name) {
            names.push(name.clone());
        }
    }
}

/// What one reading of the seeds folder found, off the async threads.
struct Read {
    changes: Changes,
    /// The new corpus (with its reports) and whether it is still loading, when it is to be
    /// served now.
    built: Option<((Corpus, Vec<FileReport>), bool)>,
    /// Whether the changes are held back until the files being written settle.
    hold: bool,
    skipped_files: usize,
}

/// One reload; whether a file still being written needs a retry. An error the same as the
/// one in `reported` (the last logged) is neither logged nor counted again; a reload that works clears it.
async fn reload(
    store: Arc<Mutex<SeedStore>>,
    state: &AppState,
    trigger: Trigger,
    held: &mut HeldBack,
    reported: &mut Option<String>,
) -> bool {
    let started = std::time::Instant::now();
    let was_loading = state.snapshot.load().loading;
    let may_hold = !was_loading && held.since.is_none_or(|since| since.elapsed() < HOLD_LIMIT);
    let (owed, removing) = (held.since.is_some(), !held.removed.is_empty());
    let reading = store.clone();
    let work = tokio::task::spawn_blocking(move || {
        let mut store = reading.lock().unwrap_or_else(PoisonError::into_inner);
        read(&mut store, trigger, was_loading, may_hold, owed, removing)
    });
    let read = match work.await {
        Ok(Ok(read)) => read,
        Ok(Err(error)) => {
            report_failure(&error, state, reported);
            return false;
        }
        Err(error) => {
            tracing::error!(%error, "reload task failed; keeping the current articles");
            state.metrics.count_reload_errors(1);
            return false;
        }
    };
    *reported = None;
    log_files(&read, state, was_loading);
    if read.hold {
        log_held(held, &read.changes, trigger, started);
    }
    if let Some(((corpus, reports), loading)) = read.built {
        let (mut updated, removed) = held.release(&read.changes);
        // Files taken from the seed manifest were neither read nor changed: counted, not named.
        let unread: std::collections::HashSet<&str> = read.changes.unread.iter().map(String::as_str).collect();
        updated.retain(|name| !unread.contains(name.as_str()));
        let snapshot = publish(state, corpus, &reports, loading);
        tracing::info!(
            ?trigger,
            elapsed_ms = started.elapsed().as_millis(),
            updated = %names(&updated),
            removed = %names(&removed),
            articles = snapshot.corpus.articles().len(),
            unread = read.changes.unread.len(),
            "seeds reloaded"
        );
        index(snapshot, state, &store);
    }
    !read.changes.unsettled.is_empty()
}

/// Reads what changed in `store`'s folder (every file again for a forced reload or another
/// folder), and builds the corpus to serve when something changed and the changes are not
/// held back (see [`HeldBack`]: only when `may_hold`; `owed` when changes are held already,
/// `removing` when they remove files).
///
/// # Errors
/// When the seeds folder cannot be listed.
fn read(
    store: &mut SeedStore,
    trigger: Trigger,
    was_loading: bool,
    may_hold: bool,
    owed: bool,
    removing: bool,
) -> Result<Read, crate::corpus::Error> {
    let every = matches!(trigger, Trigger::Forced | Trigger::Folder);
    let changes = if every { store.refresh_all()? } else { store.refresh()? };
    // Loading lasts until every file found at start-up is read, the ones still being
    // written then included.
    let loading = !store.is_complete() || (was_loading && !changes.unsettled.is_empty());
    // Files that failed keep their last good version: only updates and removals change
    // the corpus, and the end of loading (even when the last files left all failed).
    let changed = changes.any() || owed || (was_loading && !loading);
    let hold = changed && may_hold && changes.wait_for_unsettled(removing);
    let built = (changed && !hold).then(|| (store.corpus(), loading));
    Ok(Read { changes, built, hold, skipped_files: store.skipped_files() })
}

/// Logs and counts a reload that failed; the same error as the one in `reported` again is
/// logged at debug level and not counted.
fn report_failure(error: &crate::corpus::Error, state: &AppState, reported: &mut Option<String>) {
    let text = error.to_string();
    if reported.as_deref() == Some(text.as_str()) {
        tracing::debug!(%error, "reload failed again; keeping the current articles");
    } else {
        tracing::error!(%error, "reload failed; keeping the current articles");
        state.metrics.count_reload_errors(1);
        *reported = Some(text);
    }
}

/// Logs the files `read` warned about, failed on and skipped, and counts the new problems.
/// While loading, warnings and skipped files are logged with the reports once the whole
/// folder is read ([`crate::corpus::report::log`]).
fn log_files(read: &Read, state: &AppState, was_loading: bool) {
    let changes = &read.changes;
    if !was_loading {
        for (file, warning) in &changes.warnings {
            tracing::warn!(file = %quoted(file), %warning, "seed file warning");
        }
    }
    for (file, reason) in &changes.failed {
        tracing::warn!(file = %quoted(file), %reason, "seed file not reloaded");
    }
    // Files read again (SIGHUP) are logged again, but counted once, when they broke.
    state.metrics.count_reload_errors(changes.new_problems(&changes.failed));
    if !was_loading {
        for (file, reason) in &changes.skipped {
            tracing::warn!(file = %quoted(file), %reason, "seed file skipped");
        }
        state.metrics.count_reload_errors(changes.new_problems(&changes.skipped));
    }
    state.metrics.set_seed_files_skipped(read.skipped_files);
}

/// Holds `changes` back in `held`: one info line when changes start being held, the retries
/// that keep holding them at debug level.
fn log_held(held: &mut HeldBack, changes: &Changes, trigger: Trigger, started: std::time::Instant) {
    let first = held.since.is_none();
    held.hold(changes, started);
    let (updated, removed, unsettled) = (names(&held.updated), names(&held.removed), names(&changes.unsettled));
    if first {
        tracing::info!(?trigger, %updated, %removed, %unsettled, "seeds changes held back until the files being written settle");
    } else {
        tracing::debug!(?trigger, %updated, %removed, %unsettled, "seeds changes still held back");
    }
}

/// Serves `corpus` (with `reports`; `loading` while files found at start-up are unread) as the
/// new snapshot: its metrics, systemd's status, and the reports logged when the whole folder
/// is read at last (as `serve` logs them when it reads the whole folder before answering).
fn publish(state: &AppState, corpus: Corpus, reports: &[FileReport], loading: bool) -> Arc<Snapshot> {
    let previous = state.snapshot.load_full();
    let snapshot = Arc::new(Snapshot::succeeding(corpus, reports, &previous).still_loading(loading));
    state.metrics.observe_corpus(snapshot.corpus.articles().len(), snapshot.removed_lines);
    if previous.loading && !loading {
        crate::corpus::report::log(reports);
    }
    state.metrics.count_reload();
    crate::systemd::status(&crate::systemd::serving(snapshot.corpus.articles().len(), loading));
    state.snapshot.store(snapshot.clone());
    snapshot
}

/// Builds `snapshot`'s search index off the async threads, then records the files read in the
/// seed manifest ([`SeedStore::record`]). Searches go to the previous snapshot until the new
/// index is built. The next reload does not wait for the build; a snapshot replaced before its
/// build starts skips it.
fn index(snapshot: Arc<Snapshot>, state: &AppState, store: &Arc<Mutex<SeedStore>>) {
    let current = state.snapshot.clone();
    let store = store.clone();
    let build = tokio::task::spawn_blocking(move || {
        if !Arc::ptr_eq(&current.load(), &snapshot) {
            return;
        }
        snapshot.build_search();
        let store = store.lock().unwrap_or_else(PoisonError::into_inner);
        match store.record() {
            Ok(0) => {}
            Ok(shards) => tracing::info!(shards, "seed manifest written"),
            Err(error) => {
                tracing::warn!(%error, "the seed manifest cannot be written: the next start reads every seed file")
            }
        }
    });
    tokio::spawn(async move {
        if let Err(error) = build.await {
            tracing::error!(%error, "search index build failed; searches keep the previous index");
        }
    });
}

/// File names for a log line, each [`quoted`] when it must be: all of a few, the first five
/// of many (`a.txt, b.txt and 998 more`), `-` for none.
fn names(files: &[String]) -> String {
    const SHOWN: usize = 5;
    let shown = |files: &[String]| files.iter().map(|file| quoted(file)).collect::<Vec<_>>().join(", ");
    match files.len() {
        0 => "-".to_owned(),
        count if count <= SHOWN => shown(files),
        count => format!("{} and {} more", shown(&files[..SHOWN]), count - SHOWN),
    }
}

/// The debounced watcher of the seeds folder and its parent.
type Watcher = notify_debouncer_mini::Debouncer<notify_debouncer_mini::notify::RecommendedWatcher>;

/// The trigger one debounced batch of events sends: [`Trigger::Folder`] when it holds an
/// event for `folder` itself (seen from its parent), [`Trigger::Files`] when it holds one for
/// an entry in `folder` or in its folders, [`Trigger::FolderAndFiles`] when it holds both. Events for other
/// entries of the parent send nothing.
///
/// A batch often holds both: reading the folder is an event for the folder, and a reload
/// reads it, so a file written soon after a reload lands in the same batch. A folder event
/// that leaves the folder the same is dropped, but the file's change must still be read; one
/// trigger for both makes one reload, not two.
fn batch_trigger(folder: &Path, events: &[notify_debouncer_mini::DebouncedEvent]) -> Option<Trigger> {
    let folder_event = events.iter().any(|event| event.path == folder);
    let file_event =
        events.iter().any(|event| event.path != folder && crate::corpus::folder::is_looked_at(folder, &event.path));
    match (folder_event, file_event) {
        (true, true) => Some(Trigger::FolderAndFiles),
        (true, false) => Some(Trigger::Folder),
        (false, true) => Some(Trigger::Files),
        (false, false) => None,
    }
}

/// Starts the debounced watcher of `dir` (absolute) with its folders, and of its parent; `None` (logged) when
/// the OS refuses to watch `dir`. Each batch of events sends its [`batch_trigger`].
fn start_watcher(dir: &Path, sender: mpsc::Sender<Trigger>) -> Option<Watcher> {
    let folder = dir.to_owned();
    let handler = move |events: notify_debouncer_mini::DebounceEventResult| match events {
        Ok(events) => {
            if let Some(trigger) = batch_trigger(&folder, &events) {
                let _ = sender.blocking_send(trigger);
            }
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
    if let Err(error) = debouncer.watcher().watch(dir, RecursiveMode::Recursive) {
        tracing::warn!(%error, dir = %dir.display(), "cannot watch the seeds folder; SIGHUP still reloads");
        return None;
    }
    if let Some(parent) = dir.parent()
        && let Err(error) = debouncer.watcher().watch(parent, RecursiveMode::NonRecursive)
    {
        tracing::warn!(
            %error,
            dir = %parent.display(),
            "cannot watch the seeds folder's parent; a replaced seeds folder needs SIGHUP"
        );
    }
    Some(debouncer)
}

/// What `dir` names now: the device, inode and creation time of the folder (through a
/// symlink), `None` when it is missing; a folder deleted and made again differs even when it
/// gets the same inode (where the file system records creation times). An event for the
/// folder that leaves this unchanged (the folder opened or read, a file added) calls for no
/// reload of the whole folder.
fn identity(dir: &Path) -> Option<(u64, u64, Option<std::time::SystemTime>)> {
    let metadata = std::fs::metadata(dir).ok()?;
    let created = metadata.created().ok();
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        Some((metadata.dev(), metadata.ino(), created))
    }
    #[cfg(not(unix))]
    {
        Some((0, 0, created))
    }
}

/// Watches `dir` anew after it was replaced: the old watch followed the old folder (moved
/// aside or deleted), or the target a symlink no longer names. A folder that is not there
/// (yet) is watched once it appears, as its parent reports that.
fn watch_again(watcher: &mut Watcher, dir: &Path) {
    let _ = watcher.watcher().unwatch(dir);
    if let Err(error) = watcher.watcher().watch(dir, RecursiveMode::Recursive) {
        tracing::warn!(%error, dir = %dir.display(), "seeds folder not watched until it is back");
    }
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

#[cfg(test)]
mod tests {
    use super::*;
    use notify_debouncer_mini::{DebouncedEvent, DebouncedEventKind};

    fn events(paths: &[&str]) -> Vec<DebouncedEvent> {
        paths.iter().map(|path| DebouncedEvent::new(path.into(), DebouncedEventKind::Any)).collect()
    }

    #[test]
    fn a_file_changed_in_the_batch_of_a_folder_event_still_reloads_the_files() {
        let folder = Path::new("/srv/seeds");
        assert_eq!(batch_trigger(folder, &events(&["/srv/seeds", "/srv/seeds/b.txt"])), Some(Trigger::FolderAndFiles));
        assert_eq!(batch_trigger(folder, &events(&["/srv/seeds/b.txt", "/srv/seeds"])), Some(Trigger::FolderAndFiles));
    }

    #[test]
    fn reload_lines_quote_names_holding_control_characters() {
        let files: Vec<String> = ["a\nb.txt", "c.txt"].map(str::to_owned).into();
        assert_eq!(names(&files), "\"a\\nb.txt\", c.txt");
        let many: Vec<String> = (0..7).map(|n| format!("{n}.txt")).collect();
        assert_eq!(names(&many), "0.txt, 1.txt, 2.txt, 3.txt, 4.txt and 2 more");
    }

    #[test]
    fn folder_file_and_other_events_send_one_trigger_a_batch() {
        let folder = Path::new("/srv/seeds");
        assert_eq!(batch_trigger(folder, &events(&["/srv/seeds"])), Some(Trigger::Folder));
        assert_eq!(batch_trigger(folder, &events(&["/srv/seeds/a.txt", "/srv/seeds/b.txt"])), Some(Trigger::Files));
        assert_eq!(batch_trigger(folder, &events(&["/srv/seeds/2024/04/a.txt"])), Some(Trigger::Files));
        assert_eq!(batch_trigger(folder, &events(&["/srv/seeds.old/a.txt"])), None);
        // Hidden files and folders are not read, so their changes reload nothing.
        for hidden in ["/srv/seeds/.git/index", "/srv/seeds/.a.txt.swp", "/srv/seeds/2024/.tmp/a.txt"] {
            assert_eq!(batch_trigger(folder, &events(&[hidden])), None, "{hidden}");
        }
        assert_eq!(batch_trigger(folder, &events(&["/srv/other", "/srv/other/a.txt", "/srv"])), None);
    }
}
