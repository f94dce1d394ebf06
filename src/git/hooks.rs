//! mmx's git hooks: what each one runs, and installing them where git looks
//! (`core.hooksPath` honoured, worktrees sharing their repository's). Each
//! hook is a few lines of sh that `exec` mmx, so a signal reaches mmx itself
//! and no temp folder of records is ever made.

use crate::practice;
use crate::practice::store;
use crate::text;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::git::repo::Repo;

/// A hook mmx installs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hook {
    /// Refuses a commit whose records break a rule, judged on the patients
    /// it touches, or that rewrites a record.
    PreCommit,
    /// Refuses a commit that deletes a record, unless its message says the
    /// record's retention period has passed (`Mmx-Destroy:`): the
    /// pre-commit hook cannot see the message.
    CommitMsg,
    /// After a merge (a `git pull`), prints what the merged tree's touched
    /// patients now break; git cannot undo a merge from a hook.
    PostMerge,
    /// The same after a rebase (`git pull --rebase`).
    PostRewrite,
    /// On a clinic's shared (bare) remote: refuses a push whose records
    /// break a rule, judged on the patients it touches.
    PreReceive,
}

impl Hook {
    pub fn name(self) -> &'static str {
        match self {
            Hook::PreCommit => "pre-commit",
            Hook::CommitMsg => "commit-msg",
            Hook::PostMerge => "post-merge",
            Hook::PostRewrite => "post-rewrite",
            Hook::PreReceive => "pre-receive",
        }
    }

    /// The hooks of a practice's own repository, or of a bare remote.
    pub fn for_repo(bare: bool) -> &'static [Hook] {
        if bare {
            &[Hook::PreReceive]
        } else {
            &[
                Hook::PreCommit,
                Hook::CommitMsg,
                Hook::PostMerge,
                Hook::PostRewrite,
            ]
        }
    }

    fn purpose(self) -> &'static str {
        match self {
            Hook::PreCommit => {
                "refuses a commit whose records break a rule, judged on the patients it\n# touches, or that rewrites a record. Skip it once with `git commit --no-verify`."
            }
            Hook::CommitMsg => {
                "refuses a commit that deletes a record, unless its message says the\n# record's retention period has passed (`Mmx-Destroy: patients/ID reason=retention-expired`)."
            }
            Hook::PostMerge => {
                "after a merge or a pull, prints what the patients it brought changes to\n# now break (a merge cannot be undone from a hook: it always exits 0)."
            }
            Hook::PostRewrite => {
                "after a rebase (`git pull --rebase`), prints what the patients it brought\n# changes to now break (it always exits 0)."
            }
            Hook::PreReceive => {
                "on the clinic's shared repository, refuses a push whose records break a\n# rule, judged on the patients it touches: two clones that each took a\n# prescription's last visit cannot both land it."
            }
        }
    }

    /// What the hook runs, after finding mmx: `dir` is the practice's folder
    /// from the top of the work tree (empty: the top), given explicitly so
    /// no `MMX_DIR` can point the check at another practice. (git runs a
    /// hook at the top of the work tree, or in a bare repository itself.)
    fn body(self, dir: &str) -> String {
        let dir = format!(
            " --dir {}",
            sh_quote(if dir.is_empty() { "." } else { dir })
        );
        match self {
            // Not `exec`: git says nothing of a refused commit, so the hook
            // does. (A signal still reaches mmx, in the same process group.)
            Hook::PreCommit => format!(
                "\"$mmx\"{dir} check --staged --deletions-later -q\nstatus=$?\nif [ \"$status\" -eq 1 ]; then\n    echo \"mmx: the commit was refused: fix the errors above, \\`git add\\` the files, and commit again\" >&2\nfi\nexit \"$status\"\n"
            ),
            // It says why itself.
            Hook::CommitMsg => format!("exec \"$mmx\"{dir} hook commit-msg \"$1\"\n"),
            Hook::PostMerge => {
                format!(
                    "{ORIG_HEAD_GUARD}\"$mmx\"{dir} check --rev HEAD --base ORIG_HEAD -q >&2\nexit 0\n"
                )
            }
            Hook::PostRewrite => format!(
                "[ \"$1\" = rebase ] || exit 0\n{ORIG_HEAD_GUARD}\"$mmx\"{dir} check --rev HEAD --base ORIG_HEAD -q >&2\nexit 0\n"
            ),
            Hook::PreReceive => format!("exec \"$mmx\"{dir} hook pre-receive\n"),
        }
    }

    /// The whole script. `mmx` is the program installing it, tried when no
    /// `mmx` is on PATH; `guard`, when the hooks folder is shared with other
    /// repositories (`core.hooksPath`), makes the hook do nothing where
    /// there is no practice.
    pub fn script(self, mmx: &str, dir: &str, guard: bool) -> String {
        let name = self.name();
        let settings = if dir.is_empty() {
            "mmx.toml".to_string()
        } else {
            format!("{dir}/mmx.toml")
        };
        let guard = if guard {
            format!(
                "# The hooks folder is shared (core.hooksPath): not a practice, nothing to check.\n[ -f {} ] || exit 0\n",
                sh_quote(&settings)
            )
        } else {
            String::new()
        };
        // A hook that cannot run mmx must say so and what to do: a moved
        // program is otherwise `mmx: not found` and every commit fails.
        let (consequence, fail) = match self {
            Hook::PreCommit | Hook::CommitMsg => {
                ("the commit is refused until it can check it", "2")
            }
            Hook::PreReceive => ("the push is refused until it can check it", "2"),
            Hook::PostMerge | Hook::PostRewrite => ("what was merged is not checked", "0"),
        };
        format!(
            "{MARK} {name} hook\n# Installed by `mmx hook install` (or `mmx init --git`): {purpose}\n# The practice and the day are this repository's and today's, whatever the shell says.\nunset {vars}\n{guard}mmx=$(command -v mmx 2>/dev/null) || mmx={installed}\nif [ ! -x \"$mmx\" ]; then\n    echo \"mmx {name} hook: cannot find mmx (not on PATH, nor at $mmx), so {consequence}\" >&2\n    echo \"  hint: put mmx on PATH (see the README), or run \\`mmx hook install\\` again with the mmx you use\" >&2\n    exit {fail}\nfi\n{body}",
            purpose = self.purpose(),
            vars = JUDGING_VARS.join(" "),
            installed = sh_quote(mmx),
            body = self.body(dir),
        )
    }
}

