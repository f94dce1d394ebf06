//! A record as read from its file: the record with the spans the rules
//! need to point back into the file.

use crate::diag::{Code, Diagnostic};
use crate::model;
use crate::model::Patient;
use crate::model::Prescription;
use crate::model::Session;
use std::ops::Range;

/// Byte ranges of the values the rules point at, keyed by field path
/// (`date`, `regions.2`, `diagnoses.0.code`). Every field of every record
/// gets one but few are ever looked up (only when a finding points there), so
/// the keys share one string instead of one allocation each.
#[derive(Debug, Clone, Default)]
pub struct Spans {
    keys: String,
    /// Where each key is in `keys`, and its span.
    entries: Vec<(Range<usize>, Range<usize>)>,
}

impl Spans {
    /// Room for the fields of a typical record, so recording them never reallocates.
    pub(crate) fn with_capacity() -> Spans {
        Spans {
            keys: String::with_capacity(256),
            entries: Vec::with_capacity(32),
        }
    }

    pub fn get(&self, key: &str) -> Option<Range<usize>> {
        // The latest entry for a key wins, as a map's insert would.
        self.entries
            .iter()
            .rev()
            .find(|(k, _)| &self.keys[k.clone()] == key)
            .map(|(_, span)| span.clone())
    }

    /// Records the span of `{prefix}{key}`, or `{prefix}{key}.{index}`.
    pub(crate) fn set(
        &mut self,
        prefix: &str,
        key: &str,
        index: Option<usize>,
        span: Range<usize>,
    ) {
        use std::fmt::Write;
        let start = self.keys.len();
        self.keys.push_str(prefix);
        self.keys.push_str(key);
        if let Some(i) = index {
            let _ = write!(self.keys, ".{i}");
        }
        self.entries.push((start..self.keys.len(), span));
    }
}

/// A record read from a file (or about to be written to one).
#[derive(Debug, Clone)]
pub struct Loaded<T> {
    /// Path relative to the practice root, with `/` separators.
    pub file: String,
    pub rec: T,
    pub spans: Spans,
}

impl<T> Loaded<T> {
    /// A diagnostic pointing at field `key` of this record (or its start when the
    /// field has no recorded span).
    pub fn diag(&self, code: Code, key: &str, message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(
            code,
            &self.file,
            Some(self.spans.get(key).unwrap_or(0..0)),
            message,
        )
    }
}

/// One patient's records as read from disk, with the problems found in them.
#[derive(Debug, Default)]
pub struct PatientFolder {
    pub id: String,
    pub patient: Option<Loaded<Patient>>,
    pub prescriptions: Vec<Loaded<Prescription>>,
    pub sessions: Vec<Loaded<Session>>,
    /// Progress reports recorded as sent (`reports/ID.toml`).
    pub reports: Vec<Loaded<model::SentReport>>,
    /// File stems of prescriptions whose file is there but could not be read
    /// into a record: their errors are reported on that file, not on every
    /// session that names them.
    pub unreadable_prescriptions: Vec<String>,
    /// Files that are there but could not be read into a record (broken,
    /// empty, out of place, a copy): what they hold is neither checked nor
    /// counted, so writes to the patient are refused while one is there.
    pub unbuilt: Vec<String>,
    /// The documents kept on file (`orders/NAME`: a prescription's order, a
    /// doctor's clearance), each with its SHA-256 as read: what a
    /// prescription's `[order]` or a clearance's `document` names and
    /// `check` compares ([`PatientFolder::kept`]).
    pub orders: std::collections::BTreeMap<String, String>,
    pub diags: Vec<Diagnostic>,
}

/// A document a record names in `orders/` with the SHA-256 it had when
/// recorded, as the folder holds it now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kept {
    /// There, with the bytes recorded.
    Same,
    /// Not in `orders/`.
    Missing,
    /// There, with other bytes.
    Changed,
}

impl PatientFolder {
    pub fn prescription(&self, id: &str) -> Option<&Loaded<Prescription>> {
        self.prescriptions.iter().find(|r| r.rec.id == id)
    }

    /// Whether the document `name` in `orders/` still has the SHA-256 a
    /// record wrote of it: the one comparison for orders and clearances.
    pub fn kept(&self, name: &str, sha256: &str) -> Kept {
        match self.orders.get(name) {
            None => Kept::Missing,
            Some(digest) if digest != sha256 => Kept::Changed,
            Some(_) => Kept::Same,
        }
    }
}
