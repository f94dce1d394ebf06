//! `mmx session list`.

use crate::args::ListFormat;
use crate::args::parse_date;
use crate::args::parse_id;
use crate::args::parse_patient;
use crate::config::Config;
use crate::out::{self};
use chrono::NaiveDate;
use clap::Args;
use mmx::check::review;
use mmx::error::{EXIT_OK, Error, Result};
use mmx::model::Session;
use mmx::practice::Practice;
use std::io::Write;

pub(super) fn list(
    practice: &Practice,
    config: &Config,
    args: SessionListArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<u8> {
    if let (Some(since), Some(until)) = (args.since, args.until)
        && since > until
    {
        return Err(Error::Usage(format!(
            "--since {since} is after --until {until}: no session could be listed; give the earlier date to --since"
        )));
    }
    let reviews = match &args.patient {
        Some(id) => vec![review::patient(practice, config.today, id)?],
        None => review::each_patient(practice, config.today, |r| r)?,
    };
    // An unknown prescription is not found, as an unknown patient is: not
    // an empty listing.
    if let Some(rx) = &args.rx
        && !reviews.iter().any(|r| {
            r.folder.prescription(rx).is_some()
                || r.folder.unreadable_prescriptions.contains(rx)
                || r.folder.sessions.iter().any(|s| s.rec.prescription == *rx)
        })
    {
        return Err(Error::NotFound {
            what: "prescription",
            id: rx.clone(),
            hint: match &args.patient {
                Some(p) => format!("`mmx rx list --patient {p}` shows them"),
                None => "`mmx rx list` shows them".into(),
            },
        });
    }
    let mut sessions: Vec<Session> = Vec::new();
    for review in reviews {
        out::skipped(err, &review.skipped())?;
        sessions.extend(
            review
                .folder
                .sessions
                .into_iter()
                .map(|s| s.rec)
                .filter(|s| {
                    args.rx.as_ref().is_none_or(|rx| s.prescription == *rx)
                        && args.since.is_none_or(|d| s.date >= d)
                        && args.until.is_none_or(|d| s.date <= d)
                }),
        );
    }
    sessions.sort_by(|a, b| {
        (&a.patient, a.date, a.start, &a.id).cmp(&(&b.patient, b.date, b.start, &b.id))
    });
    match args.format {
        ListFormat::Json => {
            let shown: Vec<serde_json::Value> = sessions.iter().map(Session::to_json).collect();
            out::json(out, &shown)?
        }
        ListFormat::Table => {
            let rows: Vec<Vec<String>> = sessions
                .iter()
                .map(|s| {
                    vec![
                        s.patient.clone(),
                        s.id.clone(),
                        s.date.to_string(),
                        s.minutes.map(|m| m.to_string()).unwrap_or_default(),
                        s.status_word().to_string(),
                        s.prescription.clone(),
                        s.regions.join(", "),
                        s.techniques.join(", "),
                        pain(s),
                    ]
                })
                .collect();
            use out::Col::{Detail, Id, Key, Text};
            // One patient's sessions: the patient is said once, by the flag.
            let skip = usize::from(args.patient.is_some());
            let rows = rows.into_iter().map(|r| r[skip..].to_vec()).collect();
            // The date is the last to go, the status before it, and only
            // when every id shown starts with its date, as an id mmx makes
            // does (one chosen with `--id` may not).
            let dated = sessions
                .iter()
                .all(|s| s.id.starts_with(&s.date.to_string()));
            out::table(
                out,
                &[
                    Id("patient"),
                    Id("id"),
                    if dated {
                        Detail("date", 9)
                    } else {
                        Key("date")
                    },
                    Detail("min", 3),
                    Detail("status", 8),
                    Detail("rx", 4),
                    Text("regions"),
                    Text("techniques"),
                    Detail("pain", 2),
                ][skip..],
                rows,
            )?;
        }
    }
    Ok(EXIT_OK)
}

pub(super) fn pain(s: &Session) -> String {
    let show = |p: Option<u8>| p.map_or("-".to_string(), |p| p.to_string());
    if s.pain_before.is_none() && s.pain_after.is_none() {
        String::new()
    } else {
        format!("{} -> {}", show(s.pain_before), show(s.pain_after))
    }
}

#[derive(Debug, Args)]
pub struct SessionListArgs {
    /// Only this patient's sessions
    #[arg(long, value_parser = parse_patient, value_name = "PATIENT")]
    pub patient: Option<String>,
    /// Only the sessions of this prescription
    #[arg(long, value_parser = parse_id, value_name = "RX")]
    pub rx: Option<String>,
    /// Only sessions on or after DATE
    #[arg(long, value_parser = parse_date, value_name = "DATE")]
    pub since: Option<NaiveDate>,
    /// Only sessions on or before DATE
    #[arg(long, value_parser = parse_date, value_name = "DATE")]
    pub until: Option<NaiveDate>,
    /// Output: a table for people, or JSON for scripts
    #[arg(long, value_enum, default_value_t = ListFormat::Table)]
    pub format: ListFormat,
}
