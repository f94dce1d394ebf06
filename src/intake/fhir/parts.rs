//! The parts of a referral besides its schedule: body sites, techniques,
//! diagnoses, precautions, the prescriber and the patient.

use crate::billing::DEFAULT_CODES;
use crate::values::credential_shaped;
use serde_json::Value;

use super::{Given, Reader, ReferredPatient, date};
use crate::export::bodysite;
use crate::export::fhir::{
    AVOID_REGION_EXTENSION, AVOID_TECHNIQUE_EXTENSION, CPT_SYSTEM, ICD10CM_SYSTEM, NPI_SYSTEM,
};
use crate::intake::json_spans::{element, member};
use crate::model::{Diagnosis, Gender, Prescriber};
use crate::values::npi_valid;
use crate::vocab::icd::{self, Verdict};

impl Reader<'_, '_> {
    pub(super) fn regions(&mut self) -> Vec<String> {
        let sites = self.sr["bodySite"].as_array().cloned().unwrap_or_default();
        let base = self.at("bodySite");
        if sites.is_empty() && !self.mistyped("bodySite") {
            self.error(
                &base,
                "missing: the order names no body site",
                Some(
                    "pass --region for each region the order names (`mmx vocab` lists them)".into(),
                ),
            );
        }
        let mut out: Vec<String> = Vec::new();
        for (i, site) in sites.iter().enumerate() {
            let path = element(&base, i);
            if let Some(region) = self.region(&path, site, "--region")
                && !out.contains(&region)
            {
                out.push(region);
            }
        }
        out
    }

    /// One body site: a SNOMED CT coding (laterality in the expression, or
    /// as a laterality qualifier beside it), or an mmx region as its text.
    fn region(&mut self, path: &str, site: &Value, flag: &str) -> Option<String> {
        let codings = site["coding"].as_array().cloned().unwrap_or_default();
        let snomed: Vec<(usize, &str)> = codings
            .iter()
            .enumerate()
            .filter(|(_, c)| c["system"] == bodysite::SNOMED)
            .filter_map(|(i, c)| Some((i, c["code"].as_str()?)))
            .collect();
        let laterality = site["extension"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|e| {
                e["url"]
                    .as_str()
                    .is_some_and(|u| u.to_ascii_lowercase().contains("laterality"))
            })
            .flat_map(|e| {
                e["valueCodeableConcept"]["coding"]
                    .as_array()
                    .into_iter()
                    .flatten()
            })
            .chain(snomed.iter().map(|(i, _)| &codings[*i]))
            .filter_map(|c| c["code"].as_str())
            .find(|c| bodysite::is_laterality(c));
        let site_code = snomed.iter().find(|(_, c)| !bodysite::is_laterality(c));
        let hint = || {
            Some(format!(
                "pass {flag} for each region the order names (`mmx vocab` lists them)"
            ))
        };
        if let Some((i, code)) = site_code {
            let code_path = member(&element(&member(path, "coding"), *i), "code");
            return match bodysite::region_of(code, laterality) {
                Some(region) => Some(region),
                None => {
                    let what = match snomed_shaped(code) {
                        Some(c) => format!("SNOMED CT `{c}`"),
                        None => "the SNOMED CT code".into(),
                    };
                    // A paired region's code, whose side is not said.
                    let paired = laterality.is_none()
                        && bodysite::SIDE_CODES
                            .iter()
                            .any(|s| bodysite::region_of(code, Some(s)).is_some());
                    let side = if paired {
                        " without its side (a laterality qualifier)"
                    } else {
                        ""
                    };
                    self.error(
                        &code_path,
                        format!("{what} is not a body site mmx maps to a region{side}"),
                        hint(),
                    );
                    None
                }
            };
        }
        // No code: the text, when it is an mmx region as written (what
        // `mmx export fhir` writes for a region without a checked code).
        match site["text"].as_str() {
            Some(t) if self.vocab.region(t).as_deref() == Ok(t) => Some(t.to_string()),
            _ => {
                self.error(
                    path,
                    "neither a SNOMED CT code mmx maps nor an mmx region",
                    hint(),
                );
                None
            }
        }
    }

