//! Whose a referral is: the patient it names, matched to one of the
//! practice's by name and birth date, or a new patient; never a guess
//! between several.

use crate::error::{Error, Result};
use crate::intake::draft::{self, PatientDraft};
use crate::intake::fhir::ReferredPatient;
use crate::model::{Patient, Prescription};
use crate::practice::Practice;
use crate::practice::ids::slug;

/// The patient a referral goes to.
#[derive(Debug, Clone, PartialEq)]
pub enum Target {
    /// One of the practice's patients, by id.
    Existing(String),
    /// A patient to add with the prescription.
    New(Box<Patient>),
}

/// Finds the patient for a referral: `given` (`--patient ID`) when the
/// command line names one (refused if the referral's birth date is another);
/// else the one patient of the same name and birth date; else a new patient
/// made from the referral. Several that match, or a patient whose record
/// cannot be read (it might be the one), are refused: the caller names the
/// patient with `--patient`. Every refusal is the records' (exit 1): what the
/// referral and the practice hold decides, however `--patient` may help.
pub fn patient_for(
    practice: &Practice,
    referred: Option<&ReferredPatient>,
    given: Option<&str>,
) -> Result<Target> {
    if let Some(id) = given {
        if !practice.patient_ids()?.iter().any(|p| p == id) {
            return Err(Error::NotFound {
                what: "patient",
                id: id.to_string(),
                hint: "`mmx patient list` shows the patients; leave --patient out to add the referral's".into(),
            });
        }
        let record = practice.read_patient_record(id).map_err(|_| {
            Error::Records(format!(
                "patient `{id}`'s record cannot be read\n  hint: `mmx check` shows where"
            ))
        })?;
        if let (Some(r), Some(born)) = (referred, record.birth_date)
            && let Some(b) = r.birth_date
            && b != born
        {
            return Err(Error::Records(format!(
                "the referral's patient was born {b}; patient `{id}` was born {born}: it is not theirs\n  hint: check which patient the referral is for"
            )));
        }
        return Ok(Target::Existing(id.to_string()));
    }
    let Some(r) = referred else {
        return Err(Error::Records(
            "the referral holds no Patient resource mmx can read; pass --patient ID".into(),
        ));
    };
    let (Some(name), Some(born)) = (r.name.as_deref(), r.birth_date) else {
        return Err(Error::Records(
            "the referral's Patient has no name or no birth date to match by; pass --patient ID"
                .into(),
        ));
    };
    let mut matches = Vec::new();
    let mut unreadable = Vec::new();
    for id in practice.patient_ids()? {
        match practice.read_patient_record(&id) {
            Ok(p) if p.birth_date == Some(born) && same_name(&p.name, name) => matches.push(id),
            Ok(_) => {}
            Err(_) => unreadable.push(id),
        }
    }
    match matches.as_slice() {
        [one] => return Ok(Target::Existing(one.clone())),
        [] => {}
        many => {
            return Err(Error::Records(format!(
                "{} patients have the referral's name and birth date ({}); mmx cannot choose\n  hint: pass --patient ID",
                many.len(),
                many.join(", ")
            )));
        }
    }
    if !unreadable.is_empty() {
        return Err(Error::Records(format!(
            "no patient matches the referral, but {} cannot be read and may be theirs ({})\n  hint: `mmx check` shows why; or pass --patient ID",
            if unreadable.len() == 1 {
                "one record"
            } else {
                "some records"
            },
            unreadable.join(", ")
        )));
    }
    let patient = draft::new_patient(PatientDraft {
        name: name.to_string(),
        birth_date: Some(born),
        gender: r.gender,
        texts: [
            ("phone", &r.phone),
            ("email", &r.email),
            ("address", &r.address),
        ]
        .into_iter()
        .filter_map(|(f, v)| v.clone().map(|v| (f, v)))
        .collect(),
        ..Default::default()
    })
    .map_err(|problems| {
        Error::Records(format!(
            "the referral's patient cannot be added: {}; pass --patient ID",
            problems
                .iter()
                .map(|p| p.reason())
                .collect::<Vec<_>>()
                .join("; ")
        ))
    })?;
    if draft::taken(practice, &patient.id) {
        return Err(Error::Records(format!(
            "patient `{}` is someone else (another name or birth date) and takes the id the referral's patient would have\n  hint: add the patient with `mmx patient add --id ID`, then pass --patient ID",
            patient.id
        )));
    }
    Ok(Target::New(Box::new(patient)))
}

/// The prescription among `existing` that a referral read as `rx` was
/// imported as already, and why it is that one: the same placer order
/// number (`referral_id`), or the same file (its SHA-256, kept as the order
/// or an earlier one) read as the same order. A referral imported twice
/// would be two prescriptions, each with the visits the order allows once.
pub fn imported_as<'a>(
    existing: impl IntoIterator<Item = &'a Prescription>,
    rx: &Prescription,
) -> Option<(&'a str, &'static str)> {
    let sha = rx.order.as_ref().map(|o| o.sha256.as_str());
    let same_order = |e: &Prescription| {
        e.issued == rx.issued
            && e.visits == rx.visits
            && e.regions == rx.regions
            && e.techniques == rx.techniques
            && e.frequency == rx.frequency
            && e.prescriber.name == rx.prescriber.name
    };
    existing.into_iter().find_map(|e| {
        if rx.referral_id.is_some() && e.referral_id == rx.referral_id {
            return Some((e.id.as_str(), "the same placer order number"));
        }
        let kept = e.order.iter().chain(&e.earlier_orders);
        let same_file = kept.into_iter().any(|o| Some(o.sha256.as_str()) == sha);
        (same_file && same_order(e))
            .then_some((e.id.as_str(), "the same file, read as the same order"))
    })
}

/// Two names are one person's when their words are, whatever the order,
/// case, accents and punctuation (`Núñez, José` is `José Núñez`).
pub fn same_name(a: &str, b: &str) -> bool {
    let words = |s: &str| {
        let mut w: Vec<String> = slug(s)
            .split('-')
            .filter(|w| !w.is_empty())
            .map(str::to_string)
            .collect();
        w.sort();
        w
    };
    let (a, b) = (words(a), words(b));
    !a.is_empty() && a == b
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_match_whatever_their_order_case_and_accents() {
        assert!(same_name("José Núñez", "NUNEZ, Jose"));
        assert!(!same_name("José Núñez", "José Núñez Ortega"));
        assert!(!same_name("", ""));
    }
}
