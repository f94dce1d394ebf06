//! What the safety records become beyond the check of a session: a doctor's
//! letter kept on file and checked like an order, a clearance in the FHIR
//! export, and an intake spreadsheet's column of red flags.

use serde_json::Value;

use crate::common::{PATIENT, Severity, TestPractice};

/// Codes and severities `check` reports, sorted.
fn codes(p: &TestPractice) -> Vec<(String, String)> {
    let mut v: Vec<(String, String)> = p
        .check_json()
        .diagnostics
        .iter()
        .map(|d| (d.code.clone(), format!("{:?}", d.severity).to_lowercase()))
        .collect();
    v.sort();
    v
}

#[test]
fn a_clearance_letter_is_kept_on_file_and_checked_like_an_order() {
    let p = TestPractice::with_prescription();
    p.write("letters/vance.pdf", "%PDF cleared for light work");
    let clear = p.mmx(&[
        "patient",
        "clear",
        PATIENT,
        "--flag",
        "dvt-history",
        "--by",
        "Dr. Ada Vance",
        "--date",
        "2026-11-03",
        "--document",
        "letters/vance.pdf",
    ]);
    clear.success();
    let kept = p.files(&format!("patients/{PATIENT}/orders"));
    assert_eq!(kept.len(), 1, "{kept:?}");
    let kept = &kept[0];
    assert!(
        clear.stderr.contains(&format!("kept the letter as {kept}")),
        "{clear}"
    );
    assert_eq!(p.read(kept), "%PDF cleared for light work");
    assert_eq!(codes(&p), []);
    // Its bytes changed: at the clearance's `sha256`, saying what to do.
    p.write(kept, "%PDF cleared for deep work");
    let report = p.check_json();
    let found: Vec<_> = report
        .diagnostics
        .iter()
        .map(|d| (d.code.as_str(), d.file.as_str(), d.line))
        .collect();
    let record = format!("patients/{PATIENT}/patient.toml");
    let sha_line = p
        .read(&record)
        .lines()
        .position(|l| l.starts_with("sha256 = "))
        .expect("the clearance records a sha256")
        + 1;
    assert_eq!(
        found,
        [("clearance-document-changed", record.as_str(), sha_line)]
    );
    let d = &report.diagnostics[0];
    assert_eq!(d.severity, Severity::Error);
    assert!(
        d.message.starts_with("the letter the doctor's clearance of 2026-11-03 (`clearances.0`) rests on has changed since it was recorded")
            && d.hint.as_deref().is_some_and(|h| h.contains(&format!("`git log -- patients/{PATIENT}/orders/`"))),
        "{d:?}"
    );
    // Gone: at its `document`.
    std::fs::remove_file(p.path(kept)).expect("remove the letter");
    assert_eq!(
        codes(&p),
        [(
            "clearance-document-missing".to_string(),
            "error".to_string()
        )]
    );
    // A document that is not a name in orders/, written by hand, is refused
    // without saying it.
    let text = p.read(&record).replace(
        &format!("document = \"{}\"", kept.rsplit('/').next().unwrap_or("")),
        "document = \"Letters/Ana Lima.pdf\"",
    );
    p.write(&record, text);
    let report = p.check_json();
    assert_eq!(report.diagnostics.len(), 1, "{report:?}");
    let d = &report.diagnostics[0];
    assert_eq!(
        (d.code.as_str(), d.message.as_str()),
        (
            "invalid-value",
            "`clearances.0.document` is not a file name in the patient's orders/"
        )
    );
}

#[test]
fn the_fhir_export_carries_a_clearance_as_the_doctors_observation() {
    let p = TestPractice::unscreened_with_prescription();
    for (date, flag) in [
        ("2026-10-01", "anticoagulant"),
        ("2026-11-01", "dvt-history"),
    ] {
        p.mmx(&["patient", "screen", PATIENT, "--date", date, "--flag", flag])
            .success();
    }
    p.mmx(&[
        "patient",
        "clear",
        PATIENT,
        "--flag",
        "dvt-history",
        "--by",
        "Dr. Ada Vance",
        "--npi",
        "1234567893",
        "--date",
        "2026-11-02",
        "--expires",
        "2027-05-02",
        "--avoid-region",
        "left-lower-leg",
    ])
    .success();
    let bundle: Value = p.mmx(&["export", "fhir"]).json();
    let entries = bundle["entry"].as_array().expect("entries");
    let clearance = entries
        .iter()
        .map(|e| &e["resource"])
        .find(|r| r["id"] == format!("{PATIENT}.clearance1"))
        .expect("the clearance is exported");
    assert_eq!(clearance["resourceType"], "Observation");
    assert_eq!(clearance["status"], "final");
    assert_eq!(
        clearance["code"]["coding"][0]["system"],
        "urn:mmx:clearance"
    );
    assert_eq!(
        clearance["effectivePeriod"],
        serde_json::json!({ "start": "2026-11-02", "end": "2027-05-02" })
    );
    assert_eq!(
        clearance["performer"][0],
        serde_json::json!({
            "display": "Dr. Ada Vance",
            "identifier": { "system": "http://hl7.org/fhir/sid/us-npi", "value": "1234567893" },
        })
    );
    assert_eq!(
        clearance["valueCodeableConcept"]["text"],
        "Cleared for medical massage, with regions to avoid"
    );
    let components = clearance["component"].as_array().expect("components");
    assert_eq!(components.len(), 2, "{clearance}");
    assert_eq!(
        components[0]["code"]["coding"][0]["system"],
        "urn:mmx:red-flag"
    );
    assert_eq!(components[0]["code"]["coding"][0]["code"], "dvt-history");
    assert_eq!(components[1]["code"]["text"], "Region to avoid");
    assert_eq!(
        components[1]["valueCodeableConcept"]["text"],
        "left-lower-leg"
    );
    // Derived from the screening that reported the flag (the second), an
    // entry of the bundle.
    let from = clearance["derivedFrom"][0]["reference"]
        .as_str()
        .expect("derivedFrom");
    let source = entries
        .iter()
        .find(|e| e["fullUrl"] == from)
        .expect("derivedFrom resolves");
    assert_eq!(source["resource"]["id"], format!("{PATIENT}.screening2"));
}

