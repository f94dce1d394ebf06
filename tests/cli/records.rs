//! Adding records: `patient add`, `rx add` and `session add`, which checks a
//! new session against its prescription and writes nothing when it is refused.

use crate::common;
use insta::assert_snapshot;

use crate::common::{PATIENT, RX, TestPractice, is_generated_id};

const SESSIONS: &str = "patients/ana-lima-1980/sessions";

#[test]
fn patient_add_prints_only_the_slug_id() {
    let p = TestPractice::new();
    let run = p.mmx(&[
        "patient",
        "add",
        "--name",
        "José Núñez",
        "--birth-date",
        "1975-03-01",
        "--phone",
        "555-0142",
    ]);
    assert_snapshot!(run.snapshot(), @"
    jose-nunez-1975
    ----- stderr -----
    [exit status: 0]
    ");
    assert_snapshot!(p.read("patients/jose-nunez-1975/patient.toml"), @r#"
    id = "jose-nunez-1975"
    name = "José Núñez"
    birth_date = 1975-03-01
    phone = "555-0142"
    "#);
}

#[test]
fn patient_add_without_birth_date_uses_the_name_alone() {
    let p = TestPractice::new();
    let run = p.mmx(&["patient", "add", "--name", "  Anne-Marie  O'Neil "]);
    assert_snapshot!(run.snapshot(), @"
    anne-marie-o-neil
    ----- stderr -----
    [exit status: 0]
    ");
    assert!(p.path("patients/anne-marie-o-neil/patient.toml").is_file());
}

#[test]
fn patient_add_with_explicit_id() {
    let p = TestPractice::new();
    let run = p.mmx(&["patient", "add", "--name", "Ana Lima", "--id", "al-2"]);
    assert_snapshot!(run.snapshot(), @"
    al-2
    ----- stderr -----
    [exit status: 0]
    ");
    assert_eq!(p.files("patients"), ["patients/al-2/patient.toml"]);
}

#[test]
fn patient_add_refuses_a_duplicate_and_keeps_the_first() {
    let p = TestPractice::new();
    p.add_patient("José Núñez", "1975-03-01");
    let before = p.read("patients/jose-nunez-1975/patient.toml");
    let run = p.mmx(&[
        "patient",
        "add",
        "--name",
        "José Núñez",
        "--birth-date",
        "1975-09-09",
        "--phone",
        "555-9999",
    ]);
    assert_snapshot!(run.snapshot(), @"
    ----- stderr -----
    error: patient `jose-nunez-1975` already exists (patients/jose-nunez-1975/patient.toml); nothing was written
      hint: if this is another person, give them their own id: --id jose-nunez-1975-2
    [exit status: 1]
    ");
    assert_eq!(p.read("patients/jose-nunez-1975/patient.toml"), before);
    assert_eq!(
        p.files("patients"),
        ["patients/jose-nunez-1975/patient.toml"]
    );
}

#[test]
fn patient_add_refuses_a_name_without_letters() {
    let p = TestPractice::new();
    let run = p.mmx(&["patient", "add", "--name", "!!!"]);
    assert_snapshot!(run.snapshot(), @"
    ----- stderr -----
    error: cannot make an id from the name given (it has no letters or digits a-z, 0-9); pass --id
    [exit status: 2]
    ");
    assert!(p.files("patients").is_empty());
}

#[test]
fn rx_add_prints_the_id_and_writes_a_canonical_file() {
    let p = TestPractice::new();
    p.add_patient("Ana Lima", "1980-04-12");
    let run = p.mmx(&[
        "rx",
        "add",
        "--patient",
        PATIENT,
        "--issued",
        "2026-11-02",
        "--visits",
        "8",
        "--region",
        "Lumbar",
        "--region",
        "left_gluteal",
        "--region",
        "lumbar",
        "--technique",
        "swedish",
        "--technique",
        "MFR",
        "--prescriber",
        "Dr. Ada Vance",
        "--npi",
        "1234567893",
        "--diagnosis",
        "m54.16=Radiculopathy, lumbar region",
        "--frequency",
        "2x/week",
        "--minutes",
        "50",
        "--goal",
        "Sit through a work day",
        "--id",
        RX,
    ]);
    // No `--expires` and no course length: the practice's default is taken,
    // and said (`default-expiry`), for the therapist to confirm.
    assert_snapshot!(run.snapshot(), @"
    2026-11-02-a7k2mp
    ----- stderr -----
    warning[default-expiry]: prescription `2026-11-02-a7k2mp` says neither when it expires nor for how many weeks: it is taken to expire on 2027-11-02, the practice's default of 365 days from issue
     --> patients/ana-lima-1980/prescriptions/2026-11-02-a7k2mp.toml:3:10
      |
    3 | issued = 2026-11-02
      |          ^^^^^^^^^^
    help: confirm the order's length with the prescriber, then record it: `mmx rx edit 2026-11-02-a7k2mp --expires DATE` or `--weeks N` (N weeks from the first visit)

    [exit status: 0]
    ");
    // Vocabulary canonical and de-duplicated, diagnosis code upper-cased.
    assert_snapshot!(p.read(&format!("patients/{PATIENT}/prescriptions/{RX}.toml")), @r#"
    id = "2026-11-02-a7k2mp"
    patient = "ana-lima-1980"
    issued = 2026-11-02
    visits = 8
    frequency = "2x/week"
    minutes = 50
    regions = ["lumbar", "left-gluteal"]
    techniques = ["swedish", "myofascial-release"]
    goals = ["Sit through a work day"]

    [prescriber]
    name = "Dr. Ada Vance"
    npi = "1234567893"

    [[diagnoses]]
    code = "M54.16"
    text = "Radiculopathy, lumbar region"
    "#);
}

#[test]
fn rx_add_generates_a_dated_id() {
    let p = TestPractice::new();
    p.add_patient("Ana Lima", "1980-04-12");
    let args = [
        "rx",
        "add",
        "--patient",
        PATIENT,
        "--issued",
        "2026-11-02",
        "--visits",
        "8",
        "--region",
        "lumbar",
        "--technique",
        "swedish",
        "--prescriber",
        "Dr. Ada Vance",
    ];
    let first = p.mmx(&args);
    let second = p.mmx(&args);
    let ids: Vec<&str> = [&first, &second]
        .iter()
        .map(|r| r.success().stdout.trim_end())
        .collect();
    for id in &ids {
        assert!(is_generated_id(id), "not a generated id: {id:?}");
        assert!(
            id.starts_with("2026-11-02-"),
            "id does not start with the issue date: {id}"
        );
    }
    assert_ne!(ids[0], ids[1]);
    assert_eq!(
        p.files(&format!("patients/{PATIENT}/prescriptions")),
        ids.iter()
            .map(|id| format!("patients/{PATIENT}/prescriptions/{id}.toml"))
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .collect::<Vec<_>>()
    );
    assert_snapshot!(first.snapshot_redacted(), @"
    2026-11-02-[id]
    ----- stderr -----
    warning[default-expiry]: prescription `2026-11-02-[id]` says neither when it expires nor for how many weeks: it is taken to expire on 2027-11-02, the practice's default of 365 days from issue
     --> patients/ana-lima-1980/prescriptions/2026-11-02-[id].toml:3:10
      |
    3 | issued = 2026-11-02
      |          ^^^^^^^^^^
    help: confirm the order's length with the prescriber, then record it: `mmx rx edit 2026-11-02-[id] --expires DATE` or `--weeks N` (N weeks from the first visit)

    [exit status: 0]
    ");
}

#[test]
fn rx_add_for_an_unknown_patient_is_refused() {
    let p = TestPractice::new();
    let run = p.mmx(&[
        "rx",
        "add",
        "--patient",
        "nobody",
        "--issued",
        "2026-11-02",
        "--visits",
        "8",
        "--region",
        "lumbar",
        "--technique",
        "swedish",
        "--prescriber",
        "Dr. Vance",
    ]);
    assert_snapshot!(run.snapshot(), @"
    ----- stderr -----
    error: no patient `nobody`
      hint: `mmx patient list` shows the patients
    [exit status: 1]
    ");
    assert!(p.files("patients").is_empty());
}

#[test]
fn rx_add_refuses_a_bad_npi_diagnosis_or_expiry() {
    let p = TestPractice::new();
    p.add_patient("Ana Lima", "1980-04-12");
    let base = [
        "rx",
        "add",
        "--patient",
        PATIENT,
        "--issued",
        "2026-11-02",
        "--visits",
        "8",
        "--region",
        "lumbar",
        "--technique",
        "swedish",
        "--prescriber",
        "Dr. Vance",
    ];
    let with = |extra: &[&str]| {
        let mut args = base.to_vec();
        args.extend_from_slice(extra);
        p.mmx(&args).snapshot()
    };
    assert_snapshot!(with(&["--npi", "1234567890"]), @"
    ----- stderr -----
    error: --npi: NPI `1234567890` is not valid
      hint: an NPI is 10 digits whose last digit is the Luhn check digit (with prefix 80840)
    [exit status: 2]
    ");
    assert_snapshot!(with(&["--diagnosis", "54.16=Back pain"]), @"
    ----- stderr -----
    error: --diagnosis: `54.16` is not an ICD-10-CM code
      hint: ICD-10-CM codes look like M54.16 or S13.4XXA: a capital letter, two digits or letters, then an optional dot and up to four more
    [exit status: 2]
    ");
    assert_snapshot!(with(&["--expires", "2026-11-01"]), @"
    ----- stderr -----
    error: --expires: prescription expires 2026-11-01, before it was issued 2026-11-02
      hint: `expires` must be on or after `issued`
    [exit status: 2]
    ");
    assert_eq!(
        p.files("patients"),
        [format!("patients/{PATIENT}/patient.toml")]
    );
}

#[test]
fn session_add_accepted_prints_only_the_id() {
    let p = TestPractice::with_prescription();
    let run = p.add_session(&[
        "--date",
        "2026-11-04",
        "--start",
        "09:30",
        "--region",
        "lumbar",
        "--region",
        "left-gluteal",
        "--technique",
        "swedish",
        "--pain-before",
        "7",
        "--pain-after",
        "4",
        "--subjective",
        "Sharp pain down left leg on sitting",
        "--plan",
        "Continue twice a week",
        "--id",
        "2026-11-04-dr1h9d",
    ]);
    assert_snapshot!(run.snapshot(), @"
    2026-11-04-dr1h9d
    ----- stderr -----
    [exit status: 0]
    ");
    // The practice's default therapist is recorded; the prescription was found
    // without --rx because it is the only one in force that day.
    assert_snapshot!(p.read(&format!("{SESSIONS}/2026-11-04-dr1h9d.toml")), @r#"
    id = "2026-11-04-dr1h9d"
    patient = "ana-lima-1980"
    prescription = "2026-11-02-a7k2mp"
    date = 2026-11-04
    start = 09:30:00
    minutes = 50
    therapist = "Ines Ortega"
    regions = ["lumbar", "left-gluteal"]
    techniques = ["swedish"]
    pain_before = 7
    pain_after = 4

    [soap]
    subjective = "Sharp pain down left leg on sitting"
    plan = "Continue twice a week"
    "#);
    p.mmx(&["check", "-q"]).success();
}

#[test]
fn session_add_generates_a_dated_id() {
    let p = TestPractice::with_prescription();
    let run = p.add_session(&[
        "--date",
        "2026-11-04",
        "--region",
        "lumbar",
        "--technique",
        "swedish",
    ]);
    run.success();
    let id = run.stdout.trim_end();
    assert!(
        is_generated_id(id) && id.starts_with("2026-11-04-"),
        "{run}"
    );
    assert_eq!(p.files(SESSIONS), [format!("{SESSIONS}/{id}.toml")]);
}

#[test]
fn session_add_cancelled_needs_no_regions_and_does_not_count() {
    let p = TestPractice::with_prescription();
    let run = p.mmx(&[
        "session",
        "add",
        "--patient",
        PATIENT,
        "--date",
        "2026-11-05",
        "--status",
        "cancelled",
        "--id",
        "2026-11-05-c0c0c0",
    ]);
    assert_snapshot!(run.snapshot(), @"
    2026-11-05-c0c0c0
    ----- stderr -----
    [exit status: 0]
    ");
    assert_snapshot!(p.read(&format!("{SESSIONS}/2026-11-05-c0c0c0.toml")), @r#"
    id = "2026-11-05-c0c0c0"
    patient = "ana-lima-1980"
    prescription = "2026-11-02-a7k2mp"
    date = 2026-11-05
    status = "cancelled"
    therapist = "Ines Ortega"
    "#);
    let rx: Vec<serde_json::Value> = p.mmx(&["rx", "list", "--format", "json"]).json();
    assert_eq!(
        rx[0]["used"], 0,
        "a cancelled session was counted as a visit"
    );
}

/// Adds a session that must be refused and asserts nothing was written.
fn refused(p: &TestPractice, extra: &[&str]) -> String {
    let before = p.files(&format!("patients/{PATIENT}"));
    let run = p.add_session(extra);
    assert_eq!(run.code, 1, "expected a refusal:\n{run}");
    assert!(run.stdout.is_empty(), "a refused add printed an id:\n{run}");
    assert_eq!(
        p.files(&format!("patients/{PATIENT}")),
        before,
        "a refused session changed the patient's folder"
    );
    run.snapshot()
}

#[test]
fn session_add_refuses_a_region_not_prescribed() {
    let p = TestPractice::with_prescription();
    assert_snapshot!(refused(&p, &[
        "--date", "2026-11-04", "--region", "lumbar", "--region", "cervical", "--technique",
        "swedish", "--id", "2026-11-04-dr1h9d",
    ]), @r#"
    ----- stderr -----
    error[region-not-prescribed]: session treats cervical; prescription `2026-11-02-a7k2mp` covers lumbar, left-gluteal
     --> patients/ana-lima-1980/sessions/2026-11-04-dr1h9d.toml:7:22
      |
    7 | regions = ["lumbar", "cervical"]
      |                      ^^^^^^^^^^
    help: prescribed regions: lumbar, left-gluteal; if the prescriber approved it, add `--override REASON` to this command; if the prescription now allows it, change it: `mmx rx edit 2026-11-02-a7k2mp --add-region cervical`

    error: refused: 1 problem with this change; nothing was written
    [exit status: 1]
    "#);
}

#[test]
fn session_add_refuses_the_wrong_side() {
    let p = TestPractice::with_prescription();
    assert_snapshot!(refused(&p, &[
        "--date", "2026-11-04", "--region", "right-gluteal", "--technique", "swedish", "--id",
        "2026-11-04-dr1h9d",
    ]), @r#"
    ----- stderr -----
    error[wrong-side]: session treats right-gluteal; prescription `2026-11-02-a7k2mp` covers the other side (left-gluteal), not this one
     --> patients/ana-lima-1980/sessions/2026-11-04-dr1h9d.toml:7:12
      |
    7 | regions = ["right-gluteal"]
      |            ^^^^^^^^^^^^^^^
    help: prescribed regions: lumbar, left-gluteal; if the prescriber approved it, add `--override REASON` to this command; if the prescription now allows it, change it: `mmx rx edit 2026-11-02-a7k2mp --add-region right-gluteal`

    error: refused: 1 problem with this change; nothing was written
    [exit status: 1]
    "#);
}

#[test]
fn session_add_refuses_bilateral_when_one_side_is_prescribed() {
    let p = TestPractice::with_prescription();
    assert_snapshot!(refused(&p, &[
        "--date", "2026-11-04", "--region", "bilateral-gluteal", "--technique", "swedish", "--id",
        "2026-11-04-dr1h9d",
    ]), @r#"
    ----- stderr -----
    error[wrong-side]: session treats bilateral-gluteal; prescription `2026-11-02-a7k2mp` covers the other side (left-gluteal), not this one
     --> patients/ana-lima-1980/sessions/2026-11-04-dr1h9d.toml:7:12
      |
    7 | regions = ["bilateral-gluteal"]
      |            ^^^^^^^^^^^^^^^^^^^
    help: prescribed regions: lumbar, left-gluteal; if the prescriber approved it, add `--override REASON` to this command; if the prescription now allows it, change it: `mmx rx edit 2026-11-02-a7k2mp --add-region bilateral-gluteal`

    error: refused: 1 problem with this change; nothing was written
    [exit status: 1]
    "#);
}

#[test]
fn session_add_refuses_a_technique_not_prescribed() {
    let p = TestPractice::with_prescription();
    assert_snapshot!(refused(&p, &[
        "--date", "2026-11-04", "--region", "lumbar", "--technique", "swedish", "--technique",
        "cupping", "--id", "2026-11-04-dr1h9d",
    ]), @r#"
    ----- stderr -----
    error[technique-not-prescribed]: session uses cupping; prescription `2026-11-02-a7k2mp` allows swedish, myofascial-release
     --> patients/ana-lima-1980/sessions/2026-11-04-dr1h9d.toml:8:26
      |
    8 | techniques = ["swedish", "cupping"]
      |                          ^^^^^^^^^
    help: prescribed techniques: swedish, myofascial-release; if the prescriber approved it, add `--override REASON` to this command; if the prescription now allows it, change it: `mmx rx edit 2026-11-02-a7k2mp --add-technique cupping`

    error: refused: 1 problem with this change; nothing was written
    [exit status: 1]
    "#);
}

#[test]
fn session_add_reports_every_problem_of_a_refused_session() {
    let p = TestPractice::with_prescription();
    assert_snapshot!(refused(&p, &[
        "--date", "2026-11-06", "--region", "lumbar", "--region", "right-gluteal", "--technique",
        "cupping", "--id", "2026-11-06-4k1wyp",
    ]), @r#"
    ----- stderr -----
    error[wrong-side]: session treats right-gluteal; prescription `2026-11-02-a7k2mp` covers the other side (left-gluteal), not this one
     --> patients/ana-lima-1980/sessions/2026-11-06-4k1wyp.toml:7:22
      |
    7 | regions = ["lumbar", "right-gluteal"]
      |                      ^^^^^^^^^^^^^^^
    help: prescribed regions: lumbar, left-gluteal; if the prescriber approved it, add `--override REASON` to this command; if the prescription now allows it, change it: `mmx rx edit 2026-11-02-a7k2mp --add-region right-gluteal`

    error[technique-not-prescribed]: session uses cupping; prescription `2026-11-02-a7k2mp` allows swedish, myofascial-release
     --> patients/ana-lima-1980/sessions/2026-11-06-4k1wyp.toml:8:15
      |
    8 | techniques = ["cupping"]
      |               ^^^^^^^^^
    help: prescribed techniques: swedish, myofascial-release; if the prescriber approved it, add `--override REASON` to this command; if the prescription now allows it, change it: `mmx rx edit 2026-11-02-a7k2mp --add-technique cupping`

    error: refused: 2 problems with this change; nothing was written
    [exit status: 1]
    "#);
}

#[test]
fn session_add_refuses_visits_past_the_prescription() {
    let p = TestPractice::with_prescription();
    for (date, id) in [
        ("2026-11-04", "2026-11-04-aaaaaa"),
        ("2026-11-06", "2026-11-06-bbbbbb"),
        ("2026-11-09", "2026-11-09-cccccc"),
    ] {
        p.add_session(&[
            "--date",
            date,
            "--region",
            "lumbar",
            "--technique",
            "swedish",
            "--id",
            id,
        ])
        .success();
    }
    assert_snapshot!(refused(&p, &[
        "--date", "2026-11-11", "--region", "lumbar", "--technique", "swedish", "--id",
        "2026-11-11-dddddd",
    ]), @r#"
    ----- stderr -----
    error[visits-exceeded]: visit 4 of prescription `2026-11-02-a7k2mp`, which allows 3; the last visit it allows is session `2026-11-09-cccccc` on 2026-11-09
     --> patients/ana-lima-1980/sessions/2026-11-11-dddddd.toml:3:16
      |
    3 | prescription = "2026-11-02-a7k2mp"
      |                ^^^^^^^^^^^^^^^^^^^
    help: if the prescriber approved it, add `--override REASON` to this command; if the prescription now allows it, change it: `mmx rx edit 2026-11-02-a7k2mp --visits 4`; visits are counted by date, start and id

    error: refused: 1 problem with this change; nothing was written
    [exit status: 1]
    "#);
}

#[test]
fn session_add_refuses_a_session_after_expiry() {
    let p = TestPractice::with_prescription();
    // Past the expiry no prescription is in force, so it must be named.
    assert_snapshot!(refused(&p, &[
        "--rx", RX, "--date", "2027-02-02", "--region", "lumbar", "--technique", "swedish", "--id",
        "2027-02-02-latelt",
    ]), @r#"
    ----- stderr -----
    error[after-expiry]: session on 2027-02-02 is after prescription `2026-11-02-a7k2mp` expired on 2027-02-01
     --> patients/ana-lima-1980/sessions/2027-02-02-latelt.toml:4:8
      |
    4 | date = 2027-02-02
      |        ^^^^^^^^^^
    help: prescription `2026-11-02-a7k2mp` is valid 2026-11-02 to 2027-02-01; if the prescriber approved it, add `--override REASON` to this command; if the prescription now allows it, change it: `mmx rx edit 2026-11-02-a7k2mp --expires 2027-02-02` (or a renewal is a new prescription, `mmx rx add --renews 2026-11-02-a7k2mp`)

    warning[future-session]: completed session dated 2027-02-02, after today (2026-11-23)
     --> patients/ana-lima-1980/sessions/2027-02-02-latelt.toml:4:8
      |
    4 | date = 2027-02-02
      |        ^^^^^^^^^^
    help: record a session once it has happened, or give it status = "cancelled"

    error: refused: 1 problem with this change; nothing was written
    [exit status: 1]
    "#);
}

#[test]
fn session_add_refuses_a_session_before_issue() {
    let p = TestPractice::with_prescription();
    assert_snapshot!(refused(&p, &[
        "--rx", RX, "--date", "2026-11-01", "--region", "lumbar", "--technique", "swedish", "--id",
        "2026-11-01-early0",
    ]), @"
    ----- stderr -----
    error[before-issue]: session on 2026-11-01 is before prescription `2026-11-02-a7k2mp` was issued on 2026-11-02
     --> patients/ana-lima-1980/sessions/2026-11-01-early0.toml:4:8
      |
    4 | date = 2026-11-01
      |        ^^^^^^^^^^
    help: prescription `2026-11-02-a7k2mp` is valid 2026-11-02 to 2027-02-01: if the session's date is wrong, give its real date; if the prescriber approved it, add `--override REASON` to this command

    error: refused: 1 problem with this change; nothing was written
    [exit status: 1]
    ");
}

#[test]
fn session_add_refuses_an_unknown_prescription() {
    let p = TestPractice::with_prescription();
    assert_snapshot!(refused(&p, &[
        "--rx", "2026-01-01-zzzzzz", "--date", "2026-11-04", "--region", "lumbar", "--technique",
        "swedish", "--id", "2026-11-04-dr1h9d",
    ]), @r#"
    ----- stderr -----
    error[unknown-prescription]: no prescription `2026-01-01-zzzzzz` for patient `ana-lima-1980`
     --> patients/ana-lima-1980/sessions/2026-11-04-dr1h9d.toml:3:16
      |
    3 | prescription = "2026-01-01-zzzzzz"
      |                ^^^^^^^^^^^^^^^^^^^
    help: patient `ana-lima-1980` has: 2026-11-02-a7k2mp

    error: refused: 1 problem with this change; nothing was written
    [exit status: 1]
    "#);
}

#[test]
fn session_add_without_a_prescription_in_force_is_refused() {
    let p = TestPractice::with_prescription();
    assert_snapshot!(refused(&p, &[
        "--date", "2026-10-01", "--region", "lumbar", "--technique", "swedish",
    ]), @"
    ----- stderr -----
    error: patient `ana-lima-1980` has no prescription in force on 2026-10-01
      hint: `mmx rx list --patient ana-lima-1980` shows them; pass --rx RX, or add a prescription with `mmx rx add`
    [exit status: 1]
    ");
}

#[test]
fn session_add_refuses_an_existing_id() {
    let p = TestPractice::with_prescription();
    let args = [
        "--date",
        "2026-11-04",
        "--region",
        "lumbar",
        "--technique",
        "swedish",
        "--id",
        "2026-11-04-dr1h9d",
    ];
    p.add_session(&args).success();
    let before = p.read(&format!("{SESSIONS}/2026-11-04-dr1h9d.toml"));
    let mut again = args.to_vec();
    again.extend(["--subjective", "second version"]);
    assert_snapshot!(refused(&p, &again), @"
    ----- stderr -----
    error: session `2026-11-04-dr1h9d` already exists (patients/ana-lima-1980/sessions/2026-11-04-dr1h9d.toml); nothing was written
    [exit status: 1]
    ");
    assert_eq!(
        p.read(&format!("{SESSIONS}/2026-11-04-dr1h9d.toml")),
        before
    );
}

#[test]
fn session_add_with_override_is_written_with_a_warning() {
    let p = TestPractice::with_prescription();
    let run = p.add_session(&[
        "--date",
        "2026-11-06",
        "--region",
        "lumbar",
        "--region",
        "right-gluteal",
        "--technique",
        "swedish",
        "--override",
        "Dr. Vance approved right gluteal by phone, 2026-11-05",
        "--id",
        "2026-11-06-cj3dsj",
    ]);
    assert_snapshot!(run.snapshot(), @r#"
    2026-11-06-cj3dsj
    ----- stderr -----
    warning[wrong-side]: session treats right-gluteal; prescription `2026-11-02-a7k2mp` covers the other side (left-gluteal), not this one (overridden on 2026-11-23: the reason is in the session's [[overrides]])
     --> patients/ana-lima-1980/sessions/2026-11-06-cj3dsj.toml:7:22
      |
    7 | regions = ["lumbar", "right-gluteal"]
      |                      ^^^^^^^^^^^^^^^

    [exit status: 0]
    "#);
    // The file names the finding it excuses beside the reason.
    assert!(
        p.read(&format!("{SESSIONS}/2026-11-06-cj3dsj.toml"))
            .ends_with(
                "\n[[overrides]]\ndate = 2026-11-23\nby = \"Ines Ortega\"\n\
             findings = [\"wrong-side: right-gluteal\"]\n\
             reason = \"Dr. Vance approved right gluteal by phone, 2026-11-05\"\n"
            ),
        "{}",
        p.read(&format!("{SESSIONS}/2026-11-06-cj3dsj.toml"))
    );
    // The warning stays a warning in check: exit 0, and 1 under --strict.
    p.mmx(&["check", "-q"]).code(0);
    p.mmx(&["check", "-q", "--strict"]).code(1);
}

#[test]
fn session_add_override_does_not_excuse_an_unknown_prescription() {
    let p = TestPractice::with_prescription();
    assert_snapshot!(refused(&p, &[
        "--rx", "2026-01-01-zzzzzz", "--date", "2026-11-04", "--region", "lumbar", "--technique",
        "swedish", "--override", "approved", "--id", "2026-11-04-dr1h9d",
    ]), @r#"
    ----- stderr -----
    error[unknown-prescription]: no prescription `2026-01-01-zzzzzz` for patient `ana-lima-1980`
     --> patients/ana-lima-1980/sessions/2026-11-04-dr1h9d.toml:3:16
      |
    3 | prescription = "2026-01-01-zzzzzz"
      |                ^^^^^^^^^^^^^^^^^^^
    help: patient `ana-lima-1980` has: 2026-11-02-a7k2mp

    error: refused: 1 problem with this change; nothing was written
    [exit status: 1]
    "#);
}

#[test]
fn session_add_in_the_future_is_written_with_a_warning() {
    let p = TestPractice::with_prescription();
    let run = p.add_session(&[
        "--date",
        "2026-11-24",
        "--region",
        "lumbar",
        "--technique",
        "swedish",
        "--id",
        "2026-11-24-fut000",
    ]);
    assert_snapshot!(run.snapshot(), @r#"
    2026-11-24-fut000
    ----- stderr -----
    warning[future-session]: completed session dated 2026-11-24, after today (2026-11-23)
     --> patients/ana-lima-1980/sessions/2026-11-24-fut000.toml:4:8
      |
    4 | date = 2026-11-24
      |        ^^^^^^^^^^
    help: record a session once it has happened, or give it status = "cancelled"

    [exit status: 0]
    "#);
    assert_eq!(
        p.files(SESSIONS),
        [format!("{SESSIONS}/2026-11-24-fut000.toml")]
    );
}

/// A back-dated session can push an already-recorded later session past the
/// prescription's visits: `session add` must refuse it, not only look at
/// findings in the new file and leave a practice `check` rejects.
#[test]
fn session_add_refuses_a_back_dated_session_that_pushes_another_past_the_visits() {
    let p = TestPractice::with_prescription();
    for (date, id) in [
        ("2026-11-04", "2026-11-04-aaaaaa"),
        ("2026-11-06", "2026-11-06-bbbbbb"),
        ("2026-11-20", "2026-11-20-cccccc"),
    ] {
        p.add_session(&[
            "--date",
            date,
            "--region",
            "lumbar",
            "--technique",
            "swedish",
            "--id",
            id,
        ])
        .success();
    }
    p.mmx(&["check", "-q"]).success();
    // Dated before the third visit, it becomes visit 3 and pushes 2026-11-20 to visit 4.
    refused(
        &p,
        &[
            "--date",
            "2026-11-10",
            "--region",
            "lumbar",
            "--technique",
            "swedish",
            "--id",
            "2026-11-10-dddddd",
        ],
    );
    p.mmx(&["check", "-q"]).success();
}

/// A justified extra visit is accepted wherever its date or id sorts it: the
/// excess goes to the session whose override covers it, never to an earlier,
/// ordinary visit.
#[test]
fn an_overridden_extra_visit_is_accepted_whatever_its_place() {
    let p = TestPractice::with_prescription();
    p.mmx(&["rx", "edit", RX, "--visits", "1"]).success();
    let visit = |id: &str, date: &str, extra: &[&str]| {
        let mut args = vec![
            "--id",
            id,
            "--date",
            date,
            "--region",
            "lumbar",
            "--technique",
            "swedish",
        ];
        args.extend_from_slice(extra);
        p.add_session(&args)
    };
    visit("2026-11-10-mmmmmm", "2026-11-10", &[]).success();
    let why = ["--override", "Dr. Vance approved one more visit by phone"];
    // Same day, an id that sorts first; then a back-dated one.
    visit("2026-11-10-aaaaaa", "2026-11-10", &why).success();
    visit("2026-11-04-bbbbbb", "2026-11-04", &why).success();
    let report = p.check_json();
    assert_eq!(report.summary.errors, 0, "{:#?}", report.diagnostics);
    // (Two visits on 2026-11-10 are also a same-day visit, a warning.)
    let flagged: Vec<&str> = report
        .diagnostics
        .iter()
        .filter(|d| d.code == "visits-exceeded")
        .map(|d| d.file.as_str())
        .collect();
    assert_eq!(
        flagged,
        [
            format!("patients/{PATIENT}/sessions/2026-11-04-bbbbbb.toml"),
            format!("patients/{PATIENT}/sessions/2026-11-10-aaaaaa.toml"),
        ]
    );
    // Without an override, the latest visit is the one past the count.
    let run = visit("2026-11-11-cccccc", "2026-11-11", &[]);
    run.code(1);
    assert!(run.stderr.contains("visit 4 of prescription"), "{run}");
}

#[test]
fn edges_a_new_user_meets_are_consistent() {
    let p = TestPractice::with_prescription();
    // A practice inside a practice is refused, naming the outer one.
    let run = p.mmx(&["init", "patients/nested", "--name", "Nested"]);
    assert_eq!(run.code, 1, "{run}");
    assert!(run.stderr.contains("is inside the practice in"), "{run}");
    assert!(!p.path("patients/nested").exists());
    // Filters: an unknown prescription is not found, as a patient is; dates
    // the wrong way round are a mistake on the command line.
    let run = p.mmx(&["session", "list", "--rx", "no-such-rx"]);
    assert_eq!(run.code, 1, "{run}");
    assert!(run.stderr.contains("no prescription `no-such-rx`"), "{run}");
    let run = p.mmx(&[
        "session",
        "list",
        "--since",
        "2026-11-20",
        "--until",
        "2026-11-01",
    ]);
    assert_eq!(run.code, 2, "{run}");
    assert!(
        run.stderr
            .contains("--since 2026-11-20 is after --until 2026-11-01"),
        "{run}"
    );
    // A birth date after today is refused, by flag or in a file; '' removes one.
    let run = p.mmx(&[
        "patient",
        "add",
        "--name",
        "Bo Chen",
        "--birth-date",
        "2030-01-01",
    ]);
    assert_eq!(run.code, 2, "{run}");
    assert!(
        run.stderr
            .contains("--birth-date: `birth_date` is 2030-01-01, after today (2026-11-23)"),
        "{run}"
    );
    p.mmx(&["patient", "edit", PATIENT, "--birth-date", ""])
        .success();
    assert!(
        !p.read(&format!("patients/{PATIENT}/patient.toml"))
            .contains("birth_date")
    );
    let run = p.mmx(&["patient", "edit", PATIENT, "--birth-date", "2031-05-05"]);
    assert_eq!(run.code, 2, "{run}");
    // An empty patient folder is a patient with no record.
    std::fs::create_dir(p.path("patients/empty-one-1990")).unwrap();
    let report = p.check_json();
    assert!(
        report
            .diagnostics
            .iter()
            .any(|d| d.located() == "missing-record patients/empty-one-1990/patient.toml"),
        "{:?}",
        report.diagnostics
    );
}

#[test]
fn dry_run_shows_what_a_write_would_write_and_writes_nothing() {
    let p = TestPractice::with_prescription();
    let before = p.files("");
    let run = p.add_session(&[
        "--date",
        "2026-11-12",
        "--region",
        "lumbar",
        "--technique",
        "swedish",
        "--id",
        "2026-11-12-dryrun",
        "--dry-run",
    ]);
    run.success();
    assert!(
        run.stdout.starts_with(&format!(
            "# not written (--dry-run):\n# patients/{PATIENT}/sessions/2026-11-12-dryrun.toml\nid = \"2026-11-12-dryrun\"\n"
        )),
        "{run}"
    );
    assert!(
        run.stdout.trim_end().ends_with("2026-11-12-dryrun"),
        "{run}"
    );
    let run = p.mmx(&["rx", "edit", RX, "--visits", "9", "--dry-run"]);
    run.success();
    assert!(run.stdout.contains("visits = 9"), "{run}");
    let run = p.mmx(&[
        "patient",
        "edit",
        PATIENT,
        "--phone",
        "555-0199",
        "--dry-run",
    ]);
    run.success();
    assert!(run.stdout.contains("phone = \"555-0199\""), "{run}");
    assert_eq!(p.files(""), before, "nothing was written");
    // What the gate refuses is refused as without it.
    let run = p.add_session(&[
        "--date",
        "2026-11-12",
        "--region",
        "cervical",
        "--technique",
        "swedish",
        "--dry-run",
    ]);
    assert_eq!(run.code, 1, "{run}");
    assert!(run.stdout.is_empty(), "{run}");
    // A command that writes no record has no dry run.
    assert_eq!(p.mmx(&["check", "--dry-run"]).code, 2);
}

/// Every file and folder under `root`, hidden ones and lock files too, with
/// its mode and (a file's) length and hash of its bytes, sorted.
fn everything(root: &std::path::Path) -> Vec<(String, u32, usize, u64)> {
    use std::hash::{Hash, Hasher};
    use std::os::unix::fs::PermissionsExt;
    let mut out = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            let meta = std::fs::symlink_metadata(&path).unwrap();
            let rel = path.strip_prefix(root).unwrap().display().to_string();
            let bytes = if meta.is_file() {
                std::fs::read(&path).unwrap()
            } else {
                Vec::new()
            };
            let mut hash = std::collections::hash_map::DefaultHasher::new();
            bytes.hash(&mut hash);
            out.push((rel, meta.permissions().mode(), bytes.len(), hash.finish()));
            if meta.is_dir() {
                stack.push(path);
            }
        }
    }
    out.sort();
    out
}

#[test]
fn a_dry_run_leaves_the_practice_folder_byte_identical() {
    let p = TestPractice::with_prescription();
    let session = p
        .add_session(&[
            "--date",
            "2026-11-04",
            "--region",
            "lumbar",
            "--technique",
            "swedish",
        ])
        .stdout
        .trim()
        .to_string();
    let session = format!("{PATIENT}/{session}");
    // A visit whose finding an override (as an earlier mmx wrote it)
    // excuses without naming it, for `session override` to name.
    let first = p.read(&format!(
        "patients/{PATIENT}/sessions/{}.toml",
        &session[PATIENT.len() + 1..]
    ));
    p.write(
        &format!("patients/{PATIENT}/sessions/2026-11-05-cupped.toml"),
        format!(
            "{}override = \"Dr. Vance approved cupping by phone\"\n",
            first
                .replace(&session[PATIENT.len() + 1..], "2026-11-05-cupped")
                .replace("2026-11-04", "2026-11-05")
                .replace("\"swedish\"", "\"cupping\"")
        ),
    );
    let cupping = format!("{PATIENT}/2026-11-05-cupped");
    let referral = common::crate_root()
        .join("tests/fixtures/referrals/contained.json")
        .to_string_lossy()
        .into_owned();
    // No lock file yet (as in a fresh clone: they stay out of git), and a
    // killed writer's temp file, which a write's lock would clear.
    std::fs::remove_file(p.path(&format!("patients/{PATIENT}/.mmx-lock"))).unwrap();
    p.write(
        &format!("patients/{PATIENT}/sessions/.2026-11-05-abcdef.toml.mmx-tmp-1f2e"),
        "id = \"2026-11-05-abc",
    );
    p.write("intake.csv", "name,birth_date\nBo Lind,1990-02-03\n");
    let before = everything(p.root());
    let writes: &[&[&str]] = &[
        &[
            "session",
            "add",
            "--patient",
            PATIENT,
            "--date",
            "2026-11-06",
            "--minutes",
            "50",
            "--region",
            "lumbar",
            "--technique",
            "swedish",
        ],
        &[
            "session",
            "amend",
            &session,
            "--note",
            "Pain eased by evening.",
        ],
        &[
            "session",
            "void",
            &session,
            "--reason",
            "entered for the wrong day",
        ],
        &[
            "rx",
            "add",
            "--patient",
            PATIENT,
            "--issued",
            "2026-11-20",
            "--visits",
            "2",
            "--region",
            "lumbar",
            "--technique",
            "swedish",
            "--prescriber",
            "Dr. Ada Vance",
        ],
        &["rx", "edit", RX, "--visits", "9"],
        &["rx", "close", RX, "--reason", "goals-met"],
        &["patient", "edit", PATIENT, "--phone", "555-0199"],
        &[
            "patient",
            "add",
            "--name",
            "Cy Diaz",
            "--birth-date",
            "1985-06-07",
        ],
        &["patient", "import", "intake.csv"],
        &["fmt"],
        &[
            "session",
            "override",
            &cupping,
            "--reason",
            "Dr. Vance approved cupping by phone",
        ],
        &["rx", "import", &referral],
    ];
    for args in writes {
        let mut args = args.to_vec();
        args.push("--dry-run");
        let run = p.mmx(&args);
        assert_eq!(run.code, 0, "{args:?}: {run}");
        assert_eq!(everything(p.root()), before, "{args:?} wrote");
    }
}

#[test]
fn with_two_prescriptions_in_force_the_regions_choose_the_one() {
    let p = TestPractice::with_prescription();
    // A second course in force at once: the neck.
    p.mmx(&[
        "rx",
        "add",
        "--patient",
        PATIENT,
        "--issued",
        "2026-11-03",
        "--visits",
        "4",
        "--region",
        "cervical",
        "--technique",
        "swedish",
        "--prescriber",
        "Dr. Ada Vance",
        "--id",
        "2026-11-03-neck01",
    ])
    .success();
    let add = |regions: &[&str]| {
        let mut args = vec![
            "session",
            "add",
            "--patient",
            PATIENT,
            "--date",
            "2026-11-12",
            "--minutes",
            "45",
            "--technique",
            "swedish",
        ];
        for r in regions {
            args.extend(["--region", r]);
        }
        p.mmx(&args)
    };
    let run = add(&["cervical"]);
    run.success();
    let id = run.stdout.trim().to_string();
    assert!(
        p.read(&format!("patients/{PATIENT}/sessions/{id}.toml"))
            .contains("prescription = \"2026-11-03-neck01\"")
    );
    // Regions both or neither cover: mmx cannot choose, and says how to.
    let run = add(&["cervical", "lumbar"]);
    assert_eq!(run.code, 1, "{run}");
    assert!(
        run.stderr.contains(&format!("has 2 prescriptions in force on 2026-11-12 ({RX}, 2026-11-03-neck01); none of them covers all the regions given")),
        "{run}"
    );
    assert!(run.stderr.contains("pass --rx RX"), "{run}");
}

#[test]
fn fmt_brings_hand_edited_records_to_mmx_form_keeping_comments() {
    let p = TestPractice::with_prescription();
    let rel = format!("patients/{PATIENT}/sessions/2026-11-10-handed.toml");
    let hand = format!(
        "# typed by hand at the front desk\nid = \"2026-11-10-handed\"\ndate = 2026-11-10\npatient = \"{PATIENT}\"\nprescription = \"{RX}\"\nminutes = 45\n# what was treated\nregions = [\"Lumbar\", \"Left Gluteal\"]\ntechniques = [\"MFR\"] # as the chart says\nstatus = \"completed\"\n"
    );
    p.write(&rel, &hand);
    let run = p.mmx(&["fmt", "--check"]);
    assert_eq!(run.code, 1, "{run}");
    assert_eq!(
        run.stdout.trim(),
        format!("{rel} is not in mmx's form (regions, techniques, key order)")
    );
    assert_eq!(p.read(&rel), hand, "--check changes nothing");
    let run = p.mmx(&["fmt"]);
    run.success();
    assert_eq!(
        run.stdout.trim(),
        format!("formatted {rel} (regions, techniques, key order)")
    );
    let text = p.read(&rel);
    assert!(
        text.starts_with("# typed by hand at the front desk\nid = "),
        "{text}"
    );
    assert!(
        text.contains("# what was treated\nregions = [\"lumbar\", \"left-gluteal\"]"),
        "{text}"
    );
    assert!(
        text.contains("techniques = [\"myofascial-release\"] # as the chart says"),
        "{text}"
    );
    let order: Vec<&str> = text
        .lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| l.split(" = ").next())
        .collect();
    assert_eq!(
        order,
        [
            "id",
            "patient",
            "prescription",
            "date",
            "minutes",
            "status",
            "regions",
            "techniques"
        ],
        "{text}"
    );
    p.mmx(&["fmt", "--check"]).success();
    assert!(p.check_json().diagnostics.is_empty());
}

#[test]
fn fmt_leaves_no_duplicate_it_made_and_spells_what_measures_measure() {
    let p = TestPractice::with_prescription();
    let rel = format!("patients/{PATIENT}/sessions/2026-11-10-handed.toml");
    let hand = format!(
        "id = \"2026-11-10-handed\"\npatient = \"{PATIENT}\"\nprescription = \"{RX}\"\ndate = 2026-11-10\nminutes = 45\nregions = [\"low back\", \"lumbar\", \"Left Gluteal\"]\ntechniques = [\"MFR\", \"myofascial-release\"]\n\n[[measures]]\nmeasure = \"ROM\"\nsite = \"Left Hip\" # goniometer\nmotion = \"Flexion\"\nvalue = 85\n"
    );
    p.write(&rel, &hand);
    // Read as mmx reads it, the record is the same before and after.
    let shown = |p: &TestPractice| -> serde_json::Value {
        let run = p.mmx(&[
            "session",
            "show",
            &format!("{PATIENT}/2026-11-10-handed"),
            "--format",
            "json",
        ]);
        run.success();
        run.json()
    };
    let before = shown(&p);
    let run = p.mmx(&["fmt"]);
    run.success();
    assert_eq!(
        run.stdout.trim(),
        format!(
            "formatted {rel} (regions, techniques, measures.measure, measures.site, measures.motion)"
        )
    );
    let text = p.read(&rel);
    assert!(
        text.contains("regions = [\"lumbar\", \"left-gluteal\"]\n")
            && text.contains("techniques = [\"myofascial-release\"]\n")
            && text.contains(
                "measure = \"rom\"\nsite = \"left-hip\" # goniometer\nmotion = \"flexion\"\n"
            ),
        "{text}"
    );
    assert_eq!(shown(&p), before);
    p.mmx(&["fmt", "--check"]).success();
    assert!(p.check_json().diagnostics.is_empty());
}

/// What mmx writes is in the form `mmx fmt` makes: a key an edit adds goes
/// where the record's order puts it (the demo is made by adds and edits).
#[test]
fn the_demo_practice_made_through_mmx_is_in_fmt_form() {
    let p = TestPractice::copy_of(&common::crate_root().join("examples/demo-practice"));
    let run = p.mmx(&["fmt", "--check"]);
    assert_eq!(run.code, 0, "{run}");
    p.mmx(&[
        "patient",
        "edit",
        "jose-nunez-1975",
        "--avoid-region",
        "cervical",
    ])
    .success();
    p.mmx(&["fmt", "--check"]).success();
}
