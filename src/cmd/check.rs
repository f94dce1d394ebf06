//! `mmx check`: every file read, every rule run, every finding reported.

use std::io::Write;

use crate::cli::{CheckArgs, CheckFormat};
use crate::config::Config;
use crate::diag;
use crate::error::{EXIT_OK, EXIT_REFUSED, EXIT_USAGE, Error, Result};
use crate::gate;
use crate::output::{self, io_err};

pub fn run(config: &Config, args: CheckArgs, out: &mut dyn Write) -> Result<u8> {
    let practice = match config.practice() {
        // Scripts get JSON whatever happens: the problems in mmx.toml, with
        // exit 2 (no record was checked on guessed settings).
        Err(Error::Settings { diagnostics }) if args.format == CheckFormat::Json => {
            let summary = diag::Summary {
                errors: diagnostics
                    .iter()
                    .filter(|d| d.severity == diag::Severity::Error)
                    .count(),
                ..Default::default()
            };
            output::json(
                out,
                &gate::Report {
                    diagnostics,
                    summary,
                },
            )?;
            return Ok(EXIT_USAGE);
        }
        other => other?,
    };
    let report = gate::check_practice(&practice, config.today)?;
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
