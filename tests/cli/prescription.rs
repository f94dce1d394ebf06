//! The whole prescription, tried as a new user would: frequency, session
//! length and areas to avoid refuse `session add` with check's words and
//! give way to an override; a renewal, a discharge and a voided visit change
//! what is counted and what cron is told.

use crate::common;
use serde_json::Value;

use crate::common::{PATIENT, RX, Severity, TestPractice};

fn visit(p: &TestPractice, date: &str, extra: &[&str]) -> common::Run {
    let mut args = vec![
        "--date",
        date,
        "--region",
        "lumbar",
        "--technique",
        "swedish",
    ];
    args.extend_from_slice(extra);
    p.add_session(&args)
}

/// A prescription with `extra` flags (frequency, minutes, avoided areas).
fn practice_with(extra: &[&str]) -> TestPractice {
    let p = TestPractice::with_prescription();
    let mut args = vec!["rx", "edit", RX, "--visits", "20"];
    args.extend_from_slice(extra);
    p.mmx(&args).success();
    p
}

fn codes(p: &TestPractice) -> Vec<(String, Severity)> {
    p.check_json()
        .diagnostics
        .into_iter()
        .map(|d| (d.code, d.severity))
        .collect()
}

#[test]
fn four_days_in_a_row_on_a_weekly_prescription_are_refused_then_overridden() {
    let p = practice_with(&["--frequency", "1x/week"]);
    visit(&p, "2026-11-09", &[]).success();
    let run = visit(&p, "2026-11-10", &[]);
    run.code(1);
    assert!(
        run.stderr.contains("error[frequency-exceeded]")
            && run
                .stderr
                .contains("visit 2 in the week starting 2026-11-09; prescription `2026-11-02-a7k2mp` allows 1x/week")
            && run.stderr.contains(":4:8"),
        "{run}"
    );
    assert_eq!(p.files(&format!("patients/{PATIENT}/sessions")).len(), 1);
    // With a reason it is written, and check says it as a warning.
    visit(
        &p,
        "2026-11-10",
        &["--override", "Dr. Vance asked for a second visit this week"],
    )
    .success();
    assert_eq!(
        codes(&p),
        [("frequency-exceeded".to_string(), Severity::Warning)]
    );
    // The next week starts afresh.
    visit(&p, "2026-11-16", &[]).success();
}

#[test]
fn weeks_start_where_the_practice_says() {
    let p = practice_with(&["--frequency", "1x/week"]);
    // Saturday and Sunday: one Monday-week, two Sunday-weeks.
    visit(&p, "2026-11-14", &[]).success();
    visit(&p, "2026-11-15", &[]).code(1);
    let settings = p.read("mmx.toml");
    assert!(settings.contains("[rules]\n"), "{settings}");
    let week_starts =
        |day: &str| settings.replace("[rules]\n", &format!("[rules]\nweek_starts = \"{day}\"\n"));
    p.write("mmx.toml", week_starts("sunday"));
    visit(&p, "2026-11-15", &[]).success();
    p.write("mmx.toml", week_starts("sonntag"));
    let run = p.mmx(&["check"]);
    run.code(2);
    assert!(
        run.stderr
            .contains("`rules.week_starts` `sonntag` is not a day of the week"),
        "{run}"
    );
}

#[test]
fn a_frequency_outside_the_grammar_is_refused_at_the_flag_and_in_the_file() {
    let p = TestPractice::with_prescription();
    for args in [
        &["rx", "edit", RX, "--frequency", "twice weekly"][..],
        &[
            "rx",
            "add",
            "--patient",
            PATIENT,
            "--issued",
            "2026-11-02",
            "--visits",
            "3",
            "--region",
            "lumbar",
            "--technique",
            "swedish",
            "--prescriber",
            "Dr. B",
            "--frequency",
            "whenever she can",
        ][..],
    ] {
        let run = p.mmx(args);
        run.code(2);
        assert!(run.stderr.contains("Nx/day, Nx/week or Nx/month"), "{run}");
    }
    // Written in any case and spacing, it is stored in one form.
    p.mmx(&["rx", "edit", RX, "--frequency", "2X / Week for 6 weeks"])
        .success();
    let rx = p.read(&format!("patients/{PATIENT}/prescriptions/{RX}.toml"));
    assert!(rx.contains("frequency = \"2x/week for 6 weeks\""), "{rx}");
    let text = rx.replace("2x/week for 6 weeks", "most days if she can");
    p.write(&format!("patients/{PATIENT}/prescriptions/{RX}.toml"), text);
    let report = p.check_json();
    let d = &report.diagnostics[0];
    assert_eq!(
        (d.code.as_str(), d.field.as_deref()),
        ("invalid-value", Some("frequency"))
    );
    // The value may be a person's words: it is not quoted.
    assert!(!d.message.contains("most days"), "{d:?}");
    assert!(d.hint.as_deref().unwrap().contains("2x/week for 6 weeks"));
}

