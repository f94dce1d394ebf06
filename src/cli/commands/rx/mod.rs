//! `mmx rx add|list|show|edit|close|import`.

mod add;
mod close;
mod edit;
mod import;
mod list;
mod show;

use crate::args::parse_date;
use clap::{Args, Subcommand};
use mmx::check::review;
use mmx::diag;
use mmx::intake::order::{self, NewOrder};
use mmx::model::{Order, OrderSource};
use std::io::Write;
use std::path::PathBuf;

use chrono::NaiveDate;

use crate::args::ShowArgs;
use crate::commands::rx::add::RxAddArgs;
use crate::commands::rx::close::RxCloseArgs;
use crate::commands::rx::edit::RxEditArgs;
use crate::commands::rx::import::RxImportArgs;
use crate::commands::rx::list::RxListArgs;
use crate::config::Config;
use crate::out::{self};
use mmx::check::review::Review;
use mmx::error::{Error, Result};
use mmx::practice::Practice;

pub fn run(
    config: &Config,
    command: RxCommand,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<u8> {
    let practice = config.practice()?;
    match command {
        RxCommand::Edit(args) => edit::edit(&practice, config, &args, out, err),
        RxCommand::Add(args) => add::add(&practice, config, *args, out, err),
        RxCommand::List(args) => list::list(&practice, config, args, out, err),
        RxCommand::Show(args) => show::show(&practice, config, args, out, err),
        RxCommand::Close(args) => close::close(&practice, config, args, out, err),
        RxCommand::Import(args) => import::import(&practice, config, &args, out, err),
    }
}

/// The reviews of one patient, or of every patient, with a line on stderr
/// for each file left out because it cannot be read.
pub(super) fn reviews(
    practice: &Practice,
    today: NaiveDate,
    patient: Option<&str>,
    err: &mut dyn Write,
) -> Result<Vec<Review>> {
    let reviews = match patient {
        Some(id) => vec![review::patient(practice, today, id)?],
        None => review::each_patient(practice, today, |r| r)?,
    };
    for r in &reviews {
        out::skipped(err, &r.skipped())?;
    }
    Ok(reviews)
}

#[derive(Debug, Subcommand)]
pub enum RxCommand {
    /// Add a prescription; prints the new id
    Add(Box<RxAddArgs>),
    /// List prescriptions with visits used and status
    List(RxListArgs),
    /// Show one prescription
    Show(ShowArgs),
    /// Renew, extend or widen a prescription; refused if recorded sessions would fall outside it
    Edit(Box<RxEditArgs>),
    /// Record a discharge: the prescription takes no visit after the date, and alerts stop
    Close(RxCloseArgs),
    /// Import a referral from the referrer's system: a FHIR R4 ServiceRequest
    /// (JSON), kept as the prescription's order
    Import(Box<RxImportArgs>),
}

/// What a prescription says of its prescriber besides name, NPI and phone.
#[derive(Debug, Args)]
pub struct PrescriberDetailArgs {
    /// Prescriber's credential: MD, DO, DC, NP, PA-C, DPM, DDS, PT, ... ('' removes it on edit)
    #[arg(long, value_name = "CRED")]
    pub credential: Option<String>,
    /// Prescriber's state licence number ('' removes it on edit)
    #[arg(long, value_name = "NUMBER")]
    pub license: Option<String>,
    /// Prescriber's fax, where a renewal request goes ('' removes it on edit)
    #[arg(long, value_name = "FAX")]
    pub prescriber_fax: Option<String>,
    /// Prescriber's office address ('' removes it on edit)
    #[arg(long, value_name = "TEXT")]
    pub prescriber_address: Option<String>,
}

/// The order itself kept on file (`--order FILE [--received DATE] [--source HOW]`).
#[derive(Debug, Args)]
pub struct OrderArgs {
    /// The signed order to keep on file (a scan, a fax, a referral's JSON):
    /// copied into the patient's orders/, with its SHA-256 in the prescription
    #[arg(long, value_name = "FILE")]
    pub order: Option<PathBuf>,
    /// The day the order arrived (default: today)
    #[arg(long, value_parser = parse_date, value_name = "DATE", requires = "order")]
    pub received: Option<NaiveDate>,
    /// How the order arrived
    #[arg(long, value_parser = parse_source, value_name = "HOW", requires = "order")]
    pub source: Option<OrderSource>,
}

fn parse_source(s: &str) -> std::result::Result<OrderSource, String> {
    OrderSource::parse(s).ok_or_else(|| {
        format!(
            "{} is not a way an order arrives; one of: {}",
            diag::quoted(s, "the value given"),
            OrderSource::names().join(", ")
        )
    })
}

/// An order named on the command line, read and ready to keep: the file,
/// and what the prescription records of it.
pub(super) struct GivenOrder {
    pub file: NewOrder,
    pub record: Order,
}

/// Why an order cannot take the place of the one recorded.
pub(super) enum Replaced {
    /// The file cannot be read.
    Read(Error),
    /// The flags the command line must give (`--received`, `--source`).
    Unsaid(Vec<&'static str>),
}

impl OrderArgs {
    pub(super) fn read(&self, today: NaiveDate) -> Result<Option<GivenOrder>> {
        match self.read_in_place_of(None, today) {
            Ok(o) => Ok(o),
            Err(Replaced::Read(e)) => Err(e),
            // Nothing recorded: nothing to say.
            Err(Replaced::Unsaid(_)) => Ok(None),
        }
    }

    /// The order named, to take the place of `recorded` (see
    /// `mmx::intake::order::arrival`: what it keeps, what it asks for).
    pub(super) fn read_in_place_of(
        &self,
        recorded: Option<&Order>,
        today: NaiveDate,
    ) -> std::result::Result<Option<GivenOrder>, Replaced> {
        let Some(path) = &self.order else {
            return Ok(None);
        };
        let file = NewOrder::read(path, self.received.unwrap_or(today)).map_err(Replaced::Read)?;
        let (received, source) =
            order::arrival(recorded, &file.sha256, self.received, self.source, today)
                .map_err(Replaced::Unsaid)?;
        let file = file.received_on(received);
        let record = file.record(received, source);
        Ok(Some(GivenOrder { file, record }))
    }
}

/// How a write names the flags of an order's fields.
pub(super) fn order_flag(field: &str) -> Option<String> {
    match field {
        "order.received" => Some("--received".into()),
        "order.source" => Some("--source".into()),
        f if f.starts_with("order.") => Some("--order".into()),
        _ => None,
    }
}
