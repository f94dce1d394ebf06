//! The command line, and nothing else: every flag and its help text. Kept free
//! of behaviour so completions and a man page can be generated from it: the
//! only things it uses besides clap are the grammar of the values it reads
//! (dates, times, ids). Completion candidates from the practice are attached
//! by `commands::completions`, which asks the core.

use clap::builder::PossibleValuesParser;
use mmx::diag;
use mmx::model;
use mmx::values;
use mmx::vocab::flags::{flag_ids, red_flag_ids};
use std::path::PathBuf;

use chrono::{NaiveDate, NaiveTime};
use clap::{Args, Parser, Subcommand, ValueEnum};

use mmx::model::Gender;

use crate::commands::check::CheckArgs;
use crate::commands::completions::{CompletionsArgs, ManArgs};
use crate::commands::expiring::ExpiringArgs;
use crate::commands::export::ExportCommand;
use crate::commands::fmt::FmtArgs;
use crate::commands::hook::HookCommand;
use crate::commands::init::InitArgs;
use crate::commands::patient::PatientCommand;
use crate::commands::report::ReportArgs;
use crate::commands::rx::RxCommand;
use crate::commands::schema::SchemaArgs;
use crate::commands::session::SessionCommand;
use crate::commands::vocab::VocabArgs;

/// mmx keeps a medical-massage practice's records as plain TOML files and
/// proves that every session stayed within its prescription.
#[derive(Debug, Parser)]
#[command(name = "mmx", version, about, long_about = None, max_term_width = 100)]
#[command(
    after_help = "Exit status: 0 success or clean, 1 the records say no, 2 the command line or environment is wrong."
)]
pub struct Cli {
    /// The practice folder (default: MMX_DIR, else the nearest folder
    /// upwards holding mmx.toml)
    #[arg(
        long,
        global = true,
        value_name = "DIR",
        help_heading = "Global options"
    )]
    pub dir: Option<PathBuf>,

    /// The date taken as today by every rule and report, YYYY-MM-DD
    /// (default: MMX_TODAY, else the computer's date)
    #[arg(long, global = true, value_name = "DATE", value_parser = parse_date, help_heading = "Global options")]
    pub today: Option<NaiveDate>,

    /// When to colour output
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN", help_heading = "Global options")]
    pub color: ColorChoice,

    /// For a command that adds or changes a record: print each file it
    /// would write, and its findings, and write nothing
    #[arg(long, global = true, help_heading = "Global options")]
    pub dry_run: bool,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// Colour on a terminal, unless NO_COLOR is set
    Auto,
    Always,
    Never,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create a practice: the folder, mmx.toml and patients/
    Init(InitArgs),
    /// Patients: add, list, show, edit, and import from a CSV file
    #[command(subcommand)]
    Patient(PatientCommand),
    /// Prescriptions (also `mmx prescription`): add, list, show, edit, and close at discharge
    #[command(subcommand, alias = "prescription")]
    Rx(RxCommand),
    /// Sessions: add, list, show, amend, override a finding with a reason, and void
    #[command(subcommand)]
    Session(SessionCommand),
    /// Check every record and every session against its prescription (in
    /// the folder, or what git holds: --staged, --rev)
    Check(CheckArgs),
    /// A progress report for the prescribing doctor: a one-page letter (outcomes against
    /// the targets, compliance, your recommendation) and the session log as an appendix
    Report(ReportArgs),
    /// Flag prescriptions that expire soon, are low on visits, or lapsed unused: for cron (silent and exit 0 when nothing is due, exit 1 when something is)
    Expiring(ExpiringArgs),
    /// List the regions and techniques this practice accepts
    Vocab(VocabArgs),
    /// Print the JSON Schemas of the record files and mmx.toml, with this
    /// practice's regions and techniques, for editors (taplo, Even Better
    /// TOML); with --out write them (`mmx schema --out .mmx/schema`
    /// refreshes the ones `init` wrote)
    Schema(SchemaArgs),
    /// Export records for other systems
    #[command(subcommand)]
    Export(ExportCommand),
    /// Bring hand-edited records to the form mmx writes: vocabulary terms as
    /// mmx spells them (`Left Knee` is `left-knee`) and keys in mmx's order,
    /// comments and layout kept; through the gate, so no change adds an error
    Fmt(FmtArgs),
    /// Git hooks that check commits, merges and pushes: install them, and
    /// the check a clinic's shared remote runs
    #[command(subcommand)]
    Hook(HookCommand),
    /// Print the shell completion script (bash, zsh, fish, elvish, powershell)
    Completions(CompletionsArgs),
    /// Print the manual page (roff) on stdout, or with --out write one page
    /// for mmx and one for each subcommand (`man mmx-session-add`)
    Man(ManArgs),
}

