//! `mmx session amend|override|void`: additions after the last byte of a
//! session, never an edit of what was written.

use super::{author, not_found};
use crate::config::Config;
use crate::out::io_err;
use clap::Args;
use mmx::check::pending::OpenRecord;
use mmx::check::pending::Pending;
use mmx::check::rules::override_keys;
use mmx::error::{EXIT_OK, Error, Result};
use mmx::model::RecordKind;
use mmx::model::{Amendment, Excuse, Override, Void};
use mmx::practice::Practice;
use mmx::records::editor;
use std::io::Write;

/// Appends a `[void]` table to a session recorded in error: every byte
/// already written stays, and the session no longer counts as a visit.
pub(super) fn void(
    practice: &Practice,
    config: &Config,
    args: SessionVoidArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<u8> {
    let reason = args.reason.trim();
    if reason.is_empty() {
        return Err(Error::Usage(
            "--reason must say why the session was recorded in error".into(),
        ));
    }
    let by = author(config, practice, args.by)?;
    let OpenRecord {
        pending,
        patient,
        rel,
        text,
        ..
    } = Pending::open_record(practice, config.today, RecordKind::Session, &args.id)?;
    let _patient = patient.as_str();
    if let Some(v) = pending
        .folder()
        .sessions
        .iter()
        .find(|s| s.file == rel)
        .and_then(|s| s.rec.void.as_ref())
    {
        return Err(Error::Usage(format!(
            "session `{}` was already voided on {}; nothing was written",
            args.id, v.date
        )));
    }
    let entry = Void {
        date: config.today,
        by: Some(by),
        reason: reason.to_string(),
    };
    append(&pending, &rel, &text, &entry.to_toml(), "--reason")?;
    writeln!(
        err,
        "voided session `{}` (entered-in-error): it no longer counts as a visit",
        args.id
    )
    .map_err(io_err)?;
    writeln!(out, "{}", args.id).map_err(io_err)?;
    Ok(EXIT_OK)
}

/// Appends a dated `[[amendments]]` entry to a session: every byte already
/// written stays as it was, as medical records require.
pub(super) fn amend(
    practice: &Practice,
    config: &Config,
    args: SessionAmendArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<u8> {
    let note = args.note.trim();
    if note.is_empty() {
        return Err(Error::Usage("--note must not be empty".into()));
    }
    let by = author(config, practice, args.by)?;
    let OpenRecord {
        pending, rel, text, ..
    } = Pending::open_record(practice, config.today, RecordKind::Session, &args.id)?;
    let amendment = Amendment {
        date: config.today,
        by: Some(by),
        note: note.to_string(),
    };
    append(&pending, &rel, &text, &amendment.to_toml(), "--note")?;
    writeln!(err, "amended session `{}` on {}", args.id, config.today).map_err(io_err)?;
    writeln!(out, "{}", args.id).map_err(io_err)?;
    Ok(EXIT_OK)
}

/// Appends an `[[overrides]]` entry naming the session's present compliance
/// findings (those not already named), with the reason.
pub(super) fn record_override(
    practice: &Practice,
    config: &Config,
    args: SessionOverrideArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<u8> {
    if args.reason.trim().is_empty() {
        return Err(Error::Usage(
            "--reason must say why the findings are justified".into(),
        ));
    }
    let by = author(config, practice, args.by)?;
    let OpenRecord {
        pending,
        patient,
        rel,
        text,
        ..
    } = Pending::open_record(practice, config.today, RecordKind::Session, &args.id)?;
    let patient = patient.as_str();
    let Some(session) = pending.folder().sessions.iter().find(|s| s.file == rel) else {
        return Err(not_found(&args.id, patient));
    };
    let keys: Vec<String> = override_keys(pending.before.findings.iter().filter(|d| d.file == rel))
        .into_iter()
        .filter(|k| !matches!(session.rec.excuse(k), Some(Excuse::Named(_))))
        .collect();
    if keys.is_empty() {
        let already = override_keys(pending.before.findings.iter().filter(|d| d.file == rel))
            .iter()
            .any(|k| matches!(session.rec.excuse(k), Some(Excuse::Named(_))));
        return Err(Error::Usage(if already {
            format!(
                "session `{}`: its compliance findings are already overridden; nothing was written",
                args.id
            )
        } else {
            format!(
                "session `{}` is within its prescription, so there is nothing to override; nothing was written",
                args.id
            )
        }));
    }
    let entry = Override {
        date: config.today,
        by: Some(by),
        findings: keys.clone(),
        reason: args.reason.trim().to_string(),
    };
    append(&pending, &rel, &text, &entry.to_toml(), "--reason")?;
    writeln!(
        err,
        "recorded an override on session `{}` for: {}",
        args.id,
        keys.join(", ")
    )
    .map_err(io_err)?;
    writeln!(out, "{}", args.id).map_err(io_err)?;
    Ok(EXIT_OK)
}

/// Appends an entry (an amendment, an override) after the last byte of a
/// session through the gate; its text came from `text_flag`, its author
/// from `--by`.
pub(super) fn append(
    pending: &Pending<'_>,
    rel: &str,
    text: &str,
    entry: &str,
    text_flag: &str,
) -> Result<()> {
    let new_text = editor::append(text, entry);
    let flag = |field: &str| match field.rsplit('.').next() {
        Some("by") => Some("--by".to_string()),
        Some(_) => Some(text_flag.to_string()),
        None => None,
    };
    pending.write_edit(rel, &new_text, Some(&flag))?;
    Ok(())
}

#[derive(Debug, Args)]
pub struct SessionVoidArgs {
    /// The session, as PATIENT/SESSION
    pub id: String,
    /// Why the session was recorded in error
    #[arg(long, value_name = "TEXT")]
    pub reason: String,
    /// Who records it (default: the therapist at this computer: MMX_THERAPIST or git config mmx.therapist)
    #[arg(long, value_name = "NAME")]
    pub by: Option<String>,
}

#[derive(Debug, Args)]
pub struct SessionOverrideArgs {
    /// The session, as PATIENT/SESSION
    pub id: String,
    /// Why the findings are justified (who approved what, and when)
    #[arg(long, value_name = "TEXT")]
    pub reason: String,
    /// Who records it (default: the therapist at this computer: MMX_THERAPIST or git config mmx.therapist)
    #[arg(long, value_name = "NAME")]
    pub by: Option<String>,
}

#[derive(Debug, Args)]
pub struct SessionAmendArgs {
    /// The session, as PATIENT/SESSION
    pub id: String,
    /// What to add to the record
    #[arg(long, value_name = "TEXT")]
    pub note: String,
    /// Who amends it (default: the therapist at this computer: MMX_THERAPIST or git config mmx.therapist)
    #[arg(long, value_name = "NAME")]
    pub by: Option<String>,
}
