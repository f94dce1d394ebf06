//! `mmx patient import FILE.csv`: patients from an intake spreadsheet, all or
//! none. Every row is read and checked against the same rules as `patient add`
//! (see [`mmx::intake::csv`], whose plan this is) and against the practice
//! before anything is written; the outcome is a plan (add / unchanged) or a
//! list of located problems. This command reads the input and words the plan.

use clap::Args;
use mmx::intake::change;
use mmx::intake::csv;
use mmx::intake::draft;
use std::io::{Read, Write};
use std::path::PathBuf;

use crate::args::parse_delimiter;
use crate::config::Config;
use crate::out::io_err;
use mmx::error::{EXIT_OK, Error, Result};
use mmx::intake::csv::Action;
use mmx::practice::Practice;

pub fn run(
    practice: &Practice,
    config: &Config,
    args: PatientImportArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<u8> {
    let (label, bytes) = read_input(&args)?;
    let plan = csv::plan(practice, config.today, &bytes, args.delimiter, args.update);
    if !plan.problems.is_empty() {
        for p in &plan.problems {
            writeln!(err, "{}", p.located(&label)).map_err(io_err)?;
        }
        let n = plan.problems.len();
        let conflicts = !args.update && plan.problems.iter().any(|p| p.conflict);
        return Err(Error::Records(format!(
            "refused: {n} {} in {label} (the header is row 1); nothing was written{}",
            if n == 1 { "problem" } else { "problems" },
            if conflicts {
                "\n  hint: to change existing patients to match the file, add --update"
            } else {
                ""
            }
        )));
    }
    let count = |f: fn(&Action) -> bool| plan.actions.iter().filter(|a| f(a)).count();
    let added = count(|a| matches!(a, Action::Add(_)));
    let updated = count(|a| matches!(a, Action::Update { .. }));
    let unchanged = count(|a| matches!(a, Action::Unchanged(_)));
    let summary = |added: usize, updated: usize| {
        let mut s = format!("{added} added");
        if args.update {
            s.push_str(&format!(", {updated} updated"));
        }
        s.push_str(&format!(", {unchanged} unchanged"));
        s
    };
    // `--dry-run` (every write takes it): each row's plan, nothing written.
    if config.dry_run {
        for action in &plan.actions {
            match action {
                Action::Add(p) => writeln!(out, "would add {}", p.id),
                Action::Unchanged(id) => writeln!(out, "unchanged {id}"),
                Action::Update { new, fields, .. } => {
                    writeln!(out, "would update {}: {}", new.id, fields.join(", "))
                }
            }
            .map_err(io_err)?;
        }
        writeln!(err, "would be {}", summary(added, updated)).map_err(io_err)?;
        return Ok(EXIT_OK);
    }
    let (mut done_added, mut done_updated) = (0, 0);
    for action in &plan.actions {
        let result = match action {
            Action::Add(p) => draft::write_new(practice, config.today, p, None).map(|_| {
                done_added += 1;
                writeln!(out, "{}", p.id).map_err(io_err)
            }),
            Action::Update { old, new, fields } => change::edit_patient(
                practice,
                config.today,
                &new.id,
                &csv::change_for(old, new, fields),
                None,
            )
            .map(|_| {
                done_updated += 1;
                writeln!(err, "updated {}: {}", new.id, fields.join(", ")).map_err(io_err)
            }),
            Action::Unchanged(_) => Ok(Ok(())),
        };
        match result {
            Ok(printed) => printed?,
            Err(e) => {
                writeln!(
                    err,
                    "stopped part way: {} before this failure (added ids are on stdout)",
                    summary(done_added, done_updated)
                )
                .map_err(io_err)?;
                return Err(e);
            }
        }
    }
    writeln!(err, "{}", summary(added, updated)).map_err(io_err)?;
    Ok(EXIT_OK)
}

fn read_input(args: &PatientImportArgs) -> Result<(String, Vec<u8>)> {
    let mut bytes = Vec::new();
    if args.file.as_os_str() == "-" {
        std::io::stdin()
            .read_to_end(&mut bytes)
            .map_err(|e| Error::io("<stdin>", e))?;
        Ok(("<stdin>".into(), bytes))
    } else {
        let bytes = std::fs::read(&args.file).map_err(|e| Error::io(&args.file, e))?;
        Ok((args.file.display().to_string(), bytes))
    }
}

#[derive(Debug, Args)]
pub struct PatientImportArgs {
    /// CSV file whose header row names patient fields (name, birth_date, gender, phone, email, address, emergency_contact, contraindications, notes, id); `-` reads stdin
    #[arg(value_name = "FILE.csv")]
    pub file: PathBuf,
    /// Field delimiter: `,` or `;` (default: whichever the header row uses)
    #[arg(long, value_parser = parse_delimiter, value_name = "CHAR")]
    pub delimiter: Option<u8>,
    /// Change existing patients whose row differs (through `patient edit`, which keeps comments) instead of refusing
    #[arg(long)]
    pub update: bool,
}
