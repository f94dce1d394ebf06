//! What an attacker found wrong with `mmx rx import`, each now refused the
//! way the exit-status contract says: what the referral file holds is the
//! records' to say no to (exit 1, a located finding that never repeats the
//! file's free text); a flag naming what the file does not hold is the
//! command line's (exit 2).

use std::fs;

use serde_json::{Value, json};

use crate::common::{PATIENT, Run, TestPractice, crate_root};

/// A referral fixture as JSON, to change.
fn fixture(name: &str) -> Value {
    let path = crate_root().join("tests/fixtures/referrals").join(name);
    serde_json::from_str(&fs::read_to_string(path).unwrap()).unwrap()
}

/// `value` written as a file another system sent.
struct Sent {
    _dir: tempfile::TempDir,
    path: String,
    text: String,
}

fn sent(value: &Value) -> Sent {
    sent_text(&serde_json::to_string_pretty(value).unwrap())
}

fn sent_text(text: &str) -> Sent {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("referral.json");
    fs::write(&path, text).unwrap();
    Sent {
        path: path.to_str().unwrap().to_string(),
        text: text.to_string(),
        _dir: dir,
    }
}

impl Sent {
    /// `FILE:LINE:COLUMN` of the first occurrence of `needle` in the text.
    fn at(&self, needle: &str) -> String {
        let i = self.text.find(needle).unwrap();
        let line = self.text[..i].matches('\n').count() + 1;
        let column = self.text[..i].rsplit('\n').next().unwrap().chars().count() + 1;
        format!("{}:{line}:{column}", self.path)
    }

    fn import(&self, p: &TestPractice, extra: &[&str]) -> Run {
        let mut args = vec!["rx", "import", self.path.as_str()];
        args.extend_from_slice(extra);
        p.mmx(&args)
    }
}

fn practice() -> TestPractice {
    let p = TestPractice::new();
    p.add_patient("Ana Lima", "1980-04-12");
    p
}

#[test]
fn a_diagnosis_code_the_release_refuses_is_the_files_at_its_json_path() {
    let p = practice();
    let mut sr = fixture("contained.json");
    sr["reasonCode"][0]["coding"][0]["code"] = json!("SECRET.DX");
    let file = sent(&sr);
    let run = file.import(&p, &[]);
    run.code(1);
    assert!(
        run.stderr.contains(
            "error[not-mapped]: ServiceRequest.reasonCode[0].coding[0].code: not an ICD-10-CM code"
        ) && run.stderr.contains(&file.at("\"SECRET.DX\""))
            && run.stderr.contains("pass --diagnosis CODE"),
        "{run}"
    );
    // Not the flag's: none was given; and the value is not repeated.
    assert!(!run.stderr.contains("--diagnosis:"), "{run}");
    assert!(!run.stderr.contains("SECRET"), "{run}");
    assert!(
        p.files(&format!("patients/{PATIENT}/prescriptions"))
            .is_empty()
    );

    // A code shaped like one, but not in the release: named, as a record's is.
    sr["reasonCode"][0]["coding"][0]["code"] = json!("M54.99");
    let file = sent(&sr);
    let run = file.import(&p, &[]);
    run.code(1);
    assert!(
        run.stderr.contains(
            "error[not-mapped]: ServiceRequest.reasonCode[0].coding[0].code: `M54.99` is not a code of ICD-10-CM"
        ),
        "{run}"
    );
    // A bad --diagnosis is the command line's (exit 2), named by its flag.
    let run = file.import(&p, &["--diagnosis", "NOPE"]);
    run.code(2);
    assert!(run.stderr.contains("--diagnosis"), "{run}");
    // Said on the command line instead, the rest is read.
    let run = file.import(&p, &["--diagnosis", "M54.16"]);
    run.success();
}

