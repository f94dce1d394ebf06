//! Patient documents stay out of the shared history: a letter or an export
//! written inside the practice folder goes to `documents/`, which git never
//! takes, and `check` names a file git already holds that is no record but
//! names a patient.

use crate::common;
use std::path::Path;
use std::process::Command;

use crate::common::{PATIENT, TestPractice};

/// `git` at `dir`, blind to the developer's own configuration.
fn git(dir: &Path, args: &[&str]) -> String {
    let out = Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_AUTHOR_NAME", "Front Desk")
        .env("GIT_AUTHOR_EMAIL", "desk@example.com")
        .env("GIT_COMMITTER_NAME", "Front Desk")
        .env("GIT_COMMITTER_EMAIL", "desk@example.com")
        .output()
        .expect("run git");
    assert!(out.status.success(), "git {args:?}: {out:?}");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn outputs_inside_the_practice_go_to_a_folder_git_leaves_out() {
    let p = TestPractice::with_prescription();
    p.mmx(&["init", "--git"]).success();
    assert!(p.read(".gitignore").contains("/documents/"));
    git(p.root(), &["add", "-A"]);
    git(p.root(), &["commit", "-q", "--no-verify", "-m", "practice"]);

    let letter = p.mmx(&[
        "report",
        PATIENT,
        "--recommend",
        "continue",
        "-o",
        "ana-progress.html",
    ]);
    letter.success();
    assert_eq!(
        letter.stderr,
        "wrote documents/ana-progress.html: inside the practice folder, patient documents go to documents/, which git leaves out of the shared history\n"
    );
    assert!(p.read("documents/ana-progress.html").contains("<html"));
    assert!(!p.path("ana-progress.html").exists());
    let export = p.mmx(&["export", "fhir", PATIENT, "-o", "exports/ana.json"]);
    export.success();
    assert!(
        export
            .stderr
            .starts_with("wrote documents/exports/ana.json: "),
        "{export}"
    );
    // Nothing but records in git's view of the folder, even for a clone
    // whose .gitignore is older than documents/.
    assert_eq!(git(p.root(), &["status", "--porcelain"]), "");
    std::fs::write(p.path(".gitignore"), ".mmx-lock\n").unwrap();
    assert_eq!(git(p.root(), &["status", "--porcelain"]), " M .gitignore\n");

    // A path outside the practice is written where it is asked.
    let outside = tempfile::tempdir().unwrap();
    let there = outside.path().join("ana.html");
    let run = p.mmx(&[
        "report",
        PATIENT,
        "--recommend",
        "continue",
        "-o",
        there.to_str().unwrap(),
    ]);
    run.success();
    assert_eq!(run.stderr, "");
    assert!(there.is_file());
    // The records stay refused as before.
    p.mmx(&["report", PATIENT, "-o", "patients/ana.html"])
        .code(2);
}

#[test]
fn check_names_a_file_git_holds_that_names_a_patient() {
    let p = TestPractice::with_prescription();
    p.mmx(&["init", "--git"]).success();
    p.write("ana-lima-letter.pdf", "%PDF");
    p.write(&format!("patients/{PATIENT}/scan.pdf"), "%PDF");
    p.write("new-ids.txt", format!("{PATIENT}\n"));
    // Before git holds them, they are no one else's business.
    let clean = p.mmx(&["check"]);
    clean.success();
    assert!(!clean.stdout.contains("stray-file"), "{clean}");
    git(p.root(), &["add", "-A"]);
    let run = p.mmx(&["check"]);
    run.success();
    let warned: Vec<&str> = run
        .stdout
        .lines()
        .filter(|l| l.starts_with("warning[stray-file]"))
        .collect();
    assert_eq!(
        warned,
        [
            "warning[stray-file]: `ana-lima-letter.pdf` is no record, but its name is a patient's, and git holds it: every clone of the practice gets it",
            "warning[stray-file]: `patients/ana-lima-1980/scan.pdf` is no record, but its name is a patient's, and git holds it: every clone of the practice gets it",
        ],
        "{run}"
    );
    assert!(
        run.stdout
            .contains("help: `git rm --cached ana-lima-letter.pdf` takes it out of what is shared"),
        "{run}"
    );
    git(
        p.root(),
        &[
            "rm",
            "-q",
            "--cached",
            "ana-lima-letter.pdf",
            &format!("patients/{PATIENT}/scan.pdf"),
        ],
    );
    let after = p.mmx(&["check"]);
    assert!(!after.stdout.contains("stray-file"), "{after}");
}

#[test]
fn a_commit_that_shares_a_patient_document_is_warned_at_the_hook_and_in_git() {
    let p = TestPractice::with_prescription();
    p.mmx(&["init", "--git"]).success();
    git(p.root(), &["add", "-A"]);
    git(p.root(), &["commit", "-q", "--no-verify", "-m", "practice"]);
    p.write("ana-lima-letter.pdf", "%PDF");
    p.write("notes.txt", "nothing about anyone\n");
    git(p.root(), &["add", "-A"]);
    let warned = |run: &common::Run| -> Vec<String> {
        run.stdout
            .lines()
            .filter(|l| l.starts_with("warning[stray-file]"))
            .map(str::to_string)
            .collect()
    };
    let line = "warning[stray-file]: `ana-lima-letter.pdf` is no record, but its name is a patient's, and git holds it: every clone of the practice gets it";
    // What the pre-commit hook runs: the staged change.
    let staged = p.mmx(&["check", "--staged"]);
    staged.success();
    assert_eq!(warned(&staged), [line], "{staged}");
    git(p.root(), &["commit", "-q", "--no-verify", "-m", "letter"]);
    // A commit in git, judged on its change, and a tree judged whole.
    let rev = p.mmx(&["check", "--rev", "HEAD", "--base", "HEAD~1"]);
    rev.success();
    assert_eq!(warned(&rev), [line], "{rev}");
    let whole = p.mmx(&["check", "--rev", "HEAD"]);
    assert_eq!(warned(&whole), [line], "{whole}");
    // A later commit that does not touch it is not told again.
    p.write("notes.txt", "still nothing\n");
    git(p.root(), &["add", "-A"]);
    let later = p.mmx(&["check", "--staged"]);
    assert!(warned(&later).is_empty(), "{later}");
}
