//! The lock file in each patient's folder: never followed when it is a link
//! or opened when it is not a regular file, and never waited on forever.

use std::fs;
use std::path::Path;

use crate::common::{PATIENT, Run, TestPractice};

fn lock_rel() -> String {
    format!("patients/{PATIENT}/.mmx-lock")
}

fn add_visit(p: &TestPractice) -> Run {
    p.add_session(&[
        "--date",
        "2026-11-05",
        "--region",
        "lumbar",
        "--technique",
        "swedish",
    ])
}

/// Every write that takes the patient's lock is refused with a message that
/// names the lock file, says what it is and how to fix it; nothing is written.
#[track_caller]
fn writes_are_refused(p: &TestPractice, what: &str) {
    let before = p.files("");
    let patient = p.read(&format!("patients/{PATIENT}/patient.toml"));
    for run in [
        add_visit(p),
        p.mmx(&["patient", "edit", PATIENT, "--phone", "555-0100"]),
    ] {
        run.code(2);
        assert!(
            run.stderr
                .contains(&format!("{}/{} is {what}", p.root().display(), lock_rel())),
            "{run}"
        );
        assert!(run.stderr.contains("hint: remove it"), "{run}");
    }
    assert_eq!(p.files(""), before, "nothing written");
    assert_eq!(p.read(&format!("patients/{PATIENT}/patient.toml")), patient);
}

fn replace_lock(p: &TestPractice, with: impl FnOnce(&Path)) {
    let lock = p.path(&lock_rel());
    fs::remove_file(&lock).expect("earlier writes left a lock file");
    with(&lock);
}

/// A `.mmx-lock` that is a link (as `git pull` can bring one) is refused,
/// and nothing is created or opened through it, whether its target exists
/// or not.
#[test]
fn a_linked_lock_file_is_never_followed() {
    let p = TestPractice::with_prescription();
    let outside = tempfile::tempdir().unwrap();
    let existing = outside.path().join("existing");
    fs::write(&existing, "the therapist's own file\n").unwrap();
    let missing = outside.path().join("missing");
    for target in [&existing, &missing] {
        replace_lock(&p, |lock| std::os::unix::fs::symlink(target, lock).unwrap());
        writes_are_refused(&p, "a symbolic link");
    }
    assert_eq!(
        fs::read_to_string(&existing).unwrap(),
        "the therapist's own file\n"
    );
    assert!(!missing.exists(), "created through the link");
    // The hint works: without the link, the same write goes through.
    fs::remove_file(p.path(&lock_rel())).unwrap();
    add_visit(&p).success();
    assert!(fs::symlink_metadata(p.path(&lock_rel())).unwrap().is_file());
}

#[test]
fn a_lock_file_that_is_a_fifo_or_a_folder_is_refused() {
    let p = TestPractice::with_prescription();
    replace_lock(&p, mkfifo);
    writes_are_refused(&p, "a FIFO");
    replace_lock(&p, |lock| fs::create_dir(lock).unwrap());
    writes_are_refused(&p, "a folder");
}

fn mkfifo(path: &Path) {
    let status = std::process::Command::new("mkfifo")
        .arg(path)
        .status()
        .expect("run mkfifo");
    assert!(status.success());
}

/// `check` says why writes to a patient are refused: a linked lock file is a
/// `symlink` warning, any other kind of file a `stray-file` warning; neither
/// is read.
#[test]
fn check_reports_a_lock_file_that_is_not_a_file() {
    let p = TestPractice::with_prescription();
    let other = p.add_patient("Bea Lima", "1984-02-03");
    let outside = tempfile::tempdir().unwrap();
    let secret = outside.path().join("s.toml");
    fs::write(&secret, "SECRET-MARKER = 1\n").unwrap();
    replace_lock(&p, |lock| {
        std::os::unix::fs::symlink(&secret, lock).unwrap()
    });
    let other_lock = format!("patients/{other}/.mmx-lock");
    fs::remove_file(p.path(&other_lock)).unwrap();
    mkfifo(&p.path(&other_lock));
    let run = p.mmx(&["check", "--format", "json"]);
    assert!(!run.stdout.contains("SECRET-MARKER"), "{run}");
    let report: crate::common::CheckReport = run.json();
    let found: Vec<String> = report.diagnostics.iter().map(|d| d.located()).collect();
    assert_eq!(
        found,
        [
            format!("symlink {}", lock_rel()),
            format!("stray-file {other_lock}")
        ]
    );
    assert!(
        report.diagnostics[1]
            .message
            .contains("is a FIFO (named pipe), not mmx's lock file"),
        "{:?}",
        report.diagnostics[1]
    );
    assert_eq!(report.summary.errors, 0);
}
