//! The one gate every command goes through. Reading: a patient's folder is
//! read, parsed, checked by the rules, and its findings located and sorted in
//! one place ([`review`]), for `check`, reports, alerts, exports, listings and
//! writes alike. Writing: a change is checked with the patient's whole folder
//! in memory before a byte is written ([`Pending`]), and refused when it adds
//! an error, or when the folder holds a file the gate cannot read (its visits
//! could not be counted, so nothing about the change can be proven).

use crate::model::fields;
use crate::practice;
use crate::practice::lint;
use crate::practice::read;
use crate::practice::store;
use crate::practice::tree;
use crate::records::folder;
use std::collections::{BTreeSet, HashSet};

use chrono::NaiveDate;
use serde::Serialize;

use crate::diag::{self, Code, Diagnostic, Severity, Summary};
use crate::editor::Document;
use crate::error::{Error, FlagProblem, Result};
use crate::model::PatientFolder;
use crate::practice::Practice;
use crate::practice::read::FolderFiles;
use crate::practice::read::RawFile;
use crate::practice::store::CreateOutcome;
use crate::practice::store::FolderLock;
use crate::practice::tree::Tree;
use crate::rules::{self, Context};

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
    fn blocking_new_patient(&self) -> Vec<Diagnostic> {
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
}

/// What the rules need besides the records, for one practice and one day.
pub fn context(practice: &Practice, today: NaiveDate) -> Context<'_> {
    Context {
        rules: &practice.settings.rules,
        therapists: &practice.settings.therapists,
        vocab: &practice.vocab,
        today,
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

/// The result of a check: sorted findings and counts, and for a change
/// checked in git, what it was judged on.
#[derive(Debug, Serialize)]
pub struct Report {
    pub diagnostics: Vec<Diagnostic>,
    pub summary: Summary,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub change: Option<Change>,
}

impl Report {
    /// `check`'s text: the findings, the counts, and for a change, how many
    /// patients it does not touch have errors. Quiet, nothing but that line
    /// when there are no findings.
    pub fn render_human(
        &self,
        out: &mut dyn std::io::Write,
        quiet: bool,
        color: bool,
        verbose: bool,
    ) -> std::io::Result<()> {
        if !(quiet && self.diagnostics.is_empty()) {
            diag::render_human_grouped(out, &self.diagnostics, color, !verbose)?;
            writeln!(out, "{}", diag::summary_line(&self.summary))?;
        }
        if let Some(change) = &self.change
            && change.other_patients_with_errors > 0
        {
            let n = change.other_patients_with_errors;
            writeln!(
                out,
                "{n} other {} errors; `mmx check` lists them",
                if n == 1 {
                    "patient has"
                } else {
                    "patients have"
                }
            )?;
        }
        Ok(())
    }
}

/// A tree in git checked against the one it changes (see [`Scope`]).
#[derive(Debug, Serialize)]
pub struct Change {
    /// The tree checked, and the tree it is compared with (none: every
    /// patient is judged).
    pub tree: String,
    pub base: Option<String>,
    /// The patients judged: those the change touches, or all of them.
    pub patients: Vec<String>,
    /// How many patients the change does not touch have errors: reported,
    /// never a reason to refuse the change.
    pub other_patients_with_errors: usize,
}

/// Which patients a check judges. Rules are per patient, so a change is
/// judged on the patients whose files it adds, changes or deletes; on every
/// patient when it changes mmx.toml (the rules and the vocabulary).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope {
    All,
    Touched {
        patients: BTreeSet<String>,
        /// Every path it adds, changes or deletes.
        paths: BTreeSet<String>,
    },
}

impl Scope {
    /// The scope of a change to `paths` (relative to the practice folder).
    pub fn of_change(paths: &[String]) -> Scope {
        if paths.iter().any(|p| p == practice::SETTINGS_FILE) {
            return Scope::All;
        }
        Scope::Touched {
            patients: paths.iter().filter_map(|p| tree::patient_of(p)).collect(),
            // As findings name files: control characters made harmless.
            paths: paths
                .iter()
                .map(|p| crate::text::clean_line(p).into_owned())
                .collect(),
        }
    }

    /// The patients judged, when not all.
    pub fn patients(&self) -> Option<&BTreeSet<String>> {
        match self {
            Scope::All => None,
            Scope::Touched { patients, .. } => Some(patients),
        }
    }

    /// Whether a finding is shown: an error of a judged patient always; a
    /// warning only on a file the change touches (as a write shows only
    /// the warnings on what it writes), so an approved extra visit is not
    /// repeated on every commit to its patient.
    fn shows(&self, d: &Diagnostic) -> bool {
        match self {
            Scope::All => true,
            Scope::Touched { paths, .. } => {
                d.severity == Severity::Error || paths.contains(&d.file)
            }
        }
    }

