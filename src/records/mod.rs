//! The record files: the TOML reader ([`toml`]), one reader (and writer) per
//! record kind, the comment-keeping editor and the JSON Schemas for editors.
//! A reader turns a file's text into a record of [`crate::model`] with every
//! problem as a located diagnostic; the writer is its inverse, in the key
//! order of the field tables ([`crate::model::fields`]).

pub mod editor;
mod home_care;
pub mod json_schema;
mod loaded;
mod parse;
mod patient;
mod prescription;
mod reader;
mod report;
mod safety;
mod session;
mod settings;
#[cfg(test)]
mod tests;
pub mod toml_reader;
mod write;

pub use write::toml_date;

pub use loaded::{Kept, Loaded, PatientFolder, Spans};
pub use parse::Parsed;
pub use patient::patient;
pub use prescription::{order_name_ok, prescription};
pub use reader::{therapist_hint, vocab_diag};
pub use report::report;
pub use session::session;
pub use settings::settings;
