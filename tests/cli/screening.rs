//! Safe before compliant: the health screening, the doctor's clearance, the
//! health check at each visit and the consent for sensitive regions, as a
//! therapist meets them on the command line.

use serde_json::Value;

use crate::common::{PATIENT, RX, Run, TestPractice, crate_root};

/// A lumbar and left-gluteal session for `PATIENT` on `date`, with `extra`.
pub(crate) fn visit(p: &TestPractice, date: &str, extra: &[&str]) -> Run {
    let mut args = vec![
        "--date",
        date,
        "--region",
        "lumbar",
        "--region",
        "left-gluteal",
        "--technique",
        "swedish",
    ];
    args.extend_from_slice(extra);
    p.add_session(&args)
}

pub(crate) fn sessions(p: &TestPractice) -> Vec<String> {
    p.files(&format!("patients/{PATIENT}/sessions"))
}

pub(crate) fn set_rules(p: &TestPractice, rules: &str) {
    let text = p.read("mmx.toml");
    let text = text.replace("[rules]\n", &format!("[rules]\n{rules}\n"));
    p.write("mmx.toml", text);
}

pub(crate) fn codes(p: &TestPractice) -> Vec<(String, String)> {
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
fn a_dvt_history_at_intake_refuses_treatment_until_the_doctor_clears_it() {
    let p = TestPractice::unscreened_with_prescription();
    let screened = p.mmx(&[
        "patient",
        "screen",
        PATIENT,
        "--date",
        "2026-11-02",
        "--flag",
        "dvt-history",
    ]);
    screened.success();
    assert!(
        screened.stderr.contains(&format!(
            "dvt-history needs a doctor's clearance before the next session: `mmx patient clear {PATIENT} --flag dvt-history --by NAME`"
        )),
        "{screened}"
    );
    let refused = visit(&p, "2026-11-04", &[]);
    refused.code(1);
    assert!(
        refused.stderr.contains("error[clearance-missing]")
            && refused.stderr.contains("red flag `dvt-history`")
            && refused.stderr.contains(&format!(
                "`mmx patient clear {PATIENT} --flag dvt-history --by NAME"
            )),
        "{refused}"
    );
    assert!(sessions(&p).is_empty(), "nothing was written");
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
        "2026-11-03",
    ])
    .success();
    visit(&p, "2026-11-04", &[]).success();
    assert_eq!(sessions(&p).len(), 1);
    assert_eq!(codes(&p), []);
}

#[test]
fn patient_add_takes_the_intake_screening() {
    let p = TestPractice::new();
    let run = p.mmx(&[
        "patient",
        "add",
        "--name",
        "Ana Lima",
        "--birth-date",
        "1980-04-12",
        "--flag",
        "anticoagulant",
        "--flag",
        "osteoporosis",
    ]);
    run.success();
    // A screening on file is no warning; a red flag that needs the doctor
    // says so at once, with the command.
    assert_eq!(
        run.stderr,
        format!(
            "anticoagulant needs a doctor's clearance before the next session: `mmx patient clear {PATIENT} --flag anticoagulant --by NAME`\n"
        ),
        "{run}"
    );
    let record = p.read(&format!("patients/{PATIENT}/patient.toml"));
    assert!(
        record.contains(
            "[[screenings]]\ndate = 2026-11-23\nby = \"Ines Ortega\"\nflags = [\"anticoagulant\", \"osteoporosis\"]\n"
        ),
        "{record}"
    );
    // Not a flag of the vocabulary: clap refuses it, listing them.
    let bad = p.mmx(&[
        "patient", "add", "--name", "Bo Chen", "--flag", "dvt", "--id", "bo-chen",
    ]);
    bad.code(2);
    assert!(bad.stderr.contains("dvt-history"), "{bad}");
    p.mmx(&[
        "patient",
        "add",
        "--name",
        "Bo Chen",
        "--flag",
        "none",
        "--flag",
        "pregnancy",
    ])
    .code(2);
}