#[test]
fn two_visits_on_one_day_are_a_warning() {
    let p = practice_with(&[]);
    visit(&p, "2026-11-10", &["--start", "09:00"]).success();
    let run = visit(&p, "2026-11-10", &["--start", "15:00"]);
    run.success();
    assert!(run.stderr.contains("warning[same-day-visit]"), "{run}");
    assert_eq!(
        codes(&p),
        [("same-day-visit".to_string(), Severity::Warning)]
    );
}

#[test]
fn a_session_longer_than_prescribed_is_refused_then_overridden() {
    let p = practice_with(&["--minutes", "45"]);
    let run = p.mmx(&[
        "session",
        "add",
        "--patient",
        PATIENT,
        "--date",
        "2026-11-10",
        "--minutes",
        "120",
        "--region",
        "lumbar",
        "--technique",
        "swedish",
    ]);
    run.code(1);
    assert!(
        run.stderr.contains(
            "error[minutes-exceeded]: session lasted 120 minutes; prescription `2026-11-02-a7k2mp` allows 45"
        ),
        "{run}"
    );
    p.mmx(&[
        "session",
        "add",
        "--patient",
        PATIENT,
        "--date",
        "2026-11-10",
        "--minutes",
        "120",
        "--region",
        "lumbar",
        "--technique",
        "swedish",
        "--override",
        "Dr. Vance approved a double session by phone",
    ])
    .success();
    assert_eq!(
        codes(&p),
        [("minutes-exceeded".to_string(), Severity::Warning)]
    );
    // The report's billing units follow what was recorded, and say it was overridden.
    let report: Value = p.mmx(&["report", PATIENT, "--format", "json"]).json();
    assert_eq!(report["sessions"][0]["overridden"], true);
}

#[test]
fn an_avoided_region_is_refused_naming_the_record_that_forbids_it() {
    let p = TestPractice::with_prescription();
    p.mmx(&[
        "rx",
        "edit",
        RX,
        "--add-region",
        "left-upper-extremity",
        "--add-region",
        "face",
        "--add-region",
        "intraoral",
        "--avoid-region",
        "left-wrist",
    ])
    .success();
    let treat = |region: &str| {
        p.add_session(&[
            "--date",
            "2026-11-10",
            "--region",
            region,
            "--technique",
            "swedish",
        ])
    };
    // The region itself, and a group holding it.
    for region in ["left-wrist", "left-upper-extremity"] {
        let run = treat(region);
        run.code(1);
        assert!(
            run.stderr.contains("error[avoided-region]")
                && run
                    .stderr
                    .contains("prescription `2026-11-02-a7k2mp` says to avoid left-wrist"),
            "{run}"
        );
    }
    treat("left-forearm").success();
    // A standing contraindication on the patient applies to every prescription.
    p.mmx(&["patient", "edit", PATIENT, "--avoid-region", "mouth"])
        .success();
    let patient = p.read(&format!("patients/{PATIENT}/patient.toml"));
    assert!(
        patient.contains("avoid_regions = [\"intraoral\"]"),
        "{patient}"
    );
    let run = treat("intraoral");
    run.code(1);
    assert!(
        run.stderr
            .contains("patient record `ana-lima-1980` says to avoid intraoral"),
        "{run}"
    );
    // An unknown region is refused at the flag.
    p.mmx(&["patient", "edit", PATIENT, "--avoid-region", "elbw"])
        .code(2);
    // With a reason, it is written and is a warning.
    p.add_session(&[
        "--date",
        "2026-11-12",
        "--region",
        "left-wrist",
        "--technique",
        "swedish",
        "--override",
        "Dr. Vance cleared the wrist after the splint came off",
    ])
    .success();
    assert!(
        codes(&p)
            .iter()
            .all(|(c, s)| c == "avoided-region" && *s == Severity::Warning)
    );
}

