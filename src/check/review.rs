//! The one gate every command goes through. Reading: a patient's folder is
//! read, parsed, checked by the rules, and its findings located and sorted in
//! one place ([`review`]), for `check`, reports, alerts, exports, listings and
//! writes alike. Writing: a change is checked with the patient's whole folder
//! in memory before a byte is written ([`Pending`]), and refused when it adds
//! an error, or when the folder holds a file the gate cannot read (its visits
//! could not be counted, so nothing about the change can be proven).

use crate::check::rules;
use crate::practice::folder;
use std::collections::HashSet;

use chrono::NaiveDate;

use crate::check::rules::Context;
use crate::diag::{self, Code, Diagnostic, Severity};
use crate::error::Result;
use crate::practice::Practice;
use crate::practice::read::FolderFiles;
use crate::practice::read::RawFile;
use crate::records::PatientFolder;

/// One patient's folder as the gate sees it: the records that could be
/// read, and every finding in it (reading, parsing, rules), located and
/// sorted.
#[derive(Debug, Default)]
pub struct Review {
    pub folder: PatientFolder,
    pub files: Vec<RawFile>,
    pub findings: Vec<Diagnostic>,
}

impl Review {
    /// The findings on files the gate cannot read as records: while there is
    /// one, no write to the patient can be proven, and none is made.
    pub fn blocking(&self) -> Vec<Diagnostic> {
        self.blocks().cloned().collect()
    }

    fn blocks(&self) -> impl Iterator<Item = &Diagnostic> {
        let unbuilt: HashSet<&str> = self.folder.unbuilt.iter().map(String::as_str).collect();
        self.findings.iter().filter(move |d| {
            d.code.blocks_writes()
                || (d.severity == Severity::Error && unbuilt.contains(d.file.as_str()))
        })
    }

    /// What blocks a new patient's record: the same, but for the missing
    /// patient.toml it is about to write.
    pub(crate) fn blocking_new_patient(&self) -> Vec<Diagnostic> {
        let mut b = self.blocking();
        b.retain(|d| d.code != Code::MissingRecord);
        b
    }

    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.findings
            .iter()
            .filter(|d| d.severity == Severity::Error)
    }

    /// The text of one of the folder's files, if it is UTF-8.
    pub fn text_of(&self, rel: &str) -> Option<&str> {
        self.files
            .iter()
            .find(|f| f.rel == rel)
            .and_then(|f| std::str::from_utf8(&f.bytes).ok())
    }

    /// The files that could not be read as records, for a listing to say
    /// what it left out.
    pub fn skipped(&self) -> Vec<String> {
        let mut files: Vec<String> = self.blocks().map(|d| d.file.clone()).collect();
        files.sort();
        files.dedup();
        files
    }

    /// The files that would block a new patient's record in this folder
    /// (as [`Review::blocking_new_patient`]): what was left of an
    /// interrupted add does not stop it being made again.
    pub fn skipped_for_new_patient(&self) -> Vec<String> {
        let mut files: Vec<String> = self
            .blocking_new_patient()
            .into_iter()
            .map(|d| d.file)
            .collect();
        files.sort();
        files.dedup();
        files
    }
}

/// What the rules need besides the records, for one practice and one day.
pub fn context(practice: &Practice, today: NaiveDate) -> Context<'_> {
    Context {
        rules: &practice.settings.rules,
        therapists: &practice.settings.therapists,
        vocab: &practice.vocab,
        today,
        entering: None,
        clock: practice.clock.as_ref(),
    }
}

/// Everything `check` finds in one patient's folder given as bytes in memory:
/// what reading found, what parsing finds and what the rules find, located in
/// the files' text and sorted. No I/O: the fuzzer and the property tests
/// drive it.
pub fn review(read: FolderFiles, cx: &Context<'_>) -> Review {
    let FolderFiles {
        id,
        files,
        found,
        exists,
    } = read;
    let mut folder = folder::parse_folder(&id, &files, exists, cx.vocab);
    let mut findings = std::mem::take(&mut folder.diags);
    findings.extend(found);
    findings.extend(rules::check_patient(&folder, cx));
    // Found by name through a map: a folder of 20,000 sessions with a
    // finding each is not 20,000 scans of the file list.
    if !findings.is_empty() {
        let by_name: std::collections::HashMap<&str, &RawFile> =
            files.iter().map(|f| (f.rel.as_str(), f)).collect();
        diag::locate_all(&mut findings, |rel| {
            by_name
                .get(rel)
                .map(|f| String::from_utf8_lossy(&f.bytes).into_owned())
        });
    }
    diag::sort(&mut findings);
    Review {
        folder,
        files,
        findings,
    }
}

/// Reads and reviews one existing patient.
pub fn patient(practice: &Practice, today: NaiveDate, id: &str) -> Result<Review> {
    Ok(review(practice.read_folder(id)?, &context(practice, today)))
}

/// Reads and reviews every patient, in parallel, handing each review to `f`
/// as soon as it is made; results in patient-id order.
pub fn each_patient<T: Send>(
    practice: &Practice,
    today: NaiveDate,
    f: impl Fn(Review) -> T + Sync,
) -> Result<Vec<T>> {
    let cx = context(practice, today);
    practice.map_folders(|read| f(review(read, &cx)))
}

/// [`review`]'s findings for files given in memory alone (the fuzzer's and
/// the property tests' way in).
pub fn check_files(id: &str, files: &[RawFile], cx: &Context<'_>) -> Vec<Diagnostic> {
    let read = FolderFiles {
        id: id.to_string(),
        files: files.to_vec(),
        found: Vec::new(),
        exists: !files.is_empty(),
    };
    review(read, cx).findings
}