#[test]
fn screen_says_what_a_flag_needs_and_refuses_none_with_flags() {
    let p = TestPractice::unscreened_with_prescription();
    let run = p.mmx(&[
        "patient",
        "screen",
        PATIENT,
        "--flag",
        "pregnancy",
        "--note",
        "Twelve weeks",
    ]);
    run.success();
    assert_eq!(run.stdout, format!("{PATIENT}\n"));
    assert!(
        run.stderr.contains(&format!(
            "pregnancy needs a doctor's clearance before the next session: `mmx patient clear {PATIENT} --flag pregnancy --by NAME`"
        )),
        "{run}"
    );
    p.mmx(&["patient", "screen", PATIENT]).code(2);
    p.mmx(&[
        "patient",
        "screen",
        PATIENT,
        "--none",
        "--flag",
        "pregnancy",
    ])
    .code(2);
    // Appended: what was written before stays byte for byte.
    let before = p.read(&format!("patients/{PATIENT}/patient.toml"));
    p.mmx(&["patient", "screen", PATIENT, "--none"]).success();
    let after = p.read(&format!("patients/{PATIENT}/patient.toml"));
    assert!(after.starts_with(&before), "{after}");
    assert!(after.ends_with("flags = [\"none\"]\n"), "{after}");
}

#[test]
fn a_restricted_clearance_avoids_its_regions_and_keeps_the_letters_fingerprint() {
    let p = TestPractice::unscreened_with_prescription();
    p.mmx(&[
        "patient",
        "screen",
        PATIENT,
        "--date",
        "2026-11-02",
        "--flag",
        "surgery-6mo",
    ])
    .success();
    p.write("letter.txt", "abc");
    p.mmx(&[
        "patient",
        "clear",
        PATIENT,
        "--flag",
        "surgery-6mo",
        "--by",
        "Dr. Ada Vance",
        "--date",
        "2026-11-03",
        "--expires",
        "2026-11-10",
        "--avoid-region",
        "bilateral-gluteal",
        "--document",
        "letter.txt",
    ])
    .success();
    let record = p.read(&format!("patients/{PATIENT}/patient.toml"));
    assert!(
        record.contains("avoid_regions = [\"bilateral-gluteal\"]\nexpires = 2026-11-10\ndocument = \"2026-11-03-ba7816bf8f01.txt\"\nsha256 = \"ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad\"\n"),
        "{record}"
    );
    assert_eq!(
        p.read(&format!(
            "patients/{PATIENT}/orders/2026-11-03-ba7816bf8f01.txt"
        )),
        "abc"
    );
    let refused = visit(&p, "2026-11-04", &[]);
    refused.code(1);
    assert!(
        refused.stderr.contains("error[avoided-region]: session treats left-gluteal; the doctor's clearance of 2026-11-03 says to avoid bilateral-gluteal"),
        "{refused}"
    );
    p.add_session(&[
        "--date",
        "2026-11-04",
        "--region",
        "lumbar",
        "--technique",
        "swedish",
    ])
    .success();
    // Past its expiry the clearance neither avoids nor clears.
    let lapsed = p.add_session(&[
        "--date",
        "2026-11-11",
        "--region",
        "lumbar",
        "--technique",
        "swedish",
    ]);
    lapsed.code(1);
    assert!(
        lapsed.stderr.contains("error[clearance-missing]"),
        "{lapsed}"
    );
    assert!(!lapsed.stderr.contains("avoided-region"), "{lapsed}");
    // A document that is not there is the command line's mistake.
    p.mmx(&[
        "patient",
        "clear",
        PATIENT,
        "--flag",
        "surgery-6mo",
        "--by",
        "Dr. Ada Vance",
        "--document",
        "no-such-letter.pdf",
    ])
    .code(2);
    // A bad NPI is refused at its flag.
    let npi = p.mmx(&[
        "patient",
        "clear",
        PATIENT,
        "--flag",
        "surgery-6mo",
        "--by",
        "Dr. Ada Vance",
        "--npi",
        "1234567890",
    ]);
    npi.code(2);
    assert!(npi.stderr.contains("--npi"), "{npi}");
}

