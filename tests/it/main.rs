//! Integration tests: one binary, a module per area.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs, unreachable_pub)]

mod check;
mod common;
mod corpus;
mod expect;
mod properties;
mod real;
mod server;
mod variants;
mod web;
