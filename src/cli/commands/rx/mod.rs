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
use mmx::intake::order::NewOrder;
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
use mmx::error::Result;
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

impl OrderArgs {
    pub(super) fn read(&self, today: NaiveDate) -> Result<Option<GivenOrder>> {
        let Some(path) = &self.order else {
            return Ok(None);
        };
        let received = self.received.unwrap_or(today);
        let file = NewOrder::read(path, received)?;
        let record = file.record(received, self.source);
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