    /// Whether a finding about the practice folder itself is about what the
    /// change touches: the file it names, or a folder holding it.
    fn covers_path(&self, file: &str) -> bool {
        match self {
            Scope::All => true,
            Scope::Touched { paths, .. } => paths.iter().any(|p| {
                p == file
                    || p.strip_prefix(file).is_some_and(|r| r.starts_with('/'))
                    || file
                        .strip_prefix(p.as_str())
                        .is_some_and(|r| r.starts_with('/'))
            }),
        }
    }
}

/// Every finding in the practice folder on disk: each patient's, and those
/// about the practice folder itself (stray files, folders that are not
/// patients).
pub fn check_practice(practice: &Practice, today: NaiveDate) -> Result<Report> {
    check_tree(practice, &practice.disk(), today, &Scope::All)
}

/// Every finding in `tree` within `scope`: the practice's settings (when
/// judged), each judged patient's, and those about the practice folder that
/// the scope covers.
pub fn check_tree<T: Tree>(
    practice: &Practice,
    tree: &T,
    today: NaiveDate,
    scope: &Scope,
) -> Result<Report> {
    let cx = context(practice, today);
    // Each folder is reviewed on the thread that read it; only the findings
    // and counts are kept.
    let per_patient = tree::map_patients(tree, scope.patients(), |read| {
        let r = review(read, &cx);
        let counts = Summary {
            patients: usize::from(r.folder.patient.is_some()),
            prescriptions: r.folder.prescriptions.len(),
            sessions: r.folder.sessions.len(),
            ..Summary::default()
        };
        (counts, r.findings)
    })
    .map_err(|e| Error::io(practice.root.join(practice::PATIENTS_DIR), e))?;
    let mut diagnostics = Vec::new();
    if *scope == Scope::All {
        diagnostics.extend(practice.diags.iter().cloned());
    }
    diagnostics.extend(
        lint::practice_findings(tree)
            .into_iter()
            .filter(|d| scope.covers_path(&d.file)),
    );
    let mut summary = Summary::default();
    for (counts, found) in per_patient {
        summary.patients += counts.patients;
        summary.prescriptions += counts.prescriptions;
        summary.sessions += counts.sessions;
        diagnostics.extend(found.into_iter().filter(|d| scope.shows(d)));
    }
    diag::sort(&mut diagnostics);
    summary.errors = diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    summary.warnings = diagnostics.len() - summary.errors;
    summary.permissions = diagnostics
        .iter()
        .filter(|d| d.code == Code::Permissions)
        .count();
    Ok(Report {
        diagnostics,
        summary,
        change: None,
    })
}

/// How many errors about the practice folder itself (a folder in patients/
/// that is not an id, a linked patient folder) lie outside `scope`: for a
/// change, reported with the other patients' errors, never a refusal.
pub fn practice_errors_outside<T: Tree>(tree: &T, scope: &Scope) -> usize {
    lint::practice_findings(tree)
        .iter()
        .filter(|d| d.severity == Severity::Error && !scope.covers_path(&d.file))
        .count()
}

/// How many errors each patient of `tree` in `ids` has, by id.
pub fn error_counts<T: Tree>(
    practice: &Practice,
    tree: &T,
    today: NaiveDate,
    ids: &BTreeSet<String>,
) -> Result<Vec<(String, usize)>> {
    let cx = context(practice, today);
    tree::map_patients(tree, Some(ids), |read| {
        let r = review(read, &cx);
        let errors = r.errors().count();
        (r.folder.id, errors)
    })
    .map_err(|e| Error::io(practice.root.join(practice::PATIENTS_DIR), e))
}

/// How a write names the flags that gave a record's fields, so a rule that
/// refuses a value is reported against the flag, in the rule's own words.
pub type FlagOf<'f> = &'f dyn Fn(&str) -> Option<String>;