/// What the shell may set that would change what a hook judges: another
/// practice (`MMX_DIR`), another day (`MMX_TODAY`). A hook judges the
/// repository it runs in, as of the computer's date, whatever the shell of
/// the person committing or pushing says. (`MMX_LOCK_TIMEOUT` only says how
/// long a write waits; a check takes no lock.)
const JUDGING_VARS: [&str; 2] = [practice::DIR_VAR, practice::TODAY_VAR];

/// After a merge or a rebase git names the commit it started from; with
/// none (a first checkout) there is nothing to compare.
const ORIG_HEAD_GUARD: &str = "git rev-parse -q --verify ORIG_HEAD >/dev/null || exit 0\n";

/// The first line of every hook mmx writes, by which it knows its own.
const MARK: &str = "#!/bin/sh\n# mmx";

/// A word for sh, in single quotes.
fn sh_quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', r"'\''"))
}

/// What installing one hook did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Installed,
    /// An older mmx hook was replaced.
    Updated,
    /// An mmx hook with the right text that git was skipping (not
    /// executable: a chmod, a restore from backup): made executable.
    MadeExecutable,
    /// An mmx hook with the right text that others could change (group or
    /// other write): made its owner's alone.
    MadePrivate,
    UpToDate,
    /// Someone else's hook that already runs mmx's check: left as it is.
    ByHand,
    /// Someone else's hook that runs mmx's check but is not executable, so
    /// git skips it: left as it is, and how to make it run is given.
    ByHandSkipped,
    /// Someone else's hook that does not: left as it is, and the line to
    /// add to it is given.
    Foreign,
}

