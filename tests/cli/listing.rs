//! `list` and `show` for patients, prescriptions and sessions, as tables and
//! text (snapshots) and as JSON (typed).

use insta::assert_snapshot;
use serde::Deserialize;

use crate::common::{PATIENT, RX, TestPractice, crate_root};

/// Two patients; Ana has a prescription in force (2 of 3 visits used, plus a
/// cancelled session) and an expired one; Bo has one issued after today.
fn practice() -> TestPractice {
    let p = TestPractice::with_prescription();
    p.add_patient("Bo Chen", "1975-07-30");
    p.mmx(&[
        "rx",
        "add",
        "--patient",
        PATIENT,
        "--issued",
        "2025-01-10",
        "--expires",
        "2025-04-10",
        "--visits",
        "6",
        "--region",
        "cervical",
        "--technique",
        "swedish",
        "--prescriber",
        "Dr. Old",
        "--id",
        "2025-01-10-0ld0ld",
    ])
    .success();
    p.mmx(&[
        "rx",
        "add",
        "--patient",
        "bo-chen-1975",
        "--issued",
        "2026-12-01",
        "--visits",
        "4",
        "--region",
        "bilateral-knee",
        "--technique",
        "trigger-point",
        "--prescriber",
        "Dr. Ray",
        "--id",
        "2026-12-01-b0b0b0",
    ])
    .success();
    for (date, id, extra) in [
        (
            "2026-11-09",
            "2026-11-09-s2s2s2",
            vec!["--pain-before", "6", "--pain-after", "3"],
        ),
        ("2026-11-04", "2026-11-04-s1s1s1", vec!["--start", "09:30"]),
    ] {
        let mut args = vec![
            "--date",
            date,
            "--region",
            "lumbar",
            "--technique",
            "mfr",
            "--id",
            id,
        ];
        args.extend(extra);
        p.add_session(&args).success();
    }
    p.mmx(&[
        "session",
        "add",
        "--patient",
        PATIENT,
        "--date",
        "2026-11-06",
        "--status",
        "no-show",
        "--id",
        "2026-11-06-n0n0n0",
    ])
    .success();
    p
}

