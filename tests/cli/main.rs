//! Integration tests: the real `mmx` binary on temporary practices.
//!
//! `common` owns the test environment; each other module covers one area of
//! behaviour, asserting on whole invocations (stdout, stderr, exit status).

mod check;
mod coding;
mod common;
mod completions;
mod docs;
mod documents;
mod edits;
mod everyday;
mod export;
mod fixtures;
mod gate;
mod git;
mod import;
mod intake;
mod letter;
mod listing;
mod locks;
mod outcomes;
mod practice;
mod prescription;
mod privacy;
mod records;
mod refusals;
mod report;
mod roundtrip;
mod safety;
mod scale;
mod schema;
mod terminal;
mod therapists;
mod usage;
mod zone;

/// The synthetic-practice generator, shared with `cargo run --example synth`.
#[path = "../../examples/synth/practice.rs"]
mod synth;
