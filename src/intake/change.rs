//! A change to a patient's record as data, whoever asks for it (`patient
//! edit` from flags, `patient import --update` from a CSV row), and the one
//! way it is applied to the record's text through the comment-keeping
//! editor. Whether the result may be written is the gate's to say.

use crate::check::pending;
use crate::error;
use crate::practice;
use chrono::NaiveDate;

use crate::model::{Frequency, Order, Prescription, Target};
use crate::model::{Gender, Patient, Screening};
use crate::records::editor::Setting;
use crate::records::editor::{Document, append};
use std::collections::BTreeMap;

/// Each `Some` changes one field; an empty text removes it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PatientChange {
    pub name: Option<String>,
    /// `Some(None)` removes it, as an empty text removes a text field.
    pub birth_date: Option<Option<NaiveDate>>,
    /// `Some(None)` removes it.
    pub gender: Option<Option<Gender>>,
    /// The text fields ([`Patient::TEXTS`]) to change, by key: an empty
    /// text removes one.
    pub texts: BTreeMap<&'static str, String>,
    pub add_contraindications: Vec<String>,
    pub remove_contraindications: Vec<String>,
    /// Regions and techniques to avoid, as the vocabulary reads them.
    pub avoid_regions: Vec<String>,
    pub remove_avoid_regions: Vec<String>,
    pub avoid_techniques: Vec<String>,
    pub remove_avoid_techniques: Vec<String>,
    /// A screening to append (`patient import --update` of a row whose red
    /// flags differ from the latest screening's).
    pub add_screening: Option<Screening>,
}

impl PatientChange {
    /// Applies the change to `patient.toml`'s document. The name is trimmed
    /// (an empty one is left for the gate to refuse as the rule says).
    pub fn apply(&self, doc: &mut Document) {
        if let Some(name) = &self.name {
            doc.set("name", &Setting::Str(name.trim().to_string()));
        }
        match self.birth_date {
            Some(Some(d)) => doc.set("birth_date", &Setting::Date(d)),
            Some(None) => doc.remove("birth_date"),
            None => {}
        }
        match self.gender {
            Some(Some(g)) => doc.set("gender", &Setting::Str(g.as_str().to_string())),
            Some(None) => doc.remove("gender"),
            None => {}
        }
        for key in Patient::TEXTS {
            doc.set_text(key, self.texts.get(key).map(String::as_str));
        }
        for c in self
            .add_contraindications
            .iter()
            .filter(|c| !c.trim().is_empty())
        {
            doc.add_to_list("contraindications", c);
        }
        for c in &self.remove_contraindications {
            doc.remove_from_list("contraindications", c);
        }
        for (key, add, remove) in [
            (
                "avoid_regions",
                &self.avoid_regions,
                &self.remove_avoid_regions,
            ),
            (
                "avoid_techniques",
                &self.avoid_techniques,
                &self.remove_avoid_techniques,
            ),
        ] {
            for term in add {
                doc.add_to_list(key, term);
            }
            for term in remove {
                doc.remove_from_list(key, term);
            }
        }
    }
}

