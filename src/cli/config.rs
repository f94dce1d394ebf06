//! The validated settings of one invocation, made once from the raw command
//! line and the environment: where the practice is, what day it is, whether
//! to colour. Everything downstream sees only this.

use crate::args;
use mmx::practice;
use mmx::practice::store;
use std::ffi::OsStr;
use std::io::IsTerminal;
use std::path::PathBuf;
use std::time::Duration;

use chrono::NaiveDate;

use crate::args::{Cli, ColorChoice};
use mmx::error::{Error, Result};
use mmx::practice::author;
use mmx::practice::author::{Author, Identity};
use mmx::practice::{Practice, Writes};
use mmx::text;
use std::io;
use std::sync::Mutex;

#[derive(Debug, Clone)]
pub struct Config {
    /// `--dir` / `MMX_DIR`, if given.
    pub dir: Option<PathBuf>,
    pub cwd: PathBuf,
    /// `--today` / `MMX_TODAY`, else the local date.
    pub today: NaiveDate,
    pub color_stdout: bool,
    pub color_stderr: bool,
    /// `MMX_LOCK_TIMEOUT`: how long a write waits for another mmx's lock.
    pub lock_wait: Duration,
    /// `--dry-run`: show what would be written, write nothing.
    pub dry_run: bool,
}

impl Config {
    pub fn from_cli(cli: &Cli) -> Result<Config> {
        let cwd = std::env::current_dir().map_err(|e| Error::io(".", e))?;
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        let decide = |tty: bool| match cli.color {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => tty && !no_color,
        };
        let today = match (cli.today, env_value(TODAY_VAR)) {
            (Some(day), _) => day,
            (None, Some(value)) => {
                args::parse_date(&value).map_err(|e| Error::Usage(format!("{TODAY_VAR}: {e}")))?
            }
            (None, None) => chrono::Local::now().date_naive(),
        };
        Ok(Config {
            dir: cli
                .dir
                .clone()
                .or_else(|| env_value(DIR_VAR).map(PathBuf::from)),
            today,
            color_stdout: decide(std::io::stdout().is_terminal()),
            color_stderr: decide(std::io::stderr().is_terminal()),
            lock_wait: lock_wait(std::env::var_os(LOCK_TIMEOUT_VAR).as_deref())?,
            dry_run: cli.dry_run,
            cwd,
        })
    }

    /// Finds and opens the practice this invocation works on.
    pub fn practice(&self) -> Result<Practice> {
        let dir = self.dir.as_ref().map(|d| self.cwd.join(d));
        let root = practice::find_root(dir.as_deref(), &self.cwd)?;
        Ok(Practice {
            lock_wait: self.lock_wait,
            writes: if self.dry_run {
                Writes::Shown(Mutex::new(Box::new(io::stdout())))
            } else {
                Writes::Files
            },
            // The line saying a write waits shows while it waits.
            on_wait: |line| eprintln!("{line}"),
            ..Practice::open(root)?
        })
    }
}

impl Config {
    /// Where git is asked about the practice: the practice folder, found as
    /// every command finds it from `given` (else `--dir`), or, where there
    /// is none (a clinic's bare remote), that folder itself.
    pub fn git_dir(&self, given: Option<&std::path::Path>) -> PathBuf {
        let given = given.or(self.dir.as_deref()).map(|d| self.cwd.join(d));
        practice::find_root(given.as_deref(), &self.cwd)
            .unwrap_or_else(|_| given.unwrap_or_else(|| self.cwd.clone()))
    }
}

/// Who the therapist at this computer is, for this shell (the hooks keep
/// it: it says who records, not how records are judged).
pub const THERAPIST_VAR: &str = "MMX_THERAPIST";
/// The same in git's config, once for a clone (`git config mmx.therapist
/// NAME`) or for every practice on the computer (`--global`).
pub const THERAPIST_GIT_KEY: &str = "mmx.therapist";

