//! A screening, a clearance or a consent added to a patient's record: an
//! entry appended after the last byte of `patient.toml` (every byte already
//! written stays, as for a session's amendments), through the gate.

use chrono::NaiveDate;

use crate::check::pending::{FlagOf, Pending};
use crate::diag::Diagnostic;
use crate::error::{Error, Result};
use crate::intake::order::NewOrder;
use crate::model::ConsentScope;
use crate::practice::store::CreateOutcome;
use crate::practice::{PATIENTS_DIR, Practice};
use crate::records::editor;
use crate::records::editor::Setting;

/// Appends `entry` (a `[[screenings]]`, `[[clearances]]` or `[[consents]]`
/// table as the writer renders it) to patient `id`'s record, if the gate
/// admits the result; returns the warnings it found on the record. `keep`:
/// the document the entry names (a clearance's letter), put in the
/// patient's `orders/` first as a prescription's order is, and taken back
/// if the entry is refused.
pub fn append_to_patient(
    practice: &Practice,
    today: NaiveDate,
    id: &str,
    entry: &str,
    keep: Option<&NewOrder>,
    flags: Option<FlagOf<'_>>,
) -> Result<Vec<Diagnostic>> {
    let mut pending = Pending::open(practice, today, id)?;
    let rel = format!("{PATIENTS_DIR}/{id}/patient.toml");
    let Some(text) = pending.before.text_of(&rel) else {
        return Err(Error::NotFound {
            what: "patient",
            id: id.to_string(),
            hint: "`mmx patient list` shows the patients".into(),
        });
    };
    let new_text = editor::append(text, entry);
    let kept = match keep {
        Some(doc) => {
            let at = doc.rel(id);
            let made = pending.create_beside(&at, doc.sha256.as_bytes(), &doc.bytes)?;
            (made == CreateOutcome::Created).then_some(at)
        }
        None => None,
    };
    let written = pending.write_edit(&rel, &new_text, flags);
    if let (Err(_), Some(at)) = (&written, &kept) {
        pending.take_back(at);
    }
    written
}

/// The flag of `patient screen|clear|consent` a field of the entry came
/// from (`screenings.2.flags` is `--flag`).
pub fn entry_flag(field: &str) -> Option<String> {
    let last = field.split('.').rfind(|p| p.parse::<usize>().is_err())?;
    Some(match last {
        "flags" => "--flag".to_string(),
        "avoid_regions" => "--avoid-region".to_string(),
        "regions" => "--region".to_string(),
        "sha256" => "--document".to_string(),
        other => format!("--{}", other.replace('_', "-")),
    })
}

/// Withdraws patient `id`'s consents of `scope` in force on `day` (of a
/// sensitive scope, those naming one of `regions` when any are given): each
/// gets `withdrawn = day`, through the gate. Returns how many, and the
/// warnings the gate found on the record.
pub fn withdraw_consents(
    practice: &Practice,
    today: NaiveDate,
    id: &str,
    scope: ConsentScope,
    regions: &[String],
    day: NaiveDate,
    flags: Option<FlagOf<'_>>,
) -> Result<(usize, Vec<Diagnostic>)> {
    let pending = Pending::open(practice, today, id)?;
    let rel = format!("{PATIENTS_DIR}/{id}/patient.toml");
    let mut doc = pending.document(&rel, "patient record")?;
    let on = day.to_string();
    let n = doc.set_in_tables("consents", "withdrawn", &Setting::Date(day), |read| {
        read("scope").as_deref() == Some(scope.as_str())
            && read("withdrawn").is_none()
            && read("date").is_some_and(|d| d <= on)
            && (regions.is_empty()
                || read("regions")
                    .is_some_and(|r| regions.iter().any(|g| r.contains(&format!("\"{g}\"")))))
    });
    if n == 0 {
        return Err(Error::Records(format!(
            "patient `{id}` has no {} consent in force on {day} to withdraw; nothing was written\n  hint: `mmx patient show {id}` lists the consents",
            scope.as_str()
        )));
    }
    let shown = pending.write_edit(&rel, &doc.render(), flags)?;
    Ok((n, shown))
}
