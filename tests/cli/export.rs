//! `export fhir`: the demo practice as a FHIR bundle whose ids are stable,
//! whose references all resolve inside it, and whose counts are the records'.
//! (Validation by fhir.resources and against HL7's R4 JSON Schema runs in
//! tests/fhir/check-export.sh.)

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use crate::common::{Severity, TestPractice, crate_root};

fn demo() -> TestPractice {
    TestPractice::copy_of(&crate_root().join("examples/demo-practice"))
}

fn references(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::Object(m) => {
            for (k, v) in m {
                match (k.as_str(), v) {
                    ("reference", Value::String(s)) => out.push(s.clone()),
                    _ => references(v, out),
                }
            }
        }
        Value::Array(a) => a.iter().for_each(|v| references(v, out)),
        _ => {}
    }
}

fn counts(bundle: &Value) -> BTreeMap<String, usize> {
    let mut counts = BTreeMap::new();
    for e in bundle["entry"].as_array().unwrap() {
        *counts
            .entry(e["resource"]["resourceType"].as_str().unwrap().to_string())
            .or_default() += 1;
    }
    counts
}

#[test]
fn the_demo_practice_exports_one_resource_per_record_and_every_reference_resolves() {
    let p = demo();
    let run = p.mmx(&["export", "fhir"]);
    run.success();
    let bundle: Value = run.json();
    assert_eq!(bundle["resourceType"], "Bundle");
    assert_eq!(bundle["type"], "collection");
    let pain_scores: usize = p
        .mmx(&["session", "list", "--format", "json"])
        .json::<Vec<Value>>()
        .iter()
        .map(|s| usize::from(!s["pain_before"].is_null()) + usize::from(!s["pain_after"].is_null()))
        .sum();
    let c = counts(&bundle);
    assert_eq!(c["Patient"], 6);
    assert_eq!(c["ServiceRequest"], 8);
    // One session of the 77 is voided: still exported, as entered-in-error.
    assert_eq!(c["Encounter"], 77);
    assert_eq!(c["Procedure"], 77);
    // Each pain score, each patient's health screening, and the one doctor's
    // clearance (Marisol's).
    assert_eq!(c["Observation"], pain_scores + 6 + 1);
    assert_eq!(c["Consent"], 3);
    assert!(c["Practitioner"] >= 1);
    let of_type = |t: &str| {
        bundle["entry"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| &e["resource"])
            .filter(|r| r["resourceType"] == t)
            .cloned()
            .collect::<Vec<Value>>()
    };
    let voided: Vec<&str> = of_type("Encounter")
        .iter()
        .chain(of_type("Procedure").iter())
        .filter(|r| r["status"] == "entered-in-error")
        .map(|r| r["resourceType"].as_str().unwrap())
        .map(|t| if t == "Encounter" { "E" } else { "P" })
        .collect();
    assert_eq!(voided, ["E", "P"], "the voided visit, and only it");
    let requests = of_type("ServiceRequest");
    let statuses: BTreeMap<&str, usize> = requests.iter().fold(BTreeMap::new(), |mut m, r| {
        *m.entry(r["status"].as_str().unwrap()).or_default() += 1;
        m
    });
    // Discharged (closed) and used up are completed; a renewal carries on a
    // lapsed one; nothing lapsed unrenewed, so nothing is revoked.
    assert_eq!(statuses.get("revoked"), None, "{statuses:?}");
    assert_eq!(statuses["completed"], 3, "{statuses:?}");
    let renewals = requests.iter().filter(|r| r["replaces"].is_array()).count();
    assert_eq!(renewals, 2, "the two renewals replace what they renew");

    let entries = bundle["entry"].as_array().unwrap();
    let urls: BTreeSet<&str> = entries
        .iter()
        .map(|e| e["fullUrl"].as_str().unwrap())
        .collect();
    assert_eq!(urls.len(), entries.len(), "fullUrls repeat");
    let mut refs = Vec::new();
    references(&bundle, &mut refs);
    assert!(refs.len() > entries.len());
    for r in &refs {
        assert!(
            urls.contains(r.as_str()),
            "{r} is not an entry of the bundle"
        );
    }
    for e in entries {
        let id = e["resource"]["id"].as_str().unwrap();
        assert!(
            !id.is_empty()
                && id.len() <= 64
                && id
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.'),
            "{id} is not a FHIR id"
        );
    }
    let patient = entries
        .iter()
        .find(|e| e["resource"]["id"] == "jose-nunez-1975")
        .expect("patient exported under its mmx id");
    assert_eq!(patient["resource"]["resourceType"], "Patient");
}

