//! Git as a source of records: the staged index or any commit, read straight
//! from git's object store, never checked out. Git's own plumbing does the
//! reading (`write-tree`, `diff-tree`, `ls-tree`, one `cat-file --batch` for
//! every blob), so mmx sees exactly what git sees: the index a commit hook
//! is given (`GIT_INDEX_FILE`), the quarantined objects of a push, alternates
//! and worktrees. No record is ever written outside the practice.

use crate::diag;
use crate::text;
use std::collections::BTreeSet;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::error::{Error, Result};
use crate::git::staged;
use crate::git::tree::GitTree;
use crate::practice::PATIENTS_DIR;
use crate::practice::tree::EntryKind;

/// Up to this many patients' folders are listed one `git ls-tree` each (a
/// few milliseconds a process); more, and all of patients/ is listed at once
/// (about 0.2 s for 20,000 patients) and the rest left out.
const FOLDERS_ONE_BY_ONE: usize = 16;

/// A git repository holding a practice.
#[derive(Debug, Clone)]
pub struct Repo {
    /// Where git is run: the practice folder, or a bare repository.
    dir: PathBuf,
    /// The practice folder's path in the repository's trees, `/`-ended
    /// (empty when the practice is the top of the repository).
    pub(crate) prefix: String,
    /// The folder shared by all worktrees (`.git`, or the bare repository).
    pub common_dir: PathBuf,
    pub bare: bool,
    /// The index git reads here (`GIT_INDEX_FILE` when git gives a hook
    /// one), as an absolute path.
    index: PathBuf,
    /// The top of the work tree, given to git when `GIT_DIR` is set without
    /// `GIT_WORK_TREE` (as git sets it for hooks in a worktree): git would
    /// otherwise take the folder it runs in for the top.
    work_tree: Option<PathBuf>,
}

impl Repo {
    /// The repository `dir` is in; `dir` is the practice folder (or a bare
    /// repository, whose practice is at the top of its trees).
    pub fn open(dir: &Path) -> Result<Repo> {
        let repo = Repo::open_with(dir, None)?;
        let given_dir_only =
            std::env::var_os("GIT_DIR").is_some() && std::env::var_os("GIT_WORK_TREE").is_none();
        if repo.bare || !given_dir_only {
            return Ok(repo);
        }
        // With GIT_DIR alone, the folder mmx was started in is the top.
        let top = std::env::current_dir().map_err(|e| Error::io(".", e))?;
        Repo::open_with(dir, Some(top))
    }

    pub(super) fn open_with(dir: &Path, work_tree: Option<PathBuf>) -> Result<Repo> {
        let out = git_in(dir, work_tree.as_deref())
            .args([
                "rev-parse",
                "--path-format=absolute",
                "--is-bare-repository",
                "--git-common-dir",
                "--git-path",
                "index",
                "--show-prefix",
            ])
            .output()
            .map_err(cannot_run)?;
        if !out.status.success() {
            return Err(Error::Usage(format!(
                "{} is not in a git repository ({}); `mmx init --git` makes a practice one",
                text::clean(&dir.display().to_string()),
                first_line(&out.stderr)
            )));
        }
        let text = String::from_utf8_lossy(&out.stdout);
        let mut lines = text.lines();
        let bare = lines.next() == Some("true");
        let common_dir = PathBuf::from(lines.next().unwrap_or_default());
        let index = PathBuf::from(lines.next().unwrap_or_default());
        let prefix = if bare {
            String::new()
        } else {
            lines.next().unwrap_or_default().to_string()
        };
        Ok(Repo {
            dir: dir.to_path_buf(),
            prefix,
            common_dir,
            bare,
            index,
            work_tree,
        })
    }

    pub(super) fn git(&self) -> Command {
        git_in(&self.dir, self.work_tree.as_deref())
    }

