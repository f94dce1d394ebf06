//! `mmx check`: every file read, every rule run, every finding reported.

use std::io::Write;

use serde::Serialize;

use crate::cli::{CheckArgs, CheckFormat};
use crate::config::Config;
use crate::diag::{self, Diagnostic, Severity, Summary};
use crate::error::{EXIT_OK, EXIT_REFUSED, Result};
use crate::loader::{self, Practice};
use crate::output::{self, io_err};
use crate::rules::{self, Context};

/// The result of checking a practice: sorted findings and counts.
#[derive(Debug, Serialize)]
pub struct Report {
    pub diagnostics: Vec<Diagnostic>,
    pub summary: Summary,
}

pub fn check_practice(practice: &Practice, config: &Config) -> Result<Report> {
    let (folders, stray) = practice.load_all()?;
    let cx = Context {
        rules: &practice.settings.rules,
        vocab: &practice.vocab,
        today: config.today,
    };
    let mut diagnostics = practice.diags.clone();
    diagnostics.extend(stray);
    let mut summary = Summary::default();
    for folder in &folders {
        summary.patients += usize::from(folder.patient.is_some());
        summary.prescriptions += folder.prescriptions.len();
        summary.sessions += folder.sessions.len();
        diagnostics.extend(folder.diags.iter().cloned());
        diagnostics.extend(rules::check_patient(folder, &cx));
    }
    diag::locate_all(&mut diagnostics, |rel| {
        loader::source_of(&practice.root, rel)
    });
    diag::sort(&mut diagnostics);
    summary.errors = diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    summary.warnings = diagnostics.len() - summary.errors;
    Ok(Report {
        diagnostics,
        summary,
    })
}

pub fn run(config: &Config, args: CheckArgs, out: &mut dyn Write) -> Result<u8> {
    let practice = config.practice()?;
    let report = check_practice(&practice, config)?;
    let s = report.summary;
    let failed = s.errors > 0 || (args.strict && s.warnings > 0);
    match args.format {
        CheckFormat::Json => output::json(out, &report)?,
        CheckFormat::Human => {
            if !(args.quiet && report.diagnostics.is_empty()) {
                diag::render_human(out, &report.diagnostics, config.color_stdout)
                    .map_err(io_err)?;
                writeln!(out, "{}", diag::summary_line(&s)).map_err(io_err)?;
            }
        }
    }
    Ok(if failed { EXIT_REFUSED } else { EXIT_OK })
}
