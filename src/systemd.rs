//! Telling systemd how the service is doing (`sd_notify(3)`, for `Type=notify` units):
//! `READY=1` once pages are served, `STATUS=` lines while the seeds are read, and `WATCHDOG=1`
//! pings when the unit sets `WatchdogSec=`. Without `NOTIFY_SOCKET` each call does nothing.

use std::time::Duration;

use sd_notify::NotifyState;

/// Sends `states`; a failure is logged at debug level and otherwise ignored, as systemd
/// itself would have nothing to act on.
fn send(states: &[NotifyState]) {
    if let Err(error) = sd_notify::notify(states) {
        tracing::debug!(%error, "cannot notify systemd");
    }
}

/// `STATUS=status`: one line `systemctl status` shows.
pub fn status(status: &str) {
    send(&[NotifyState::Status(status)]);
}

/// The status line of a server serving `articles`, still `loading` the other seed files or
/// not: `serving 2 articles, reading the other seed files`.
pub fn serving(articles: usize, loading: bool) -> String {
    let noun = if articles == 1 { "article" } else { "articles" };
    let more = if loading { ", reading the other seed files" } else { "" };
    format!("serving {articles} {noun}{more}")
}

/// `READY=1` with `STATUS=status`: the service answers requests.
pub fn ready(status: &str) {
    send(&[NotifyState::Ready, NotifyState::Status(status)]);
}

/// `STOPPING=1`: the service is shutting down.
pub fn stopping() {
    send(&[NotifyState::Stopping]);
}

/// Sends `WATCHDOG=1` every half of `WATCHDOG_USEC` (from `WatchdogSec=`), on the running
/// Tokio runtime, for as long as it runs; does nothing when the watchdog is off for this
/// process. A runtime too stuck to ping is restarted by systemd.
pub fn spawn_watchdog() {
    let Some(period) = sd_notify::watchdog_enabled() else { return };
    let interval = (period / 2).max(Duration::from_millis(1));
    tokio::spawn(async move {
        let mut ticks = tokio::time::interval(interval);
        loop {
            ticks.tick().await;
            send(&[NotifyState::Watchdog]);
        }
    });
}
