//! Listening sockets: a TCP address, a Unix socket, or the sockets systemd passes (socket
//! activation, `sd_listen_fds(3)`).

use std::fmt;
use std::net::{IpAddr, Ipv4Addr};
use std::os::unix::fs::{FileTypeExt, PermissionsExt};
use std::path::{Path, PathBuf};

use tokio::net::{TcpListener, TcpStream, UnixListener, UnixStream};

use super::client::Peer;
use crate::config::Bind;

/// Why a socket cannot be listened on.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Binding failed: the address is taken, not this machine's, or not allowed.
    #[error("cannot listen on {address}")]
    Bind {
        /// The address as given (`127.0.0.1:3000`, `unix:/run/x.sock`).
        address: String,
        /// Why.
        source: std::io::Error,
    },
    /// A live server answers on the Unix socket's path already.
    #[error("cannot listen on unix:{}: another server is listening on it", path.display())]
    InUse {
        /// The socket's path.
        path: PathBuf,
    },
    /// The Unix socket's path holds a file that is no socket; it is left alone.
    #[error("cannot listen on unix:{}: the path exists and is not a socket", path.display())]
    NotSocket {
        /// The socket's path.
        path: PathBuf,
    },
    /// A socket systemd passed (`LISTEN_FDS`) is no listening TCP or Unix stream socket.
    #[error("socket {number} of the {count} systemd passed (LISTEN_FDS) is no TCP or Unix stream socket")]
    Passed {
        /// Its place among the passed sockets, from 1.
        number: usize,
        /// How many were passed.
        count: usize,
        /// Why it cannot be used.
        source: std::io::Error,
    },
}

/// A socket systemd passed, taken before the runtime starts (reading `LISTEN_FDS` unsets it).
#[derive(Debug)]
pub enum Passed {
    /// A TCP socket.
    Tcp(std::net::TcpListener),
    /// A Unix stream socket.
    Unix(std::os::unix::net::UnixListener),
}

/// The sockets systemd passes through `LISTEN_FDS` and `LISTEN_PID` (`sd_listen_fds(3)`),
/// empty when it passes none. Call it before any thread starts: it unsets those variables.
///
/// # Errors
/// [`Error::Passed`] for a socket that is no TCP or Unix stream socket.
pub fn passed() -> Result<Vec<Passed>, Error> {
    let mut fds = listenfd::ListenFd::from_env();
    let count = fds.len();
    let mut sockets = Vec::with_capacity(count);
    for index in 0..count {
        let socket = match fds.take_tcp_listener(index) {
            Ok(Some(tcp)) => Passed::Tcp(tcp),
            _ => match fds.take_unix_listener(index) {
                Ok(Some(unix)) => Passed::Unix(unix),
                Ok(None) => continue,
                Err(source) => return Err(Error::Passed { number: index + 1, count, source }),
            },
        };
        sockets.push(socket);
    }
    Ok(sockets)
}

/// A listening socket.
#[derive(Debug)]
pub enum Listener {
    /// TCP.
    Tcp(TcpListener),
    /// A Unix stream socket; `path` is the file it made, removed when it is dropped.
    Unix {
        /// The socket.
        listener: UnixListener,
        /// Its path, when newsreader made it (not for one systemd passed).
        path: Option<PathBuf>,
    },
}

/// One accepted connection.
pub(crate) enum Connection {
    /// Over TCP.
    Tcp(TcpStream),
    /// Over a Unix socket.
    Unix(UnixStream),
}

