//! A referral read from the referrer's system (`mmx rx import`): the demo's
//! own export round-trips into a fresh practice, ServiceRequests written as
//! other systems write them are read, and what cannot be mapped is refused
//! at its JSON path, never guessed.

use std::fs;

use serde_json::Value;

use crate::common::{PATIENT, TestPractice, crate_root};

fn referral(name: &str) -> String {
    crate_root()
        .join("tests/fixtures/referrals")
        .join(name)
        .to_string_lossy()
        .into_owned()
}

fn show(p: &TestPractice, rx: &str) -> Value {
    p.mmx(&["rx", "show", rx, "--format", "json"])
        .success()
        .json()
}

/// What a round trip keeps of a prescription: regions, techniques, visits,
/// schedule and course, dates, diagnoses, prescriber, minutes, precautions,
/// what to avoid (safety data), the renewal it continues.
fn kept(rx: &Value) -> Value {
    let codes: Vec<&Value> = rx["diagnoses"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|d| &d["code"])
        .collect();
    serde_json::json!({
        "patient": rx["patient"],
        "issued": rx["issued"],
        "valid_until": rx["valid_until"],
        "visits": rx["visits"],
        "frequency": rx["frequency"],
        "weeks": rx["course"]["weeks"],
        "minutes": rx["minutes"],
        "regions": rx["regions"],
        "techniques": rx["techniques"],
        "avoid_regions": rx["avoid_regions"],
        "avoid_techniques": rx["avoid_techniques"],
        "renews": rx["renews"],
        "expires": rx["expires"],
        "precautions": rx["precautions"],
        "diagnoses": codes,
        "prescriber": {
            "name": rx["prescriber"]["name"],
            "npi": rx["prescriber"]["npi"],
            "phone": rx["prescriber"]["phone"],
        },
    })
}