/// What no session may do, on a prescription or (for every prescription)
/// a patient's record: `rx edit` and `patient edit` change the lists.
#[derive(Debug, Args)]
pub struct AvoidArgs {
    /// A body region no session may treat, nor any region inside it or group holding it (repeatable)
    #[arg(long = "avoid-region", value_name = "REGION")]
    pub avoid_regions: Vec<String>,
    /// Take a region off the avoided ones (repeatable)
    #[arg(long = "remove-avoid-region", value_name = "REGION")]
    pub remove_avoid_regions: Vec<String>,
    /// A technique no session may use (repeatable)
    #[arg(long = "avoid-technique", value_name = "TECHNIQUE")]
    pub avoid_techniques: Vec<String>,
    /// Take a technique off the avoided ones (repeatable)
    #[arg(long = "remove-avoid-technique", value_name = "TECHNIQUE")]
    pub remove_avoid_techniques: Vec<String>,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// Output: a table for people, or JSON for scripts
    #[arg(long, value_enum, default_value_t = ListFormat::Table)]
    pub format: ListFormat,
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// The record's id (for a session: PATIENT/SESSION)
    pub id: String,
    /// Output: text for people, or JSON for scripts
    #[arg(long, value_enum, default_value_t = ShowFormat::Text)]
    pub format: ShowFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    Table,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ShowFormat {
    Text,
    Json,
}

pub(crate) fn parse_delimiter(s: &str) -> Result<u8, String> {
    match s {
        "," | "comma" => Ok(b','),
        ";" | "semicolon" => Ok(b';'),
        _ => Err(format!(
            "{} is not a delimiter mmx reads; use `,` or `;`",
            shown(s)
        )),
    }
}

/// A whole number from `min` to `max`, in words that say what was wrong
/// (`ten`, `2w`, `700`): "expects a whole number of minutes from 1 to 600,
/// got `700`".
pub(crate) fn whole(s: &str, min: u32, max: u32, of: &str) -> Result<u32, String> {
    match s.trim().parse::<i64>() {
        Ok(n) if (i64::from(min)..=i64::from(max)).contains(&n) => Ok(n as u32),
        _ => Err(format!(
            "expects a whole number{of} from {min} to {max}, got {}",
            shown(s)
        )),
    }
}

pub(crate) fn parse_visits(s: &str) -> Result<u32, String> {
    whole(s, 1, 10_000, " of visits")
}

pub(crate) fn parse_visits_left(s: &str) -> Result<u32, String> {
    whole(s, 0, 10_000, " of visits")
}

/// A course's length in weeks (`--weeks`).
pub(crate) fn parse_weeks(s: &str) -> Result<u32, String> {
    whole(s, 1, 520, " of weeks")
}

pub(crate) fn parse_minutes(s: &str) -> Result<u32, String> {
    whole(s, 1, 600, " of minutes")
}

pub(crate) fn parse_days(s: &str) -> Result<u32, String> {
    whole(s, 0, 3650, " of days")
}

/// Pain on the 0-10 numeric rating scale.
pub(crate) fn parse_pain(s: &str) -> Result<u8, String> {
    s.trim()
        .parse::<u8>()
        .ok()
        .filter(|n| *n <= 10)
        .ok_or_else(|| {
            format!(
                "expects a whole number from 0 (no pain) to 10 (the worst imaginable), got {}",
                shown(s)
            )
        })
}

/// Flags people reach for, the flag mmx has for what they mean (clap's own
/// suggestion goes by spelling: `--duration` is not `--region`), and the
/// tip that says so.
const MEANT: &[(&[&str], &str, &str)] = &[
    (
        &["--duration", "--length", "--mins"],
        "--minutes",
        "the session's length is '--minutes N'",
    ),
    (
        &["--time", "--at", "--start-time"],
        "--start",
        "the time it starts is '--start HH:MM'",
    ),
    (
        &["--notes", "--note", "--soap"],
        "--subjective",
        "each part of the SOAP note has its flag: '--subjective', '--objective', '--assessment', '--plan'",
    ),
    (
        &["--birthday", "--born", "--birthdate"],
        "--birth-date",
        "the date of birth is '--birth-date YYYY-MM-DD'",
    ),
    (
        &["--doctor", "--physician", "--referrer"],
        "--prescriber",
        "the prescribing doctor is '--prescriber NAME'",
    ),
    (
        &["--area", "--body-part", "--site", "--regions"],
        "--region",
        "each body region is one '--region REGION'",
    ),
    (
        &["--modality", "--techniques", "--treatment"],
        "--technique",
        "each technique is one '--technique TECHNIQUE'",
    ),
    (
        &["--pain"],
        "--pain-before",
        "pain is '--pain-before N' and '--pain-after N', 0-10",
    ),
    (
        &["--sessions", "--count"],
        "--visits",
        "the number of visits prescribed is '--visits N'",
    ),
    (
        &["--icd", "--icd10", "--dx", "--code"],
        "--diagnosis",
        "an ICD-10-CM code is '--diagnosis CODE'",
    ),
    (
        &["--expiry", "--expiration", "--valid-until"],
        "--expires",
        "the last day it is valid is '--expires YYYY-MM-DD'",
    ),
    (
        &["--days", "--in"],
        "--within",
        "how many days ahead to look is '--within DAYS'",
    ),
    (
        &["--output-file", "--out", "--file"],
        "--output",
        "the file to write is '-o FILE'",
    ),
    (
        &["--mobile", "--cell", "--tel", "--telephone"],
        "--phone",
        "a phone number is '--phone NUMBER'",
    ),
    (
        &["--from", "--after", "--start-date"],
        "--since",
        "the first day is '--since YYYY-MM-DD'",
    ),
    (
        &["--to", "--before", "--end-date"],
        "--until",
        "the last day is '--until YYYY-MM-DD'",
    ),
];

/// For an unknown flag given to `cmd`: the flag it has for what was meant,
/// and the words to say so; or, for `--html` and the like, `--format`.
pub fn meant(cmd: &clap::Command, given: &str) -> Option<String> {
    let given = given.split('=').next().unwrap_or(given);
    let has = |flag: &str| {
        cmd.get_arguments()
            .any(|a| a.get_long().is_some_and(|l| format!("--{l}") == flag))
    };
    if let Some(format) = cmd.get_arguments().find(|a| a.get_long() == Some("format")) {
        let wanted = given.trim_start_matches('-');
        if format
            .get_possible_values()
            .iter()
            .any(|v| v.matches(wanted, true))
        {
            return Some(format!("a format is chosen with '--format {wanted}'"));
        }
    }
    MEANT
        .iter()
        .find(|(words, flag, _)| words.contains(&given) && has(flag))
        .map(|(_, _, tip)| tip.to_string())
}

/// A date, or none (`''`, to remove one).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MaybeDate(pub Option<NaiveDate>);

pub(crate) fn parse_date_or_empty(s: &str) -> Result<MaybeDate, String> {
    if s.trim().is_empty() {
        Ok(MaybeDate(None))
    } else {
        parse_date(s).map(|d| MaybeDate(Some(d)))
    }
}

/// A gender flag's value, or '' (remove it).
#[derive(Debug, Clone, Copy)]
pub struct MaybeGender(pub Option<Gender>);

pub(crate) fn parse_gender_or_empty(s: &str) -> Result<MaybeGender, String> {
    if s.trim().is_empty() {
        Ok(MaybeGender(None))
    } else {
        parse_gender(s).map(|g| MaybeGender(Some(g)))
    }
}

/// A gender as [`Gender::parse`] reads it, in any case (`Female`); the file
/// gets its code. The value is not repeated: it may be the patient's own words.
pub fn parse_gender(s: &str) -> Result<Gender, String> {
    Gender::parse(&s.trim().to_lowercase()).ok_or_else(|| format!("not a gender; {}", Gender::RULE))
}

/// A red flag of the screening's vocabulary, as clap checks, lists and
/// completes it (`mmx vocab` shows what each requires).
pub fn red_flag() -> PossibleValuesParser {
    PossibleValuesParser::new(flag_ids())
}

/// A red flag, not `none`: what `patient clear --flag` covers and
/// `session add --health-change-flag` names, so clap neither lists nor
/// completes the screening's `none` where the record refuses it.
pub fn named_red_flag() -> PossibleValuesParser {
    PossibleValuesParser::new(red_flag_ids())
}

pub fn parse_date(s: &str) -> Result<NaiveDate, String> {
    use mmx::intake::dates::{self, Reading};
    NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|_| {
        // A date written another way is offered as it would be written.
        let offer = match dates::read(s) {
            Reading::Date(d) => format!("use YYYY-MM-DD: {d}"),
            Reading::DayMonth {
                mdy: Some(m),
                dmy: Some(d),
            } if m != d => {
                format!("use YYYY-MM-DD: {m} if the month comes first, {d} if the day does")
            }
            Reading::DayMonth { mdy: Some(d), .. } | Reading::DayMonth { dmy: Some(d), .. } => {
                format!("use YYYY-MM-DD: {d}")
            }
            _ => "use YYYY-MM-DD, e.g. 2026-03-14".to_string(),
        };
        format!("{} is not a date; {offer}", shown(s))
    })
}

