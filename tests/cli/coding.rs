//! What a biller and a receiving EHR read: the prescriber's credential,
//! licence, fax and address, and the clinic's listed therapists.

use crate::common;
use crate::common::{PATIENT, RX, TestPractice};

#[test]
fn a_prescribers_credential_licence_fax_and_address_are_fields_of_their_own() {
    let p = TestPractice::with_prescription();
    p.mmx(&[
        "rx",
        "edit",
        RX,
        "--credential",
        "MD",
        "--license",
        "MA 254117",
        "--prescriber-fax",
        "555-0101",
        "--prescriber-address",
        "12 Harbor St, Salem",
    ])
    .success();
    let text = p.read(&format!("patients/{PATIENT}/prescriptions/{RX}.toml"));
    assert!(
        text.contains(
            "[prescriber]\nname = \"Dr. Ada Vance\"\nnpi = \"1234567893\"\ncredential = \"MD\"\nlicense = \"MA 254117\"\nfax = \"555-0101\"\naddress = \"12 Harbor St, Salem\"\n"
        ),
        "{text}"
    );
    let show = p.mmx(&["rx", "show", RX]);
    show.success();
    for line in [
        "Dr. Ada Vance, MD",
        "MA 254117",
        "555-0101",
        "12 Harbor St, Salem",
    ] {
        assert!(show.stdout.contains(line), "{line}: {show}");
    }
    p.mmx(&["check"]).success();
    // '' removes one; a credential with a space is refused at its flag.
    p.mmx(&["rx", "edit", RX, "--prescriber-fax", ""]).success();
    assert!(
        !p.read(&format!("patients/{PATIENT}/prescriptions/{RX}.toml"))
            .contains("fax")
    );
    let run = p.mmx(&["rx", "edit", RX, "--credential", "M D"]);
    run.code(2);
    assert!(
        run.stderr.contains("--credential") && run.stderr.contains("is not a credential"),
        "{run}"
    );
}

#[test]
fn rx_add_writes_the_prescriber_in_the_tables_order() {
    let p = TestPractice::new();
    p.add_patient("Ana Lima", "1980-04-12");
    p.mmx(&[
        "rx",
        "add",
        "--patient",
        PATIENT,
        "--issued",
        "2026-11-02",
        "--visits",
        "3",
        "--region",
        "lumbar",
        "--technique",
        "swedish",
        "--prescriber",
        "Ada Vance",
        "--credential",
        "DO",
        "--npi",
        "1234567893",
        "--license",
        "MA 254117",
        "--prescriber-phone",
        "555-0100",
        "--prescriber-fax",
        "555-0101",
        "--prescriber-address",
        "12 Harbor St",
        "--id",
        RX,
    ])
    .success();
    let text = p.read(&format!("patients/{PATIENT}/prescriptions/{RX}.toml"));
    assert!(
        text.ends_with(
            "[prescriber]\nname = \"Ada Vance\"\ncredential = \"DO\"\nnpi = \"1234567893\"\nlicense = \"MA 254117\"\nphone = \"555-0100\"\nfax = \"555-0101\"\naddress = \"12 Harbor St\"\n"
        ),
        "{text}"
    );
}

/// A practice listing two therapists, the default one among them.
fn clinic() -> TestPractice {
    let p = TestPractice::with_prescription();
    let settings = p.read("mmx.toml").replace(
        "[rules]",
        "[[therapists]]\nname = \"Ines Ortega\"\ncredential = \"LMT\"\nlicense = \"MA-12345\"\nnpi = \"1245319599\"\n\n[[therapists]]\nname = \"Ben Okafor\"\n\n[rules]",
    );
    assert!(settings.contains("[[therapists]]"), "{settings}");
    p.write("mmx.toml", settings);
    p
}

