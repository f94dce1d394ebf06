//! `mmx export fhir`: the practice's records for other systems. The bundle is
//! built as one value by [`fhir`] and written once, to stdout or atomically to
//! a file.

use crate::out;
use clap::{Args, Subcommand};
use mmx::check::review;
use mmx::check::times;
use mmx::export::fhir;
use mmx::practice::documents;
use mmx::zone;
use std::io::Write;
use std::path::PathBuf;

use crate::args::parse_patient;
use crate::config::Config;
use crate::out::io_err;
use mmx::diag::{self, Diagnostic, Severity};
use mmx::error::{EXIT_OK, Error, Result};
use mmx::zone::Clock;

pub fn run(
    config: &Config,
    command: ExportCommand,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<u8> {
    match command {
        ExportCommand::Fhir(args) => export_fhir(config, args, out, err),
    }
}

fn export_fhir(
    config: &Config,
    args: ExportFhirArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<u8> {
    let practice = config.practice()?;
    let zone = practice.settings.practice.time_zone.as_deref();
    let clock = Clock::of(zone).map_err(|e| {
        Error::Usage(format!(
            "cannot give session times the offsets of the practice's time zone {}; nothing was exported\n  hint: {}",
            zone.unwrap_or_default(),
            e.hint()
        ))
    })?;
    if matches!(clock, Clock::Machine) {
        let example = zone::machine().unwrap_or_else(|| "America/Chicago".into());
        writeln!(
            err,
            "note: mmx.toml names no time zone, so session times carry this computer's offsets; set `time_zone = \"{example}\"` (or the practice's zone) under [practice]"
        )
        .map_err(io_err)?;
    }
    // An export is a copy another system will trust: the gate's reading of
    // what it exports (and, for the whole practice, of the practice folder:
    // a folder that is not a patient would be left out) must hold no error.
    let reviews = match &args.patient {
        Some(id) => vec![review::patient(&practice, config.today, id)?],
        None => review::each_patient(&practice, config.today, |r| r)?,
    };
    let mut errors: Vec<Diagnostic> = reviews.iter().flat_map(|r| r.errors().cloned()).collect();
    // `check` judges session times on the practice's clock; without one,
    // the export's clock (this computer's) must give each its offset too.
    if matches!(clock, Clock::Machine) {
        for r in &reviews {
            let mut found: Vec<Diagnostic> = r
                .folder
                .sessions
                .iter()
                .filter(|s| !s.rec.is_void())
                .filter_map(|s| times::check(s, &clock))
                .collect();
            diag::locate_all(&mut found, |rel| r.text_of(rel).map(str::to_string));
            errors.extend(found);
        }
    }
    if args.patient.is_none() {
        errors.extend(
            practice
                .stray_files()
                .into_iter()
                .filter(|d| d.severity == Severity::Error),
        );
    }
    if !errors.is_empty() {
        diag::sort(&mut errors);
        return Err(Error::NotExported {
            diagnostics: errors,
        });
    }
    let folders: Vec<_> = reviews.into_iter().map(|r| r.folder).collect();
    let bundle = fhir::bundle(&practice, &folders, config.today, &clock);
    let mut text = Vec::new();
    out::json(&mut text, &bundle)?;
    match &args.output {
        Some(path) => {
            if let Some(moved) = documents::write(&config.cwd.join(path), &text, &practice.root)? {
                writeln!(err, "{}", out::moved_to_documents(&moved)).map_err(io_err)?;
            }
        }
        None => out.write_all(&text).map_err(io_err)?,
    }
    Ok(EXIT_OK)
}

#[derive(Debug, Subcommand)]
pub enum ExportCommand {
    /// A FHIR R4 (4.0.1) Bundle of type collection, as JSON: Patient, Practitioner, ServiceRequest, Encounter, Procedure and Observation resources
    Fhir(ExportFhirArgs),
}

#[derive(Debug, Args)]
pub struct ExportFhirArgs {
    /// Only this patient (default: the whole practice)
    #[arg(value_parser = parse_patient)]
    pub patient: Option<String>,
    /// Write the bundle to FILE (atomically) instead of stdout
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}