#[test]
fn the_same_records_give_the_same_bytes_and_one_patient_exports_alone() {
    let p = demo();
    let a = p.mmx(&["export", "fhir"]);
    p.mmx(&["export", "fhir", "-o", "out.json"]).success();
    // Inside the practice, an output goes to documents/ (see documents.rs).
    assert_eq!(a.stdout, p.read("documents/out.json"));

    let one: Value = p.mmx(&["export", "fhir", "jose-nunez-1975"]).json();
    let c = counts(&one);
    assert_eq!(c["Patient"], 1);
    let mut refs = Vec::new();
    references(&one, &mut refs);
    let urls: BTreeSet<&str> = one["entry"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["fullUrl"].as_str().unwrap())
        .collect();
    assert!(refs.iter().all(|r| urls.contains(r.as_str())));
    p.mmx(&["export", "fhir", "nobody-1900"]).code(1);
}

#[test]
fn checked_regions_carry_snomed_codes_with_laterality_and_others_only_text() {
    let p = TestPractice::with_prescription();
    let bundle: Value = p.mmx(&["export", "fhir"]).json();
    let rx = bundle["entry"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["resource"]["resourceType"] == "ServiceRequest")
        .unwrap();
    let sites = &rx["resource"]["bodySite"];
    assert_eq!(sites[0]["coding"][0]["code"], "122496007");
    assert_eq!(sites[0]["text"], "lumbar");
    // left-gluteal has no checked code: text alone, never a guess.
    assert_eq!(sites[1], serde_json::json!({ "text": "left-gluteal" }));
    assert_eq!(rx["resource"]["status"], "active");
    assert_eq!(rx["resource"]["intent"], "order");
}

#[test]
fn records_with_errors_are_not_exported() {
    let p = TestPractice::copy_of(&crate_root().join("tests/fixtures/invalid/toml-syntax"));
    let run = p.mmx(&["export", "fhir"]);
    run.code(1);
    assert!(run.stdout.is_empty());
    assert!(run.stderr.contains("mmx check"), "{run}");
}

/// A compliance finding is an error like any other to an export: a session
/// past its prescription's visits stops it, whole practice or one patient,
/// and nothing is written, to stdout or to the file asked for.
#[test]
fn a_session_past_its_prescriptions_visits_stops_the_export() {
    let p = TestPractice::copy_of(&crate_root().join("tests/fixtures/invalid/visits-exceeded"));
    let errors: Vec<String> = p
        .check_json()
        .diagnostics
        .into_iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| d.code)
        .collect();
    assert_eq!(errors, ["visits-exceeded"], "the practice's only error");
    let before = p.files("");
    for args in [
        &["export", "fhir"][..],
        &["export", "fhir", "--output", "bundle.json"],
        &["export", "fhir", "ana-lima-1980"],
    ] {
        let run = p.mmx(args);
        run.code(1);
        assert!(run.stdout.is_empty(), "{run}");
        assert!(run.stderr.contains("error[visits-exceeded]"), "{run}");
        assert!(
            run.stderr
                .contains("the records have 1 error (above); nothing was exported"),
            "{run}"
        );
        assert_eq!(p.files(""), before, "{args:?} wrote a file");
    }
}

#[test]
fn every_resource_of_a_voided_session_is_entered_in_error() {
    let p = demo();
    // The voided sessions, from their files: `patient.session`, FHIR's id.
    let voided: BTreeSet<String> = p
        .files("patients")
        .into_iter()
        .filter(|f| f.contains("/sessions/") && p.read(f).contains("\n[void]\n"))
        .map(|f| {
            let parts: Vec<&str> = f.trim_end_matches(".toml").split('/').collect();
            format!("{}.{}", parts[1], parts[3])
        })
        .collect();
    assert_eq!(voided.len(), 1, "the demo voids one visit");
    let run = p.mmx(&["export", "fhir"]);
    run.success();
    let bundle: Value = run.json();
    let voided_urls: BTreeSet<&str> = bundle["entry"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| {
            e["resource"]["resourceType"] == "Encounter"
                && voided.contains(e["resource"]["id"].as_str().unwrap())
        })
        .map(|e| e["fullUrl"].as_str().unwrap())
        .collect();
    assert_eq!(voided_urls.len(), voided.len());
    let mut of_voided = BTreeMap::new();
    for e in bundle["entry"].as_array().unwrap() {
        let r = &e["resource"];
        let kind = r["resourceType"].as_str().unwrap();
        let from_voided = match kind {
            "Encounter" | "Procedure" => voided.contains(r["id"].as_str().unwrap()),
            _ => r["encounter"]["reference"]
                .as_str()
                .is_some_and(|u| voided_urls.contains(u)),
        };
        if from_voided {
            *of_voided.entry(kind.to_string()).or_insert(0) += 1;
            assert_eq!(r["status"], "entered-in-error", "{r}");
        } else {
            assert_ne!(r["status"], "entered-in-error", "{r}");
        }
    }
    // Its visit and procedure, and its pain before and after.
    assert_eq!(
        of_voided,
        BTreeMap::from([
            ("Encounter".to_string(), 1),
            ("Observation".to_string(), 2),
            ("Procedure".to_string(), 1)
        ])
    );
}