/// A hook as installed (or not).
#[derive(Debug)]
pub struct Installed {
    pub hook: Hook,
    pub path: PathBuf,
    pub outcome: Outcome,
}

/// Where the hooks went, and what git was told besides.
#[derive(Debug)]
pub struct Installation {
    pub dir: PathBuf,
    /// Set by `core.hooksPath` rather than the repository's own folder.
    pub shared: bool,
    pub hooks: Vec<Installed>,
    /// For a bare remote: pushes that would drop commits are refused
    /// (`receive.denyNonFastForwards`), so no clone's visit is lost.
    pub denies_rewrites: bool,
    /// git's own files (every record's history) were made private
    /// (`core.sharedRepository = 0600`): none was set.
    pub made_private: bool,
    /// How many of git's files and folders were open to others and were
    /// made their owner's alone (the repository keeps its files private).
    pub closed: usize,
    /// How many were another account's, left as they are: a clone made
    /// from a path shares the objects it was cloned from (git links them).
    pub others: usize,
    practice_dir: String,
}

impl Installation {
    /// The error for hooks of someone else's that do not run mmx: the
    /// practice is not checked until the line is added to each.
    pub fn refused(&self) -> Option<Error> {
        let foreign: Vec<String> = self
            .hooks
            .iter()
            .filter_map(|h| {
                let shown = h.path.display().to_string();
                let path = text::clean(&shown);
                match h.outcome {
                    Outcome::Foreign => Some(format!(
                        "{path} is not mmx's and does not run it; it was left as it is\n  hint: add this line to it: {}",
                        h.hook.by_hand(&self.practice_dir)
                    )),
                    Outcome::ByHandSkipped => Some(format!(
                        "{path} runs mmx but is not executable, so git skips it; it was left as it is\n  hint: make it executable: chmod u+x {}",
                        sh_quote(&path)
                    )),
                    _ => None,
                }
            })
            .collect();
        (!foreign.is_empty()).then(|| Error::Usage(foreign.join("\n")))
    }
}

impl Hook {
    /// The line that runs mmx's check from a hook of one's own.
    fn by_hand(self, dir: &str) -> String {
        let dir = if dir.is_empty() {
            String::new()
        } else {
            format!(" --dir {}", sh_quote(dir))
        };
        match self {
            Hook::PreCommit => format!("mmx{dir} check --staged --deletions-later -q || exit 1"),
            Hook::CommitMsg => format!("mmx{dir} hook commit-msg \"$1\" || exit 1"),
            Hook::PostMerge => format!("mmx{dir} check --rev HEAD --base ORIG_HEAD -q >&2"),
            Hook::PostRewrite => {
                format!("[ \"$1\" = rebase ] && mmx{dir} check --rev HEAD --base ORIG_HEAD -q >&2")
            }
            Hook::PreReceive => {
                "mmx hook pre-receive || exit 1   (it reads the pushed refs on stdin: give it the lines your hook reads)".to_string()
            }
        }
    }

    /// Whether a hook of someone else's already runs mmx's check.
    fn runs_mmx(self, text: &str) -> bool {
        let call = match self {
            Hook::PreCommit => "check --staged",
            Hook::CommitMsg => "hook commit-msg",
            Hook::PostMerge | Hook::PostRewrite => "--base ORIG_HEAD",
            Hook::PreReceive => "hook pre-receive",
        };
        text.contains("mmx") && text.contains(call)
    }
}