    /// git for a command that reads trees and objects alone (`diff-tree`
    /// above all): it is given an empty index. diff-tree reads the index
    /// whole though two trees are all it compares: 40 ms of a hook's budget
    /// at 80,000 files. A path where there is no file is an empty index to
    /// git. Never for what reads the index (`write-tree`).
    pub(super) fn trees_only(&self) -> Command {
        let mut cmd = self.git();
        let none = self.common_dir.join("mmx").join("no-index");
        if std::fs::symlink_metadata(&none).is_err_and(|e| e.kind() == std::io::ErrorKind::NotFound)
        {
            cmd.env("GIT_INDEX_FILE", &none);
        }
        cmd
    }

    /// The folder git runs this repository's hooks from: `core.hooksPath`
    /// if set, else the hooks folder shared by all its worktrees.
    pub fn hooks_dir(&self) -> Result<PathBuf> {
        let out = self.run(
            &["rev-parse", "--path-format=absolute", "--git-path", "hooks"],
            "cannot find the hooks folder",
        )?;
        Ok(PathBuf::from(
            String::from_utf8_lossy(&out).trim_end_matches('\n'),
        ))
    }

    /// Whether `core.hooksPath` is set (so the hooks folder may be shared
    /// with other repositories).
    pub fn hooks_path_is_set(&self) -> Result<bool> {
        self.config_is_set("core.hooksPath")
    }

    /// Whether git's config says anything for `key` (in this repository,
    /// the user's or the system's config).
    pub fn config_is_set(&self, key: &str) -> Result<bool> {
        let out = self
            .git()
            .args(["config", "--get", key])
            .output()
            .map_err(cannot_run)?;
        Ok(out.status.success())
    }

    /// Makes git's own files private to their owner
    /// (`core.sharedRepository = 0600`) unless the repository already says
    /// how it is shared; whether it did.
    pub fn make_private(&self) -> Result<bool> {
        let set = self.config_is_set("core.sharedRepository")?;
        if !set {
            self.set_config("core.sharedRepository", "0600")?;
        }
        Ok(!set)
    }

    /// Whether git keeps this repository's files private to their owner
    /// (`core.sharedRepository = 0600`, as [`Repo::make_private`] sets it).
    pub fn is_private(&self) -> Result<bool> {
        let out = self
            .git()
            .args(["config", "--get", "core.sharedRepository"])
            .output()
            .map_err(cannot_run)?;
        Ok(out.status.success() && String::from_utf8_lossy(&out.stdout).trim() == "0600")
    }

    /// The files git holds in the practice folder (its index: what is
    /// committed, and what is staged to be), as paths from the practice's top.
    pub fn tracked(&self) -> Result<Vec<String>> {
        let out = self.run(&["ls-files", "-z"], "cannot list the files git holds")?;
        Ok(split_z(&out).map(|s| s.into_owned()).collect())
    }

    pub fn set_config(&self, key: &str, value: &str) -> Result<()> {
        self.run(&["config", key, value], &format!("cannot set git's {key}"))
            .map(drop)
    }

    /// The practice folder's path from the top of the work tree, without
    /// the trailing `/` (empty: the top).
    pub fn practice_dir(&self) -> &str {
        self.prefix.trim_end_matches('/')
    }

    /// Runs git and returns its output, or says what git said.
    pub(super) fn run(&self, args: &[&str], what: &str) -> Result<Vec<u8>> {
        finished(self.git().args(args), what)
    }

    /// [`Repo::run`] for a command that reads trees alone (see
    /// [`Repo::trees_only`]): `diff-tree`.
    pub(super) fn run_on_trees(&self, args: &[&str], what: &str) -> Result<Vec<u8>> {
        finished(self.trees_only().args(args), what)
    }

