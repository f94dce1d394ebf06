//! `mmx rx list`.

use super::reviews;
use crate::args::ListFormat;
use crate::args::parse_patient;
use crate::config::Config;
use crate::out::{self};
use clap::Args;
use mmx::course;
use mmx::course::RxState;
use mmx::course::RxStatus;
use mmx::error::{EXIT_OK, Result};
use mmx::model;
use mmx::practice::Practice;
use std::io::Write;

pub(super) fn list(
    practice: &Practice,
    config: &Config,
    args: RxListArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<u8> {
    let rules = &practice.settings.rules;
    let reviews = reviews(practice, config.today, args.patient.as_deref(), err)?;
    let mut rows: Vec<(RxState, &model::Prescription)> = Vec::new();
    for review in &reviews {
        let folder = &review.folder;
        rows.extend(
            folder
                .prescriptions
                .iter()
                .map(|rx| (course::of(&rx.rec, folder, rules, config.today), &rx.rec)),
        );
    }
    if args.active {
        rows.retain(|(r, _)| r.status == RxStatus::Active);
    }
    rows.sort_by(|(a, _), (b, _)| {
        (&a.patient, a.issued, &a.id).cmp(&(&b.patient, b.issued, &b.id))
    });
    match args.format {
        ListFormat::Json => {
            let shown: Vec<_> = rows.iter().map(|(s, rx)| s.json(rx)).collect();
            out::json(out, &shown)?
        }
        ListFormat::Table => {
            let table = rows
                .iter()
                .map(|(r, _)| {
                    vec![
                        r.patient.clone(),
                        r.id.clone(),
                        r.issued.to_string(),
                        r.expires.to_string(),
                        format!("{}/{}", r.used, r.visits),
                        r.status.as_str().to_string(),
                        r.prescriber.clone(),
                    ]
                })
                .collect();
            use out::Col::{Detail, Id, Key};
            out::table(
                out,
                &[
                    Id("patient"),
                    Id("id"),
                    Detail("issued", 2),
                    Key("expires"),
                    Key("visits"),
                    Key("status"),
                    Detail("prescriber", 1),
                ],
                table,
            )?;
        }
    }
    Ok(EXIT_OK)
}

#[derive(Debug, Args)]
pub struct RxListArgs {
    /// Only this patient's prescriptions
    #[arg(long, value_parser = parse_patient, value_name = "PATIENT")]
    pub patient: Option<String>,
    /// Only prescriptions in force today with visits left
    #[arg(long)]
    pub active: bool,
    /// Output: a table for people, or JSON for scripts
    #[arg(long, value_enum, default_value_t = ListFormat::Table)]
    pub format: ListFormat,
}