#[test]
fn the_demo_practice_round_trips_through_its_own_export() {
    let demo = TestPractice::copy_of(&crate_root().join("examples/demo-practice"));
    let fresh = TestPractice::new();
    let out = tempfile::tempdir().unwrap();
    let patients: Vec<String> = demo
        .mmx(&["patient", "list", "--format", "json"])
        .json::<Vec<Value>>()
        .iter()
        .map(|p| p["id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(patients.len(), 6);
    let mut imported = 0;
    for patient in &patients {
        let file = out.path().join(format!("{patient}.json"));
        let file = file.to_str().unwrap();
        demo.mmx(&["export", "fhir", patient, "-o", file]).success();
        let bundle: Value = serde_json::from_str(&fs::read_to_string(file).unwrap()).unwrap();
        for entry in bundle["entry"].as_array().unwrap() {
            let r = &entry["resource"];
            if r["resourceType"] != "ServiceRequest" {
                continue;
            }
            let request = r["id"].as_str().unwrap();
            let rx = request.split_once('.').unwrap().1;
            let run = fresh.mmx(&["rx", "import", file, "--request", request, "--id", rx]);
            run.success();
            assert_eq!(run.stdout.trim(), rx);
            assert_eq!(kept(&show(&fresh, rx)), kept(&show(&demo, rx)), "{rx}");
            let order = &show(&fresh, rx)["order"];
            assert_eq!(order["source"], "fhir");
            imported += 1;
        }
    }
    assert_eq!(imported, 8);
    // The patients were made from the referrals, with the same ids.
    let ids: Vec<String> = fresh
        .mmx(&["patient", "list", "--format", "json"])
        .json::<Vec<Value>>()
        .iter()
        .map(|p| p["id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(ids, patients);
    let found = fresh.check_json();
    assert_eq!(found.summary.errors, 0, "{:?}", found.diagnostics);
}

#[test]
fn a_bundle_written_by_another_system_is_read_once_its_technique_is_said() {
    let p = TestPractice::new();
    let file = referral("other-system.json");
    // CPT 97124 is a service several techniques are billed under.
    let run = p.mmx(&["rx", "import", &file]);
    run.code(1);
    assert!(
        run.stderr.contains(
            "error[not-mapped]: Bundle.entry[0].resource.code: CPT 97124 names a service"
        ) && run.stderr.contains("other-system.json:22:17")
            && run.stderr.contains("pass --technique"),
        "{run}"
    );
    assert!(p.files("patients").is_empty(), "nothing is written");
    let run = p.mmx(&[
        "rx",
        "import",
        &file,
        "--technique",
        "swedish",
        "--received",
        "2026-11-03",
    ]);
    run.success();
    assert!(
        run.stderr
            .contains("added patient `ana-lima-1980` from the referral"),
        "{run}"
    );
    let rx = show(&p, run.stdout.trim());
    assert_eq!(rx["issued"], "2026-11-02");
    assert_eq!(rx["referral_id"], "ORD-7731");
    // The laterality qualifier beside the shoulder's code.
    assert_eq!(
        rx["regions"],
        serde_json::json!(["left-shoulder", "lumbar"])
    );
    assert_eq!(rx["techniques"], serde_json::json!(["swedish"]));
    // boundsDuration: the course's four weeks.
    assert_eq!(rx["frequency"], "2x/week for 4 weeks");
    assert_eq!(rx["course"]["weeks"], 4);
    assert_eq!(rx["minutes"], 45);
    assert_eq!(rx["visits"], 8);
    assert_eq!(rx["diagnoses"][0]["code"], "M54.16");
    assert_eq!(
        rx["precautions"],
        "No deep pressure over the surgical site."
    );
    // Through the PractitionerRole: the person, and the role's phone and fax.
    assert_eq!(rx["prescriber"]["name"], "Dr. Ada Vance");
    assert_eq!(rx["prescriber"]["npi"], "1234567893");
    assert_eq!(rx["prescriber"]["credential"], "MD");
    assert_eq!(rx["prescriber"]["fax"], "555-0101");
    // The file itself is the order, unchanged.
    assert_eq!(rx["order"]["source"], "fhir");
    assert_eq!(rx["order"]["received"], "2026-11-03");
    let kept = format!(
        "patients/{PATIENT}/orders/{}",
        rx["order"]["file"].as_str().unwrap()
    );
    assert_eq!(fs::read(p.path(&kept)).unwrap(), fs::read(&file).unwrap());
    let patient = p.read(&format!("patients/{PATIENT}/patient.toml"));
    assert!(
        patient.contains("birth_date = 1980-04-12") && patient.contains("gender = \"female\""),
        "{patient}"
    );
    assert!(p.check_json().diagnostics.is_empty());

    // The export echoes the referrer's order number.
    let export = p.mmx(&["export", "fhir"]);
    export.success();
    assert!(
        export.stdout.contains("\"value\": \"ORD-7731\""),
        "{export}"
    );
}

#[test]
fn contained_resources_and_a_schedule_in_phases_are_read_and_the_patient_matched() {
    let p = TestPractice::new();
    p.add_patient("Ana Lima", "1980-04-12");
    // "LIMA, Ana", born the same day: the same patient.
    let run = p.mmx(&["rx", "import", &referral("contained.json")]);
    run.success();
    assert!(!run.stderr.contains("added patient"), "{run}");
    let rx = show(&p, run.stdout.trim());
    assert_eq!(rx["patient"], PATIENT);
    assert_eq!(rx["regions"], serde_json::json!(["right-shoulder"]));
    assert_eq!(rx["techniques"], serde_json::json!(["myofascial-release"]));
    assert_eq!(
        rx["frequency"],
        "1x/week for 2 weeks, then 1x/2 weeks for 4 weeks"
    );
    assert_eq!(rx["expires"], "2027-02-16");
    assert_eq!(rx["prescriber"]["name"], "Dr. Ada Vance");
    assert_eq!(rx["diagnoses"][0]["text"], "Impingement, right shoulder");
}

#[test]
fn what_does_not_map_is_refused_at_its_json_path() {
    let p = TestPractice::new();
    p.add_patient("Ana Lima", "1980-04-12");
    let file = referral("unmappable.json");
    let run = p.mmx(&["rx", "import", &file, "--patient", PATIENT]);
    run.code(1);
    assert!(
        run.stderr.contains(
            "error[not-mapped]: ServiceRequest.bodySite[0].coding[0].code: SNOMED CT `244279004` is not a body site mmx maps to a region"
        ) && run.stderr.contains("unmappable.json:16:")
            && run.stderr.contains(
                "error[not-mapped]: ServiceRequest.occurrenceTiming.repeat.dayOfWeek: mmx checks visits per day, week or month"
            ),
        "{run}"
    );
    assert!(
        p.files(&format!("patients/{PATIENT}/prescriptions"))
            .is_empty()
    );
    assert!(p.files(&format!("patients/{PATIENT}/orders")).is_empty());
    // Said on the command line instead, the rest is read.
    let run = p.mmx(&[
        "rx",
        "import",
        &file,
        "--patient",
        PATIENT,
        "--region",
        "left-knee",
        "--frequency",
        "1x/week",
    ]);
    run.success();
    let rx = show(&p, run.stdout.trim());
    assert_eq!(rx["regions"], serde_json::json!(["left-knee"]));
    assert_eq!(rx["frequency"], "1x/week");
    assert_eq!(rx["prescriber"]["name"], "Dr. Ada Vance");
}

#[test]
fn a_referral_whose_patient_is_not_clear_is_refused() {
    let p = TestPractice::new();
    p.add_patient("Ana Lima", "1980-04-12");
    p.mmx(&[
        "patient",
        "add",
        "--name",
        "Ana Lima",
        "--birth-date",
        "1980-04-12",
        "--id",
        "ana-lima-b",
    ])
    .success();
    let file = referral("contained.json");
    let run = p.mmx(&["rx", "import", &file]);
    run.code(1);
    assert!(
        run.stderr.contains(
            "2 patients have the referral's name and birth date (ana-lima-1980, ana-lima-b)"
        ) && run.stderr.contains("--patient"),
        "{run}"
    );
    // Named, and born another day: not theirs.
    p.mmx(&[
        "patient",
        "add",
        "--name",
        "Bo Chen",
        "--birth-date",
        "1991-02-03",
    ])
    .success();
    let run = p.mmx(&["rx", "import", &file, "--patient", "bo-chen-1991"]);
    run.code(1);
    assert!(run.stderr.contains("was born 1980-04-12"), "{run}");
    p.mmx(&["rx", "import", &file, "--patient", "ana-lima-b"])
        .success();
    // A file of several patients is never kept in one's folder.
    // Outside the practice: an output inside it goes to documents/.
    let elsewhere = tempfile::tempdir().unwrap();
    let whole = elsewhere.path().join("whole.json");
    p.mmx(&["export", "fhir", "-o", whole.to_str().unwrap()])
        .success();
    let run = p.mmx(&[
        "rx",
        "import",
        whole.to_str().unwrap(),
        "--patient",
        PATIENT,
    ]);
    // The file says no (exit 1), whatever the command line.
    run.code(1);
    assert!(run.stderr.contains("holds 3 patients"), "{run}");
}

#[test]
fn dry_run_imports_nothing() {
    let p = TestPractice::new();
    let run = p.mmx(&[
        "rx",
        "import",
        &referral("other-system.json"),
        "--technique",
        "swedish",
        "--dry-run",
    ]);
    run.success();
    assert!(
        run.stdout
            .contains("# not written (--dry-run):\n# patients/ana-lima-1980/patient.toml\n")
            && run.stdout.contains("referral_id = \"ORD-7731\""),
        "{run}"
    );
    assert!(p.files("patients").is_empty());
}

/// A prescription's export, imported into a fresh practice: the two kept
/// the same, and the ServiceRequest the export wrote.
fn round_trip(p: &TestPractice, rx: &str) -> (Value, Value) {
    let out = tempfile::tempdir().unwrap();
    let file = out.path().join("export.json");
    let file = file.to_str().unwrap();
    p.mmx(&["export", "fhir", PATIENT, "-o", file]).success();
    let bundle: Value = serde_json::from_str(&fs::read_to_string(file).unwrap()).unwrap();
    let request = bundle["entry"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| &e["resource"])
        .find(|r| r["resourceType"] == "ServiceRequest" && r["id"].as_str().unwrap().ends_with(rx))
        .unwrap()
        .clone();
    let fresh = TestPractice::new();
    let request_id = request["id"].as_str().unwrap();
    fresh
        .mmx(&["rx", "import", file, "--request", request_id, "--id", rx])
        .success();
    assert_eq!(kept(&show(&fresh, rx)), kept(&show(p, rx)));
    (request, show(&fresh, rx))
}

#[test]
fn what_to_avoid_and_an_expiry_beside_a_length_round_trip_in_structured_form() {
    let p = TestPractice::new();
    p.add_patient("Ana Lima", "1980-04-12");
    p.mmx(&[
        "rx",
        "add",
        "--patient",
        PATIENT,
        "--issued",
        "2026-11-02",
        "--expires",
        "2027-01-31",
        "--weeks",
        "6",
        "--frequency",
        "2x/week",
        "--visits",
        "12",
        "--region",
        "lumbar",
        "--region",
        "right-shoulder",
        "--technique",
        "swedish",
        "--avoid-region",
        "left-axilla",
        "--avoid-region",
        "sacral",
        "--avoid-technique",
        "cupping",
        "--prescriber",
        "Dr. Ada Vance",
        "--id",
        "2026-11-02-avoid",
    ])
    .success();
    let (request, imported) = round_trip(&p, "2026-11-02-avoid");
    // What to avoid, in mmx's documented extensions; in words for a reader
    // whose system skips them.
    let extensions = request["extension"].as_array().unwrap();
    let urls: Vec<&str> = extensions
        .iter()
        .map(|e| e["url"].as_str().unwrap())
        .collect();
    assert_eq!(
        urls,
        [
            "urn:mmx:extension:avoid-body-site",
            "urn:mmx:extension:avoid-body-site",
            "urn:mmx:extension:avoid-technique",
            "urn:mmx:extension:expires",
        ]
    );
    assert_eq!(extensions[0]["valueCodeableConcept"]["text"], "left-axilla");
    assert_eq!(extensions[3]["valueDate"], "2027-01-31");
    assert!(
        request["code"]["text"]
            .as_str()
            .unwrap()
            .ends_with("; avoid: left-axilla, sacral, cupping"),
        "{request}"
    );
    // The course's weeks as the Timing's bounds, the expiry beside them.
    assert_eq!(
        request["occurrenceTiming"]["repeat"]["boundsDuration"]["value"],
        6
    );
    assert_eq!(
        imported["avoid_regions"],
        serde_json::json!(["left-axilla", "sacral"])
    );
    assert_eq!(imported["avoid_techniques"], serde_json::json!(["cupping"]));
    assert_eq!(imported["expires"], "2027-01-31");
    assert_eq!(imported["course"]["weeks"], 6);
    assert_eq!(imported["frequency"], "2x/week");
}

#[test]
fn an_area_to_avoid_that_does_not_map_is_refused_never_dropped() {
    let p = TestPractice::new();
    p.add_patient("Ana Lima", "1980-04-12");
    let mut sr: Value =
        serde_json::from_str(&fs::read_to_string(referral("contained.json")).unwrap()).unwrap();
    sr["extension"] = serde_json::json!([
        { "url": "urn:mmx:extension:avoid-body-site",
          "valueCodeableConcept": { "coding": [{ "system": "http://snomed.info/sct", "code": "244279004" }] } },
        { "url": "urn:mmx:extension:avoid-technique", "valueCodeableConcept": { "text": "secret words" } }
    ]);
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("avoid.json");
    fs::write(&file, serde_json::to_string_pretty(&sr).unwrap()).unwrap();
    let file = file.to_str().unwrap();
    let run = p.mmx(&["rx", "import", file]);
    run.code(1);
    assert!(
        run.stderr.contains(
            "error[not-mapped]: ServiceRequest.extension[0].valueCodeableConcept.coding[0].code: SNOMED CT `244279004` is not a body site mmx maps"
        ) && run.stderr.contains("pass --avoid-region")
            && run.stderr.contains(
                "error[not-mapped]: ServiceRequest.extension[1].valueCodeableConcept: not a technique mmx maps"
            )
            && run.stderr.contains("pass --avoid-technique")
            && !run.stderr.contains("secret words"),
        "{run}"
    );
    assert!(
        p.files(&format!("patients/{PATIENT}/prescriptions"))
            .is_empty()
    );
    let run = p.mmx(&[
        "rx",
        "import",
        file,
        "--avoid-region",
        "left-knee",
        "--avoid-technique",
        "cupping",
    ]);
    run.success();
    let rx = show(&p, run.stdout.trim());
    assert_eq!(rx["avoid_regions"], serde_json::json!(["left-knee"]));
    assert_eq!(rx["avoid_techniques"], serde_json::json!(["cupping"]));
}

#[test]
fn a_renewal_is_linked_to_the_order_it_replaces_when_the_patient_has_it() {
    let p = TestPractice::new();
    // The first referral, with the referrer's order number ORD-7731.
    let first = p.mmx(&[
        "rx",
        "import",
        &referral("other-system.json"),
        "--technique",
        "swedish",
    ]);
    first.success();
    let earlier = first.stdout.trim().to_string();
    let mut sr: Value =
        serde_json::from_str(&fs::read_to_string(referral("contained.json")).unwrap()).unwrap();
    // Named by the placer's number, as a logical reference.
    sr["basedOn"] = serde_json::json!([{ "identifier": { "value": "ORD-7731" } }]);
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("renewal.json");
    fs::write(&file, serde_json::to_string_pretty(&sr).unwrap()).unwrap();
    let run = p.mmx(&["rx", "import", file.to_str().unwrap()]);
    run.success();
    assert_eq!(show(&p, run.stdout.trim())["renews"], earlier.as_str());
    // `replaces` naming an order the patient does not have: said, not linked.
    sr.as_object_mut().unwrap().remove("basedOn");
    sr["replaces"] = serde_json::json!([{ "reference": "ServiceRequest/sr-0001" }]);
    sr["authoredOn"] = serde_json::json!("2026-11-17");
    fs::write(&file, serde_json::to_string_pretty(&sr).unwrap()).unwrap();
    let run = p.mmx(&["rx", "import", file.to_str().unwrap()]);
    run.success();
    assert!(
        run.stderr.contains(
            "warning[not-mapped]: ServiceRequest.replaces: the order it renews is none of this patient's prescriptions mmx can tell"
        ) && run.stderr.contains("--renews"),
        "{run}"
    );
    assert!(show(&p, run.stdout.trim())["renews"].is_null());
}