impl Listener {
    /// Listens on `bind`: a TCP address, or a Unix socket with permissions `mode` (octal
    /// `0o660`). A Unix socket file left by a server that stopped is replaced.
    ///
    /// # Errors
    /// [`Error::Bind`]; for a Unix socket also [`Error::InUse`] when a server answers on it and
    /// [`Error::NotSocket`] when the path holds another kind of file.
    pub async fn bind(bind: &Bind, mode: u32) -> Result<Listener, Error> {
        let failed = |source| Error::Bind { address: bind.to_string(), source };
        match bind {
            Bind::Tcp(address) => TcpListener::bind(address.as_str()).await.map(Listener::Tcp).map_err(failed),
            Bind::Unix(path) => {
                remove_stale_socket(path).map_err(|error| error.into_error(failed))?;
                let listener = UnixListener::bind(path).map_err(failed)?;
                // Made now, so removed when dropped, even when its mode cannot be set.
                let listener = Listener::Unix { listener, path: Some(path.clone()) };
                std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).map_err(failed)?;
                Ok(listener)
            }
        }
    }

    /// A socket systemd passed, on the running runtime.
    ///
    /// # Errors
    /// When it cannot be made non-blocking or registered with the runtime.
    pub fn from_passed(passed: Passed) -> std::io::Result<Listener> {
        match passed {
            Passed::Tcp(tcp) => {
                tcp.set_nonblocking(true)?;
                TcpListener::from_std(tcp).map(Listener::Tcp)
            }
            Passed::Unix(unix) => {
                unix.set_nonblocking(true)?;
                UnixListener::from_std(unix).map(|listener| Listener::Unix { listener, path: None })
            }
        }
    }

    /// The next connection and its peer: the client's address over TCP, 127.0.0.1 over a
    /// Unix socket (only this machine can connect to one).
    pub(crate) async fn accept(&self) -> std::io::Result<(Connection, Peer)> {
        match self {
            Listener::Tcp(listener) => {
                let (stream, address) = listener.accept().await?;
                Ok((Connection::Tcp(stream), Peer(address.ip())))
            }
            Listener::Unix { listener, .. } => {
                let (stream, _) = listener.accept().await?;
                Ok((Connection::Unix(stream), Peer(IpAddr::V4(Ipv4Addr::LOCALHOST))))
            }
        }
    }
}

impl fmt::Display for Listener {
    /// `http://127.0.0.1:3000`, or `http://unix:/run/x.sock:` as nginx's `proxy_pass` names a
    /// Unix socket.
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Listener::Tcp(listener) => match listener.local_addr() {
                Ok(address) => write!(formatter, "http://{address}"),
                Err(_) => formatter.write_str("http://(unknown address)"),
            },
            Listener::Unix { listener, .. } => {
                let address = listener.local_addr().ok();
                let path = address.as_ref().and_then(|address| address.as_pathname());
                let path = path.map_or_else(|| "(unnamed)".to_owned(), |path| path.display().to_string());
                write!(formatter, "http://unix:{path}:")
            }
        }
    }
}

impl Drop for Listener {
    fn drop(&mut self) {
        if let Listener::Unix { path: Some(path), .. } = self {
            let _ = std::fs::remove_file(path);
        }
    }
}

/// Why a stale socket could not be removed: a reason of its own, or an I/O error.
enum Stale {
    Refused(Error),
    Io(std::io::Error),
}

impl Stale {
    /// The error, an I/O error given its address by `failed`.
    fn into_error(self, failed: impl FnOnce(std::io::Error) -> Error) -> Error {
        match self {
            Stale::Refused(error) => error,
            Stale::Io(error) => failed(error),
        }
    }
}

/// Removes the socket file at `path` that no server answers on any more (left by a crash).
fn remove_stale_socket(path: &Path) -> Result<(), Stale> {
    let metadata = match std::fs::symlink_metadata(path) {
        Ok(metadata) => metadata,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(error) => return Err(Stale::Io(error)),
    };
    if !metadata.file_type().is_socket() {
        return Err(Stale::Refused(Error::NotSocket { path: path.to_owned() }));
    }
    match std::os::unix::net::UnixStream::connect(path) {
        Ok(_) => Err(Stale::Refused(Error::InUse { path: path.to_owned() })),
        Err(error) if error.kind() == std::io::ErrorKind::ConnectionRefused => {
            tracing::info!(path = %path.display(), "replacing the socket a stopped server left");
            std::fs::remove_file(path).map_err(Stale::Io)
        }
        Err(error) => Err(Stale::Io(error)),
    }
}
