//! `mmx patient import FILE.csv`: patients from an intake spreadsheet, all or
//! none. Every row is read and checked against the same rules as `patient add`
//! (see [`mmx::intake::csv`], whose plan this is) and against the practice
//! before anything is written; the outcome is a plan (add / unchanged) or a
//! list of located problems. This command reads the input and words the plan.

use clap::Args;
use mmx::diag::quoted;
use mmx::intake::change;
use mmx::intake::csv;
use mmx::intake::draft;
use std::io::{Read, Write};
use std::path::PathBuf;

use crate::args::parse_delimiter;
use crate::config::Config;
use crate::out::io_err;
use mmx::error::{EXIT_OK, Error, Result};
use mmx::intake::columns;
use mmx::intake::columns::HeaderOptions;
use mmx::intake::csv::{Action, Kind, Options};
use mmx::intake::dates::DateOrder;
use mmx::practice::Practice;
use mmx::text;

pub fn run(
    practice: &Practice,
    config: &Config,
    args: PatientImportArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<u8> {
    let (label, bytes) = read_input(&args)?;
    let options = Options {
        delimiter: args.delimiter,
        update: args.update,
        header: HeaderOptions {
            maps: args.map.clone(),
            skips: args.skip.clone(),
            skip_unknown: args.skip_unknown,
        },
        date_order: args.date_order,
    };
    let plan = csv::plan(practice, config.today, &bytes, &options);
    if !plan.unmatched.is_empty() {
        return Err(Error::Usage(format!(
            "{} {} no column of {label}'s header (header cells are matched ignoring case, \
             spaces and punctuation)",
            plan.unmatched.join(", "),
            if plan.unmatched.len() == 1 {
                "names"
            } else {
                "name"
            }
        )));
    }
    if !plan.skipped.is_empty() {
        let columns: Vec<String> = plan
            .skipped
            .iter()
            .map(|(column, cell)| format!("{} (column {column})", text::clean_line(cell)))
            .collect();
        writeln!(err, "skipped columns: {}", columns.join(", ")).map_err(io_err)?;
    }
    if let Some((order, row)) = plan.date_order {
        writeln!(
            err,
            "birth dates read as {}, as row {row}'s can only be (--date-order says otherwise)",
            order.words()
        )
        .map_err(io_err)?;
    }
    if !plan.problems.is_empty() {
        for p in &plan.problems {
            writeln!(err, "{}", p.located(&label)).map_err(io_err)?;
        }
        let n = plan.problems.len();
        let has = |kind: Kind| plan.problems.iter().any(|p| p.kind == kind);
        let mut hints = String::new();
        if !args.update && has(Kind::Conflict) {
            hints.push_str("\n  hint: to change existing patients to match the file, add --update");
        }
        if has(Kind::UnknownColumn) {
            hints.push_str(
                "\n  hint: --skip-unknown leaves out every column that names no field (and lists them)",
            );
        }
        if has(Kind::DateOrder) {
            hints.push_str(
                "\n  hint: --date-order mdy (03/14/1958), dmy (14/03/1958) or ymd says how the file writes dates",
            );
        }
        return Err(Error::Records(format!(
            "refused: {n} {} in {label} (the header is row 1); nothing was written{hints}",
            if n == 1 { "problem" } else { "problems" },
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
        out.flush().map_err(io_err)?;
        writeln!(err, "would be {}", summary(added, updated)).map_err(io_err)?;
        return Ok(EXIT_OK);
    }
    // What was written so far, to say exactly when a write fails part way.
    let (mut done_added, mut done_updated) = (Vec::new(), Vec::new());
    for (i, action) in plan.actions.iter().enumerate() {
        let result = match action {
            Action::Add(p) => draft::write_new(practice, config.today, p, None).map(|_| {
                done_added.push(p.id.as_str());
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
                done_updated.push(new.id.as_str());
                // After the ids before it, where both go to one terminal.
                out.flush()
                    .and_then(|()| writeln!(err, "updated {}: {}", new.id, fields.join(", ")))
                    .map_err(io_err)
            }),
            Action::Unchanged(_) => Ok(Ok(())),
        };
        match result {
            Ok(printed) => printed?,
            Err(e) => {
                out.flush().map_err(io_err)?;
                stopped(
                    err,
                    action,
                    &done_added,
                    &done_updated,
                    plan.actions.len() - i - 1,
                )?;
                return Err(e);
            }
        }
    }
    // The summary after the ids it counts, where both go to one terminal.
    out.flush().map_err(io_err)?;
    writeln!(err, "{}", summary(added, updated)).map_err(io_err)?;
    Ok(EXIT_OK)
}

/// What an import that stopped at `at` wrote, by id, and what it did not:
/// run again once the cause is put right, the rows written read as
/// unchanged and the rest are imported.
fn stopped(
    err: &mut dyn Write,
    at: &Action,
    added: &[&str],
    updated: &[&str],
    not_reached: usize,
) -> Result<()> {
    let id = match at {
        Action::Add(p) => &p.id,
        Action::Update { new, .. } => &new.id,
        Action::Unchanged(id) => id,
    };
    let list = |ids: &[&str]| {
        if ids.is_empty() {
            "none".to_string()
        } else {
            format!("{} ({})", ids.len(), ids.join(", "))
        }
    };
    writeln!(
        err,
        "stopped at {id}'s row: nothing of it was written (the error below says why)\n\
         written before it: added {}; updated {}\n\
         not reached: {not_reached} {} after it\n\
         put the cause right and run the same import again: the rows written read as unchanged",
        list(added),
        list(updated),
        if not_reached == 1 { "row" } else { "rows" },
    )
    .map_err(io_err)
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
        // The file's name heads every problem's line: shown, never acted on.
        let label = text::clean_line(&args.file.display().to_string()).into_owned();
        Ok((label, bytes))
    }
}

#[derive(Debug, Args)]
pub struct PatientImportArgs {
    /// CSV file whose header row names patient fields by meaning (Name or Full Name, Date of Birth or DOB, Phone or Mobile, Email or E-mail, ... or name, birth_date, gender, phone, email, address, emergency_contact, contraindications, notes, id); `-` reads stdin
    #[arg(value_name = "FILE.csv")]
    pub file: PathBuf,
    /// Field delimiter: `,` or `;` (default: whichever the header row uses)
    #[arg(long, value_parser = parse_delimiter, value_name = "CHAR")]
    pub delimiter: Option<u8>,
    /// Change existing patients whose row differs (through `patient edit`, which keeps comments) instead of refusing
    #[arg(long)]
    pub update: bool,
    /// Read the column headed HEADER as FIELD (e.g. `--map "Any injuries?=contraindications"`); headers that name a field (Full Name, DOB, E-mail, Mobile ...) need none
    #[arg(long, value_parser = parse_map, value_name = "HEADER=FIELD")]
    pub map: Vec<(String, &'static str)>,
    /// Leave out the column headed HEADER (e.g. `--skip Timestamp`)
    #[arg(long, value_name = "HEADER")]
    pub skip: Vec<String>,
    /// Leave out every column whose header names no field, listing them on stderr
    #[arg(long)]
    pub skip_unknown: bool,
    /// How dates whose day and month could be either way round are written: mdy (03/14/1958), dmy (14/03/1958) or ymd (YYYY-MM-DD is always read); without it, the file's other dates must settle it
    #[arg(long, value_parser = parse_date_order, value_name = "ORDER")]
    pub date_order: Option<DateOrder>,
}

/// `HEADER=FIELD`, the field by its name or any header that means it.
fn parse_map(s: &str) -> Result<(String, &'static str), String> {
    let fields = columns::fields().join(", ");
    let Some((header, field)) = s.rsplit_once('=') else {
        return Err(format!(
            "expected HEADER=FIELD (e.g. \"Any injuries?=contraindications\"), FIELD one of {fields}"
        ));
    };
    if header.trim().is_empty() {
        return Err("the HEADER before `=` is empty".into());
    }
    match columns::field_named(field) {
        Some(field) => Ok((header.trim().to_string(), field)),
        None => Err(format!(
            "{} is not a field a column can hold; one of {fields}",
            quoted(field.trim(), "the FIELD after `=`")
        )),
    }
}

fn parse_date_order(s: &str) -> Result<DateOrder, String> {
    DateOrder::parse(&s.to_ascii_lowercase())
        .ok_or_else(|| "use mdy (03/14/1958), dmy (14/03/1958) or ymd (1958-03-14)".to_string())
}