#[test]
fn a_change_of_health_that_is_a_red_flag_needs_a_clearance_from_that_visit_on() {
    let p = TestPractice::unscreened_with_prescription();
    set_rules(&p, "ask_health_change = true");
    p.mmx(&[
        "patient",
        "screen",
        PATIENT,
        "--date",
        "2026-11-02",
        "--none",
    ])
    .success();
    let unasked = visit(&p, "2026-11-04", &[]);
    unasked.success();
    assert!(
        unasked.stderr.contains("warning[health-change-missing]"),
        "{unasked}"
    );
    visit(&p, "2026-11-06", &["--health-change", "none"]).success();
    let told = visit(
        &p,
        "2026-11-09",
        &[
            "--health-change",
            "Knee arthroscopy last week",
            "--health-change-flag",
            "surgery-6mo",
        ],
    );
    told.code(1);
    assert!(
        told.stderr.contains("error[clearance-missing]")
            && told.stderr.contains("reported at this visit"),
        "{told}"
    );
    assert!(
        !told.stderr.contains("arthroscopy"),
        "the patient's words stay out of messages: {told}"
    );
    p.mmx(&[
        "session",
        "add",
        "--patient",
        PATIENT,
        "--date",
        "2026-11-09",
        "--status",
        "cancelled",
        "--health-change",
        "Knee arthroscopy last week",
        "--health-change-flag",
        "surgery-6mo",
    ])
    .success();
    let later = visit(&p, "2026-11-11", &["--health-change", "none"]);
    later.code(1);
    assert!(
        later.stderr.contains("as a change of health on 2026-11-09"),
        "{later}"
    );
    p.add_session(&[
        "--date",
        "2026-11-11",
        "--region",
        "lumbar",
        "--technique",
        "swedish",
        "--health-change",
        "none",
        "--health-change-flag",
        "surgery-6mo",
    ])
    .code(2);
}

#[test]
fn an_emergency_override_names_the_clearance_it_excuses() {
    let p = TestPractice::unscreened_with_prescription();
    p.mmx(&[
        "patient",
        "screen",
        PATIENT,
        "--date",
        "2026-11-02",
        "--flag",
        "fever-infection",
    ])
    .success();
    visit(
        &p,
        "2026-11-04",
        &[
            "--override",
            "Dr. Vance approved by phone",
            "--id",
            "2026-11-04-aaaaaa",
        ],
    )
    .success();
    let session = p.read(&format!(
        "patients/{PATIENT}/sessions/2026-11-04-aaaaaa.toml"
    ));
    assert!(
        session.contains("findings = [\"clearance-missing: fever-infection\"]"),
        "{session}"
    );
    assert_eq!(
        codes(&p),
        [("clearance-missing".to_string(), "warning".to_string())]
    );
}