    /// What the order says no visit may do, in mmx's extensions on the
    /// ServiceRequest (as `mmx export fhir` writes them): the regions and
    /// the techniques to avoid. A region or technique that does not map is
    /// an error, never dropped: it is safety data.
    pub(super) fn avoided(&mut self, given: &Given<'_>) -> (Vec<String>, Vec<String>) {
        let extensions = self.sr["extension"].as_array().cloned().unwrap_or_default();
        let base = self.at("extension");
        let (mut regions, mut techniques) = (Vec::new(), Vec::new());
        for (i, e) in extensions.iter().enumerate() {
            let path = element(&base, i);
            let value = member(&path, "valueCodeableConcept");
            match e["url"].as_str() {
                Some(AVOID_REGION_EXTENSION) if given.avoid_regions.is_empty() => {
                    if let Some(r) =
                        self.region(&value, &e["valueCodeableConcept"], "--avoid-region")
                        && !regions.contains(&r)
                    {
                        regions.push(r);
                    }
                }
                Some(AVOID_TECHNIQUE_EXTENSION) if given.avoid_techniques.is_empty() => {
                    match e["valueCodeableConcept"]["text"].as_str() {
                        Some(t) if self.vocab.technique(t).as_deref() == Ok(t) => {
                            if !techniques.iter().any(|x| x == t) {
                                techniques.push(t.to_string());
                            }
                        }
                        _ => self.error(
                            &value,
                            "not a technique mmx maps (an mmx technique as the concept's `text`)",
                            Some(
                                "pass --avoid-technique for each technique the order rules out"
                                    .into(),
                            ),
                        ),
                    }
                }
                _ => {}
            }
        }
        if !given.avoid_regions.is_empty() {
            regions = self.vocab.regions_as_given(given.avoid_regions);
        }
        if !given.avoid_techniques.is_empty() {
            techniques = self.vocab.techniques_as_given(given.avoid_techniques);
        }
        (regions, techniques)
    }

