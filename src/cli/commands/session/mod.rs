//! `mmx session add|list|show|amend`. A new session is checked with the same rules
//! as `mmx check` before anything is written.

mod add;
mod amend;
mod list;
mod show;

use clap::Subcommand;
use mmx::model::RecordKind;
use mmx::practice::record_rel;
use std::io::Write;

use crate::args::ShowArgs;
use crate::commands::session::add::SessionAddArgs;
use crate::commands::session::amend::SessionAmendArgs;
use crate::commands::session::amend::SessionOverrideArgs;
use crate::commands::session::amend::SessionVoidArgs;
use crate::commands::session::list::SessionListArgs;
use crate::config::Config;
use crate::config::set_identity_hint;
use mmx::error::{Error, Result};
use mmx::practice::Practice;

pub fn run(
    config: &Config,
    command: SessionCommand,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<u8> {
    let practice = config.practice()?;
    match command {
        SessionCommand::Add(args) => add::add(&practice, config, *args, out, err),
        SessionCommand::List(args) => list::list(&practice, config, args, out, err),
        SessionCommand::Show(args) => show::show(&practice, config, args, out),
        SessionCommand::Amend(args) => amend::amend(&practice, config, args, out, err),
        SessionCommand::Override(args) => amend::record_override(&practice, config, args, out, err),
        SessionCommand::Void(args) => amend::void(&practice, config, args, out, err),
    }
}

pub(super) fn session_file(patient: &str, id: &str) -> String {
    record_rel(RecordKind::Session, patient, id)
}

pub(super) fn not_found(id: &str, patient: &str) -> Error {
    Error::NotFound {
        what: "session",
        id: id.to_string(),
        hint: format!("`mmx session list --patient {patient}` shows the sessions"),
    }
}

/// Who adds to a record: `--by`, else the therapist at this computer (see
/// [`Config::author_or_given`]). A record's addition is never anonymous.
pub(super) fn author(config: &Config, practice: &Practice, by: Option<String>) -> Result<String> {
    config
        .author_or_given(practice, by, Some("--by"))?
        .ok_or_else(|| {
            Error::Usage(format!(
                "--by NAME is needed: mmx.toml names no therapist ([practice] therapist) and this \
                 computer has not said who you are\n  hint: {}",
                set_identity_hint(&[])
            ))
        })
}

pub(super) fn text_flag(v: Option<String>) -> Option<String> {
    v.filter(|s| !s.trim().is_empty())
}

#[derive(Debug, Subcommand)]
pub enum SessionCommand {
    /// Record a session; it is checked against the prescription before anything is written. Prints the new id
    Add(Box<SessionAddArgs>),
    /// List sessions
    List(SessionListArgs),
    /// Show one session (PATIENT/SESSION)
    Show(ShowArgs),
    /// Append a dated amendment to a recorded session; what was written stays as it was
    Amend(SessionAmendArgs),
    /// Record why a session's present compliance findings are justified (a doctor's approval, a renewal on its way); appended like an amendment, it excuses those findings only
    Override(SessionOverrideArgs),
    /// Mark a session recorded in error (entered-in-error): it stays in the file and in history, and no longer counts
    Void(SessionVoidArgs),
}
