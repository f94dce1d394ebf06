//! `mmx check`: human output (snapshots), `-q`, `--strict`, and the JSON
//! report read into typed structs.

use crate::common;
use insta::assert_snapshot;

use crate::common::{PATIENT, RX, Severity, Summary, TestPractice};

const SESSIONS: &str = "patients/ana-lima-1980/sessions";

/// A clean practice with two sessions.
fn clean() -> TestPractice {
    let p = TestPractice::with_prescription();
    for (date, id) in [
        ("2026-11-04", "2026-11-04-dr1h9d"),
        ("2026-11-06", "2026-11-06-4k1wyp"),
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
    p
}

/// A session file as a therapist might edit it by hand.
fn session(id: &str, date: &str, regions: &str, techniques: &str, extra: &str) -> String {
    format!(
        "id = \"{id}\"\npatient = \"{PATIENT}\"\nprescription = \"{RX}\"\ndate = {date}\n\
         minutes = 50\nregions = {regions}\ntechniques = {techniques}\n{extra}"
    )
}

#[test]
fn clean_practice() {
    let p = clean();
    assert_snapshot!(p.mmx(&["check"]).snapshot(), @"
    checked 1 patient, 1 prescription, 2 sessions: 0 errors, 0 warnings
    ----- stderr -----
    [exit status: 0]
    ");
}

#[test]
fn quiet_prints_nothing_when_clean() {
    let p = clean();
    assert_snapshot!(p.mmx(&["check", "-q"]).snapshot(), @"
    ----- stderr -----
    [exit status: 0]
    ");
    assert_snapshot!(p.mmx(&["check", "--quiet", "--strict"]).snapshot(), @"
    ----- stderr -----
    [exit status: 0]
    ");
}

#[test]
fn quiet_still_reports_problems() {
    let p = clean();
    p.write(
        &format!("{SESSIONS}/2026-11-09-t0t0t0.toml"),
        session(
            "2026-11-09-t0t0t0",
            "2026-11-09",
            "[\"cervical\"]",
            "[\"swedish\"]",
            "",
        ),
    );
    assert_snapshot!(p.mmx(&["check", "-q"]).snapshot(), @r#"
    error[region-not-prescribed]: session treats cervical; prescription `2026-11-02-a7k2mp` covers lumbar, left-gluteal
     --> patients/ana-lima-1980/sessions/2026-11-09-t0t0t0.toml:6:12
      |
    6 | regions = ["cervical"]
      |            ^^^^^^^^^^
    help: prescribed regions: lumbar, left-gluteal; if the prescriber approved it, record that: `mmx session override ana-lima-1980/2026-11-09-t0t0t0 --reason TEXT`; if the prescription now allows it, change it: `mmx rx edit 2026-11-02-a7k2mp --add-region cervical`

    checked 1 patient, 1 prescription, 3 sessions: 1 error, 0 warnings
    ----- stderr -----
    [exit status: 1]
    "#);
}

#[test]
fn empty_practice_is_clean() {
    let p = TestPractice::new();
    assert_snapshot!(p.mmx(&["check"]).snapshot(), @"
    checked 0 patients, 0 prescriptions, 0 sessions: 0 errors, 0 warnings
    ----- stderr -----
    [exit status: 0]
    ");
}

#[test]
fn broken_practice_reports_every_problem_in_order() {
    let p = clean();
    p.add_patient("Bo Chen", "1975-07-30");
    // Hand edits in two patients' folders and an unknown field in a third file:
    // check reads every file and never stops at the first problem.
    p.write(
        &format!("{SESSIONS}/2026-11-09-t0t0t0.toml"),
        session(
            "2026-11-09-t0t0t0",
            "2026-11-09",
            "[\"lumbar\", \"right-gluteal\", \"cervical\"]",
            "[\"swedish\", \"cupping\"]",
            "",
        ),
    );
    p.write(
        "patients/bo-chen-1975/patient.toml",
        "id = \"bo-chen-1975\"\nname = \"Bo Chen\"\nbirth_date = 1975-07-30\nphone_number = \"555-0100\"\n",
    );
    p.write(
        &format!("patients/{PATIENT}/prescriptions/{RX}.toml"),
        p.read(&format!("patients/{PATIENT}/prescriptions/{RX}.toml"))
            .replace("1234567893", "1234567890"),
    );
    p.write("notes.toml", "todo = \"call Dr. Vance\"\n");
    assert_snapshot!(p.mmx(&["check"]).snapshot(), @r#"
    warning[stray-file]: `notes.toml` is outside patients/, so mmx ignores it
     --> notes.toml:1:1
    help: records live at patients/ID/patient.toml, patients/ID/prescriptions/RX.toml and patients/ID/sessions/SESSION.toml

    error[invalid-npi]: NPI `1234567890` is not valid
      --> patients/ana-lima-1980/prescriptions/2026-11-02-a7k2mp.toml:11:7
       |
    11 | npi = "1234567890"
       |       ^^^^^^^^^^^^
    help: an NPI is 10 digits whose last digit is the Luhn check digit (with prefix 80840)

    error[wrong-side]: session treats right-gluteal; prescription `2026-11-02-a7k2mp` covers the other side (left-gluteal), not this one
     --> patients/ana-lima-1980/sessions/2026-11-09-t0t0t0.toml:6:22
      |
    6 | regions = ["lumbar", "right-gluteal", "cervical"]
      |                      ^^^^^^^^^^^^^^^
    help: prescribed regions: lumbar, left-gluteal; if the prescriber approved it, record that: `mmx session override ana-lima-1980/2026-11-09-t0t0t0 --reason TEXT`; if the prescription now allows it, change it: `mmx rx edit 2026-11-02-a7k2mp --add-region right-gluteal`

    error[region-not-prescribed]: session treats cervical; prescription `2026-11-02-a7k2mp` covers lumbar, left-gluteal
     --> patients/ana-lima-1980/sessions/2026-11-09-t0t0t0.toml:6:39
      |
    6 | regions = ["lumbar", "right-gluteal", "cervical"]
      |                                       ^^^^^^^^^^
    help: prescribed regions: lumbar, left-gluteal; if the prescriber approved it, record that: `mmx session override ana-lima-1980/2026-11-09-t0t0t0 --reason TEXT`; if the prescription now allows it, change it: `mmx rx edit 2026-11-02-a7k2mp --add-region cervical`

    error[technique-not-prescribed]: session uses cupping; prescription `2026-11-02-a7k2mp` allows swedish, myofascial-release
     --> patients/ana-lima-1980/sessions/2026-11-09-t0t0t0.toml:7:26
      |
    7 | techniques = ["swedish", "cupping"]
      |                          ^^^^^^^^^
    help: prescribed techniques: swedish, myofascial-release; if the prescriber approved it, record that: `mmx session override ana-lima-1980/2026-11-09-t0t0t0 --reason TEXT`; if the prescription now allows it, change it: `mmx rx edit 2026-11-02-a7k2mp --add-technique cupping`

    error[unknown-field]: unknown field `phone_number`
     --> patients/bo-chen-1975/patient.toml:4:1
      |
    4 | phone_number
      | ^^^^^^^^^^^^
    help: did you mean `phone`? known fields: id, name, birth_date, gender, phone, email, address, emergency_contact, contraindications, avoid_regions, avoid_techniques, notes, screenings, clearances, consents

    checked 2 patients, 1 prescription, 3 sessions: 5 errors, 1 warning
    ----- stderr -----
    [exit status: 1]
    "#);
}

#[test]
fn warnings_pass_unless_strict() {
    let p = clean();
    p.write("notes.toml", "x = 1\n");
    let plain = p.mmx(&["check"]);
    assert_snapshot!(plain.snapshot(), @"
    warning[stray-file]: `notes.toml` is outside patients/, so mmx ignores it
     --> notes.toml:1:1
    help: records live at patients/ID/patient.toml, patients/ID/prescriptions/RX.toml and patients/ID/sessions/SESSION.toml

    checked 1 patient, 1 prescription, 2 sessions: 0 errors, 1 warning
    ----- stderr -----
    [exit status: 0]
    ");
    let strict = p.mmx(&["check", "--strict"]);
    assert_eq!(strict.code, 1, "{strict}");
    // Same report, and a line saying which warnings failed it.
    assert_eq!(
        strict.stdout,
        format!(
            "{}--strict: the warning (stray-file) fails the check\n",
            plain.stdout
        )
    );
    let json_strict = p.mmx(&["check", "--strict", "--format", "json"]);
    assert_eq!(json_strict.code, 1, "{json_strict}");
}

#[test]
fn strict_on_a_clean_practice_passes() {
    let p = clean();
    p.mmx(&["check", "--strict"]).success();
}

#[test]
fn json_report_is_typed_and_counts_agree() {
    let p = clean();
    p.write(
        &format!("{SESSIONS}/2026-11-09-t0t0t0.toml"),
        session(
            "2026-11-09-t0t0t0",
            "2026-11-09",
            "[\"lumbar\", \"right-gluteal\"]",
            "[\"swedish\"]",
            "",
        ),
    );
    p.write("stray.toml", "x = 1\n");
    let report = p.check_json();
    assert_eq!(
        report.summary,
        Summary {
            patients: 1,
            prescriptions: 1,
            sessions: 3,
            errors: 1,
            warnings: 1
        }
    );
    let [wrong_side, stray] = report.diagnostics.as_slice() else {
        panic!("expected two diagnostics: {:#?}", report.diagnostics);
    };
    assert_eq!(wrong_side.severity, Severity::Error);
    assert_eq!(wrong_side.code, "wrong-side");
    assert_eq!(
        wrong_side.file,
        format!("{SESSIONS}/2026-11-09-t0t0t0.toml")
    );
    // `regions = ["lumbar", "right-gluteal"]`: the second element's quote.
    assert_eq!((wrong_side.line, wrong_side.column), (6, 22));
    assert!(
        wrong_side.message.contains("right-gluteal") && wrong_side.message.contains(RX),
        "{wrong_side:?}"
    );
    assert_eq!(
        wrong_side.hint.as_deref(),
        Some(
            "prescribed regions: lumbar, left-gluteal; if the prescriber approved it, record that: `mmx session override ana-lima-1980/2026-11-09-t0t0t0 --reason TEXT`; if the prescription now allows it, change it: `mmx rx edit 2026-11-02-a7k2mp --add-region right-gluteal`"
        )
    );
    assert_eq!(stray.severity, Severity::Warning);
    assert_eq!(stray.code, "stray-file");
    assert_eq!(
        (stray.file.as_str(), stray.line, stray.column),
        ("stray.toml", 1, 1)
    );
}

#[test]
fn json_override_turns_compliance_errors_into_warnings_quoting_the_reason() {
    let p = clean();
    p.write(
        &format!("{SESSIONS}/2026-11-09-t0t0t0.toml"),
        session(
            "2026-11-09-t0t0t0",
            "2026-11-09",
            "[\"cervical\"]",
            "[\"cupping\"]",
            "override = \"Dr. Vance approved by phone\"\n",
        ),
    );
    // Not a compliance finding: the override must not touch it.
    p.write(
        &format!("{SESSIONS}/2026-11-10-u0u0u0.toml"),
        "id = \"2026-11-10-u0u0u0\"\npatient = \"ana-lima-1980\"\nprescription = \"2026-01-01-zzzzzz\"\n\
         date = 2026-11-10\nminutes = 50\nregions = [\"lumbar\"]\ntechniques = [\"swedish\"]\n\
         override = \"approved\"\n",
    );
    let report = p.check_json();
    let got: Vec<_> = report
        .diagnostics
        .iter()
        .map(|d| (d.code.as_str(), d.severity, d.line, d.column))
        .collect();
    assert_eq!(
        got,
        [
            ("region-not-prescribed", Severity::Warning, 6, 12),
            ("technique-not-prescribed", Severity::Warning, 7, 15),
            // A plain `override` names no finding: check says how to name them.
            ("unspecific-override", Severity::Warning, 8, 12),
            ("unknown-prescription", Severity::Error, 3, 16),
            ("unspecific-override", Severity::Warning, 8, 12),
        ]
    );
    for d in &report.diagnostics[..2] {
        // The reason is the therapist's words: the message points to it.
        assert!(
            d.message
                .ends_with("(overridden: the reason is in the session's `override`)"),
            "{d:?}"
        );
        assert!(!d.message.contains("Dr. Vance"), "{d:?}");
    }
    assert_eq!((report.summary.errors, report.summary.warnings), (1, 4));
}

#[test]
fn json_visits_exceeded_counts_by_date_then_start_then_id() {
    let p = clean();
    // Visits 1 and 2 exist (11-04, 11-06). On 11-09 two more: the one starting
    // at 08:00 is visit 3 though its id sorts last; the 10:00 one is visit 4.
    for (id, start) in [
        ("2026-11-09-aaaaaa", "10:00:00"),
        ("2026-11-09-zzzzzz", "08:00:00"),
    ] {
        p.write(
            &format!("{SESSIONS}/{id}.toml"),
            session(
                id,
                "2026-11-09",
                "[\"lumbar\"]",
                "[\"swedish\"]",
                &format!("start = {start}\n"),
            ),
        );
    }
    // A cancelled session never counts.
    p.write(
        &format!("{SESSIONS}/2026-11-05-cccccc.toml"),
        "id = \"2026-11-05-cccccc\"\npatient = \"ana-lima-1980\"\nprescription = \"2026-11-02-a7k2mp\"\n\
         date = 2026-11-05\nstatus = \"cancelled\"\n",
    );
    let report = p.check_json();
    let got: Vec<_> = report
        .diagnostics
        .iter()
        .map(|d| (d.code.as_str(), d.file.as_str(), d.line, d.column))
        .collect();
    // The second visit of the day is also a same-day visit (a warning).
    assert_eq!(
        got,
        [
            (
                "visits-exceeded",
                "patients/ana-lima-1980/sessions/2026-11-09-aaaaaa.toml",
                3,
                16
            ),
            (
                "same-day-visit",
                "patients/ana-lima-1980/sessions/2026-11-09-aaaaaa.toml",
                4,
                8
            )
        ]
    );
    assert_eq!(
        report.diagnostics[0].message,
        format!(
            "visit 4 of prescription `{RX}`, which allows 3; the last visit it allows is session `2026-11-09-zzzzzz` on 2026-11-09"
        )
    );
}

#[test]
fn json_expiry_boundaries_follow_rx_valid_days() {
    let p = TestPractice::new();
    p.write(
        "mmx.toml",
        "[practice]\nname = \"P\"\n\n[rules]\nrx_valid_days = 90\n",
    );
    p.add_patient("Ana Lima", "1980-04-12");
    p.screen(PATIENT);
    p.write(
        &format!("patients/{PATIENT}/prescriptions/{RX}.toml"),
        format!(
            "id = \"{RX}\"\npatient = \"{PATIENT}\"\nissued = 2026-06-01\nvisits = 9\n\
             regions = [\"lumbar\"]\ntechniques = [\"swedish\"]\n\n[prescriber]\nname = \"Dr. Vance\"\n"
        ),
    );
    // Valid from 2026-06-01 through 2026-08-30 (issued + 90 days).
    for (id, date) in [
        ("2026-05-31-before", "2026-05-31"),
        ("2026-06-01-first0", "2026-06-01"),
        ("2026-08-30-last00", "2026-08-30"),
        ("2026-08-31-after0", "2026-08-31"),
    ] {
        p.write(
            &format!("{SESSIONS}/{id}.toml"),
            session(id, date, "[\"lumbar\"]", "[\"swedish\"]", ""),
        );
    }
    let report = p.check_json();
    let got: Vec<_> = report
        .diagnostics
        .iter()
        .map(|d| {
            (
                d.code.as_str(),
                d.file.rsplit('/').next().unwrap(),
                d.line,
                d.column,
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            ("before-issue", "2026-05-31-before.toml", 4, 8),
            ("after-expiry", "2026-08-31-after0.toml", 4, 8),
        ]
    );
    assert!(
        report.diagnostics[1].message.contains("2026-08-30"),
        "{:?}",
        report.diagnostics[1]
    );
}

#[test]
fn json_future_session_is_a_warning_from_the_day_after_today() {
    let p = clean();
    for (id, date) in [
        ("2026-11-23-today0", "2026-11-23"),
        ("2026-11-24-tomorr", "2026-11-24"),
    ] {
        p.write(
            &format!("{SESSIONS}/{id}.toml"),
            session(id, date, "[\"lumbar\"]", "[\"swedish\"]", ""),
        );
    }
    let report = p.check_json();
    let got: Vec<_> = report
        .diagnostics
        .iter()
        .map(|d| {
            (
                d.code.as_str(),
                d.severity,
                d.file.rsplit('/').next().unwrap(),
            )
        })
        .collect();
    // Four completed visits of three: the latest is also the fourth
    // (`prescription` on line 3 sorts before `date` on line 4).
    assert_eq!(
        got,
        [
            ("visits-exceeded", Severity::Error, "2026-11-24-tomorr.toml"),
            (
                "future-session",
                Severity::Warning,
                "2026-11-24-tomorr.toml"
            ),
        ]
    );
}

#[test]
fn not_utf8_is_a_syntax_error_at_the_first_bad_byte() {
    let p = clean();
    let mut bytes = session(
        "2026-11-09-t0t0t0",
        "2026-11-09",
        "[\"lumbar\"]",
        "[\"swedish\"]",
        "[soap]\nsubjective = \"caf",
    )
    .into_bytes();
    bytes.extend_from_slice(b"\xe9 con leche\"\n");
    p.write(&format!("{SESSIONS}/2026-11-09-t0t0t0.toml"), bytes);
    let run = p.mmx(&["check"]);
    assert_snapshot!(run.snapshot(), @"
    error[toml-syntax]: the file is not valid UTF-8 text
     --> patients/ana-lima-1980/sessions/2026-11-09-t0t0t0.toml:9:18
    help: save the file as UTF-8

    checked 1 patient, 1 prescription, 2 sessions: 1 error, 0 warnings
    ----- stderr -----
    [exit status: 1]
    ");
    let report = p.check_json();
    let d = &report.diagnostics[0];
    assert_eq!((d.code.as_str(), d.line, d.column), ("toml-syntax", 9, 18));
}

#[test]
fn checks_never_write() {
    let p = clean();
    p.write("notes.toml", "x = 1\n");
    let before: Vec<_> = p.files("").into_iter().map(|f| (p.read(&f), f)).collect();
    p.mmx(&["check"]);
    p.mmx(&["check", "--format", "json"]);
    let after: Vec<_> = p.files("").into_iter().map(|f| (p.read(&f), f)).collect();
    assert_eq!(before, after);
}

/// README: "Any other `.toml` file is reported as `stray-file`", including one
/// directly in `patients/`, which is neither a patient folder nor outside
/// `patients/` (it once slipped between the two walks).
#[test]
fn toml_file_directly_in_patients_is_a_stray_file() {
    let p = clean();
    p.write("patients/readme.toml", "x = 1\n");
    let located: Vec<_> = p
        .check_json()
        .diagnostics
        .iter()
        .map(common::Diagnostic::located)
        .collect();
    assert_eq!(located, ["stray-file patients/readme.toml:1:1"]);
}

/// A name at the practice's top that is `patients` or `mmx.toml` but for
/// case is found in a working folder, before a commit brings it (on a disk
/// that ignores case its files would be taken for the real one's).
#[test]
fn a_case_twin_of_patients_or_mmx_toml_is_found_on_disk() {
    let p = clean();
    p.write(
        "Patients/ana-lima-1980/sessions/2026-11-09-x.toml",
        p.read(&p.files(SESSIONS)[0]),
    );
    p.write("MMX.toml", p.read("mmx.toml"));
    let report = p.check_json();
    let twins: Vec<_> = report
        .diagnostics
        .iter()
        .filter(|d| d.code == "case-twin")
        .map(|d| (d.file.as_str(), d.severity))
        .collect();
    assert_eq!(
        twins,
        [("MMX.toml", Severity::Error), ("Patients", Severity::Error)],
        "{report:#?}"
    );
    let run = p.mmx(&["check"]);
    run.code(1);
    assert!(
        run.stdout
            .contains("error[case-twin]: `Patients` differs from `patients` only by case"),
        "{run}"
    );
}

/// A folder name that is not an id cannot be fixed by copying it into `id`.
#[test]
fn patient_folder_that_is_not_an_id_is_never_offered_as_the_id() {
    let p = TestPractice::new();
    p.write(
        "patients/Ana Lima/patient.toml",
        "id = \"ana-lima\"\nname = \"Ana Lima\"\n",
    );
    let report = p.check_json();
    assert!(report.summary.errors > 0, "{report:#?}");
    for d in &report.diagnostics {
        let hint = d.hint.as_deref().unwrap_or_default();
        assert!(!hint.contains("id = \"Ana Lima\""), "{d:#?}");
    }
}

#[test]
fn color_only_when_asked_for() {
    let p = clean();
    p.write("stray.toml", "x = 1\n");
    let always = p.mmx(&["--color", "always", "check"]);
    assert!(always.stdout.contains("\x1b["), "{always}");
    for args in [&["--color", "never", "check"][..], &["check"]] {
        let run = p.mmx(args);
        assert!(!run.stdout.contains('\x1b'), "{args:?}:\n{run}");
    }
    // JSON is never coloured.
    let json = p.mmx(&["--color", "always", "check", "--format", "json"]);
    assert!(!json.stdout.contains('\x1b'), "{json}");
}

#[test]
fn broken_pipe_exits_quietly() {
    use std::process::Stdio;
    let p = TestPractice::new();
    // Far more output than a pipe buffers, so mmx must meet the closed pipe.
    for i in 0..400 {
        p.write(&format!("stray/{i:03}.toml"), "x = 1\n");
    }
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_mmx"))
        .env_clear()
        .env("NO_COLOR", "1")
        .env("MMX_TODAY", common::TODAY)
        .current_dir(p.root())
        .args(["check", "--format", "json"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn mmx");
    drop(child.stdout.take());
    let out = child.wait_with_output().expect("wait for mmx");
    assert_eq!(
        out.status.code(),
        Some(0),
        "stderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The exit status is what the records say even when the reader stops
/// early: a pre-commit hook piped into `head` still refuses errors.
#[test]
fn a_closed_pipe_does_not_hide_errors() {
    use std::process::Stdio;
    let p = TestPractice::new();
    for i in 0..400 {
        p.write(&format!("stray/{i:03}.toml"), "x = 1\n");
    }
    p.write("patients/ana-lima-1980/patient.toml", "id = 5\n");
    let mut child = p
        .command(&["check", "--format", "json"])
        .into_command()
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn mmx");
    drop(child.stdout.take());
    let out = child.wait_with_output().expect("wait for mmx");
    assert_eq!(out.status.code(), Some(1));
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// When a prescription's file is broken, its sessions are told the patient
/// has no prescriptions and to add one, which would duplicate the record
/// instead of fixing the file.
#[test]
fn session_of_a_broken_prescription_is_not_told_to_add_one() {
    let p = clean();
    let rx = format!("patients/{PATIENT}/prescriptions/{RX}.toml");
    p.write(&rx, p.read(&rx).replace("visits = 3", "visits = 3 x"));
    let report = p.check_json();
    assert!(
        report
            .diagnostics
            .iter()
            .any(|d| d.file == rx && d.code == "toml-syntax"),
        "{report:#?}"
    );
    for d in report.diagnostics.iter().filter(|d| d.file != rx) {
        let hint = d.hint.as_deref().unwrap_or_default();
        assert!(
            !hint.contains("has no prescriptions") && !hint.contains("mmx rx add"),
            "{d:#?}"
        );
    }
}

#[test]
fn records_open_to_others_are_one_warning_on_the_terminal_and_each_in_json() {
    use std::os::unix::fs::PermissionsExt;
    let p = TestPractice::with_prescription();
    for rel in [
        "patients/ana-lima-1980",
        "patients/ana-lima-1980/patient.toml",
        &format!("patients/ana-lima-1980/prescriptions/{RX}.toml"),
    ] {
        let mode = if rel.ends_with(".toml") { 0o644 } else { 0o755 };
        std::fs::set_permissions(p.path(rel), std::fs::Permissions::from_mode(mode)).unwrap();
    }
    let run = p.mmx(&["check"]);
    assert_eq!(run.code, 0, "{run}");
    assert_eq!(
        run.stdout.matches("warning[permissions]").count(),
        1,
        "{run}"
    );
    assert!(
        run.stdout.contains("warning[permissions]: 3 files and folders can be read or changed by others than their owner: `chmod -R go= PRACTICE` fixes them all (`-v` lists each)\n"),
        "{run}"
    );
    assert!(
        run.stdout
            .trim_end()
            .ends_with("0 errors, 3 warnings (3 about file permissions)"),
        "{run}"
    );
    let report = p.check_json();
    assert_eq!(
        report
            .diagnostics
            .iter()
            .filter(|d| d.code == "permissions")
            .count(),
        3
    );
    // -v shows each in full.
    let verbose = p.mmx(&["check", "-v"]);
    assert_eq!(
        verbose.stdout.matches("warning[permissions]").count(),
        3,
        "{verbose}"
    );
}

#[test]
fn a_date_written_as_people_write_it_is_told_the_form_toml_takes() {
    let p = TestPractice::with_prescription();
    for written in ["11/05/2026", "05.11.2026"] {
        p.write(
            &format!("patients/{PATIENT}/sessions/2026-11-05-byhand.toml"),
            format!("id = \"2026-11-05-byhand\"\npatient = \"{PATIENT}\"\nprescription = \"{RX}\"\ndate = {written}\n"),
        );
        let run = p.mmx(&["check"]);
        assert_eq!(run.code, 1, "{run}");
        assert!(
            run.stdout
                .contains("help: dates are YYYY-MM-DD, without quotes: `date = 2026-11-05`"),
            "{written}:\n{run}"
        );
    }
}

/// A file name may hold any byte but `/` and NUL: a line break or ESC in
/// one is shown escaped (as U+FFFD) in every message that names it, human
/// or JSON, and never splits a message or acts on the terminal.
#[test]
fn control_characters_in_file_names_are_escaped_in_every_output() {
    let p = clean();
    let names = [
        format!("{SESSIONS}/2026-11-04-dr1h9d\n(1)\u{1b}[31m.toml"),
        "notes\n\u{1b}[2J.toml".to_string(),
    ];
    for name in &names {
        p.write(name, "x = 1\n");
    }
    let shown: Vec<String> = names
        .iter()
        .map(|n| n.replace(['\n', '\u{1b}'], "\u{FFFD}"))
        .collect();
    let raw = |out: &str| out.contains('\u{1b}') || names.iter().any(|n| out.contains(n.as_str()));
    // Every line that names a file names it whole, as shown.
    let whole = |out: &str| {
        out.lines().all(|l| {
            (!l.contains("(1)") && !l.contains("[2J"))
                || shown.iter().any(|s| l.contains(s.as_str()))
        })
    };

    let check = p.mmx(&["check"]);
    check.code(1);
    assert!(!raw(&check.stdout) && whole(&check.stdout), "{check}");
    for s in &shown {
        assert!(
            check.stdout.contains(&format!("`{s}`")),
            "a message names {s:?}:\n{check}"
        );
        assert!(check.stdout.contains(&format!(" --> {s}\n")), "{check}");
    }

    let json = p.check_json();
    let named: Vec<_> = json
        .diagnostics
        .iter()
        .filter(|d| shown.contains(&d.file))
        .collect();
    assert_eq!(named.len(), 2, "{:#?}", json.diagnostics);
    for d in named {
        assert!(
            d.message.contains(&format!("`{}`", d.file)) && !raw(&d.message),
            "{d:#?}"
        );
    }

    for args in [
        &["session", "list"][..],
        &["report", PATIENT, "--format", "md"],
        &["export", "fhir"],
        &[
            "session",
            "add",
            "--patient",
            PATIENT,
            "--minutes",
            "50",
            "--date",
            "2026-11-09",
        ],
    ] {
        let run = p.mmx(args);
        assert!(
            !raw(&run.stdout) && !raw(&run.stderr) && whole(&run.stderr),
            "{args:?}:\n{run}"
        );
    }
}
