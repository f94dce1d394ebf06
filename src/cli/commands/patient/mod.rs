//! `mmx patient add|list|show|edit|import`.

use crate::commands::patient::import::PatientImportArgs;
use chrono::NaiveDate;
use clap::{Args, Subcommand};
use mmx::check::review;
use mmx::course;
use mmx::intake::change;
use mmx::intake::draft;
use mmx::model::Gender;
use mmx::vocab::measures;
use std::io::Write;

use serde::Serialize;

use crate::args::AvoidArgs;
use crate::args::ListArgs;
use crate::args::MaybeDate;
use crate::args::MaybeGender;
use crate::args::parse_date;
use crate::args::parse_date_or_empty;
use crate::args::parse_gender;
use crate::args::parse_gender_or_empty;
use crate::args::parse_id;
use crate::args::parse_patient;
use crate::args::{ListFormat, ShowArgs, ShowFormat};
use crate::config::Config;
use crate::flags::default_flag;
use crate::out::{self, Fields, io_err};
use mmx::course::RxState;
use mmx::error::{EXIT_OK, Error, Result};
use mmx::intake::change::PatientChange;
use mmx::intake::draft::DraftError;
use mmx::intake::draft::PatientDraft;
use mmx::model::Patient;
use mmx::practice::Practice;

pub mod import;

