//! `mmx fmt`: hand-edited records brought to the form mmx writes (see
//! [`change::canonical_text`]), each through the gate.

use clap::Args;
use mmx::intake::change;
use mmx::text;
use std::io::Write;

use crate::args::parse_patient;
use crate::config::Config;
use crate::out::{self, io_err};
use mmx::check::pending::Pending;
use mmx::error::{EXIT_OK, EXIT_REFUSED, Error, Result};

pub fn run(config: &Config, args: FmtArgs, out: &mut dyn Write, err: &mut dyn Write) -> Result<u8> {
    let practice = config.practice()?;
    let ids = if args.patients.is_empty() {
        practice.patient_ids()?
    } else {
        args.patients
    };
    let mut outside = 0;
    let mut blocked = Vec::new();
    for id in &ids {
        // Locked and read as every write is; a folder with a file the gate
        // cannot read is left as it is (its records could not be proven).
        let pending = match Pending::open(&practice, config.today, id) {
            Ok(p) => p,
            Err(Error::Blocked { diagnostics }) => {
                blocked.push(id.clone());
                let files: Vec<String> = diagnostics.iter().map(|d| d.file.clone()).collect();
                out::skipped(err, &files)?;
                continue;
            }
            Err(e) => return Err(e),
        };
        let changes: Vec<(String, (String, Vec<String>))> = pending
            .before
            .files
            .iter()
            .filter_map(|f| {
                let text = std::str::from_utf8(&f.bytes).ok()?;
                change::canonical_text(&f.rel, text, &practice.vocab).map(|t| (f.rel.clone(), t))
            })
            .collect();
        for (rel, (text, what)) in &changes {
            outside += 1;
            let what = what.join(", ");
            if args.check {
                writeln!(
                    out,
                    "{} is not in mmx's form ({what})",
                    text::clean_line(rel)
                )
                .map_err(io_err)?;
            } else {
                pending.write_edit(rel, text, None)?;
                writeln!(out, "formatted {} ({what})", text::clean_line(rel)).map_err(io_err)?;
            }
        }
    }
    if !blocked.is_empty() {
        writeln!(
            err,
            "not formatted: {} (`mmx check` shows the files to fix first)",
            blocked.join(", ")
        )
        .map_err(io_err)?;
    }
    let failed = !blocked.is_empty() || (args.check && outside > 0);
    Ok(if failed { EXIT_REFUSED } else { EXIT_OK })
}

#[derive(Debug, Args)]
pub struct FmtArgs {
    /// The patients whose records to format (default: every patient)
    #[arg(value_parser = parse_patient, value_name = "PATIENT")]
    pub patients: Vec<String>,
    /// Change nothing: list the files that are not in mmx's form, and exit 1
    /// if there is any (for a hook or CI)
    #[arg(long)]
    pub check: bool,
}