pub(crate) fn parse_time(s: &str) -> Result<NaiveTime, String> {
    NaiveTime::parse_from_str(s, "%H:%M").map_err(|_| {
        format!(
            "{} is not a time; use HH:MM (24-hour), e.g. 09:30",
            shown(s)
        )
    })
}

/// A UTC offset as a record keeps it (`-06:00`).
pub(crate) fn parse_utc_offset(s: &str) -> Result<String, String> {
    values::utc_offset(s).map(|_| s.to_string()).ok_or_else(|| {
        format!(
            "{} is not a UTC offset; {}",
            shown(s),
            values::UTC_OFFSET_RULE
        )
    })
}

pub(crate) fn parse_frequency(s: &str) -> Result<model::Frequency, String> {
    model::Frequency::read(s).map_err(|why| {
        format!(
            "{} is not a frequency mmx can check ({why}); write {}",
            shown(s),
            model::Frequency::GRAMMAR
        )
    })
}

/// A patient as named on the command line: an id, or a name (with which
/// mmx says the ids it may mean); never empty, never a control character.
pub(crate) fn parse_patient(s: &str) -> Result<String, String> {
    if s.trim().is_empty() || s.chars().any(char::is_control) || s.len() > 200 {
        return Err(
            "expects a patient's id (or name), e.g. jose-nunez-1975; `mmx patient list` shows them"
                .to_string(),
        );
    }
    Ok(s.to_string())
}

