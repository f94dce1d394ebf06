//! `mmx init`, and how every other command finds (or fails to find) the practice.

use insta::assert_snapshot;

use crate::common::{EDITOR_FILES, TestPractice};

#[test]
fn init_creates_settings_and_patients_folder() {
    let p = TestPractice::empty();
    let run = p.mmx(&[
        "init",
        "--name",
        "Harbor Street Massage",
        "--therapist",
        "Ines Ortega",
    ]);
    assert_snapshot!(run.snapshot(), @r#"
    ----- stderr -----
    created practice "Harbor Street Massage" in [PRACTICE]
    time zone UTC (this computer's; change `time_zone` in mmx.toml if the practice is elsewhere)
    wrote .taplo.toml and .mmx/schema/ for editors with a TOML language server (taplo, Even Better TOML)
    [exit status: 0]
    "#);
    assert_snapshot!(p.read("mmx.toml"), @r#"
    [practice]
    name = "Harbor Street Massage"
    therapist = "Ines Ortega"
    time_zone = "UTC"

    [rules]
    rx_valid_days = 365
    report_every_visits = 10
    report_every_days = 30

    [alerts]
    within_days = 14
    visits_left = 1

    [vocabulary]
    regions = []
    techniques = []
    "#);
    assert!(p.path("patients").is_dir(), "patients/ was not created");
    // And the editors' schemas with the .taplo.toml that maps them (tests/cli/schema.rs).
    assert_eq!(
        p.files(""),
        [EDITOR_FILES, &["mmx.toml"]].concat(),
        "init left other files behind"
    );
}

#[test]
fn init_into_a_new_folder_given_as_argument() {
    let p = TestPractice::empty();
    let run = p.mmx(&["init", "clinic/main", "--name", "Harbor Street Massage"]);
    assert_snapshot!(run.snapshot(), @r#"
    ----- stderr -----
    created practice "Harbor Street Massage" in [PRACTICE]/clinic/main
    time zone UTC (this computer's; change `time_zone` in mmx.toml if the practice is elsewhere)
    wrote .taplo.toml and .mmx/schema/ for editors with a TOML language server (taplo, Even Better TOML)
    [exit status: 0]
    "#);
    assert!(p.path("clinic/main/patients").is_dir());
    // Without --therapist the key is left out rather than written empty.
    assert!(!p.read("clinic/main/mmx.toml").contains("therapist"));
    // The new practice is usable from inside it.
    p.command(&["check", "-q"])
        .current_dir(p.path("clinic/main"))
        .run()
        .success();
}

#[test]
fn init_refuses_an_existing_practice_and_keeps_it() {
    let p = TestPractice::new();
    let before = p.read("mmx.toml");
    let run = p.mmx(&["init", "--name", "Another Practice"]);
    assert_snapshot!(run.snapshot(), @"
    ----- stderr -----
    error: a practice already exists in [PRACTICE] (it has an mmx.toml); nothing was written
    [exit status: 1]
    ");
    assert_eq!(p.read("mmx.toml"), before, "existing mmx.toml was changed");
    assert_eq!(
        p.files(""),
        [EDITOR_FILES, &["mmx.toml"]].concat(),
        "a temp file was left behind"
    );
}

#[test]
fn init_refuses_a_blank_name_as_a_usage_error() {
    let p = TestPractice::empty();
    let run = p.mmx(&["init", "--name", "   "]);
    assert_snapshot!(run.snapshot(), @"
    ----- stderr -----
    error: --name is required for a new practice, and must not be empty
    [exit status: 2]
    ");
    assert!(
        p.files("").is_empty(),
        "files were written: {:?}",
        p.files("")
    );
}

#[test]
fn outside_any_practice_says_how_to_fix_it() {
    let p = TestPractice::empty();
    let run = p.mmx(&["patient", "list"]);
    assert_snapshot!(run.snapshot(), @r#"
    ----- stderr -----
    error: no practice found in [PRACTICE] or any folder above it (no mmx.toml)
      hint: create one with `mmx init DIR --name "Practice name"`, or point at one with `--dir DIR` or MMX_DIR
    [exit status: 2]
    "#);
}

#[test]
fn dir_flag_without_settings_file_is_a_usage_error() {
    let p = TestPractice::new();
    let run = p.mmx(&["--dir", "patients", "check"]);
    assert_snapshot!(run.snapshot(), @r#"
    ----- stderr -----
    error: [PRACTICE]/patients is not a practice (no mmx.toml there)
      hint: it is inside the practice in [PRACTICE]: `--dir [PRACTICE]`
    [exit status: 2]
    "#);
}

#[test]
fn practice_is_found_from_a_subfolder() {
    let p = TestPractice::with_prescription();
    let run = p
        .command(&["rx", "list", "--format", "json"])
        .current_dir(p.path("patients/ana-lima-1980/prescriptions"))
        .run();
    run.success();
    let rows: Vec<serde_json::Value> = run.json();
    assert_eq!(rows.len(), 1);
}

#[test]
fn mmx_dir_and_dir_flag_point_at_the_practice_from_elsewhere() {
    let p = TestPractice::with_prescription();
    let elsewhere = TestPractice::empty();
    let by_env = p
        .command(&["check"])
        .current_dir(elsewhere.root())
        .env("MMX_DIR", p.root())
        .run();
    assert_snapshot!(by_env.snapshot(), @"
    checked 1 patient, 1 prescription, 0 sessions: 0 errors, 0 warnings
    ----- stderr -----
    [exit status: 0]
    ");
    let by_flag = p
        .command(&["--dir", &p.root().to_string_lossy(), "check"])
        .current_dir(elsewhere.root())
        .run();
    assert_eq!(by_flag.snapshot(), by_env.snapshot());
    // And neither wrote anything where it was run.
    assert!(elsewhere.files("").is_empty());
}

#[test]
fn dir_flag_wins_over_mmx_dir() {
    let p = TestPractice::with_prescription();
    let empty = TestPractice::empty();
    let run = p
        .command(&["--dir", &p.root().to_string_lossy(), "check", "-q"])
        .current_dir(empty.root())
        .env("MMX_DIR", empty.root())
        .run();
    assert_snapshot!(run.snapshot(), @"
    ----- stderr -----
    [exit status: 0]
    ");
}

/// The existing practice is "Harbor Street Massage"; the message once said the
/// one the user had just tried to create existed.
#[test]
fn init_refusal_does_not_claim_the_new_name_exists() {
    let p = TestPractice::new();
    let run = p.mmx(&["init", "--name", "Another Practice"]);
    assert_eq!(run.code, 1, "{run}");
    assert!(
        !run.stderr
            .contains("practice `Another Practice` already exists"),
        "{run}"
    );
}

/// With `--dir`, mmx looks only in that folder; the message once said no
/// folder above it held mmx.toml, which here is false: its parent is the practice.
#[test]
fn dir_flag_error_does_not_claim_folders_above_were_searched() {
    let p = TestPractice::new();
    let run = p.mmx(&["--dir", "patients", "check"]);
    assert_eq!(run.code, 2, "{run}");
    assert!(run.snapshot().contains("[PRACTICE]/patients"), "{run}");
    assert!(!run.stderr.contains("or any folder above it"), "{run}");
}
