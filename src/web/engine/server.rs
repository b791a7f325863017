//! The HTTP/1.1 server loop on hyper, over TCP and Unix sockets: `TCP_NODELAY`, header read
//! timeout, bounded header buffer, the peer's address on each request, and graceful shutdown (in-flight requests finish, then the loop returns).

use std::future::Future;
use std::time::Duration;

use axum::Router;
use axum::http::Request;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use tower::ServiceExt as _;

use super::client::Peer;
use super::listen::{Connection, Listener};

/// How long in-flight requests get to finish after shutdown is asked for.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(30);

/// Serves each listener's router until `shutdown` completes, then waits for open requests.
/// Each request carries the connection's [`Peer`] as an extension.
///
/// `header_timeout` closes connections that do not send a full header section in time,
/// idle keep-alive connections included (slowloris).
pub async fn serve(listeners: Vec<(Listener, Router)>, header_timeout: Duration, shutdown: impl Future<Output = ()>) {
    let graceful = GracefulShutdown::new();
    let mut shutdown = std::pin::pin!(shutdown);
    // Nothing to accept on (and `select_all` needs one future at least).
    if listeners.is_empty() {
        return;
    }
    loop {
        let accepts = listeners.iter().map(|(listener, _)| Box::pin(listener.accept()));
        let (accepted, which) = tokio::select! {
            (accepted, which, _) = futures_util::future::select_all(accepts) => (accepted, which),
            () = &mut shutdown => break,
        };
        let (connection, peer) = match accepted {
            Ok(accepted) => accepted,
            Err(error) => {
                // Out of file descriptors and the like: back off instead of spinning.
                tracing::warn!(%error, "accept failed");
                tokio::time::sleep(Duration::from_millis(50)).await;
                continue;
            }
        };
        let app = &listeners[which].1;
        match connection {
            Connection::Tcp(stream) => {
                // Responses go out in one write each: no waiting for an ACK of the last one (Nagle).
                if let Err(error) = stream.set_nodelay(true) {
                    tracing::debug!(%error, "cannot set TCP_NODELAY");
                }
                spawn_connection(stream, peer, app, header_timeout, &graceful);
            }
            Connection::Unix(stream) => spawn_connection(stream, peer, app, header_timeout, &graceful),
        }
    }
    drop(listeners);
    tokio::select! {
        () = graceful.shutdown() => tracing::info!("all requests finished"),
        () = tokio::time::sleep(SHUTDOWN_GRACE) => tracing::warn!("requests still open after {SHUTDOWN_GRACE:?}; exiting"),
    }
}

/// Serves HTTP/1.1 on `stream` with `app`, each request marked with `peer`.
fn spawn_connection<S>(stream: S, peer: Peer, app: &Router, header_timeout: Duration, graceful: &GracefulShutdown)
where
    S: tokio::io::AsyncRead + tokio::io::AsyncWrite + Unpin + Send + 'static,
{
    let service = app.clone().map_request(move |mut request: Request<Incoming>| {
        request.extensions_mut().insert(peer);
        request
    });
    let mut builder = hyper::server::conn::http1::Builder::new();
    builder.timer(TokioTimer::new()).header_read_timeout(header_timeout).max_buf_size(super::frame::MAX_HEAD_BYTES);
    let connection = builder.serve_connection(TokioIo::new(stream), TowerToHyperService::new(service));
    let connection = graceful.watch(connection);
    tokio::spawn(async move {
        if let Err(error) = connection.await {
            tracing::debug!(%error, "connection ended with an error");
        }
    });
}