/// Installs `hooks` in `repo`, where git runs them. `practice_dir` is the
/// practice's folder from the top of the work tree. An mmx hook already
/// there is brought up to date; anyone else's is left alone (see
/// [`Installation::refused`]). A bare repository (a clinic's remote) is also
/// told to refuse pushes that drop commits; git's files are made private
/// unless the repository says how it is shared.
pub fn install(repo: &Repo, hooks: &[Hook], practice_dir: &str) -> Result<Installation> {
    let dir = repo.hooks_dir()?;
    let shared = repo.hooks_path_is_set()?;
    let exe = std::env::current_exe()
        .ok()
        .map(|p| p.display().to_string())
        .filter(|p| !p.chars().any(char::is_control))
        .unwrap_or_else(|| "mmx".into());
    store::create_dirs(&dir)?;
    let mut installed = Vec::new();
    for &hook in hooks {
        let path = dir.join(hook.name());
        let script = hook.script(&exe, practice_dir, shared);
        let there = std::fs::symlink_metadata(&path).is_ok();
        let outcome = match std::fs::read_to_string(&path) {
            // The text alone is not the hook: git runs only an executable
            // file, and one others may write runs what they wrote.
            Ok(text) if text == script => match mode_of(&path)? {
                HookMode::Runs => Outcome::UpToDate,
                HookMode::Skipped => {
                    set_hook_mode(&path)?;
                    Outcome::MadeExecutable
                }
                HookMode::OpenToOthers => {
                    set_hook_mode(&path)?;
                    Outcome::MadePrivate
                }
            },
            Ok(text) if text.starts_with(MARK) => {
                write_hook(&path, &script, Put::Replace)?;
                Outcome::Updated
            }
            Ok(text) if hook.runs_mmx(&text) => match mode_of(&path)? {
                HookMode::Skipped => Outcome::ByHandSkipped,
                HookMode::Runs | HookMode::OpenToOthers => Outcome::ByHand,
            },
            _ if there => Outcome::Foreign,
            _ => match write_hook(&path, &script, Put::New)? {
                store::CreateOutcome::Created => Outcome::Installed,
                store::CreateOutcome::Exists => Outcome::Foreign,
            },
        };
        installed.push(Installed {
            hook,
            path,
            outcome,
        });
    }
    let denies_rewrites = repo.bare;
    if denies_rewrites {
        // Nothing pushed may drop a commit (forced, or a branch deleted and
        // made again), nor bring a tree git itself would not make.
        repo.set_config("receive.denyNonFastForwards", "true")?;
        repo.set_config("receive.denyDeletes", "true")?;
        repo.set_config("receive.fsckObjects", "true")?;
    }
    let made_private = repo.make_private()?;
    // git keeps the files it makes from now on private; those it made
    // before (a repository made under umask 000: hooks/ and refs/ open to
    // anyone) are made so here, or mmx would say what is not true.
    let (closed, others) = if made_private || repo.is_private()? {
        keep_to_owner(&repo.common_dir)?
    } else {
        (0, 0)
    };
    Ok(Installation {
        dir,
        shared,
        hooks: installed,
        denies_rewrites,
        made_private,
        closed,
        others,
        practice_dir: practice_dir.to_string(),
    })
}

/// What an installation did, a line each, for a person.
pub fn describe(done: &Installation, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    for (outcome, words) in [
        (Outcome::Installed, "installed"),
        (Outcome::Updated, "updated"),
        (
            Outcome::MadeExecutable,
            "made executable (git skips a hook that is not, so it was not run):",
        ),
        (
            Outcome::MadePrivate,
            "made private to their owner (others could change what it runs):",
        ),
        (Outcome::UpToDate, "already up to date:"),
        (Outcome::ByHand, "left as they are (they already run mmx):"),
    ] {
        let names: Vec<&str> = done
            .hooks
            .iter()
            .filter(|h| h.outcome == outcome)
            .map(|h| h.hook.name())
            .collect();
        if names.is_empty() {
            continue;
        }
        writeln!(
            out,
            "{words} the {} {} in {}{}",
            names.join(", "),
            if names.len() == 1 { "hook" } else { "hooks" },
            text::clean(&done.dir.display().to_string()),
            if done.shared {
                " (core.hooksPath); in a repository with no practice they do nothing"
            } else {
                ""
            }
        )?;
    }
    if done.denies_rewrites {
        writeln!(
            out,
            "pushes that would drop commits are refused (receive.denyNonFastForwards, receive.denyDeletes), so no clone's visit is lost, and so are malformed objects (receive.fsckObjects)"
        )?;
    }
    if done.made_private {
        writeln!(
            out,
            "git's own files, every record's history, are now private to their owner (core.sharedRepository = 0600)"
        )?;
    } else if done.closed > 0 {
        writeln!(
            out,
            "git's own files, every record's history, are private to their owner again (core.sharedRepository = 0600): {} {} open to others",
            done.closed,
            if done.closed == 1 { "was" } else { "were" }
        )?;
    }
    if done.others > 0 {
        writeln!(
            out,
            "{} of git's files belong to another account (a clone made from a path on this computer shares them with the repository it came from) and were left as they are: that account keeps them private",
            done.others
        )?;
    }
    Ok(())
}

