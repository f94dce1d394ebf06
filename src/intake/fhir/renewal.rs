//! The order a referral renews: `replaces` (the order it takes the place
//! of, as `mmx export fhir` writes a renewal) or `basedOn` (the request it
//! carries on), each a Reference to a ServiceRequest. Which prescription
//! that is depends on the patient, known only once the referral is read:
//! the reader keeps what identifies the earlier order (its mmx id, its
//! placer order number), and [`Renewal::of`] finds it among the patient's
//! prescriptions. One found is the new prescription's `renews`; none, or
//! several, is a warning for `replaces` (the link is then the therapist's to
//! make) and nothing for `basedOn` (which may name a plan, not an order).

use serde_json::Value;

use super::Reader;
use crate::diag::{Code, Diagnostic, Severity};
use crate::model::Prescription;
use crate::records::Loaded;

/// What a referral says of the order it renews.
#[derive(Debug, Clone)]
pub struct Renewal {
    /// Each earlier order named: an mmx prescription id it may be, and
    /// the referrer's order number it has, when known.
    pub named: Vec<Earlier>,
    /// Said when no one prescription of the patient's is the one
    /// `replaces` names (located in the file).
    pub unmatched: Option<Diagnostic>,
}

/// One earlier order a referral names.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Earlier {
    /// The prescription id it may be: a ServiceRequest id as mmx exports
    /// it (`PATIENT.RX`: the part after the dot), or as it is.
    pub ids: Vec<String>,
    /// Its placer order number (`PLAC`), a prescription's `referral_id`.
    pub referral_id: Option<String>,
}

impl Renewal {
    /// The one prescription among `prescriptions` the referral renews.
    pub fn of(&self, prescriptions: &[Loaded<Prescription>]) -> Option<String> {
        let mut found: Vec<&str> = Vec::new();
        for rx in prescriptions {
            let r = &rx.rec;
            let named = self.named.iter().any(|e| {
                e.ids.contains(&r.id) || (e.referral_id.is_some() && e.referral_id == r.referral_id)
            });
            if named && !found.contains(&r.id.as_str()) {
                found.push(&r.id);
            }
        }
        match found.as_slice() {
            [one] => Some(one.to_string()),
            _ => None,
        }
    }
}

impl Reader<'_, '_> {
    /// What `replaces` and `basedOn` name, if anything.
    pub(super) fn renewal(&mut self) -> Option<Renewal> {
        let mut named = Vec::new();
        for key in ["replaces", "basedOn"] {
            for r in self.sr[key].as_array().into_iter().flatten() {
                if let Some(e) = self.earlier(r) {
                    named.push(e);
                } else if key == "replaces" {
                    // Named, but not as a ServiceRequest mmx can know.
                    named.push(Earlier::default());
                }
            }
        }
        if named.is_empty() {
            return None;
        }
        let unmatched = self.sr.get("replaces").is_some().then(|| {
            let path = self.at("replaces");
            let span = self.spans.get(&path).cloned().unwrap_or(0..0);
            let mut d = Diagnostic::new(
                Code::NotMapped,
                self.file,
                Some(span),
                format!(
                    "{}: the order it renews is none of this patient's prescriptions mmx can tell",
                    self.shown(&path)
                ),
            )
            .hint("link the two with `mmx rx edit RX --renews EARLIER`");
            d.severity = Severity::Warning;
            d
        });
        Some(Renewal { named, unmatched })
    }

    /// The earlier order a Reference names: a ServiceRequest in the file
    /// (its id and placer number), or a reference by type and id, or a
    /// logical one by the placer's identifier.
    fn earlier(&self, reference: &Value) -> Option<Earlier> {
        let mut e = Earlier::default();
        match self.resolve(reference) {
            Some((v, _)) if v["resourceType"] == "ServiceRequest" => {
                if let Some(id) = v["id"].as_str() {
                    e.ids = ids(id);
                }
                e.referral_id = placer(v);
            }
            Some(_) => return None,
            None => {
                if let Some((ty, id)) = reference["reference"]
                    .as_str()
                    .and_then(|r| r.rsplit_once('/'))
                {
                    if !ty.ends_with("ServiceRequest") {
                        return None;
                    }
                    e.ids = ids(id);
                }
                e.referral_id = reference["identifier"]["value"]
                    .as_str()
                    .map(str::trim)
                    .filter(|v| !v.is_empty())
                    .map(str::to_string);
            }
        }
        (!e.ids.is_empty() || e.referral_id.is_some()).then_some(e)
    }
}

/// The prescription ids a ServiceRequest id may be: itself, and what
/// follows the patient's id in mmx's `PATIENT.RX`.
fn ids(id: &str) -> Vec<String> {
    let mut out = vec![id.to_string()];
    if let Some((_, rx)) = id.split_once('.') {
        out.push(rx.to_string());
    }
    out
}

/// A ServiceRequest's placer order number, as `referral_id` keeps it.
pub(super) fn placer(sr: &Value) -> Option<String> {
    let ids = sr["identifier"].as_array()?;
    let placer = ids.iter().find(|i| {
        i["type"]["coding"]
            .as_array()
            .is_some_and(|c| c.iter().any(|c| c["code"] == "PLAC"))
    });
    let chosen = placer.or(match ids.as_slice() {
        [one] => Some(one),
        _ => None,
    })?;
    chosen["value"]
        .as_str()
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(str::to_string)
}