#[test]
fn patient_list_table_and_json() {
    #[derive(Deserialize)]
    struct Patient {
        id: String,
        name: String,
        birth_date: Option<String>,
    }
    let p = practice();
    assert_snapshot!(p.mmx(&["patient", "list"]).snapshot(), @"
    +-------------------------------------------------------+
    | id              name       birth date   phone   email |
    +=======================================================+
    | ana-lima-1980   Ana Lima   1980-04-12                 |
    | bo-chen-1975    Bo Chen    1975-07-30                 |
    +-------------------------------------------------------+
    ----- stderr -----
    [exit status: 0]
    ");
    let patients: Vec<Patient> = p.mmx(&["patient", "list", "--format", "json"]).json();
    let got: Vec<_> = patients
        .iter()
        .map(|p| (p.id.as_str(), p.name.as_str(), p.birth_date.as_deref()))
        .collect();
    assert_eq!(
        got,
        [
            (PATIENT, "Ana Lima", Some("1980-04-12")),
            ("bo-chen-1975", "Bo Chen", Some("1975-07-30")),
        ]
    );
}

#[test]
fn patient_show_text() {
    let p = practice();
    assert_snapshot!(p.mmx(&["patient", "show", PATIENT]).snapshot(), @"
    id            ana-lima-1980
    name          Ana Lima
    birth date    1980-04-12
    screening     Health screening of 2026-03-02: no red flags reported.
    prescription  2025-01-10-0ld0ld  2025-01-10..2025-04-10  0/6 visits  expired
    prescription  2026-11-02-a7k2mp  2026-11-02..2027-02-01  2/3 visits  active
    sessions      3
    measure       Pain (NPRS 0-10): 6 (2026-11-09)
    ----- stderr -----
    [exit status: 0]
    ");
}

#[test]
fn patient_show_unknown_is_not_found() {
    let p = practice();
    assert_snapshot!(p.mmx(&["patient", "show", "nobody"]).snapshot(), @"
    ----- stderr -----
    error: no patient `nobody`
      hint: `mmx patient list` shows the patients
    [exit status: 1]
    ");
}

/// A prescription as `rx list` and `rx show` give it: one shape (the
/// record's fields, then its state).
#[derive(Debug, Deserialize)]
struct RxRow {
    id: String,
    patient: String,
    issued: String,
    valid_until: String,
    visits: u32,
    used: u32,
    remaining: u32,
    status: String,
    prescriber: RxPrescriber,
    regions: Vec<String>,
    techniques: Vec<String>,
}

#[derive(Debug, Deserialize)]
struct RxPrescriber {
    name: String,
}

#[test]
fn rx_list_and_rx_show_give_one_json_shape() {
    let p = practice();
    let list: Vec<serde_json::Value> = p.mmx(&["rx", "list", "--format", "json"]).json();
    for row in &list {
        let id = format!(
            "{}/{}",
            row["patient"].as_str().unwrap(),
            row["id"].as_str().unwrap()
        );
        let shown: serde_json::Value = p.mmx(&["rx", "show", &id, "--format", "json"]).json();
        assert_eq!(row, &shown, "{id}");
    }
}

#[test]
fn rx_list_table() {
    let p = practice();
    assert_snapshot!(p.mmx(&["rx", "list"]).snapshot(), @"
    +------------------------------------------------------------------------------------------------+
    | patient         id                  issued       expires      visits   status    prescriber    |
    +================================================================================================+
    | ana-lima-1980   2025-01-10-0ld0ld   2025-01-10   2025-04-10   0/6      expired   Dr. Old       |
    | ana-lima-1980   2026-11-02-a7k2mp   2026-11-02   2027-02-01   2/3      active    Dr. Ada Vance |
    | bo-chen-1975    2026-12-01-b0b0b0   2026-12-01   2027-12-01   0/4      pending   Dr. Ray       |
    +------------------------------------------------------------------------------------------------+
    ----- stderr -----
    [exit status: 0]
    ");
}

#[test]
fn rx_list_json_counts_completed_visits_and_gives_a_status() {
    let p = practice();
    let rows: Vec<RxRow> = p.mmx(&["rx", "list", "--format", "json"]).json();
    let got: Vec<_> = rows
        .iter()
        .map(|r| {
            (
                r.patient.as_str(),
                r.id.as_str(),
                r.issued.as_str(),
                r.valid_until.as_str(),
                (r.used, r.visits, r.remaining),
                r.status.as_str(),
            )
        })
        .collect();
    // Sorted by patient, then issue date.
    assert_eq!(
        got,
        [
            (
                PATIENT,
                "2025-01-10-0ld0ld",
                "2025-01-10",
                "2025-04-10",
                (0, 6, 6),
                "expired"
            ),
            (PATIENT, RX, "2026-11-02", "2027-02-01", (2, 3, 1), "active"),
            (
                "bo-chen-1975",
                "2026-12-01-b0b0b0",
                "2026-12-01",
                "2027-12-01",
                (0, 4, 4),
                "pending"
            ),
        ]
    );
    let ana = &rows[1];
    assert_eq!(ana.prescriber.name, "Dr. Ada Vance");
    assert_eq!(ana.regions, ["lumbar", "left-gluteal"]);
    assert_eq!(ana.techniques, ["swedish", "myofascial-release"]);
}

#[test]
fn rx_list_filters_by_patient_and_active() {
    let p = practice();
    let ids = |args: &[&str]| -> Vec<String> {
        let mut all = vec!["rx", "list", "--format", "json"];
        all.extend_from_slice(args);
        let rows: Vec<RxRow> = p.mmx(&all).json();
        rows.into_iter().map(|r| r.id).collect()
    };
    assert_eq!(ids(&["--active"]), [RX]);
    assert_eq!(ids(&["--patient", "bo-chen-1975"]), ["2026-12-01-b0b0b0"]);
    assert!(ids(&["--patient", "bo-chen-1975", "--active"]).is_empty());
}

#[test]
fn rx_list_shows_used_up_once_visits_are_spent() {
    let p = practice();
    p.add_session(&[
        "--date",
        "2026-11-11",
        "--region",
        "lumbar",
        "--technique",
        "swedish",
        "--id",
        "2026-11-11-s3s3s3",
    ])
    .success();
    let rows: Vec<RxRow> = p
        .mmx(&["rx", "list", "--format", "json", "--patient", PATIENT])
        .json();
    let r = rows.iter().find(|r| r.id == RX).expect("rx listed");
    assert_eq!((r.used, r.remaining, r.status.as_str()), (3, 0, "used-up"));
}

#[test]
fn rx_show_text_and_json() {
    #[derive(Deserialize)]
    struct Prescriber {
        name: String,
        npi: Option<String>,
    }
    #[derive(Deserialize)]
    struct RxView {
        id: String,
        issued: String,
        expires: Option<String>,
        valid_until: String,
        used: u32,
        remaining: u32,
        status: String,
        prescriber: Prescriber,
    }
    let p = practice();
    assert_snapshot!(p.mmx(&["rx", "show", RX]).snapshot(), @"
    id          2026-11-02-a7k2mp
    patient     ana-lima-1980
    issued      2026-11-02
    expires     2027-02-01
    visits      2 used of 3 (1 left)
    status      active
    regions     lumbar, left-gluteal
    techniques  swedish, myofascial-release
    prescriber  Dr. Ada Vance
    npi         1234567893
    ----- stderr -----
    [exit status: 0]
    ");
    let v: RxView = p
        .mmx(&["rx", "show", &format!("{PATIENT}/{RX}"), "--format", "json"])
        .json();
    assert_eq!(v.id, RX);
    assert_eq!(v.issued, "2026-11-02");
    assert_eq!(v.expires.as_deref(), Some("2027-02-01"));
    assert_eq!(v.valid_until, "2027-02-01");
    assert_eq!((v.used, v.remaining, v.status.as_str()), (2, 1, "active"));
    assert_eq!(v.prescriber.name, "Dr. Ada Vance");
    assert_eq!(v.prescriber.npi.as_deref(), Some("1234567893"));
}

#[test]
fn rx_show_without_expires_gives_the_default_validity() {
    #[derive(Deserialize)]
    struct RxView {
        expires: Option<String>,
        valid_until: String,
        status: String,
    }
    let p = practice();
    let v: RxView = p
        .mmx(&["rx", "show", "2026-12-01-b0b0b0", "--format", "json"])
        .json();
    // The file has no `expires`; mmx.toml's rx_valid_days is 365.
    assert_eq!(v.expires, None);
    assert_eq!(v.valid_until, "2027-12-01");
    assert_eq!(v.status, "pending");
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SessionRow {
    id: String,
    patient: String,
    prescription: String,
    date: String,
    start: Option<String>,
    minutes: Option<u32>,
    status: String,
    therapist: Option<String>,
    #[serde(default)]
    regions: Vec<String>,
    #[serde(default)]
    techniques: Vec<String>,
    pain_before: Option<u8>,
    pain_after: Option<u8>,
    #[serde(rename = "override")]
    override_reason: Option<String>,
    soap: Option<serde_json::Value>,
}

#[test]
fn session_list_table() {
    let p = practice();
    assert_snapshot!(p.mmx(&["session", "list"]).snapshot(), @"
    +------------------------------------------------------------------------------------------------------------------------------+
    | patient         id                  date         min   status      rx                  regions   techniques           pain   |
    +==============================================================================================================================+
    | ana-lima-1980   2026-11-04-s1s1s1   2026-11-04   50    completed   2026-11-02-a7k2mp   lumbar    myofascial-release          |
    | ana-lima-1980   2026-11-06-n0n0n0   2026-11-06         no-show     2026-11-02-a7k2mp                                         |
    | ana-lima-1980   2026-11-09-s2s2s2   2026-11-09   50    completed   2026-11-02-a7k2mp   lumbar    myofascial-release   6 -> 3 |
    +------------------------------------------------------------------------------------------------------------------------------+
    ----- stderr -----
    [exit status: 0]
    ");
}

#[test]
fn session_list_json_is_sorted_by_date_with_every_field() {
    let p = practice();
    let rows: Vec<SessionRow> = p.mmx(&["session", "list", "--format", "json"]).json();
    let ids: Vec<_> = rows.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "2026-11-04-s1s1s1",
            "2026-11-06-n0n0n0",
            "2026-11-09-s2s2s2"
        ]
    );
    let first = &rows[0];
    assert_eq!(first.patient, PATIENT);
    assert_eq!(first.prescription, RX);
    assert_eq!(first.date, "2026-11-04");
    assert_eq!(first.start.as_deref(), Some("09:30:00"));
    assert_eq!(first.minutes, Some(50));
    assert_eq!(first.status, "completed");
    assert_eq!(first.therapist.as_deref(), Some("Ines Ortega"));
    assert_eq!(first.regions, ["lumbar"]);
    assert_eq!(first.techniques, ["myofascial-release"]);
    assert_eq!(first.override_reason, None);
    assert_eq!(first.soap, None);
    let no_show = &rows[1];
    assert_eq!(no_show.status, "no-show");
    assert!(no_show.regions.is_empty() && no_show.minutes.is_none());
    assert_eq!(
        (rows[2].pain_before, rows[2].pain_after),
        (Some(6), Some(3))
    );
}

#[test]
fn session_list_filters() {
    let p = practice();
    let ids = |args: &[&str]| -> Vec<String> {
        let mut all = vec!["session", "list", "--format", "json"];
        all.extend_from_slice(args);
        let rows: Vec<SessionRow> = p.mmx(&all).json();
        rows.into_iter().map(|r| r.id).collect()
    };
    assert_eq!(
        ids(&["--since", "2026-11-05", "--until", "2026-11-09"]),
        ["2026-11-06-n0n0n0", "2026-11-09-s2s2s2"]
    );
    assert_eq!(ids(&["--until", "2026-11-08"]).len(), 2);
    assert!(ids(&["--patient", "bo-chen-1975"]).is_empty());
    assert!(ids(&["--rx", "2025-01-10-0ld0ld"]).is_empty());
    assert_eq!(ids(&["--rx", RX]).len(), 3);
}

#[test]
fn session_show_text_and_json() {
    let p = practice();
    let id = format!("{PATIENT}/2026-11-09-s2s2s2");
    assert_snapshot!(p.mmx(&["session", "show", &id]).snapshot(), @"
    id            2026-11-09-s2s2s2
    patient       ana-lima-1980
    prescription  2026-11-02-a7k2mp
    date          2026-11-09
    minutes       50
    status        completed
    therapist     Ines Ortega
    regions       lumbar
    techniques    myofascial-release
    pain          6 -> 3
    ----- stderr -----
    [exit status: 0]
    ");
    let s: SessionRow = p.mmx(&["session", "show", &id, "--format", "json"]).json();
    assert_eq!(s.id, "2026-11-09-s2s2s2");
    assert_eq!((s.pain_before, s.pain_after), (Some(6), Some(3)));
}

#[test]
fn session_show_finds_a_session_by_its_id_alone_when_one_patient_has_it() {
    let p = practice();
    let run = p.mmx(&["session", "show", "2026-11-09-s2s2s2"]);
    run.success();
    assert!(run.stdout.contains("2026-11-09-s2s2s2"), "{run}");
    assert_snapshot!(p.mmx(&["session", "show", &format!("{PATIENT}/nope")]).snapshot(), @"
    ----- stderr -----
    error: no session `ana-lima-1980/nope`
      hint: `mmx session list --patient ana-lima-1980` shows them
    [exit status: 1]
    ");
    assert_snapshot!(p.mmx(&["session", "show", "nope"]).snapshot(), @"
    ----- stderr -----
    error: no session `nope`
      hint: `mmx session list` shows them
    [exit status: 1]
    ");
    // Two patients with a session of one id: the patient must be named.
    let bo = p.add_patient("Bo Chen", "1991-02-03");
    let text = std::fs::read_to_string(p.path(&format!(
        "patients/{PATIENT}/sessions/2026-11-09-s2s2s2.toml"
    )))
    .unwrap();
    p.write(
        &format!("patients/{bo}/sessions/2026-11-09-s2s2s2.toml"),
        text.replace(PATIENT, &bo),
    );
    let run = p.mmx(&["session", "show", "2026-11-09-s2s2s2"]);
    assert_eq!(run.code, 2, "{run}");
    assert!(
        run.stderr.contains("session id `2026-11-09-s2s2s2` is used by several patients (ana-lima-1980, bo-chen-1991); write PATIENT/2026-11-09-s2s2s2"),
        "{run}"
    );
}

#[test]
fn vocab_lists_practice_terms() {
    let p = TestPractice::new();
    p.write(
        "mmx.toml",
        "[practice]\nname = \"P\"\n\n[vocabulary]\nregions = [\"pelvic-floor\"]\ntechniques = [\"gua-sha\"]\n",
    );
    let run = p.mmx(&["vocab"]);
    run.success();
    assert!(
        run.stdout
            .contains("practice regions (mmx.toml):\n  pelvic-floor\n"),
        "{run}"
    );
    assert!(
        run.stdout
            .contains("practice techniques (mmx.toml):\n  gua-sha\n"),
        "{run}"
    );
    assert!(run.stdout.contains("  myofascial-release (mfr)\n"), "{run}");
}

#[test]
fn an_unknown_patient_is_met_with_the_ids_it_may_mean() {
    let p = practice();
    p.add_patient("Tom Becker", "1975-02-03");
    p.add_patient("Tomasz Wolny", "1980-06-07");
    let cases: &[(&[&str], &str)] = &[
        (
            &["patient", "show", "tom-becker"],
            "did you mean `tom-becker-1975`?",
        ),
        // (The exact name is taken for the id: see everyday.rs.)
        (&["report", "Becker Tom"], "did you mean `tom-becker-1975`?"),
        (
            &["patient", "show", "tom-bekcer-1975"],
            "did you mean `tom-becker-1975`?",
        ),
        (
            &["session", "list", "--patient", "tom"],
            "it may be `tom-becker-1975`, `tomasz-wolny-1980`: give the whole id",
        ),
        (
            &["rx", "list", "--patient", "nobody"],
            "`mmx patient list` shows the patients",
        ),
    ];
    for (args, hint) in cases {
        let run = p.mmx(args);
        assert_eq!(run.code, 1, "{args:?}\n{run}");
        assert!(run.stderr.contains(hint), "{args:?}: {hint}\n{run}");
    }
    // A name is never echoed: it may be a person's.
    let run = p.mmx(&["report", "Becker Tom"]);
    assert!(!run.stderr.contains("Becker Tom"), "{run}");
}

#[test]
fn every_record_has_one_json_shape_and_a_void_session_says_so() {
    let demo = TestPractice::copy_of(&crate_root().join("examples/demo-practice"));
    let patient = "augustin-pellworth-1981";
    let sessions: Vec<serde_json::Value> = demo
        .mmx(&["session", "list", "--patient", patient, "--format", "json"])
        .json();
    let shown: serde_json::Value = demo
        .mmx(&["patient", "show", patient, "--format", "json"])
        .json();
    assert_eq!(shown["sessions"].as_array().unwrap(), &sessions);
    for s in &sessions {
        let id = format!("{patient}/{}", s["id"].as_str().unwrap());
        let one: serde_json::Value = demo
            .mmx(&["session", "show", &id, "--format", "json"])
            .json();
        assert_eq!(&one, s, "{id}");
    }
    // A voided visit does not count, and its status says so.
    assert!(
        sessions
            .iter()
            .any(|s| s["status"] == "entered-in-error" && s["void"].is_object())
    );
    let rx: Vec<serde_json::Value> = demo
        .mmx(&["rx", "list", "--patient", patient, "--format", "json"])
        .json();
    assert_eq!(shown["prescriptions"].as_array().unwrap(), &rx);
}