#[test]
fn a_session_names_one_of_the_listed_therapists() {
    let p = clinic();
    let base = [
        "--date",
        "2026-11-04",
        "--region",
        "lumbar",
        "--technique",
        "swedish",
    ];
    // The default therapist is listed; a mistyped name is refused with the
    // listed name it is closest to, and nothing is written.
    let mut typo = base.to_vec();
    typo.extend(["--therapist", "Ben Okafr"]);
    let run = p.add_session(&typo);
    run.code(2);
    assert!(
        run.stderr.contains(
            "--therapist: the session's `therapist` is not one of the practice's [[therapists]]"
        ) && run.stderr.contains("did you mean `Ben Okafor`?"),
        "{run}"
    );
    assert!(p.files(&format!("patients/{PATIENT}/sessions")).is_empty());
    let mut listed = base.to_vec();
    listed.extend(["--therapist", "Ben Okafor"]);
    p.add_session(&listed).success();
    // In a clinic of several, the author is the therapist at this computer
    // (the shared default names no one: see therapists.rs).
    p.command(&[
        "session",
        "add",
        "--patient",
        PATIENT,
        "--minutes",
        "50",
        "--date",
        "2026-11-06",
        "--region",
        "lumbar",
        "--technique",
        "swedish",
    ])
    .env("MMX_THERAPIST", "Ines Ortega")
    .run()
    .success();
    p.mmx(&["check"]).success();
}

#[test]
fn the_default_therapist_must_be_listed_too() {
    let p = clinic();
    let settings = p
        .read("mmx.toml")
        .replace("therapist = \"Ines Ortega\"", "therapist = \"Ines Ortaga\"");
    p.write("mmx.toml", settings);
    let run = p.mmx(&["check"]);
    run.code(2);
    assert!(
        run.stderr.contains("error[unknown-therapist]")
            && run.stderr.contains("did you mean `Ines Ortega`?"),
        "{run}"
    );
    // A listed therapist's NPI is checked like a prescriber's.
    let settings = p
        .read("mmx.toml")
        .replace("Ines Ortaga", "Ines Ortega")
        .replace("npi = \"1245319599\"", "npi = \"1245319590\"");
    p.write("mmx.toml", settings);
    let run = p.mmx(&["check"]);
    run.code(2);
    assert!(run.stderr.contains("error[invalid-npi]"), "{run}");
}

/// `rx add` with a diagnosis, as a new user would type it.
fn rx_add_with(p: &TestPractice, code: &str) -> common::Run {
    p.mmx(&[
        "rx",
        "add",
        "--patient",
        PATIENT,
        "--issued",
        "2026-11-02",
        "--visits",
        "3",
        "--region",
        "lumbar",
        "--technique",
        "swedish",
        "--prescriber",
        "Ada Vance",
        "--diagnosis",
        code,
    ])
}

#[test]
fn diagnoses_are_checked_against_the_icd_10_cm_release() {
    let p = TestPractice::new();
    p.add_patient("Ana Lima", "1980-04-12");
    let run = rx_add_with(&p, "M54.99=Dorsalgia");
    run.code(2);
    assert!(
        run.stderr
            .contains("--diagnosis: `M54.99` is not a code of ICD-10-CM April 1, 2026"),
        "{run}"
    );
    assert!(
        p.files(&format!("patients/{PATIENT}/prescriptions"))
            .is_empty()
    );
    // A category is written, with a warning naming its billable codes.
    let run = rx_add_with(&p, "M54.5");
    run.success();
    assert!(
        run.stderr.contains("warning[non-billable-diagnosis]")
            && run
                .stderr
                .contains("a claim needs one of its M54.50, M54.51, M54.59"),
        "{run}"
    );
    rx_add_with(&p, "qa0.0101").success();
    let listed = p.mmx(&["vocab", "--diagnoses", "M54.5"]);
    listed.success();
    assert!(
        listed
            .stdout
            .contains("M54.51   Vertebrogenic low back pain"),
        "{listed}"
    );
    let vocab = p.mmx(&["vocab"]);
    assert!(
        vocab.stdout.contains("diagnoses: ICD-10-CM April 1, 2026"),
        "{vocab}"
    );
    p.mmx(&["vocab", "--diagnoses", "M54.99"]).code(2);
}

