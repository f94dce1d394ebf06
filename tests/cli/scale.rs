//! A generated clinic practice (examples/synth): `check` finds exactly the
//! injected violations, no more and no less, and every multi-threaded command
//! prints the same bytes whatever the number of threads.

use std::collections::BTreeSet;
use std::fs;

use crate::common::{TODAY, TestPractice};
use crate::synth::{self, Options, Violation, Written};

fn generate(p: &TestPractice, patients: usize, sessions: usize, violations: usize) -> Written {
    let opts = Options {
        patients,
        sessions,
        seed: 7,
        violations,
        today: TODAY.parse().expect("TODAY is a date"),
    };
    synth::generate(p.root(), &opts).expect("generate the practice")
}

#[test]
fn check_reports_exactly_the_injected_violations() {
    let p = TestPractice::empty();
    // Two of every code the generator can inject.
    let written = generate(&p, 60, 3000, 40);
    let report = p.check_json();
    let found: BTreeSet<(String, String)> = report
        .diagnostics
        .iter()
        .map(|d| (d.code.clone(), d.file.clone()))
        .collect();
    let expected: BTreeSet<(String, String)> = written
        .violations
        .iter()
        .map(|v| (v.code.to_string(), v.file.clone()))
        .collect();
    assert_eq!(written.violations.len(), 40);
    assert_eq!(expected.len(), 40, "two violations share a file and code");
    assert_eq!(found, expected);
    assert_eq!(report.diagnostics.len(), 40, "a file has a finding twice");
    let codes: BTreeSet<&str> = written.violations.iter().map(|v| v.code).collect();
    assert_eq!(codes.len(), 20, "not every code was injected: {codes:?}");

    // The list the generator writes beside the practice is the same list.
    let listed: Vec<Violation> =
        serde_json::from_str::<Vec<serde_json::Value>>(&p.read(synth::EXPECTED_FILE))
            .expect("expected-violations.json is JSON")
            .into_iter()
            .map(|v| Violation {
                code: codes
                    .iter()
                    .copied()
                    .find(|c| v["code"] == *c)
                    .expect("a known code"),
                file: v["file"].as_str().expect("file is a string").to_string(),
            })
            .collect();
    assert_eq!(listed, written.violations);

    // Every record is counted except the two patient.toml files left out, the
    // two sessions made unreadable, and the two whose id disagrees with their
    // file name (read as copies of another record, not as records).
    let s = report.summary;
    let misplaced = written
        .violations
        .iter()
        .filter(|v| v.code == "id-mismatch")
        .count();
    assert_eq!(misplaced, 2);
    assert_eq!(s.patients, written.patients - 2);
    assert_eq!(s.prescriptions, written.prescriptions);
    assert_eq!(s.sessions, written.sessions - 2 - misplaced);
    assert_eq!(written.sessions, 3000);
    assert_eq!(s.errors + s.warnings, 40);
}

#[test]
fn a_seed_always_writes_the_same_practice() {
    let (a, b) = (TestPractice::empty(), TestPractice::empty());
    generate(&a, 8, 200, 20);
    generate(&b, 8, 200, 20);
    let files = a.files(".");
    assert_eq!(files, b.files("."));
    assert!(files.len() > 200, "{} files", files.len());
    for f in &files {
        assert!(
            fs::read(a.path(f)).unwrap() == fs::read(b.path(f)).unwrap(),
            "{f} differs"
        );
    }
    // A different seed is a different practice.
    let c = TestPractice::empty();
    let opts = Options {
        patients: 8,
        sessions: 200,
        seed: 8,
        violations: 20,
        today: TODAY.parse().unwrap(),
    };
    synth::generate(c.root(), &opts).unwrap();
    assert_ne!(files, c.files("."));
}

#[test]
fn output_is_the_same_whatever_the_thread_count() {
    let p = TestPractice::empty();
    generate(&p, 40, 1500, 40);
    for args in [
        &["check", "--format", "json"][..],
        &["check"],
        &["expiring", "--format", "json"],
        &["expiring"],
    ] {
        let runs: Vec<_> = ["1", "2", "5"]
            .iter()
            .map(|n| p.command(args).env("RAYON_NUM_THREADS", n).run())
            .collect();
        assert!(!runs[0].stdout.is_empty(), "{args:?} printed nothing");
        for r in &runs[1..] {
            assert!(
                r.stdout == runs[0].stdout && r.stderr == runs[0].stderr && r.code == runs[0].code,
                "{args:?} differs between thread counts"
            );
        }
    }
}

#[test]
fn the_generator_refuses_to_write_over_a_practice() {
    let p = TestPractice::new();
    let err = synth::generate(
        p.root(),
        &Options {
            patients: 1,
            sessions: 1,
            seed: 1,
            violations: 0,
            today: TODAY.parse().unwrap(),
        },
    )
    .unwrap_err();
    assert!(
        err.to_string().contains("already holds a practice"),
        "{err}"
    );
    assert_eq!(p.files("patients"), Vec::<String>::new());
}

