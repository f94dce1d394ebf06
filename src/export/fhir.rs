//! The practice as a FHIR R4 (4.0.1) `Bundle` of type `collection`.
//!
//! Every resource gets a stable id made from mmx ids (`ana-lima-1980`,
//! `ana-lima-1980.2026-11-02-a7k2mp`; `.` cannot occur in an mmx id, so the
//! parts never run together), and a `fullUrl` of `urn:uuid:` plus a UUID
//! derived from the resource type and id, so the same records always give the
//! same bundle and every reference points at an entry of the bundle.
//!
//! Mapping, per record:
//! - patient -> `Patient` (identifier, name, gender, birthDate, telecom, address)
//! - each distinct prescriber -> `Practitioner` (NPI as identifier)
//! - prescription -> `ServiceRequest`
//! - session -> `Encounter` + `Procedure`, and an `Observation` for each pain
//!   score (LOINC 72514-3); every one of them `entered-in-error` when the
//!   session is voided.
//! - screening, clearance -> `Observation`, consent -> `Consent` (safety.rs).
//!
//! Session times are local times in mmx; FHIR needs an offset on a time of
//! day, so they are written with the offset of the practice's zone on that
//! day ([`crate::zone::Clock`]: `[practice] time_zone`, else this computer's).

use crate::billing;
use crate::check::times;
use crate::course;
use crate::model;
use crate::model::{Per, Rate};
use crate::practice::ids;
use crate::vocab::icd;
use std::collections::BTreeMap;

use chrono::{FixedOffset, NaiveDate, NaiveDateTime};
use serde_json::{Value, json};

use super::bodysite;
use crate::model::{Patient, Prescriber, Prescription, Session, Status, VOID_STATUS};
use crate::practice::Practice;
use crate::records::PatientFolder;
use crate::zone::Clock;

pub const NPI_SYSTEM: &str = "http://hl7.org/fhir/sid/us-npi";
pub const ICD10CM_SYSTEM: &str = "http://hl7.org/fhir/sid/icd-10-cm";
pub const LOINC_SYSTEM: &str = "http://loinc.org";
/// LOINC 72514-3, as displayed in published FHIR profiles (e.g. an HL7 EMS IG
/// pain-severity component: "Pain severity - 0-10 verbal numeric rating [Score] - Reported").
const PAIN_CODE: &str = "72514-3";
const PAIN_DISPLAY: &str = "Pain severity - 0-10 verbal numeric rating [Score] - Reported";
const ACT_CODE_SYSTEM: &str = "http://terminology.hl7.org/CodeSystem/v3-ActCode";
pub const CPT_SYSTEM: &str = "http://www.ama-assn.org/go/cpt";
const OBSERVATION_CATEGORY: &str = "http://terminology.hl7.org/CodeSystem/observation-category";

/// Longest id FHIR allows (`[A-Za-z0-9\-\.]{1,64}`).
const MAX_ID: usize = 64;

/// A FHIR id from mmx id parts joined by `.`; one that would be too long
/// keeps its start and ends in a hash of the whole, so it stays unique.
pub fn resource_id(parts: &[&str]) -> String {
    let id = parts.join(".");
    if id.len() <= MAX_ID {
        return id;
    }
    let hash = format!("{:016x}", fnv1a(id.as_bytes(), 0));
    let keep = MAX_ID - hash.len() - 1;
    format!("{}.{hash}", &id[..keep])
}

