//! A change to a patient's record as data, whoever asks for it (`patient
//! edit` from flags, `patient import --update` from a CSV row), and the one
//! way it is applied to the record's text through the comment-keeping
//! editor. Whether the result may be written is the gate's to say.

use crate::check::pending;
use crate::model::fields;
use crate::practice;
use crate::records::folder;
use chrono::NaiveDate;

use crate::model::Gender;
use crate::records::editor::Document;
use crate::records::editor::Setting;

/// Each `Some` changes one field; an empty text removes it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PatientChange {
    pub name: Option<String>,
    /// `Some(None)` removes it, as an empty text removes a text field.
    pub birth_date: Option<Option<NaiveDate>>,
    /// `Some(None)` removes it.
    pub gender: Option<Option<Gender>>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub address: Option<String>,
    pub emergency_contact: Option<String>,
    pub notes: Option<String>,
    pub add_contraindications: Vec<String>,
    pub remove_contraindications: Vec<String>,
    /// Regions and techniques to avoid, as the vocabulary reads them.
    pub avoid_regions: Vec<String>,
    pub remove_avoid_regions: Vec<String>,
    pub avoid_techniques: Vec<String>,
    pub remove_avoid_techniques: Vec<String>,
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
        for (key, value) in [
            ("phone", &self.phone),
            ("email", &self.email),
            ("address", &self.address),
            ("emergency_contact", &self.emergency_contact),
            ("notes", &self.notes),
        ] {
            match value {
                Some(v) if v.trim().is_empty() => doc.remove(key),
                Some(v) => doc.set(key, &Setting::Str(v.clone())),
                None => {}
            }
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

/// Changes patient `id`'s record through the gate, under the folder's lock,
/// and returns the fields changed (none: nothing was written). `flags` names
/// the flag each field came from, for a refused value.
pub fn edit_patient(
    practice: &practice::Practice,
    today: NaiveDate,
    id: &str,
    change: &PatientChange,
    flags: Option<pending::FlagOf<'_>>,
) -> crate::error::Result<Vec<String>> {
    let pending = pending::Pending::open(practice, today, id)?;
    let rel = format!("{}/{id}/patient.toml", practice::PATIENTS_DIR);
    let mut doc = pending.document(&rel, "patient record")?;
    change.apply(&mut doc);
    let changed = doc.changed().to_vec();
    if !changed.is_empty() {
        pending.write_edit(&rel, &doc.render(), flags)?;
    }
    Ok(changed)
}

/// A record's text in canonical form, as `mmx fmt` writes it: every
/// vocabulary term as mmx writes it (`Left Knee` is `left-knee`, `MFR` is
/// `myofascial-release`) and the keys in the order mmx writes them, through
/// the comment-keeping editor, with what it changes (`regions`, `key
/// order`). `None` when it is already so (or is not a record, or its TOML
/// does not parse: `check` says why).
pub fn canonical_text(
    rel: &str,
    text: &str,
    vocab: &crate::vocab::Vocabulary,
) -> Option<(String, Vec<String>)> {
    let fields = folder::record_fields(rel)?;
    let mut doc = Document::parse(text).ok()?;
    for (key, kind) in fields::VOCAB_LISTS {
        doc.canonical_list(key, |raw| kind.canonical(vocab, raw));
    }
    doc.order_keys(&fields::names(fields));
    let out = doc.render();
    (out != text).then(|| (out, doc.changed().to_vec()))
}
