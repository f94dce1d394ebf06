//! The lock file in each patient's folder: never followed when it is a link
//! or opened when it is not a regular file, and never waited on forever.

use crate::common;
use std::fs;
use std::path::Path;
use std::process::Stdio;
use std::time::{Duration, Instant};

use crate::common::{Mmx, PATIENT, Run, TestPractice};

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
    // A new patient's folder has no lock file until its first write.
    assert!(!p.path(&other_lock).exists());
    mkfifo(&p.path(&other_lock));
    let run = p.mmx(&["check", "--format", "json"]);
    assert!(!run.stdout.contains("SECRET-MARKER"), "{run}");
    let report: common::CheckReport = run.json();
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
    // Each refuses every write to its patient: errors, so a hook says so.
    assert_eq!(report.summary.errors, 2);
}

/// Holds the patient's lock as another mmx would, until dropped.
fn hold_lock(p: &TestPractice) -> fs::File {
    let held = fs::File::open(p.path(&lock_rel())).expect("earlier writes left a lock file");
    held.lock().expect("lock");
    held
}

/// What a writer run under a deadline printed to stderr, its exit status
/// and how long it took. One still running after `limit` is killed and
/// fails the test: a writer that waits forever is what these tests catch.
fn run_within(cmd: Mmx, limit: Duration) -> (String, Option<i32>, Duration) {
    let start = Instant::now();
    let mut child = cmd
        .into_command()
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start mmx");
    while child.try_wait().expect("wait").is_none() {
        if start.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!("mmx still waiting after {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let took = start.elapsed();
    let out = child.wait_with_output().expect("output");
    (
        String::from_utf8(out.stderr).expect("UTF-8"),
        out.status.code(),
        took,
    )
}

/// A writer that finds the patient's folder locked says so after a second,
/// and gives up after `MMX_LOCK_TIMEOUT` seconds with nothing written.
#[test]
fn a_writer_waiting_for_another_says_so_and_gives_up() {
    let p = TestPractice::with_prescription();
    let _held = hold_lock(&p);
    let before = p.files("");
    let add = p
        .command(&[
            "session",
            "add",
            "--patient",
            PATIENT,
            "--date",
            "2026-11-05",
            "--minutes",
            "50",
            "--region",
            "lumbar",
            "--technique",
            "swedish",
        ])
        .env("MMX_LOCK_TIMEOUT", "2");
    let (stderr, code, took) = run_within(add, Duration::from_secs(8));
    assert_eq!(code, Some(2), "{stderr}");
    assert!(took >= Duration::from_secs(2), "{took:?}");
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(
        lines.first(),
        Some(&"waiting for another mmx writing patient ana-lima-1980"),
        "{stderr}"
    );
    assert!(
        lines.get(1).is_some_and(|l| l
            .starts_with("error: another mmx holds the lock on patient `ana-lima-1980`'s folder")
            && l.contains("this one gave up after waiting 2 seconds, and nothing was written")),
        "{stderr}"
    );
    assert!(stderr.contains("MMX_LOCK_TIMEOUT"), "{stderr}");
    assert_eq!(p.files(""), before, "nothing written");

    // 0: no wait at all, so nothing to say but why.
    let edit = p
        .command(&["patient", "edit", PATIENT, "--phone", "555-0100"])
        .env("MMX_LOCK_TIMEOUT", "0");
    let (stderr, code, took) = run_within(edit, Duration::from_secs(5));
    assert_eq!(code, Some(2), "{stderr}");
    assert!(took < Duration::from_secs(1), "{took:?}");
    assert!(!stderr.contains("waiting for"), "{stderr}");
    assert!(stderr.contains("did not wait"), "{stderr}");
    assert_eq!(p.files(""), before, "nothing written");
}

#[test]
fn an_invalid_lock_timeout_is_a_usage_error() {
    let p = TestPractice::with_prescription();
    let before = p.files("");
    for bad in ["-1", "1.5", "30s"] {
        let run = p
            .command(&["patient", "edit", PATIENT, "--phone", "555-0100"])
            .env("MMX_LOCK_TIMEOUT", bad)
            .run();
        run.code(2);
        assert!(
            run.stderr.starts_with(&format!(
                "error: MMX_LOCK_TIMEOUT is `{bad}`; it must be a whole number of seconds"
            )) && run.stderr.contains("0: do not wait"),
            "{run}"
        );
    }
    assert_eq!(p.files(""), before, "nothing written");
}
