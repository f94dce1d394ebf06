//! The errors a command can end with, in the core's words; the command
//! line (src/cli/exit.rs) adds its hints and turns them into exit codes.

use crate::diag::Severity;
use std::fmt;
use std::path::PathBuf;

use crate::diag::Diagnostic;

/// Exit status contract: 0 success or clean, 1 the records say no,
/// 2 the command line or the environment is wrong.
pub const EXIT_OK: u8 = 0;
pub const EXIT_REFUSED: u8 = 1;
pub const EXIT_USAGE: u8 = 2;

#[derive(Debug)]
pub enum Error {
    /// A flag or argument is wrong (exit 2).
    Usage(String),
    /// No practice was found from the current folder (exit 2).
    NoPractice { from: PathBuf },
    /// `--dir` / `MMX_DIR` names a folder that holds no practice (exit 2).
    NotAPractice { dir: PathBuf },
    /// Reading or writing a file failed (exit 2).
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    /// Another mmx held a patient folder's lock for longer than this one
    /// would wait (exit 2).
    Locked {
        path: PathBuf,
        patient: String,
        waited: std::time::Duration,
    },
    /// A practice or record already exists (exit 1).
    Exists {
        what: &'static str,
        id: String,
        path: String,
    },
    /// A record asked for does not exist (exit 1).
    NotFound {
        what: &'static str,
        id: String,
        hint: String,
    },
    /// A new record breaks the rules; nothing was written (exit 1).
    Refused { diagnostics: Vec<Diagnostic> },
    /// The patient's folder holds files the gate cannot read, so no change to
    /// it can be proven; nothing was written (exit 1).
    Blocked { diagnostics: Vec<Diagnostic> },
    /// The patient's folder holds files mmx cannot read, so a report would
    /// leave out what they hold (exit 1).
    Incomplete { diagnostics: Vec<Diagnostic> },
    /// The records have errors, so they are not exported (exit 1).
    NotExported { diagnostics: Vec<Diagnostic> },
    /// `mmx.toml` has errors: no command runs on guessed settings (exit 2).
    Settings { diagnostics: Vec<Diagnostic> },
    /// Flag values the records' rules refuse, each worded as the rule words
    /// it for a file and named by its flag (exit 2).
    Flags { problems: Vec<FlagProblem> },
    /// The records say no in some other way, already explained (exit 1).
    Records(String),
}

/// One flag value the records' rules refuse.
#[derive(Debug, Clone)]
pub struct FlagProblem {
    pub flag: String,
    pub message: String,
    pub hint: Option<String>,
}

impl Error {
    /// The diagnostics to show before the error's own line, if any.
    pub fn diagnostics(&self) -> &[Diagnostic] {
        match self {
            Error::Refused { diagnostics }
            | Error::Blocked { diagnostics }
            | Error::Incomplete { diagnostics }
            | Error::NotExported { diagnostics }
            | Error::Settings { diagnostics } => diagnostics,
            _ => &[],
        }
    }

    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Usage(m) | Error::Records(m) => write!(f, "{m}"),
            Error::NoPractice { from } => write!(
                f,
                "no practice found in {} or any folder above it (no mmx.toml)",
                from.display()
            ),
            Error::NotAPractice { dir } => {
                write!(f, "{} is not a practice (no mmx.toml there)", dir.display())
            }
            Error::Io { path, source } => write!(f, "{}: {source}", path.display()),
            Error::Locked {
                path,
                patient,
                waited,
            } => write!(
                f,
                "another mmx holds the lock on patient `{patient}`'s folder ({}) and is \
                 writing there; this one {}, and nothing was written",
                path.display(),
                match waited.as_secs() {
                    0 => "did not wait".to_string(),
                    1 => "gave up after waiting 1 second".to_string(),
                    n => format!("gave up after waiting {n} seconds"),
                }
            ),
            Error::Exists { what, id, path } => {
                write!(
                    f,
                    "{what} `{id}` already exists ({path}); nothing was written"
                )?;
                if *what == "patient" {
                    // Two people of one name born the same year.
                    write!(
                        f,
                        "\n  hint: if this is another person, give them their own id: --id {id}-2"
                    )?;
                }
                Ok(())
            }
            Error::NotFound { what, id, hint } if id.is_empty() => {
                write!(
                    f,
                    "the name or id given is not one {what}'s id\n  hint: {hint}"
                )
            }
            Error::NotFound { what, id, hint } => write!(f, "no {what} `{id}`\n  hint: {hint}"),
            Error::Blocked { diagnostics } => {
                let files = files_of(diagnostics);
                write!(
                    f,
                    "refused: {} cannot be read, so this change cannot be checked against {}; nothing was written\n  \
                     hint: fix or remove {} (the problems are above; `mmx check` lists every one), then run the command again",
                    files.join(", "),
                    if files.len() == 1 { "it" } else { "them" },
                    if files.len() == 1 { "it" } else { "them" },
                )
            }
            Error::Incomplete { diagnostics } => {
                let files = files_of(diagnostics);
                write!(
                    f,
                    "refused: {} cannot be read, so a report would leave out what {} and misstate the visits; no report was made\n  \
                     hint: fix {} (the problems are above; `mmx check` lists every one), then report again",
                    files.join(", "),
                    if files.len() == 1 {
                        "it holds"
                    } else {
                        "they hold"
                    },
                    if files.len() == 1 { "it" } else { "them" },
                )
            }
            Error::NotExported { diagnostics } => {
                let n = diagnostics.len();
                write!(
                    f,
                    "the records have {n} {} (above); nothing was exported\n  hint: fix them, then export again; `mmx check` lists them",
                    if n == 1 { "error" } else { "errors" }
                )
            }
            Error::Settings { diagnostics } => {
                let n = errors_in(diagnostics);
                write!(
                    f,
                    "mmx.toml has {n} {} (above); mmx runs no command on guessed settings, so nothing was read or written",
                    if n == 1 { "error" } else { "errors" }
                )
            }
            Error::Flags { problems } => {
                for (i, p) in problems.iter().enumerate() {
                    if i > 0 {
                        write!(f, "\nerror: ")?;
                    }
                    write!(f, "{}: {}", p.flag, p.message)?;
                    if let Some(h) = &p.hint {
                        write!(f, "\n  hint: {h}")?;
                    }
                }
                Ok(())
            }
            Error::Refused { diagnostics } => {
                let n = errors_in(diagnostics);
                write!(
                    f,
                    "refused: {n} {} with this change; nothing was written",
                    if n == 1 { "problem" } else { "problems" }
                )
            }
        }
    }
}

/// The files the diagnostics are about, each once, in their (sorted) order.
fn files_of(diagnostics: &[Diagnostic]) -> Vec<&str> {
    let mut files: Vec<&str> = diagnostics.iter().map(|d| d.file.as_str()).collect();
    files.dedup();
    files
}

fn errors_in(diagnostics: &[Diagnostic]) -> usize {
    diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count()
}

impl std::error::Error for Error {}

/// A failed write to the command's output (stdout, a pipe).
pub fn io_err(e: std::io::Error) -> Error {
    Error::io("<output>", e)
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