#[test]
fn an_element_of_the_wrong_type_is_named_once_and_never_taken_for_missing() {
    let p = practice();
    let mut sr = fixture("contained.json");
    sr["authoredOn"] = json!(20_261_116);
    sr["quantityQuantity"]["value"] = json!("lots");
    sr["note"] = json!("Private: the patient's words");
    // A key that is no element name may be anyone's words too.
    sr["Private words as a key"] = json!(1);
    let file = sent(&sr);
    let run = file.import(&p, &[]);
    run.code(1);
    assert!(
        run.stderr.contains(
            "error[not-mapped]: ServiceRequest.authoredOn: a number, where FHIR has a string"
        ) && run.stderr.contains(&file.at("20261116")),
        "{run}"
    );
    assert!(!run.stderr.contains("missing"), "{run}");
    // One finding for the bad visit count, at its value.
    assert_eq!(
        run.stderr
            .matches("ServiceRequest.quantityQuantity")
            .count(),
        1,
        "{run}"
    );
    assert!(
        run.stderr.contains(
            "error[not-mapped]: ServiceRequest.quantityQuantity.value: not a whole number from 1 to 10000"
        ),
        "{run}"
    );
    // Precautions of the wrong type are refused, not lost, nor repeated.
    assert!(
        run.stderr
            .contains("error[not-mapped]: ServiceRequest.note: a string, where FHIR has a list")
            && run
                .stderr
                .contains("warning[not-mapped]: ServiceRequest.(key): not read")
            && !run.stderr.contains("Private"),
        "{run}"
    );
}

#[test]
fn a_bundle_entry_that_is_no_entry_is_a_located_finding() {
    let p = TestPractice::new();
    let mut bundle = fixture("other-system.json");
    let entries = bundle["entry"].as_array_mut().unwrap();
    entries.insert(1, Value::Null);
    entries.push(json!({ "fullUrl": "urn:uuid:x", "resource": 5 }));
    let file = sent(&bundle);
    let run = file.import(&p, &["--technique", "swedish"]);
    run.code(1);
    assert!(
        run.stderr
            .contains("error[not-mapped]: Bundle.entry[1]: not a Bundle entry")
            && run.stderr.contains(&file.at("null"))
            && run
                .stderr
                .contains("error[not-mapped]: Bundle.entry[6].resource: not a resource"),
        "{run}"
    );
    assert!(p.files("patients").is_empty());
}

#[test]
fn what_the_file_holds_says_no_with_1_and_a_flag_naming_what_it_lacks_with_2() {
    let p = practice();
    // Not JSON, not a ServiceRequest: the file's content.
    for text in [
        "{ \"resourceType\": ",
        "[1, 2]",
        "{ \"resourceType\": \"Patient\" }",
    ] {
        let run = sent_text(text).import(&p, &[]);
        run.code(1);
    }
    // Two ServiceRequests and none named: the file cannot say which (1) ...
    let mut bundle = fixture("other-system.json");
    let mut second = bundle["entry"][0].clone();
    second["fullUrl"] = json!("urn:uuid:6f1d2c1e-0d6b-4f0a-9a52-1c0f4b1e2a99");
    second["resource"]["id"] = json!("sr-7732");
    bundle["entry"].as_array_mut().unwrap().push(second.clone());
    let file = sent(&bundle);
    let run = file.import(&p, &["--technique", "swedish"]);
    run.code(1);
    assert!(
        run.stderr
            .contains("pass --request ID for one of: sr-7731, sr-7732"),
        "{run}"
    );
    // ... a --request that names none of them is the flag's (2) ...
    let run = file.import(&p, &["--technique", "swedish", "--request", "sr-0000"]);
    run.code(2);
    assert!(
        run.stderr
            .contains("--request: the Bundle holds no ServiceRequest of that id"),
        "{run}"
    );
    // ... and two of the id it names, the file's again (1).
    second["resource"]["id"] = json!("sr-7731");
    bundle["entry"][4] = second;
    let run = sent(&bundle).import(&p, &["--technique", "swedish", "--request", "sr-7731"]);
    run.code(1);
    assert!(run.stderr.contains("several ServiceRequests"), "{run}");
    // Several patients: the file's (1).
    let mut bundle = fixture("other-system.json");
    let mut other = bundle["entry"][1].clone();
    other["fullUrl"] = json!("urn:uuid:6f1d2c1e-0d6b-4f0a-9a52-1c0f4b1e2a98");
    other["resource"]["id"] = json!("pt-2");
    bundle["entry"].as_array_mut().unwrap().push(other);
    let run = sent(&bundle).import(&p, &["--technique", "swedish", "--patient", PATIENT]);
    run.code(1);
    assert!(run.stderr.contains("holds 2 patients"), "{run}");
}