    /// The tree a commit would record now: the index, as `git commit` would
    /// write it (the hook's own index when git gives it one).
    /// Kept for the commit-msg hook of the same commit when the index was
    /// the same file before and after (see [`staged`]).
    pub fn staged_tree(&self) -> Result<String> {
        let before = staged::stamp(&self.index);
        let out = self.git().arg("write-tree").output().map_err(cannot_run)?;
        if !out.status.success() {
            let said = String::from_utf8_lossy(&out.stderr);
            if said.contains("unmerged") {
                return Err(Error::Usage(
                    "the index has unresolved merge conflicts, so there is nothing a commit could record yet; `git status` lists them: resolve each, `git add` it, then commit".into(),
                ));
            }
            return Err(Error::Usage(format!(
                "cannot read the index: git says: {}",
                first_line(&out.stderr)
            )));
        }
        let tree = String::from_utf8_lossy(&out.stdout).trim().to_string();
        if let Some(before) = before
            && staged::stamp(&self.index).as_ref() == Some(&before)
        {
            staged::remember(&self.staged_note(), &self.index, &before, &tree);
        }
        Ok(tree)
    }

    /// The tree of the index as [`Repo::staged_tree`] last found it, if the
    /// index is still that same file: no need to read it again.
    pub(super) fn known_staged_tree(&self) -> Option<String> {
        staged::recall(&self.staged_note(), &self.index)
    }

    fn staged_note(&self) -> PathBuf {
        self.common_dir.join("mmx").join("staged-tree")
    }

    /// The object `spec` names (`REV^{tree}`, `TREE:PATH`), if any.
    pub(super) fn object(&self, spec: &str) -> Result<Option<String>> {
        let out = self
            .git()
            .args(["rev-parse", "--verify", "--quiet", "--end-of-options", spec])
            .output()
            .map_err(cannot_run)?;
        Ok(out
            .status
            .success()
            .then(|| String::from_utf8_lossy(&out.stdout).trim().to_string()))
    }

    /// The tree of a commit, branch, tag or tree; `None` for `HEAD` in a
    /// repository with no commit yet.
    pub fn tree_of(&self, rev: &str) -> Result<Option<String>> {
        if let Some(tree) = self.object(&format!("{rev}^{{tree}}"))? {
            return Ok(Some(tree));
        }
        // `REV:PATH` names a tree (or a blob) itself.
        if rev.contains(':')
            && let Some(oid) = self.object(rev)?
            && self.object_type(&oid)? == "tree"
        {
            return Ok(Some(oid));
        }
        if rev == "HEAD" {
            return Ok(None);
        }
        let shown = diag::quoted(rev, "the revision given");
        Err(Error::Usage(match self.object(rev)? {
            Some(oid) => format!(
                "{shown} is a {} in this repository, not a commit or a tree of records",
                self.object_type(&oid)?
            ),
            None => format!("{shown} is not a commit, branch, tag or tree in this repository"),
        }))
    }

    pub(super) fn object_type(&self, oid: &str) -> Result<String> {
        let out = self.run(&["cat-file", "-t", oid], "cannot read an object")?;
        Ok(String::from_utf8_lossy(&out).trim().to_string())
    }

    /// The practice folder's tree inside `tree`; `None` when it has none.
    pub(super) fn practice_tree(&self, tree: &str) -> Result<Option<String>> {
        if self.prefix.is_empty() {
            return Ok(Some(tree.to_string()));
        }
        self.object(&format!("{tree}:{}", self.practice_dir()))
    }

