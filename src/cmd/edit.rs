//! What `patient edit`, `rx edit` and `session amend` share: an edited record
//! is checked with its whole patient folder, and written only if it causes
//! no error the folder did not already have.

use std::collections::HashSet;

use crate::config::Config;
use crate::diag::{Diagnostic, Severity};
use crate::edit::Document;
use crate::error::{Error, Result};
use crate::loader::{Practice, RawFile};
use crate::rules::{self, Context};
use crate::store;

/// A record file read for editing: its path relative to the root and its text.
pub struct Target {
    pub rel: String,
    pub text: String,
    files: Vec<RawFile>,
    patient: String,
}

impl Target {
    /// Reads `rel` from patient `id`'s folder, with the rest of the folder.
    /// The caller holds the folder's lock.
    pub fn read(practice: &Practice, id: &str, rel: String, what: &'static str) -> Result<Target> {
        let files = practice.patient_files(id)?;
        let Some(file) = files.iter().find(|f| f.rel == rel) else {
            return Err(Error::NotFound {
                what,
                id: rel,
                hint: "`mmx check` shows the records it can read".into(),
            });
        };
        let text = String::from_utf8(file.bytes.clone()).map_err(|_| {
            Error::Records(format!(
                "{rel} is not UTF-8 text, so it cannot be edited\n  hint: `mmx check` shows where"
            ))
        })?;
        Ok(Target {
            rel,
            text,
            files,
            patient: id.to_string(),
        })
    }

    /// The record as a document to edit; broken TOML is refused, since an
    /// edit could not say what it kept.
    pub fn document(&self) -> Result<Document> {
        Document::parse(&self.text).map_err(|m| {
            Error::Records(format!(
                "{} cannot be edited until its TOML is fixed: {}\n  hint: `mmx check` shows where",
                self.rel,
                m.trim()
            ))
        })
    }

    /// Writes `text` in place of the record if, checked with the rest of the
    /// patient's folder, it brings no new error; else refuses with the errors
    /// it would cause (in this file or any other of the patient's).
    pub fn write_checked(mut self, practice: &Practice, config: &Config, text: &str) -> Result<()> {
        let cx = Context {
            rules: &practice.settings.rules,
            vocab: &practice.vocab,
            today: config.today,
        };
        let key = |d: &Diagnostic| (d.file.clone(), d.code, d.message.clone());
        let before: HashSet<_> = rules::check_files(&self.patient, &self.files, &cx)
            .iter()
            .map(key)
            .collect();
        if let Some(f) = self.files.iter_mut().find(|f| f.rel == self.rel) {
            f.bytes = text.as_bytes().to_vec();
        }
        // Located in the edited text, sorted: ready to show.
        let new: Vec<Diagnostic> = rules::check_files(&self.patient, &self.files, &cx)
            .into_iter()
            .filter(|d| d.severity == Severity::Error && !before.contains(&key(d)))
            .collect();
        if !new.is_empty() {
            return Err(Error::Refused { diagnostics: new });
        }
        store::replace(&practice.root.join(&self.rel), text.as_bytes())
    }
}
