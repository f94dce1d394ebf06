//! The course as the doctor wrote it, tried as a new user would with a faxed
//! order ("2 visits a week for 4 weeks, 45 minutes"): the course ends four
//! weeks after its first visit without an expiry typed, a visit in week 6 is
//! refused naming the end and how to extend it, `expiring` warns in time; a
//! prescription with no length and no expiry says its expiry is the
//! practice's default; a tapering schedule is checked phase by phase.

use serde_json::Value;

use crate::common::{PATIENT, Run, Severity, TestPractice};

const FAXED: &str = "2026-10-01-faxed";

/// A patient with the faxed order: `2x/week for 4 weeks`, 45 minutes, 8
/// visits, issued 2026-10-01, no `--expires`; plus `extra` flags.
fn faxed(extra: &[&str]) -> TestPractice {
    let p = TestPractice::new();
    p.add_patient("Ana Lima", "1980-04-12");
    p.screen(PATIENT);
    let mut args = vec![
        "rx",
        "add",
        "--patient",
        PATIENT,
        "--issued",
        "2026-10-01",
        "--visits",
        "8",
        "--frequency",
        "2x/week for 4 weeks",
        "--minutes",
        "45",
        "--region",
        "lumbar",
        "--technique",
        "swedish",
        "--prescriber",
        "Dr. Ada Vance",
        "--id",
        FAXED,
    ];
    args.extend_from_slice(extra);
    let run = p.mmx(&args);
    run.success();
    // The course has a length: no default expiry to confirm.
    assert!(!run.stderr.contains("default-expiry"), "{run}");
    p
}

fn visit<'a>(p: &TestPractice, date: &'a str, extra: &[&'a str]) -> Run {
    let mut args = vec![
        "--date",
        date,
        "--minutes",
        "45",
        "--region",
        "lumbar",
        "--technique",
        "swedish",
    ];
    args.extend_from_slice(extra);
    p.mmx(&[&["session", "add", "--patient", PATIENT][..], &args[..]].concat())
}

fn show_json(p: &TestPractice, rx: &str) -> Value {
    p.mmx(&["rx", "show", rx, "--format", "json"])
        .success()
        .json()
}

#[test]
fn the_faxed_order_ends_four_weeks_after_its_first_visit() {
    let p = faxed(&[]);
    // Before the first visit: a length, no dates; the expiry is the default.
    let show = p.mmx(&["rx", "show", FAXED]);
    show.success();
    assert!(
        show.stdout
            .lines()
            .any(|l| l.starts_with("expires")
                && l.ends_with("2027-10-01 (practice default, 365 days)")),
        "{show}"
    );
    assert!(
        show.stdout
            .lines()
            .any(|l| l.starts_with("course")
                && l.ends_with("4 weeks from the first visit (none yet)")),
        "{show}"
    );
    // Monday 2026-10-05 starts it: it ends four weeks later, Sunday 2026-11-01.
    visit(&p, "2026-10-05", &[]).success();
    visit(&p, "2026-10-08", &[]).success();
    visit(&p, "2026-11-01", &[]).success();
    let show = p.mmx(&["rx", "show", FAXED]);
    assert!(
        show.stdout.lines().any(|l| l.starts_with("course")
            && l.ends_with("4 weeks from the first visit on 2026-10-05, ends 2026-11-01")),
        "{show}"
    );
    let json = show_json(&p, FAXED);
    assert_eq!(json["course"]["weeks"], 4);
    assert_eq!(json["course"]["start"], "2026-10-05");
    assert_eq!(json["course"]["end"], "2026-11-01");
    assert_eq!(json["valid_until"], "2026-11-01");
    assert_eq!(json["expires_by_default"]["date"], "2027-10-01");
    assert_eq!(json["expires_by_default"]["days"], 365);
    assert_eq!(json["status"], "ended");
    assert!(json.get("expires").is_none(), "{json}");

    // Week 6: refused, naming the end and how to extend the course.
    let run = visit(&p, "2026-11-09", &[]);
    run.code(1);
    assert!(
        run.stderr.contains("error[after-course-end]")
            && run.stderr.contains(
                "session on 2026-11-09 is after the course of prescription `2026-10-01-faxed` ended on 2026-11-01 (4 weeks from its first visit on 2026-10-05"
            )
            && run
                .stderr
                .contains("`mmx rx edit 2026-10-01-faxed --weeks 6` takes this visit in"),
        "{run}"
    );
    assert_eq!(p.files(&format!("patients/{PATIENT}/sessions")).len(), 3);

    // The prescriber extends it by two weeks: the same visit is taken.
    p.mmx(&["rx", "edit", FAXED, "--weeks", "6"]).success();
    let rx = p.read(&format!("patients/{PATIENT}/prescriptions/{FAXED}.toml"));
    assert!(rx.contains("weeks = 6\n"), "{rx}");
    visit(&p, "2026-11-09", &[]).success();
    assert_eq!(show_json(&p, FAXED)["course"]["end"], "2026-11-15");
    assert!(p.check_json().diagnostics.is_empty());
}