pub fn run(
    config: &Config,
    command: PatientCommand,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<u8> {
    let practice = config.practice()?;
    match command {
        PatientCommand::Edit(args) => {
            let change = PatientChange {
                name: args.name,
                birth_date: args.birth_date.map(|d| d.0),
                gender: args.gender.map(|g| g.0),
                phone: args.phone,
                email: args.email,
                address: args.address,
                emergency_contact: args.emergency_contact,
                notes: args.notes,
                add_contraindications: args.add_contraindications,
                remove_contraindications: args.remove_contraindications,
                avoid_regions: practice.vocab.regions_as_given(&args.avoid.avoid_regions),
                remove_avoid_regions: practice
                    .vocab
                    .regions_as_given(&args.avoid.remove_avoid_regions),
                avoid_techniques: practice
                    .vocab
                    .techniques_as_given(&args.avoid.avoid_techniques),
                remove_avoid_techniques: practice
                    .vocab
                    .techniques_as_given(&args.avoid.remove_avoid_techniques),
            };
            let flag = |field: &str| match field {
                "contraindications" => Some("--add-contraindication".to_string()),
                "avoid_regions" => Some("--avoid-region".to_string()),
                "avoid_techniques" => Some("--avoid-technique".to_string()),
                f => default_flag(f),
            };
            let changed =
                change::edit_patient(&practice, config.today, &args.id, &change, Some(&flag))?;
            if changed.is_empty() {
                writeln!(err, "nothing to change in patient `{}`", args.id).map_err(io_err)?;
            } else {
                writeln!(err, "updated patient `{}`: {}", args.id, changed.join(", "))
                    .map_err(io_err)?;
            }
            writeln!(out, "{}", args.id).map_err(io_err)?;
            Ok(EXIT_OK)
        }
        PatientCommand::Add(args) => add(&practice, config, args, out, err),
        PatientCommand::List(args) => list(&practice, args.format, out, err),
        PatientCommand::Show(args) => show(&practice, config, args, out),
        PatientCommand::Import(args) => import::run(&practice, config, args, out, err),
    }
}

fn add(
    practice: &Practice,
    config: &Config,
    args: PatientAddArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<u8> {
    let draft = PatientDraft {
        id: args.id,
        name: args.name,
        birth_date: args.birth_date,
        gender: args.gender,
        phone: args.phone,
        email: args.email,
        address: args.address,
        emergency_contact: args.emergency_contact,
        contraindications: args.contraindications,
        notes: args.notes,
    };
    let patient = draft::new_patient(draft).map_err(|problems| {
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
    let flag = |field: &str| default_flag(field);
    let shown = draft::write_new(practice, config.today, &patient, Some(&flag))?;
    mmx::diag::render_human(err, &shown, config.color_stderr).map_err(io_err)?;
    writeln!(out, "{}", patient.id).map_err(io_err)?;
    Ok(EXIT_OK)
}

/// Every patient whose record reads, with a line on stderr for each one
/// that does not (a listing says what it left out).
fn all_patients(practice: &Practice, err: &mut dyn Write) -> Result<Vec<Patient>> {
    let mut patients = Vec::new();
    for id in practice.patient_ids()? {
        match practice.read_patient_record(&id) {
            Ok(p) => patients.push(p),
            Err(found) => {
                let file = found.first().map_or(String::new(), |d| d.file.clone());
                out::skipped(err, &[file])?;
            }
        }
    }
    Ok(patients)
}

fn list(
    practice: &Practice,
    format: ListFormat,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<u8> {
    let patients = all_patients(practice, err)?;
    match format {
        ListFormat::Json => out::json(out, &patients)?,
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
            use out::Col::{Detail, Id, Key, Text};
            out::table(
                out,
                &[
                    Id("id"),
                    Text("name"),
                    Key("birth date"),
                    Detail("phone", 2),
                    Detail("email", 1),
                ],
                rows,
            )?;
        }
    }
    Ok(EXIT_OK)
}

/// A patient as JSON: the record's fields, then its prescriptions and its
/// sessions each in the shape `rx show` and `session show` give.
#[derive(Serialize)]
struct PatientView<'a> {
    #[serde(flatten)]
    patient: &'a Patient,
    prescriptions: Vec<course::RxJson<'a>>,
    sessions: Vec<serde_json::Value>,
    /// Each measure's series over all the patient's completed visits.
    measures: Vec<mmx::outcomes::Series>,
}

fn show(practice: &Practice, config: &Config, args: ShowArgs, out: &mut dyn Write) -> Result<u8> {
    let review = review::patient(practice, config.today, &args.id)?;
    let folder = &review.folder;
    let Some(patient) = &folder.patient else {
        return Err(Error::Records(format!(
            "patient `{}` has a broken patient.toml; run `mmx check` to see why",
            args.id
        )));
    };
    let p = &patient.rec;
    let rules = &practice.settings.rules;
    let prescriptions: Vec<RxState> = folder
        .prescriptions
        .iter()
        .map(|rx| course::of(&rx.rec, folder, rules, config.today))
        .collect();
    let mut visits: Vec<&mmx::model::Session> = folder.sessions.iter().map(|s| &s.rec).collect();
    visits.sort_by(|a, b| (a.date, a.start, &a.id).cmp(&(b.date, b.start, &b.id)));
    let measures = mmx::outcomes::series(&visits, &practice.vocab);
    match args.format {
        ShowFormat::Json => out::json(
            out,
            &PatientView {
                patient: p,
                prescriptions: prescriptions
                    .iter()
                    .zip(&folder.prescriptions)
                    .map(|(s, rx)| s.json(&rx.rec))
                    .collect(),
                sessions: {
                    let mut sessions: Vec<&mmx::model::Session> =
                        folder.sessions.iter().map(|s| &s.rec).collect();
                    sessions
                        .sort_by(|a, b| (a.date, a.start, &a.id).cmp(&(b.date, b.start, &b.id)));
                    sessions.iter().map(|s| s.to_json()).collect()
                },
                measures,
            },
        )?,
        ShowFormat::Text => {
            let mut f = Fields::default();
            f.add("id", &p.id)
                .add("name", &p.name)
                .opt("birth date", p.birth_date)
                .opt("gender", p.gender.map(|g| g.as_str()))
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
                        rx.id,
                        rx.issued,
                        rx.expires,
                        rx.used,
                        rx.visits,
                        rx.status.as_str()
                    ),
                );
            }
            f.add("sessions", folder.sessions.len());
            for m in &measures {
                let values: Vec<String> =
                    m.points.iter().map(|p| measures::number(p.value)).collect();
                let first = m.points.first().map(|p| p.date);
                let last = m.points.last().map(|p| p.date);
                let when = match (first, last) {
                    (Some(f), Some(l)) if f != l => format!("{f} to {l}"),
                    (Some(f), _) => f.to_string(),
                    _ => String::new(),
                };
                f.add(
                    "measure",
                    format!(
                        "{}: {}{} ({when})",
                        m.label,
                        values.join(" -> "),
                        mmx::outcomes::unit_after(&m.unit),
                    ),
                );
            }
            f.write(out)?;
            let skipped = review.skipped();
            if !skipped.is_empty() {
                f = Fields::default();
                f.add("not read", skipped.join(", "));
                f.write(out)?;
            }
        }
    }
    Ok(EXIT_OK)
}

