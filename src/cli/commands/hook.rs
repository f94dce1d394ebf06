//! `mmx hook`: install mmx's git hooks, and the check a clinic's shared
//! remote runs on each push (`pre-receive`).

use clap::{Args, Subcommand};
use mmx::check::push;
use mmx::check::scope;
use mmx::diag;
use mmx::git::hooks;
use mmx::practice;
use mmx::text;
use std::io::{BufRead, Write};
use std::path::PathBuf;

use crate::config::Config;
use crate::out::io_err;
use mmx::error::{EXIT_OK, EXIT_REFUSED, Error, Result};
use mmx::git::hooks::Hook;
use mmx::git::repo::Repo;

pub fn run(
    config: &Config,
    command: HookCommand,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<u8> {
    match command {
        HookCommand::Install(args) => install(config, args, err),
        HookCommand::PreReceive => pre_receive(config, &mut std::io::stdin().lock(), out),
        HookCommand::CommitMsg(args) => commit_msg(config, args, out),
    }
}

fn install(config: &Config, args: HookInstallArgs, err: &mut dyn Write) -> Result<u8> {
    // A practice folder (found upwards, as every command finds it), or a
    // bare repository, which holds no folder of its own.
    let dir = config.git_dir(args.repo.as_deref());
    let repo = Repo::open(&dir)?;
    if !repo.bare && !dir.join(practice::SETTINGS_FILE).is_file() {
        return Err(Error::NotAPractice { dir });
    }
    let done = hooks::install(&repo, Hook::for_repo(repo.bare), repo.practice_dir())?;
    hooks::describe(&done, err).map_err(io_err)?;
    match done.refused() {
        Some(e) => Err(e),
        None => Ok(EXIT_OK),
    }
}

/// Every commit a push brings judged against its parents, and each new
/// ref's tip against the remote's HEAD (see `check::push`); any error
/// refuses the whole push (git updates no ref).
fn pre_receive(config: &Config, input: &mut dyn BufRead, out: &mut dyn Write) -> Result<u8> {
    let dir = config
        .dir
        .as_ref()
        .map_or_else(|| config.cwd.clone(), |d| config.cwd.join(d));
    let repo = Repo::open(&dir)?;
    let mut updates = Vec::new();
    let mut line = String::new();
    loop {
        line.clear();
        if input.read_line(&mut line).map_err(io_err)? == 0 {
            break;
        }
        updates.extend(push::Update::parse(&line));
    }
    let verdicts = push::judge(&repo, &dir, &updates, config.today)?;
    let mut refused = false;
    for verdict in &verdicts {
        let name = text::clean_line(&verdict.name);
        match &verdict.commit {
            Some(commit) => writeln!(
                out,
                "mmx: commit {} pushed to {name}:",
                &commit[..commit.len().min(12)]
            ),
            None => writeln!(out, "mmx: the records pushed to {name}:"),
        }
        .map_err(io_err)?;
        verdict
            .report
            .render_human(out, false, false, false, ".")
            .map_err(io_err)?;
        refused |= verdict.report.summary.errors > 0;
    }
    if refused {
        writeln!(
            out,
            "mmx refuses this push: the records it brings break the rules above, for the patients it changes; every commit of a push is judged, so a later commit does not mend an earlier one.\n  hint: fix the commit that brings them (`git commit --amend` for the last, `git rebase -i` for an earlier one; an extra visit the prescriber approved: `mmx session override PATIENT/SESSION --reason TEXT`), then push again"
        )
        .map_err(io_err)?;
    }
    Ok(if refused { EXIT_REFUSED } else { EXIT_OK })
}

/// The records a commit deletes, judged with its message (the pre-commit
/// hook judged the rest before the message was written).
fn commit_msg(config: &Config, args: CommitMsgArgs, out: &mut dyn Write) -> Result<u8> {
    let root = config.git_dir(None);
    let repo = Repo::open(&root)?;
    let file = config.cwd.join(&args.message);
    let bytes = std::fs::read(&file).map_err(|e| Error::io(&file, e))?;
    let message = String::from_utf8_lossy(&bytes).into_owned();
    let report = scope::check_message(&repo, &root, message, config.today)?;
    if report.summary.errors == 0 {
        return Ok(EXIT_OK);
    }
    diag::render_human(out, &report.diagnostics, false).map_err(io_err)?;
    writeln!(
        out,
        "mmx: the commit was refused: it deletes records (put them back with `git checkout HEAD -- FILE`, or `git reset -q HEAD -- FILE` to leave them out of the commit)"
    )
    .map_err(io_err)?;
    Ok(EXIT_REFUSED)
}

#[derive(Debug, Subcommand)]
pub enum HookCommand {
    /// Install mmx's hooks where git runs them (core.hooksPath honoured):
    /// pre-commit, commit-msg, post-merge and post-rewrite in a practice's
    /// repository; pre-receive in a bare repository (a clinic's shared
    /// remote), which then also refuses pushes that drop commits
    Install(HookInstallArgs),
    /// Check a push as git's pre-receive hook gives it (`OLD NEW REF` lines
    /// on stdin): every commit it brings, each against its parents; exit 1,
    /// refusing the push, when one breaks a rule for a patient it touches
    /// or deletes or rewrites a record
    PreReceive,
    /// Check the records a commit deletes, with its message, as git's
    /// commit-msg hook gives it: exit 1, refusing the commit, unless an
    /// `Mmx-Destroy: patients/ID reason=retention-expired` trailer names
    /// each
    CommitMsg(CommitMsgArgs),
}

#[derive(Debug, Args)]
pub struct CommitMsgArgs {
    /// The file holding the commit's message (the hook's first argument)
    pub message: PathBuf,
}

#[derive(Debug, Args)]
pub struct HookInstallArgs {
    /// The repository: a practice folder, or a bare repository (default:
    /// --dir, else the practice or repository the current folder is in)
    pub repo: Option<PathBuf>,
}
