//! Fixture practices for the rules.
//!
//! Each `tests/fixtures/invalid/<case>/` is a small practice of hand-written
//! files plus `expected.txt`: one line per diagnostic `mmx check --format json`
//! must give, in mmx's order, as `code file:line:column` (or `code file` for a
//! finding with no position); `#` lines are comments saying how each position
//! was worked out. Lines and columns are 1-based, columns counted in
//! characters, at the offending value: a list element's or a string's opening
//! quote, an unknown field's key.
//!
//! `tests/fixtures/valid/<case>/` practices must check clean.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use crate::common::{TestPractice, crate_root};

const EXPECTED: &str = "expected.txt";

/// Every finding code mmx documents; the fixtures must produce each one.
/// (Not here: what git cannot carry in a fixture, file modes and links:
/// `permissions`, `unreadable`, `symlink`; and `file-too-large`. Tests in
/// `safety.rs` cover those. Nor `not-mapped`, which is about a referral
/// `rx import` reads, not a practice's records: `referral.rs` covers it.)
const ALL_CODES: &[&str] = &[
    "toml-syntax",
    "unknown-field",
    "missing-field",
    "invalid-value",
    "unknown-region",
    "unknown-technique",
    "unknown-measure",
    "missing-side",
    "id-mismatch",
    "missing-record",
    "unknown-prescription",
    "region-not-prescribed",
    "wrong-side",
    "technique-not-prescribed",
    "visits-exceeded",
    "before-issue",
    "after-expiry",
    "frequency-exceeded",
    "same-day-visit",
    "minutes-exceeded",
    "avoided-region",
    "avoided-technique",
    "after-close",
    "invalid-npi",
    "invalid-diagnosis",
    "future-session",
    "stray-file",
    "merge-conflict",
    "conflict-copy",
    "empty-record",
    "control-character",
    "unspecific-override",
    "unknown-therapist",
    "unknown-diagnosis",
    "non-billable-diagnosis",
    "after-course-end",
    "default-expiry",
    "frequency-unchecked",
    "order-missing",
    "order-changed",
    "order-required",
];

fn cases(kind: &str) -> Vec<PathBuf> {
    let dir = crate_root().join("tests/fixtures").join(kind);
    let mut cases: Vec<PathBuf> = fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("read {}: {e}", dir.display()))
        .map(|e| e.expect("dir entry").path())
        .filter(|p| p.is_dir())
        .collect();
    cases.sort();
    assert!(!cases.is_empty(), "no fixture cases in {}", dir.display());
    cases
}

fn name(case: &Path) -> String {
    case.file_name().unwrap().to_string_lossy().into_owned()
}

/// The non-comment lines of a case's expectation.
fn expected(case: &Path) -> Vec<String> {
    let text = fs::read_to_string(case.join(EXPECTED))
        .unwrap_or_else(|e| panic!("{}: {e}", case.join(EXPECTED).display()));
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(String::from)
        .collect()
}

/// What mmx reports for a case, in the same format. The case is checked in a
/// copy, so a misbehaving build can never change the fixtures.
fn actual(case: &Path) -> Vec<String> {
    let p = TestPractice::copy_of(case);
    p.check_json()
        .diagnostics
        .iter()
        .map(crate::common::Diagnostic::located)
        .collect()
}