#[derive(Debug, Subcommand)]
pub enum PatientCommand {
    /// Add a patient; prints the new id
    Add(PatientAddArgs),
    /// List patients
    List(ListArgs),
    /// Show one patient
    Show(ShowArgs),
    /// Add patients from a CSV intake file (`-` for stdin); all rows or none. Prints the new ids
    Import(PatientImportArgs),
    /// Change a patient's details; comments and untouched lines stay as written
    Edit(Box<PatientEditArgs>),
}

/// Each flag changes one field; an empty value (`--email ''`) removes it.
#[derive(Debug, Args)]
pub struct PatientEditArgs {
    /// The patient's id
    #[arg(value_parser = parse_patient)]
    pub id: String,
    /// Full name
    #[arg(long)]
    pub name: Option<String>,
    /// Date of birth (YYYY-MM-DD; '' removes it)
    #[arg(long, visible_alias = "dob", value_parser = parse_date_or_empty, value_name = "DATE")]
    pub birth_date: Option<MaybeDate>,
    /// Administrative gender as a receiving EHR files it: male, female, other or unknown ('' removes it)
    #[arg(long, value_parser = parse_gender_or_empty, value_name = "GENDER")]
    pub gender: Option<MaybeGender>,
    /// Phone number
    #[arg(long)]
    pub phone: Option<String>,
    /// E-mail address
    #[arg(long)]
    pub email: Option<String>,
    /// Postal address
    #[arg(long)]
    pub address: Option<String>,
    /// Whom to call in an emergency, and how
    #[arg(long, value_name = "TEXT")]
    pub emergency_contact: Option<String>,
    /// Add a contraindication (repeatable)
    #[arg(long = "add-contraindication", value_name = "TEXT")]
    pub add_contraindications: Vec<String>,
    /// Remove a contraindication, as written (repeatable)
    #[arg(long = "remove-contraindication", value_name = "TEXT")]
    pub remove_contraindications: Vec<String>,
    #[command(flatten)]
    pub avoid: AvoidArgs,
    /// Notes about the patient (kept in the record, never shown in an error)
    #[arg(long)]
    pub notes: Option<String>,
}

#[derive(Debug, Args)]
pub struct PatientAddArgs {
    /// Full name
    #[arg(long)]
    pub name: String,
    /// Date of birth (YYYY-MM-DD)
    #[arg(long, visible_alias = "dob", value_parser = parse_date, value_name = "DATE")]
    pub birth_date: Option<NaiveDate>,
    /// Administrative gender as a receiving EHR files it: male, female, other or unknown
    #[arg(long, value_parser = parse_gender, value_name = "GENDER")]
    pub gender: Option<Gender>,
    /// Id to use (default: slug of name and birth year, e.g. jose-nunez-1975)
    #[arg(long, value_parser = parse_id)]
    pub id: Option<String>,
    /// Phone number
    #[arg(long)]
    pub phone: Option<String>,
    /// E-mail address
    #[arg(long)]
    pub email: Option<String>,
    /// Postal address
    #[arg(long)]
    pub address: Option<String>,
    /// Whom to call in an emergency, and how
    #[arg(long, value_name = "TEXT")]
    pub emergency_contact: Option<String>,
    /// A contraindication (repeatable)
    #[arg(long = "contraindication", value_name = "TEXT")]
    pub contraindications: Vec<String>,
    /// Notes about the patient (kept in the record, never shown in an error)
    #[arg(long)]
    pub notes: Option<String>,
}