#[test]
fn an_avoided_technique_is_refused() {
    let p = TestPractice::with_prescription();
    p.mmx(&["rx", "edit", RX, "--add-technique", "hot-cold-pack"])
        .success();
    p.mmx(&[
        "patient",
        "edit",
        PATIENT,
        "--avoid-technique",
        "hot-cold-pack",
    ])
    .success();
    let run = p.add_session(&[
        "--date",
        "2026-11-10",
        "--region",
        "lumbar",
        "--technique",
        "hot-cold-pack",
    ]);
    run.code(1);
    assert!(
        run.stderr.contains(
            "error[avoided-technique]: session uses hot-cold-pack; patient record `ana-lima-1980` says to avoid it"
        ),
        "{run}"
    );
}

#[test]
fn rx_add_takes_avoided_areas_and_a_renewal() {
    let p = TestPractice::with_prescription();
    let add = |extra: &[&str]| {
        let mut args = vec![
            "rx",
            "add",
            "--patient",
            PATIENT,
            "--issued",
            "2027-02-02",
            "--visits",
            "6",
            "--region",
            "back",
            "--technique",
            "swedish",
            "--prescriber",
            "Dr. Ada Vance",
        ];
        args.extend_from_slice(extra);
        p.mmx(&args)
    };
    let run = add(&["--renews", "2025-01-01-nope"]);
    run.code(1);
    assert!(run.stderr.contains("error[unknown-prescription]"), "{run}");
    let id = add(&[
        "--renews",
        RX,
        "--avoid-region",
        "sacral",
        "--avoid-technique",
        "cupping",
        "--frequency",
        "2x/week",
    ]);
    id.success();
    let id = id.stdout.trim();
    let text = p.read(&format!("patients/{PATIENT}/prescriptions/{id}.toml"));
    for line in [
        "renews = \"2026-11-02-a7k2mp\"",
        "avoid_regions = [\"sacral\"]",
        "avoid_techniques = [\"cupping\"]",
        "frequency = \"2x/week\"",
    ] {
        assert!(text.contains(line), "{line} in\n{text}");
    }
    let show: Value = p.mmx(&["rx", "show", RX, "--format", "json"]).json();
    assert_eq!(show["status"], "active");
    let list: Vec<Value> = p.mmx(&["rx", "list", "--format", "json"]).json();
    assert_eq!(list[0]["renewed_by"], id);
    assert_eq!(list[1]["renews"], RX);
}

#[test]
fn a_discharged_prescription_takes_no_visit_and_goes_quiet() {
    let p = TestPractice::with_prescription();
    visit(&p, "2026-11-04", &[]).success();
    visit(&p, "2026-11-06", &[]).success();
    // One visit left: cron is told.
    p.mmx(&["expiring"]).code(1);
    let run = p.mmx(&[
        "rx",
        "close",
        RX,
        "--reason",
        "goals-met",
        "--date",
        "2026-11-06",
        "--note",
        "Discharged to a home programme.",
    ]);
    run.success();
    assert_eq!(run.stdout, format!("{RX}\n"));
    let text = p.read(&format!("patients/{PATIENT}/prescriptions/{RX}.toml"));
    assert!(
        text.contains("[closed]\ndate = 2026-11-06\nreason = \"goals-met\"\nnote = \"Discharged to a home programme.\"\n"),
        "{text}"
    );
    let quiet = p.mmx(&["expiring"]);
    quiet.success();
    assert_eq!(quiet.stdout, "");
    let list: Vec<Value> = p.mmx(&["rx", "list", "--format", "json"]).json();
    assert_eq!(list[0]["status"], "closed");
    let table = p.mmx(&["rx", "list"]);
    assert!(table.stdout.contains("closed"), "{table}");
    // A visit after the discharge: refused with the rule's words.
    let run = visit(&p, "2026-11-09", &["--rx", RX]);
    run.code(1);
    assert!(
        run.stderr.contains(
            "error[after-close]: session on 2026-11-09 is after prescription `2026-11-02-a7k2mp` was closed on 2026-11-06 (goals-met)"
        ),
        "{run}"
    );
    // Without --rx, no prescription is in force that day.
    visit(&p, "2026-11-09", &[]).code(1);
    // Closing twice, or with an unknown reason, is a command-line mistake.
    p.mmx(&["rx", "close", RX, "--reason", "goals-met"]).code(2);
    p.mmx(&["rx", "close", RX, "--reason", "done"]).code(2);
    let bundle: Value = p.mmx(&["export", "fhir"]).json();
    let request = bundle["entry"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["resource"]["resourceType"] == "ServiceRequest")
        .unwrap();
    assert_eq!(request["resource"]["status"], "completed");
}

