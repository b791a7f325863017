//! Integration tests: one binary, a module per area.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs, unreachable_pub)]

mod api;
mod common;
mod export;
mod feeds;
mod http;
mod links;
mod lists;
mod nginx;
mod search;
mod server;
mod web;
