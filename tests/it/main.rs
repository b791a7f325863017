//! Integration tests: one binary, a module per area.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs, unreachable_pub)]

mod common;
mod export;
mod http;
mod nginx;
mod server;
mod web;
