//! `mmx patient add`.

use crate::args::parse_date;
use crate::args::parse_gender;
use crate::args::parse_id;
use crate::args::red_flag;
use crate::commands::patient::PatientTextArgs;
use crate::config::Config;
use crate::flags::default_flag;
use crate::out::io_err;
use chrono::NaiveDate;
use clap::Args;
use mmx::diag;
use mmx::error::{EXIT_OK, Error, Result};
use mmx::intake::draft;
use mmx::intake::draft::DraftError;
use mmx::intake::draft::PatientDraft;
use mmx::model::Gender;
use mmx::model::Screening;
use mmx::practice::Practice;
use mmx::vocab::flags::NONE;
use std::io::Write;

pub(super) fn add(
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
        texts: args.texts.given(),
        contraindications: args.contraindications,
        screening: screening(practice, config, args.flags, args.screened_by)?,
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
    diag::render_human(err, &shown, config.color_stderr).map_err(io_err)?;
    // A red flag told at intake that needs the doctor: said now, not at the
    // first session's refusal.
    let flags = patient.screenings.first().map_or(&[][..], |s| &s.flags[..]);
    if let Some(note) = super::clearance_needed(&patient.id, flags) {
        writeln!(err, "{note}").map_err(io_err)?;
    }
    writeln!(out, "{}", patient.id).map_err(io_err)?;
    Ok(EXIT_OK)
}

/// The screening taken at intake, when `--flag` gives its red flags.
fn screening(
    practice: &Practice,
    config: &Config,
    flags: Vec<String>,
    by: Option<String>,
) -> Result<Option<Screening>> {
    if flags.is_empty() {
        return Ok(None);
    }
    if flags.len() > 1 && flags.iter().any(|f| f == NONE) {
        return Err(Error::Usage(
            "--flag none means no red flag: give it alone, or the other flags".into(),
        ));
    }
    let mut found: Vec<String> = Vec::new();
    for f in flags {
        if !found.contains(&f) {
            found.push(f);
        }
    }
    Ok(Some(Screening {
        date: config.today,
        by: Some(super::author(practice, by)?),
        flags: found,
        note: None,
    }))
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
    #[command(flatten)]
    pub texts: PatientTextArgs,
    /// A contraindication (repeatable)
    #[arg(long = "contraindication", value_name = "TEXT")]
    pub contraindications: Vec<String>,
    /// A red flag of today's health screening (repeatable; `--flag none` when the patient reports none); `mmx vocab` lists them
    #[arg(long = "flag", value_name = "FLAG", value_parser = red_flag())]
    pub flags: Vec<String>,
    /// Who screened the patient (default: the practice's therapist)
    #[arg(long, value_name = "NAME", requires = "flags")]
    pub screened_by: Option<String>,
}
