//! What a patient's record says about safety, as FHIR R4 resources: each
//! health screening an `Observation` (a component per red flag, coded in
//! mmx's screening vocabulary; a verified none as its value), each doctor's
//! clearance an `Observation` too (a physician's finding that the patient
//! may be treated: see [`clearance`]), and each consent, on the record or
//! given at a visit, a `Consent`.

use chrono::NaiveDate;
use serde_json::{Value, json};

use super::bodysite;
use super::fhir::{NPI_SYSTEM, full_url, resource_id};
use crate::model::{Clearance, Consent, ConsentPer, ConsentScope, Screening};
use crate::records::PatientFolder;
use crate::vocab::flags::{self, FLAGS_VERSION, NONE};

/// The code system of the screening's red flags (`mmx vocab`).
pub const RED_FLAG_SYSTEM: &str = "urn:mmx:red-flag";
/// mmx's code for a doctor's clearance, as the Observation's `code`: no
/// published code names a clearance for massage, and a made-up SNOMED CT or
/// LOINC one would be worse than none.
pub const CLEARANCE_SYSTEM: &str = "urn:mmx:clearance";
const OBSERVATION_CATEGORY: &str = "http://terminology.hl7.org/CodeSystem/observation-category";
const CONSENT_SCOPE_SYSTEM: &str = "http://terminology.hl7.org/CodeSystem/consentscope";
const LOINC_SYSTEM: &str = "http://loinc.org";

fn reference(resource_type: &str, id: &str) -> Value {
    json!({ "reference": full_url(resource_type, id) })
}

/// The screenings and consents of one patient, as of `today` (a withdrawn
/// consent is `inactive` from its date).
pub fn resources(folder: &PatientFolder, today: NaiveDate) -> Vec<Value> {
    let Some(p) = &folder.patient else {
        return Vec::new();
    };
    let p = &p.rec;
    let mut out = Vec::new();
    for (i, s) in p.screenings.iter().enumerate() {
        out.push(screening(&p.id, i, s));
    }
    for (i, c) in p.clearances.iter().enumerate() {
        out.push(clearance(&p.id, i, c, &p.screenings));
    }
    for (i, c) in p.consents.iter().enumerate() {
        let id = resource_id(&[&p.id, &format!("consent{}", i + 1)]);
        out.push(consent(&p.id, &id, c, today));
    }
    // Consents given at a visit, for it.
    for s in folder.sessions.iter().filter(|s| !s.rec.is_void()) {
        for word in &s.rec.consent {
            let Some(scope) = ConsentScope::parse(word) else {
                continue;
            };
            let given = Consent {
                date: s.rec.date,
                scope,
                regions: Vec::new(),
                signed_by: String::new(),
                per: ConsentPer::Session,
                withdrawn: None,
                note: None,
            };
            let id = resource_id(&[&p.id, &s.rec.id, &format!("consent-{word}")]);
            out.push(consent(&p.id, &id, &given, today));
        }
    }
    out
}

fn flag_coding(flag: &str) -> Value {
    let label = flags::flag_of(flag).map_or(flag, |f| f.label);
    json!({
        "system": RED_FLAG_SYSTEM,
        "version": FLAGS_VERSION.to_string(),
        "code": flag,
        "display": label,
    })
}

fn screening_id(patient: &str, i: usize) -> String {
    resource_id(&[patient, &format!("screening{}", i + 1)])
}

fn screening(patient: &str, i: usize, s: &Screening) -> Value {
    let mut r = json!({
        "resourceType": "Observation",
        "id": screening_id(patient, i),
        "status": "final",
        "category": [{
            "coding": [{ "system": OBSERVATION_CATEGORY, "code": "survey", "display": "Survey" }],
        }],
        "code": { "text": "Health screening before massage: red flags" },
        "subject": reference("Patient", patient),
        "effectiveDateTime": s.date.to_string(),
    });
    if let Some(by) = &s.by {
        r["performer"] = json!([{ "display": by }]);
    }
    let found: Vec<&str> = s.red_flags().collect();
    if found.is_empty() {
        r["valueCodeableConcept"] = json!({
            "coding": [flag_coding(NONE)],
            "text": "No red flags reported",
        });
    } else {
        r["component"] = found
            .iter()
            .map(|f| {
                json!({
                    "code": { "coding": [flag_coding(f)], "text": flags::flag_of(f).map_or(*f, |x| x.label) },
                    "valueBoolean": true,
                })
            })
            .collect();
    }
    r
}

