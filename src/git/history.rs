//! What git knows of a change beyond its trees: each path's old and new blob
//! (`diff-tree --raw`), a commit's parents and message, the commits a push
//! brings, a merge's base, a merge in progress. The check of history
//! (check/history.rs) judges what these read; nothing here judges.

use std::path::PathBuf;

use crate::error::{Error, Result};
use crate::git::repo::{Repo, cannot_run, first_line, split_z};

/// A `.gitattributes` in a folder above the practice, inside the repository.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttributesAbove {
    /// Its path from the practice folder (`../.gitattributes`).
    pub rel: String,
    /// The practice folder's path from the folder it is in (`front desk`).
    pub below: String,
    /// Its blob.
    pub oid: String,
}

/// One path that differs between two trees, relative to the practice
/// folder, as `git diff-tree --raw` gives it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diff {
    pub path: String,
    /// git's modes (`100644`, `120000`, `040000`, `160000`; `000000` where
    /// the path is not in that tree).
    pub old_mode: String,
    pub new_mode: String,
    pub old_oid: String,
    pub new_oid: String,
}

impl Diff {
    /// Whether the path is a regular file in the old tree.
    pub fn was_file(&self) -> bool {
        is_file_mode(&self.old_mode)
    }

    /// Whether the path is a regular file in the new tree.
    pub fn is_file(&self) -> bool {
        is_file_mode(&self.new_mode)
    }

    /// Whether the path is in the new tree at all (added or changed, not
    /// deleted).
    pub fn is_in_new_tree(&self) -> bool {
        self.new_mode != "000000"
    }
}

fn is_file_mode(mode: &str) -> bool {
    mode == "100644" || mode == "100755"
}

/// A commit as the check of a push reads it.
#[derive(Debug, Clone)]
pub struct Commit {
    pub oid: String,
    pub tree: String,
    pub parents: Vec<String>,
    /// Its message, lossily UTF-8.
    pub message: String,
}

impl Repo {
    /// Every practice path that differs between two trees, with its modes
    /// and blobs: files, links and submodules (folders are walked, not
    /// listed; a rename is a deletion and an addition).
    pub fn diff(&self, base: &str, tree: &str) -> Result<Vec<Diff>> {
        let relative = format!("--relative={}", self.prefix);
        let mut args = vec![
            "diff-tree",
            "-r",
            "-z",
            "--raw",
            "--no-renames",
            "--no-ext-diff",
        ];
        if !self.prefix.is_empty() {
            args.push(&relative);
        }
        args.extend([base, tree]);
        let out = self.run_on_trees(&args, "cannot compare the trees")?;
        // `:<old mode> <new mode> <old oid> <new oid> <status>` NUL `<path>` NUL
        let mut fields = split_z(&out);
        let mut diffs = Vec::new();
        while let Some(meta) = fields.next() {
            let Some(path) = fields.next() else { break };
            let mut parts = meta.trim_start_matches(':').split(' ');
            let (Some(old_mode), Some(new_mode), Some(old_oid), Some(new_oid)) =
                (parts.next(), parts.next(), parts.next(), parts.next())
            else {
                continue;
            };
            diffs.push(Diff {
                path: path.into_owned(),
                old_mode: old_mode.to_string(),
                new_mode: new_mode.to_string(),
                old_oid: old_oid.to_string(),
                new_oid: new_oid.to_string(),
            });
        }
        Ok(diffs)
    }

    /// The contents of the blobs named (an id, or `TREE:PATH`), in the order
    /// asked; `None` for one that is missing or not a blob.
    pub fn blobs(&self, names: Vec<String>) -> Result<Vec<Option<Vec<u8>>>> {
        self.cat_blobs(names)
    }

    /// `REV:PATH` for a path of the practice folder.
    pub fn spec(&self, rev: &str, rel: &str) -> String {
        format!("{rev}:{}{rel}", self.prefix)
    }

    /// The commit `rev` names (a tag is peeled), if it names one.
    pub fn commit_of(&self, rev: &str) -> Result<Option<String>> {
        self.object(&format!("{rev}^{{commit}}"))
    }

    /// A commit's tree, parents and message.
    pub fn commit(&self, oid: &str) -> Result<Commit> {
        let out = self.run(&["cat-file", "commit", oid], "cannot read a commit")?;
        let text = String::from_utf8_lossy(&out);
        let (headers, message) = text.split_once("\n\n").unwrap_or((&text, ""));
        let mut commit = Commit {
            oid: oid.to_string(),
            tree: String::new(),
            parents: Vec::new(),
            message: message.to_string(),
        };
        for line in headers.lines() {
            if let Some(tree) = line.strip_prefix("tree ") {
                commit.tree = tree.to_string();
            } else if let Some(parent) = line.strip_prefix("parent ") {
                commit.parents.push(parent.to_string());
            }
        }
        Ok(commit)
    }

    /// The commits reachable from `tip` that no ref of this repository
    /// reaches, parents before children: what a push brings (in the
    /// pre-receive hook no ref has moved yet).
    pub fn new_commits(&self, tip: &str) -> Result<Vec<String>> {
        let out = self.run(
            &[
                "rev-list",
                "--topo-order",
                "--reverse",
                tip,
                "--not",
                "--all",
            ],
            "cannot list the commits pushed",
        )?;
        Ok(String::from_utf8_lossy(&out)
            .lines()
            .map(str::to_string)
            .collect())
    }

