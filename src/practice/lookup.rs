//! Finding a patient or a record from what a person typed, with the ids
//! they may have meant when nothing fits.

use crate::diag::{self};
use crate::error::{Error, Result};
use crate::model::RecordKind;
use crate::practice::Practice;
use crate::practice::ids;
use crate::practice::listing;
use crate::text;
use crate::values;
use crate::values::is_slug;
use std::fs;

impl Practice {
    /// The id of the patient `given` names: their id, or their name written
    /// out exactly as the record has it (case and spacing aside), when one
    /// patient alone has it. A name several patients share is refused with
    /// their ids; anything else is [`Practice::no_patient`]'s error.
    pub fn patient_named(&self, given: &str) -> Result<String> {
        if is_slug(given) && self.patient_dir(given).is_dir() {
            return Ok(given.to_string());
        }
        let words = |s: &str| {
            s.split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
                .to_lowercase()
        };
        let wanted = words(given);
        let named: Vec<String> = self
            .patient_ids()?
            .into_iter()
            .filter(|id| {
                self.read_patient_record(id)
                    .is_ok_and(|p| words(&p.name) == wanted)
            })
            .collect();
        match named.as_slice() {
            [one] => Ok(one.clone()),
            [] => Err(self.no_patient(given)),
            several => Err(Error::Usage(format!(
                "{} patients have that name: {}; give the id of the one you mean",
                several.len(),
                several.join(", ")
            ))),
        }
    }

    /// No patient `given`: with the ids it may have meant, by id (a prefix,
    /// a part, a typo) or by name (`tom`, `Rosa Delgado`).
    pub(super) fn no_patient(&self, given: &str) -> Error {
        let key = ids::slug(given);
        let ids = self.patient_ids().unwrap_or_default();
        let mut meant: Vec<String> = Vec::new();
        if !key.is_empty() {
            let words: Vec<&str> = key.split('-').collect();
            for id in &ids {
                let name = self
                    .read_patient_record(id)
                    .map(|p| ids::slug(&p.name))
                    .unwrap_or_default();
                let by_id = id.starts_with(&format!("{key}-")) || id.contains(&key);
                let name_words: Vec<&str> = name.split('-').collect();
                let by_name = words.iter().all(|w| name_words.contains(w));
                if by_id || by_name {
                    meant.push(id.clone());
                }
            }
            if meant.is_empty()
                && let Some(close) = text::closest(&key, ids.iter().map(String::as_str))
            {
                meant.push(close);
            }
        }
        const SHOWN: usize = 6;
        let hint = match meant.as_slice() {
            [] => "`mmx patient list` shows the patients".to_string(),
            [one] => format!("did you mean `{one}`?"),
            many => {
                let more = many.len().saturating_sub(SHOWN);
                let listed: Vec<String> =
                    many.iter().take(SHOWN).map(|m| format!("`{m}`")).collect();
                format!(
                    "it may be {}{}: give the whole id",
                    listed.join(", "),
                    if more > 0 {
                        format!(" and {more} more (`mmx patient list`)")
                    } else {
                        String::new()
                    }
                )
            }
        };
        Error::NotFound {
            what: "patient",
            // Quoted only when it is the shape of an id (not a person's name).
            id: diag::shown(given).unwrap_or_default().to_string(),
            hint,
        }
    }

    /// The patient and id of a record named as `ID` or `PATIENT/ID`: the
    /// patient whose folder has the file (read or not: an edit of a broken
    /// one is refused by the gate, naming the file). `ID` alone must be one
    /// patient's.
    pub fn locate_record(&self, kind: RecordKind, given: &str) -> Result<(String, String)> {
        let (folder, what, list) = (kind.folder(), kind.word(), listing(kind));
        let (patient, id) = match given.split_once('/') {
            Some((p, r)) => (Some(p), r),
            None => (None, given),
        };
        if !patient.is_none_or(is_slug) || !is_slug(id) {
            return Err(Error::Usage(format!(
                "{} is not a {what} id ({} or PATIENT/{}, each {})",
                diag::quoted(given, "the value given"),
                what.to_uppercase(),
                what.to_uppercase(),
                values::SLUG_RULE
            )));
        }
        let ids = match patient {
            Some(p) => {
                self.existing_patient_dir(p)?;
                vec![p.to_string()]
            }
            None => self.patient_ids()?,
        };
        let hits: Vec<String> = ids
            .into_iter()
            .filter(|p| {
                fs::symlink_metadata(self.patient_dir(p).join(folder).join(format!("{id}.toml")))
                    .is_ok()
            })
            .collect();
        match hits.as_slice() {
            [one] => Ok((one.clone(), id.to_string())),
            [] => Err(Error::NotFound {
                what,
                id: given.to_string(),
                hint: match patient {
                    Some(p) => format!("`mmx {list} --patient {p}` shows them"),
                    None => format!("`mmx {list}` shows them"),
                },
            }),
            several => Err(Error::Usage(format!(
                "{what} id `{id}` is used by several patients ({}); write PATIENT/{id}",
                several.join(", ")
            ))),
        }
    }
}