/// `git` in the practice, with none of the developer's configuration, and
/// the mmx under test first on PATH for the hooks.
fn git(p: &TestPractice, args: &[&str]) -> std::process::Output {
    let bin = std::path::Path::new(env!("CARGO_BIN_EXE_mmx"))
        .parent()
        .expect("mmx is in a folder");
    let mut paths = vec![bin.to_path_buf()];
    paths.extend(std::env::split_paths(
        &std::env::var_os("PATH").unwrap_or_default(),
    ));
    std::process::Command::new("git")
        .args(args)
        .current_dir(p.root())
        .env_clear()
        .env("PATH", std::env::join_paths(paths).expect("a PATH"))
        .env("HOME", p.root())
        .env("NO_COLOR", "1")
        .env("MMX_TODAY", TODAY)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_AUTHOR_NAME", "Front Desk")
        .env("GIT_AUTHOR_EMAIL", "desk@example.com")
        .env("GIT_COMMITTER_NAME", "Front Desk")
        .env("GIT_COMMITTER_EMAIL", "desk@example.com")
        .output()
        .expect("run git")
}

/// A change to more patients than are read from git one by one: each of
/// them is judged from the tree, and only they are (the others' errors
/// are counted, never shown); the findings cache then counts every other
/// patient without reading it again.
#[test]
fn a_commit_to_many_patients_is_judged_on_each_of_them() {
    let p = TestPractice::empty();
    let written = generate(&p, 40, 400, 0);
    assert_eq!(written.patients, 40);
    for args in [
        &["init", "-q"][..],
        &["add", "-A"],
        &["commit", "-q", "--no-verify", "-m", "the practice"],
    ] {
        let out = git(&p, args);
        assert!(out.status.success(), "git {args:?}: {out:?}");
    }
    p.mmx(&["hook", "install"]).success();
    let ids: Vec<String> = p
        .files("patients")
        .iter()
        .filter_map(|f| f.strip_suffix("/patient.toml"))
        .map(|f| f.trim_start_matches("patients/").to_string())
        .collect();
    assert_eq!(ids.len(), 40);
    // An error in one patient no change below touches, past the hook.
    let untouched = &ids[39];
    let record = format!("patients/{untouched}/patient.toml");
    p.write(&record, p.read(&record).replace("name = ", "name = 7 #"));
    assert!(
        git(&p, &["commit", "-qam", "typo", "--no-verify"])
            .status
            .success()
    );

    // Thirty patients changed at once, the last of them broken.
    for id in &ids[..30] {
        let record = format!("patients/{id}/patient.toml");
        p.write(&record, format!("{}# reviewed\n", p.read(&record)));
    }
    let broken = format!("patients/{}/patient.toml", ids[29]);
    p.write(&broken, p.read(&broken).replace("name = ", "name = 7 #"));
    assert!(git(&p, &["add", "-A"]).status.success());
    let run = p.mmx(&["check", "--staged", "--format", "json"]);
    run.code(1);
    let report: serde_json::Value = run.json();
    let judged: Vec<&str> = report["change"]["patients"]
        .as_array()
        .expect("the patients judged")
        .iter()
        .map(|v| v.as_str().expect("an id"))
        .collect();
    assert_eq!(
        judged,
        ids[..30].iter().map(String::as_str).collect::<Vec<_>>()
    );
    // Read from the tree, all thirty, but for the one whose record is broken.
    assert_eq!(report["summary"]["patients"], 29);
    let files: Vec<&str> = report["diagnostics"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|d| d["file"].as_str().expect("a file"))
        .collect();
    assert_eq!(files, [broken.as_str()]);
    assert_eq!(report["change"]["other_patients_with_errors"], 1);
    let out = git(&p, &["commit", "-q", "-m", "reviewed"]);
    assert!(!out.status.success(), "the hook let a broken record in");

    // Fixed, the commit goes in; the next one, to one patient, counts the
    // other patient's error from the cache as from the tree.
    p.write(&broken, p.read(&broken).replace("name = 7 #", "name = "));
    assert!(git(&p, &["add", "-A"]).status.success());
    let out = git(&p, &["commit", "-q", "-m", "reviewed"]);
    assert!(out.status.success(), "{out:?}");
    assert_eq!(
        String::from_utf8_lossy(&out.stderr).trim(),
        "1 other patient has errors; `mmx check` lists them"
    );
    let record = format!("patients/{}/patient.toml", ids[0]);
    p.write(&record, format!("{}# again\n", p.read(&record)));
    assert!(git(&p, &["add", "-A"]).status.success());
    let out = git(&p, &["commit", "-q", "-m", "again"]);
    assert!(out.status.success(), "{out:?}");
    assert_eq!(
        String::from_utf8_lossy(&out.stderr).trim(),
        "1 other patient has errors; `mmx check` lists them"
    );
}