/// FNV-1a (64 bit), seeded so two runs give two independent halves of a UUID.
fn fnv1a(bytes: &[u8], seed: u8) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in std::iter::once(&seed).chain(bytes) {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// `urn:uuid:` with a UUID derived from `Type/id` (RFC 9562 version 8, the
/// layout for UUIDs an application makes up from its own data).
pub fn full_url(resource_type: &str, id: &str) -> String {
    let name = format!("{resource_type}/{id}");
    let hi = fnv1a(name.as_bytes(), 1);
    let lo = fnv1a(name.as_bytes(), 2);
    let hi = (hi & !0xf000) | 0x8000; // version 8
    let lo = (lo & !(0b11 << 62)) | (0b10 << 62); // RFC variant
    format!(
        "urn:uuid:{:08x}-{:04x}-{:04x}-{:04x}-{:012x}",
        hi >> 32,
        (hi >> 16) & 0xffff,
        hi & 0xffff,
        lo >> 48,
        lo & 0xffff_ffff_ffff
    )
}

fn reference(resource_type: &str, id: &str) -> Value {
    json!({ "reference": full_url(resource_type, id) })
}

/// The bundle for these patient folders, with `today` deciding which
/// prescriptions are still active.
pub fn bundle(
    practice: &Practice,
    folders: &[PatientFolder],
    today: NaiveDate,
    clock: &Clock,
) -> Value {
    let mut practitioners: BTreeMap<String, Value> = BTreeMap::new();
    let mut entries = Vec::new();
    for folder in folders {
        let Some(patient) = &folder.patient else {
            continue;
        };
        let patient = &patient.rec;
        entries.push(patient_resource(patient, &practice.settings.practice.name));
        entries.extend(super::safety::resources(folder, today));
        let mut requests = BTreeMap::new();
        for rx in &folder.prescriptions {
            let rx = &rx.rec;
            let practitioner = practitioner_id(&rx.prescriber);
            practitioners
                .entry(practitioner.clone())
                .or_insert_with(|| practitioner_resource(&practitioner, &rx.prescriber));
            let rules = &practice.settings.rules;
            let expires = rx.expiry(rules);
            let request = resource_id(&[&patient.id, &rx.id]);
            let mut resource = service_request(
                rx,
                &request,
                &practitioner,
                expires,
                course::fhir_status(folder, rx, rules, today),
            );
            // A renewal takes the place of the course it continues.
            if let Some(earlier) = rx
                .renews
                .as_deref()
                .filter(|id| folder.prescription(id).is_some())
            {
                resource["replaces"] = json!([reference(
                    "ServiceRequest",
                    &resource_id(&[&patient.id, earlier])
                )]);
            }
            entries.push(resource);
            // Each diagnosis as a Condition, for the visits to name.
            let mut conditions = Vec::new();
            for (i, d) in rx.diagnoses.iter().enumerate() {
                let id = resource_id(&[&patient.id, &rx.id, &format!("dx{}", i + 1)]);
                entries.push(json!({
                    "resourceType": "Condition",
                    "id": id,
                    "code": diagnosis_concept(d),
                    "subject": reference("Patient", &patient.id),
                    "recordedDate": rx.issued.to_string(),
                }));
                conditions.push(id);
            }
            requests.insert(rx.id.clone(), (request, conditions));
        }
        for session in &folder.sessions {
            let session = &session.rec;
            let rx = requests.get(&session.prescription);
            let performer = session.therapist.as_deref().map(|name| {
                let listed = practice.settings.therapist(name);
                let id = therapist_id(name, listed);
                practitioners
                    .entry(id.clone())
                    .or_insert_with(|| therapist_resource(&id, name, listed));
                id
            });
            let codes = billing::session_codes(session, &practice.settings.billing);
            entries.extend(session_resources(
                session,
                rx.map(|(r, c)| (r.as_str(), c.as_slice())),
                performer.as_deref(),
                &codes,
                clock,
            ));
        }
    }
    let all: Vec<Value> = practitioners.into_values().chain(entries).collect();
    json!({
        "resourceType": "Bundle",
        "type": "collection",
        "entry": all
            .into_iter()
            .map(|resource| {
                let url = full_url(
                    resource["resourceType"].as_str().unwrap_or_default(),
                    resource["id"].as_str().unwrap_or_default(),
                );
                json!({ "fullUrl": url, "resource": resource })
            })
            .collect::<Vec<_>>(),
    })
}

/// The identifier system of a practice's patient ids: a URN of the
/// practice's name, local to it (mmx ids are unique within one practice).
pub fn patient_id_system(practice: &str) -> String {
    let slug = ids::slug(practice);
    format!(
        "urn:mmx:{}:patient",
        if slug.is_empty() { "practice" } else { &slug }
    )
}

fn patient_resource(p: &Patient, practice: &str) -> Value {
    let mut r = json!({
        "resourceType": "Patient",
        "id": p.id,
        "identifier": [{ "use": "usual", "system": patient_id_system(practice), "value": p.id }],
        "name": [{ "text": p.name }],
    });
    if let Some(g) = p.gender {
        r["gender"] = json!(g.as_str());
    }
    if let Some(d) = p.birth_date {
        r["birthDate"] = json!(d.to_string());
    }
    let mut telecom = Vec::new();
    if let Some(phone) = &p.phone {
        telecom.push(json!({ "system": "phone", "value": phone }));
    }
    if let Some(email) = &p.email {
        telecom.push(json!({ "system": "email", "value": email }));
    }
    if !telecom.is_empty() {
        r["telecom"] = json!(telecom);
    }
    if let Some(address) = &p.address {
        r["address"] = json!([{ "text": address }]);
    }
    r
}

/// One Practitioner per NPI, or per name when there is none.
fn practitioner_id(p: &Prescriber) -> String {
    match &p.npi {
        Some(npi) => resource_id(&["npi", npi]),
        None => {
            let slug = ids::slug(&p.name);
            resource_id(&[
                "prescriber",
                if slug.is_empty() { "unnamed" } else { &slug },
            ])
        }
    }
}

/// One Practitioner per treating therapist: by NPI when the practice lists
/// one, else by name.
fn therapist_id(name: &str, listed: Option<&model::Therapist>) -> String {
    match listed.and_then(|t| t.npi.as_deref()) {
        Some(npi) => resource_id(&["npi", npi]),
        None => {
            let slug = ids::slug(name);
            resource_id(&["therapist", if slug.is_empty() { "unnamed" } else { &slug }])
        }
    }
}

fn therapist_resource(id: &str, name: &str, listed: Option<&model::Therapist>) -> Value {
    let mut r = json!({
        "resourceType": "Practitioner",
        "id": id,
        "name": [{ "text": name.trim() }],
    });
    if let Some(t) = listed {
        if let Some(npi) = &t.npi {
            r["identifier"] = json!([{ "system": NPI_SYSTEM, "value": npi }]);
        }
        if let Some(c) = &t.credential {
            r["qualification"] = json!([{ "code": { "text": c } }]);
        }
    }
    r
}

fn practitioner_resource(id: &str, p: &Prescriber) -> Value {
    let mut r = json!({
        "resourceType": "Practitioner",
        "id": id,
        "name": [{ "text": p.name }],
    });
    if let Some(npi) = &p.npi {
        r["identifier"] = json!([{ "system": NPI_SYSTEM, "value": npi }]);
    }
    let mut telecom = Vec::new();
    if let Some(phone) = &p.phone {
        telecom.push(json!({ "system": "phone", "value": phone }));
    }
    if let Some(fax) = &p.fax {
        telecom.push(json!({ "system": "fax", "value": fax }));
    }
    if !telecom.is_empty() {
        r["telecom"] = json!(telecom);
    }
    if let Some(address) = &p.address {
        r["address"] = json!([{ "text": address }]);
    }
    if let Some(c) = &p.credential {
        r["qualification"] = json!([{ "code": { "text": c } }]);
    }
    r
}

fn service_request(
    rx: &Prescription,
    id: &str,
    practitioner: &str,
    expires: NaiveDate,
    status: &str,
) -> Value {
    let mut what = format!("Medical massage: {}", rx.techniques.join(", "));
    if let Some(f) = &rx.frequency {
        what.push_str(&format!("; {f}"));
    }
    if let Some(m) = rx.minutes {
        what.push_str(&format!("; {m} minutes"));
    }
    // What no visit may do, in words for a reader whose system skips the
    // extensions below.
    let avoided: Vec<&str> = rx
        .avoid_regions
        .iter()
        .chain(&rx.avoid_techniques)
        .map(String::as_str)
        .collect();
    if !avoided.is_empty() {
        what.push_str(&format!("; avoid: {}", avoided.join(", ")));
    }
    let mut r = json!({
        "resourceType": "ServiceRequest",
        "id": id,
        "status": status,
        "intent": "order",
        "code": { "text": what },
        "subject": reference("Patient", &rx.patient),
        "requester": reference("Practitioner", practitioner),
        "authoredOn": rx.issued.to_string(),
        "quantityQuantity": { "value": rx.visits, "unit": "visits" },
        "bodySite": rx.regions.iter().map(|r| bodysite::concept(r)).collect::<Vec<_>>(),
        // Each technique as the vocabulary names it, for a system that reads
        // the order back (`mmx rx import`).
        "orderDetail": rx.techniques.iter().map(|t| json!({ "text": t })).collect::<Vec<_>>(),
    });
    match occurrence_timing(rx, expires) {
        Some(timing) => r["occurrenceTiming"] = timing,
        None => {
            r["occurrencePeriod"] =
                json!({ "start": rx.issued.to_string(), "end": expires.to_string() })
        }
    }
    if let Some(number) = &rx.referral_id {
        r["identifier"] = json!([{
            "type": { "coding": [{ "system": IDENTIFIER_TYPE_SYSTEM, "code": "PLAC", "display": "Placer Identifier" }] },
            "value": number,
        }]);
    }
    if !rx.diagnoses.is_empty() {
        r["reasonCode"] = rx.diagnoses.iter().map(diagnosis_concept).collect();
    }
    let extensions = extensions(rx, expires);
    if !extensions.is_empty() {
        r["extension"] = json!(extensions);
    }
    if let Some(p) = &rx.precautions {
        r["note"] = json!([{ "text": format!("Precautions: {p}") }]);
    }
    r
}

/// mmx's own extensions on a ServiceRequest, for what FHIR R4 has no
/// element for (logical URIs, documented in docs/guides/fhir-export.md;
/// `mmx rx import` reads them back). None changes what the other elements
/// mean, so none is a modifierExtension: a system that does not know them
/// reads the order as it would without them, and `code.text` says the
/// avoided areas in words.
///
/// A region no visit on the order may treat (`avoid_regions`): a
/// `valueCodeableConcept` as `bodySite` writes a region (SNOMED CT where
/// checked, the mmx region as `text`).
pub const AVOID_REGION_EXTENSION: &str = "urn:mmx:extension:avoid-body-site";
/// A technique no visit may use (`avoid_techniques`): a
/// `valueCodeableConcept` whose `text` is the mmx technique.
pub const AVOID_TECHNIQUE_EXTENSION: &str = "urn:mmx:extension:avoid-technique";
/// The order's own last day (`expires`), as a `valueDate`, when the Timing's
/// bounds hold the course's length (`boundsDuration`) and so cannot hold it.
pub const EXPIRES_EXTENSION: &str = "urn:mmx:extension:expires";

/// The extensions of a prescription's ServiceRequest (see above).
fn extensions(rx: &Prescription, expires: NaiveDate) -> Vec<Value> {
    let mut out: Vec<Value> = rx
        .avoid_regions
        .iter()
        .map(|r| json!({ "url": AVOID_REGION_EXTENSION, "valueCodeableConcept": bodysite::concept(r) }))
        .collect();
    out.extend(rx.avoid_techniques.iter().map(
        |t| json!({ "url": AVOID_TECHNIQUE_EXTENSION, "valueCodeableConcept": { "text": t } }),
    ));
    if rx.expires.is_some() && rx.course_weeks().is_some() {
        out.push(json!({ "url": EXPIRES_EXTENSION, "valueDate": expires.to_string() }));
    }
    out
}

/// The identifier types of HL7 v2 table 0203 (`PLAC`: the placer's, the
/// referrer's own order number).
pub const IDENTIFIER_TYPE_SYSTEM: &str = "http://terminology.hl7.org/CodeSystem/v2-0203";
/// UCUM, for a Timing's `boundsDuration` in weeks.
pub const UCUM_SYSTEM: &str = "http://unitsofmeasure.org";

/// A prescription's schedule as a FHIR `Timing`, when it has one: its
/// frequency, session minutes and course length. A frequency of one counted
/// rate is `repeat.frequency`/`period`/`periodUnit`; every frequency is also
/// the Timing's `code.text` as mmx writes it (phases, rates in words). The
/// course's weeks are `boundsDuration` (an `expires` of the prescription's
/// own then goes in [`EXPIRES_EXTENSION`]); without weeks the bounds are
/// issued..expiry.
fn occurrence_timing(rx: &Prescription, expires: NaiveDate) -> Option<Value> {
    let weeks = rx.course_weeks();
    if rx.frequency.is_none() && rx.minutes.is_none() && weeks.is_none() {
        return None;
    }
    let mut repeat = serde_json::Map::new();
    match weeks {
        Some(w) => {
            repeat.insert(
                "boundsDuration".into(),
                json!({ "value": w, "unit": "wk", "system": UCUM_SYSTEM, "code": "wk" }),
            );
        }
        None => {
            repeat.insert(
                "boundsPeriod".into(),
                json!({ "start": rx.issued.to_string(), "end": expires.to_string() }),
            );
        }
    }
    if let Some(f) = &rx.frequency
        && let [phase] = f.phases.as_slice()
        && let Rate::Counted { times, every, per } = phase.rate
    {
        repeat.insert("frequency".into(), json!(times));
        repeat.insert("period".into(), json!(every));
        let unit = match per {
            Per::Day => "d",
            Per::Week => "wk",
            Per::Month => "mo",
        };
        repeat.insert("periodUnit".into(), json!(unit));
    }
    if let Some(m) = rx.minutes {
        repeat.insert("duration".into(), json!(m));
        repeat.insert("durationUnit".into(), json!("min"));
    }
    let mut timing = json!({ "repeat": repeat });
    if let Some(f) = &rx.frequency {
        timing["code"] = json!({ "text": f.to_string() });
    }
    Some(timing)
}

/// A diagnosis as a CodeableConcept: the code with the release's own
/// description as its `display` (never the user's words), and the user's
/// text, when there is one, as the concept's `text`.
fn diagnosis_concept(d: &model::Diagnosis) -> Value {
    let official = icd::description(&d.code);
    let mut coding = json!({ "system": ICD10CM_SYSTEM, "code": d.code });
    if let Some(display) = official {
        coding["display"] = json!(display);
    }
    let text = d.text.as_deref().or(official).unwrap_or(&d.code);
    json!({ "coding": [coding], "text": text })
}

/// FHIR dateTime for a local date and time at an offset.
fn date_time(local: NaiveDateTime, offset: FixedOffset) -> String {
    format!("{}{offset}", local.format("%Y-%m-%dT%H:%M:%S"))
}

/// Start and end of a session: times when the start is known, else the day.
/// The start takes the offset the record names, else its first (the hour
/// the clocks go back over happens twice); the end is the start's instant
/// and the minutes, at the offset in force then, so a visit across a clock
/// change is as long as it was. A start the clocks skipped is a finding of
/// `check` ([`times::check`]), which stops the export before this.
fn period(s: &Session, clock: &Clock) -> (String, Option<String>) {
    match times::start_offset(s, clock) {
        Some((local, offset)) => {
            let end = s
                .minutes
                .and_then(|m| clock.after(local, offset, m))
                .map(|(end, at)| date_time(end, at));
            (date_time(local, offset), end)
        }
        None => (s.date.to_string(), None),
    }
}

fn session_resources(
    s: &Session,
    rx: Option<(&str, &[String])>,
    performer: Option<&str>,
    codes: &[&str],
    clock: &Clock,
) -> Vec<Value> {
    let based_on = rx.map(|(r, _)| r);
    let id = resource_id(&[&s.patient, &s.id]);
    let (start, end) = period(s, clock);
    let mut period = json!({ "start": start });
    if let Some(end) = &end {
        period["end"] = json!(end);
    }
    let based_on: Vec<Value> = based_on
        .map(|rx| reference("ServiceRequest", rx))
        .into_iter()
        .collect();
    let subject = reference("Patient", &s.patient);
    let encounter_ref = reference("Encounter", &id);
    let mut encounter = json!({
        "resourceType": "Encounter",
        "id": id,
        "status": if s.is_void() { VOID_STATUS } else if s.completed() { "finished" } else { "cancelled" },
        "class": { "system": ACT_CODE_SYSTEM, "code": "AMB", "display": "ambulatory" },
        "subject": subject,
        "period": period,
    });
    if s.status == Status::NoShow {
        encounter["type"] = json!([{ "text": "no-show" }]);
    }
    if let Some(p) = performer {
        encounter["participant"] = json!([{ "individual": reference("Practitioner", p) }]);
    }
    if let Some((_, conditions)) = rx.filter(|(_, c)| !c.is_empty()) {
        encounter["diagnosis"] = conditions
            .iter()
            .enumerate()
            .map(|(i, c)| json!({ "condition": reference("Condition", c), "rank": i + 1 }))
            .collect();
    }
    if !based_on.is_empty() {
        encounter["basedOn"] = json!(based_on);
    }
    let mut procedure = json!({
        "resourceType": "Procedure",
        "id": id,
        "status": if s.is_void() { VOID_STATUS } else if s.completed() { "completed" } else { "not-done" },
        "code": {
            "coding": codes.iter().map(|c| json!({ "system": CPT_SYSTEM, "code": c })).collect::<Vec<_>>(),
            "text": if s.techniques.is_empty() { "Medical massage".to_string() } else { s.techniques.join(", ") },
        },
        "subject": subject,
        "encounter": encounter_ref,
        "performedPeriod": period,
    });
    if codes.is_empty() {
        procedure["code"]
            .as_object_mut()
            .map(|c| c.remove("coding"));
    }
    if let Some(p) = performer {
        procedure["performer"] = json!([{ "actor": reference("Practitioner", p) }]);
    }
    if !s.completed() && !s.is_void() {
        procedure["statusReason"] = json!({
            "text": if s.status == Status::NoShow { "Patient did not attend (no-show)" } else { "Visit cancelled" }
        });
    }
    if !based_on.is_empty() {
        procedure["basedOn"] = json!(based_on);
    }
    if !s.regions.is_empty() {
        procedure["bodySite"] = s.regions.iter().map(|r| bodysite::concept(r)).collect();
    }
    let mut out = vec![encounter, procedure];
    for (when, value, at) in [
        ("before", s.pain_before, start.clone()),
        ("after", s.pain_after, end.clone().unwrap_or(start.clone())),
    ] {
        let Some(value) = value else { continue };
        out.push(json!({
            "resourceType": "Observation",
            "id": resource_id(&[&s.patient, &s.id, &format!("pain-{when}")]),
            // A voided visit's scores were never the patient's: a receiving
            // system must not file them as results.
            "status": if s.is_void() { VOID_STATUS } else { "final" },
            "category": [{
                "coding": [{ "system": OBSERVATION_CATEGORY, "code": "survey", "display": "Survey" }],
            }],
            "code": {
                "coding": [{ "system": LOINC_SYSTEM, "code": PAIN_CODE, "display": PAIN_DISPLAY }],
                "text": format!("Pain {when} treatment (0-10)"),
            },
            "subject": subject,
            "encounter": encounter_ref,
            "effectiveDateTime": at,
            "valueInteger": value,
        }));
    }
    out
}

/// What a letter about one prescription refers to, as [`bundle`] writes
/// it (the same ids, so a letter and an export agree): the patient, the
/// prescriber, the prescription's `ServiceRequest` and, when named, the
/// therapist who signs the letter; with a reference to each.
pub struct LetterContext {
    pub resources: Vec<Value>,
    pub patient: Value,
    pub request: Value,
    pub author: Option<Value>,
}

pub fn letter_context(
    practice: &Practice,
    folder: &PatientFolder,
    rx: &Prescription,
    author: Option<&str>,
    today: NaiveDate,
) -> Option<LetterContext> {
    let patient = &folder.patient.as_ref()?.rec;
    let rules = &practice.settings.rules;
    let prescriber = practitioner_id(&rx.prescriber);
    let request = resource_id(&[&patient.id, &rx.id]);
    let mut resources = vec![
        patient_resource(patient, &practice.settings.practice.name),
        practitioner_resource(&prescriber, &rx.prescriber),
        service_request(
            rx,
            &request,
            &prescriber,
            rx.expiry(rules),
            course::fhir_status(folder, rx, rules, today),
        ),
    ];
    let author = author.map(|name| {
        let listed = practice.settings.therapist(name);
        let id = therapist_id(name, listed);
        if id != prescriber {
            resources.push(therapist_resource(&id, name, listed));
        }
        reference("Practitioner", &id)
    });
    Some(LetterContext {
        resources,
        patient: reference("Patient", &patient.id),
        request: reference("ServiceRequest", &request),
        author,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_stay_within_fhir_limits_and_unique() {
        assert_eq!(
            resource_id(&["ana-lima-1980", "2026-11-02-a7k2mp"]),
            "ana-lima-1980.2026-11-02-a7k2mp"
        );
        let long = "a".repeat(64);
        let a = resource_id(&[&long, "x"]);
        let b = resource_id(&[&long, "y"]);
        assert_eq!(a.len(), 64);
        assert_ne!(a, b);
    }

    #[test]
    fn full_urls_are_stable_version_8_uuids() {
        let u = full_url("Patient", "ana-lima-1980");
        assert_eq!(u, full_url("Patient", "ana-lima-1980"));
        assert_ne!(u, full_url("Encounter", "ana-lima-1980"));
        let uuid = u.strip_prefix("urn:uuid:").unwrap();
        assert_eq!(uuid.len(), 36);
        assert_eq!(&uuid[14..15], "8");
        assert!(matches!(&uuid[19..20], "8" | "9" | "a" | "b"));
    }
}