#[test]
fn a_referred_patients_name_is_kept_as_the_guide_says() {
    let p = TestPractice::new();
    // `LIMA, Ana`, as a registration system writes it, is Ana Lima.
    let run = p.mmx(&[
        "rx",
        "import",
        crate_root()
            .join("tests/fixtures/referrals/contained.json")
            .to_str()
            .unwrap(),
    ]);
    run.success();
    assert!(
        run.stderr
            .contains("added patient `ana-lima-1980` from the referral"),
        "{run}"
    );
    assert!(
        p.read(&format!("patients/{PATIENT}/patient.toml"))
            .contains("name = \"Ana Lima\"")
    );
    // Only words in capitals alone change: `van der Berg` keeps its case.
    let mut bundle = fixture("other-system.json");
    bundle["entry"][1]["resource"]["name"] =
        json!([{ "family": "van der Berg", "given": ["PIETER", "McKAY"], "prefix": ["MR."] }]);
    bundle["entry"][1]["resource"]["birthDate"] = json!("1975-02-03");
    let run = sent(&bundle).import(&p, &["--technique", "swedish"]);
    run.success();
    let id = "pieter-mckay-van-der-berg-1975";
    assert!(
        run.stderr.contains(&format!("added patient `{id}`")),
        "{run}"
    );
    assert!(
        p.read(&format!("patients/{id}/patient.toml"))
            .contains("name = \"Pieter McKAY van der Berg\""),
        "{run}"
    );
}

#[test]
fn a_key_given_twice_or_a_datetime_with_more_after_it_is_refused() {
    let p = practice();
    let text = serde_json::to_string_pretty(&fixture("contained.json")).unwrap();
    // A viewer shows the first; a JSON reader may take the last.
    let twice = text.replacen(
        "\"authoredOn\": \"2026-11-16\",",
        "\"authoredOn\": \"2026-11-16\",\n  \"authored\\u004fn\": \"2031-01-01\",",
        1,
    );
    let file = sent_text(&twice);
    let run = file.import(&p, &[]);
    run.code(1);
    assert!(
        run.stderr
            .contains("error[not-mapped]: ServiceRequest.authoredOn: given twice in its object")
            && run.stderr.contains(&file.at("\"2031-01-01\"")),
        "{run}"
    );
    let mut sr = fixture("contained.json");
    sr["authoredOn"] = json!("2026-11-16T99:99");
    let run = sent(&sr).import(&p, &[]);
    run.code(1);
    assert!(
        run.stderr
            .contains("error[not-mapped]: ServiceRequest.authoredOn: not a date"),
        "{run}"
    );
    // A byte order mark before the JSON is no fault.
    let bom = format!("\u{feff}{text}");
    sent_text(&bom).import(&p, &["--dry-run"]).success();
}

#[test]
fn elements_of_the_right_type_but_not_fhirs_are_refused_at_their_path() {
    let p = practice();
    // Each alone: a finding at its path, exit 1, nothing written, and never
    // the file's words.
    type Change = fn(&mut Value);
    let cases: [(&str, Change, &str); 8] = [
        (
            "status",
            |sr| sr["status"] = json!("Secretly paused"),
            "ServiceRequest.status: not a request status FHIR R4 has",
        ),
        (
            "two occurrences",
            |sr| sr["occurrencePeriod"] = json!({ "start": "2026-11-16", "end": "2027-06-01" }),
            "ServiceRequest.occurrenceTiming: given beside `occurrencePeriod`",
        ),
        (
            "hours",
            |sr| {
                sr["quantityQuantity"] = json!({ "value": 4, "unit": "hours",
                    "system": "http://unitsofmeasure.org", "code": "h" })
            },
            "ServiceRequest.quantityQuantity.code: a quantity in another unit than visits",
        ),
        (
            "hours in words",
            |sr| sr["quantityQuantity"] = json!({ "value": 4, "unit": "Hours" }),
            "ServiceRequest.quantityQuantity.unit: a quantity in another unit than visits",
        ),
        (
            "two placer numbers",
            |sr| {
                let plac = json!({ "coding": [{ "code": "PLAC" }] });
                sr["identifier"] = json!([
                    { "type": plac, "value": "Secret-A" },
                    { "type": plac, "value": "Secret-B" }
                ])
            },
            "ServiceRequest.identifier: several placer order numbers",
        ),
        (
            "null extension",
            |sr| sr["extension"] = json!([null]),
            "ServiceRequest.extension[0]: not an extension",
        ),
        (
            "extension without a url",
            |sr| {
                sr["extension"] = json!([{ "url": 5,
                    "valueCodeableConcept": { "text": "left-axilla" } }])
            },
            "ServiceRequest.extension[0]: not an extension",
        ),
        (
            "note without text",
            |sr| sr["note"] = json!([{ "text": null }, { "authorString": "Secret" }]),
            "ServiceRequest.note[0]: not a note FHIR writes",
        ),
    ];
    for (what, change, said) in cases {
        let mut sr = fixture("contained.json");
        change(&mut sr);
        let run = sent(&sr).import(&p, &[]);
        run.code(1);
        assert!(
            run.stderr.contains(&format!("error[not-mapped]: {said}")),
            "{what}: {run}"
        );
        assert!(!run.stderr.contains("Secret"), "{what}: {run}");
        assert!(
            p.files(&format!("patients/{PATIENT}/prescriptions"))
                .is_empty(),
            "{what}"
        );
    }
}