/// How git takes a hook file's mode.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum HookMode {
    /// Executable by its owner and writable by no one else.
    Runs,
    /// Not executable: git skips it without a word.
    Skipped,
    /// Executable, but others may change what it runs.
    OpenToOthers,
}

/// The mode every mmx hook has: its owner's, and executable.
#[cfg(unix)]
const HOOK_MODE: u32 = 0o700;

#[cfg(unix)]
fn mode_of(path: &Path) -> Result<HookMode> {
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(path)
        .map_err(|e| Error::io(path, e))?
        .permissions()
        .mode();
    Ok(if mode & 0o100 == 0 {
        HookMode::Skipped
    } else if mode & 0o022 != 0 {
        HookMode::OpenToOthers
    } else {
        HookMode::Runs
    })
}

#[cfg(not(unix))]
fn mode_of(_: &Path) -> Result<HookMode> {
    Ok(HookMode::Runs)
}

#[cfg(unix)]
fn set_hook_mode(path: &Path) -> Result<()> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(HOOK_MODE))
        .map_err(|e| Error::io(path, e))
}

#[cfg(not(unix))]
fn set_hook_mode(_: &Path) -> Result<()> {
    Ok(())
}

/// How [`write_hook`] puts a hook in place.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Put {
    /// Where there is none: never over a file (someone else's hook made
    /// meanwhile is left as it is).
    New,
    /// Over an older mmx hook.
    Replace,
}

/// Writes a hook whole, executable and its owner's, to a temp file in the
/// hooks folder, then links or renames it into place: a kill at any moment
/// leaves the old hook or the new one, never a hook git would skip.
fn write_hook(path: &Path, script: &str, put: Put) -> Result<store::CreateOutcome> {
    use std::io::Write;
    let dir = path.parent().unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let stamp = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    // Hidden, and not a hook's name: git never runs it.
    let tmp = dir.join(format!(".{name}.mmx-tmp-{}-{stamp:x}", std::process::id()));
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, HOOK_MODE);
    let written = options.open(&tmp).and_then(|mut f| {
        // The umask may have taken bits away: the mode is set, not asked for.
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            f.set_permissions(std::fs::Permissions::from_mode(HOOK_MODE))?;
        }
        f.write_all(script.as_bytes())?;
        f.sync_all()
    });
    if let Err(e) = written {
        let _ = std::fs::remove_file(&tmp);
        return Err(Error::io(path, e));
    }
    let placed = match put {
        Put::Replace => std::fs::rename(&tmp, path).map(|()| store::CreateOutcome::Created),
        Put::New => match std::fs::hard_link(&tmp, path) {
            Ok(()) => Ok(store::CreateOutcome::Created),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                Ok(store::CreateOutcome::Exists)
            }
            Err(e) => Err(e),
        },
    };
    // After a rename there is nothing left to remove.
    let _ = std::fs::remove_file(&tmp);
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
    placed.map_err(|e| Error::io(path, e))
}

