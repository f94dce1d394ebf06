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