#[test]
fn billing_overrides_are_techniques_and_service_codes() {
    let p = TestPractice::with_prescription();
    let settings = p.read("mmx.toml");
    p.write(
        "mmx.toml",
        format!("{settings}\n[billing]\nswedish = \"97140\"\n"),
    );
    p.mmx(&["check"]).success();
    p.write(
        "mmx.toml",
        format!("{settings}\n[billing]\nswedsh = \"massage\"\n"),
    );
    let run = p.mmx(&["check"]);
    run.code(2);
    assert!(
        run.stderr.contains("error[unknown-technique]")
            && run.stderr.contains("did you mean `swedish`?")
            && run
                .stderr
                .contains("`billing.swedsh` is not a service code"),
        "{run}"
    );
}

#[test]
fn the_fhir_bundle_carries_codes_performers_and_diagnoses() {
    let p = clinic();
    rx_add_with(&p, "M54.16=Sciatica down the left leg").success();
    let rx = p
        .files(&format!("patients/{PATIENT}/prescriptions"))
        .into_iter()
        .find(|f| !f.ends_with(&format!("{RX}.toml")))
        .unwrap();
    let rx = rx
        .rsplit('/')
        .next()
        .unwrap()
        .trim_end_matches(".toml")
        .to_string();
    p.add_session(&[
        "--rx",
        &rx,
        "--date",
        "2026-11-04",
        "--start",
        "09:30",
        "--region",
        "lumbar",
        "--technique",
        "swedish",
        "--pain-before",
        "6",
        // A clinic of several: the author is named (see therapists.rs).
        "--therapist",
        "Ines Ortega",
    ])
    .success();
    p.mmx(&[
        "session",
        "add",
        "--patient",
        PATIENT,
        "--rx",
        &rx,
        "--date",
        "2026-11-06",
        "--status",
        "no-show",
        "--therapist",
        "Ines Ortega",
    ])
    .success();
    let run = p.mmx(&["export", "fhir"]);
    run.success();
    let bundle: serde_json::Value = run.json();
    let resources: Vec<&serde_json::Value> = bundle["entry"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| &e["resource"])
        .collect();
    let of = |t: &'static str| resources.iter().filter(move |r| r["resourceType"] == t);
    let patient = of("Patient").next().unwrap();
    assert_eq!(patient["identifier"][0]["value"], PATIENT);
    let condition = of("Condition").next().unwrap();
    assert_eq!(
        condition["code"]["coding"][0]["display"],
        "Radiculopathy, lumbar region"
    );
    assert_eq!(condition["code"]["text"], "Sciatica down the left leg");
    let done = of("Procedure")
        .find(|r| r["status"] == "completed")
        .unwrap();
    assert_eq!(done["code"]["coding"][0]["code"], "97124");
    assert_eq!(
        done["code"]["coding"][0]["system"],
        "http://www.ama-assn.org/go/cpt"
    );
    let performer = done["performer"][0]["actor"]["reference"].as_str().unwrap();
    let therapist = of("Practitioner")
        .find(|r| r["name"][0]["text"] == "Ines Ortega")
        .unwrap();
    assert_eq!(therapist["identifier"][0]["value"], "1245319599");
    assert!(
        bundle["entry"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["fullUrl"] == performer)
    );
    let visit = of("Encounter").find(|r| r["status"] == "finished").unwrap();
    assert!(
        visit["diagnosis"][0]["condition"]["reference"].is_string(),
        "{visit}"
    );
    assert!(visit["participant"][0]["individual"]["reference"].is_string());
    let missed = of("Procedure").find(|r| r["status"] == "not-done").unwrap();
    assert_eq!(
        missed["statusReason"]["text"],
        "Patient did not attend (no-show)"
    );
    let pain = of("Observation").next().unwrap();
    assert_eq!(pain["category"][0]["coding"][0]["code"], "survey");
}

