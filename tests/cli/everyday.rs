//! The smaller things a new user meets: the renewal call names the doctor
//! and the fax, `patient show` shows what to avoid, a mistyped date is
//! offered as mmx writes it, a patient's exact name does for their id, the
//! manual reads as a manual, and a dry run says so once a statement.

use crate::common::{PATIENT, RX, TestPractice};

#[test]
fn expiring_calls_the_doctor_and_gives_the_fax() {
    let p = TestPractice::new();
    let id = p.add_patient("Ana Lima", "1980-04-12");
    p.mmx(&[
        "rx",
        "add",
        "--patient",
        &id,
        "--issued",
        "2026-11-02",
        "--expires",
        "2026-12-01",
        "--visits",
        "6",
        "--region",
        "lumbar",
        "--technique",
        "swedish",
        "--prescriber",
        "Priya Raman",
        "--credential",
        "MD",
        "--prescriber-phone",
        "555-0300",
        "--prescriber-fax",
        "555-0301",
    ])
    .success();
    let run = p.mmx(&["expiring"]);
    run.code(1);
    assert!(
        run.stdout
            .contains("; call Dr. Priya Raman 555-0300 (fax 555-0301)"),
        "{run}"
    );
    // A name that says it already, or a credential that is not a doctor's,
    // is left as it is.
    let json: serde_json::Value = p.mmx(&["expiring", "--format", "json"]).json();
    assert_eq!(json[0]["prescriber"]["addressed"], "Dr. Priya Raman");
    assert_eq!(json[0]["prescriber"]["fax"], "555-0301");
    p.mmx(&[
        "rx",
        "edit",
        &format!("{id}/{}", rx_of(&p, &id)),
        "--credential",
        "NP",
    ])
    .success();
    let run = p.mmx(&["expiring"]);
    assert!(
        run.stdout
            .contains("; call Priya Raman 555-0300 (fax 555-0301)"),
        "{run}"
    );
}

fn rx_of(p: &TestPractice, patient: &str) -> String {
    p.files(&format!("patients/{patient}/prescriptions"))[0]
        .rsplit('/')
        .next()
        .unwrap()
        .trim_end_matches(".toml")
        .to_string()
}

#[test]
fn patient_show_shows_the_regions_and_techniques_to_avoid() {
    let p = TestPractice::with_prescription();
    p.mmx(&[
        "patient",
        "edit",
        PATIENT,
        "--avoid-region",
        "left-calf",
        "--avoid-technique",
        "cupping",
    ])
    .success();
    let run = p.mmx(&["patient", "show", PATIENT]);
    run.success();
    assert!(
        // (A calf is the lower leg, as the vocabulary writes it.)
        run.stdout.contains("avoid regions     left-lower-leg\n")
            && run.stdout.contains("avoid techniques  cupping\n"),
        "{run}"
    );
}

#[test]
fn a_date_written_another_way_is_offered_as_mmx_writes_it() {
    let p = TestPractice::with_prescription();
    let run = p.mmx(&["session", "list", "--since", "12/02/2026"]);
    run.code(2);
    assert!(
        run.stderr.contains(
            "`12/02/2026` is not a date; use YYYY-MM-DD: 2026-12-02 if the month comes first, 2026-02-12 if the day does"
        ),
        "{run}"
    );
    let run = p.mmx(&["session", "list", "--since", "23.11.2026"]);
    assert!(run.stderr.contains("use YYYY-MM-DD: 2026-11-23"), "{run}");
}

#[test]
fn an_exact_unique_name_does_for_the_id() {
    let p = TestPractice::with_prescription();
    let by_name = p.mmx(&["report", "Ana Lima", "--format", "md"]);
    by_name.success();
    assert_eq!(
        by_name.stdout,
        p.mmx(&["report", PATIENT, "--format", "md"]).stdout
    );
    p.mmx(&["session", "list", "--patient", "ana  LIMA"])
        .success();
    p.mmx(&["patient", "show", "Ana Lima"]).success();
    p.mmx(&[
        "session",
        "add",
        "--patient",
        "Ana Lima",
        "--date",
        "2026-11-04",
        "--minutes",
        "50",
        "--region",
        "lumbar",
        "--technique",
        "swedish",
    ])
    .success();
    assert_eq!(p.files(&format!("patients/{PATIENT}/sessions")).len(), 1);
    // Two patients of one name: refused, with both ids.
    p.add_patient("Ana Lima", "1991-02-03");
    let run = p.mmx(&["report", "Ana Lima"]);
    run.code(2);
    assert!(
        run.stderr.contains(
            "error: 2 patients have that name: ana-lima-1980, ana-lima-1991; give the id of the one you mean"
        ),
        "{run}"
    );
    // A name no one has is not found, as before.
    p.mmx(&["report", "Ana Lim"]).code(1);
}

#[test]
fn the_manual_has_no_backticks_and_names_the_reports_and_documents() {
    let p = TestPractice::empty();
    let dir = p.path("man");
    let pages = p.mmx(&["man", "--out", dir.to_str().unwrap()]);
    pages.success();
    for page in pages.stdout.lines() {
        let text = std::fs::read_to_string(page).unwrap();
        assert!(!text.contains('`'), "{page} shows backticks");
    }
    let top = std::fs::read_to_string(dir.join("mmx.1")).unwrap();
    assert!(
        top.contains("/reports/\\fIREPORT\\fB.toml"),
        "FILES has no reports/"
    );
    assert!(
        top.contains("\\fBdocuments/\\fR"),
        "FILES has no documents/"
    );
    let import = std::fs::read_to_string(dir.join("mmx-patient-import.1")).unwrap();
    assert!(import.contains("(\\fB\\-\\fR for stdin)"), "{import}");
}

#[test]
fn a_dry_run_marks_what_it_says_it_did_not_every_line() {
    let p = TestPractice::with_prescription();
    let visit = [
        "--date",
        "2026-11-04",
        "--region",
        "lumbar",
        "--technique",
        "swedish",
    ];
    p.add_session(&visit).success();
    let mut dry = visit.to_vec();
    dry.push("--dry-run");
    let run = p.add_session(&dry);
    run.success();
    assert!(run.stderr.starts_with("warning[same-day-visit]: "), "{run}");
    assert!(!run.stderr.contains("(dry run, nothing written) "), "{run}");
    let id = format!(
        "{PATIENT}/{}",
        p.files(&format!("patients/{PATIENT}/sessions"))[0]
            .rsplit('/')
            .next()
            .unwrap()
            .trim_end_matches(".toml")
    );
    let run = p.mmx(&["session", "amend", &id, "--note", "lighter", "--dry-run"]);
    run.success();
    assert!(
        run.stderr
            .starts_with("(dry run, nothing written) amended session "),
        "{run}"
    );
    let _ = RX;
}