#[test]
fn consent_rules_check_the_regions_treated_against_the_consent_on_file() {
    let p = TestPractice::empty();
    p.mmx(&[
        "init",
        "--name",
        "Harbor Street Massage",
        "--therapist",
        "Ines Ortega",
        "--consent",
        "per-course",
    ])
    .success();
    assert!(
        p.read("mmx.toml")
            .contains("sensitive_consent = \"per-course\"\n"),
        "{}",
        p.read("mmx.toml")
    );
    p.add_patient("Ana Lima", "1980-04-12");
    p.mmx(&[
        "rx",
        "add",
        "--patient",
        PATIENT,
        "--issued",
        "2026-11-02",
        "--visits",
        "5",
        "--region",
        "lumbar",
        "--region",
        "bilateral-gluteal",
        "--technique",
        "swedish",
        "--prescriber",
        "Dr. Ada Vance",
        "--id",
        RX,
    ])
    .success();
    let refused = visit(&p, "2026-11-04", &[]);
    refused.code(1);
    assert!(
        refused
            .stderr
            .contains("error[consent-missing]: session treats left-gluteal, a sensitive region")
            && refused.stderr.contains(&format!(
                "`mmx patient consent {PATIENT} --scope sensitive --region left-gluteal"
            )),
        "{refused}"
    );
    p.mmx(&[
        "patient",
        "consent",
        PATIENT,
        "--scope",
        "sensitive",
        "--region",
        "left-gluteal",
        "--date",
        "2026-11-04",
    ])
    .success();
    let record = p.read(&format!("patients/{PATIENT}/patient.toml"));
    assert!(
        record.contains(
            "scope = \"sensitive\"\nregions = [\"left-gluteal\"]\nsigned_by = \"Ana Lima\"\n"
        ),
        "{record}"
    );
    visit(&p, "2026-11-04", &[]).success();
    // The other side is not covered, but a consent given at the visit is.
    let other = p.add_session(&[
        "--date",
        "2026-11-06",
        "--region",
        "right-gluteal",
        "--technique",
        "swedish",
    ]);
    other.code(1);
    p.add_session(&[
        "--date",
        "2026-11-06",
        "--region",
        "right-gluteal",
        "--technique",
        "swedish",
        "--consent",
    ])
    .success();
    // Lumbar alone is not sensitive.
    p.add_session(&[
        "--date",
        "2026-11-09",
        "--region",
        "lumbar",
        "--technique",
        "swedish",
    ])
    .success();
    // A withdrawn consent ends at its date: the visit before stays clean.
    let withdrew = p.mmx(&[
        "patient",
        "consent",
        PATIENT,
        "--scope",
        "sensitive",
        "--withdraw",
        "--date",
        "2026-11-10",
    ]);
    withdrew.success();
    assert!(
        withdrew.stderr.contains("withdrew 1 sensitive consent"),
        "{withdrew}"
    );
    assert!(
        p.read(&format!("patients/{PATIENT}/patient.toml"))
            .contains("withdrawn = 2026-11-10"),
    );
    let after = visit(&p, "2026-11-11", &[]);
    after.code(1);
    assert!(after.stderr.contains("error[consent-missing]"), "{after}");
    p.mmx(&[
        "patient",
        "consent",
        PATIENT,
        "--scope",
        "sensitive",
        "--withdraw",
    ])
    .code(1);
    // A minor needs a guardian's consent.
    let leo = p.add_patient("Leo Lima", "2012-03-01");
    p.mmx(&[
        "rx",
        "add",
        "--patient",
        &leo,
        "--issued",
        "2026-11-02",
        "--visits",
        "5",
        "--region",
        "lumbar",
        "--technique",
        "swedish",
        "--prescriber",
        "Dr. Ada Vance",
    ])
    .success();
    let minor = |p: &TestPractice| {
        p.mmx(&[
            "session",
            "add",
            "--patient",
            &leo,
            "--date",
            "2026-11-04",
            "--minutes",
            "30",
            "--region",
            "lumbar",
            "--technique",
            "swedish",
        ])
    };
    let refused = minor(&p);
    refused.code(1);
    assert!(
        refused.stderr.contains("under 18") && refused.stderr.contains("--scope guardian"),
        "{refused}"
    );
    p.mmx(&["patient", "consent", &leo, "--scope", "guardian"])
        .code(2);
    p.mmx(&[
        "patient",
        "consent",
        &leo,
        "--scope",
        "guardian",
        "--signed-by",
        "Ana Lima",
        "--date",
        "2026-11-02",
    ])
    .success();
    minor(&p).success();
}

