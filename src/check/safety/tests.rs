//! The safety rules' unit tests: one patient's records, each rule alone.

use super::*;
use crate::model::{Override, Prescriber, Prescription, Status};
use crate::records::Spans;

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn loaded<T>(file: &str, rec: T) -> Loaded<T> {
    Loaded {
        file: file.into(),
        rec,
        spans: Spans::default(),
    }
}

fn session(id: &str, date: &str, regions: &[&str]) -> Loaded<Session> {
    loaded(
        &format!("{id}.toml"),
        Session {
            id: id.into(),
            patient: "p".into(),
            prescription: "rx1".into(),
            date: d(date),
            minutes: Some(50),
            regions: regions.iter().map(|s| s.to_string()).collect(),
            techniques: vec!["swedish".into()],
            ..Default::default()
        },
    )
}

fn screening(date: &str, flags: &[&str]) -> Screening {
    Screening {
        date: d(date),
        by: None,
        flags: flags.iter().map(|s| s.to_string()).collect(),
        note: None,
    }
}

fn clearance(date: &str, flags: &[&str], expires: Option<&str>, avoid: &[&str]) -> Clearance {
    Clearance {
        date: d(date),
        by: "Dr. Test".into(),
        npi: None,
        flags: flags.iter().map(|s| s.to_string()).collect(),
        avoid_regions: avoid.iter().map(|s| s.to_string()).collect(),
        expires: expires.map(d),
        document: None,
        sha256: None,
        note: None,
    }
}

fn consent(date: &str, scope: ConsentScope, regions: &[&str]) -> Consent {
    Consent {
        date: d(date),
        scope,
        regions: regions.iter().map(|s| s.to_string()).collect(),
        signed_by: "Pat".into(),
        per: ConsentPer::Course,
        withdrawn: None,
        note: None,
    }
}

/// Codes and severities per session file, sorted, but for the screening's
/// warnings (each test of another rule would have one: see
/// [`run_all`]).
fn run(p: Patient, sessions: Vec<Loaded<Session>>, rules: Rules) -> Vec<(String, Code, Severity)> {
    let screening = [Code::ScreeningMissing, Code::ScreeningExpired];
    run_all(p, sessions, rules, None)
        .into_iter()
        .filter(|(_, code, severity, _)| {
            !(screening.contains(code) && *severity == Severity::Warning)
        })
        .map(|(file, code, severity, _)| (file, code, severity))
        .collect()
}

/// Every finding, with its message, the session being entered as given.
fn run_all(
    p: Patient,
    sessions: Vec<Loaded<Session>>,
    rules: Rules,
    entering: Option<&str>,
) -> Vec<(String, Code, Severity, String)> {
    let folder = PatientFolder {
        id: "p".into(),
        patient: Some(loaded("patient.toml", p)),
        prescriptions: vec![loaded(
            "rx.toml",
            Prescription {
                id: "rx1".into(),
                patient: "p".into(),
                issued: d("2026-01-01"),
                visits: 99,
                prescriber: Prescriber::default(),
                ..Default::default()
            },
        )],
        sessions,
        ..Default::default()
    };
    let vocab = Vocabulary::default();
    let cx = Context {
        rules: &rules,
        therapists: &[],
        vocab: &vocab,
        today: d("2026-12-31"),
        entering,
        clock: None,
    };
    let found = check_patient(&folder, &cx);
    let mut v: Vec<_> = found
        .patient
        .iter()
        .chain(found.sessions.iter().flatten())
        .map(|d| (d.file.clone(), d.code, d.severity, d.message.clone()))
        .collect();
    v.sort();
    v
}

fn patient() -> Patient {
    Patient {
        id: "p".into(),
        name: "P".into(),
        birth_date: Some(d("1980-01-01")),
        ..Default::default()
    }
}

/// Codes and severities of `run_all`'s findings.
fn codes(found: &[(String, Code, Severity, String)]) -> Vec<(&str, Code, Severity)> {
    found
        .iter()
        .map(|(f, c, s, _)| (f.as_str(), *c, *s))
        .collect()
}

#[test]
fn a_practice_without_the_rules_sees_one_screening_warning_and_nothing_else() {
    let found = run_all(
        patient(),
        vec![session("s1", "2026-03-01", &["left-gluteal"])],
        Rules::default(),
        None,
    );
    assert_eq!(
        codes(&found),
        [("s1.toml", Code::ScreeningMissing, Severity::Warning)]
    );
    assert!(
        found[0]
            .3
            .ends_with("has no health screening on file on or before it"),
        "{found:?}"
    );
}

