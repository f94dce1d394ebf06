//! `mmx export fhir`: the practice's records for other systems. The bundle is
//! built as one value by [`fhir`] and written once, to stdout or atomically to
//! a file.

mod bodysite;
pub mod fhir;

use std::io::Write;

use crate::cli::{ExportCommand, ExportFhirArgs};
use crate::config::Config;
use crate::diag::Severity;
use crate::error::{EXIT_OK, Error, Result};
use crate::output::io_err;
use crate::store;

pub fn run(config: &Config, command: ExportCommand, out: &mut dyn Write) -> Result<u8> {
    match command {
        ExportCommand::Fhir(args) => export_fhir(config, args, out),
    }
}

fn export_fhir(config: &Config, args: ExportFhirArgs, out: &mut dyn Write) -> Result<u8> {
    let practice = config.practice()?;
    let folders = match &args.patient {
        Some(id) => vec![practice.load_patient(id)?],
        None => practice.map_patients(|folder| folder)?,
    };
    // An export is a copy another system will trust: refuse records `check`
    // would reject rather than send a half-read practice.
    let errors = folders
        .iter()
        .flat_map(|f| &f.diags)
        .chain(&practice.diags)
        .filter(|d| d.severity == Severity::Error)
        .count();
    if errors > 0 {
        return Err(Error::Records(format!(
            "the records have {errors} {}; nothing was exported\n  hint: `mmx check` lists them",
            if errors == 1 { "error" } else { "errors" }
        )));
    }
    let bundle = fhir::bundle(&practice, &folders, config.today);
    let mut text = serde_json::to_string_pretty(&bundle).map_err(|e| io_err(e.into()))?;
    text.push('\n');
    match &args.output {
        Some(path) => store::replace(path, text.as_bytes())?,
        None => out.write_all(text.as_bytes()).map_err(io_err)?,
    }
    Ok(EXIT_OK)
}
