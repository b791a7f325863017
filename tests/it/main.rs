//! Integration tests: one binary, a module per area.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs, unreachable_pub)]

mod api;
mod common;
mod feeds;
mod links;
mod lists;
mod search;
mod server;
mod web;
