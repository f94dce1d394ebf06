//! The parts of a referral besides its schedule: body sites, techniques,
//! diagnoses, precautions, the prescriber and the patient.

use crate::billing::DEFAULT_CODES;
use crate::values::credential_shaped;
use serde_json::Value;

use super::{Reader, ReferredPatient, date};
use crate::diag::shown;
use crate::export::bodysite;
use crate::export::fhir::{CPT_SYSTEM, ICD10CM_SYSTEM, NPI_SYSTEM};
use crate::intake::json_spans::{element, member};
use crate::model::{Diagnosis, Gender, Prescriber};
use crate::values::npi_valid;

impl Reader<'_, '_> {
    pub(super) fn regions(&mut self) -> Vec<String> {
        let sites = self.sr["bodySite"].as_array().cloned().unwrap_or_default();
        let base = self.at("bodySite");
        if sites.is_empty() {
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
            if let Some(region) = self.region(&path, site)
                && !out.contains(&region)
            {
                out.push(region);
            }
        }
        out
    }

    /// One body site: a SNOMED CT coding (laterality in the expression, or
    /// as a laterality qualifier beside it), or an mmx region as its text.
    fn region(&mut self, path: &str, site: &Value) -> Option<String> {
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
            Some(
                "pass --region for each region the order names (`mmx vocab` lists them)"
                    .to_string(),
            )
        };
        if let Some((i, code)) = site_code {
            let code_path = member(&element(&member(path, "coding"), *i), "code");
            return match bodysite::region_of(code, laterality) {
                Some(region) => Some(region),
                None => {
                    let what = match shown(code) {
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
                        .map(|c| shown(c).unwrap_or("code"))
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
                Some(code) => {
                    let code = code.trim().to_uppercase();
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
                    .and_then(shown)
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
                Some(name) if !name.trim().is_empty() => p.name = name.trim().to_string(),
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
        Some(ReferredPatient {
            name: human_name(&v["name"]),
            birth_date,
            gender: v["gender"].as_str().and_then(Gender::parse),
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
