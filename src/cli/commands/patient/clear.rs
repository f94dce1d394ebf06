//! `mmx patient clear`: a doctor's clearance for red flags, with the regions
//! it says to avoid and the letter on file, appended to the patient's record.

use super::done;
use crate::args::{named_red_flag, parse_date, parse_patient};
use crate::config::Config;
use chrono::NaiveDate;
use clap::Args;
use mmx::error::{Error, Result};
use mmx::intake::order::NewOrder;
use mmx::intake::safety::{append_to_patient, entry_flag};
use mmx::model::Clearance;
use mmx::practice::Practice;
use std::io::Write;
use std::path::PathBuf;

pub(super) fn clear(
    practice: &Practice,
    config: &Config,
    args: PatientClearArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<u8> {
    let by = args.by.trim();
    if by.is_empty() {
        return Err(Error::Usage(
            "--by must name the doctor who gave the clearance".into(),
        ));
    }
    let mut flags: Vec<String> = Vec::new();
    for f in args.flags {
        if !flags.contains(&f) {
            flags.push(f);
        }
    }
    let date = args.date.unwrap_or(config.today);
    // The letter is kept in the patient's orders/ as an order is, named by
    // its day and digest: `check` finds it changed or gone as it does an order.
    let letter = match &args.document {
        Some(path) => Some(NewOrder::read_as(
            "--document",
            &config.cwd.join(path),
            date,
        )?),
        None => None,
    };
    let clearance = Clearance {
        date,
        by: by.to_string(),
        npi: args.npi,
        flags,
        avoid_regions: practice.vocab.regions_as_given(&args.avoid_regions),
        expires: args.expires,
        document: letter.as_ref().map(|l| l.name.clone()),
        sha256: letter.as_ref().map(|l| l.sha256.clone()),
        note: args.note.filter(|n| !n.trim().is_empty()),
    };
    let shown = append_to_patient(
        practice,
        config.today,
        &args.patient,
        &clearance.to_toml(),
        letter.as_ref(),
        Some(&entry_flag),
    )?;
    let until = clearance
        .expires
        .map_or_else(|| "no expiry".to_string(), |e| format!("until {e}"));
    let mut said = vec![format!(
        "recorded the doctor's clearance of {} for patient `{}`: {} ({}, {until})",
        clearance.date,
        args.patient,
        clearance.flags.join(", "),
        clearance.scope_words()
    )];
    if let Some(l) = &letter {
        said.push(format!(
            "kept the letter as {} (SHA-256 {})",
            l.rel(&args.patient),
            l.sha256
        ));
    }
    done(config, &shown, &said, &args.patient, out, err)
}

#[derive(Debug, Args)]
pub struct PatientClearArgs {
    /// The patient's id
    #[arg(value_parser = parse_patient)]
    pub patient: String,
    /// A red flag the clearance covers (repeatable); `mmx vocab` lists them
    #[arg(long = "flag", value_name = "FLAG", value_parser = named_red_flag(), required = true)]
    pub flags: Vec<String>,
    /// The doctor who gave the clearance
    #[arg(long, value_name = "NAME")]
    pub by: String,
    /// The doctor's NPI
    #[arg(long, value_name = "NPI")]
    pub npi: Option<String>,
    /// The day of the clearance (default: today)
    #[arg(long, value_parser = parse_date, value_name = "DATE")]
    pub date: Option<NaiveDate>,
    /// The last day it is in force (default: none)
    #[arg(long, value_parser = parse_date, value_name = "DATE")]
    pub expires: Option<NaiveDate>,
    /// A region the doctor says to avoid while it is in force (repeatable; none: full clearance)
    #[arg(long = "avoid-region", value_name = "REGION")]
    pub avoid_regions: Vec<String>,
    /// The doctor's letter or form: kept in the patient's orders/ (named by
    /// its date and SHA-256), which the record names with its SHA-256
    #[arg(long, value_name = "FILE")]
    pub document: Option<PathBuf>,
    /// A note (kept in the record, never shown in an error)
    #[arg(long, value_name = "TEXT")]
    pub note: Option<String>,
}
