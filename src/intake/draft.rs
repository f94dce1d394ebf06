//! What a new patient record must satisfy, whoever brings it in: `patient add`
//! from flags and `patient import` from a CSV row share these rules (the name,
//! the id and its slug form, empty fields) and the one way of writing it.
//! Each caller words a [`DraftError`] for its own input (a flag, a cell).

use crate::check::pending;
use crate::diag;
use crate::practice::ids;
use crate::values;
use chrono::NaiveDate;
use std::collections::BTreeMap;

use crate::error::{Error, Result};
use crate::model::{Gender, Patient, Screening};
use crate::practice::Practice;
use crate::practice::store::CreateOutcome;

/// A patient as given, before the rules: dates already read, text as typed.
#[derive(Debug, Clone, Default)]
pub struct PatientDraft {
    pub id: Option<String>,
    pub name: String,
    pub birth_date: Option<NaiveDate>,
    pub gender: Option<Gender>,
    /// The text fields given ([`Patient::TEXTS`]), by key.
    pub texts: BTreeMap<&'static str, String>,
    pub contraindications: Vec<String>,
    /// The health screening taken at intake, if any (`patient add --flag`).
    pub screening: Option<Screening>,
}

/// Why a draft is not a patient record. `field` names are the record's keys.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DraftError {
    /// The name is missing or blank.
    EmptyName,
    /// An optional text field was given but is blank.
    EmptyField { field: &'static str },
    /// The given id is not a slug.
    BadId { id: String },
    /// No id was given and the name has nothing to make one from.
    NoIdFromName { name: String },
}

impl DraftError {
    pub fn field(&self) -> &'static str {
        match self {
            DraftError::EmptyName | DraftError::NoIdFromName { .. } => "name",
            DraftError::EmptyField { field } => field,
            DraftError::BadId { .. } => "id",
        }
    }

    /// What is wrong and what is allowed, without naming how the value was given.
    pub fn reason(&self) -> String {
        match self {
            DraftError::EmptyName => "the name must not be empty".into(),
            DraftError::EmptyField { field } => format!("{field} must not be empty"),
            DraftError::BadId { id } => format!(
                "{} is not an id: {}",
                diag::quoted(id, "the id given"),
                values::SLUG_RULE
            ),
            // A name is a person's words, never quoted, whatever its shape.
            DraftError::NoIdFromName { .. } => {
                "cannot make an id from the name given (it has no letters or digits a-z, 0-9)"
                    .to_string()
            }
        }
    }
}

/// Applies the rules for a new patient; every problem is returned, in field order.
pub fn new_patient(draft: PatientDraft) -> Result<Patient, Vec<DraftError>> {
    let mut problems = Vec::new();
    let name = draft.name.trim().to_string();
    if name.is_empty() {
        problems.push(DraftError::EmptyName);
    }
    let id = match draft.id {
        Some(id) if !values::is_slug(&id) => {
            problems.push(DraftError::BadId { id: id.clone() });
            id
        }
        Some(id) => id,
        None => {
            let id = ids::patient_id(&name, draft.birth_date);
            if !name.is_empty() && !values::is_slug(&id) {
                problems.push(DraftError::NoIdFromName { name: name.clone() });
            }
            id
        }
    };
    let mut patient = Patient {
        id,
        name,
        birth_date: draft.birth_date,
        gender: draft.gender,
        contraindications: draft
            .contraindications
            .into_iter()
            .filter(|c| !c.trim().is_empty())
            .collect(),
        // Standing contraindications as vocabulary are set with `patient edit`.
        avoid_regions: Vec::new(),
        avoid_techniques: Vec::new(),
        screenings: draft.screening.into_iter().collect(),
        ..Patient::default()
    };
    let mut texts = draft.texts;
    for field in Patient::TEXTS {
        let (Some(value), Some(slot)) = (texts.remove(field), patient.text_mut(field)) else {
            continue;
        };
        if value.trim().is_empty() {
            problems.push(DraftError::EmptyField { field });
        } else {
            *slot = Some(value);
        }
    }
    if problems.is_empty() {
        Ok(patient)
    } else {
        Err(problems)
    }
}

/// Whether a patient id is already taken in the practice: a `patient.toml`
/// in its folder, or anything but a folder at its name (even a dangling
/// link). A folder without `patient.toml` (left by an interrupted add, or
/// holding records whose patient file is missing) takes the new file.
pub fn taken(practice: &Practice, id: &str) -> bool {
    let dir = practice.patient_dir(id);
    match std::fs::symlink_metadata(&dir) {
        Ok(m) if m.is_dir() => std::fs::symlink_metadata(dir.join("patient.toml")).is_ok(),
        Ok(_) => true,
        Err(_) => false,
    }
}

/// Writes a new patient's file through the gate (checked in memory first,
/// then written atomically under the folder's lock), never over an existing
/// patient. Returns the warnings the gate found on it.
pub fn write_new(
    practice: &Practice,
    today: chrono::NaiveDate,
    patient: &Patient,
    flags: Option<pending::FlagOf<'_>>,
) -> Result<Vec<diag::Diagnostic>> {
    let dir = practice.patient_dir(&patient.id);
    let path = dir.join("patient.toml");
    let rel = practice.rel(&path);
    let exists = || Error::Exists {
        what: "patient",
        id: patient.id.clone(),
        path: rel.clone(),
    };
    if taken(practice, &patient.id) {
        return Err(exists());
    }
    let mut pending = pending::Pending::new_patient(practice, today, &patient.id)?;
    let text = patient.to_toml();
    let shown = pending.admit(&[(&rel, &text)], flags)?;
    if pending.create(&rel, &text)? == CreateOutcome::Exists {
        return Err(exists());
    }
    Ok(shown)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft(name: &str) -> PatientDraft {
        PatientDraft {
            name: name.into(),
            ..Default::default()
        }
    }

    #[test]
    fn derives_the_id_from_name_and_birth_year() {
        let p = new_patient(PatientDraft {
            birth_date: NaiveDate::from_ymd_opt(1975, 3, 1),
            ..draft("  José Núñez ")
        })
        .unwrap();
        assert_eq!(
            (p.id.as_str(), p.name.as_str()),
            ("jose-nunez-1975", "José Núñez")
        );
    }

    #[test]
    fn reports_every_problem() {
        let errs = new_patient(PatientDraft {
            id: Some("Bad Id".into()),
            texts: BTreeMap::from([("phone", "  ".into())]),
            ..draft(" ")
        })
        .unwrap_err();
        assert_eq!(
            errs,
            vec![
                DraftError::EmptyName,
                DraftError::BadId {
                    id: "Bad Id".into()
                },
                DraftError::EmptyField { field: "phone" },
            ]
        );
        assert_eq!(
            new_patient(draft("!!!")).unwrap_err(),
            vec![DraftError::NoIdFromName { name: "!!!".into() }]
        );
    }

    #[test]
    fn blank_contraindications_are_dropped() {
        let p = new_patient(PatientDraft {
            contraindications: vec!["".into(), "varicose veins".into(), " ".into()],
            ..draft("Ana Lima")
        })
        .unwrap();
        assert_eq!(p.contraindications, vec!["varicose veins".to_string()]);
    }
}