#[test]
fn a_practice_without_the_new_rules_works_as_before_but_warns_of_no_screening_once() {
    let p = TestPractice::unscreened_with_prescription();
    // The session goes in (exit 0), with the screening's warning only: no
    // consent is asked where the practice has not turned consent rules on.
    let run = visit(&p, "2026-11-04", &[]);
    run.success();
    assert!(
        run.stderr.starts_with(&format!(
            "warning[screening-missing]: session on 2026-11-04: patient `{PATIENT}` has no health screening on file on or before it\n"
        )) && run.stderr.contains(&format!(
            "help: record the patient's health screening: `mmx patient screen {PATIENT} --flag FLAG...` (or `--none` when the patient reports no red flag)"
        )),
        "{run}"
    );
    // The next visit says it too, of the sessions it is about; `check` says
    // it once for the patient.
    let run = visit(&p, "2026-11-06", &[]);
    run.success();
    assert!(
        run.stderr.contains(
            "warning[screening-missing]: session on 2026-11-06: patient `ana-lima-1980` has no health screening on file on or before it; 2 completed sessions, from 2026-11-04 to 2026-11-06, have none"
        ),
        "{run}"
    );
    assert_eq!(
        codes(&p),
        [("screening-missing".to_string(), "warning".to_string())]
    );
    let check = p.mmx(&["check"]);
    check.success();
    assert!(
        check.stdout.contains(
            "session on 2026-11-04: patient `ana-lima-1980` has no health screening on file on or before it; 2 completed sessions, from 2026-11-04 to 2026-11-06, have none"
        ) && check.stdout.contains(&format!(
            "`mmx patient screen {PATIENT} --flag FLAG...` (or `--none` when the patient reports no red flag), with `--date` the day it was taken, on or before 2026-11-04"
        )),
        "{check}"
    );
    // Not a daily alert: `expiring` says nothing of a screening never taken.
    let expiring = p.mmx(&["expiring"]);
    assert!(!expiring.stdout.contains("screening"), "{expiring}");
    // Screened (dated before the visits), the practice is clean.
    p.mmx(&[
        "patient",
        "screen",
        PATIENT,
        "--date",
        "2026-11-02",
        "--none",
    ])
    .success();
    assert_eq!(codes(&p), []);
}

#[test]
fn screenings_are_required_where_the_practice_says() {
    let p = TestPractice::unscreened_with_prescription();
    visit(&p, "2026-11-04", &[]).success();
    set_rules(&p, "require_screening = false");
    assert_eq!(
        codes(&p),
        [("screening-missing".to_string(), "warning".to_string())]
    );
    let text = p
        .read("mmx.toml")
        .replace("require_screening = false", "require_screening = true");
    p.write("mmx.toml", text);
    assert_eq!(
        codes(&p),
        [("screening-missing".to_string(), "error".to_string())]
    );
    let refused = visit(&p, "2026-11-06", &[]);
    refused.code(1);
    assert!(
        refused
            .stderr
            .contains(&format!("`mmx patient screen {PATIENT} --flag FLAG...`")),
        "{refused}"
    );
    // Not a daily alert unless required: with it, `expiring` says so too.
    let expiring = p.mmx(&["expiring"]);
    assert!(
        expiring.stdout.contains(&format!(
            "screen the patient before the next visit (no screening on file): `mmx patient screen {PATIENT} --flag FLAG... | --none`"
        )),
        "{expiring}"
    );
    p.mmx(&[
        "patient",
        "screen",
        PATIENT,
        "--date",
        "2026-11-04",
        "--none",
    ])
    .success();
    assert_eq!(codes(&p), []);
}

#[test]
fn a_screening_older_than_a_year_is_flagged_by_check_and_expiring() {
    let p = TestPractice::unscreened_with_prescription();
    p.mmx(&[
        "patient",
        "screen",
        PATIENT,
        "--date",
        "2025-10-01",
        "--none",
    ])
    .success();
    let run = visit(&p, "2026-11-04", &[]);
    run.success();
    assert!(run.stderr.contains("warning[screening-expired]: session on 2026-11-04: the latest health screening, of 2025-10-01, is 399 days old"), "{run}");
    assert_eq!(
        codes(&p),
        [("screening-expired".to_string(), "warning".to_string())]
    );
    let expiring = p.mmx(&["expiring"]);
    expiring.code(1);
    // The thing to do is the therapist's: screen again, not call the doctor.
    assert_eq!(
        expiring.stdout,
        format!(
            "screening-due: {PATIENT} (Ana Lima) rx {RX} expires in 70 days (2027-02-01), 2 of 3 visits left; screen the patient again before the next visit (the screening of 2025-10-01 was current until 2026-10-01): `mmx patient screen {PATIENT} --flag FLAG... | --none`\n"
        ),
        "{expiring}"
    );
    // With a reason that is the prescriber's, the call comes first.
    let low = p.mmx(&["expiring", "--visits-left", "2"]);
    assert!(
        low.stdout.starts_with("low-visits,screening-due: ")
            && low.stdout.contains(
                "2 of 3 visits left; call Dr. Ada Vance; screen the patient again before the next visit"
            ),
        "{low}"
    );
    set_rules(&p, "require_screening = true");
    assert_eq!(
        codes(&p),
        [("screening-expired".to_string(), "error".to_string())]
    );
    p.mmx(&[
        "patient",
        "screen",
        PATIENT,
        "--date",
        "2026-11-03",
        "--none",
    ])
    .success();
    assert_eq!(codes(&p), []);
    p.mmx(&["expiring"]).success();
}