#[test]
fn a_visit_after_the_course_may_be_overridden() {
    let p = faxed(&[]);
    visit(&p, "2026-10-05", &[]).success();
    visit(
        &p,
        "2026-11-09",
        &["--override", "Dr. Vance asked for one more visit by phone"],
    )
    .success();
    let found = p.check_json().diagnostics;
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(
        (found[0].code.as_str(), found[0].severity),
        ("after-course-end", Severity::Warning)
    );
}

#[test]
fn weeks_given_on_their_own_make_the_course_length() {
    let p = faxed(&["--weeks", "2"]);
    visit(&p, "2026-10-05", &[]).success();
    // `weeks` is the length, whatever the frequency's own weeks say.
    assert_eq!(show_json(&p, FAXED)["course"]["end"], "2026-10-18");
    visit(&p, "2026-10-19", &[]).code(1);
    // Removed, the frequency's four weeks give the length again.
    p.mmx(&["rx", "edit", FAXED, "--weeks", ""]).success();
    visit(&p, "2026-10-19", &[]).success();
    let run = p.mmx(&["rx", "edit", FAXED, "--weeks", "0"]);
    run.code(2);
    assert!(run.stderr.contains("--weeks"), "{run}");
}

#[test]
fn expiring_warns_before_the_course_ends_as_before_an_expiry() {
    let p = faxed(&[]);
    // No visit yet: the course has no end, and the default expiry is far.
    let run = p.mmx(&["expiring"]);
    run.success();
    assert_eq!(run.stdout, "");
    // First visit Monday 2026-11-02: the course ends 2026-11-29, six days
    // after today (2026-11-23).
    visit(&p, "2026-11-02", &[]).success();
    let run = p.mmx(&["expiring"]);
    run.code(1);
    assert!(
        run.stdout.starts_with(
            "course-ending: ana-lima-1980 (Ana Lima) rx 2026-10-01-faxed course ends in 6 days (2026-11-29), 7 of 8 visits left"
        ),
        "{run}"
    );
    let json: Value = p.mmx(&["expiring", "--format", "json"]).json();
    assert_eq!(json[0]["reasons"][0], "course-ending");
    assert_eq!(json[0]["course_ends"], "2026-11-29");
    assert_eq!(json[0]["expires"], "2027-10-01");
    assert_eq!(json[0]["days_left"], 6);
}

#[test]
fn expiring_says_when_a_course_has_ended_with_visits_unused() {
    let p = faxed(&[]);
    visit(&p, "2026-10-26", &[]).success();
    // Ended 2026-11-22, yesterday.
    let run = p.mmx(&["expiring"]);
    run.code(1);
    assert!(
        run.stdout
            .starts_with("course-ended: ana-lima-1980 (Ana Lima) rx 2026-10-01-faxed course ended 1 day ago (2026-11-22)"),
        "{run}"
    );
}