#[test]
fn a_missing_or_stale_screening_is_a_warning_or_where_required_an_error() {
    let mut p = patient();
    p.screenings = vec![screening("2025-01-01", &["none"])];
    let sessions = || {
        vec![
            session("before", "2024-12-01", &["lumbar"]),
            session("fresh", "2025-06-01", &["lumbar"]),
            session("stale", "2026-03-01", &["lumbar"]),
        ]
    };
    let warn = Rules {
        require_screening: false,
        ..Default::default()
    };
    assert_eq!(
        codes(&run_all(p.clone(), sessions(), warn, None)),
        [
            ("before.toml", Code::ScreeningMissing, Severity::Warning),
            ("stale.toml", Code::ScreeningExpired, Severity::Warning),
        ]
    );
    // The default is the warning.
    assert_eq!(
        codes(&run_all(p.clone(), sessions(), Rules::default(), None)),
        [
            ("before.toml", Code::ScreeningMissing, Severity::Warning),
            ("stale.toml", Code::ScreeningExpired, Severity::Warning),
        ]
    );
    let require = Rules {
        require_screening: true,
        ..Default::default()
    };
    assert_eq!(
        codes(&run_all(p, sessions(), require, None)),
        [
            ("before.toml", Code::ScreeningMissing, Severity::Error),
            ("stale.toml", Code::ScreeningExpired, Severity::Error),
        ]
    );
}

#[test]
fn a_screening_warning_is_said_once_for_the_sessions_it_is_about() {
    let mut p = patient();
    p.screenings = vec![screening("2025-01-01", &["none"])];
    let sessions = || {
        let mut excused = session("excused", "2024-12-05", &["lumbar"]);
        excused.rec.overrides = vec![Override {
            date: d("2024-12-05"),
            by: None,
            findings: vec!["screening-missing: none".into()],
            reason: "an emergency".into(),
        }];
        vec![
            session("b1", "2024-12-01", &["lumbar"]),
            excused,
            session("b2", "2024-12-10", &["lumbar"]),
            session("b3", "2024-12-20", &["lumbar"]),
            session("fresh", "2025-06-01", &["lumbar"]),
            session("stale1", "2026-03-01", &["lumbar"]),
            session("stale2", "2026-04-01", &["lumbar"]),
        ]
    };
    let found = run_all(p.clone(), sessions(), Rules::default(), None);
    assert_eq!(
        codes(&found),
        [
            ("b1.toml", Code::ScreeningMissing, Severity::Warning),
            // An excused session keeps its own (the rules mark it excused).
            ("excused.toml", Code::ScreeningMissing, Severity::Warning),
            ("stale1.toml", Code::ScreeningExpired, Severity::Warning),
        ]
    );
    assert!(
        found[0].3.ends_with(
            "on or before it; 3 completed sessions, from 2024-12-01 to 2024-12-20, have none"
        ),
        "{found:?}"
    );
    assert!(
        found[2]
            .3
            .ends_with("; 2 completed sessions, from 2026-03-01 to 2026-04-01, rest on it"),
        "{found:?}"
    );
    // The session being entered is the one it is located at.
    let entering = run_all(p.clone(), sessions(), Rules::default(), Some("b3.toml"));
    assert_eq!(
        codes(&entering)[..2],
        [
            ("b3.toml", Code::ScreeningMissing, Severity::Warning),
            ("excused.toml", Code::ScreeningMissing, Severity::Warning),
        ]
    );
    // Where screenings are required, each session is an error of its own.
    let require = Rules {
        require_screening: true,
        ..Default::default()
    };
    let each = run_all(p, sessions(), require, None);
    assert_eq!(
        each.iter()
            .filter(|(_, c, s, _)| *c == Code::ScreeningMissing && *s == Severity::Error)
            .count(),
        4
    );
}

#[test]
fn a_red_flag_needs_a_clearance_in_force_from_its_screening_on() {
    let mut p = patient();
    p.screenings = vec![screening("2026-02-01", &["dvt-history", "osteoporosis"])];
    p.clearances = vec![clearance(
        "2026-03-01",
        &["dvt-history"],
        Some("2026-03-31"),
        &[],
    )];
    let found = run(
        p,
        vec![
            session("early", "2026-01-15", &["lumbar"]),
            session("flagged", "2026-02-10", &["lumbar"]),
            session("cleared", "2026-03-31", &["lumbar"]),
            session("lapsed", "2026-04-01", &["lumbar"]),
        ],
        Rules::default(),
    );
    assert_eq!(
        found,
        [
            (
                "flagged.toml".into(),
                Code::ClearanceMissing,
                Severity::Error
            ),
            (
                "lapsed.toml".into(),
                Code::ClearanceMissing,
                Severity::Error
            ),
        ]
    );
}