#[test]
fn patient_import_takes_a_column_of_red_flags_as_the_intake_screening() {
    let p = TestPractice::new();
    p.write(
        "intake.csv",
        "name,birth_date,Red flags\nAna Lima,1980-04-12,DVT history; anticoagulant\nBo Chen,1991-02-03,none\nCy Diaz,1985-06-07,\nDi Ng,1990-01-01,\"pregnancy, osteoporosis\"\n",
    );
    let run = p.mmx(&["patient", "import", "intake.csv"]);
    run.success();
    assert_eq!(
        run.stdout,
        "ana-lima-1980\nbo-chen-1991\ncy-diaz-1985\ndi-ng-1990\n"
    );
    assert!(
        p.read("patients/di-ng-1990/patient.toml")
            .contains("flags = [\"pregnancy\", \"osteoporosis\"]\n")
    );
    // As `patient add --flag` records it: today, by the practice's therapist.
    assert!(
        p.read("patients/ana-lima-1980/patient.toml").ends_with(
            "\n[[screenings]]\ndate = 2026-11-23\nby = \"Ines Ortega\"\nflags = [\"dvt-history\", \"anticoagulant\"]\n"
        ),
        "{}",
        p.read("patients/ana-lima-1980/patient.toml")
    );
    assert!(
        p.read("patients/bo-chen-1991/patient.toml").contains(
            "[[screenings]]\ndate = 2026-11-23\nby = \"Ines Ortega\"\nflags = [\"none\"]\n"
        )
    );
    // An empty cell records no screening.
    assert!(
        !p.read("patients/cy-diaz-1985/patient.toml")
            .contains("screenings")
    );
    // The same file again changes nothing.
    let again = p.mmx(&["patient", "import", "intake.csv"]);
    again.success();
    assert!(again.stderr.contains("0 added, 4 unchanged"), "{again}");

    // An unknown flag is refused at its row and column with the flag it may
    // mean; a patient's own words are not repeated; `none` with a flag is
    // refused. Nothing is written.
    p.write(
        "bad.csv",
        "name,flags,birth_date\nDee Fox,dvt,1970-01-01\nEd Gray,had a clot in 2019,1971-01-01\nFay Hu,none; pregnancy,1972-01-01\n",
    );
    let bad = p.mmx(&["patient", "import", "bad.csv"]);
    bad.code(1);
    assert!(
        bad.stderr.contains("bad.csv:2:2: screenings: `dvt` is not a red flag mmx knows; did you mean `dvt-history`? red flags: dvt-history, anticoagulant,")
            && bad.stderr.contains("bad.csv:3:2: screenings: an entry of the cell is not a red flag mmx knows; red flags: ")
            && bad.stderr.contains("bad.csv:4:2: screenings: `none` means the patient reported no red flag; leave it out, or the flags")
            && bad.stderr.contains("refused: 3 problems in bad.csv"),
        "{bad}"
    );
    assert!(!bad.stderr.contains("clot"), "{bad}");
    assert!(!p.path("patients/dee-fox-1970").exists());

    // Red flags that differ from the latest screening's are a conflict, and
    // with --update a new screening (the earlier one stays).
    p.write(
        "later.csv",
        "name,birth_date,red flags\nAna Lima,1980-04-12,dvt-history\n",
    );
    let conflict = p.mmx(&["patient", "import", "later.csv"]);
    conflict.code(1);
    assert!(
        conflict.stderr.contains(
            "later.csv:2:3: screenings: patient `ana-lima-1980` already exists with the red flags anticoagulant; dvt-history on file; this row reports dvt-history"
        ),
        "{conflict}"
    );
    let update = p.mmx(&["patient", "import", "--update", "later.csv"]);
    update.success();
    assert!(
        update.stderr.contains("updated ana-lima-1980: screenings"),
        "{update}"
    );
    let record = p.read("patients/ana-lima-1980/patient.toml");
    assert_eq!(record.matches("[[screenings]]").count(), 2, "{record}");
    assert!(record.ends_with("flags = [\"dvt-history\"]\n"), "{record}");
    p.mmx(&["patient", "import", "later.csv"]).success();
}
