//! `mmx report`: the doctor follow-up report in text, Markdown, HTML or JSON.

use std::io::{IsTerminal, Write};

use crate::cli::{ReportArgs, ReportFormat};
use crate::config::Config;
use crate::error::{EXIT_OK, Error, Result};
use crate::gate;
use crate::output::{self, io_err};
use crate::report::{self, Missing, html, markdown, text};
use crate::store;

fn format_for(args: &ReportArgs) -> ReportFormat {
    if let Some(f) = args.format {
        return f;
    }
    match &args.output {
        Some(path) => match path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .as_deref()
        {
            Some("html" | "htm") => ReportFormat::Html,
            Some("json") => ReportFormat::Json,
            Some("txt") => ReportFormat::Text,
            _ => ReportFormat::Md,
        },
        None if std::io::stdout().is_terminal() => ReportFormat::Text,
        None => ReportFormat::Md,
    }
}

pub fn run(config: &Config, args: ReportArgs, out: &mut dyn Write) -> Result<u8> {
    let practice = config.practice()?;
    let review = gate::patient(&practice, config.today, &args.patient)?;
    // A doctor's letter that left out an unreadable session would misstate
    // the visits and the compliance: none is made.
    let blocking = review.blocking();
    if !blocking.is_empty() {
        return Err(Error::Incomplete {
            diagnostics: blocking,
        });
    }
    let folder = &review.folder;
    let broken = || {
        Error::Records(format!(
            "patient `{}` has a broken patient.toml; run `mmx check` to see why",
            args.patient
        ))
    };
    let index = report::pick_rx(folder, &practice, args.rx.as_deref(), config.today).map_err(
        |m| match m {
            Missing::Prescription(id) => Error::NotFound {
                what: "prescription",
                id,
                hint: format!(
                    "`mmx rx list --patient {}` shows this patient's prescriptions",
                    args.patient
                ),
            },
            Missing::NoPrescriptions => Error::NotFound {
                what: "prescription for patient",
                id: args.patient.clone(),
                hint: "add one with `mmx rx add`".into(),
            },
            Missing::Patient => broken(),
        },
    )?;
    let data =
        report::build(&practice, &review, index, config.today, args.since).map_err(|_| broken())?;
    let mut buf = Vec::new();
    match format_for(&args) {
        ReportFormat::Json => output::json(&mut buf, &data)?,
        ReportFormat::Md => markdown::render(&data, &mut buf).map_err(io_err)?,
        ReportFormat::Text => {
            let mut raw = Vec::new();
            text::render(&data, &mut raw).map_err(io_err)?;
            // What a terminal shows: no control code from a record acts.
            buf = output::clean(&String::from_utf8_lossy(&raw))
                .into_owned()
                .into_bytes();
        }
        ReportFormat::Html => html::render(&data, &practice.vocab, &mut buf).map_err(io_err)?,
    }
    match &args.output {
        Some(path) => {
            let path = if path.is_absolute() {
                path.clone()
            } else {
                config.cwd.join(path)
            };
            store::write_output(&path, &buf, &practice.root)?;
        }
        None => out.write_all(&buf).map_err(io_err)?,
    }
    Ok(EXIT_OK)
}
