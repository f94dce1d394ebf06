//! A screening, a clearance or a consent added to a patient's record: an
//! entry appended after the last byte of `patient.toml` (every byte already
//! written stays, as for a session's amendments), through the gate.

use chrono::NaiveDate;

use crate::check::pending::{FlagOf, Pending};
use crate::diag::Diagnostic;
use crate::error::{Error, Result};
use crate::practice::{PATIENTS_DIR, Practice};
use crate::records::editor;

/// Appends `entry` (a `[[screenings]]`, `[[clearances]]` or `[[consents]]`
/// table as the writer renders it) to patient `id`'s record, if the gate
/// admits the result; returns the warnings it found on the record.
pub fn append_to_patient(
    practice: &Practice,
    today: NaiveDate,
    id: &str,
    entry: &str,
    flags: Option<FlagOf<'_>>,
) -> Result<Vec<Diagnostic>> {
    let pending = Pending::open(practice, today, id)?;
    let rel = format!("{PATIENTS_DIR}/{id}/patient.toml");
    let Some(text) = pending.before.text_of(&rel) else {
        return Err(Error::NotFound {
            what: "patient",
            id: id.to_string(),
            hint: "`mmx patient list` shows the patients".into(),
        });
    };
    let new_text = editor::append(text, entry);
    pending.write_edit(&rel, &new_text, flags)
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
