//! `mmx rx add`: a prescription as the doctor wrote it.

use crate::args::parse_date;
use crate::args::parse_frequency;
use crate::args::parse_id;
use crate::args::parse_minutes;
use crate::args::parse_patient;
use crate::args::parse_visits;
use crate::args::parse_weeks;
use crate::commands::rx::PrescriberDetailArgs;
use crate::commands::rx::{OrderArgs, order_flag};
use crate::config::Config;
use crate::flags::{self, default_flag};
use crate::out::io_err;
use chrono::NaiveDate;
use clap::Args;
use mmx::check::pending::Pending;
use mmx::diag;
use mmx::error::{EXIT_OK, Error, Result};
use mmx::model;
use mmx::model::RecordKind;
use mmx::model::{Diagnosis, Prescriber, Prescription};
use mmx::practice::Practice;
use mmx::practice::store::CreateOutcome;
use std::io::Write;

pub(super) fn add(
    practice: &Practice,
    config: &Config,
    args: RxAddArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<u8> {
    let pending = Pending::open(practice, config.today, &args.patient)?;
    let order = args.order.read(config.today)?;
    let diagnoses = args
        .diagnoses
        .iter()
        .map(|d| match d.split_once('=') {
            Some((c, t)) => Diagnosis {
                code: c.trim().to_uppercase(),
                text: Some(t.trim().to_string()).filter(|t| !t.is_empty()),
            },
            None => Diagnosis {
                code: d.trim().to_uppercase(),
                text: None,
            },
        })
        .collect();
    let mut rx = Prescription {
        id: String::new(),
        patient: args.patient.clone(),
        issued: args.issued,
        expires: args.expires,
        renews: args.renews,
        referral_id: None,
        visits: args.visits,
        frequency: args.frequency,
        weeks: args.weeks,
        minutes: args.minutes,
        regions: practice.vocab.regions_as_given(&args.regions),
        techniques: practice.vocab.techniques_as_given(&args.techniques),
        avoid_regions: practice.vocab.regions_as_given(&args.avoid_regions),
        avoid_techniques: practice.vocab.techniques_as_given(&args.avoid_techniques),
        precautions: args.precautions.filter(|s| !s.trim().is_empty()),
        goals: args
            .goals
            .into_iter()
            .filter(|s| !s.trim().is_empty())
            .collect(),
        targets: flags::targets_from_flags(&args.targets, &practice.vocab).map_err(Error::Usage)?,
        prescriber: {
            let given =
                |s: Option<String>| s.map(|s| s.trim().to_string()).filter(|s| !s.is_empty());
            let d = args.prescriber_details;
            Prescriber {
                name: args.prescriber.trim().to_string(),
                credential: given(d.credential),
                npi: args.npi,
                license: given(d.license),
                phone: given(args.prescriber_phone),
                fax: given(d.prescriber_fax),
                address: given(d.prescriber_address),
            }
        },
        diagnoses,
        order: order.as_ref().map(|o| o.record.clone()),
        earlier_orders: Vec::new(),
        closed: None,
    };
    let flag = |field: &str| order_flag(field).or_else(|| default_flag(field));
    let mut pending = pending;
    // The order goes on file first, so the prescription never names a file
    // that is not there; taken back if the prescription is refused.
    let kept = match &order {
        Some(o) => {
            let rel = o.file.rel(&pending.folder().id);
            let made = pending.create_beside(&rel, o.file.sha256.as_bytes(), &o.file.bytes)?;
            (made == CreateOutcome::Created).then_some(rel)
        }
        None => None,
    };
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
    if let (Err(_), Some(rel)) = (&created, &kept) {
        pending.take_back(rel);
    }
    let (id, _, shown) = created?;
    diag::render_human(err, &shown, config.color_stderr).map_err(io_err)?;
    writeln!(out, "{id}").map_err(io_err)?;
    Ok(EXIT_OK)
}

#[derive(Debug, Args)]
pub struct RxAddArgs {
    /// The patient's id (`mmx patient list` shows them)
    #[arg(long, value_parser = parse_patient, value_name = "PATIENT")]
    pub patient: String,
    /// Date the doctor issued it (YYYY-MM-DD)
    #[arg(long, value_parser = parse_date, value_name = "DATE")]
    pub issued: NaiveDate,
    /// Last valid day (default: issued + [rules] rx_valid_days, which `check`
    /// asks you to confirm unless the course has a length)
    #[arg(long, value_parser = parse_date, value_name = "DATE")]
    pub expires: Option<NaiveDate>,
    /// Completed sessions allowed
    #[arg(long, value_parser = parse_visits)]
    pub visits: u32,
    /// A body region to treat (repeatable), e.g. lumbar, left-shoulder, bilateral-gluteal
    #[arg(long = "region", required = true, value_name = "REGION")]
    pub regions: Vec<String>,
    /// An allowed technique (repeatable), e.g. swedish, mfr, trigger-point
    #[arg(long = "technique", required = true, value_name = "TECHNIQUE")]
    pub techniques: Vec<String>,
    /// Prescribing doctor's name
    #[arg(long, value_name = "NAME")]
    pub prescriber: String,
    /// Prescriber's 10-digit NPI
    #[arg(long, value_name = "N")]
    pub npi: Option<String>,
    /// Prescriber's phone
    #[arg(long, value_name = "PHONE")]
    pub prescriber_phone: Option<String>,
    #[command(flatten)]
    pub prescriber_details: PrescriberDetailArgs,
    /// ICD-10-CM diagnosis, optionally with its text: M54.16=Radiculopathy, lumbar (repeatable)
    #[arg(long = "diagnosis", value_name = "CODE[=TEXT]")]
    pub diagnoses: Vec<String>,
    /// Prescribed frequency: Nx/day, Nx/week, Nx/month or Nx/K weeks, optionally
    /// `for W weeks`, in phases joined by `, then`: 2x/week, "2x/week for 4 weeks",
    /// "1x/week for 4 weeks, then 1x/2 weeks for 8 weeks"
    #[arg(long, value_parser = parse_frequency, value_name = "FREQ")]
    pub frequency: Option<model::Frequency>,
    /// The course's length: it ends W weeks after its first completed visit
    /// (default: the frequency's weeks, when every phase has them)
    #[arg(long, value_parser = parse_weeks, value_name = "W")]
    pub weeks: Option<u32>,
    /// The prescription this one renews: the two are one course of care
    #[arg(long, value_parser = parse_id, value_name = "RX")]
    pub renews: Option<String>,
    /// A body region no session may treat (repeatable), e.g. intraoral, left-wrist
    #[arg(long = "avoid-region", value_name = "REGION")]
    pub avoid_regions: Vec<String>,
    /// A technique no session may use (repeatable), e.g. hot-cold-pack
    #[arg(long = "avoid-technique", value_name = "TECHNIQUE")]
    pub avoid_techniques: Vec<String>,
    /// Prescribed session length in minutes
    #[arg(long, value_parser = parse_minutes)]
    pub minutes: Option<u32>,
    /// Precautions, in the prescriber's words
    #[arg(long, value_name = "TEXT")]
    pub precautions: Option<String>,
    /// A treatment goal (repeatable)
    #[arg(long = "goal", value_name = "TEXT")]
    pub goals: Vec<String>,
    /// A measurable goal, repeatable: MEASURE[:SITE][:MOTION_OR_ITEM]=VALUE,
    /// e.g. rom:left-shoulder:flexion=160, ndi=10, "psfs:Lift grandchild=8"
    /// (`mmx vocab` lists the measures)
    #[arg(long = "target", value_name = "MEASURE=VALUE")]
    pub targets: Vec<String>,
    #[command(flatten)]
    pub order: OrderArgs,
    /// Id to use (default: issue date and a random suffix)
    #[arg(long, value_parser = parse_id)]
    pub id: Option<String>,
}