    pub(super) fn techniques(&mut self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        let details = self.sr["orderDetail"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        let base = self.at("orderDetail");
        for (i, d) in details.iter().enumerate() {
            let path = element(&base, i);
            let found = match d["text"].as_str() {
                Some(t) if self.vocab.technique(t).as_deref() == Ok(t) => Some(t.to_string()),
                _ => cpt_technique(d),
            };
            match found {
                Some(t) if !out.contains(&t) => out.push(t),
                Some(_) => {}
                None => self.error(
                    &path,
                    "not a technique mmx maps",
                    Some("pass --technique for each technique the order allows".into()),
                ),
            }
        }
        if let Some(t) = cpt_technique(&self.sr["code"])
            && !out.contains(&t)
        {
            out.push(t);
        }
        if out.is_empty() {
            let code = &self.sr["code"];
            let cpt: Vec<&str> = code["coding"]
                .as_array()
                .into_iter()
                .flatten()
                .filter(|c| c["system"] == CPT_SYSTEM)
                .filter_map(|c| c["code"].as_str())
                .collect();
            let why = match cpt.as_slice() {
                [] => "the order names no technique mmx maps".to_string(),
                codes => format!(
                    "CPT {} names a service, which several techniques are billed under, not a technique",
                    codes
                        .iter()
                        .map(|c| {
                            let cpt = c.len() == 5 && c.bytes().all(|b| b.is_ascii_alphanumeric());
                            if cpt { c } else { "code" }
                        })
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            };
            let path = self.at("code");
            self.error(
                &path,
                why,
                Some(
                    "pass --technique for each technique the order allows (`mmx vocab` lists them)"
                        .into(),
                ),
            );
        }
        out
    }

    pub(super) fn diagnoses(&mut self) -> Vec<Diagnosis> {
        let mut concepts: Vec<(String, Value)> = Vec::new();
        let base = self.at("reasonCode");
        for (i, c) in self.sr["reasonCode"]
            .as_array()
            .into_iter()
            .flatten()
            .enumerate()
        {
            concepts.push((element(&base, i), c.clone()));
        }
        let base = self.at("reasonReference");
        let refs = self.sr["reasonReference"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        for (i, r) in refs.iter().enumerate() {
            let path = element(&base, i);
            match self.resolve(r) {
                Some((condition, at)) if condition["resourceType"] == "Condition" => {
                    concepts.push((member(&at, "code"), condition["code"].clone()))
                }
                _ => self.error(
                    &path,
                    "not a Condition in the file",
                    Some("pass --diagnosis CODE for the diagnoses the order names".into()),
                ),
            }
        }
        let mut out: Vec<Diagnosis> = Vec::new();
        for (path, concept) in concepts {
            let icd = concept["coding"]
                .as_array()
                .into_iter()
                .flatten()
                .find(|c| c["system"] == ICD10CM_SYSTEM)
                .and_then(|c| c["code"].as_str());
            match icd {
                Some(raw) => {
                    let code = raw.trim().to_uppercase();
                    if out.iter().any(|d| d.code == code) {
                        continue;
                    }
                    let code_path = icd_path(&path, &concept);
                    if let Some((why, hint)) = icd_refusal(&code) {
                        self.error(&code_path, why, Some(hint));
                        continue;
                    }
                    let text = concept["text"]
                        .as_str()
                        .map(str::trim)
                        .filter(|t| !t.is_empty() && *t != code)
                        .map(str::to_string);
                    if !out.iter().any(|d| d.code == code) {
                        out.push(Diagnosis { code, text });
                    }
                }
                None => self.error(
                    &path,
                    "no ICD-10-CM code: mmx keeps diagnoses as ICD-10-CM",
                    Some("pass --diagnosis CODE for the diagnoses the order names".into()),
                ),
            }
        }
        out
    }

    pub(super) fn precautions(&self) -> Option<String> {
        let mut parts: Vec<String> = Vec::new();
        for n in self.sr["note"].as_array().into_iter().flatten() {
            if let Some(t) = n["text"].as_str() {
                // What `mmx export fhir` writes before the prescriber's words.
                let t = t.strip_prefix("Precautions: ").unwrap_or(t).trim();
                if !t.is_empty() {
                    parts.push(t.to_string());
                }
            }
        }
        if let Some(t) = self.sr["patientInstruction"].as_str().map(str::trim)
            && !t.is_empty()
        {
            parts.push(t.to_string());
        }
        (!parts.is_empty()).then(|| parts.join("\n"))
    }

    pub(super) fn prescriber(&mut self) -> Prescriber {
        let mut p = Prescriber::default();
        let path = self.at("requester");
        let requester = &self.sr["requester"];
        if !requester.is_object() {
            if self.mistyped("requester") {
                return p;
            }
            self.error(
                &path,
                "missing: the order names no prescriber",
                Some("a referral mmx can read names who ordered it (`requester`)".into()),
            );
            return p;
        }
        let mut person = self.resolve(requester);
        if let Some((role, at)) = person.clone()
            && role["resourceType"] == "PractitionerRole"
        {
            p.phone = telecom(role, "phone");
            p.fax = telecom(role, "fax");
            person = self
                .resolve(&role["practitioner"])
                .filter(|(v, _)| v["resourceType"] == "Practitioner");
            if person.is_none() && role["practitioner"]["display"].is_string() {
                p.name = role["practitioner"]["display"]
                    .as_str()
                    .unwrap_or_default()
                    .to_string();
            } else if person.is_none() {
                self.error(
                    &member(&at, "practitioner"),
                    "names no practitioner in the file",
                    None,
                );
            }
        }
        match person {
            Some((v, at)) if v["resourceType"] == "Practitioner" => {
                p.name = human_name(&v["name"]).unwrap_or_default();
                for (i, id) in v["identifier"].as_array().into_iter().flatten().enumerate() {
                    if id["system"] == NPI_SYSTEM
                        && let Some(npi) = id["value"].as_str()
                    {
                        if npi_valid(npi) {
                            p.npi = Some(npi.to_string());
                        } else {
                            let path = member(&element(&member(&at, "identifier"), i), "value");
                            self.error(
                                &path,
                                "not an NPI (10 digits with a valid check digit)",
                                None,
                            );
                        }
                    }
                }
                p.phone = p.phone.or_else(|| telecom(v, "phone"));
                p.fax = p.fax.or_else(|| telecom(v, "fax"));
                p.address = v["address"]
                    .as_array()
                    .and_then(|a| a.first())
                    .and_then(address);
                p.credential = v["qualification"]
                    .as_array()
                    .and_then(|q| q.first())
                    .and_then(|q| {
                        q["code"]["text"]
                            .as_str()
                            .or(q["code"]["coding"][0]["code"].as_str())
                    })
                    .filter(|c| credential_shaped(c))
                    .map(str::to_string);
                if p.name.is_empty() {
                    self.error(&member(&at, "name"), "the prescriber has no name", None);
                }
            }
            Some((v, at)) => {
                let what = v["resourceType"]
                    .as_str()
                    .and_then(type_shaped)
                    .unwrap_or("resource");
                self.error(
                    &at,
                    format!(
                        "a {what} is not a prescriber: mmx keeps the person who ordered the care"
                    ),
                    None,
                );
            }
            None if p.name.is_empty() => match requester["display"].as_str() {
                Some(name) if !name.trim().is_empty() => {
                    p.name = name.trim().to_string();
                    // A reference by name may say the NPI beside it.
                    let id = &requester["identifier"];
                    if id["system"] == NPI_SYSTEM
                        && let Some(npi) = id["value"].as_str()
                    {
                        if npi_valid(npi) {
                            p.npi = Some(npi.to_string());
                        } else {
                            self.error(
                                &member(&member(&path, "identifier"), "value"),
                                "not an NPI (10 digits with a valid check digit)",
                                None,
                            );
                        }
                    }
                }
                _ => self.error(&path, "names no practitioner in the file", None),
            },
            None => {}
        }
        p
    }

    /// The Patient the order is for, when the file holds it.
    pub(super) fn patient(&mut self) -> Option<ReferredPatient> {
        let (v, path) = self.resolve(&self.sr["subject"])?;
        if v["resourceType"] != "Patient" {
            self.error(&path, "the order's subject is not a Patient", None);
            return None;
        }
        let birth_date = match v["birthDate"].as_str() {
            Some(s) => {
                let d = date(s);
                if d.is_none() {
                    self.error(&member(&path, "birthDate"), "not a whole date", None);
                }
                d
            }
            None => None,
        };
        let mmx_id = v["identifier"]
            .as_array()
            .into_iter()
            .flatten()
            .find(|i| {
                i["system"]
                    .as_str()
                    .is_some_and(|s| s.starts_with("urn:mmx:") && s.ends_with(":patient"))
            })
            .and_then(|i| i["value"].as_str())
            .map(str::to_string);
        // A gender that is not FHIR's is not kept, and says so (never what it is).
        let gender = v.get("gender").map(|g| g.as_str().and_then(Gender::parse));
        if let Some(None) = gender {
            self.warn(
                &member(&path, "gender"),
                "not an administrative gender FHIR has (male, female, other, unknown): none is kept",
            );
        }
        Some(ReferredPatient {
            name: patient_name(&v["name"]),
            birth_date,
            gender: gender.flatten(),
            phone: telecom(v, "phone"),
            email: telecom(v, "email"),
            address: v["address"]
                .as_array()
                .and_then(|a| a.first())
                .and_then(address),
            mmx_id,
            path,
        })
    }
}

/// The path of a concept's first ICD-10-CM code (the one read).
fn icd_path(concept_path: &str, concept: &Value) -> String {
    let i = concept["coding"]
        .as_array()
        .and_then(|c| c.iter().position(|c| c["system"] == ICD10CM_SYSTEM))
        .unwrap_or(0);
    member(&element(&member(concept_path, "coding"), i), "code")
}

/// Why the release refuses a diagnosis code, and what to do, in the words of
/// a referral (the schema reader words the same verdicts for a record's
/// field; a category is kept, and warned about, as there). A code that is no ICD-10-CM code at all may be anyone's words,
/// and is not shown; a well-shaped one is.
fn icd_refusal(code: &str) -> Option<(String, String)> {
    let hint = "pass --diagnosis CODE for the diagnoses the order names (`mmx vocab --diagnoses PREFIX` lists the release's codes)".to_string();
    match icd::verdict(code) {
        Verdict::Billable => None,
        Verdict::Malformed => Some((
            "not an ICD-10-CM code (a capital letter, two digits or letters, then an optional dot and up to four more: M54.16, S13.4XXA)".to_string(),
            hint,
        )),
        Verdict::Unknown => Some((format!("`{code}` is not a code of {}", icd::release()), hint)),
        // Kept, as in a record: the gate warns that a claim needs a billable code.
        Verdict::Category { .. } => None,
    }
}

/// A SNOMED CT code or expression as a message may show it: digits and
/// the expression's `:`, `=`, `,`, `{`, `}` alone, at most 60 (anything else
/// in the field may be anyone's words).
fn snomed_shaped(code: &str) -> Option<&str> {
    (!code.is_empty()
        && code.len() <= 60
        && code
            .bytes()
            .all(|b| b.is_ascii_digit() || b":=,{}".contains(&b)))
    .then_some(code)
}

/// A resource type as a message may show it: ASCII letters alone, a
/// capital first (`Organization`), at most 40.
pub(super) fn type_shaped(t: &str) -> Option<&str> {
    (t.len() <= 40
        && t.starts_with(|c: char| c.is_ascii_uppercase())
        && t.bytes().all(|b| b.is_ascii_alphabetic()))
    .then_some(t)
}

/// A technique a CPT code names alone (97010: hot or cold packs); the
/// codes massage is billed under name several.
fn cpt_technique(concept: &Value) -> Option<String> {
    let codes: Vec<&str> = concept["coding"]
        .as_array()?
        .iter()
        .filter(|c| c["system"] == CPT_SYSTEM)
        .filter_map(|c| c["code"].as_str())
        .collect();
    codes.iter().find_map(|code| {
        let mut techniques = DEFAULT_CODES
            .iter()
            .filter(|(_, c)| c == code)
            .map(|(t, _)| *t);
        match (techniques.next(), techniques.next()) {
            (Some(one), None) => Some(one.to_string()),
            _ => None,
        }
    })
}

/// A HumanName list's first name as one line: its `text`, else the given
/// names and the family name.
fn human_name(names: &Value) -> Option<String> {
    let n = names.as_array()?.first()?;
    if let Some(t) = n["text"].as_str().map(str::trim).filter(|t| !t.is_empty()) {
        return Some(t.to_string());
    }
    let mut parts: Vec<&str> = n["prefix"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect();
    parts.extend(
        n["given"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(Value::as_str),
    );
    parts.extend(n["family"].as_str());
    let joined = parts.join(" ");
    (!joined.trim().is_empty()).then(|| joined.trim().to_string())
}

/// A Patient's name as mmx keeps it: given names first, without a prefix
/// (`Ms.` is no part of an id), `FAMILY, Given` turned round, and a word in
/// capitals alone (as registration systems write family names) in the
/// usual case: `LIMA, Ana` is `Ana Lima`, `O'NEIL` is `O'Neil`. A word with
/// a small letter is kept as written (`McDonald`, `van der Berg`), as are
/// single letters and Roman numerals (`J.`, `III`).
fn patient_name(names: &Value) -> Option<String> {
    let n = names.as_array()?.first()?;
    let text = n["text"].as_str().map(str::trim).filter(|t| !t.is_empty());
    let raw = match text {
        Some(t) => match t.split_once(',') {
            Some((family, given))
                if !given.contains(',')
                    && !family.trim().is_empty()
                    && !given.trim().is_empty() =>
            {
                format!("{} {}", given.trim(), family.trim())
            }
            _ => t.to_string(),
        },
        None => {
            let mut parts: Vec<&str> = n["given"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
                .collect();
            parts.extend(n["family"].as_str());
            parts.join(" ")
        }
    };
    let name = raw
        .split_whitespace()
        .map(usual_case)
        .collect::<Vec<_>>()
        .join(" ");
    (!name.is_empty()).then_some(name)
}

/// A word in capitals alone in the usual case (`QUIÑONES-HARTLEY` is
/// `Quiñones-Hartley`); any other word as it is.
fn usual_case(word: &str) -> String {
    let letters = word.chars().filter(|c| c.is_alphabetic()).count();
    let capitals = !word.chars().any(char::is_lowercase);
    let roman = ["II", "III", "IV", "VI", "VII", "VIII", "IX", "XI", "XII"]
        .contains(&word.trim_end_matches(['.', ',']));
    if letters < 2 || !capitals || roman {
        return word.to_string();
    }
    let mut out = String::with_capacity(word.len());
    let mut start = true;
    for c in word.chars() {
        if start {
            out.push(c);
        } else {
            out.extend(c.to_lowercase());
        }
        start = !c.is_alphabetic();
    }
    out
}

/// The first `telecom` of a system (`phone`, `fax`, `email`).
fn telecom(resource: &Value, system: &str) -> Option<String> {
    resource["telecom"]
        .as_array()?
        .iter()
        .find(|t| t["system"] == system)
        .and_then(|t| t["value"].as_str())
        .map(|v| v.trim().to_string())
        .filter(|v| !v.is_empty())
}

/// An Address as one text: its `text`, else its lines, city, state and code.
fn address(a: &Value) -> Option<String> {
    if let Some(t) = a["text"].as_str().map(str::trim).filter(|t| !t.is_empty()) {
        return Some(t.to_string());
    }
    let mut parts: Vec<&str> = a["line"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect();
    for key in ["city", "state", "postalCode"] {
        parts.extend(a[key].as_str());
    }
    let joined = parts.join(", ");
    (!joined.is_empty()).then_some(joined)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn named(v: Value) -> Option<String> {
        patient_name(&json!([v]))
    }

    #[test]
    fn a_patients_name_is_given_first_and_capitals_alone_are_lowered() {
        assert_eq!(
            named(json!({ "text": "LIMA, Ana" })).as_deref(),
            Some("Ana Lima")
        );
        assert_eq!(
            named(json!({ "family": "LIMA", "given": ["ANA", "MARIA"], "prefix": ["Ms."] }))
                .as_deref(),
            Some("Ana Maria Lima")
        );
        for kept in [
            "Angus McDonald",
            "Pieter van der Berg",
            "Siobhan O'Neil",
            "Ana Lima",
        ] {
            assert_eq!(named(json!({ "text": kept })).as_deref(), Some(kept));
        }
        assert_eq!(
            named(json!({ "text": "O'NEIL, SIOBHAN" })).as_deref(),
            Some("Siobhan O'Neil")
        );
        assert_eq!(
            named(json!({ "text": "QUIÑONES-HARTLEY, Marisol J." })).as_deref(),
            Some("Marisol J. Quiñones-Hartley")
        );
        assert_eq!(
            named(json!({ "family": "PEMBERTON", "given": ["John"], "suffix": ["III"] }))
                .as_deref(),
            Some("John Pemberton")
        );
        assert_eq!(usual_case("III"), "III");
        assert_eq!(usual_case("VAN"), "Van");
        assert_eq!(usual_case("VIVI"), "Vivi");
        // Several commas: not a `FAMILY, Given` pair, kept in order.
        assert_eq!(
            named(json!({ "text": "LIMA, Ana, Jr." })).as_deref(),
            Some("Lima, Ana, Jr.")
        );
        assert_eq!(named(json!({ "text": " , " })), Some(",".to_string()));
        assert_eq!(named(json!({ "given": [] })), None);
    }
}