    /// Reads the practice in `tree`: its top, patients/ and, for the
    /// patients in `only` (every patient when `None`), their folders whole,
    /// with the text of every record. Files outside patients/ are listed
    /// too, for the findings about the practice folder.
    ///
    /// Folders are read by their tree ids, never by one path per patient
    /// (git matches paths against each other: 20,000 of them took seconds):
    /// a few patients' folders one `ls-tree` each, more than that the whole
    /// of patients/ in one, kept for the patients asked.
    pub fn read_tree(&self, tree: &str, only: Option<&BTreeSet<String>>) -> Result<GitTree> {
        let Some(top) = self.practice_tree(tree)? else {
            return Err(Error::Usage(format!(
                "the tree {tree} holds no folder {}, where the practice is",
                self.prefix.trim_end_matches('/')
            )));
        };
        let mut tree = GitTree::new(top.clone());
        let listed = self.ls_tree(&top, false)?;
        tree.add_all(listed);
        let dirs: Vec<(String, String)> = tree
            .children_of(0)
            .filter(|n| n.kind == EntryKind::Dir && !n.name.starts_with('.'))
            .map(|n| (n.name.clone(), n.oid.clone()))
            .collect();
        for (name, oid) in dirs {
            if name == PATIENTS_DIR {
                let patients = self.ls_tree(&oid, false)?;
                tree.add_all(
                    patients
                        .into_iter()
                        .map(|e| (format!("{PATIENTS_DIR}/{}", e.0), e.1, e.2, e.3)),
                );
                self.read_patients(&mut tree, &oid, only)?;
            } else {
                // By its tree id, not its name: a name that is not UTF-8
                // would match nothing as a path.
                let below = self.ls_tree(&oid, true)?;
                tree.add_all(
                    below
                        .into_iter()
                        .map(|e| (format!("{name}/{}", e.0), e.1, e.2, e.3)),
                );
            }
        }
        tree.fetch(self)?;
        Ok(tree)
    }

    /// Adds the folders of the patients in `only` (all when `None`) to
    /// `tree`, whose patients/ (tree id `patients`) is listed already.
    fn read_patients(
        &self,
        tree: &mut GitTree,
        patients: &str,
        only: Option<&BTreeSet<String>>,
    ) -> Result<()> {
        let prefixed = |dir: &str, entries: Vec<(String, String, String, u64)>| {
            let dir = format!("{PATIENTS_DIR}/{dir}");
            entries
                .into_iter()
                .map(move |e| (format!("{dir}/{}", e.0), e.1, e.2, e.3))
        };
        match only {
            Some(ids) if ids.len() <= FOLDERS_ONE_BY_ONE => {
                let folders: Vec<(String, String)> = ids
                    .iter()
                    .filter_map(|id| {
                        let node = tree.node(&format!("{PATIENTS_DIR}/{id}"))?;
                        (node.kind == EntryKind::Dir).then(|| (id.clone(), node.oid.clone()))
                    })
                    .collect();
                for (id, oid) in folders {
                    let below = self.ls_tree(&oid, true)?;
                    tree.add_all(prefixed(&id, below));
                }
            }
            _ => {
                let below = self.ls_tree(patients, true)?;
                let wanted = |path: &str| {
                    only.is_none_or(|ids| {
                        ids.contains(path.split_once('/').map_or(path, |(first, _)| first))
                    })
                };
                tree.add_all(
                    below
                        .into_iter()
                        .filter(|e| wanted(&e.0))
                        .map(|e| (format!("{PATIENTS_DIR}/{}", e.0), e.1, e.2, e.3)),
                );
            }
        }
        Ok(())
    }

    /// `git ls-tree` of a tree: (path, mode, oid, size) of each entry, or,
    /// `recursive`, of every entry below it.
    pub(super) fn ls_tree(
        &self,
        tree: &str,
        recursive: bool,
    ) -> Result<Vec<(String, String, String, u64)>> {
        let mut cmd = self.git();
        cmd.args(["ls-tree", "-l", "-z", "--full-tree"]);
        if recursive {
            cmd.args(["-r", "-t"]);
        }
        cmd.arg(tree).arg("--");
        let out = cmd.output().map_err(cannot_run)?;
        if !out.status.success() {
            return Err(Error::Usage(format!(
                "cannot list the tree {tree}: git says: {}",
                first_line(&out.stderr)
            )));
        }
        let mut entries = Vec::new();
        for line in split_z(&out.stdout) {
            // `<mode> SP <type> SP <object> SP+ <size> TAB <path>`
            let Some((meta, path)) = line.split_once('\t') else {
                continue;
            };
            let mut fields = meta.split_whitespace();
            let (Some(mode), Some(_), Some(oid), Some(size)) =
                (fields.next(), fields.next(), fields.next(), fields.next())
            else {
                continue;
            };
            entries.push((
                path.to_string(),
                mode.to_string(),
                oid.to_string(),
                size.parse().unwrap_or(0),
            ));
        }
        Ok(entries)
    }

