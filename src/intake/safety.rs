//! A screening, a clearance or a consent added to a patient's record: an
//! entry appended after the last byte of `patient.toml` (every byte already
//! written stays, as for a session's amendments), through the gate.

use std::cell::Cell;

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

/// What [`withdraw_consents`] did: how many consents it withdrew, whether
/// one of them covered more than the regions named (every sensitive region,
/// or others beside them: the patient may still consent to those), and the
/// warnings the gate found on the record.
pub struct Withdrawn {
    pub count: usize,
    pub wider: bool,
    pub shown: Vec<Diagnostic>,
}

/// Withdraws patient `id`'s consents of `scope` in force on `day` (a
/// per-session one only on its own day; of a sensitive scope, those that
/// cover one of `regions` when any are given, a consent of every sensitive
/// region among them): each gets `withdrawn = day`, through the gate.
pub fn withdraw_consents(
    practice: &Practice,
    today: NaiveDate,
    id: &str,
    scope: ConsentScope,
    regions: &[String],
    day: NaiveDate,
    flags: Option<FlagOf<'_>>,
) -> Result<Withdrawn> {
    let pending = Pending::open(practice, today, id)?;
    let rel = format!("{PATIENTS_DIR}/{id}/patient.toml");
    let mut doc = pending.document(&rel, "patient record")?;
    let on = day.to_string();
    let named = practice.vocab.coverage(regions);
    let wider = Cell::new(false);
    let count = doc.set_in_tables("consents", "withdrawn", &Setting::Date(day), |read| {
        let date = read("date");
        let in_force = read("scope").as_deref() == Some(scope.as_str())
            && read("withdrawn").is_none()
            && date.as_deref().is_some_and(|d| d <= on.as_str())
            && (read("per").as_deref() != Some("session") || date.as_deref() == Some(&on));
        if !in_force || regions.is_empty() {
            return in_force;
        }
        // The regions as the file writes them (`["left-gluteal"]`, or in
        // single quotes); none: every sensitive region.
        let covered: Vec<String> = read("regions")
            .map(|raw| {
                raw.split(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_'))
                    .filter(|w| !w.is_empty())
                    .map(str::to_string)
                    .collect()
            })
            .unwrap_or_default();
        if covered.is_empty() {
            wider.set(true);
            return true;
        }
        let covered = practice.vocab.coverage(&covered);
        if covered.is_disjoint(&named) {
            return false;
        }
        if !covered.is_subset(&named) {
            wider.set(true);
        }
        true
    });
    if count == 0 {
        return Err(Error::Records(format!(
            "patient `{id}` has no {} consent in force on {day} to withdraw; nothing was written\n  hint: `mmx patient show {id}` lists the consents",
            scope.as_str()
        )));
    }
    let shown = pending.write_edit(&rel, &doc.render(), flags)?;
    Ok(Withdrawn {
        count,
        wider: wider.get(),
        shown,
    })
}