#[test]
fn every_invalid_case_gives_exactly_its_expected_diagnostics() {
    let mut failures = Vec::new();
    for case in cases("invalid") {
        let (want, got) = (expected(&case), actual(&case));
        if want != got {
            failures.push(format!(
                "{}:\n  expected:\n    {}\n  actual:\n    {}",
                name(&case),
                want.join("\n    "),
                got.join("\n    ")
            ));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n\n"));
}

/// What mmx reports for a case committed to git and checked there
/// (`check --rev HEAD`): the same files, read from git's objects.
fn actual_from_git(case: &Path) -> Vec<String> {
    let p = TestPractice::copy_of(case);
    for args in [
        &["init", "-q"][..],
        &["add", "-A", "--force"],
        &[
            "-c",
            "user.name=Front Desk",
            "-c",
            "user.email=desk@example.com",
            "commit",
            "-q",
            "--no-verify",
            "-m",
            "fixture",
        ],
    ] {
        let out = std::process::Command::new("git")
            .args(args)
            .current_dir(p.root())
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .output()
            .expect("run git");
        assert!(
            out.status.success(),
            "git {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let run = p.mmx(&["check", "--rev", "HEAD", "--format", "json"]);
    let report: crate::common::CheckReport = run.json();
    // Checked whole (no base): every patient judged, none only counted.
    if let Some(change) = &report.change {
        assert!(
            change.tree.len() == 40 && change.base.is_none(),
            "{change:?}"
        );
        assert_eq!(change.other_patients_with_errors, 0);
        assert!(
            change.patients.len() >= report.summary.patients,
            "{change:?}"
        );
    }
    report
        .diagnostics
        .iter()
        .map(crate::common::Diagnostic::located)
        .collect()
}

#[test]
fn every_invalid_case_gives_the_same_diagnostics_read_from_git() {
    let mut failures = Vec::new();
    for case in cases("invalid") {
        let (want, got) = (expected(&case), actual_from_git(&case));
        if want != got {
            failures.push(format!(
                "{}:\n  expected:\n    {}\n  from git:\n    {}",
                name(&case),
                want.join("\n    "),
                got.join("\n    ")
            ));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n\n"));
}

#[test]
fn every_invalid_case_has_an_expectation() {
    let missing: Vec<String> = cases("invalid")
        .iter()
        .filter(|c| !c.join(EXPECTED).is_file() || expected(c).is_empty())
        .map(|c| name(c))
        .collect();
    assert!(
        missing.is_empty(),
        "fixture cases without a (non-empty) {EXPECTED}: {missing:?}"
    );
}

#[test]
fn every_invalid_case_is_a_practice() {
    for case in cases("invalid") {
        assert!(
            case.join("mmx.toml").is_file(),
            "{} has no mmx.toml, so check would not run on it",
            name(&case)
        );
    }
}

#[test]
fn expectations_are_well_formed_and_cover_every_code() {
    let mut seen = BTreeSet::new();
    for case in cases("invalid") {
        for line in expected(&case) {
            let (code, location) = line
                .split_once(' ')
                .unwrap_or_else(|| panic!("{}: malformed line {line:?}", name(&case)));
            assert!(
                ALL_CODES.contains(&code),
                "{}: unknown code {code:?}",
                name(&case)
            );
            let parts: Vec<&str> = location.rsplitn(3, ':').collect();
            let positioned = parts.len() == 3
                && parts[..2]
                    .iter()
                    .all(|n| n.parse::<usize>().is_ok_and(|n| n >= 1));
            assert!(
                positioned || !location.contains(':'),
                "{}: {line:?} is neither `code file:line:column` nor `code file`",
                name(&case)
            );
            seen.insert(code.to_string());
        }
    }
    let missing: Vec<_> = ALL_CODES.iter().filter(|c| !seen.contains(**c)).collect();
    assert!(missing.is_empty(), "no fixture produces {missing:?}");
}

#[test]
fn every_case_is_named_after_a_code_it_produces_or_describes_its_area() {
    // A case named after a code must produce that code, so the name cannot lie.
    for case in cases("invalid") {
        let n = name(&case);
        if ALL_CODES.contains(&n.as_str()) {
            assert!(
                expected(&case)
                    .iter()
                    .any(|l| l.starts_with(&format!("{n} "))),
                "case {n} does not expect its own code"
            );
        }
    }
}

#[test]
fn valid_fixtures_check_clean() {
    for case in cases("valid") {
        let report = TestPractice::copy_of(&case).check_json();
        assert!(
            report.diagnostics.is_empty(),
            "{} is not clean: {:#?}",
            name(&case),
            report.diagnostics
        );
        assert!(
            report.summary.sessions > 0,
            "{} has no sessions",
            name(&case)
        );
    }
}