    /// The messages of the commits reachable from `tip` and from none of
    /// `not`.
    pub fn messages(&self, tip: &str, not: &[String]) -> Result<Vec<String>> {
        let mut args = vec!["log", "-z", "--format=%B", tip, "--not"];
        args.extend(not.iter().map(String::as_str));
        let out = self.run(&args, "cannot read the commits' messages")?;
        Ok(out
            .split(|b| *b == 0)
            .map(|m| String::from_utf8_lossy(m).into_owned())
            .filter(|m| !m.is_empty())
            .collect())
    }

    /// The best common ancestor of `commits` (of all of them, for more than
    /// two), if they have one.
    pub fn merge_base(&self, commits: &[String]) -> Result<Option<String>> {
        let out = self
            .git()
            .args(["merge-base", "--octopus"])
            .args(commits)
            .output()
            .map_err(cannot_run)?;
        // Exit 1 with nothing said: unrelated histories.
        if !out.status.success() {
            if out.stderr.is_empty() {
                return Ok(None);
            }
            return Err(Error::Usage(format!(
                "cannot find where the merged commits meet: git says: {}",
                first_line(&out.stderr)
            )));
        }
        Ok(String::from_utf8_lossy(&out.stdout)
            .lines()
            .next()
            .map(str::to_string))
    }

    /// The commits a merge in progress joins HEAD with (`MERGE_HEAD`), none
    /// when no merge is in progress.
    pub fn merge_heads(&self) -> Result<Vec<String>> {
        let out = self.run(
            &[
                "rev-parse",
                "--path-format=absolute",
                "--git-path",
                "MERGE_HEAD",
            ],
            "cannot find git's folder",
        )?;
        let path = PathBuf::from(String::from_utf8_lossy(&out).trim_end_matches('\n'));
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(e) => return Err(Error::io(path, e)),
        };
        Ok(text
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(str::to_string)
            .collect())
    }

    /// Whether what is staged deletes (or turns into something else) a
    /// file of the practice that HEAD has: one read of the index, before
    /// anything more is asked of git; none when the pre-commit hook's check
    /// already found the index's tree and the index is the same file (then
    /// two trees are compared).
    pub fn stages_deletions(&self) -> Result<bool> {
        // git runs in the practice folder: `.` is the practice.
        let mut cmd = match self.known_staged_tree() {
            Some(tree) => {
                let mut cmd = self.trees_only();
                cmd.args([
                    "--literal-pathspecs",
                    "diff-tree",
                    "-r",
                    "--quiet",
                    "--no-renames",
                    "--diff-filter=DT",
                    "HEAD",
                    &tree,
                    "--",
                    ".",
                ]);
                cmd
            }
            None => {
                let mut cmd = self.git();
                cmd.args([
                    "--literal-pathspecs",
                    "diff-index",
                    "--cached",
                    "--quiet",
                    "--no-renames",
                    "--diff-filter=DT",
                    "HEAD",
                    "--",
                    ".",
                ]);
                cmd
            }
        };
        let out = cmd.output().map_err(cannot_run)?;
        match out.status.code() {
            Some(0) => Ok(false),
            Some(1) => Ok(true),
            _ => Err(Error::Usage(format!(
                "cannot compare the index with HEAD: git says: {}",
                first_line(&out.stderr)
            ))),
        }
    }

    /// The `.gitattributes` files (in any case: a case-insensitive clone
    /// reads them all the same) of the folders above the practice inside
    /// the repository, which git applies to the practice's files as much as
    /// its own: none when the practice is the repository's top.
    pub fn attributes_above(&self, tree: &str) -> Result<Vec<AttributesAbove>> {
        let parts: Vec<&str> = self
            .practice_dir()
            .split('/')
            .filter(|p| !p.is_empty())
            .collect();
        let mut found = Vec::new();
        // Each folder on the way down, by its tree id from the one above.
        let mut folder = Some(tree.to_string());
        for (depth, part) in parts.iter().enumerate() {
            let Some(oid) = folder.take() else { break };
            for (name, mode, blob, _) in self.ls_tree(&oid, false)? {
                if name.to_lowercase() == ".gitattributes" && is_file_mode(&mode) {
                    found.push(AttributesAbove {
                        rel: format!("{}{name}", "../".repeat(parts.len() - depth)),
                        below: parts[depth..].join("/"),
                        oid: blob,
                    });
                } else if name == *part && mode == "040000" {
                    folder = Some(blob);
                }
            }
        }
        Ok(found)
    }

    /// The path of every file, link and submodule of the practice in
    /// `tree`, hidden ones included, relative to the practice folder.
    pub fn paths(&self, tree: &str) -> Result<Vec<String>> {
        let Some(top) = self.practice_tree(tree)? else {
            return Ok(Vec::new());
        };
        let out = self.run(
            &[
                "--literal-pathspecs",
                "ls-tree",
                "-r",
                "-z",
                "--name-only",
                "--full-tree",
                &top,
            ],
            "cannot list the tree",
        )?;
        Ok(split_z(&out).map(|p| p.into_owned()).collect())
    }
}