#[test]
fn a_screening_dated_after_today_is_refused_at_its_flag() {
    let p = TestPractice::unscreened_with_prescription();
    let run = p.mmx(&[
        "patient",
        "screen",
        PATIENT,
        "--date",
        "2026-12-01",
        "--none",
    ]);
    run.code(2);
    assert!(run.stderr.contains("--date"), "{run}");
}

#[test]
fn free_text_in_the_new_fields_stays_out_of_messages() {
    let p = TestPractice::unscreened_with_prescription();
    let path = format!("patients/{PATIENT}/patient.toml");
    let text = p.read(&path)
        + "\n[[screenings]]\ndate = 2026-11-02\nflags = [\"she had a clot in 2019\"]\nnote = \"Secret words\"\n\n[[clearances]]\ndate = 2026-11-02\nby = \"Dr. Private Person\"\nflags = [\"dvt-history\"]\nsha256 = \"my letter from the doctor\"\n\n[[consents]]\ndate = 2026-11-02\nscope = \"all of it, she said\"\nsigned_by = \"Ana Lima\"\n";
    p.write(&path, text);
    let report = p.check_json();
    let said: String = report
        .diagnostics
        .iter()
        .map(|d| format!("{} {}\n", d.message, d.hint.clone().unwrap_or_default()))
        .collect();
    assert!(report.diagnostics.len() >= 3, "{said}");
    for secret in ["clot", "Secret", "Private", "my letter", "she said"] {
        assert!(!said.contains(secret), "{secret} in:\n{said}");
    }
    let human = p.mmx(&["check"]);
    for secret in ["clot", "Secret", "Private", "my letter", "she said"] {
        assert!(!human.stderr.contains(secret), "{secret} in:\n{human}");
    }
}

#[test]
fn vocab_schema_and_completion_know_the_red_flags() {
    let p = TestPractice::new();
    let vocab: Value = p.mmx(&["vocab", "--format", "json"]).success().json();
    let flags: Vec<&str> = vocab["screening"]["red_flags"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["id"].as_str().unwrap())
        .collect();
    assert!(
        flags.contains(&"dvt-history") && flags.contains(&"none"),
        "{flags:?}"
    );
    assert_eq!(vocab["screening"]["red_flags"][0]["requires"], "clearance");
    let doc = std::fs::read_to_string(crate_root().join("docs/reference/vocabulary.md")).unwrap();
    let guide = std::fs::read_to_string(crate_root().join("docs/guides/safety.md")).unwrap();
    for f in &flags {
        assert!(doc.contains(&format!("`{f}`")), "vocabulary.md lacks {f}");
        assert!(guide.contains(&format!("`{f}`")), "safety.md lacks {f}");
    }
    let text = p.mmx(&["vocab"]).success().stdout.clone();
    assert!(
        text.contains(
            "  dvt-history  History of deep vein thrombosis: requires a doctor's clearance"
        ),
        "{text}"
    );
    let schema: Value = p.mmx(&["schema"]).success().json();
    let patient = &schema["patient"]["properties"];
    assert!(
        patient["screenings"]["items"]["properties"]["flags"]["items"]["enum"]
            .as_array()
            .unwrap()
            .contains(&Value::from("dvt-history")),
        "{patient}"
    );
    assert_eq!(
        patient["consents"]["items"]["properties"]["scope"]["enum"],
        serde_json::json!(["treatment", "sensitive", "intraoral", "guardian"])
    );
    assert!(
        patient["clearances"]["items"]["properties"]["avoid_regions"]["items"]["enum"]
            .as_array()
            .unwrap()
            .contains(&Value::from("left-gluteal"))
    );
    assert_eq!(
        schema["session"]["properties"]["health_change_flags"]["items"]["enum"][0],
        "dvt-history"
    );
    assert_eq!(
        schema["settings"]["properties"]["rules"]["properties"]["require_screening"]["type"],
        "boolean"
    );
}

