//! Integration tests: one binary, a module per area.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs, unreachable_pub)]
mod api;
mod check;
mod commands;
mod common;
mod corpus;
mod data;
mod expect;
mod export;
mod feeds;
mod following; // feeds of a source, section or search; sitemap, robots.txt, --noindex
mod fuzzed;
mod gen_corpus;
mod http;
mod links;
mod lists;
mod nginx;
mod office; // running it for an office: systemd, sockets, who may see what, access log
mod pages;
mod properties;
mod reading; // the permanent slugs reading places are kept under
mod real;
mod search;
mod server;
mod variants;
mod web;
