//! `mmx patient clear`: a doctor's clearance for red flags, with the regions
//! it says to avoid and the letter on file, appended to the patient's record.

use super::done;
use crate::args::{parse_date, parse_patient, red_flag};
use crate::config::Config;
use chrono::NaiveDate;
use clap::Args;
use mmx::error::{Error, Result};
use mmx::intake::safety::{append_to_patient, entry_flag};
use mmx::model::Clearance;
use mmx::practice::Practice;
use mmx::practice::digest::sha256_of;
use mmx::text::clean;
use std::io::Write;
use std::path::{Path, PathBuf};

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
    let (document, sha256) = match &args.document {
        Some(path) => {
            let (shown, hash) = fingerprint(practice, config, path)?;
            (Some(shown), Some(hash))
        }
        None => (None, None),
    };
    let clearance = Clearance {
        date: args.date.unwrap_or(config.today),
        by: by.to_string(),
        npi: args.npi,
        flags,
        avoid_regions: practice.vocab.regions_as_given(&args.avoid_regions),
        expires: args.expires,
        document,
        sha256,
        note: args.note.filter(|n| !n.trim().is_empty()),
    };
    let shown = append_to_patient(
        practice,
        config.today,
        &args.patient,
        &clearance.to_toml(),
        Some(&entry_flag),
    )?;
    let until = clearance
        .expires
        .map_or_else(|| "no expiry".to_string(), |e| format!("until {e}"));
    let said = [format!(
        "recorded the doctor's clearance of {} for patient `{}`: {} ({}, {until})",
        clearance.date,
        args.patient,
        clearance.flags.join(", "),
        clearance.scope_words()
    )];
    done(config, &shown, &said, &args.patient, out, err)
}

/// The document as the record names it (from the practice's root when it
/// is inside it) and its SHA-256.
fn fingerprint(practice: &Practice, config: &Config, given: &Path) -> Result<(String, String)> {
    let path: PathBuf = if given.is_absolute() {
        given.to_path_buf()
    } else {
        config.cwd.join(given)
    };
    let file = std::fs::File::open(&path).map_err(|e| {
        Error::Usage(format!(
            "--document {}: cannot read it ({e})",
            clean(&given.display().to_string())
        ))
    })?;
    if !file.metadata().is_ok_and(|m| m.is_file()) {
        return Err(Error::Usage(format!(
            "--document {}: not a file",
            clean(&given.display().to_string())
        )));
    }
    let hash = sha256_of(file).map_err(|e| {
        Error::Usage(format!(
            "--document {}: cannot read it ({e})",
            clean(&given.display().to_string())
        ))
    })?;
    let full = path.canonicalize().unwrap_or(path);
    let root = practice
        .root
        .canonicalize()
        .unwrap_or(practice.root.clone());
    let shown = match full.strip_prefix(&root) {
        Ok(inside) => practice.rel(&practice.root.join(inside)),
        Err(_) => full.display().to_string(),
    };
    Ok((shown, hash))
}

#[derive(Debug, Args)]
pub struct PatientClearArgs {
    /// The patient's id
    #[arg(value_parser = parse_patient)]
    pub patient: String,
    /// A red flag the clearance covers (repeatable); `mmx vocab` lists them
    #[arg(long = "flag", value_name = "FLAG", value_parser = red_flag(), required = true)]
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
    /// The letter or form on file: its path and SHA-256 go in the record
    #[arg(long, value_name = "FILE")]
    pub document: Option<PathBuf>,
    /// A note (kept in the record, never shown in an error)
    #[arg(long, value_name = "TEXT")]
    pub note: Option<String>,
}
