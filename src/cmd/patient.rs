//! `mmx patient add|list|show|edit`.

use std::io::Write;

use serde::Serialize;

use crate::cli::{
    ListFormat, PatientAddArgs, PatientCommand, PatientEditArgs, ShowArgs, ShowFormat,
};
use crate::config::Config;
use crate::edit::Field;
use crate::error::{EXIT_OK, Error, Result};
use crate::intake::{self, DraftError, PatientDraft};
use crate::loader::Practice;
use crate::model::Patient;
use crate::output::{self, Fields, io_err};
use crate::parse;

use super::rx::{RxSummary, summarize};

pub fn run(
    config: &Config,
    command: PatientCommand,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<u8> {
    let practice = config.practice()?;
    match command {
        PatientCommand::Edit(args) => {
            let changed = edit(&practice, config, &args)?;
            if changed.is_empty() {
                writeln!(err, "nothing to change in patient `{}`", args.id).map_err(io_err)?;
            } else {
                writeln!(err, "updated patient `{}`: {}", args.id, changed.join(", "))
                    .map_err(io_err)?;
            }
            writeln!(out, "{}", args.id).map_err(io_err)?;
            Ok(EXIT_OK)
        }
        PatientCommand::Add(args) => add(&practice, args, out),
        PatientCommand::List(args) => list(&practice, args.format, out),
        PatientCommand::Show(args) => show(&practice, config, args, out),
        PatientCommand::Import(args) => super::import::run(&practice, config, args, out, err),
    }
}

/// Changes a patient's `patient.toml` through the comment-keeping editor,
/// under the folder's lock, and returns the fields changed (none: nothing
/// was written). An empty text value removes its field.
pub fn edit(practice: &Practice, config: &Config, args: &PatientEditArgs) -> Result<Vec<String>> {
    let _lock = practice.lock_patient(&args.id)?;
    let rel = format!("{}/{}/patient.toml", crate::loader::PATIENTS_DIR, args.id);
    let target = super::edit::Target::read(practice, &args.id, rel, "patient record")?;
    let mut doc = target.document()?;
    if let Some(name) = &args.name {
        if name.trim().is_empty() {
            return Err(Error::Usage("--name must not be empty".into()));
        }
        doc.set("name", &Field::Str(name.trim().to_string()));
    }
    if let Some(d) = args.birth_date {
        doc.set("birth_date", &Field::Date(d));
    }
    for (key, value) in [
        ("phone", &args.phone),
        ("email", &args.email),
        ("address", &args.address),
        ("emergency_contact", &args.emergency_contact),
        ("notes", &args.notes),
    ] {
        match value {
            Some(v) if v.trim().is_empty() => doc.remove(key),
            Some(v) => doc.set(key, &Field::Str(v.clone())),
            None => {}
        }
    }
    for c in args
        .add_contraindications
        .iter()
        .filter(|c| !c.trim().is_empty())
    {
        doc.add_to_list("contraindications", c);
    }
    for c in &args.remove_contraindications {
        doc.remove_from_list("contraindications", c);
    }
    let changed = doc.changed().to_vec();
    if !changed.is_empty() {
        target.write_checked(practice, config, &doc.render())?;
    }
    Ok(changed)
}

fn add(practice: &Practice, args: PatientAddArgs, out: &mut dyn Write) -> Result<u8> {
    let draft = PatientDraft {
        id: args.id,
        name: args.name,
        birth_date: args.birth_date,
        phone: args.phone,
        email: args.email,
        address: args.address,
        emergency_contact: args.emergency_contact,
        contraindications: args.contraindications,
        notes: args.notes,
    };
    let patient = intake::new_patient(draft).map_err(|problems| {
        // The first problem, worded for the flag that caused it.
        let Some(p) = problems.first() else {
            return Error::Usage("the patient was refused".into());
        };
        let flag = format!("--{}", p.field().replace('_', "-"));
        Error::Usage(match p {
            DraftError::EmptyName => format!("{flag} must not be empty"),
            DraftError::EmptyField { .. } => {
                format!("{flag} must not be empty (leave the flag out instead)")
            }
            DraftError::NoIdFromName { .. } => format!("{}; pass --id", p.reason()),
            DraftError::BadId { .. } => p.reason(),
        })
    })?;
    intake::write_new(practice, &patient)?;
    writeln!(out, "{}", patient.id).map_err(io_err)?;
    Ok(EXIT_OK)
}

/// Reads every patient.toml (only those) for listing; unreadable ones are skipped.
pub fn all_patients(practice: &Practice) -> Result<Vec<Patient>> {
    let mut patients = Vec::new();
    for id in practice.patient_ids()? {
        let path = practice.patient_dir(&id).join("patient.toml");
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        if let Some(p) = parse::patient(&practice.rel(&path), &text, &id).record {
            patients.push(p.rec);
        }
    }
    Ok(patients)
}

fn list(practice: &Practice, format: ListFormat, out: &mut dyn Write) -> Result<u8> {
    let patients = all_patients(practice)?;
    match format {
        ListFormat::Json => output::json(out, &patients)?,
        ListFormat::Table => {
            let rows = patients
                .iter()
                .map(|p| {
                    vec![
                        p.id.clone(),
                        p.name.clone(),
                        p.birth_date.map(|d| d.to_string()).unwrap_or_default(),
                        p.phone.clone().unwrap_or_default(),
                        p.email.clone().unwrap_or_default(),
                    ]
                })
                .collect();
            output::table(out, &["id", "name", "birth date", "phone", "email"], rows)?;
        }
    }
    Ok(EXIT_OK)
}

#[derive(Serialize)]
struct PatientView<'a> {
    #[serde(flatten)]
    patient: &'a Patient,
    prescriptions: Vec<RxSummary>,
    sessions: usize,
}

fn show(practice: &Practice, config: &Config, args: ShowArgs, out: &mut dyn Write) -> Result<u8> {
    let folder = practice.load_patient(&args.id)?;
    let Some(patient) = &folder.patient else {
        return Err(Error::Records(format!(
            "patient `{}` has a broken patient.toml; run `mmx check` to see why",
            args.id
        )));
    };
    let p = &patient.rec;
    let prescriptions: Vec<RxSummary> = folder
        .prescriptions
        .iter()
        .map(|rx| summarize(rx, &folder, practice, config.today))
        .collect();
    match args.format {
        ShowFormat::Json => output::json(
            out,
            &PatientView {
                patient: p,
                prescriptions,
                sessions: folder.sessions.len(),
            },
        )?,
        ShowFormat::Text => {
            let mut f = Fields::default();
            f.add("id", &p.id)
                .add("name", &p.name)
                .opt("birth date", p.birth_date)
                .opt("phone", p.phone.as_ref())
                .opt("email", p.email.as_ref())
                .opt("address", p.address.as_ref())
                .opt("emergency", p.emergency_contact.as_ref())
                .list("contraindications", &p.contraindications)
                .opt("notes", p.notes.as_ref());
            for rx in &prescriptions {
                f.add(
                    "prescription",
                    format!(
                        "{}  {}..{}  {}/{} visits  {}",
                        rx.id, rx.issued, rx.expires, rx.used, rx.visits, rx.status
                    ),
                );
            }
            f.add("sessions", folder.sessions.len());
            f.write(out)?;
        }
    }
    Ok(EXIT_OK)
}
