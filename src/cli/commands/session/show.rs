//! `mmx session show`.

use super::list::pain;
use super::{not_found, session_file};
use crate::args::{ShowArgs, ShowFormat};
use crate::config::Config;
use crate::out::{self, KeyValues};
use mmx::check::review;
use mmx::error::{EXIT_OK, Error, Result};
use mmx::model::RecordKind;
use mmx::practice::Practice;
use mmx::vocab::measures;
use std::io::Write;

pub(super) fn show(
    practice: &Practice,
    config: &Config,
    args: ShowArgs,
    out: &mut dyn Write,
) -> Result<u8> {
    let (patient, id) = practice.locate_record(RecordKind::Session, &args.id)?;
    let (patient, id) = (patient.as_str(), id.as_str());
    let review = review::patient(practice, config.today, patient)?;
    let rel = session_file(patient, id);
    let Some(s) = review.folder.sessions.iter().find(|s| s.file == rel) else {
        if review.skipped().contains(&rel) {
            return Err(Error::Records(format!(
                "session `{}` cannot be read until the errors in {rel} are fixed\n  hint: `mmx check` shows where",
                args.id
            )));
        }
        return Err(not_found(&args.id, patient));
    };
    let s = &s.rec;
    match args.format {
        ShowFormat::Json => out::json(out, &s.to_json())?,
        ShowFormat::Text => {
            let mut f = KeyValues::default();
            f.add("id", &s.id)
                .add("patient", &s.patient)
                .add("prescription", &s.prescription)
                .add("date", s.date)
                .opt("start", s.start.map(|t| t.format("%H:%M")))
                .opt("minutes", s.minutes)
                .add("status", s.status_word())
                .opt("therapist", s.therapist.as_ref())
                .list("regions", &s.regions)
                .list("techniques", &s.techniques)
                .opt("pain", Some(pain(s)).filter(|p| !p.is_empty()))
                .opt("override", s.override_reason.as_ref())
                .opt("subjective", s.soap.subjective.as_ref())
                .opt("objective", s.soap.objective.as_ref())
                .opt("assessment", s.soap.assessment.as_ref())
                .opt("plan", s.soap.plan.as_ref());
            for m in &s.measures {
                f.add(
                    "measure",
                    format!("{}={}", m.key.written(), measures::number(m.value)),
                );
            }
            for h in &s.home_care {
                f.add("home care", h.written());
            }
            f.opt("adherence", s.adherence.map(|a| a.as_str()));
            for a in &s.amendments {
                let by = a.by.as_ref().map(|b| format!(" ({b})")).unwrap_or_default();
                f.add("amended", format!("{}{by}: {}", a.date, a.note));
            }
            for o in &s.overrides {
                let by = o.by.as_ref().map(|b| format!(" ({b})")).unwrap_or_default();
                f.add(
                    "overridden",
                    format!("{}{by} for {}: {}", o.date, o.findings.join(", "), o.reason),
                );
            }
            if let Some(v) = &s.void {
                let by = v.by.as_ref().map(|b| format!(" ({b})")).unwrap_or_default();
                f.add("voided", format!("{}{by}: {}", v.date, v.reason));
            }
            f.write(out)?;
        }
    }
    Ok(EXIT_OK)
}
