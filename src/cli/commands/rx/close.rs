//! `mmx rx close`: a discharge, as a `[closed]` table.

use crate::args::parse_date;
use crate::config::Config;
use crate::flags::default_flag;
use crate::out::io_err;
use chrono::NaiveDate;
use clap::{Args, ValueEnum};
use mmx::check::pending::OpenRecord;
use mmx::check::pending::Pending;
use mmx::error::{EXIT_OK, Error, Result};
use mmx::model::CloseReason;
use mmx::model::RecordKind;
use mmx::practice::Practice;
use mmx::records::editor::Setting;
use std::io::Write;

/// Records a discharge as a `[closed]` table through the comment-keeping
/// editor. Refused (exit 1) when a completed session falls after the date.
pub(super) fn close(
    practice: &Practice,
    config: &Config,
    args: RxCloseArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<u8> {
    let OpenRecord {
        pending,
        patient: _,
        id: rx_id,
        ..
    } = Pending::open_record(practice, config.today, RecordKind::Prescription, &args.id)?;
    let Some(rx) = pending.folder().prescription(&rx_id) else {
        return Err(Error::NotFound {
            what: "prescription",
            id: args.id.clone(),
            hint: "`mmx rx list` shows the prescriptions".into(),
        });
    };
    if let Some(c) = &rx.rec.closed {
        return Err(Error::Usage(format!(
            "prescription `{rx_id}` was already closed on {} ({}); nothing was written",
            c.date,
            c.reason.as_str()
        )));
    }
    let reason = match args.reason {
        CloseReasonArg::GoalsMet => CloseReason::GoalsMet,
        CloseReasonArg::PatientWithdrew => CloseReason::PatientWithdrew,
        CloseReasonArg::ReferredOut => CloseReason::ReferredOut,
        CloseReasonArg::PhysicianStopped => CloseReason::PhysicianStopped,
        CloseReasonArg::Other => CloseReason::Other,
    };
    let date = args.date.unwrap_or(config.today);
    let by = config.author_or_given(practice, args.by, Some("--by"))?;
    let rel = rx.file.clone();
    let mut doc = pending.document(&rel, "prescription")?;
    doc.set("closed.date", &Setting::Date(date));
    doc.set("closed.reason", &Setting::Str(reason.as_str().to_string()));
    if let Some(note) = args.note.filter(|n| !n.trim().is_empty()) {
        doc.set("closed.note", &Setting::Str(note.trim().to_string()));
    }
    if let Some(by) = by {
        doc.set("closed.by", &Setting::Str(by.trim().to_string()));
    }
    let flag = |field: &str| match field {
        "closed.date" => Some("--date".to_string()),
        "closed.note" => Some("--note".to_string()),
        "closed.reason" => Some("--reason".to_string()),
        "closed.by" => Some("--by".to_string()),
        f => default_flag(f),
    };
    pending.write_edit(&rel, &doc.render(), Some(&flag))?;
    writeln!(
        err,
        "closed prescription `{rx_id}` on {date} ({})",
        reason.as_str()
    )
    .map_err(io_err)?;
    writeln!(out, "{rx_id}").map_err(io_err)?;
    Ok(EXIT_OK)
}

#[derive(Debug, Args)]
pub struct RxCloseArgs {
    /// The prescription (RX, or PATIENT/RX when several patients have that id)
    pub id: String,
    /// Why the course ended
    #[arg(long, value_enum)]
    pub reason: CloseReasonArg,
    /// The day of the discharge (default: today)
    #[arg(long, value_parser = parse_date, value_name = "DATE")]
    pub date: Option<NaiveDate>,
    /// More about the discharge (a home programme, who it was referred to)
    #[arg(long, value_name = "TEXT")]
    pub note: Option<String>,
    /// Who discharges (default: the therapist at this computer: MMX_THERAPIST or git config mmx.therapist)
    #[arg(long, value_name = "NAME")]
    pub by: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CloseReasonArg {
    GoalsMet,
    PatientWithdrew,
    ReferredOut,
    PhysicianStopped,
    Other,
}
