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

use crate::common;
use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use mmx::diag::Code;

use crate::common::{TestPractice, crate_root};

const EXPECTED: &str = "expected.txt";

/// The codes no fixture can produce, each with why, and the tests that
/// produce it instead. Every other code of [`Code::ALL`] must come from a
/// fixture: a new code fails `expectations_are_well_formed_and_cover_every_code`
/// until a case produces it or it is listed here with its reason.
const NO_FIXTURE: &[(Code, &str)] = &[
    (
        Code::Permissions,
        "git keeps no file modes, and a fixture is copied 0600: check.rs (a record others can read)",
    ),
    (
        Code::Symlink,
        "a fixture is copied by what its links point to, and a link in the repository would point out of the checkout: safety.rs",
    ),
    (
        Code::FileTooLarge,
        "a record over 1 MiB does not belong in the repository: safety.rs, gate.rs",
    ),
    (
        Code::RecordDeleted,
        "a change between two trees in git, not a folder: history.rs (and check/history.rs)",
    ),
    (
        Code::RecordRewritten,
        "a change between two trees in git, not a folder: history.rs, props.rs (and check/history.rs)",
    ),
    (
        Code::CaseTwin,
        "a fixture's Patients/ or MMX.toml would be patients/ or mmx.toml on a disk that ignores case: check.rs (on disk), history.rs (in git)",
    ),
    (
        Code::GitAttributes,
        "judged in a git tree only, and a .gitattributes in a fixture would apply to this repository: history.rs",
    ),
    (
        Code::NotMapped,
        "about a referral `rx import` reads, not a practice's records: referral.rs",
    ),
];

/// Every finding code mmx has, by the name `check` shows it with.
fn all_codes() -> Vec<&'static str> {
    Code::ALL.iter().map(|c| c.as_str()).collect()
}

/// The codes the fixtures must produce: every code but [`NO_FIXTURE`]'s.
fn fixture_codes() -> Vec<&'static str> {
    Code::ALL
        .iter()
        .filter(|c| !NO_FIXTURE.iter().any(|(n, _)| n == *c))
        .map(|c| c.as_str())
        .collect()
}

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
        .map(common::Diagnostic::located)
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
    let report: common::CheckReport = run.json();
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
        // A file git shares that names a patient is a warning only in git
        // (tests/cli/documents.rs); the expected files are of a folder.
        .filter(|d| !(d.code == "stray-file" && d.message.contains("git holds it")))
        .map(common::Diagnostic::located)
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
                all_codes().contains(&code),
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
    let missing: Vec<_> = fixture_codes()
        .into_iter()
        .filter(|c| !seen.contains(*c))
        .collect();
    assert!(
        missing.is_empty(),
        "no fixture produces {missing:?}: add a case under tests/fixtures/invalid/, or list the code in NO_FIXTURE with the reason"
    );
    // An exception a fixture produces after all is no longer one.
    let stale: Vec<_> = NO_FIXTURE
        .iter()
        .map(|(c, _)| c.as_str())
        .filter(|c| seen.contains(*c))
        .collect();
    assert!(
        stale.is_empty(),
        "fixtures produce {stale:?}: take them out of NO_FIXTURE"
    );
}

#[test]
fn every_case_is_named_after_a_code_it_produces_or_describes_its_area() {
    // A case named after a code must produce that code, so the name cannot lie.
    for case in cases("invalid") {
        let n = name(&case);
        if all_codes().contains(&n.as_str()) {
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
