//! What a check covers: the whole practice, or a tree in git judged on the
//! patients its change touches (`check --staged`, `--rev`, the hooks), and
//! the result every renderer reads (`CheckResult`).

use crate::check::checkout;
use crate::check::history;
use crate::check::history::{Breach, Destruction, Gone, Kind};
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
use crate::git::history::{Commit, Diff};
use crate::git::repo::Repo;
use crate::git::tree::GitTree;
use crate::practice;
use crate::practice::PATIENTS_DIR;
use crate::practice::Practice;
use crate::practice::SETTINGS_FILE;
use crate::practice::documents;
use crate::practice::folder;
use crate::practice::lint;
use crate::practice::tree;
use crate::practice::tree::EntryKind;
use crate::practice::tree::Tree;
use crate::vocab::Vocabulary;
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::BTreeSet;
use std::path::Path;

/// What `check --staged` and `check --rev` judge: a tree, and the tree it
/// changes (none: every patient is judged).
pub struct Target {
    pub tree: String,
    pub base: Option<String>,
    /// How the change from `base` is judged as history (see
    /// check/history.rs); `None`: only the tree is judged (a new branch's
    /// tip against the remote's HEAD: a branch may start anywhere).
    pub history: Option<History>,
    /// Whether the patients the change does not touch are counted (their
    /// errors are one line, never a refusal): not for each commit of a push.
    pub count_others: bool,
}

/// What a change's history is judged with, beyond its two trees.
#[derive(Debug, Clone, Default)]
pub struct History {
    /// The messages whose `Mmx-Destroy:` trailers let the change delete
    /// records: the commit's own, and those of the commits it brings.
    pub messages: Vec<String>,
    /// A merge's other parents: each one's tree, and the messages that may
    /// delete records relative to it.
    pub merged: Vec<(String, Vec<String>)>,
    /// The tree of the merge's base, where its sides part.
    pub merge_base: Option<String>,
    pub deletions: Deletions,
}