#[test]
fn a_new_screening_replaces_the_old_and_a_change_of_health_adds_to_it() {
    let mut p = patient();
    p.screenings = vec![
        screening("2026-01-01", &["pregnancy"]),
        screening("2026-02-01", &["none"]),
    ];
    let mut told = session("told", "2026-03-01", &["lumbar"]);
    told.rec.status = Status::Cancelled;
    told.rec.health_change_flags = vec!["surgery-6mo".into()];
    let found = run(
        p,
        vec![
            session("pregnant", "2026-01-10", &["lumbar"]),
            session("clear", "2026-02-10", &["lumbar"]),
            told,
            session("after", "2026-03-05", &["lumbar"]),
        ],
        Rules::default(),
    );
    assert_eq!(
        found,
        [
            ("after.toml".into(), Code::ClearanceMissing, Severity::Error),
            (
                "pregnant.toml".into(),
                Code::ClearanceMissing,
                Severity::Error
            ),
        ]
    );
}

#[test]
fn a_restricted_clearance_avoids_its_regions_while_in_force() {
    let mut p = patient();
    p.screenings = vec![screening("2026-01-01", &["dvt-history"])];
    p.clearances = vec![clearance(
        "2026-01-01",
        &["dvt-history"],
        Some("2026-02-01"),
        &["bilateral-lower-leg"],
    )];
    let found = run(
        p,
        vec![
            session("calf", "2026-01-10", &["lumbar", "left-lower-extremity"]),
            session("later", "2026-02-02", &["left-lower-leg"]),
        ],
        Rules::default(),
    );
    assert_eq!(
        found,
        [
            ("calf.toml".into(), Code::AvoidedRegion, Severity::Error),
            ("later.toml".into(), Code::ClearanceMissing, Severity::Error),
        ]
    );
}

#[test]
fn a_sensitive_region_needs_a_consent_in_force_and_a_minor_a_guardians() {
    let rules = Rules {
        sensitive_consent: ConsentRule::PerCourse,
        ..Default::default()
    };
    let mut p = patient();
    let mut withdrawn = consent("2026-01-01", ConsentScope::Sensitive, &["left-gluteal"]);
    withdrawn.withdrawn = Some(d("2026-03-01"));
    p.consents = vec![withdrawn];
    let mut own = session("own", "2026-03-05", &["right-gluteal"]);
    own.rec.consent = vec!["sensitive".into()];
    let found = run(
        p.clone(),
        vec![
            session("covered", "2026-02-01", &["left-gluteal", "lumbar"]),
            session("other-side", "2026-02-02", &["bilateral-gluteal"]),
            session("withdrawn", "2026-03-01", &["left-gluteal"]),
            own,
        ],
        rules.clone(),
    );
    assert_eq!(
        found,
        [
            (
                "other-side.toml".into(),
                Code::ConsentMissing,
                Severity::Error
            ),
            (
                "withdrawn.toml".into(),
                Code::ConsentMissing,
                Severity::Error
            ),
        ]
    );
    // Per session: the course's consent covers its own day only.
    let per_session = Rules {
        sensitive_consent: ConsentRule::PerSession,
        ..rules.clone()
    };
    assert_eq!(
        run(
            p,
            vec![
                session("signed-day", "2026-01-01", &["left-gluteal"]),
                session("next", "2026-01-08", &["left-gluteal"]),
            ],
            per_session
        ),
        [("next.toml".into(), Code::ConsentMissing, Severity::Error)]
    );
    let mut child = patient();
    child.birth_date = Some(d("2010-06-01"));
    let found = run(
        child.clone(),
        vec![
            session("minor", "2026-05-31", &["lumbar"]),
            session("adult", "2028-06-01", &["lumbar"]),
        ],
        rules.clone(),
    );
    assert_eq!(
        found,
        [("minor.toml".into(), Code::ConsentMissing, Severity::Error)]
    );
    child.consents = vec![consent("2026-01-01", ConsentScope::Guardian, &[])];
    assert!(
        run(
            child,
            vec![session("minor", "2026-05-31", &["lumbar"])],
            rules
        )
        .is_empty()
    );
}

#[test]
fn the_health_check_is_asked_where_the_practice_says() {
    let rules = Rules {
        ask_health_change: true,
        ..Default::default()
    };
    let mut p = patient();
    p.screenings = vec![screening("2026-01-01", &["none"])];
    let mut answered = session("answered", "2026-01-08", &["lumbar"]);
    answered.rec.health_change = Some("none".into());
    let found = run(
        p,
        vec![
            session("screened-that-day", "2026-01-01", &["lumbar"]),
            answered,
            session("unasked", "2026-01-15", &["lumbar"]),
        ],
        rules,
    );
    assert_eq!(
        found,
        [(
            "unasked.toml".into(),
            Code::HealthChangeMissing,
            Severity::Warning
        )]
    );
}
