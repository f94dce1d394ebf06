//! `mmx patient add|list|show|edit|import`.

mod add;
mod clear;
mod consent;
mod list;
mod screen;
mod show;

use crate::commands::patient::import::PatientImportArgs;
use clap::{Args, Subcommand};
use mmx::intake::change;
use std::collections::BTreeMap;
use std::io::Write;

use crate::args::AvoidArgs;
use crate::args::ListArgs;
use crate::args::MaybeDate;
use crate::args::MaybeGender;
use crate::args::ShowArgs;
use crate::args::parse_date_or_empty;
use crate::args::parse_gender_or_empty;
use crate::args::parse_patient;
use crate::commands::patient::add::PatientAddArgs;
use crate::config::Config;
use crate::flags::default_flag;
use crate::out::{self, io_err};
use mmx::diag::{Diagnostic, render_human};
use mmx::error::{EXIT_OK, Error, Result};
use mmx::intake::change::PatientChange;
use mmx::model::Patient;
use mmx::practice::Practice;
use mmx::vocab::flags::needs_clearance;

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
                texts: args.texts.given(),
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
                // A screening is `patient screen`'s.
                add_screening: None,
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
        PatientCommand::Add(args) => add::add(&practice, config, args, out, err),
        PatientCommand::List(args) => list::list(&practice, args.format, out, err),
        PatientCommand::Show(args) => show::show(&practice, config, args, out),
        PatientCommand::Import(args) => import::run(&practice, config, args, out, err),
        PatientCommand::Screen(args) => screen::screen(&practice, config, args, out, err),
        PatientCommand::Clear(args) => clear::clear(&practice, config, *args, out, err),
        PatientCommand::Consent(args) => consent::consent(&practice, config, args, out, err),
    }
}

/// Who records an entry: `--by`, else the practice's therapist; never anonymous.
pub(super) fn author(practice: &Practice, by: Option<String>) -> Result<String> {
    by.filter(|s| !s.trim().is_empty())
        .map(|s| s.trim().to_string())
        .or_else(|| practice.settings.practice.therapist.clone())
        .ok_or_else(|| {
            Error::Usage(
                "--by NAME is needed: mmx.toml names no therapist ([practice] therapist)".into(),
            )
        })
}

/// What a screening's red flags need before the next session, when any
/// needs a doctor's clearance: the flags and the command that records it.
pub(super) fn clearance_needed(id: &str, flags: &[String]) -> Option<String> {
    let needs: Vec<&str> = flags
        .iter()
        .map(String::as_str)
        .filter(|f| needs_clearance(f))
        .collect();
    (!needs.is_empty()).then(|| {
        format!(
            "{} {} a doctor's clearance before the next session: `mmx patient clear {id} --flag {} --by NAME`",
            needs.join(", "),
            if needs.len() == 1 { "needs" } else { "need" },
            needs.join(" --flag ")
        )
    })
}

/// What an entry added to a patient's record prints: the gate's warnings
/// and what was recorded on stderr, the patient's id on stdout.
pub(super) fn done(
    config: &Config,
    shown: &[Diagnostic],
    said: &[String],
    id: &str,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<u8> {
    render_human(err, shown, config.color_stderr).map_err(io_err)?;
    for line in said {
        writeln!(err, "{line}").map_err(io_err)?;
    }
    writeln!(out, "{id}").map_err(io_err)?;
    Ok(EXIT_OK)
}

/// Every patient whose record reads, with a line on stderr for each one
/// that does not (a listing says what it left out).
pub(super) fn all_patients(practice: &Practice, err: &mut dyn Write) -> Result<Vec<Patient>> {
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
    /// Record a health screening: the red flags the patient reports, or --none; appended to the record
    Screen(screen::PatientScreenArgs),
    /// Record a doctor's clearance for red flags (with regions to avoid, an expiry, the letter on file); appended to the record
    Clear(Box<clear::PatientClearArgs>),
    /// Record a consent the patient or a guardian signed (treatment, sensitive regions, intraoral work, a minor's treatment); appended to the record
    Consent(consent::PatientConsentArgs),
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
    #[command(flatten)]
    pub texts: PatientTextArgs,
    /// Add a contraindication (repeatable)
    #[arg(long = "add-contraindication", value_name = "TEXT")]
    pub add_contraindications: Vec<String>,
    /// Remove a contraindication, as written (repeatable)
    #[arg(long = "remove-contraindication", value_name = "TEXT")]
    pub remove_contraindications: Vec<String>,
    #[command(flatten)]
    pub avoid: AvoidArgs,
}

/// The patient's text fields ([`Patient::TEXTS`]) as flags, for `add` and
/// `edit` alike.
#[derive(Debug, Args)]
pub struct PatientTextArgs {
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
    /// Notes about the patient (kept in the record, never shown in an error)
    #[arg(long)]
    pub notes: Option<String>,
}

impl PatientTextArgs {
    /// The fields given, by their key in the record.
    pub fn given(self) -> BTreeMap<&'static str, String> {
        [
            ("phone", self.phone),
            ("email", self.email),
            ("address", self.address),
            ("emergency_contact", self.emergency_contact),
            ("notes", self.notes),
        ]
        .into_iter()
        .filter_map(|(key, value)| value.map(|v| (key, v)))
        .collect()
    }
}
