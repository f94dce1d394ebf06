//! `mmx patient screen`: the health screening's red flags (or a verified
//! none), appended to the patient's record.

use super::{author, clearance_needed, done};
use crate::args::{parse_date, parse_patient, red_flag};
use crate::config::Config;
use chrono::NaiveDate;
use clap::Args;
use mmx::error::{Error, Result};
use mmx::intake::safety::{append_to_patient, entry_flag};
use mmx::model::Screening;
use mmx::practice::Practice;
use mmx::vocab::flags::NONE;
use std::io::Write;

pub(super) fn screen(
    practice: &Practice,
    config: &Config,
    args: PatientScreenArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<u8> {
    let mut found: Vec<String> = Vec::new();
    for f in args.flags {
        if !found.contains(&f) {
            found.push(f);
        }
    }
    if args.none {
        found.push(NONE.to_string());
    }
    if found.is_empty() {
        return Err(Error::Usage(
            "give the red flags the patient reports (--flag FLAG, repeatable), or --none when they report none of them; `mmx vocab` lists the flags".into(),
        ));
    }
    if found.len() > 1 && found.iter().any(|f| f == NONE) {
        return Err(Error::Usage(
            "--none (or --flag none) means no red flag: leave it out, or the other flags".into(),
        ));
    }
    let screening = Screening {
        date: args.date.unwrap_or(config.today),
        by: Some(author(practice, args.by)?),
        flags: found,
        note: args.note.filter(|n| !n.trim().is_empty()),
    };
    let shown = append_to_patient(
        practice,
        config.today,
        &args.patient,
        &screening.to_toml(),
        None,
        Some(&entry_flag),
    )?;
    let mut said = vec![format!(
        "recorded the health screening of {} for patient `{}`: {}",
        screening.date,
        args.patient,
        screening.flags.join(", ")
    )];
    said.extend(clearance_needed(&args.patient, &screening.flags));
    done(config, &shown, &said, &args.patient, out, err)
}

#[derive(Debug, Args)]
pub struct PatientScreenArgs {
    /// The patient's id
    #[arg(value_parser = parse_patient)]
    pub patient: String,
    /// A red flag the patient reports (repeatable); `mmx vocab` lists them
    #[arg(long = "flag", value_name = "FLAG", value_parser = red_flag())]
    pub flags: Vec<String>,
    /// The patient reports none of the red flags (a verified none)
    #[arg(long, conflicts_with = "flags")]
    pub none: bool,
    /// The day of the screening (default: today)
    #[arg(long, value_parser = parse_date, value_name = "DATE")]
    pub date: Option<NaiveDate>,
    /// Who screened the patient (default: the practice's therapist)
    #[arg(long, value_name = "NAME")]
    pub by: Option<String>,
    /// A note on what the patient said (kept in the record, never shown in an error)
    #[arg(long, value_name = "TEXT")]
    pub note: Option<String>,
}