#[test]
fn a_prescription_without_an_expiry_or_a_length_says_its_expiry_is_the_default() {
    let p = TestPractice::new();
    p.add_patient("Ana Lima", "1980-04-12");
    p.screen(PATIENT);
    let run = p.mmx(&[
        "rx",
        "add",
        "--patient",
        PATIENT,
        "--issued",
        "2026-11-09",
        "--visits",
        "6",
        "--region",
        "lumbar",
        "--technique",
        "swedish",
        "--prescriber",
        "Dr. Ada Vance",
        "--id",
        "2026-11-09-plain",
    ]);
    run.success();
    assert!(run.stderr.contains("warning[default-expiry]"), "{run}");
    let show = p.mmx(&["rx", "show", "2026-11-09-plain"]);
    assert!(
        show.stdout
            .lines()
            .any(|l| l.starts_with("expires")
                && l.ends_with("2027-11-09 (practice default, 365 days)")),
        "{show}"
    );
    // Said once, on the prescription, until it is confirmed.
    let found = p.check_json().diagnostics;
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(
        (found[0].code.as_str(), found[0].severity, found[0].line),
        ("default-expiry", Severity::Warning, 3)
    );
    assert!(
        found[0].message.contains("2027-11-09") && found[0].message.contains("365 days"),
        "{found:?}"
    );
    p.mmx(&["rx", "edit", "2026-11-09-plain", "--expires", "2027-02-09"])
        .success();
    assert!(p.check_json().diagnostics.is_empty());
    let show = p.mmx(&["rx", "show", "2026-11-09-plain"]);
    assert!(!show.stdout.contains("practice default"), "{show}");
}

#[test]
fn a_visit_goes_to_the_renewal_once_the_earlier_course_has_ended() {
    let p = faxed(&[]);
    visit(&p, "2026-10-05", &[]).success();
    p.mmx(&[
        "rx",
        "add",
        "--patient",
        PATIENT,
        "--issued",
        "2026-10-30",
        "--renews",
        FAXED,
        "--visits",
        "4",
        "--weeks",
        "4",
        "--region",
        "lumbar",
        "--technique",
        "swedish",
        "--prescriber",
        "Dr. Ada Vance",
        "--id",
        "2026-10-30-renewal",
    ])
    .success();
    // Both are in force on 2026-11-03 (the first by its default expiry), but
    // the first's course ended on 2026-11-01.
    let run = visit(&p, "2026-11-03", &[]);
    run.success();
    let id = run.stdout.trim();
    let session = p.read(&format!("patients/{PATIENT}/sessions/{id}.toml"));
    assert!(
        session.contains("prescription = \"2026-10-30-renewal\""),
        "{session}"
    );
}

#[test]
fn the_report_says_the_course_and_a_default_expiry() {
    let p = faxed(&[]);
    visit(&p, "2026-10-05", &[]).success();
    visit(&p, "2026-10-08", &[]).success();
    let text = p.mmx(&["report", PATIENT, "--format", "text"]);
    text.success();
    assert!(
        text.stdout.contains(
            "2027-10-01 (in 312 days; the practice's default of 365 days, not the prescriber's)"
        ) && text
            .stdout
            .contains("4 weeks from the first visit on 2026-10-05, ends 2026-11-01"),
        "{text}"
    );
    let json: Value = p.mmx(&["report", PATIENT, "--format", "json"]).json();
    assert_eq!(json["prescription"]["course"]["end"], "2026-11-01");
    assert_eq!(json["prescription"]["expires_by_default"], 365);
}

/// "1x/week for 4 weeks, then 1x/2 weeks for 8 weeks", as a tapering order
/// is written: each phase counted by its own periods, from the first visit.
fn tapering() -> TestPractice {
    let p = TestPractice::new();
    p.add_patient("Ana Lima", "1980-04-12");
    p.screen(PATIENT);
    p.mmx(&[
        "rx",
        "add",
        "--patient",
        PATIENT,
        "--issued",
        "2026-08-01",
        "--visits",
        "10",
        "--frequency",
        "1x/week for 4 weeks, then 1x/2 weeks for 8 weeks",
        "--region",
        "lumbar",
        "--technique",
        "swedish",
        "--prescriber",
        "Dr. Ada Vance",
        "--id",
        "2026-08-01-taper",
    ])
    .success();
    p
}

