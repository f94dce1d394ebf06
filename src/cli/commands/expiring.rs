//! `mmx expiring`: the prescriptions that need the doctor's renewal, one
//! actionable line each, for a morning cron job. Silent when nothing is due.

use clap::Args;
use mmx::alerts::{Alert, Thresholds, alerts};
use mmx::text;
use std::io::Write;

use chrono::NaiveDate;

use crate::args::ShowFormat;
use crate::config::Config;
use crate::out::{self, io_err};
use mmx::course::{AlertReason, expiry_words};
use mmx::error::{EXIT_OK, EXIT_REFUSED, Result};

use crate::args::parse_days;
use crate::args::parse_visits_left;

fn line(a: &Alert, today: NaiveDate) -> String {
    let reasons: Vec<&str> = a.reasons.iter().map(|r| r.as_str()).collect();
    let (when, date) = match a.course_ends {
        Some(end) => (
            match a.days_left {
                d if d > 0 => format!("course ends {}", expiry_words(d)),
                0 => "course ends today".to_string(),
                -1 => "course ended 1 day ago".to_string(),
                d => format!("course ended {} days ago", -d),
            },
            end,
        ),
        None if a.days_left > 0 => (format!("expires {}", expiry_words(a.days_left)), a.expires),
        None => (expiry_words(a.days_left), a.expires),
    };
    let p = &a.prescriber;
    let contact = match (&p.prescriber.phone, &p.prescriber.fax) {
        (Some(phone), Some(fax)) => format!("{} {phone} (fax {fax})", p.addressed),
        (Some(phone), None) => format!("{} {phone}", p.addressed),
        (None, Some(fax)) => format!("{} (fax {fax})", p.addressed),
        (None, None) => p.addressed.clone(),
    };
    let who = if a.name.trim().is_empty() {
        a.patient.clone()
    } else {
        format!("{} ({})", a.patient, a.name)
    };
    let report = match &a.report_due {
        Some(d) => {
            let since = match d.last_report {
                Some(date) => format!("since the report of {date}"),
                None => "and no report recorded".to_string(),
            };
            format!(
                "; progress report due ({} visit{} in {} days {since}: `mmx report {} --record`)",
                d.visits_since,
                if d.visits_since == 1 { "" } else { "s" },
                d.days_since,
                a.patient
            )
        }
        None => String::new(),
    };
    let screening = match &a.screening_due {
        Some(d) => {
            let state = match (d.last, d.current_until) {
                (Some(last), Some(until)) if until < today => {
                    format!("the screening of {last} was current until {until}")
                }
                (Some(last), Some(until)) => {
                    format!("the screening of {last} is current until {until}")
                }
                _ => "no screening on file".to_string(),
            };
            format!(
                "screen the patient{} before the next visit ({state}): `mmx patient screen {} --flag FLAG... | --none`",
                if d.last.is_some() { " again" } else { "" },
                a.patient
            )
        }
        None => String::new(),
    };
    let clearance = a.clearance_due.as_ref().map(|d| {
        let ends = if d.expires < today { "ended" } else { "ends" };
        format!(
            "ask {} to renew the clearance of {} for {}, which {ends} {} (`mmx patient clear {} --flag {} --by NAME --expires DATE`)",
            d.by,
            d.date,
            d.flags.join(", "),
            d.expires,
            a.patient,
            d.flags.join(" --flag ")
        )
    });
    // The prescriber is called for what the prescriber gives (a renewal,
    // visits, a report); a screening is the therapist's to take, and a
    // clearance the clearing doctor's to give.
    let call = a
        .reasons
        .iter()
        .any(|r| !matches!(r, AlertReason::ScreeningDue | AlertReason::ClearanceDue))
        .then(|| format!("call {contact}{report}"));
    let todo: Vec<String> = call
        .into_iter()
        .chain((!screening.is_empty()).then_some(screening))
        .chain(clearance)
        .collect();
    format!(
        "{}: {who} rx {} {when} ({date}), {} of {} visits left; {}",
        reasons.join(","),
        a.prescription,
        a.visits_left,
        a.visits,
        todo.join("; "),
    )
}

/// Exit 1 when something is due, or when a file could not be read (a
/// prescription's visits may then be miscounted: cron mails the warning).
pub fn run(
    config: &Config,
    args: ExpiringArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<u8> {
    let practice = config.practice()?;
    let t = Thresholds {
        within_days: args
            .within
            .unwrap_or(practice.settings.alerts.within_days)
            .into(),
        visits_left: args
            .visits_left
            .unwrap_or(practice.settings.alerts.visits_left),
    };
    let (found, skipped) = alerts(&practice, config.today, &t)?;
    out::skipped(err, &skipped)?;
    match args.format {
        ShowFormat::Json => out::json(out, &found)?,
        ShowFormat::Text => {
            let mut out = out::Wrapping::new(out, out::stdout_width());
            for a in &found {
                writeln!(out, "{}", text::clean(&line(a, config.today))).map_err(io_err)?;
            }
        }
    }
    Ok(if found.is_empty() && skipped.is_empty() {
        EXIT_OK
    } else {
        EXIT_REFUSED
    })
}

#[derive(Debug, Args)]
pub struct ExpiringArgs {
    /// Days ahead (and back, for lapsed ones) to look (default: [alerts] within_days, else 14)
    #[arg(long, value_name = "DAYS", value_parser = parse_days)]
    pub within: Option<u32>,
    /// Flag prescriptions with N or fewer visits left (default: [alerts] visits_left, else 1)
    #[arg(long, value_name = "N", value_parser = parse_visits_left)]
    pub visits_left: Option<u32>,
    /// Output: text for people, or JSON for scripts
    #[arg(long, value_enum, default_value_t = ShowFormat::Text)]
    pub format: ShowFormat,
}