#[test]
fn a_discharge_after_today_is_refused_by_its_flag() {
    let p = TestPractice::with_prescription();
    let rel = format!("patients/{PATIENT}/prescriptions/{RX}.toml");
    let before = p.read(&rel);
    // Today is 2026-11-23 (--today / MMX_TODAY).
    let run = p.mmx(&[
        "rx",
        "close",
        RX,
        "--reason",
        "goals-met",
        "--date",
        "2026-11-24",
    ]);
    run.code(2);
    assert!(
        run.stderr.contains(
            "--date: `closed.date` is 2026-11-24, after today (2026-11-23): a course is closed on or after its last day"
        ),
        "{run}"
    );
    assert_eq!(p.read(&rel), before, "the prescription was written");
    // Today itself is a discharge that has happened.
    p.mmx(&[
        "rx",
        "close",
        RX,
        "--reason",
        "goals-met",
        "--date",
        "2026-11-23",
    ])
    .success();
    // Written by hand, the check says where.
    p.write(
        &rel,
        p.read(&rel)
            .replace("date = 2026-11-23", "date = 2027-01-05"),
    );
    let run = p.mmx(&["check"]);
    run.code(1);
    assert!(
        run.stdout.contains(
            "error[invalid-value]: `closed.date` is 2027-01-05, after today (2026-11-23)"
        ),
        "{run}"
    );
    assert!(run.stdout.contains(&format!("--> {rel}:")), "{run}");
}

#[test]
fn a_voided_session_stays_written_and_stops_counting() {
    let p = TestPractice::with_prescription();
    for date in ["2026-11-04", "2026-11-06", "2026-11-09"] {
        visit(&p, date, &["--id", &format!("{date}-aaaaaa")]).success();
    }
    // Visits used up: a fourth is refused.
    visit(&p, "2026-11-11", &[]).code(1);
    let rel = format!("patients/{PATIENT}/sessions/2026-11-06-aaaaaa.toml");
    let before = p.read(&rel);
    let id = format!("{PATIENT}/2026-11-06-aaaaaa");
    let run = p.mmx(&[
        "session",
        "void",
        &id,
        "--reason",
        "Entered twice by mistake",
        "--by",
        "R. Ash",
    ]);
    run.success();
    let after = p.read(&rel);
    assert!(after.starts_with(&before), "every byte kept");
    assert!(
        after.ends_with(
            "[void]\ndate = 2026-11-23\nby = \"R. Ash\"\nreason = \"Entered twice by mistake\"\n"
        ),
        "{after}"
    );
    let show: Value = p.mmx(&["rx", "show", RX, "--format", "json"]).json();
    assert_eq!(
        (show["used"].clone(), show["remaining"].clone()),
        (2.into(), 1.into())
    );
    let list = p.mmx(&["session", "list"]);
    assert!(list.stdout.contains("entered-in-error"), "{list}");
    let shown = p.mmx(&["session", "show", &id]);
    assert!(
        shown.stdout.contains("status        entered-in-error")
            && shown
                .stdout
                .contains("voided        2026-11-23 (R. Ash): Entered twice by mistake"),
        "{shown}"
    );
    let report: Value = p.mmx(&["report", PATIENT, "--format", "json"]).json();
    assert_eq!(report["visits"]["completed"], 2);
    assert_eq!(report["visits"]["voided"], 1);
    assert_eq!(report["sessions"][1]["status"], "entered-in-error");
    let bundle: Value = p.mmx(&["export", "fhir"]).json();
    let void_statuses = bundle["entry"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["resource"]["status"] == "entered-in-error")
        .count();
    assert_eq!(void_statuses, 2, "its Encounter and its Procedure");
    // The visit it freed can be used.
    visit(&p, "2026-11-11", &[]).success();
    // Voiding twice, or without a reason, is a command-line mistake.
    p.mmx(&["session", "void", &id, "--reason", "again"])
        .code(2);
    p.mmx(&["session", "void", &id, "--reason", " "]).code(2);
}