    /// The blobs' contents, in the order asked, through one `git cat-file
    /// --batch` (a writer thread feeds the ids while this one reads).
    pub(super) fn cat_blobs(&self, oids: Vec<String>) -> Result<Vec<Option<Vec<u8>>>> {
        if oids.is_empty() {
            return Ok(Vec::new());
        }
        let mut child = self
            .git()
            .args(["cat-file", "--batch"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(cannot_run)?;
        let mut stdin = child.stdin.take().expect("piped stdin");
        let n = oids.len();
        let feeder = std::thread::spawn(move || {
            let mut w = std::io::BufWriter::new(&mut stdin);
            for oid in &oids {
                if writeln!(w, "{oid}").is_err() {
                    return;
                }
            }
            let _ = w.flush();
        });
        let mut out = BufReader::with_capacity(1 << 16, child.stdout.take().expect("piped stdout"));
        let mut blobs = Vec::with_capacity(n);
        let mut header = String::new();
        let broken = || Error::Usage("git cat-file stopped before it gave every record".into());
        for _ in 0..n {
            header.clear();
            if out.read_line(&mut header).map_err(|_| broken())? == 0 {
                return Err(broken());
            }
            let mut fields = header.split_whitespace();
            let (_, kind, size) = (fields.next(), fields.next(), fields.next());
            let Some(size) = size.and_then(|s| s.parse::<usize>().ok()) else {
                // `<oid> missing`
                blobs.push(None);
                continue;
            };
            let mut bytes = vec![0; size];
            out.read_exact(&mut bytes).map_err(|_| broken())?;
            let mut newline = [0u8; 1];
            out.read_exact(&mut newline).map_err(|_| broken())?;
            blobs.push((kind == Some("blob")).then_some(bytes));
        }
        let _ = feeder.join();
        let _ = child.wait();
        Ok(blobs)
    }
}

/// Runs a prepared git command and returns its output, or says what git
/// said.
fn finished(cmd: &mut Command, what: &str) -> Result<Vec<u8>> {
    let out = cmd.output().map_err(cannot_run)?;
    if !out.status.success() {
        return Err(Error::Usage(format!(
            "{what}: git says: {}",
            first_line(&out.stderr)
        )));
    }
    Ok(out.stdout)
}

pub(super) fn git_in(dir: &Path, work_tree: Option<&Path>) -> Command {
    let mut cmd = Command::new("git");
    cmd.current_dir(dir).stdin(Stdio::null());
    if let Some(top) = work_tree {
        cmd.env("GIT_WORK_TREE", top);
    }
    cmd
}

pub(super) fn cannot_run(e: std::io::Error) -> Error {
    Error::Usage(format!("cannot run git (is it installed?): {e}"))
}

pub(super) fn first_line(stderr: &[u8]) -> String {
    let text = String::from_utf8_lossy(stderr);
    let line = text
        .lines()
        .find(|l| l.starts_with("fatal:") || l.starts_with("error:"))
        .or_else(|| text.lines().next())
        .unwrap_or("no reason given");
    text::clean_line(line.trim()).into_owned()
}

/// The NUL-separated fields of git's `-z` output. A name that is not UTF-8
/// is kept (lossily), never dropped: a file left out would be a visit not
/// counted.
pub(super) fn split_z(bytes: &[u8]) -> impl Iterator<Item = std::borrow::Cow<'_, str>> {
    bytes
        .split(|b| *b == 0)
        .filter(|s| !s.is_empty())
        .map(String::from_utf8_lossy)
}