/// The usual flag of a field: `birth_date` is `--birth-date`, `soap.plan` is
/// `--plan`, `prescriber.npi` is `--npi`, a list's `regions` is `--region`.
pub fn default_flag(field: &str) -> Option<String> {
    let mut parts = field.split('.');
    let head = parts.next()?;
    let tail: Vec<&str> = parts.filter(|p| p.parse::<usize>().is_err()).collect();
    let name = match (head, tail.as_slice()) {
        ("prescriber", ["name"]) => "prescriber".to_string(),
        ("prescriber", ["phone"]) => "prescriber-phone".to_string(),
        ("prescriber", ["npi"]) => "npi".to_string(),
        ("prescriber", ["credential"]) => "credential".to_string(),
        ("prescriber", ["license"]) => "license".to_string(),
        ("prescriber", ["fax"]) => "prescriber-fax".to_string(),
        ("prescriber", ["address"]) => "prescriber-address".to_string(),
        ("soap", [part]) => part.to_string(),
        ("diagnoses", _) => "diagnosis".to_string(),
        ("measures", _) => "measure".to_string(),
        ("targets", _) => "target".to_string(),
        ("overrides", _) | ("override", _) => "override".to_string(),
        ("regions", []) => "region".to_string(),
        ("techniques", []) => "technique".to_string(),
        ("contraindications", []) => "contraindication".to_string(),
        ("goals", []) => "goal".to_string(),
        ("prescription", []) => "rx".to_string(),
        (head, []) => head.replace('_', "-"),
        _ => return None,
    };
    Some(format!("--{name}"))
}

/// A patient's folder opened for a change: locked (so no other writer can
/// change what the decision rests on), read and reviewed. Dropping it
/// releases the lock.
pub struct Pending<'p> {
    practice: &'p Practice,
    today: NaiveDate,
    pub before: Review,
    lock: Option<FolderLock>,
}

