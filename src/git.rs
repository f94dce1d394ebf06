//! Git as a source of records: the staged index or any commit, read straight
//! from git's object store, never checked out. Git's own plumbing does the
//! reading (`write-tree`, `diff-tree`, `ls-tree`, one `cat-file --batch` for
//! every blob), so mmx sees exactly what git sees: the index a commit hook
//! is given (`GIT_INDEX_FILE`), the quarantined objects of a push, alternates
//! and worktrees. No record is ever written outside the practice.

use crate::practice;
use crate::practice::store;
use crate::practice::tree;
use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::error::{Error, Result};
use crate::practice::PATIENTS_DIR;
use crate::practice::SETTINGS_FILE;
use crate::practice::read::MAX_RECORD_BYTES;
use crate::practice::read::Record;
use crate::practice::tree::Entry;
use crate::practice::tree::EntryKind;
use crate::practice::tree::Tree;

/// A git repository holding a practice.
#[derive(Debug, Clone)]
pub struct Repo {
    /// Where git is run: the practice folder, or a bare repository.
    dir: PathBuf,
    /// The practice folder's path in the repository's trees, `/`-ended
    /// (empty when the practice is the top of the repository).
    prefix: String,
    /// The folder shared by all worktrees (`.git`, or the bare repository).
    pub common_dir: PathBuf,
    pub bare: bool,
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

