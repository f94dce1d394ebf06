//! `mmx rx import FILE.json`: a referral from the referrer's system (a FHIR
//! R4 ServiceRequest, alone or in a Bundle) as a prescription, with the
//! file kept as its order. The mapping is the core's
//! (`mmx::intake::fhir`), and whose patient it is (`mmx::intake::referral`).

use crate::args::parse_date;
use crate::args::parse_frequency;
use crate::args::parse_id;
use crate::config::Config;
use crate::flags::default_flag;
use crate::out::io_err;
use chrono::NaiveDate;
use clap::Args;
use mmx::check::pending::Pending;
use mmx::diag;
use mmx::error::{EXIT_OK, Error, Result};
use mmx::intake::fhir::{self, Given};
use mmx::intake::order::NewOrder;
use mmx::intake::referral::{self, Target};
use mmx::model::{Diagnosis, Frequency, OrderSource, RecordKind};
use mmx::practice::store::CreateOutcome;
use mmx::practice::{Practice, ids, record_rel};
use std::io::Write;
use std::path::PathBuf;

pub(super) fn import(
    practice: &Practice,
    config: &Config,
    args: &RxImportArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<u8> {
    let received = args.received.unwrap_or(config.today);
    // Read once: the bytes kept as the order are the bytes mapped.
    let order = NewOrder::read(&args.file, received)?;
    let shown = args.file.display().to_string();
    // The file's content is the records' to say no to (exit 1); a flag
    // naming what the file does not hold is the command line's (exit 2).
    let text = std::str::from_utf8(&order.bytes)
        .map_err(|_| Error::Records(format!("{shown}: not UTF-8, so not FHIR JSON")))?;
    let diagnoses: Vec<Diagnosis> = args.diagnoses.iter().map(|d| diagnosis(d)).collect();
    let given = Given {
        request: args.request.as_deref(),
        techniques: &args.techniques,
        regions: &args.regions,
        diagnoses: &diagnoses,
        frequency: args.frequency.clone(),
        avoid_regions: &args.avoid_regions,
        avoid_techniques: &args.avoid_techniques,
    };
    let referral = fhir::read(&shown, text, &practice.vocab, &given).map_err(|e| {
        let words = format!("{shown}: {e}");
        if e.is_usage() {
            Error::Usage(words)
        } else {
            Error::Records(words)
        }
    })?;
    if referral.errors().next().is_some() {
        return Err(Error::Refused {
            diagnostics: referral.findings,
        });
    }
    diag::render_human(err, &referral.findings, config.color_stderr).map_err(io_err)?;
    let target =
        referral::patient_for(practice, referral.patient.as_ref(), args.patient.as_deref())?;
    let renewal = referral.renews;
    let mut rx = referral.rx;
    rx.order = Some(order.record(received, Some(OrderSource::Fhir)));
    // The order it renews, among the patient's prescriptions; when it is
    // none of them, said (a warning), and the link left to the therapist.
    let renews = |prescriptions: &[_], err: &mut dyn Write| -> Result<Option<String>> {
        let Some(r) = &renewal else { return Ok(None) };
        let found = r.of(prescriptions);
        if let (None, Some(d)) = (&found, &r.unmatched) {
            diag::render_human(err, std::slice::from_ref(d), config.color_stderr)
                .map_err(io_err)?;
        }
        Ok(found)
    };
    // A value the gate refuses is a flag's only when that flag gave it; what
    // came from the file is the file's to answer for (exit 1).
    let given_flag = |flag: &str| match flag {
        "--received" => args.received.is_some(),
        "--diagnosis" => !args.diagnoses.is_empty(),
        "--region" => !args.regions.is_empty(),
        "--technique" => !args.techniques.is_empty(),
        "--frequency" => args.frequency.is_some(),
        "--avoid-region" => !args.avoid_regions.is_empty(),
        "--avoid-technique" => !args.avoid_techniques.is_empty(),
        "--id" => args.id.is_some(),
        _ => false,
    };
    let flag = |field: &str| {
        let f = match field {
            "order.received" => Some("--received".to_string()),
            "avoid_regions" => Some("--avoid-region".to_string()),
            "avoid_techniques" => Some("--avoid-technique".to_string()),
            f => default_flag(f),
        }?;
        given_flag(&f).then_some(f)
    };
    let (patient, id, shown) = match target {
        Target::Existing(patient) => {
            rx.patient = patient.clone();
            let mut pending = Pending::open(practice, config.today, &patient)?;
            let existing = pending.folder().prescriptions.iter().map(|p| &p.rec);
            if let Some((id, why)) = referral::imported_as(existing, &rx) {
                return Err(Error::Records(format!(
                    "{shown}: this referral is prescription `{id}` of patient `{patient}` already ({why}); importing it again would allow its visits twice\n  hint: `mmx rx show {id}` shows it; a renewal is a new order from the prescriber, with an order number of its own"
                )));
            }
            rx.renews = renews(&pending.folder().prescriptions, err)?;
            let rel = order.rel(&patient);
            let made = pending.create_beside(&rel, order.sha256.as_bytes(), &order.bytes)?;
            let created = pending.create_dated(
                RecordKind::Prescription,
                rx.issued,
                args.id.as_deref(),
                Some(&flag),
                |_, id, _| {
                    rx.id = id.to_string();
                    Ok(rx.to_toml())
                },
            );
            if created.is_err() && made == CreateOutcome::Created {
                pending.take_back(&rel);
            }
            let (id, _, shown) = created?;
            (patient, id, shown)
        }
        Target::New(new) => {
            // The patient, the order and the prescription, judged together
            // before any is written.
            let patient = new.id.clone();
            rx.patient = patient.clone();
            renews(&[], err)?;
            rx.id = args.id.clone().unwrap_or_else(|| ids::dated_id(rx.issued));
            let mut pending = Pending::new_patient(practice, config.today, &patient)?;
            let patient_rel = format!(
                "{}/patient.toml",
                practice.rel(&practice.patient_dir(&patient))
            );
            let rx_rel = record_rel(RecordKind::Prescription, &patient, &rx.id);
            let order_rel = order.rel(&patient);
            pending.stage(&order_rel, order.sha256.as_bytes());
            let (patient_text, rx_text) = (new.to_toml(), rx.to_toml());
            let shown = pending.admit(
                &[(&patient_rel, &patient_text), (&rx_rel, &rx_text)],
                Some(&flag),
            )?;
            if pending.create(&patient_rel, &patient_text)? == CreateOutcome::Exists {
                return Err(Error::Exists {
                    what: "patient",
                    id: patient,
                    path: patient_rel,
                });
            }
            pending.create_file(&order_rel, &order.bytes)?;
            if pending.create(&rx_rel, &rx_text)? == CreateOutcome::Exists {
                return Err(Error::Exists {
                    what: "prescription",
                    id: rx.id.clone(),
                    path: rx_rel,
                });
            }
            writeln!(err, "added patient `{patient}` from the referral").map_err(io_err)?;
            (patient, rx.id.clone(), shown)
        }
    };
    diag::render_human(err, &shown, config.color_stderr).map_err(io_err)?;
    writeln!(
        err,
        "imported prescription `{id}` for patient `{patient}`; the referral is kept as its order ({})",
        order.rel(&patient)
    )
    .map_err(io_err)?;
    writeln!(out, "{id}").map_err(io_err)?;
    Ok(EXIT_OK)
}

/// `CODE` or `CODE=TEXT`, as `rx add --diagnosis` takes it.
fn diagnosis(given: &str) -> Diagnosis {
    let (code, text) = given.split_once('=').unwrap_or((given, ""));
    Diagnosis {
        code: code.trim().to_uppercase(),
        text: Some(text.trim().to_string()).filter(|t| !t.is_empty()),
    }
}

#[derive(Debug, Args)]
pub struct RxImportArgs {
    /// The referral: a FHIR R4 ServiceRequest (JSON), alone or in a Bundle
    /// with its Patient, Practitioner and Conditions
    #[arg(value_name = "FILE.json")]
    pub file: PathBuf,
    /// The patient it is for (default: the one of the referral's name and
    /// birth date, or a new patient made from it)
    #[arg(long, value_parser = parse_id, value_name = "PATIENT")]
    pub patient: Option<String>,
    /// The ServiceRequest's id, when the Bundle holds several
    #[arg(long, value_name = "ID")]
    pub request: Option<String>,
    /// A technique the order allows (repeatable), when its codes name none
    /// mmx maps (CPT 97124 names a service, not a technique)
    #[arg(long = "technique", value_name = "TECHNIQUE")]
    pub techniques: Vec<String>,
    /// A region the order names (repeatable), in place of its body sites
    #[arg(long = "region", value_name = "REGION")]
    pub regions: Vec<String>,
    /// The frequency, in place of the referral's timing (its grammar is
    /// `rx add --frequency`'s)
    #[arg(long, value_parser = parse_frequency, value_name = "FREQ")]
    pub frequency: Option<Frequency>,
    /// A region no visit may treat (repeatable), in place of those the
    /// referral says to avoid
    #[arg(long = "avoid-region", value_name = "REGION")]
    pub avoid_regions: Vec<String>,
    /// A technique no visit may use (repeatable), in place of those the
    /// referral says to avoid
    #[arg(long = "avoid-technique", value_name = "TECHNIQUE")]
    pub avoid_techniques: Vec<String>,
    /// An ICD-10-CM diagnosis (repeatable), in place of its reasons
    #[arg(long = "diagnosis", value_name = "CODE[=TEXT]")]
    pub diagnoses: Vec<String>,
    /// The day the referral arrived (default: today)
    #[arg(long, value_parser = parse_date, value_name = "DATE")]
    pub received: Option<NaiveDate>,
    /// Id to use (default: issue date and a random suffix)
    #[arg(long, value_parser = parse_id)]
    pub id: Option<String>,
}