#[test]
fn a_gender_fhir_lacks_is_not_kept_and_says_so_and_a_prescriber_by_name_keeps_its_npi() {
    let p = TestPractice::new();
    let mut sr = fixture("contained.json");
    sr["contained"][0]["gender"] = json!("intersex");
    // The prescriber as a reference by name and NPI, as a system without a
    // Practitioner resource writes one.
    sr["requester"] = json!({ "display": "Dr. Ada Vance",
        "identifier": { "system": "http://hl7.org/fhir/sid/us-npi", "value": "1234567893" } });
    let file = sent(&sr);
    let run = file.import(&p, &[]);
    run.success();
    assert!(
        run.stderr.contains(
            "warning[not-mapped]: ServiceRequest.contained[0].gender: not an administrative gender FHIR has"
        ) && run.stderr.contains(&file.at("\"intersex\"")),
        "{run}"
    );
    assert!(!run.stderr.contains("intersex"), "{run}");
    assert!(
        !p.read(&format!("patients/{PATIENT}/patient.toml"))
            .contains("gender")
    );
    let rx = p
        .files(&format!("patients/{PATIENT}/prescriptions"))
        .remove(0);
    let text = p.read(&rx);
    assert!(
        text.contains("name = \"Dr. Ada Vance\"") && text.contains("npi = \"1234567893\""),
        "{text}"
    );
    // One that is no NPI is refused, not dropped.
    let mut sr = fixture("contained.json");
    sr["requester"] = json!({ "display": "Dr. Ada Vance",
        "identifier": { "system": "http://hl7.org/fhir/sid/us-npi", "value": "1234567890" } });
    let run = sent(&sr).import(&p, &["--dry-run"]);
    run.code(1);
    assert!(
        run.stderr
            .contains("error[not-mapped]: ServiceRequest.requester.identifier.value: not an NPI"),
        "{run}"
    );
}

#[test]
fn a_referral_imported_twice_is_refused_the_second_time() {
    let p = practice();
    let mut sr = fixture("contained.json");
    sr["identifier"] = json!([{ "type": { "coding": [{ "code": "PLAC" }] }, "value": "ORD-7731" }]);
    let file = sent(&sr);
    file.import(&p, &[]).success();
    let rx = p.files(&format!("patients/{PATIENT}/prescriptions"));
    assert_eq!(rx.len(), 1);
    let id = rx[0].rsplit('/').next().unwrap().trim_end_matches(".toml");
    // The same file again, another day: the same order, whose visits would
    // be allowed twice over.
    let run = file.import(&p, &["--received", "2026-11-20"]);
    run.code(1);
    assert!(
        run.stderr.contains(&format!(
            "this referral is prescription `{id}` of patient `{PATIENT}` already (the same placer order number)"
        )),
        "{run}"
    );
    assert!(!run.stderr.contains("ORD-7731"), "{run}");
    // Without a placer number, the same file read as the same order.
    let mut sr = fixture("contained.json");
    sr["authoredOn"] = json!("2026-11-17");
    let file = sent(&sr);
    file.import(&p, &[]).success();
    let run = file.import(&p, &["--dry-run"]);
    run.code(1);
    assert!(
        run.stderr
            .contains("already (the same file, read as the same order)"),
        "{run}"
    );
    assert_eq!(
        p.files(&format!("patients/{PATIENT}/prescriptions")).len(),
        2
    );
    // Another order of the prescriber's, with its own number, is imported.
    let mut sr = fixture("contained.json");
    sr["identifier"] = json!([{ "type": { "coding": [{ "code": "PLAC" }] }, "value": "ORD-7790" }]);
    sent(&sr).import(&p, &[]).success();
}
