//! `mmx session add|list|show|amend`. A new session is checked with the same rules
//! as `mmx check` before anything is written.

use std::collections::HashSet;
use std::io::Write;

use crate::cli::{
    ListFormat, SessionAddArgs, SessionAmendArgs, SessionCommand, SessionListArgs, ShowArgs,
    ShowFormat, StatusArg,
};
use crate::config::Config;
use crate::diag::{self, Diagnostic, Severity};
use crate::error::{EXIT_OK, Error, Result};
use crate::loader::{self, Practice, RawFile};
use crate::model::{Amendment, Session, Soap, Status};
use crate::output::{self, Fields, io_err};
use crate::parse;
use crate::rules::{self, Context};
use crate::store::{self, CreateOutcome};

use super::rx::read_terms;

pub fn run(
    config: &Config,
    command: SessionCommand,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<u8> {
    let practice = config.practice()?;
    match command {
        SessionCommand::Add(args) => add(&practice, config, *args, out, err),
        SessionCommand::List(args) => list(&practice, args, out),
        SessionCommand::Show(args) => show(&practice, args, out),
        SessionCommand::Amend(args) => amend(&practice, config, args, out, err),
    }
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
    let (patient, id) = split_session_id(&args.id)?;
    let note = args.note.trim();
    if note.is_empty() {
        return Err(Error::Usage("--note must not be empty".into()));
    }
    let _lock = practice.lock_patient(patient)?;
    let rel = format!("{}/{patient}/sessions/{id}.toml", loader::PATIENTS_DIR);
    let target = super::edit::Target::read(practice, patient, rel, "session")?;
    let amendment = Amendment {
        date: config.today,
        by: text(args.by).or_else(|| practice.settings.practice.therapist.clone()),
        note: note.to_string(),
    };
    let new_text = crate::edit::append(&target.text, &amendment.to_toml());
    target.write_checked(practice, config, &new_text)?;
    writeln!(err, "amended session `{}` on {}", args.id, config.today).map_err(io_err)?;
    writeln!(out, "{}", args.id).map_err(io_err)?;
    Ok(EXIT_OK)
}

/// `PATIENT/SESSION`, both checked to be ids before they touch a path.
fn split_session_id(id: &str) -> Result<(&str, &str)> {
    match id.split_once('/') {
        Some((p, s)) if parse::is_slug(p) && parse::is_slug(s) => Ok((p, s)),
        _ => Err(Error::Usage(format!(
            "`{id}`: name a session as PATIENT/SESSION, each an id ({})",
            parse::SLUG_RULE
        ))),
    }
}

fn text(v: Option<String>) -> Option<String> {
    v.filter(|s| !s.trim().is_empty())
}

fn add(
    practice: &Practice,
    config: &Config,
    args: SessionAddArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<u8> {
    // Held until the new file is in place: the visit count read below is
    // still true when the session is written.
    let _lock = practice.lock_patient(&args.patient)?;
    let files = practice.patient_files(&args.patient)?;
    let folder = loader::parse_folder(&args.patient, &files, &practice.vocab);
    let status = match args.status {
        StatusArg::Completed => Status::Completed,
        StatusArg::Cancelled => Status::Cancelled,
        StatusArg::NoShow => Status::NoShow,
    };
    let regions = read_terms(&practice.vocab, "--region", &args.regions)?;
    let techniques = read_terms(&practice.vocab, "--technique", &args.techniques)?;
    if status == Status::Completed {
        let missing: Vec<&str> = [
            ("--minutes", args.minutes.is_none()),
            ("--region", regions.is_empty()),
            ("--technique", techniques.is_empty()),
        ]
        .into_iter()
        .filter_map(|(flag, absent)| absent.then_some(flag))
        .collect();
        if !missing.is_empty() {
            return Err(Error::Usage(format!(
                "a completed session needs {}; or pass --status cancelled / no-show",
                missing.join(", ")
            )));
        }
    }
    let rules = &practice.settings.rules;
    let prescription = match args.rx {
        Some(rx) => rx,
        None => {
            let in_force: Vec<&str> = folder
                .prescriptions
                .iter()
                .filter(|r| r.rec.in_force(rules, args.date))
                .map(|r| r.rec.id.as_str())
                .collect();
            // A cancellation or no-show uses no visit: it may be recorded against
            // the latest prescription issued before it even when none is in force.
            let latest_before = || {
                folder
                    .prescriptions
                    .iter()
                    .filter(|r| r.rec.issued <= args.date)
                    .max_by_key(|r| (r.rec.issued, r.rec.id.clone()))
                    .map(|r| r.rec.id.as_str())
            };
            match in_force.as_slice() {
                [one] => one.to_string(),
                [] if status != Status::Completed && latest_before().is_some() => {
                    latest_before().unwrap_or_default().to_string()
                }
                [] => {
                    return Err(Error::Records(format!(
                        "patient `{}` has no prescription in force on {}\n  hint: `mmx rx list --patient {}` shows them; pass --rx ID, or add a prescription with `mmx rx add`",
                        folder.id, args.date, folder.id
                    )));
                }
                many => {
                    return Err(Error::Usage(format!(
                        "patient `{}` has {} prescriptions in force on {}: {}; pass --rx ID",
                        folder.id,
                        many.len(),
                        args.date,
                        many.join(", ")
                    )));
                }
            }
        }
    };
    let mut session = Session {
        id: String::new(),
        patient: folder.id.clone(),
        prescription,
        date: args.date,
        start: args.start,
        minutes: args.minutes,
        status,
        therapist: text(args.therapist).or_else(|| practice.settings.practice.therapist.clone()),
        regions,
        techniques,
        pain_before: args.pain_before,
        pain_after: args.pain_after,
        override_reason: match args.override_reason {
            Some(r) if r.trim().is_empty() => {
                return Err(Error::Usage("--override needs a reason".into()));
            }
            r => r,
        },
        soap: Soap {
            subjective: text(args.subjective),
            objective: text(args.objective),
            assessment: text(args.assessment),
            plan: text(args.plan),
        },
        amendments: Vec::new(),
    };
    let cx = Context {
        rules,
        vocab: &practice.vocab,
        today: config.today,
    };
    let key = |d: &Diagnostic| (d.file.clone(), d.code, d.message.clone());
    let before: HashSet<_> = rules::check_files(&folder.id, &files, &cx)
        .iter()
        .map(key)
        .collect();
    let fixed_id = args.id.is_some();
    for _ in 0..8 {
        session.id = args
            .id
            .clone()
            .unwrap_or_else(|| store::dated_id(session.date));
        let path = practice
            .patient_dir(&folder.id)
            .join("sessions")
            .join(format!("{}.toml", session.id));
        let rel = practice.rel(&path);
        let text = session.to_toml();
        // Check the file exactly as it would be written, with the same rules
        // as `check`. A back-dated visit can push a later, existing session
        // past the visit count: those new findings refuse the session too.
        let mut with_new = files.clone();
        with_new.push(RawFile {
            rel: rel.clone(),
            bytes: text.clone().into_bytes(),
        });
        let found: Vec<Diagnostic> = rules::check_files(&folder.id, &with_new, &cx)
            .into_iter()
            .filter(|d| {
                d.file == rel || (d.severity == Severity::Error && !before.contains(&key(d)))
            })
            .collect();
        if found.iter().any(|d| d.severity == Severity::Error) {
            return Err(Error::Refused { diagnostics: found });
        }
        match store::create_new(&path, text.as_bytes())? {
            CreateOutcome::Created => {
                diag::render_human(err, &found, config.color_stderr).map_err(io_err)?;
                writeln!(out, "{}", session.id).map_err(io_err)?;
                return Ok(EXIT_OK);
            }
            CreateOutcome::Exists if fixed_id => {
                return Err(Error::Exists {
                    what: "session",
                    id: session.id,
                    path: rel,
                });
            }
            CreateOutcome::Exists => continue,
        }
    }
    Err(Error::Records(
        "could not find a free session id; pass --id".into(),
    ))
}

fn list(practice: &Practice, args: SessionListArgs, out: &mut dyn Write) -> Result<u8> {
    let ids = match &args.patient {
        Some(id) => vec![id.clone()],
        None => practice.patient_ids()?,
    };
    let mut sessions: Vec<Session> = Vec::new();
    for id in ids {
        let folder = practice.load_patient(&id)?;
        sessions.extend(folder.sessions.into_iter().map(|s| s.rec).filter(|s| {
            args.rx.as_ref().is_none_or(|rx| s.prescription == *rx)
                && args.since.is_none_or(|d| s.date >= d)
                && args.until.is_none_or(|d| s.date <= d)
        }));
    }
    sessions.sort_by(|a, b| {
        (&a.patient, a.date, a.start, &a.id).cmp(&(&b.patient, b.date, b.start, &b.id))
    });
    match args.format {
        ListFormat::Json => output::json(out, &sessions)?,
        ListFormat::Table => {
            let rows = sessions
                .iter()
                .map(|s| {
                    vec![
                        s.patient.clone(),
                        s.id.clone(),
                        s.date.to_string(),
                        s.minutes.map(|m| m.to_string()).unwrap_or_default(),
                        s.status.as_str().to_string(),
                        s.prescription.clone(),
                        s.regions.join(", "),
                        s.techniques.join(", "),
                        pain(s),
                    ]
                })
                .collect();
            output::table(
                out,
                &[
                    "patient",
                    "id",
                    "date",
                    "min",
                    "status",
                    "rx",
                    "regions",
                    "techniques",
                    "pain",
                ],
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

fn show(practice: &Practice, args: ShowArgs, out: &mut dyn Write) -> Result<u8> {
    let (patient, id) = split_session_id(&args.id)?;
    let folder = practice.load_patient(patient)?;
    let Some(s) = folder.sessions.iter().find(|s| s.rec.id == id) else {
        return Err(Error::NotFound {
            what: "session",
            id: args.id.clone(),
            hint: format!("`mmx session list --patient {patient}` shows the sessions"),
        });
    };
    let s = &s.rec;
    match args.format {
        ShowFormat::Json => output::json(out, s)?,
        ShowFormat::Text => {
            let mut f = Fields::default();
            f.add("id", &s.id)
                .add("patient", &s.patient)
                .add("prescription", &s.prescription)
                .add("date", s.date)
                .opt("start", s.start.map(|t| t.format("%H:%M")))
                .opt("minutes", s.minutes)
                .add("status", s.status.as_str())
                .opt("therapist", s.therapist.as_ref())
                .list("regions", &s.regions)
                .list("techniques", &s.techniques)
                .opt("pain", Some(pain(s)).filter(|p| !p.is_empty()))
                .opt("override", s.override_reason.as_ref())
                .opt("subjective", s.soap.subjective.as_ref())
                .opt("objective", s.soap.objective.as_ref())
                .opt("assessment", s.soap.assessment.as_ref())
                .opt("plan", s.soap.plan.as_ref());
            for a in &s.amendments {
                let by = a.by.as_ref().map(|b| format!(" ({b})")).unwrap_or_default();
                f.add("amended", format!("{}{by}: {}", a.date, a.note));
            }
            f.write(out)?;
        }
    }
    Ok(EXIT_OK)
}
