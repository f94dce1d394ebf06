//! `mmx hook`: install mmx's git hooks, and the check a clinic's shared
//! remote runs on each push (`pre-receive`).

use clap::{Args, Subcommand};
use mmx::check::scope;
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

/// Each pushed ref's new tree judged on the patients the push touches; any
/// error refuses the whole push (git updates no ref).
fn pre_receive(config: &Config, input: &mut dyn BufRead, out: &mut dyn Write) -> Result<u8> {
    let dir = config
        .dir
        .as_ref()
        .map_or_else(|| config.cwd.clone(), |d| config.cwd.join(d));
    let repo = Repo::open(&dir)?;
    let mut refused = false;
    let mut line = String::new();
    loop {
        line.clear();
        if input.read_line(&mut line).map_err(io_err)? == 0 {
            break;
        }
        let mut fields = line.split_whitespace();
        let (Some(old), Some(new), Some(name)) = (fields.next(), fields.next(), fields.next())
        else {
            continue;
        };
        let zero = |oid: &str| oid.bytes().all(|b| b == b'0');
        if zero(new) {
            // A deleted ref brings no records.
            continue;
        }
        // A new branch or tag is judged against the remote's own HEAD: on
        // every patient whose records differ from it, whether it brings new
        // commits or names an old one (even one that was never a tip).
        let base = if zero(old) {
            repo.tree_of("HEAD")?
        } else {
            repo.tree_of(old)?
        };
        let Some(tree) = repo.tree_of(new)? else {
            continue;
        };
        let report = scope::check(&repo, &dir, &scope::Target { tree, base }, config.today)?;
        if report.diagnostics.is_empty() {
            continue;
        }
        writeln!(
            out,
            "mmx: the records pushed to {}:",
            text::clean_line(name)
        )
        .map_err(io_err)?;
        report
            .render_human(out, false, false, false)
            .map_err(io_err)?;
        refused |= report.summary.errors > 0;
    }
    if refused {
        writeln!(
            out,
            "mmx refuses this push: the records it brings break the rules above, for the patients it changes.\n  hint: fix them in a new commit (an extra visit the prescriber approved: `mmx session override PATIENT/SESSION --reason TEXT`), then push again"
        )
        .map_err(io_err)?;
    }
    Ok(if refused { EXIT_REFUSED } else { EXIT_OK })
}

#[derive(Debug, Subcommand)]
pub enum HookCommand {
    /// Install mmx's hooks where git runs them (core.hooksPath honoured):
    /// pre-commit, post-merge and post-rewrite in a practice's repository;
    /// pre-receive in a bare repository (a clinic's shared remote), which
    /// then also refuses pushes that drop commits
    Install(HookInstallArgs),
    /// Check a push as git's pre-receive hook gives it (`OLD NEW REF` lines
    /// on stdin): exit 1, refusing the push, when the records it brings
    /// break a rule for a patient it touches
    PreReceive,
}

#[derive(Debug, Args)]
pub struct HookInstallArgs {
    /// The repository: a practice folder, or a bare repository (default:
    /// --dir, else the practice or repository the current folder is in)
    pub repo: Option<PathBuf>,
}
