//! `mmx patient show`: the patient, their prescriptions and sessions.

use crate::args::{ShowArgs, ShowFormat};
use crate::config::Config;
use crate::out::{self, KeyValues};
use mmx::check::review;
use mmx::check::safety::letter_line;
use mmx::course;
use mmx::course::RxState;
use mmx::error::{EXIT_OK, Error, Result};
use mmx::model;
use mmx::model::Patient;
use mmx::outcomes;
use mmx::practice::Practice;
use mmx::vocab::measures;
use serde::Serialize;
use std::io::Write;

/// A patient as JSON: the record's fields, then its prescriptions and its
/// sessions each in the shape `rx show` and `session show` give.
#[derive(Serialize)]
pub(super) struct PatientView<'a> {
    #[serde(flatten)]
    patient: &'a Patient,
    prescriptions: Vec<course::RxJson<'a>>,
    sessions: Vec<serde_json::Value>,
    /// Each measure's series over all the patient's completed visits.
    measures: Vec<outcomes::Series>,
}

pub(super) fn show(
    practice: &Practice,
    config: &Config,
    args: ShowArgs,
    out: &mut dyn Write,
) -> Result<u8> {
    let review = review::patient(practice, config.today, &args.id)?;
    let folder = &review.folder;
    let Some(patient) = &folder.patient else {
        return Err(Error::Records(format!(
            "patient `{}` has a broken patient.toml; run `mmx check` to see why",
            args.id
        )));
    };
    let p = &patient.rec;
    let rules = &practice.settings.rules;
    let prescriptions: Vec<RxState> = folder
        .prescriptions
        .iter()
        .map(|rx| course::of(&rx.rec, folder, rules, config.today))
        .collect();
    let mut visits: Vec<&model::Session> = folder.sessions.iter().map(|s| &s.rec).collect();
    visits.sort_by(|a, b| (a.date, a.start, &a.id).cmp(&(b.date, b.start, &b.id)));
    let measures = outcomes::series(&visits, &practice.vocab);
    match args.format {
        ShowFormat::Json => out::json(
            out,
            &PatientView {
                patient: p,
                prescriptions: prescriptions
                    .iter()
                    .zip(&folder.prescriptions)
                    .map(|(s, rx)| s.json(&rx.rec))
                    .collect(),
                sessions: {
                    let mut sessions: Vec<&model::Session> =
                        folder.sessions.iter().map(|s| &s.rec).collect();
                    sessions
                        .sort_by(|a, b| (a.date, a.start, &a.id).cmp(&(b.date, b.start, &b.id)));
                    sessions.iter().map(|s| s.to_json()).collect()
                },
                measures,
            },
        )?,
        ShowFormat::Text => {
            let mut f = KeyValues::default();
            f.add("id", &p.id)
                .add("name", &p.name)
                .opt("birth date", p.birth_date)
                .opt("gender", p.gender.map(|g| g.as_str()));
            for key in Patient::TEXTS.into_iter().filter(|k| *k != "notes") {
                f.opt(&key.replace('_', " "), p.text(key));
            }
            f.list("contraindications", &p.contraindications)
                .list("avoid regions", &p.avoid_regions)
                .list("avoid techniques", &p.avoid_techniques)
                .opt("notes", p.notes.as_ref());
            if let Some(line) = letter_line(folder, config.today) {
                f.add("screening", line);
            }
            for c in &p.consents {
                let regions = if c.regions.is_empty() {
                    String::new()
                } else {
                    format!(" ({})", c.regions.join(", "))
                };
                let withdrawn = c
                    .withdrawn
                    .map_or_else(String::new, |w| format!(", withdrawn {w}"));
                f.add(
                    "consent",
                    format!(
                        "{}{regions} {}, per {}{withdrawn}",
                        c.scope.as_str(),
                        c.date,
                        c.per.as_str()
                    ),
                );
            }
            for rx in &prescriptions {
                f.add(
                    "prescription",
                    format!(
                        "{}  {}..{}  {}/{} visits  {}",
                        rx.id,
                        rx.issued,
                        rx.expires,
                        rx.used,
                        rx.visits,
                        rx.status.as_str()
                    ),
                );
            }
            f.add("sessions", folder.sessions.len());
            for m in &measures {
                let values: Vec<String> =
                    m.points.iter().map(|p| measures::number(p.value)).collect();
                let first = m.points.first().map(|p| p.date);
                let last = m.points.last().map(|p| p.date);
                let when = match (first, last) {
                    (Some(f), Some(l)) if f != l => format!("{f} to {l}"),
                    (Some(f), _) => f.to_string(),
                    _ => String::new(),
                };
                f.add(
                    "measure",
                    format!(
                        "{}: {}{} ({when})",
                        m.label,
                        values.join(" -> "),
                        outcomes::unit_after(&m.unit),
                    ),
                );
            }
            f.write(out)?;
            let skipped = review.skipped();
            if !skipped.is_empty() {
                f = KeyValues::default();
                f.add("not read", skipped.join(", "));
                f.write(out)?;
            }
        }
    }
    Ok(EXIT_OK)
}