/// A lapsed prescription with visits left is flagged unless a renewal
/// carries it on; an unrelated newer prescription does not silence it.
#[test]
fn only_a_renewal_silences_a_lapsed_prescription() {
    let p = TestPractice::with_prescription();
    p.mmx(&["rx", "edit", RX, "--expires", "2026-11-15"])
        .success();
    visit(&p, "2026-11-04", &[]).success();
    let add = |extra: &[&str]| {
        let mut args = vec![
            "rx",
            "add",
            "--patient",
            PATIENT,
            "--issued",
            "2026-11-20",
            "--visits",
            "6",
            "--region",
            "left-knee",
            "--technique",
            "swedish",
            "--prescriber",
            "Dr. Knee",
        ];
        args.extend_from_slice(extra);
        p.mmx(&args).success();
    };
    add(&["--id", "2026-11-20-knee"]);
    let run = p.mmx(&["expiring"]);
    run.code(1);
    assert!(run.stdout.starts_with("expired: ana-lima-1980"), "{run}");
    add(&["--id", "2026-11-20-renewal", "--renews", RX]);
    let run = p.mmx(&["expiring"]);
    assert!(!run.stdout.contains(RX), "{run}");
    // The report for the renewal covers the course.
    let report: Value = p
        .mmx(&[
            "report",
            PATIENT,
            "--rx",
            "2026-11-20-renewal",
            "--format",
            "json",
        ])
        .json();
    assert_eq!(
        report["course"]["prescriptions"],
        serde_json::json!([RX, "2026-11-20-renewal"])
    );
    assert_eq!(report["sessions"].as_array().unwrap().len(), 1);
}

/// A used-up prescription is said once, while its last visit is recent,
/// and then not again every morning until it expires.
#[test]
fn a_used_up_prescription_is_alerted_while_its_last_visit_is_recent() {
    let p = TestPractice::with_prescription();
    for date in ["2026-11-04", "2026-11-06", "2026-11-09"] {
        visit(&p, date, &[]).success();
    }
    let expiring = |today: &str| p.command(&["expiring"]).env("MMX_TODAY", today).run();
    // 14 days after the last visit ([alerts] within_days): still said.
    let soon = expiring("2026-11-23");
    soon.code(1);
    assert!(
        soon.stdout.starts_with("low-visits:") && soon.stdout.contains("0 of 3 visits left"),
        "{soon}"
    );
    // Then not again, though the prescription runs to 2027-02-01.
    let later = expiring("2026-11-24");
    later.success();
    assert_eq!(later.stdout, "");
}

#[test]
fn lay_words_and_sides_are_read_and_suggested() {
    let p = TestPractice::with_prescription();
    p.mmx(&[
        "rx",
        "edit",
        RX,
        "--add-region",
        "left calf",
        "--add-region",
        "neck",
    ])
    .success();
    let text = p.read(&format!("patients/{PATIENT}/prescriptions/{RX}.toml"));
    assert!(
        text.contains("\"left-lower-leg\"") && text.contains("\"cervical\""),
        "{text}"
    );
    let run = p.add_session(&[
        "--date",
        "2026-11-10",
        "--region",
        "left-calff",
        "--technique",
        "swedish",
    ]);
    run.code(2);
    assert!(
        run.stderr.contains("did you mean `left-lower-leg`?"),
        "{run}"
    );
    let run = p.add_session(&[
        "--date",
        "2026-11-10",
        "--region",
        "lumbar",
        "--technique",
        "muscle testing",
    ]);
    run.code(2);
    assert!(
        run.stderr.contains("assessment, not a treatment") && !run.stderr.contains("did you mean"),
        "{run}"
    );
    let vocab: Value = p.mmx(&["vocab", "--format", "json"]).json();
    assert_eq!(vocab["version"], 4);
}