impl<'p> Pending<'p> {
    /// Locks and reads an existing patient's folder. Refused (exit 1, naming
    /// each file) when it holds a file the gate cannot read.
    pub fn open(practice: &'p Practice, today: NaiveDate, id: &str) -> Result<Pending<'p>> {
        // `--dry-run` writes nothing at all: not the lock file, nor the
        // clean-up of a killed writer's temp files the lock brings. What it
        // shows rests on the folder as read, each record whole.
        let lock = if practice.dry_run {
            None
        } else {
            Some(practice.lock_patient(id)?)
        };
        // A linked record folder would put the record outside the practice.
        for sub in folder::RECORD_FOLDERS {
            store::refuse_link(&practice.patient_dir(id).join(sub))?;
        }
        Self::admitted(
            practice,
            today,
            practice.read_folder_for_write(id)?,
            lock,
            false,
        )
    }

    /// A folder for a new patient, which may not exist yet: nothing is
    /// locked or created until [`Pending::create`].
    pub fn new_patient(practice: &'p Practice, today: NaiveDate, id: &str) -> Result<Pending<'p>> {
        Self::admitted(
            practice,
            today,
            practice.read_folder_or_none(id)?,
            None,
            true,
        )
    }

    /// The folder reviewed, unless it holds a file the gate cannot read.
    fn admitted(
        practice: &'p Practice,
        today: NaiveDate,
        read: FolderFiles,
        lock: Option<FolderLock>,
        new_patient: bool,
    ) -> Result<Pending<'p>> {
        let before = review(read, &context(practice, today));
        let blocking = if new_patient {
            before.blocking_new_patient()
        } else {
            before.blocking()
        };
        if !blocking.is_empty() {
            return Err(Error::Blocked {
                diagnostics: blocking,
            });
        }
        Ok(Pending {
            practice,
            today,
            before,
            lock,
        })
    }

    pub fn folder(&self) -> &PatientFolder {
        &self.before.folder
    }

    /// The folder as it would be with `changes` (files added or replaced,
    /// by path relative to the root), reviewed in memory.
    pub fn preview(&self, changes: &[(&str, &str)]) -> Review {
        let mut files = self.before.files.clone();
        for (rel, text) in changes {
            match files.iter_mut().find(|f| f.rel == *rel) {
                Some(f) => f.bytes = text.as_bytes().to_vec(),
                None => files.push(RawFile {
                    rel: rel.to_string(),
                    bytes: text.as_bytes().to_vec(),
                }),
            }
        }
        let read = FolderFiles {
            id: self.before.folder.id.clone(),
            files,
            found: Vec::new(),
            // As it would be once the change is written.
            exists: true,
        };
        review(read, &context(self.practice, self.today))
    }

    /// Checks the folder with `changes` made. Refused when the change adds an
    /// error anywhere in the folder: a rule of the records (exit 1, with the
    /// diagnostics located in the text that would be written) or, when
    /// `flags` names the flag a refused value came from, that flag (exit 2,
    /// in the rule's words). Returns the warnings on the changed files, for
    /// the caller to show.
    pub fn admit(
        &self,
        changes: &[(&str, &str)],
        flags: Option<FlagOf<'_>>,
    ) -> Result<Vec<Diagnostic>> {
        // What mmx writes it must be able to read back: no record past the
        // size the reader takes.
        if let Some((rel, text)) = changes
            .iter()
            .find(|(_, t)| t.len() as u64 > read::MAX_RECORD_BYTES)
        {
            return Err(Error::Refused {
                diagnostics: vec![lint::too_large(rel, text.len() as u64)],
            });
        }
        // A finding is the same before and after when its file, code and
        // message are; kept as borrowed keys, so 60,000 findings are not
        // copied to be compared.
        fn key(d: &Diagnostic) -> (&str, Code, &str) {
            (d.file.as_str(), d.code, d.message.as_str())
        }
        let before: HashSet<_> = self.before.findings.iter().map(key).collect();
        let after = self.preview(changes);
        let changed = |d: &Diagnostic| changes.iter().any(|(rel, _)| *rel == d.file);
        let new: Vec<Diagnostic> = after
            .findings
            .iter()
            .filter(|d| d.severity == Severity::Error && !before.contains(&key(d)))
            .cloned()
            .collect();
        if let Some(flag_of) = flags {
            let problems: Vec<FlagProblem> = new
                .iter()
                .filter(|d| changed(d) && !d.code.is_rule())
                .filter_map(|d| {
                    let flag = d.field.as_deref().and_then(flag_of)?;
                    Some(FlagProblem {
                        flag,
                        message: d.message.clone(),
                        hint: d.hint.clone().filter(|_| d.code != Code::MissingField),
                    })
                })
                .collect();
            if !problems.is_empty() {
                return Err(Error::Flags { problems });
            }
        }
        if !new.is_empty() {
            let mut shown = new;
            shown.extend(
                after
                    .findings
                    .iter()
                    .filter(|d| d.severity == Severity::Warning && changed(d))
                    .cloned(),
            );
            diag::sort(&mut shown);
            return Err(Error::Refused { diagnostics: shown });
        }
        Ok(after
            .findings
            .into_iter()
            .filter(|d| changed(d) && d.code != Code::Permissions)
            .collect())
    }

    /// Writes a new record that [`Pending::admit`] let through; never over an
    /// existing file. For a new patient this takes the folder's lock first.
    pub fn create(&mut self, rel: &str, text: &str) -> Result<CreateOutcome> {
        if self.practice.dry_run {
            return self
                .show_unwritten(rel, text)
                .map(|()| CreateOutcome::Created);
        }
        if self.lock.is_none() {
            let dir = self.practice.patient_dir(&self.before.folder.id);
            self.lock = Some(self.practice.lock_folder(&dir)?);
        }
        store::create_new(&self.practice.root.join(rel), text.as_bytes())
    }

    /// One of the folder's records opened for an edit through the
    /// comment-keeping editor. (The gate has already refused a folder with a
    /// file it cannot read, so the record is there and parses.)
    pub fn document(&self, rel: &str, what: &'static str) -> Result<Document> {
        let Some(text) = self.before.text_of(rel) else {
            return Err(Error::NotFound {
                what,
                id: rel.to_string(),
                hint: "`mmx check` shows the records it can read".into(),
            });
        };
        let order = folder::record_fields(rel).map(fields::names);
        Document::parse(text)
            .map(|mut doc| {
                doc.keep_order(order.unwrap_or_default());
                doc
            })
            .map_err(|m| {
            Error::Records(format!(
                "{rel} cannot be edited until its TOML is fixed: {}\n  hint: `mmx check` shows where",
                m.trim()
            ))
        })
    }

    /// Writes an edited record if the gate admits it (see [`Pending::admit`]).
    pub fn write_edit(
        &self,
        rel: &str,
        text: &str,
        flags: Option<FlagOf<'_>>,
    ) -> Result<Vec<Diagnostic>> {
        let shown = self.admit(&[(rel, text)], flags)?;
        self.replace(rel, text)?;
        Ok(shown)
    }

    /// Replaces an existing record that [`Pending::admit`] let through.
    pub fn replace(&self, rel: &str, text: &str) -> Result<()> {
        if self.practice.dry_run {
            return self.show_unwritten(rel, text);
        }
        store::replace(&self.practice.root.join(rel), text.as_bytes())
    }

    /// `--dry-run`: the file a write would make, whole, on stdout (before
    /// what the command prints), and nothing written. Only what the gate
    /// admitted gets here: a refused change is refused as without it.
    fn show_unwritten(&self, rel: &str, text: &str) -> Result<()> {
        use std::io::Write;
        let mut out = std::io::stdout();
        let shown = crate::text::clean(text);
        write!(
            out,
            "# {} (not written: --dry-run)\n{shown}{}",
            crate::text::clean_line(rel),
            if shown.ends_with('\n') { "" } else { "\n" }
        )
        .map_err(crate::output::io_err)
    }
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