/// The one patient of a bundle.
fn exported_patient(p: &TestPractice) -> serde_json::Value {
    let bundle: serde_json::Value = p.mmx(&["export", "fhir"]).json();
    bundle["entry"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["resource"].clone())
        .find(|r| r["resourceType"] == "Patient")
        .expect("a Patient")
}

#[test]
fn a_patients_gender_is_one_of_fhirs_four_from_flags_files_and_intake() {
    let p = TestPractice::new();
    let id = p
        .mmx(&[
            "patient",
            "add",
            "--name",
            "Ana Lima",
            "--birth-date",
            "1980-04-12",
            "--gender",
            "female",
        ])
        .stdout
        .trim()
        .to_string();
    let file = format!("patients/{id}/patient.toml");
    // In the table's place: after the birth date.
    assert!(
        p.read(&file)
            .contains("birth_date = 1980-04-12\ngender = \"female\"\n"),
        "{}",
        p.read(&file)
    );
    assert_eq!(exported_patient(&p)["gender"], "female");
    let show = p.mmx(&["patient", "show", &id]);
    assert!(
        show.stdout.contains("gender") && show.stdout.contains("female"),
        "{show}"
    );

    // A flag's bad value is refused naming the four, without its words.
    for cmd in [
        vec!["patient", "add", "--name", "Bo Lind", "--gender", "Woman X"],
        vec!["patient", "edit", &id, "--gender", "Woman X"],
    ] {
        let run = p.mmx(&cmd);
        run.code(2);
        assert!(
            run.stderr.contains("--gender")
                && run.stderr.contains("male, female, other, unknown")
                && !run.stderr.contains("Woman X"),
            "{run}"
        );
    }
    // A flag's case is forgiven; the file holds the code.
    p.mmx(&["patient", "edit", &id, "--gender", "Other"])
        .success();
    assert!(p.read(&file).contains("gender = \"other\"\n"));
    assert_eq!(exported_patient(&p)["gender"], "other");
    p.mmx(&["patient", "edit", &id, "--gender", ""]).success();
    assert!(!p.read(&file).contains("gender"));
    assert!(exported_patient(&p).get("gender").is_none());

    // In a file: a located invalid-value naming the four, the words not shown.
    let text = p.read(&file).replace(
        "birth_date = 1980-04-12\n",
        "birth_date = 1980-04-12\ngender = \"Woman X\"\n",
    );
    p.write(&file, text);
    let report = p.check_json();
    let d = &report.diagnostics[0];
    assert_eq!(d.located(), format!("invalid-value {file}:4:10"), "{d:?}");
    assert_eq!(d.field.as_deref(), Some("gender"));
    assert_eq!(d.message, "`gender` is not a FHIR administrative gender");
    assert!(
        d.hint
            .as_deref()
            .unwrap()
            .contains("male, female, other, unknown")
    );
    let human = p.mmx(&["check"]);
    assert!(!human.stdout.contains("Woman X"), "{human}");
    assert!(!human.stderr.contains("Woman X"), "{human}");

    // An intake column: read, refused per cell, and --update changes it.
    let q = TestPractice::new();
    q.write(
        "a.csv",
        "name,birth_date,gender\nAna Lima,1980-04-12,female\nBo Lind,1990-01-02,nope\n",
    );
    let run = q.mmx(&["patient", "import", "a.csv"]);
    run.code(1);
    assert!(
        run.stderr.contains("a.csv:3:3: gender: the cell is not a gender; gender is one of male, female, other, unknown"),
        "{run}"
    );
    q.write(
        "a.csv",
        "name,birth_date,gender\nAna Lima,1980-04-12,female\n",
    );
    q.mmx(&["patient", "import", "a.csv"]).success();
    assert_eq!(exported_patient(&q)["gender"], "female");
    q.write(
        "a.csv",
        "name,birth_date,gender\nAna Lima,1980-04-12,unknown\n",
    );
    q.mmx(&["patient", "import", "a.csv"]).code(1);
    q.mmx(&["patient", "import", "--update", "a.csv"]).success();
    assert_eq!(exported_patient(&q)["gender"], "unknown");
}
