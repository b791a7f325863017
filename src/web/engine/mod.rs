//! The HTTP engine: the server loop and its sockets, who a request comes from and the access
//! log, the frame of every exchange (size limits, base path, security headers), the page cache,
//! content coding, ETags and the representation of each response, and the metrics. It knows
//! nothing of pages; the site (`super::site`) builds on it.

pub(crate) mod access_log;
pub(crate) mod client;
pub(crate) mod coding;
pub(crate) mod etag;
pub(crate) mod frame;
pub(crate) mod listen;
pub(crate) mod metrics;
pub(crate) mod page_cache;
pub(crate) mod representation;
pub(crate) mod server;

use std::time::Duration;

/// Limits on what one request may take.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Longest time to answer one request (then 503).
    pub request_timeout: Duration,
    /// Most requests handled at once; more wait.
    pub max_concurrent: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits { request_timeout: Duration::from_secs(30), max_concurrent: 1024 }
    }
}
