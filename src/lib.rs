//! mmx: a medical-massage practice's records as plain TOML files, checked
//! against each prescription. Data flows one way: command line (the `mmx` binary, src/cli/) -> config
//! -> [`loader`] -> [`rules`] -> findings -> renderers.

pub mod alerts;
pub mod billing;
pub mod check;
pub mod course;
pub mod diag;
pub mod error;
pub mod export;
pub mod git;
pub mod intake;
pub mod model;
pub mod outcomes;
pub mod practice;
pub mod records;
pub mod report;
pub mod text;
pub mod values;
pub mod vocab;
pub mod zone;