    fn open_with(dir: &Path, work_tree: Option<PathBuf>) -> Result<Repo> {
        let out = git_in(dir, work_tree.as_deref())
            .args([
                "rev-parse",
                "--path-format=absolute",
                "--is-bare-repository",
                "--git-common-dir",
                "--show-prefix",
            ])
            .output()
            .map_err(cannot_run)?;
        if !out.status.success() {
            return Err(Error::Usage(format!(
                "{} is not in a git repository ({}); `mmx init --git` makes a practice one",
                crate::text::clean(&dir.display().to_string()),
                first_line(&out.stderr)
            )));
        }
        let text = String::from_utf8_lossy(&out.stdout);
        let mut lines = text.lines();
        let bare = lines.next() == Some("true");
        let common_dir = PathBuf::from(lines.next().unwrap_or_default());
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
            work_tree,
        })
    }

    fn git(&self) -> Command {
        git_in(&self.dir, self.work_tree.as_deref())
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
        let out = self
            .git()
            .args(["config", "--get", "core.hooksPath"])
            .output()
            .map_err(cannot_run)?;
        Ok(out.status.success())
    }

    /// Makes git's own files private to their owner
    /// (`core.sharedRepository = 0600`) unless the repository already says
    /// how it is shared; whether it did.
    pub fn make_private(&self) -> Result<bool> {
        let set = self
            .git()
            .args(["config", "--get", "core.sharedRepository"])
            .output()
            .map_err(cannot_run)?
            .status
            .success();
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
    fn run(&self, args: &[&str], what: &str) -> Result<Vec<u8>> {
        let out = self.git().args(args).output().map_err(cannot_run)?;
        if !out.status.success() {
            return Err(Error::Usage(format!(
                "{what}: git says: {}",
                first_line(&out.stderr)
            )));
        }
        Ok(out.stdout)
    }

    /// The tree a commit would record now: the index, as `git commit` would
    /// write it (the hook's own index when git gives it one).
    pub fn staged_tree(&self) -> Result<String> {
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
        Ok(String::from_utf8_lossy(&out.stdout).trim().to_string())
    }

    /// The object `spec` names (`REV^{tree}`, `TREE:PATH`), if any.
    fn object(&self, spec: &str) -> Result<Option<String>> {
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
        let shown = crate::diag::quoted(rev, "the revision given");
        Err(Error::Usage(match self.object(rev)? {
            Some(oid) => format!(
                "{shown} is a {} in this repository, not a commit or a tree of records",
                self.object_type(&oid)?
            ),
            None => format!("{shown} is not a commit, branch, tag or tree in this repository"),
        }))
    }

    fn object_type(&self, oid: &str) -> Result<String> {
        let out = self.run(&["cat-file", "-t", oid], "cannot read an object")?;
        Ok(String::from_utf8_lossy(&out).trim().to_string())
    }

    /// The practice's files that differ between two trees (added, changed or
    /// deleted), relative to the practice folder.
    pub fn changed(&self, base: &str, tree: &str) -> Result<Vec<String>> {
        let relative = format!("--relative={}", self.prefix);
        let mut args = vec![
            "diff-tree",
            "-r",
            "-z",
            "--name-only",
            "--no-renames",
            "--no-ext-diff",
        ];
        if !self.prefix.is_empty() {
            args.push(&relative);
        }
        args.extend([base, tree]);
        let out = self.run(&args, "cannot compare the trees")?;
        Ok(split_z(&out).map(|p| p.into_owned()).collect())
    }

    /// The practice folder's tree inside `tree`; `None` when it has none.
    fn practice_tree(&self, tree: &str) -> Result<Option<String>> {
        if self.prefix.is_empty() {
            return Ok(Some(tree.to_string()));
        }
        self.object(&format!("{tree}:{}", self.practice_dir()))
    }

    /// Reads the practice in `tree`: its top, patients/ and, for the
    /// patients in `only` (every patient when `None`), their folders whole,
    /// with the text of every record. Files outside patients/ are listed
    /// too, for the findings about the practice folder.
    pub fn read_tree(
        &self,
        tree: &str,
        only: Option<&std::collections::BTreeSet<String>>,
    ) -> Result<GitTree> {
        let Some(top) = self.practice_tree(tree)? else {
            return Err(Error::Usage(format!(
                "the tree {tree} holds no folder {}, where the practice is",
                self.prefix.trim_end_matches('/')
            )));
        };
        let mut tree = GitTree::new(top.clone());
        let listed = self.ls_tree(&top, false, &[])?;
        tree.add_all(listed);
        let mut recurse: Vec<String> = Vec::new();
        let dirs: Vec<(String, String)> = tree
            .children_of(0)
            .filter(|n| n.kind == EntryKind::Dir && !n.name.starts_with('.'))
            .map(|n| (n.name.clone(), n.oid.clone()))
            .collect();
        for (name, oid) in dirs {
            if name == PATIENTS_DIR {
                let patients = self.ls_tree(&oid, false, &[])?;
                tree.add_all(
                    patients
                        .into_iter()
                        .map(|e| (format!("{PATIENTS_DIR}/{}", e.0), e.1, e.2, e.3)),
                );
                match only {
                    None => recurse.push(PATIENTS_DIR.to_string()),
                    Some(ids) => {
                        recurse.extend(ids.iter().map(|id| format!("{PATIENTS_DIR}/{id}")))
                    }
                }
            } else {
                // By its tree id, not its name: a name that is not UTF-8
                // would match nothing as a path.
                let below = self.ls_tree(&oid, true, &[])?;
                tree.add_all(
                    below
                        .into_iter()
                        .map(|e| (format!("{name}/{}", e.0), e.1, e.2, e.3)),
                );
            }
        }
        if !recurse.is_empty() {
            let below = self.ls_tree(&top, true, &recurse)?;
            tree.add_all(below);
        }
        tree.fetch(self)?;
        Ok(tree)
    }

    /// `git ls-tree` of a tree: (path, mode, oid, size) of each entry, or,
    /// `recursive`, of every entry below the `paths` given.
    fn ls_tree(
        &self,
        tree: &str,
        recursive: bool,
        paths: &[String],
    ) -> Result<Vec<(String, String, String, u64)>> {
        let mut cmd = self.git();
        // Names are names, never patterns.
        cmd.arg("--literal-pathspecs")
            .args(["ls-tree", "-l", "-z", "--full-tree"]);
        if recursive {
            cmd.args(["-r", "-t"]);
        }
        cmd.arg(tree).arg("--").args(paths);
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
    fn cat_blobs(&self, oids: Vec<String>) -> Result<Vec<Option<Vec<u8>>>> {
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

fn git_in(dir: &Path, work_tree: Option<&Path>) -> Command {
    let mut cmd = Command::new("git");
    cmd.current_dir(dir).stdin(Stdio::null());
    if let Some(top) = work_tree {
        cmd.env("GIT_WORK_TREE", top);
    }
    cmd
}

fn cannot_run(e: std::io::Error) -> Error {
    Error::Usage(format!("cannot run git (is it installed?): {e}"))
}

fn first_line(stderr: &[u8]) -> String {
    let text = String::from_utf8_lossy(stderr);
    let line = text
        .lines()
        .find(|l| l.starts_with("fatal:") || l.starts_with("error:"))
        .or_else(|| text.lines().next())
        .unwrap_or("no reason given");
    crate::text::clean_line(line.trim()).into_owned()
}

/// The NUL-separated fields of git's `-z` output. A name that is not UTF-8
/// is kept (lossily), never dropped: a file left out would be a visit not
/// counted.
fn split_z(bytes: &[u8]) -> impl Iterator<Item = std::borrow::Cow<'_, str>> {
    bytes
        .split(|b| *b == 0)
        .filter(|s| !s.is_empty())
        .map(String::from_utf8_lossy)
}

/// One entry of a tree read from git.
#[derive(Debug)]
pub struct Node {
    pub name: String,
    pub kind: EntryKind,
    /// The object id: a blob's, or a folder's tree (what a patient's cached
    /// findings are keyed by).
    pub oid: String,
    size: u64,
    children: Vec<usize>,
    bytes: Option<Vec<u8>>,
}

/// A practice as a tree in git, held in memory (see [`Repo::read_tree`]).
#[derive(Debug)]
pub struct GitTree {
    nodes: Vec<Node>,
    by_path: HashMap<String, usize>,
}

impl GitTree {
    fn new(oid: String) -> GitTree {
        GitTree {
            nodes: vec![Node {
                name: String::new(),
                kind: EntryKind::Dir,
                oid,
                size: 0,
                children: Vec::new(),
                bytes: None,
            }],
            by_path: HashMap::from([(String::new(), 0)]),
        }
    }

    fn children_of(&self, i: usize) -> impl Iterator<Item = &Node> {
        self.nodes[i].children.iter().map(|c| &self.nodes[*c])
    }

    /// The node at a path, if the tree holds it.
    pub fn node(&self, rel: &str) -> Option<&Node> {
        self.by_path.get(rel).map(|i| &self.nodes[*i])
    }

    /// Adds entries by path (parents before children, as git lists them).
    fn add_all(&mut self, entries: impl IntoIterator<Item = (String, String, String, u64)>) {
        for (path, mode, oid, size) in entries {
            if let Some(&seen) = self.by_path.get(&path) {
                // Listings overlap (a folder is listed, then read whole), so
                // the same entry comes twice. A different one of the same
                // name is a tree git itself would not make: a checkout
                // writes only one of them, which mmx cannot know.
                if self.nodes[seen].oid != oid {
                    self.nodes[seen].kind = EntryKind::Broken(
                        "the git tree holds two entries of this name, and a checkout writes only one",
                    );
                }
                continue;
            }
            let (parent, name) = path.rsplit_once('/').unwrap_or(("", &path));
            let Some(&parent) = self.by_path.get(parent) else {
                continue;
            };
            let kind = match mode.as_str() {
                "040000" => EntryKind::Dir,
                "100644" | "100755" => EntryKind::File,
                "120000" => EntryKind::Symlink,
                "160000" => EntryKind::Other("a git submodule"),
                _ => EntryKind::Other("not a regular file"),
            };
            let i = self.nodes.len();
            self.nodes.push(Node {
                name: name.to_string(),
                kind,
                oid,
                size,
                children: Vec::new(),
                bytes: None,
            });
            self.nodes[parent].children.push(i);
            self.by_path.insert(path, i);
        }
    }

    /// Reads the text of every file that may be a record (or mmx.toml, or a
    /// stray `.toml` a finding is located in) in one batch.
    fn fetch(&mut self, repo: &Repo) -> Result<()> {
        let wanted: Vec<usize> = (0..self.nodes.len())
            .filter(|i| {
                let n = &self.nodes[*i];
                n.kind == EntryKind::File
                    && n.size <= MAX_RECORD_BYTES
                    && n.name.to_lowercase().ends_with(".toml")
            })
            .collect();
        let oids = wanted.iter().map(|i| self.nodes[*i].oid.clone()).collect();
        for (i, bytes) in wanted.into_iter().zip(repo.cat_blobs(oids)?) {
            self.nodes[i].bytes = bytes;
        }
        Ok(())
    }

    /// mmx.toml's text, if the tree holds it.
    pub fn settings(&self) -> Option<&[u8]> {
        self.node(SETTINGS_FILE).and_then(|n| n.bytes.as_deref())
    }
}

impl Tree for GitTree {
    type Node = usize;

    fn at(&self, rel: &str) -> Option<(EntryKind, usize)> {
        let i = *self.by_path.get(rel)?;
        Some((self.nodes[i].kind, i))
    }

    fn list(&self, dir: &usize) -> std::io::Result<Vec<Entry<usize>>> {
        Ok(self.nodes[*dir]
            .children
            .iter()
            .map(|&c| Entry {
                name: self.nodes[c].name.clone(),
                kind: Some(self.nodes[c].kind),
                node: c,
            })
            .collect())
    }

    fn read(&self, file: &usize) -> std::io::Result<Record> {
        let node = &self.nodes[*file];
        if node.size > MAX_RECORD_BYTES {
            return Ok(Record::TooLarge(node.size));
        }
        match &node.bytes {
            Some(bytes) => Ok(Record::Read {
                bytes: bytes.clone(),
                mode: None,
            }),
            None => Err(std::io::Error::other(
                "its contents are missing from the repository",
            )),
        }
    }

    fn mode(&self, _: &usize) -> Option<u32> {
        // Git keeps no permissions but the executable bit.
        None
    }

    fn text(&self, rel: &str) -> Option<String> {
        let bytes = self.node(rel)?.bytes.as_deref()?;
        Some(String::from_utf8_lossy(bytes).into_owned())
    }
}

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
) -> Result<crate::gate::Report> {
    use crate::gate::{self, Scope};
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
    let mut report = gate::check_tree(&practice, &tree, today, &scope)?;
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
            let mut with_errors = gate::practice_errors_outside(&tree, &scope);
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
                for (id, errors) in gate::error_counts(&practice, &missed, today, &misses)? {
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
    report.change = Some(gate::Change {
        tree: target.tree.clone(),
        base: target.base.clone(),
        patients,
        other_patients_with_errors,
    });
    Ok(report)
}

/// How many errors each patient folder had, by the folder's tree id in git,
/// for one build of mmx, one mmx.toml and one day: a folder git has not
/// changed is not read again to be counted. Kept in the repository's own
/// folder (`mmx/findings-cache`), holding ids and counts, never a record.
/// Anything unexpected in it is ignored: it is only ever a shortcut.
struct FindingsCache {
    path: PathBuf,
    key: String,
    counts: HashMap<String, usize>,
    changed: bool,
}

impl FindingsCache {
    fn open(repo: &Repo, settings_oid: &str, today: chrono::NaiveDate) -> FindingsCache {
        let path = repo.common_dir.join("mmx").join("findings-cache");
        let key = format!(
            "mmx-findings-cache 2 {} {} {today} {}",
            build_stamp(),
            settings_oid,
            repo.prefix
        );
        let mut counts = HashMap::new();
        // Opened as a record is: never a link followed or a pipe waited on.
        if let Ok(Record::Read { bytes, .. }) = (tree::Disk {
            root: Path::new(""),
        })
        .read(&path)
            && let Ok(text) = String::from_utf8(bytes)
            && let Some((head, rest)) = text.split_once('\n')
            && head == key
        {
            for line in rest.lines() {
                if let Some((oid, n)) = line.split_once(' ')
                    && let Ok(n) = n.parse()
                {
                    counts.insert(oid.to_string(), n);
                }
            }
        }
        FindingsCache {
            path,
            key,
            counts,
            changed: false,
        }
    }

    /// A patient's count, by id and folder: the same folder under another
    /// name (a copy) has other findings (`id-mismatch`).
    fn errors(&self, id: &str, tree_oid: &str) -> Option<usize> {
        self.counts.get(&format!("{id}/{tree_oid}")).copied()
    }

    fn insert(&mut self, id: &str, tree_oid: &str, errors: usize) {
        self.counts.insert(format!("{id}/{tree_oid}"), errors);
        self.changed = true;
    }

    /// Written whole and atomically; a cache that cannot be written is only
    /// a slower next check.
    fn save(&self) {
        if !self.changed {
            return;
        }
        let mut text = String::with_capacity(self.key.len() + 48 * self.counts.len());
        text.push_str(&self.key);
        text.push('\n');
        let mut lines: Vec<_> = self.counts.iter().collect();
        lines.sort();
        for (oid, n) in lines {
            text.push_str(&format!("{oid} {n}\n"));
        }
        if let Some(dir) = self.path.parent()
            && store::create_dirs(dir).is_ok()
        {
            let _ = store::replace(&self.path, text.as_bytes());
        }
    }
}

/// This build of mmx: its version, and the size and time of its program
/// file, so a rebuilt mmx (whose rules may differ) counts afresh.
fn build_stamp() -> String {
    let exe = std::env::current_exe().and_then(std::fs::metadata);
    let (len, time) = exe.map_or((0, 0), |m| {
        let time = m
            .modified()
            .ok()
            .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
            .map_or(0, |d| d.as_nanos());
        (m.len(), time)
    });
    format!("{}+{len}.{time}", env!("CARGO_PKG_VERSION"))
}
