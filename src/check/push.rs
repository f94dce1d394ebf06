//! A push judged as a clinic's shared remote judges it (the pre-receive
//! hook): every commit it brings, each against its parents, so no commit
//! that breaks a rule lands in the remote's history, even one a later
//! commit of the same push fixes; a new branch or tag that brings no commit
//! against the remote's HEAD, on every patient whose records differ from it.

use std::collections::HashSet;
use std::path::Path;

use chrono::NaiveDate;

use crate::check::scope::{self, CheckResult, Target};
use crate::error::{Error, Result};
use crate::git::repo::Repo;
use crate::text;

/// One ref a push updates, as git gives it to the pre-receive hook.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Update {
    pub old: String,
    pub new: String,
    pub name: String,
}

impl Update {
    /// `OLD NEW REF`, one line of the hook's input.
    pub fn parse(line: &str) -> Option<Update> {
        let mut fields = line.split_whitespace();
        let (old, new, name) = (fields.next()?, fields.next()?, fields.next()?);
        Some(Update {
            old: old.to_string(),
            new: new.to_string(),
            name: name.to_string(),
        })
    }
}

fn is_zero(oid: &str) -> bool {
    oid.bytes().all(|b| b == b'0')
}

/// What was judged, with findings: one commit of the push, or a ref's tip.
#[derive(Debug)]
pub struct Verdict {
    /// The ref it was pushed to.
    pub name: String,
    /// The commit judged against its parents; `None`: the ref's new tip,
    /// judged against the remote's HEAD (a new ref) or the ref's old tip.
    pub commit: Option<String>,
    pub report: CheckResult,
}

/// Judges each update of a push; the verdicts with findings, in the order
/// the commits were made. Any error among them refuses the whole push.
pub fn judge(
    repo: &Repo,
    root: &Path,
    updates: &[Update],
    today: NaiveDate,
) -> Result<Vec<Verdict>> {
    let mut verdicts = Vec::new();
    let mut judged: HashSet<String> = HashSet::new();
    for update in updates {
        // A deleted ref brings no records, but may be the only one holding
        // commits that do: git refuses deleting a branch
        // (receive.denyDeletes), and mmx a tag or any other ref.
        if is_zero(&update.new) {
            return Err(Error::Records(format!(
                "deleting {} is refused: the shared remote keeps every ref it took, since a tag or a branch may be the only one holding commits with records; nothing was changed",
                text::clean_line(&update.name)
            )));
        }
        // A ref names a commit (or a tag of one): a tree or a blob pushed
        // as a tag or a branch would be records with no history to judge.
        if repo.commit_of(&update.new)?.is_none() {
            return Err(Error::Records(format!(
                "{} names no commit (a tree or a file given a ref of its own): the practice's history is a chain of commits, each judged against its parents; nothing was taken\n  hint: tag or push a commit (`git tag NAME COMMIT`), not a tree",
                text::clean_line(&update.name)
            )));
        }
        let mut brought = false;
        for oid in repo.new_commits(&update.new)? {
            brought = true;
            if !judged.insert(oid.clone()) {
                continue;
            }
            let commit = repo.commit(&oid)?;
            let report = scope::check(repo, root, &Target::commit(repo, &commit)?, today)?;
            if !report.diagnostics.is_empty() {
                verdicts.push(Verdict {
                    name: update.name.clone(),
                    commit: Some(oid),
                    report,
                });
            }
        }
        // Its commits judged, a ref's tip is what they made it. A ref that
        // brings none, naming a commit the remote has (even one that was
        // never a tip, from before its hook), is judged as a tree: a new
        // branch or tag against the remote's own HEAD, on every patient
        // whose records differ from it; a moved one against where it was.
        if brought {
            continue;
        }
        let base = if is_zero(&update.old) {
            repo.tree_of("HEAD")?
        } else {
            repo.tree_of(&update.old)?
        };
        let Some(tree) = repo.tree_of(&update.new)? else {
            continue;
        };
        let target = Target {
            tree,
            base,
            history: None,
            count_others: true,
        };
        let report = scope::check(repo, root, &target, today)?;
        if !report.diagnostics.is_empty() {
            verdicts.push(Verdict {
                name: update.name.clone(),
                commit: None,
                report,
            });
        }
    }
    Ok(verdicts)
}