pub fn parse_id(s: &str) -> Result<String, String> {
    if values::is_slug(s) {
        Ok(s.to_string())
    } else {
        Err(format!("{} is not an id: {}", shown(s), values::SLUG_RULE))
    }
}

/// A flag's value as a message may quote it (see `diag::quoted`).
fn shown(s: &str) -> String {
    diag::quoted(s, "the value")
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_is_well_formed() {
        Cli::command().debug_assert();
    }
}

#[cfg(test)]
mod help_tests {
    use clap::CommandFactory;

    /// Every flag and argument says what it takes and in what form.
    #[test]
    fn every_argument_has_help() {
        fn walk(cmd: &clap::Command, path: &str, missing: &mut Vec<String>) {
            for a in cmd.get_arguments() {
                let id = a.get_id().as_str();
                if id == "help" || id == "version" || a.is_hide_set() {
                    continue;
                }
                if a.get_help().is_none() {
                    missing.push(format!("{path} {id}"));
                }
            }
            for s in cmd.get_subcommands() {
                if s.get_about().is_none() {
                    missing.push(format!("{path} {} (no about)", s.get_name()));
                }
                walk(s, &format!("{path} {}", s.get_name()), missing);
            }
        }
        let mut missing = Vec::new();
        walk(&super::Cli::command(), "mmx", &mut missing);
        assert!(missing.is_empty(), "no help text:\n{}", missing.join("\n"));
    }
}
