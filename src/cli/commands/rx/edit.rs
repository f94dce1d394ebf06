//! `mmx rx edit`: a renewal, an extension or a wider prescription, through
//! the comment-keeping editor.

use crate::args::AvoidArgs;
use crate::args::parse_date;
use crate::args::parse_minutes;
use crate::args::parse_visits;
use crate::args::parse_weeks;
use crate::commands::rx::PrescriberDetailArgs;
use crate::commands::rx::{OrderArgs, Replaced, order_flag};
use crate::config::Config;
use crate::flags::{self, default_flag};
use crate::out::io_err;
use chrono::NaiveDate;
use clap::Args;
use mmx::check::pending::OpenRecord;
use mmx::check::pending::Pending;
use mmx::diag;
use mmx::error::{EXIT_OK, Error, Result};
use mmx::intake::change::{RxChange, RxChangeError};
use mmx::model::Frequency;
use mmx::model::OrderSource;
use mmx::model::RecordKind;
use mmx::practice::Practice;
use mmx::practice::store::CreateOutcome;
use std::io::Write;

/// Renews, extends or widens a prescription through the comment-keeping
/// editor. Refused (exit 1) when a recorded session would fall outside it.
pub(super) fn edit(
    practice: &Practice,
    config: &Config,
    args: &RxEditArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<u8> {
    let OpenRecord {
        mut pending,
        patient: _,
        id: rx_id,
        ..
    } = Pending::open_record(practice, config.today, RecordKind::Prescription, &args.id)?;
    let Some(rx) = pending.folder().prescription(&rx_id) else {
        return Err(Error::NotFound {
            what: "prescription",
            id: args.id.clone(),
            hint: "`mmx rx list` shows the prescriptions".into(),
        });
    };
    let rel = rx.file.clone();
    let frequency = match args.frequency.as_deref().map(str::trim) {
        Some("") => Some(None),
        Some(f) => match Frequency::read(f) {
            Ok(f) => Some(Some(f)),
            Err(why) => {
                return Err(Error::Usage(format!(
                    "--frequency {}: not a frequency mmx can check ({why}); write {}",
                    diag::quoted(f, "(the value given)"),
                    Frequency::GRAMMAR
                )));
            }
        },
        None => None,
    };
    let weeks = match args.weeks.as_deref().map(str::trim) {
        Some("") => Some(None),
        Some(w) => Some(Some(
            parse_weeks(w).map_err(|e| Error::Usage(format!("--weeks: {e}")))?,
        )),
        None => None,
    };
    // A new order takes the place of the one recorded, which stays on file
    // as an earlier order; when and how it arrived is said, never guessed.
    let order = args
        .order
        .read_in_place_of(rx.rec.order.as_ref(), config.today)
        .map_err(|e| match e {
            Replaced::Read(e) => e,
            Replaced::Unsaid(flags) => {
                let old = rx.rec.order.as_ref();
                let when = old
                    .and_then(|o| o.received)
                    .map(|d| format!(" received {d}"))
                    .unwrap_or_default();
                let how = old
                    .and_then(|o| o.source)
                    .map(|s| format!(" by {}", s.as_str()))
                    .unwrap_or_default();
                Error::Usage(format!(
                    "--order: prescription `{rx_id}` keeps an order{when}{how}, and this is another file: say when and how it arrived ({}); the earlier order stays on file",
                    flags
                        .iter()
                        .map(|f| match *f {
                            "--source" => format!("--source {}", OrderSource::names().join("|")),
                            f => format!("{f} DATE"),
                        })
                        .collect::<Vec<_>>()
                        .join(" ")
                ))
            }
        })?;
    let details = &args.prescriber_details;
    let vocab = &practice.vocab;
    let change = RxChange {
        expires: args.expires,
        visits: args.visits,
        minutes: args.minutes,
        frequency,
        weeks,
        precautions: args.precautions.clone(),
        prescriber: vec![
            ("phone", args.prescriber_phone.clone()),
            ("credential", details.credential.clone()),
            ("npi", args.npi.clone()),
            ("license", details.license.clone()),
            ("fax", details.prescriber_fax.clone()),
            ("address", details.prescriber_address.clone()),
        ],
        lists: vec![
            (
                "regions",
                vocab.regions_as_given(&args.add_regions),
                vocab.regions_as_given(&args.remove_regions),
            ),
            (
                "techniques",
                vocab.techniques_as_given(&args.add_techniques),
                vocab.techniques_as_given(&args.remove_techniques),
            ),
            (
                "avoid_regions",
                vocab.regions_as_given(&args.avoid.avoid_regions),
                vocab.regions_as_given(&args.avoid.remove_avoid_regions),
            ),
            (
                "avoid_techniques",
                vocab.techniques_as_given(&args.avoid.avoid_techniques),
                vocab.techniques_as_given(&args.avoid.remove_avoid_techniques),
            ),
        ],
        targets: flags::targets_from_flags(&args.targets, vocab).map_err(Error::Usage)?,
        order: order.as_ref().map(|o| o.record.clone()),
    };
    let doc = pending.document(&rel, "prescription")?;
    let (text, changed) = change.apply(&rx.rec, doc).map_err(|e| match e {
        RxChangeError::NotInList { key, term, current } => Error::Usage(format!(
            "--remove-{} {}: not in prescription `{rx_id}` ({key}: {})",
            key.trim_end_matches('s').replace('_', "-"),
            diag::quoted(&term, "the value given"),
            current.join(", ")
        )),
        RxChangeError::TargetExists { measure } => Error::Usage(format!(
            "--target {measure}: prescription `{rx_id}` already has a target for it; edit its [[targets]] in the file to change it"
        )),
    })?;
    if changed.is_empty() {
        writeln!(err, "nothing to change in prescription `{rx_id}`").map_err(io_err)?;
    } else {
        let flag = |field: &str| match field {
            "regions" => Some("--add-region".to_string()),
            "techniques" => Some("--add-technique".to_string()),
            f => order_flag(f).or_else(|| default_flag(f)),
        };
        // The order goes on file first (see `rx add`).
        let kept = match &order {
            Some(o) => {
                let at = o.file.rel(&pending.folder().id);
                let made = pending.create_beside(&at, o.file.sha256.as_bytes(), &o.file.bytes)?;
                (made == CreateOutcome::Created).then_some(at)
            }
            None => None,
        };
        let written = pending.write_edit(&rel, &text, Some(&flag));
        if let (Err(_), Some(at)) = (&written, &kept) {
            pending.take_back(at);
        }
        let shown = written?;
        diag::render_human(err, &shown, config.color_stderr).map_err(io_err)?;
        writeln!(
            err,
            "updated prescription `{rx_id}`: {}",
            changed.join(", ")
        )
        .map_err(io_err)?;
    }
    writeln!(out, "{rx_id}").map_err(io_err)?;
    Ok(EXIT_OK)
}

#[derive(Debug, Args)]
pub struct RxEditArgs {
    /// The prescription (RX, or PATIENT/RX when several patients have that id)
    pub id: String,
    /// New last valid day (YYYY-MM-DD)
    #[arg(long, value_parser = parse_date, value_name = "DATE")]
    pub expires: Option<NaiveDate>,
    /// New number of completed sessions allowed
    #[arg(long, value_parser = parse_visits)]
    pub visits: Option<u32>,
    /// Add a body region (repeatable)
    #[arg(long = "add-region", value_name = "REGION")]
    pub add_regions: Vec<String>,
    /// Remove a body region (repeatable)
    #[arg(long = "remove-region", value_name = "REGION")]
    pub remove_regions: Vec<String>,
    /// Add an allowed technique (repeatable)
    #[arg(long = "add-technique", value_name = "TECHNIQUE")]
    pub add_techniques: Vec<String>,
    /// Remove a technique (repeatable)
    #[arg(long = "remove-technique", value_name = "TECHNIQUE")]
    pub remove_techniques: Vec<String>,
    #[command(flatten)]
    pub avoid: AvoidArgs,
    /// Prescribed frequency: Nx/day, Nx/week, Nx/month or Nx/K weeks, optionally
    /// `for W weeks`, in phases joined by `, then` ('' removes it)
    #[arg(long)]
    pub frequency: Option<String>,
    /// The course's length: it ends W weeks after its first completed visit
    /// ('' removes it: the frequency's weeks, if any, then give the length)
    #[arg(long, value_name = "W")]
    pub weeks: Option<String>,
    /// Prescribed session length in minutes
    #[arg(long, value_parser = parse_minutes)]
    pub minutes: Option<u32>,
    /// Add a measurable goal, repeatable: MEASURE[:SITE][:MOTION_OR_ITEM]=VALUE
    /// (a measure already targeted stays as it is: edit the file to change it)
    #[arg(long = "target", value_name = "MEASURE=VALUE")]
    pub targets: Vec<String>,
    /// Precautions ('' removes them)
    #[arg(long, value_name = "TEXT")]
    pub precautions: Option<String>,
    /// Prescriber's phone ('' removes it)
    #[arg(long, value_name = "PHONE")]
    pub prescriber_phone: Option<String>,
    #[command(flatten)]
    pub prescriber_details: PrescriberDetailArgs,
    /// Prescriber's 10-digit NPI ('' removes it)
    #[arg(long, value_name = "N")]
    pub npi: Option<String>,
    #[command(flatten)]
    pub order: OrderArgs,
}
