//! `mmx completions SHELL` and `mmx man`: both generated from the clap
//! definitions in cli.rs, so they never drift from the real command line.
//!
//! Completions use clap_complete's dynamic engine: the script a shell sources
//! calls `COMPLETE=<shell> mmx -- <words>` at each Tab, which `lib::main`
//! answers before parsing. That is what lets patient ids complete from the
//! practice on disk; the price is that the script must come from the same mmx
//! that answers, which `source <(mmx completions bash)` at shell start ensures.

use std::io::Write;

use clap::CommandFactory;
use clap_complete::CompletionCandidate;
use clap_complete::env::{Bash, Elvish, EnvCompleter, Fish, Powershell, Zsh};

use crate::cli::{Cli, Shell};
use crate::config::Config;
use crate::error::{EXIT_OK, Result};
use crate::output::io_err;

/// The environment variable that turns an mmx run into a completion request.
pub const COMPLETE_VAR: &str = "COMPLETE";

/// Writes the registration script for `shell`. It runs `mmx` from PATH when
/// completing, so an upgraded mmx is picked up by the next shell.
pub fn script(shell: Shell, out: &mut dyn Write) -> Result<u8> {
    let completer: &dyn EnvCompleter = match shell {
        Shell::Bash => &Bash,
        Shell::Zsh => &Zsh,
        Shell::Fish => &Fish,
        Shell::Elvish => &Elvish,
        Shell::Powershell => &Powershell,
    };
    completer
        .write_registration(COMPLETE_VAR, "mmx", "mmx", "mmx", out)
        .map_err(io_err)?;
    Ok(EXIT_OK)
}

/// Writes the man page (roff) for mmx and its subcommands.
pub fn man(out: &mut dyn Write) -> Result<u8> {
    clap_mangen::Man::new(Cli::command())
        .render(out)
        .map_err(io_err)?;
    Ok(EXIT_OK)
}

/// The command line with completion candidates attached: every `patient`
/// argument completes patient ids from the practice on disk. (cli.rs keeps
/// to clap; what the practice holds is the core's to say.)
pub fn command() -> clap::Command {
    with_candidates(Cli::command())
}

fn with_candidates(cmd: clap::Command) -> clap::Command {
    let cmd = if cmd.get_arguments().any(|a| a.get_id() == "patient") {
        cmd.mut_arg("patient", |a| {
            a.add(clap_complete::ArgValueCandidates::new(patient_ids))
        })
    } else {
        cmd
    };
    let names: Vec<String> = cmd
        .get_subcommands()
        .map(|s| s.get_name().to_string())
        .collect();
    names
        .into_iter()
        .fold(cmd, |c, n| c.mut_subcommand(n, with_candidates))
}

/// Patient ids, with names as help where the shell shows it, of the practice
/// found the way every command finds it (`MMX_DIR`, else the current folder
/// upwards). Completion has no error channel, so anything unreadable
/// completes to nothing.
fn patient_ids() -> Vec<CompletionCandidate> {
    let Ok(cwd) = std::env::current_dir() else {
        return Vec::new();
    };
    let config = Config {
        dir: std::env::var_os("MMX_DIR").map(Into::into),
        cwd,
        today: chrono::NaiveDate::MIN,
        color_stdout: false,
        color_stderr: false,
        lock_wait: crate::store::DEFAULT_LOCK_WAIT,
    };
    let Ok(practice) = config.practice() else {
        return Vec::new();
    };
    practice
        .patient_ids()
        .unwrap_or_default()
        .into_iter()
        .filter_map(|id| practice.read_patient_record(&id).ok())
        .map(|p| {
            let name = crate::output::clean(&p.name).into_owned();
            CompletionCandidate::new(p.id).help(Some(name.into()))
        })
        .collect()
}