/// A change to a prescription (`rx edit`): each `Some` changes one field
/// (an empty text removes it), terms are added to or removed from its lists
/// as the vocabulary reads them, and targets are appended.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RxChange {
    pub expires: Option<NaiveDate>,
    pub visits: Option<u32>,
    pub minutes: Option<u32>,
    /// `Some(None)` removes it.
    pub frequency: Option<Option<Frequency>>,
    /// The course's length in weeks; `Some(None)` removes it.
    pub weeks: Option<Option<u32>>,
    pub precautions: Option<String>,
    /// The prescriber's details, by their key under `[prescriber]`.
    pub prescriber: Vec<(&'static str, Option<String>)>,
    /// For each list (`regions`, `techniques`, `avoid_regions`,
    /// `avoid_techniques`): the terms to add and to remove.
    pub lists: Vec<(&'static str, Vec<String>, Vec<String>)>,
    pub targets: Vec<Target>,
    /// A new order on file, in place of the one recorded, which goes to
    /// `[[earlier_orders]]` (its file stays in `orders/`).
    pub order: Option<Order>,
}

/// What a prescription change cannot do, in the record's terms (the command
/// line words it with its flags).
#[derive(Debug, Clone, PartialEq)]
pub enum RxChangeError {
    /// A term to remove is not in the list.
    NotInList {
        key: &'static str,
        term: String,
        current: Vec<String>,
    },
    /// A target for this measure is already there.
    TargetExists { measure: String },
}

impl RxChange {
    /// The prescription's new text and the fields changed (none: nothing to
    /// write). Whether it may be written is the gate's to say.
    pub fn apply(
        &self,
        rx: &Prescription,
        mut doc: Document,
    ) -> Result<(String, Vec<String>), RxChangeError> {
        if let Some(d) = self.expires {
            doc.set("expires", &Setting::Date(d));
        }
        if let Some(n) = self.visits {
            doc.set("visits", &Setting::Int(n.into()));
        }
        if let Some(n) = self.minutes {
            doc.set("minutes", &Setting::Int(n.into()));
        }
        match &self.frequency {
            Some(Some(f)) => doc.set("frequency", &Setting::Str(f.to_string())),
            Some(None) => doc.remove("frequency"),
            None => {}
        }
        match self.weeks {
            Some(Some(w)) => doc.set("weeks", &Setting::Int(w.into())),
            Some(None) => doc.remove("weeks"),
            None => {}
        }
        // The order it replaces, kept as an earlier one (appended below).
        let earlier = self
            .order
            .as_ref()
            .and(rx.order.as_ref())
            .filter(|old| Some(&old.file) != self.order.as_ref().map(|o| &o.file));
        if let Some(o) = &self.order {
            doc.set("order.file", &Setting::Str(o.file.clone()));
            doc.set("order.sha256", &Setting::Str(o.sha256.clone()));
            match o.received {
                Some(d) => doc.set("order.received", &Setting::Date(d)),
                None => doc.remove("order.received"),
            }
            match o.source {
                Some(s) => doc.set("order.source", &Setting::Str(s.as_str().to_string())),
                None => doc.remove("order.source"),
            }
        }
        doc.set_text("precautions", self.precautions.as_deref());
        for (key, value) in &self.prescriber {
            doc.set_text(&format!("prescriber.{key}"), value.as_deref());
        }
        for (key, add, remove) in &self.lists {
            let current = match *key {
                "regions" => &rx.regions,
                "techniques" => &rx.techniques,
                "avoid_regions" => &rx.avoid_regions,
                _ => &rx.avoid_techniques,
            };
            for term in add {
                doc.add_to_list(key, term);
            }
            for term in remove {
                if !current.contains(term) {
                    return Err(RxChangeError::NotInList {
                        key,
                        term: term.clone(),
                        current: current.clone(),
                    });
                }
                doc.remove_from_list(key, term);
            }
        }
        let mut changed = doc.changed().to_vec();
        let mut text = doc.render();
        if let Some(old) = earlier {
            text = append(&text, &old.to_earlier_toml());
            changed.push("earlier_orders".into());
        }
        for t in &self.targets {
            if rx.targets.iter().any(|e| e.key == t.key) {
                return Err(RxChangeError::TargetExists {
                    measure: t.key.measure.clone(),
                });
            }
            text = append(&text, &t.to_toml());
            if !changed.iter().any(|c| c == "targets") {
                changed.push("targets".into());
            }
        }
        Ok((text, changed))
    }
}

/// Changes patient `id`'s record through the gate, under the folder's lock,
/// and returns the fields changed (none: nothing was written). `flags` names
/// the flag each field came from, for a refused value.
pub fn edit_patient(
    practice: &practice::Practice,
    today: NaiveDate,
    id: &str,
    change: &PatientChange,
    flags: Option<pending::FlagOf<'_>>,
) -> error::Result<Vec<String>> {
    let pending = pending::Pending::open(practice, today, id)?;
    let rel = practice::patient_rel(id);
    let mut doc = pending.document(&rel, "patient record")?;
    change.apply(&mut doc);
    let mut changed = doc.changed().to_vec();
    let mut text = doc.render();
    if let Some(s) = &change.add_screening {
        text = append(&text, &s.to_toml());
        changed.push("screenings".into());
    }
    if !changed.is_empty() {
        pending.write_edit(&rel, &text, flags)?;
    }
    Ok(changed)
}

/// A record's text in canonical form, as `mmx fmt` writes it (the rule is
/// the practice's, beside the fields of a record by its place: the check of
/// a change in git asks it too).
pub use crate::practice::folder::canonical_text;