impl Config {
    /// The therapist this computer says it is: `MMX_THERAPIST`, else git's
    /// `mmx.therapist` as read in the practice folder (the clone's own
    /// config before the user's). Git is only asked when the variable is
    /// unset, and a computer without git has no such config.
    pub fn identity(&self, practice: &Practice) -> Option<Identity> {
        if let Some(name) = env_value(THERAPIST_VAR).filter(|n| !n.trim().is_empty()) {
            return Some(Identity {
                name,
                from: THERAPIST_VAR,
            });
        }
        let out = std::process::Command::new("git")
            .args(["config", "--get", THERAPIST_GIT_KEY])
            .current_dir(&practice.root)
            .stdin(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .output()
            .ok()?;
        let name = String::from_utf8_lossy(&out.stdout).trim().to_string();
        (out.status.success() && !name.is_empty()).then_some(Identity {
            name,
            from: "git config mmx.therapist",
        })
    }

    /// Who records at this computer, as the practice's rule says
    /// ([`author::author`]); an identity the practice does not list is a
    /// wrong environment (exit 2).
    pub fn author(&self, practice: &Practice) -> Result<Author> {
        author::author(&practice.settings, self.identity(practice)).map_err(|e| {
            Error::Usage(format!(
                "{} names `{}`, who is not one of mmx.toml's [[therapists]] ({})\n  hint: {}",
                e.identity.from,
                text::clean_line(e.identity.name.trim()),
                e.listed.join(", "),
                set_identity_hint(&e.listed)
            ))
        })
    }

    /// The author a command records: `given` (its flag), else who records at
    /// this computer; `None` when the practice names no therapist at all.
    /// In a clinic of several therapists where this computer has not said
    /// which one it is, exit 2 with how to say it: a record's author is
    /// never guessed.
    pub fn author_or_given(
        &self,
        practice: &Practice,
        given: Option<String>,
        flag: Option<&str>,
    ) -> Result<Option<String>> {
        if let Some(given) = given.filter(|g| !g.trim().is_empty()) {
            return Ok(Some(given));
        }
        match self.author(practice)? {
            Author::Named(name) => Ok(Some(name)),
            Author::Nobody => Ok(None),
            Author::Unsettled(listed) => Err(Error::Usage(format!(
                "mmx.toml lists several therapists ({}) and this computer has not said which \
                 one you are, so mmx cannot record who did this; nothing was written\n  hint: {}{}",
                listed.join(", "),
                set_identity_hint(&listed),
                flag.map(|f| format!("; for this command only, {f} NAME"))
                    .unwrap_or_default()
            ))),
        }
    }
}

/// How a therapist says who they are at their computer.
pub fn set_identity_hint(listed: &[String]) -> String {
    let example = listed.first().map_or("Your Name", String::as_str);
    format!(
        "say it once on this computer: `git config {THERAPIST_GIT_KEY} \"{example}\"` in the \
         practice folder (or `git config --global ...` for every practice), or set {THERAPIST_VAR}"
    )
}

pub const LOCK_TIMEOUT_VAR: &str = "MMX_LOCK_TIMEOUT";
pub use mmx::practice::{DIR_VAR, TODAY_VAR};

/// An environment variable's value; empty counts as unset, as for NO_COLOR.
pub fn env_value(name: &str) -> Option<String> {
    std::env::var_os(name)
        .filter(|v| !v.is_empty())
        .map(|v| v.to_string_lossy().into_owned())
}

/// The wait `MMX_LOCK_TIMEOUT` asks for: whole seconds, 0 for none; unset or
/// empty (as clap treats its variables) is the default.
fn lock_wait(value: Option<&OsStr>) -> Result<Duration> {
    let Some(value) = value.filter(|v| !v.is_empty()) else {
        return Ok(store::DEFAULT_LOCK_WAIT);
    };
    value
        .to_str()
        .and_then(|s| s.parse::<u64>().ok())
        .map(Duration::from_secs)
        .ok_or_else(|| {
            Error::Usage(format!(
                "{LOCK_TIMEOUT_VAR} is `{}`; it must be a whole number of seconds to wait for \
                 another mmx writing the same patient (0: do not wait; unset: {})",
                value.to_string_lossy(),
                store::DEFAULT_LOCK_WAIT.as_secs()
            ))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lock_timeout_is_whole_seconds() {
        let wait = |v: &str| lock_wait(Some(OsStr::new(v))).map_err(|e| e.to_string());
        assert_eq!(lock_wait(None).unwrap(), store::DEFAULT_LOCK_WAIT);
        assert_eq!(wait(""), Ok(store::DEFAULT_LOCK_WAIT));
        assert_eq!(wait("0"), Ok(Duration::ZERO));
        assert_eq!(wait("45"), Ok(Duration::from_secs(45)));
        for bad in ["-1", "1.5", "2s", " 3", "ten"] {
            let err = wait(bad).unwrap_err();
            assert!(
                err.starts_with(&format!(
                    "MMX_LOCK_TIMEOUT is `{bad}`; it must be a whole number of seconds"
                )),
                "{err}"
            );
        }
    }
}
