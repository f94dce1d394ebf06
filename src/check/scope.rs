//! What a check covers: the whole practice, or a tree in git judged on the
//! patients its change touches (`check --staged`, `--rev`, the hooks), and
//! the result every renderer reads (`CheckResult`).

use crate::check::review::context;
use crate::check::review::review;
use crate::text;

use crate::diag;
use crate::diag::Code;
use crate::diag::Diagnostic;
use crate::diag::Severity;
use crate::diag::Summary;
use crate::error::{Error, Result};
use crate::git::cache::FindingsCache;
use crate::git::repo::Repo;
use crate::practice;
use crate::practice::PATIENTS_DIR;
use crate::practice::Practice;
use crate::practice::SETTINGS_FILE;
use crate::practice::lint;
use crate::practice::tree;
use crate::practice::tree::EntryKind;
use crate::practice::tree::Tree;
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::BTreeSet;
use std::path::Path;

/// What `check --staged` and `check --rev` judge: a tree, and the tree it
/// changes (none: every patient is judged).
pub struct Target {
    pub tree: String,
    pub base: Option<String>,
}

/// Checks the practice in `target.tree` with the gate: the patients the
/// change touches are judged; patients it does not touch are only counted
/// when they have errors (through [`FindingsCache`], so the cost follows the
/// change, not the practice).
pub fn check(
    repo: &Repo,
    root: &Path,
    target: &Target,
    today: chrono::NaiveDate,
) -> Result<CheckResult> {
    let scope = match &target.base {
        Some(base) => Scope::of_change(&repo.changed(base, &target.tree)?),
        None => Scope::All,
    };
    let tree = repo.read_tree(&target.tree, scope.patients())?;
    let settings = match tree.at(SETTINGS_FILE) {
        Some((EntryKind::File, _)) => tree.settings(),
        Some((EntryKind::Symlink, _)) => {
            return Err(Error::Usage(format!(
                "{SETTINGS_FILE} in the tree {} is a symbolic link; mmx reads the practice's settings from the file itself",
                target.tree
            )));
        }
        Some((EntryKind::Other(why) | EntryKind::Broken(why), _)) => {
            return Err(Error::Usage(format!(
                "{SETTINGS_FILE} in the tree {} cannot be read: {why}",
                target.tree
            )));
        }
        _ => None,
    };
    let Some(settings) = settings else {
        return Err(Error::Usage(format!(
            "the tree {} has no {SETTINGS_FILE}{}, so it holds no practice{}",
            target.tree,
            if repo.prefix.is_empty() {
                " at its top".to_string()
            } else {
                format!(" in {}", repo.practice_dir())
            },
            if repo.bare {
                "\n  hint: a shared remote's practice is the top of its repository, as `mmx init --git` makes it"
            } else {
                ""
            }
        )));
    };
    // As the folder on disk: a linked patients/ is refused, not followed.
    if let Some((EntryKind::Symlink, _)) = tree.at(PATIENTS_DIR) {
        return Err(practice::patients_is_a_link(PATIENTS_DIR));
    }
    let practice = practice::Practice::with_settings(root.to_path_buf(), settings)?;
    let mut report = check_tree(&practice, &tree, today, &scope)?;
    let listing = tree::PatientsListing::of(&tree).map_err(|e| Error::io(root, e))?;
    let (patients, other_patients_with_errors) = match scope.patients() {
        None => (listing.ids, 0),
        Some(touched) => {
            let judged = listing
                .ids
                .iter()
                .filter(|id| touched.contains(*id))
                .cloned()
                .collect();
            let others = listing.ids.iter().filter(|id| !touched.contains(*id));
            let settings_oid = tree.node(SETTINGS_FILE).map_or("", |n| &n.oid);
            let mut cache = FindingsCache::open(repo, settings_oid, today);
            let mut with_errors = practice_errors_outside(&tree, &scope);
            let mut misses = std::collections::BTreeSet::new();
            for id in others {
                // A copy of a patient's folder is an error of that patient's.
                if listing.copies.contains_key(id) {
                    with_errors += 1;
                    continue;
                }
                let oid = tree
                    .node(&format!("{PATIENTS_DIR}/{id}"))
                    .map_or("", |n| n.oid.as_str());
                match cache.errors(id, oid) {
                    Some(n) => with_errors += usize::from(n > 0),
                    None => {
                        misses.insert(id.clone());
                    }
                }
            }
            if !misses.is_empty() {
                let missed = repo.read_tree(&target.tree, Some(&misses))?;
                for (id, errors) in error_counts(&practice, &missed, today, &misses)? {
                    with_errors += usize::from(errors > 0);
                    if let Some(n) = missed.node(&format!("{PATIENTS_DIR}/{id}")) {
                        cache.insert(&id, &n.oid, errors);
                    }
                }
                cache.save();
            }
            (judged, with_errors)
        }
    };
    report.change = Some(TreeChange {
        tree: target.tree.clone(),
        base: target.base.clone(),
        patients,
        other_patients_with_errors,
    });
    Ok(report)
}

/// The result of a check: sorted findings and counts, and for a change
/// checked in git, what it was judged on.
#[derive(Debug, Serialize)]
pub struct CheckResult {
    pub diagnostics: Vec<Diagnostic>,
    pub summary: Summary,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub change: Option<TreeChange>,
}

impl CheckResult {
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
pub struct TreeChange {
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
                .map(|p| text::clean_line(p).into_owned())
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
pub fn check_practice(practice: &Practice, today: NaiveDate) -> Result<CheckResult> {
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
) -> Result<CheckResult> {
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
    Ok(CheckResult {
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