/// A doctor's clearance as an `Observation`: the physician's finding, from
/// the clearance's date to its expiry (`effectivePeriod`), that the patient
/// may have medical massage despite the red flags it names (a component
/// each, coded as the screening codes them), with the regions it says to
/// avoid (a component each, as body sites are coded elsewhere), by the
/// doctor (`performer`, with the NPI), derived from the screening that
/// reported the flags. Not a `Consent`, which is the patient's own choice,
/// nor a `Flag`, which warns of the red flag rather than clearing it.
fn clearance(patient: &str, i: usize, c: &Clearance, screenings: &[Screening]) -> Value {
    let restricted = !c.avoid_regions.is_empty();
    let value = if restricted {
        "Cleared for medical massage, with regions to avoid"
    } else {
        "Cleared for medical massage"
    };
    let mut period = json!({ "start": c.date.to_string() });
    if let Some(e) = c.expires {
        period["end"] = json!(e.to_string());
    }
    let mut performer = json!({ "display": c.by });
    if let Some(npi) = &c.npi {
        performer["identifier"] = json!({ "system": NPI_SYSTEM, "value": npi });
    }
    let flags = c.flags.iter().map(|f| {
        json!({
            "code": { "coding": [flag_coding(f)], "text": flags::flag_of(f).map_or(f.as_str(), |x| x.label) },
            "valueCodeableConcept": { "text": "Cleared" },
        })
    });
    let avoid = c.avoid_regions.iter().map(|region| {
        json!({
            "code": { "text": "Region to avoid" },
            "valueCodeableConcept": bodysite::concept(region),
        })
    });
    let mut r = json!({
        "resourceType": "Observation",
        "id": resource_id(&[patient, &format!("clearance{}", i + 1)]),
        "status": "final",
        "code": {
            "coding": [{
                "system": CLEARANCE_SYSTEM,
                "code": "massage-clearance",
                "display": "Doctor's clearance for medical massage",
            }],
            "text": "Doctor's clearance for medical massage",
        },
        "subject": reference("Patient", patient),
        "effectivePeriod": period,
        "performer": [performer],
        "valueCodeableConcept": { "text": value },
        "component": flags.chain(avoid).collect::<Vec<_>>(),
    });
    // The screening that reported the flags: the latest on or before it
    // that names one of them.
    if let Some(k) = screenings
        .iter()
        .enumerate()
        .filter(|(_, s)| s.date <= c.date && s.flags.iter().any(|f| c.flags.contains(f)))
        .max_by_key(|(k, s)| (s.date, *k))
        .map(|(k, _)| k)
    {
        r["derivedFrom"] = json!([reference("Observation", &screening_id(patient, k))]);
    }
    r
}

fn consent(patient: &str, id: &str, c: &Consent, today: NaiveDate) -> Value {
    let withdrawn = c.withdrawn.is_some_and(|w| w <= today);
    let what = match c.scope {
        ConsentScope::Treatment => "Treatment".to_string(),
        ConsentScope::Sensitive if c.regions.is_empty() => {
            "Treatment of sensitive regions".to_string()
        }
        ConsentScope::Sensitive => {
            format!("Treatment of sensitive regions: {}", c.regions.join(", "))
        }
        ConsentScope::Intraoral => "Intraoral treatment".to_string(),
        ConsentScope::Guardian => {
            "A parent's or guardian's consent to a minor's treatment".to_string()
        }
    };
    // A Period's end is its last day (FHIR's end is inclusive); a consent
    // is not in force from the day it was withdrawn, so its last day is the
    // one before. Withdrawn the day it was given, it never was: no period,
    // and its status says it is not in force.
    let last_day = match (c.per, c.withdrawn) {
        (_, Some(w)) => w.pred_opt(),
        (ConsentPer::Session, None) => Some(c.date),
        (ConsentPer::Course, None) => None,
    };
    let never = c.withdrawn.is_some_and(|w| w <= c.date);
    let mut period = json!({ "start": c.date.to_string() });
    if let Some(last) = last_day {
        period["end"] = json!(last.to_string());
    }
    let mut r = json!({
        "resourceType": "Consent",
        "id": id,
        "status": if withdrawn { "inactive" } else { "active" },
        "scope": {
            "coding": [{ "system": CONSENT_SCOPE_SYSTEM, "code": "treatment", "display": "Treatment" }],
        },
        "category": [{
            "coding": [{ "system": LOINC_SYSTEM, "code": "59284-0", "display": "Patient Consent" }],
            "text": format!("Massage consent ({})", c.scope.as_str()),
        }],
        "patient": reference("Patient", patient),
        "dateTime": c.date.to_string(),
        "policyRule": { "text": format!("Written consent to medical massage: {}", what.to_lowercase()) },
        "provision": {
            "type": "permit",
            "code": [{ "text": what }],
        },
    });
    if !never {
        r["provision"]["period"] = period;
    }
    if !c.signed_by.trim().is_empty() {
        r["performer"] = json!([{ "display": c.signed_by.trim() }]);
    } else {
        r["performer"] = json!([reference("Patient", patient)]);
    }
    r
}
