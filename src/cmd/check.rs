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
    let cx = Context {
        rules: &practice.settings.rules,
        vocab: &practice.vocab,
        today: config.today,
    };
    let source = |rel: &str| loader::source_of(&practice.root, rel);
    // Each folder is checked, and its findings located, on the thread that
    // read it; only the findings and counts are kept.
    let per_patient = practice.map_patients(|folder| {
        let mut found = rules::check_patient(&folder, &cx);
        found.extend(folder.diags);
        diag::locate_all(&mut found, source);
        let counts = Summary {
            patients: usize::from(folder.patient.is_some()),
            prescriptions: folder.prescriptions.len(),
            sessions: folder.sessions.len(),
            ..Summary::default()
        };
        (counts, found)
    })?;
    let mut diagnostics = practice.diags.clone();
    diagnostics.extend(practice.stray_files());
    diag::locate_all(&mut diagnostics, source);
    let mut summary = Summary::default();
    for (counts, found) in per_patient {
        summary.patients += counts.patients;
        summary.prescriptions += counts.prescriptions;
        summary.sessions += counts.sessions;
        diagnostics.extend(found);
    }
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