/// Takes group and other access away from everything in `dir`, git's own
/// folder, as mmx keeps the practice's files (folders 0700, files their
/// owner's bits alone); links are not followed, and what another account
/// owns is left alone. How many were open, and how many were another's.
#[cfg(unix)]
fn keep_to_owner(dir: &Path) -> Result<(usize, usize)> {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    let owner = std::fs::metadata(dir).map_err(|e| Error::io(dir, e))?.uid();
    let (mut closed, mut others) = (0, 0);
    for entry in walkdir::WalkDir::new(dir) {
        let entry = match entry {
            Ok(entry) => entry,
            // Gone meanwhile (git packing its objects): nothing to close.
            Err(e)
                if e.io_error().map(std::io::Error::kind) == Some(std::io::ErrorKind::NotFound) =>
            {
                continue;
            }
            Err(e) => {
                let path = e.path().unwrap_or(dir).to_path_buf();
                return Err(Error::io(path, e.into()));
            }
        };
        if entry.file_type().is_symlink() {
            continue;
        }
        let meta = entry
            .metadata()
            .map_err(|e| Error::io(entry.path(), e.into()))?;
        let mode = meta.permissions().mode();
        if mode & 0o077 != 0 && meta.uid() != owner {
            others += 1;
        } else if mode & 0o077 != 0 {
            std::fs::set_permissions(entry.path(), std::fs::Permissions::from_mode(mode & 0o700))
                .map_err(|e| Error::io(entry.path(), e))?;
            closed += 1;
        }
    }
    Ok((closed, others))
}

#[cfg(not(unix))]
fn keep_to_owner(_: &Path) -> Result<(usize, usize)> {
    Ok((0, 0))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A clone made from a path links the objects of the repository it
    /// came from: another account's files are left as they are, not an
    /// error that stops `init --git` half way.
    #[cfg(unix)]
    #[test]
    fn another_accounts_files_are_left_alone_and_counted() {
        use std::os::unix::fs::PermissionsExt;
        let tmp = tempfile::tempdir().expect("a temp folder");
        let (own, theirs) = (tmp.path().join("own"), tmp.path().join("theirs"));
        for f in [&own, &theirs] {
            std::fs::write(f, "x").expect("written");
            std::fs::set_permissions(f, std::fs::Permissions::from_mode(0o444)).expect("mode");
        }
        std::fs::set_permissions(tmp.path(), std::fs::Permissions::from_mode(0o700)).expect("mode");
        // Only root can give a file away; elsewhere the other half is moot.
        let given = std::os::unix::fs::chown(&theirs, Some(65534), Some(65534)).is_ok();
        let (closed, others) = keep_to_owner(tmp.path()).expect("kept");
        let mode = |f: &Path| std::fs::metadata(f).expect("meta").permissions().mode() & 0o777;
        assert_eq!(mode(&own), 0o400);
        if given {
            assert_eq!((closed, others), (1, 1));
            assert_eq!(mode(&theirs), 0o444);
        }
    }

    #[test]
    fn a_hook_quotes_what_it_is_given_and_says_what_to_do_without_mmx() {
        let s = Hook::PreCommit.script("/opt/it's/mmx", "front desk", true);
        assert!(s.starts_with(MARK), "{s}");
        assert!(s.contains(r"mmx='/opt/it'\''s/mmx'"), "{s}");
        assert!(s.contains("[ -f 'front desk/mmx.toml' ] || exit 0"), "{s}");
        assert!(
            s.contains("\"$mmx\" --dir 'front desk' check --staged --deletions-later -q\n"),
            "{s}"
        );
        assert!(s.contains("cannot find mmx") && s.contains("exit 2"), "{s}");
        // No temp folder: nothing to leave behind on a signal.
        assert!(!s.contains("mktemp") && !s.contains("trap"), "{s}");
        let merge = Hook::PostMerge.script("mmx", "", false);
        assert!(!merge.contains("[ -f"), "{merge}");
        // The practice is given, and what the shell says of it and of the
        // day is put aside before anything runs.
        for hook in [
            Hook::PreCommit,
            Hook::CommitMsg,
            Hook::PostMerge,
            Hook::PostRewrite,
            Hook::PreReceive,
        ] {
            let s = hook.script("mmx", "", false);
            assert!(s.contains("\"$mmx\" --dir '.' "), "{s}");
            let unset = s.find("\nunset MMX_DIR MMX_TODAY\n").expect("unset");
            assert!(unset < s.find("mmx=").unwrap(), "{s}");
        }
        assert!(
            merge.ends_with("exit 0\n") && merge.contains("exit 0\nfi"),
            "{merge}"
        );
    }
}
