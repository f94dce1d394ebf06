//! The safety rules' unit tests: one patient's records, each rule alone.

use super::*;
use crate::model::{Prescriber, Prescription, Status};
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

/// Codes and severities per session file, sorted.
fn run(p: Patient, sessions: Vec<Loaded<Session>>, rules: Rules) -> Vec<(String, Code, Severity)> {
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
        entering: None,
        clock: None,
    };
    let found = check_patient(&folder, &cx);
    let mut v: Vec<_> = found
        .patient
        .iter()
        .chain(found.sessions.iter().flatten())
        .map(|d| (d.file.clone(), d.code, d.severity))
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

#[test]
fn a_practice_without_the_rules_sees_nothing_new() {
    let found = run(
        patient(),
        vec![session("s1", "2026-03-01", &["left-gluteal"])],
        Rules::default(),
    );
    assert!(found.is_empty(), "{found:?}");
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
        require_screening: Some(false),
        ..Default::default()
    };
    assert_eq!(
        run(p.clone(), sessions(), warn),
        [
            (
                "before.toml".into(),
                Code::ScreeningMissing,
                Severity::Warning
            ),
            (
                "stale.toml".into(),
                Code::ScreeningExpired,
                Severity::Warning
            ),
        ]
    );
    let require = Rules {
        require_screening: Some(true),
        ..Default::default()
    };
    assert_eq!(
        run(p.clone(), sessions(), require),
        [
            (
                "before.toml".into(),
                Code::ScreeningMissing,
                Severity::Error
            ),
            ("stale.toml".into(), Code::ScreeningExpired, Severity::Error),
        ]
    );
    // Unset: a screening on file that is out of date is still said.
    assert_eq!(
        run(p, sessions(), Rules::default()),
        [(
            "stale.toml".into(),
            Code::ScreeningExpired,
            Severity::Warning
        )]
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
