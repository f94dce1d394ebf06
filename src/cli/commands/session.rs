//! `mmx session add|list|show|amend`. A new session is checked with the same rules
//! as `mmx check` before anything is written.

use chrono::NaiveDate;
use chrono::NaiveTime;
use clap::{Args, Subcommand, ValueEnum};
use mmx::check::pending::OpenRecord;
use mmx::check::review;
use mmx::course;
use mmx::model::RecordKind;
use mmx::practice::record_rel;
use mmx::records::editor;
use mmx::vocab::measures;
use std::io::Write;

use crate::args::parse_date;
use crate::args::parse_id;
use crate::args::parse_minutes;
use crate::args::parse_pain;
use crate::args::parse_patient;
use crate::args::parse_time;
use crate::args::{ListFormat, ShowArgs, ShowFormat};
use crate::config::Config;
use crate::flags::{self, default_flag};
use crate::out::{self, Fields, io_err};
use mmx::check::pending::Pending;
use mmx::check::rules::override_keys;
use mmx::course::NoPrescription;
use mmx::diag::{self, Code, Severity};
use mmx::error::{EXIT_OK, Error, Result};
use mmx::model::{Amendment, Excuse, Override, Session, Soap, Status, Void};
use mmx::practice::Practice;

pub fn run(
    config: &Config,
    command: SessionCommand,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<u8> {
    let practice = config.practice()?;
    match command {
        SessionCommand::Add(args) => add(&practice, config, *args, out, err),
        SessionCommand::List(args) => list(&practice, config, args, out, err),
        SessionCommand::Show(args) => show(&practice, config, args, out),
        SessionCommand::Amend(args) => amend(&practice, config, args, out, err),
        SessionCommand::Override(args) => record_override(&practice, config, args, out, err),
        SessionCommand::Void(args) => void(&practice, config, args, out, err),
    }
}

/// Appends a `[void]` table to a session recorded in error: every byte
/// already written stays, and the session no longer counts as a visit.
fn void(
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
        by: Some(author(practice, args.by)?),
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

fn session_file(patient: &str, id: &str) -> String {
    record_rel(RecordKind::Session, patient, id)
}

/// Appends a dated `[[amendments]]` entry to a session: every byte already
/// written stays as it was, as medical records require.
fn amend(
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
    let OpenRecord {
        pending, rel, text, ..
    } = Pending::open_record(practice, config.today, RecordKind::Session, &args.id)?;
    let amendment = Amendment {
        date: config.today,
        by: Some(author(practice, args.by)?),
        note: note.to_string(),
    };
    append(&pending, &rel, &text, &amendment.to_toml(), "--note")?;
    writeln!(err, "amended session `{}` on {}", args.id, config.today).map_err(io_err)?;
    writeln!(out, "{}", args.id).map_err(io_err)?;
    Ok(EXIT_OK)
}

/// Appends an `[[overrides]]` entry naming the session's present compliance
/// findings (those not already named), with the reason.
fn record_override(
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
        by: Some(author(practice, args.by)?),
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
fn append(
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

fn not_found(id: &str, patient: &str) -> Error {
    Error::NotFound {
        what: "session",
        id: id.to_string(),
        hint: format!("`mmx session list --patient {patient}` shows the sessions"),
    }
}

/// Who adds to a record: `--by`, else the practice's therapist. A record's
/// addition is never anonymous.
fn author(practice: &Practice, by: Option<String>) -> Result<String> {
    text_flag(by)
        .or_else(|| practice.settings.practice.therapist.clone())
        .ok_or_else(|| {
            Error::Usage(
                "--by NAME is needed: mmx.toml names no therapist ([practice] therapist)".into(),
            )
        })
}

fn text_flag(v: Option<String>) -> Option<String> {
    v.filter(|s| !s.trim().is_empty())
}

fn add(
    practice: &Practice,
    config: &Config,
    args: SessionAddArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<u8> {
    // Held until the new file is in place: the visit count read now is
    // still true when the session is written.
    let mut pending = Pending::open(practice, config.today, &args.patient)?;
    let status = match args.status {
        StatusArg::Completed => Status::Completed,
        StatusArg::Cancelled => Status::Cancelled,
        StatusArg::NoShow => Status::NoShow,
    };
    let override_reason = match args.override_reason {
        Some(r) if r.trim().is_empty() => {
            return Err(Error::Usage("--override needs a reason".into()));
        }
        r => r.map(|r| r.trim().to_string()),
    };
    let folder = pending.folder();
    let prescription = match args.rx {
        Some(rx) => rx,
        None => {
            let regions = practice.vocab.regions_as_given(&args.regions);
            match course::prescription_for(
                folder,
                &practice.settings.rules,
                &practice.vocab,
                args.date,
                status,
                &regions,
            ) {
                Ok(rx) => rx.rec.id.clone(),
                Err(NoPrescription::NoneInForce) => {
                    return Err(Error::Records(format!(
                        "patient `{}` has no prescription in force on {}\n  hint: `mmx rx list --patient {}` shows them; pass --rx RX, or add a prescription with `mmx rx add`",
                        folder.id, args.date, folder.id
                    )));
                }
                Err(NoPrescription::Several { all, covering }) => {
                    let which = if covering.is_empty() {
                        "none of them covers all the regions given".to_string()
                    } else {
                        format!("{} cover the regions given", covering.join(" and "))
                    };
                    return Err(Error::Records(format!(
                        "patient `{}` has {} prescriptions in force on {} ({}); {which}, so mmx cannot choose\n  hint: pass --rx RX for the one this session belongs to",
                        folder.id,
                        all.len(),
                        args.date,
                        all.join(", "),
                    )));
                }
            }
        }
    };
    let therapist =
        text_flag(args.therapist).or_else(|| practice.settings.practice.therapist.clone());
    let mut session = Session {
        id: String::new(),
        patient: folder.id.clone(),
        prescription,
        date: args.date,
        start: args.start,
        minutes: args.minutes,
        status,
        therapist: therapist.clone(),
        regions: practice.vocab.regions_as_given(&args.regions),
        techniques: practice.vocab.techniques_as_given(&args.techniques),
        pain_before: args.pain_before,
        pain_after: args.pain_after,
        measures: flags::measurements_from_flags(&args.measures, &practice.vocab)
            .map_err(Error::Usage)?,
        override_reason: None,
        soap: Soap {
            subjective: text_flag(args.subjective),
            objective: text_flag(args.objective),
            assessment: text_flag(args.assessment),
            plan: text_flag(args.plan),
        },
        amendments: Vec::new(),
        overrides: Vec::new(),
        void: None,
    };
    let flag = |field: &str| default_flag(field);
    // Checked exactly as it would be written, with the patient's whole
    // folder: a back-dated visit that pushes a later one past the visit
    // count is refused too.
    let (id, _, shown) = pending.create_dated(
        RecordKind::Session,
        session.date,
        args.id.as_deref(),
        Some(&flag),
        |pending, id, rel| {
            session.id = id.to_string();
            session.overrides.clear();
            if let Some(reason) = &override_reason {
                // The override names what this session breaks, as the gate finds
                // it, so it excuses those findings and nothing a later change causes.
                let probe = pending.preview(&[(rel, &session.to_toml())]);
                let keys = override_keys(probe.findings.iter().filter(|d| {
                    d.severity == Severity::Error
                        && (d.file == rel
                            || (d.code == Code::VisitsExceeded
                                && d.subject.as_deref() == Some(session.prescription.as_str())))
                }));
                let other_errors = probe
                    .findings
                    .iter()
                    .any(|d| d.file == rel && d.severity == Severity::Error);
                if keys.is_empty() && !other_errors {
                    return Err(Error::Usage(format!(
                        "--override: the session is within prescription `{}`, so there is nothing to override; leave --override out",
                        session.prescription
                    )));
                }
                if !keys.is_empty() {
                    session.overrides.push(Override {
                        date: config.today,
                        by: therapist.clone(),
                        findings: keys,
                        reason: reason.clone(),
                    });
                }
            }
            Ok(session.to_toml())
        },
    )?;
    diag::render_human(err, &shown, config.color_stderr).map_err(io_err)?;
    writeln!(out, "{id}").map_err(io_err)?;
    Ok(EXIT_OK)
}

fn list(
    practice: &Practice,
    config: &Config,
    args: SessionListArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<u8> {
    if let (Some(since), Some(until)) = (args.since, args.until)
        && since > until
    {
        return Err(Error::Usage(format!(
            "--since {since} is after --until {until}: no session could be listed; give the earlier date to --since"
        )));
    }
    let reviews = match &args.patient {
        Some(id) => vec![review::patient(practice, config.today, id)?],
        None => review::each_patient(practice, config.today, |r| r)?,
    };
    // An unknown prescription is not found, as an unknown patient is: not
    // an empty listing.
    if let Some(rx) = &args.rx
        && !reviews.iter().any(|r| {
            r.folder.prescription(rx).is_some()
                || r.folder.unreadable_prescriptions.contains(rx)
                || r.folder.sessions.iter().any(|s| s.rec.prescription == *rx)
        })
    {
        return Err(Error::NotFound {
            what: "prescription",
            id: rx.clone(),
            hint: match &args.patient {
                Some(p) => format!("`mmx rx list --patient {p}` shows them"),
                None => "`mmx rx list` shows them".into(),
            },
        });
    }
    let mut sessions: Vec<Session> = Vec::new();
    for review in reviews {
        out::skipped(err, &review.skipped())?;
        sessions.extend(
            review
                .folder
                .sessions
                .into_iter()
                .map(|s| s.rec)
                .filter(|s| {
                    args.rx.as_ref().is_none_or(|rx| s.prescription == *rx)
                        && args.since.is_none_or(|d| s.date >= d)
                        && args.until.is_none_or(|d| s.date <= d)
                }),
        );
    }
    sessions.sort_by(|a, b| {
        (&a.patient, a.date, a.start, &a.id).cmp(&(&b.patient, b.date, b.start, &b.id))
    });
    match args.format {
        ListFormat::Json => {
            let shown: Vec<serde_json::Value> = sessions.iter().map(Session::to_json).collect();
            out::json(out, &shown)?
        }
        ListFormat::Table => {
            let rows: Vec<Vec<String>> = sessions
                .iter()
                .map(|s| {
                    vec![
                        s.patient.clone(),
                        s.id.clone(),
                        s.date.to_string(),
                        s.minutes.map(|m| m.to_string()).unwrap_or_default(),
                        s.status_word().to_string(),
                        s.prescription.clone(),
                        s.regions.join(", "),
                        s.techniques.join(", "),
                        pain(s),
                    ]
                })
                .collect();
            use out::Col::{Detail, Id, Text};
            // One patient's sessions: the patient is said once, by the flag.
            let skip = usize::from(args.patient.is_some());
            let rows = rows.into_iter().map(|r| r[skip..].to_vec()).collect();
            out::table(
                out,
                &[
                    Id("patient"),
                    Id("id"),
                    // The id starts with the date: the first to go but for
                    // the details after it.
                    Detail("date", 1),
                    Detail("min", 3),
                    Id("status"),
                    Detail("rx", 4),
                    Text("regions"),
                    Text("techniques"),
                    Detail("pain", 2),
                ][skip..],
                rows,
            )?;
        }
    }
    Ok(EXIT_OK)
}

fn pain(s: &Session) -> String {
    let show = |p: Option<u8>| p.map_or("-".to_string(), |p| p.to_string());
    if s.pain_before.is_none() && s.pain_after.is_none() {
        String::new()
    } else {
        format!("{} -> {}", show(s.pain_before), show(s.pain_after))
    }
}

fn show(practice: &Practice, config: &Config, args: ShowArgs, out: &mut dyn Write) -> Result<u8> {
    let (patient, id) = practice.locate_record(RecordKind::Session, &args.id)?;
    let (patient, id) = (patient.as_str(), id.as_str());
    let review = review::patient(practice, config.today, patient)?;
    let rel = session_file(patient, id);
    let Some(s) = review.folder.sessions.iter().find(|s| s.file == rel) else {
        if review.skipped().contains(&rel) {
            return Err(Error::Records(format!(
                "session `{}` cannot be read until the errors in {rel} are fixed\n  hint: `mmx check` shows where",
                args.id
            )));
        }
        return Err(not_found(&args.id, patient));
    };
    let s = &s.rec;
    match args.format {
        ShowFormat::Json => out::json(out, &s.to_json())?,
        ShowFormat::Text => {
            let mut f = Fields::default();
            f.add("id", &s.id)
                .add("patient", &s.patient)
                .add("prescription", &s.prescription)
                .add("date", s.date)
                .opt("start", s.start.map(|t| t.format("%H:%M")))
                .opt("minutes", s.minutes)
                .add("status", s.status_word())
                .opt("therapist", s.therapist.as_ref())
                .list("regions", &s.regions)
                .list("techniques", &s.techniques)
                .opt("pain", Some(pain(s)).filter(|p| !p.is_empty()))
                .opt("override", s.override_reason.as_ref())
                .opt("subjective", s.soap.subjective.as_ref())
                .opt("objective", s.soap.objective.as_ref())
                .opt("assessment", s.soap.assessment.as_ref())
                .opt("plan", s.soap.plan.as_ref());
            for m in &s.measures {
                f.add(
                    "measure",
                    format!("{}={}", m.key.written(), measures::number(m.value)),
                );
            }
            for a in &s.amendments {
                let by = a.by.as_ref().map(|b| format!(" ({b})")).unwrap_or_default();
                f.add("amended", format!("{}{by}: {}", a.date, a.note));
            }
            for o in &s.overrides {
                let by = o.by.as_ref().map(|b| format!(" ({b})")).unwrap_or_default();
                f.add(
                    "overridden",
                    format!("{}{by} for {}: {}", o.date, o.findings.join(", "), o.reason),
                );
            }
            if let Some(v) = &s.void {
                let by = v.by.as_ref().map(|b| format!(" ({b})")).unwrap_or_default();
                f.add("voided", format!("{}{by}: {}", v.date, v.reason));
            }
            f.write(out)?;
        }
    }
    Ok(EXIT_OK)
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

#[derive(Debug, Args)]
pub struct SessionVoidArgs {
    /// The session, as PATIENT/SESSION
    pub id: String,
    /// Why the session was recorded in error
    #[arg(long, value_name = "TEXT")]
    pub reason: String,
    /// Who records it (default: the practice's therapist)
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
    /// Who records it (default: the practice's therapist)
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
    /// Who amends it (default: the practice's therapist)
    #[arg(long, value_name = "NAME")]
    pub by: Option<String>,
}

#[derive(Debug, Args)]
pub struct SessionAddArgs {
    /// The patient's id (`mmx patient list` shows them)
    #[arg(long, value_parser = parse_patient, value_name = "PATIENT")]
    pub patient: String,
    /// Prescription (default: the patient's only prescription in force that day, or of several the only one covering the regions given)
    #[arg(long, value_parser = parse_id, value_name = "RX")]
    pub rx: Option<String>,
    /// Date of the session (YYYY-MM-DD)
    #[arg(long, value_parser = parse_date, value_name = "DATE")]
    pub date: NaiveDate,
    /// Start time (HH:MM)
    #[arg(long, value_parser = parse_time, value_name = "HH:MM")]
    pub start: Option<NaiveTime>,
    /// Length in minutes (required for a completed session)
    #[arg(long, value_parser = parse_minutes)]
    pub minutes: Option<u32>,
    /// Whether it took place; only completed sessions count as visits
    #[arg(long, value_enum, default_value_t = StatusArg::Completed)]
    pub status: StatusArg,
    /// A region treated (repeatable)
    #[arg(long = "region", value_name = "REGION")]
    pub regions: Vec<String>,
    /// A technique used (repeatable)
    #[arg(long = "technique", value_name = "TECHNIQUE")]
    pub techniques: Vec<String>,
    /// Pain before treatment, 0-10
    #[arg(long, value_parser = parse_pain, value_name = "N")]
    pub pain_before: Option<u8>,
    /// Pain after treatment, 0-10
    #[arg(long, value_parser = parse_pain, value_name = "N")]
    pub pain_after: Option<u8>,
    /// A measurement taken this visit, repeatable:
    /// MEASURE[:SITE][:MOTION_OR_ITEM]=VALUE, e.g. rom:left-shoulder:flexion=130,
    /// circumference:left-forearm=27.5, ndi=18, "psfs:Lift grandchild=4"
    #[arg(long = "measure", value_name = "MEASURE=VALUE")]
    pub measures: Vec<String>,
    /// SOAP subjective: what the patient reports
    #[arg(long, value_name = "TEXT")]
    pub subjective: Option<String>,
    /// SOAP objective: what the therapist observes and measures
    #[arg(long, value_name = "TEXT")]
    pub objective: Option<String>,
    /// SOAP assessment: the therapist's reading of it
    #[arg(long, value_name = "TEXT")]
    pub assessment: Option<String>,
    /// SOAP plan: what comes next
    #[arg(long, value_name = "TEXT")]
    pub plan: Option<String>,
    /// Therapist (default: [practice] therapist in mmx.toml)
    #[arg(long, value_name = "NAME")]
    pub therapist: Option<String>,
    /// Record a justified deviation from the prescription: the session's compliance findings are named in the file with REASON, and become warnings; any other finding stays an error
    #[arg(long = "override", value_name = "REASON")]
    pub override_reason: Option<String>,
    /// Id to use (default: date and a random suffix)
    #[arg(long, value_parser = parse_id)]
    pub id: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum StatusArg {
    Completed,
    Cancelled,
    NoShow,
}

#[derive(Debug, Args)]
pub struct SessionListArgs {
    /// Only this patient's sessions
    #[arg(long, value_parser = parse_patient, value_name = "PATIENT")]
    pub patient: Option<String>,
    /// Only the sessions of this prescription
    #[arg(long, value_parser = parse_id, value_name = "RX")]
    pub rx: Option<String>,
    /// Only sessions on or after DATE
    #[arg(long, value_parser = parse_date, value_name = "DATE")]
    pub since: Option<NaiveDate>,
    /// Only sessions on or before DATE
    #[arg(long, value_parser = parse_date, value_name = "DATE")]
    pub until: Option<NaiveDate>,
    /// Output: a table for people, or JSON for scripts
    #[arg(long, value_enum, default_value_t = ListFormat::Table)]
    pub format: ListFormat,
}