#[test]
fn a_tapering_schedule_is_checked_phase_by_phase() {
    let p = tapering();
    // Phase 1 from Monday 2026-08-03: weekly.
    for date in ["2026-08-03", "2026-08-10", "2026-08-17", "2026-08-24"] {
        visit(&p, date, &[]).success();
    }
    // Phase 2 from 2026-08-31, in periods of two weeks: a visit a week is
    // now one too many.
    visit(&p, "2026-08-31", &[]).success();
    let run = visit(&p, "2026-09-07", &[]);
    run.code(1);
    assert!(
        run.stderr.contains("error[frequency-exceeded]")
            && run.stderr.contains(
                "visit 2 in the 2 weeks starting 2026-08-31; prescription `2026-08-01-taper` allows 1x/2 weeks in its phase 2 (from 2026-08-31)"
            ),
        "{run}"
    );
    visit(&p, "2026-09-14", &[]).success();
    visit(&p, "2026-09-28", &[]).success();
    // The course is the schedule's twelve weeks: it ended 2026-10-25.
    let run = visit(&p, "2026-10-26", &[]);
    run.code(1);
    assert!(run.stderr.contains("ended on 2026-10-25"), "{run}");
    assert!(p.check_json().diagnostics.is_empty());

    // The report measures each phase against its own rate.
    let json: Value = p.mmx(&["report", PATIENT, "--format", "json"]).json();
    let phases = &json["visits"]["phases"];
    assert_eq!(phases[0]["prescribed"], "1x/week for 4 weeks");
    assert_eq!(phases[0]["completed"], 4);
    assert_eq!(phases[0]["per_week"], 1.0);
    assert_eq!(phases[0]["prescribed_per_week"], 1.0);
    assert_eq!(phases[0]["to"], "2026-08-30");
    assert_eq!(phases[1]["from"], "2026-08-31");
    assert_eq!(phases[1]["completed"], 3);
    assert_eq!(phases[1]["prescribed_per_week"], 0.5);
    // A visit in each of three fortnights, as `frequency-exceeded` counts
    // them from 2026-08-31: 0.5 a week, as prescribed (the 29 days from the
    // first to the last once read as 0.7, over-treatment).
    assert_eq!(phases[1]["per_week"], 0.5);
    let text = p.mmx(&["report", PATIENT, "--format", "text"]);
    let flat = text.stdout.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        flat.contains(
            "2 (1x/2 weeks for 8 weeks, from 2026-08-31): 3 completed; 0.5 a week achieved, 0.5 prescribed"
        ) && flat.contains(
            "at 1 visit a week in phase 1 (1x/week for 4 weeks prescribed) and 0.5 visits a week in phase 2 (1x/2 weeks for 8 weeks prescribed)."
        ),
        "{text}"
    );
}

#[test]
fn a_rate_in_words_is_kept_as_written_and_said_to_be_unchecked() {
    let p = TestPractice::new();
    p.add_patient("Ana Lima", "1980-04-12");
    p.screen(PATIENT);
    let run = p.mmx(&[
        "rx",
        "add",
        "--patient",
        PATIENT,
        "--issued",
        "2026-11-02",
        "--expires",
        "2027-02-01",
        "--visits",
        "10",
        "--frequency",
        "1x/week for 2 weeks, then as needed",
        "--region",
        "lumbar",
        "--technique",
        "swedish",
        "--prescriber",
        "Dr. Ada Vance",
        "--id",
        "2026-11-02-prn",
    ]);
    run.success();
    assert!(
        run.stderr.contains("warning[frequency-unchecked]")
            && run
                .stderr
                .contains("phase 2 of `frequency` is kept as written but not checked"),
        "{run}"
    );
    let rx = p.read(&format!(
        "patients/{PATIENT}/prescriptions/2026-11-02-prn.toml"
    ));
    assert!(
        rx.contains("frequency = \"1x/week for 2 weeks, then as needed\""),
        "{rx}"
    );
    // Phase 2 (from 2026-11-16) counts nothing: two visits in a week pass.
    visit(&p, "2026-11-02", &[]).success();
    visit(&p, "2026-11-16", &[]).success();
    visit(&p, "2026-11-17", &[]).success();
    for words in ["2-3x/week", "every 2 weeks"] {
        let run = p.mmx(&["rx", "edit", "2026-11-02-prn", "--frequency", words]);
        run.success();
        assert!(
            run.stderr
                .contains("`frequency` is kept as written but not checked"),
            "{run}"
        );
    }
}

#[test]
fn a_phase_begun_midweek_is_measured_over_its_own_weeks() {
    let p = tapering();
    // Weekly from a Wednesday: the four weeks touch five calendar weeks.
    for date in [
        "2026-08-05",
        "2026-08-12",
        "2026-08-19",
        "2026-08-26",
        "2026-09-02",
    ] {
        visit(&p, date, &[]).success();
    }
    let json: Value = p.mmx(&["report", PATIENT, "--format", "json"]).json();
    let phases = &json["visits"]["phases"];
    assert_eq!(phases[0]["completed"], 4);
    assert_eq!(phases[0]["to"], "2026-09-01");
    assert_eq!(phases[0]["per_week"], 1.0, "{phases}");
}
