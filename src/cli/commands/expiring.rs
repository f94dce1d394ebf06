//! `mmx expiring`: the prescriptions that need the doctor's renewal, one
//! actionable line each, for a morning cron job. Silent when nothing is due.

use clap::Args;
use mmx::check::review;
use mmx::course;
use mmx::text;
use std::io::Write;

use chrono::NaiveDate;
use serde::Serialize;

use crate::args::ShowFormat;
use crate::config::Config;
use crate::out::{self, io_err};
use mmx::course::expiry_words;
use mmx::error::{EXIT_OK, EXIT_REFUSED, Result};
use mmx::practice::Practice;

use crate::args::parse_days;
use crate::args::parse_visits_left;
pub use mmx::course::AlertReason as Reason;

#[derive(Debug, Clone, Serialize)]
pub struct PrescriberContact {
    pub name: String,
    /// As a person calls them (`Dr. Priya Raman`).
    pub addressed: String,
    pub npi: Option<String>,
    pub phone: Option<String>,
    /// Where a renewal request goes.
    pub fax: Option<String>,
}

/// One flagged prescription.
#[derive(Debug, Clone, Serialize)]
pub struct Alert {
    pub patient: String,
    pub name: String,
    pub prescription: String,
    pub expires: NaiveDate,
    /// The course's last day, when its weeks end before the expiry
    /// (`course-ending`, `course-ended`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub course_ends: Option<NaiveDate>,
    /// Days from today to the last day (the expiry, or the course's end
    /// when earlier); negative once past it.
    pub days_left: i64,
    pub visits_left: u32,
    pub visits: u32,
    pub prescriber: PrescriberContact,
    pub reasons: Vec<Reason>,
    /// With `report-due`: visits and days since the last recorded report.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub report_due: Option<course::ReportDue>,
    /// With `screening-due`: the latest health screening and how long it is current.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub screening_due: Option<course::ScreeningDue>,
}

impl Alert {
    /// Lapsed care first, then care that cannot continue (no visits left),
    /// then the soonest expiry, then the fewest visits left.
    fn urgency(&self) -> (bool, i64, u32, &str, &str) {
        let blocked_in = if self.visits_left == 0 {
            self.days_left.min(0)
        } else {
            self.days_left
        };
        (
            self.days_left >= 0,
            blocked_in,
            self.visits_left,
            &self.patient,
            &self.prescription,
        )
    }
}

pub struct Thresholds {
    pub within_days: i64,
    pub visits_left: u32,
}

/// Every prescription of the practice that is expiring, low on visits (a
/// used-up one only while its last visit is recent), or recently expired
/// with visits unused; never a closed one, nor one a renewal carries on
/// ([`course::alert_reasons`]).
/// Also the files left out because they cannot be read (their visits are
/// not counted, so an alert may be missing: the caller says so).
pub fn alerts(
    practice: &Practice,
    today: NaiveDate,
    t: &Thresholds,
) -> Result<(Vec<Alert>, Vec<String>)> {
    let rules = &practice.settings.rules;
    let per_patient = review::each_patient(practice, today, |review| {
        let skipped = review.skipped();
        let folder = review.folder;
        let mut out = Vec::new();
        let name = folder
            .patient
            .as_ref()
            .map(|p| p.rec.name.clone())
            .unwrap_or_default();
        for rx in &folder.prescriptions {
            let r = &rx.rec;
            let expires = r.expiry(rules);
            let last = course::last_day(&folder, r, rules);
            let days_left = (last - today).num_days();
            let used = course::visits_used(&folder, &r.id);
            let visits_left = r.visits.saturating_sub(used);
            let reasons =
                course::alert_reasons(&folder, r, rules, today, t.within_days, t.visits_left);
            if reasons.is_empty() {
                continue;
            }
            out.push(Alert {
                patient: folder.id.clone(),
                name: name.clone(),
                prescription: r.id.clone(),
                expires,
                course_ends: (last < expires).then_some(last),
                days_left,
                visits_left,
                visits: r.visits,
                prescriber: PrescriberContact {
                    name: r.prescriber.name.clone(),
                    addressed: r.prescriber.addressed(),
                    npi: r.prescriber.npi.clone(),
                    phone: r.prescriber.phone.clone(),
                    fax: r.prescriber.fax.clone(),
                },
                report_due: reasons
                    .contains(&Reason::ReportDue)
                    .then(|| course::report_due(&folder, r, rules, today))
                    .flatten(),
                screening_due: reasons
                    .contains(&Reason::ScreeningDue)
                    .then(|| course::screening_due(&folder, rules, today, t.within_days))
                    .flatten(),
                reasons,
            });
        }
        (out, skipped)
    })?;
    let mut skipped = Vec::new();
    let mut out: Vec<Alert> = Vec::new();
    for (alerts, files) in per_patient {
        out.extend(alerts);
        skipped.extend(files);
    }
    out.sort_by(|a, b| a.urgency().cmp(&b.urgency()));
    Ok((out, skipped))
}

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
    let contact = match (&p.phone, &p.fax) {
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
                "screen the patient again before the next visit ({state}): `mmx patient screen {} --flag FLAG... | --none`",
                a.patient
            )
        }
        None => String::new(),
    };
    // The prescriber is called for what the prescriber gives (a renewal,
    // visits, a report); a screening is the therapist's to take.
    let call = a
        .reasons
        .iter()
        .any(|r| *r != Reason::ScreeningDue)
        .then(|| format!("call {contact}{report}"));
    let todo: Vec<String> = call
        .into_iter()
        .chain((!screening.is_empty()).then_some(screening))
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