/// How deleted records are judged.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Deletions {
    /// With the rest.
    #[default]
    Judged,
    /// Not here: the pre-commit hook has no message yet, so the commit-msg
    /// hook judges them.
    Later,
    /// Nothing else: the commit-msg hook, after the pre-commit hook judged
    /// the rest.
    Only,
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
    let diffs = match &target.base {
        Some(base) => Some(repo.diff(base, &target.tree)?),
        None => None,
    };
    let scope = match &diffs {
        Some(diffs) => {
            let paths: Vec<String> = diffs.iter().map(|d| d.path.clone()).collect();
            Scope::of_change(&paths)
        }
        None => Scope::All,
    };
    if let Some(history) = &target.history
        && history.deletions == Deletions::Only
    {
        // A first commit has nothing to delete.
        let (Some(base), Some(diffs)) = (&target.base, &diffs) else {
            return Ok(CheckResult {
                diagnostics: Vec::new(),
                summary: Summary::default(),
                change: None,
            });
        };
        return deletions_only(repo, root, target, history, (base, diffs), &scope, today);
    }
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
    // The files the change shares: the ones it adds or changes (every
    // file, when there is no base).
    let shared = match &diffs {
        Some(diffs) => diffs
            .iter()
            .filter(|d| d.is_in_new_tree())
            .map(|d| d.path.clone())
            .collect(),
        None => repo.paths(&target.tree)?,
    };
    let mut found = checkout_findings(repo, &scope, &shared, &tree)?;
    found.extend(attributes_above(repo, target, diffs.is_some())?);
    if let (Some(history), Some(base), Some(diffs)) = (&target.history, &target.base, &diffs) {
        found.extend(history_findings(
            repo,
            root,
            target,
            history,
            (base, diffs),
            &tree,
            today,
        )?);
    }
    report.add(found);
    let listing = tree::PatientsListing::of(&tree).map_err(|e| Error::io(root, e))?;
    // What it shares that is no record but names a patient.
    report.add_shared_documents(&shared, &listing.ids);
    let (patients, other_patients_with_errors) = match scope.patients() {
        None => (listing.ids, 0),
        Some(touched) if !target.count_others => (
            listing
                .ids
                .iter()
                .filter(|id| touched.contains(*id))
                .cloned()
                .collect(),
            0,
        ),
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
    /// Adds findings found beside the records' own (a change's history,
    /// what a checkout makes of the tree), keeping the order and the counts.
    fn add(&mut self, found: Vec<Diagnostic>) {
        if found.is_empty() {
            return;
        }
        self.diagnostics.extend(found);
        diag::sort(&mut self.diagnostics);
        self.summary.errors = self
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count();
        self.summary.warnings = self.diagnostics.len() - self.summary.errors;
    }

    /// Warnings for the files git shares (`paths`) that are no record but
    /// name a patient ([`documents::committed`]), but for those a finding
    /// already names (a stray file, a conflict copy, an unreadable one).
    fn add_shared_documents(&mut self, paths: &[String], ids: &[String]) {
        let named: std::collections::HashSet<&str> =
            self.diagnostics.iter().map(|d| d.file.as_str()).collect();
        let unnamed: Vec<String> = paths
            .iter()
            .filter(|p| !named.contains(p.as_str()))
            .cloned()
            .collect();
        self.add(documents::committed(&unnamed, ids));
    }

    /// `check`'s text: the findings, the counts, and for a change, how many
    /// patients it does not touch have errors. Quiet, nothing but that line
    /// when there are no findings. `folder` names the practice folder in
    /// the command that makes its files private.
    pub fn render_human(
        &self,
        out: &mut dyn std::io::Write,
        quiet: bool,
        color: bool,
        verbose: bool,
        folder: &str,
    ) -> std::io::Result<()> {
        if !(quiet && self.diagnostics.is_empty()) {
            diag::render_human_grouped(out, &self.diagnostics, color, !verbose, folder)?;
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

/// [`check_practice`], and, when the practice is in git, the files git
/// holds that are no record but name a patient (see
/// [`documents::committed`]): what `mmx check` of the folder says.
pub fn check_folder(practice: &Practice, today: NaiveDate) -> Result<CheckResult> {
    let mut report = check_practice(practice, today)?;
    // Not in git (or no git on this computer): nothing is shared.
    if let Ok(repo) = Repo::open(&practice.root) {
        let tracked = repo.tracked()?;
        report.add_shared_documents(&tracked, &practice.patient_ids()?);
    }
    Ok(report)
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

impl Target {
    /// What a commit would record now (git's index), against `base`, or
    /// HEAD and the heads a merge in progress joins it with.
    /// `message` is the commit's, when known (the commit-msg hook).
    pub fn staged(
        repo: &Repo,
        base: Option<&str>,
        deletions: Deletions,
        message: Option<String>,
    ) -> Result<Target> {
        let tree = repo.staged_tree()?;
        let mut history = History {
            messages: message.iter().cloned().collect(),
            deletions,
            ..History::default()
        };
        let base = match base {
            Some(base) => Some(resolve(repo, base)?),
            None => {
                let head = repo.tree_of("HEAD")?;
                let heads = if head.is_some() {
                    repo.merge_heads()?
                } else {
                    Vec::new()
                };
                if !heads.is_empty() {
                    let ours = vec!["HEAD".to_string()];
                    for h in &heads {
                        history.messages.extend(repo.messages(h, &ours)?);
                        let mut messages: Vec<String> = message.iter().cloned().collect();
                        messages.extend(repo.messages("HEAD", std::slice::from_ref(h))?);
                        history.merged.push((resolve(repo, h)?, messages));
                    }
                    let mut all = ours;
                    all.extend(heads);
                    history.merge_base = match repo.merge_base(&all)? {
                        Some(c) => repo.tree_of(&c)?,
                        None => None,
                    };
                }
                head
            }
        };
        Ok(Target {
            tree,
            base,
            history: Some(history),
            count_others: true,
        })
    }

    /// A commit, branch, tag or tree, against `base` (none: every patient
    /// is judged, and no history). Between two commits, the trailers of the
    /// commits `rev` brings may delete records.
    pub fn rev(repo: &Repo, rev: &str, base: Option<&str>) -> Result<Target> {
        let tree = resolve(repo, rev)?;
        let Some(base) = base else {
            return Ok(Target {
                tree,
                base: None,
                history: None,
                count_others: true,
            });
        };
        let base_tree = resolve(repo, base)?;
        let messages = match (repo.commit_of(rev)?, repo.commit_of(base)?) {
            (Some(rev), Some(base)) => repo.messages(&rev, &[base])?,
            _ => Vec::new(),
        };
        Ok(Target {
            tree,
            base: Some(base_tree),
            history: Some(History {
                messages,
                ..History::default()
            }),
            count_others: true,
        })
    }

    /// A commit of a push, against its parents (its first parent's tree is
    /// the base; a merge's others are judged for history too). A root
    /// commit is judged whole.
    pub fn commit(repo: &Repo, commit: &Commit) -> Result<Target> {
        let tree_of = |rev: &str| -> Result<String> {
            repo.tree_of(rev)?
                .ok_or_else(|| Error::Usage(format!("commit {rev} has no tree")))
        };
        let Some(first) = commit.parents.first() else {
            return Ok(Target {
                tree: commit.tree.clone(),
                base: None,
                history: None,
                count_others: false,
            });
        };
        let mut history = History {
            messages: vec![commit.message.clone()],
            ..History::default()
        };
        if commit.parents.len() > 1 {
            history.messages = repo.messages(&commit.oid, std::slice::from_ref(first))?;
            for parent in &commit.parents[1..] {
                history.merged.push((
                    tree_of(parent)?,
                    repo.messages(&commit.oid, std::slice::from_ref(parent))?,
                ));
            }
            history.merge_base = match repo.merge_base(&commit.parents)? {
                Some(c) => Some(tree_of(&c)?),
                None => None,
            };
        }
        Ok(Target {
            tree: commit.tree.clone(),
            base: Some(tree_of(first)?),
            history: Some(history),
            count_others: false,
        })
    }
}

/// The commit-msg hook's check: the records the staged commit deletes,
/// judged with its message (the pre-commit hook judged the rest). A commit
/// that deletes nothing, and is no merge, costs one read of the index.
pub fn check_message(
    repo: &Repo,
    root: &Path,
    message: String,
    today: NaiveDate,
) -> Result<CheckResult> {
    let empty = CheckResult {
        diagnostics: Vec::new(),
        summary: Summary::default(),
        change: None,
    };
    if repo.tree_of("HEAD")?.is_none() {
        return Ok(empty);
    }
    if repo.merge_heads()?.is_empty() && !repo.stages_deletions()? {
        return Ok(empty);
    }
    let target = Target::staged(repo, None, Deletions::Only, Some(message))?;
    // The day says whether a destroyed folder's retention period has passed.
    check(repo, root, &target, today)
}

fn resolve(repo: &Repo, rev: &str) -> Result<String> {
    repo.tree_of(rev)?.ok_or_else(|| {
        Error::Usage(
            "HEAD has no commit yet: there is no tree to check; commit first, or use --staged"
                .into(),
        )
    })
}

/// The commit-msg hook's check: only the records the change deletes.
fn deletions_only(
    repo: &Repo,
    root: &Path,
    target: &Target,
    history: &History,
    (base, diffs): (&str, &[Diff]),
    scope: &Scope,
    today: NaiveDate,
) -> Result<CheckResult> {
    let mut report = CheckResult {
        diagnostics: Vec::new(),
        summary: Summary::default(),
        change: Some(TreeChange {
            tree: target.tree.clone(),
            base: target.base.clone(),
            patients: scope.patients().into_iter().flatten().cloned().collect(),
            other_patients_with_errors: 0,
        }),
    };
    // Most commits delete nothing: then git need not be asked more.
    let deletes = diffs
        .iter()
        .any(|d| d.was_file() && !d.is_file() && Kind::of(&d.path).is_some());
    if !deletes && history.merged.is_empty() {
        return Ok(report);
    }
    // The top and patients/ are enough to know which folders are gone.
    let tree = repo.read_tree(&target.tree, Some(&BTreeSet::new()))?;
    report.add(history_findings(
        repo,
        root,
        target,
        history,
        (base, diffs),
        &tree,
        today,
    )?);
    Ok(report)
}

/// What the change may not do to the records it had (see check/history.rs):
/// judged against the base, and for a merge against each merged side too.
fn history_findings(
    repo: &Repo,
    root: &Path,
    target: &Target,
    history: &History,
    (base, diffs): (&str, &[Diff]),
    tree: &GitTree,
    today: NaiveDate,
) -> Result<Vec<Diagnostic>> {
    let merged: Vec<(&str, &[String], Vec<Diff>)> = history
        .merged
        .iter()
        .map(|(parent, messages)| {
            Ok((
                parent.as_str(),
                messages.as_slice(),
                repo.diff(parent, &target.tree)?,
            ))
        })
        .collect::<Result<_>>()?;
    let parents = std::iter::once((base, history.messages.as_slice(), diffs)).chain(
        merged
            .iter()
            .map(|(parent, messages, diffs)| (*parent, *messages, diffs.as_slice())),
    );
    let mut found: Vec<Diagnostic> = Vec::new();
    for (parent, messages, diffs) in parents {
        let destroyed: Vec<Destruction> = messages
            .iter()
            .flat_map(|m| history::destructions(m))
            .collect();
        // A destruction names what is gone whole: a folder that is still
        // a folder destroys nothing.
        let authorised = |path: &str| {
            destroyed.iter().any(|d| {
                d.covers(path)
                    && (d.path == path || !matches!(tree.at(&d.path), Some((EntryKind::Dir, _))))
            })
        };
        let mut gone: std::collections::BTreeMap<String, (Gone, usize)> = Default::default();
        // The records of each folder a trailer destroys, by their old blobs.
        let mut destroyed_records: std::collections::BTreeMap<String, Vec<String>> =
            Default::default();
        let mut changed: Vec<(&Diff, Kind)> = Vec::new();
        for d in diffs {
            let Some(kind) = Kind::of(&d.path) else {
                continue;
            };
            if !d.was_file() {
                continue;
            }
            if d.is_file() {
                if !kind.is_edited() && history.deletions != Deletions::Only {
                    changed.push((d, kind));
                }
                continue;
            }
            if history.deletions == Deletions::Later {
                continue;
            }
            let folder = d.path.splitn(3, '/').take(2).collect::<Vec<_>>().join("/");
            let how = match tree.at(&folder) {
                Some((EntryKind::Dir, _)) => None,
                None => Some(Gone::Removed),
                Some((EntryKind::File, _)) => Some(Gone::Replaced("a file")),
                Some((EntryKind::Symlink, _)) => Some(Gone::Replaced("a symbolic link")),
                Some((EntryKind::Other(what) | EntryKind::Broken(what), _)) => {
                    Some(Gone::Replaced(what))
                }
            };
            match how {
                Some(how) if !authorised(&folder) => gone.entry(folder).or_insert((how, 0)).1 += 1,
                Some(_) => destroyed_records
                    .entry(folder)
                    .or_default()
                    .push(d.old_oid.clone()),
                None if !authorised(&d.path) => {
                    found.push(history::finding(&d.path, kind, &Breach::Deleted, b""));
                }
                None => {}
            }
        }
        for (folder, (how, n)) in gone {
            found.push(history::folder_finding(&folder, how, n));
        }
        if !destroyed_records.is_empty() {
            let years = practice_in(repo, root, &target.tree)
                .and_then(|p| p.settings.rules.retention_years);
            for (folder, oids) in destroyed_records {
                let last = repo
                    .blobs(oids)?
                    .into_iter()
                    .flatten()
                    .filter_map(|b| history::latest_date(&b))
                    .max();
                found.extend(history::retention_refusal(&folder, years, last, today));
            }
        }
        if changed.is_empty() {
            continue;
        }
        let merging = history
            .merge_base
            .as_deref()
            .filter(|_| !history.merged.is_empty());
        let mut names = Vec::new();
        for (d, _) in &changed {
            names.push(d.old_oid.clone());
            names.push(d.new_oid.clone());
            if let Some(mb) = merging {
                names.push(repo.spec(mb, &d.path));
            }
        }
        let mut blobs = repo.blobs(names)?.into_iter();
        // mmx fmt's form of a record is the parent's vocabulary's.
        let mut vocab: Option<Option<Vocabulary>> = None;
        for (d, kind) in changed {
            let (old, new) = (blobs.next().flatten(), blobs.next().flatten());
            let shared = if merging.is_some() {
                blobs.next().flatten()
            } else {
                None
            };
            let (Some(old), Some(new)) = (old, new) else {
                continue;
            };
            let canonical = || {
                let vocab =
                    vocab.get_or_insert_with(|| practice_in(repo, root, parent).map(|p| p.vocab));
                let text = std::str::from_utf8(&old).ok()?;
                folder::canonical_text(&d.path, text, vocab.as_ref()?).map(|(t, _)| t)
            };
            let Some(breach) = history::judge(kind, &old, &new, canonical) else {
                continue;
            };
            if shared.is_some_and(|b| history::judge_merged(kind, &b, &old, &new)) {
                continue;
            }
            found.push(history::finding(&d.path, kind, &breach, &new));
        }
    }
    // A merge's sides may find the same.
    diag::sort(&mut found);
    found.dedup_by(|a, b| {
        (&a.file, a.line, a.column, a.code) == (&b.file, b.line, b.column, b.code)
    });
    Ok(found)
}

/// The practice in `tree`, if its settings can be read: its vocabulary
/// (for `mmx fmt`'s form of a record), its rules (a retention period).
fn practice_in(repo: &Repo, root: &Path, tree: &str) -> Option<Practice> {
    let bytes = repo
        .blobs(vec![repo.spec(tree, SETTINGS_FILE)])
        .ok()?
        .into_iter()
        .next()??;
    Practice::with_settings(root.to_path_buf(), &bytes).ok()
}

/// What a checkout of the tree would make of the records (see
/// check/checkout.rs): git's own files, hidden ones included: those the
/// change touches, or all. (Twins of the practice's names at its top are
/// the practice folder's own findings: `lint::practice_findings`.)
fn checkout_findings(
    repo: &Repo,
    scope: &Scope,
    paths: &[String],
    tree: &GitTree,
) -> Result<Vec<Diagnostic>> {
    let mut found = Vec::new();
    let git_files = paths.iter().filter(|p| {
        let name = p.rsplit('/').next().unwrap_or(p).to_lowercase();
        name == ".gitattributes" || name == ".gitmodules"
    });
    for path in git_files {
        if path != ".gitattributes" {
            found.extend(checkout::git_file(path));
            continue;
        }
        if let Some(node) = tree.node(path)
            && node.kind == EntryKind::File
            && let Some(Some(bytes)) = repo.blobs(vec![node.oid.clone()])?.pop()
        {
            found.extend(checkout::attributes(
                path,
                &String::from_utf8_lossy(&bytes),
                "",
            ));
        }
    }
    found.retain(|d| scope.covers_path(&d.file));
    Ok(found)
}

/// The findings in the `.gitattributes` of the folders above a practice
/// that is a folder of a larger repository: git applies them to the
/// practice's files as much as its own. For a change, those it adds or
/// changes (as a change is judged on what it touches); else all.
fn attributes_above(repo: &Repo, target: &Target, change: bool) -> Result<Vec<Diagnostic>> {
    let mut above = repo.attributes_above(&target.tree)?;
    if above.is_empty() {
        return Ok(Vec::new());
    }
    if change && let Some(base) = &target.base {
        let before = repo.attributes_above(base)?;
        above.retain(|a| !before.contains(a));
    }
    let texts = repo.blobs(above.iter().map(|a| a.oid.clone()).collect())?;
    Ok(above
        .iter()
        .zip(texts)
        .filter_map(|(a, text)| {
            let text = text?;
            Some(checkout::attributes(
                &a.rel,
                &String::from_utf8_lossy(&text),
                &a.below,
            ))
        })
        .flatten()
        .collect())
}