#[test]
fn the_letter_names_the_red_flags_and_the_clearances_in_one_line() {
    let p = TestPractice::copy_of(&crate_root().join("examples/demo-practice"));
    let run = p.mmx(&[
        "report",
        "marisol-quinones-hartley-1964",
        "--format",
        "text",
    ]);
    run.success();
    assert!(
        run.stdout.split_whitespace().collect::<Vec<_>>().join(" ").contains("Red flags (health screening of July 6, 2026): Lymphedema; Surgery in the last six months. Cleared by Dr. Cassius Umberfield, MD on July 6, 2026 for lymphedema and surgery in the last six months, avoiding the left axilla, until January 6, 2027."),
        "{run}"
    );
    let jose = p.mmx(&["report", "jose-nunez-1975", "--format", "text"]);
    assert!(
        jose.stdout
            .contains("Health screening of June 2, 2026: no red flags reported."),
        "{jose}"
    );
}

#[test]
fn patient_show_says_what_is_on_file() {
    let p = TestPractice::copy_of(&crate_root().join("examples/demo-practice"));
    let run = p.mmx(&["patient", "show", "jose-nunez-1975"]);
    run.success();
    assert!(
        run.stdout
            .contains("Health screening of 2026-06-02: no red flags reported.")
            && run
                .stdout
                .contains("sensitive (left-gluteal) 2026-06-02, per course"),
        "{run}"
    );
    let json: Value = p
        .mmx(&["patient", "show", "jose-nunez-1975", "--format", "json"])
        .json();
    assert_eq!(json["screenings"][0]["flags"][0], "none");
    assert_eq!(json["consents"][0]["scope"], "sensitive");
}

#[test]
fn a_clearance_that_ends_soon_is_flagged_by_expiring_for_its_doctor_to_renew() {
    let p = TestPractice::unscreened_with_prescription();
    p.mmx(&[
        "patient",
        "screen",
        PATIENT,
        "--date",
        "2026-10-01",
        "--flag",
        "dvt-history",
    ])
    .success();
    let clear = |expires: Option<&str>| {
        let mut args = vec![
            "patient",
            "clear",
            PATIENT,
            "--date",
            "2026-10-02",
            "--flag",
            "dvt-history",
            "--by",
            "Dr. Lena Osei",
        ];
        if let Some(e) = expires {
            args.extend(["--expires", e]);
        }
        p.mmx(&args).success();
    };
    // In force until 2026-11-30: a week from today, inside the 14 days.
    clear(Some("2026-11-30"));
    let expiring = p.mmx(&["expiring"]);
    expiring.code(1);
    assert!(
        expiring.stdout.starts_with("clearance-due: ")
            && expiring.stdout.contains(&format!(
                "ask Dr. Lena Osei to renew the clearance of 2026-10-02 for dvt-history, which ends 2026-11-30 (`mmx patient clear {PATIENT} --flag dvt-history --by NAME --expires DATE`)"
            ))
            && !expiring.stdout.contains("call "),
        "{expiring}"
    );
    let json: Value = p.mmx(&["expiring", "--format", "json"]).json();
    assert_eq!(json[0]["clearance_due"]["expires"], "2026-11-30");
    assert_eq!(json[0]["clearance_due"]["flags"][0], "dvt-history");
    // A clearance with no end covers the flag beyond: nothing to ask.
    clear(None);
    let quiet = p.mmx(&["expiring"]);
    quiet.success();
    assert_eq!(quiet.stdout, "", "{quiet}");
}
