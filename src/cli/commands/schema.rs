//! `mmx schema`: the JSON Schemas of the record files and mmx.toml, with
//! the practice's vocabulary, printed or written for editors.

use clap::{Args, ValueEnum};
use mmx::practice::store;
use mmx::records::json_schema;
use mmx::text;
use std::io::Write;
use std::path::PathBuf;

use crate::config::Config;
use crate::out::io_err;
use mmx::error::{EXIT_OK, Result};
use mmx::records::json_schema::Kind;

pub fn run(config: &Config, args: SchemaArgs, out: &mut dyn Write) -> Result<u8> {
    let practice = config.practice()?;
    let kinds: Vec<Kind> = match args.kind {
        Some(k) => json_schema::kind(k.name()).into_iter().collect(),
        None => json_schema::KINDS.to_vec(),
    };
    let Some(dir) = args.out else {
        let value = match args.kind {
            Some(_) => kinds
                .first()
                .map(|k| json_schema::schema(*k, &practice.vocab))
                .unwrap_or_default(),
            None => json_schema::all(&practice.vocab),
        };
        out.write_all(&json_schema::to_bytes(&value))
            .map_err(io_err)?;
        return Ok(EXIT_OK);
    };
    let dir = if dir.is_absolute() {
        dir
    } else {
        config.cwd.join(dir)
    };
    store::create_dirs(&dir)?;
    for k in kinds {
        let path = dir.join(k.file);
        let bytes = json_schema::to_bytes(&json_schema::schema(k, &practice.vocab));
        store::write_output(&path, &bytes, &practice.root)?;
        writeln!(out, "{}", text::clean(&path.display().to_string())).map_err(io_err)?;
    }
    Ok(EXIT_OK)
}

#[derive(Debug, Args)]
pub struct SchemaArgs {
    /// Only this file's schema (default: all five, as one JSON object keyed by kind)
    #[arg(value_enum)]
    pub kind: Option<SchemaKind>,
    /// Write KIND.schema.json into DIR (created if missing) instead of
    /// printing; prints each file written
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
}

/// A record file kind with a schema.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SchemaKind {
    /// patients/ID/patient.toml
    Patient,
    /// patients/ID/prescriptions/RX.toml
    Prescription,
    /// patients/ID/sessions/SESSION.toml
    Session,
    /// patients/ID/reports/REPORT.toml
    Report,
    /// mmx.toml
    Settings,
}

impl SchemaKind {
    /// The kind's name, as written on the command line.
    pub fn name(self) -> &'static str {
        match self {
            SchemaKind::Patient => "patient",
            SchemaKind::Prescription => "prescription",
            SchemaKind::Session => "session",
            SchemaKind::Report => "report",
            SchemaKind::Settings => "settings",
        }
    }
}
