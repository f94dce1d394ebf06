//! `[practice] time_zone`: `init` writes the machine's zone, an unknown one is
//! refused where it is written, and the FHIR export gives session times the
//! offsets of the practice's zone on their dates, whatever `TZ` the exporting
//! machine has.

use crate::common;
use serde_json::Value;

use crate::common::{TestPractice, crate_root};

fn demo() -> TestPractice {
    TestPractice::copy_of(&crate_root().join("examples/demo-practice"))
}

/// `export fhir` run with this `TZ`.
fn export(p: &TestPractice, tz: &str) -> common::Run {
    p.command(&["export", "fhir"]).env("TZ", tz).run()
}

/// The period start of the Encounter of a session id (`DATE-HHMM`).
fn start_of(bundle: &Value, session: &str) -> String {
    bundle["entry"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| &e["resource"])
        .find(|r| {
            r["resourceType"] == "Encounter"
                && r["id"].as_str().unwrap().ends_with(&format!(".{session}"))
        })
        .unwrap_or_else(|| panic!("no Encounter for {session}"))["period"]["start"]
        .as_str()
        .unwrap()
        .to_string()
}

#[test]
fn the_practices_zone_gives_the_offsets_whatever_tz_the_exporting_machine_has() {
    let p = demo();
    assert!(
        p.read("mmx.toml")
            .contains("time_zone = \"America/Chicago\"")
    );
    let utc = export(&p, "UTC");
    utc.success();
    assert!(utc.stderr.is_empty(), "{utc}");
    for tz in ["America/New_York", "Asia/Tokyo"] {
        let other = export(&p, tz);
        other.success();
        assert!(other.stdout == utc.stdout, "{tz} gave other bytes than UTC");
    }
    // Chicago is on daylight time in July (-05:00) and standard time after
    // the first Sunday of November (-06:00).
    let bundle: Value = utc.json();
    let summer = start_of(&bundle, "2026-07-01-1000");
    let winter = start_of(&bundle, "2026-11-18-1000");
    assert_eq!(
        [summer.as_str(), winter.as_str()],
        ["2026-07-01T10:00:00-05:00", "2026-11-18T10:00:00-06:00"]
    );
}

#[test]
fn without_a_zone_the_export_takes_the_machines_and_says_so() {
    let p = demo();
    let settings = p
        .read("mmx.toml")
        .replace("time_zone = \"America/Chicago\"\n", "");
    p.write("mmx.toml", settings);
    let utc = export(&p, "UTC");
    utc.success();
    assert_eq!(utc.stderr.lines().count(), 1, "{utc}");
    assert!(
        utc.stderr.contains("names no time zone") && utc.stderr.contains("time_zone = \"UTC\""),
        "{utc}"
    );
    let tokyo: Value = export(&p, "Asia/Tokyo").json();
    let utc: Value = utc.json();
    let starts = [&utc, &tokyo].map(|b| start_of(b, "2026-07-01-1000"));
    assert_eq!(
        starts,
        ["2026-07-01T10:00:00+00:00", "2026-07-01T10:00:00+09:00"]
    );
}

#[test]
fn an_unknown_zone_is_refused_at_its_place_with_the_closest_one() {
    let p = TestPractice::new();
    let settings = p
        .read("mmx.toml")
        .replace("time_zone = \"UTC\"", "time_zone = \"America/Chicgo\"");
    p.write("mmx.toml", settings);
    let report = p.check_json();
    let d = &report.diagnostics[0];
    assert_eq!(d.located(), "invalid-value mmx.toml:4:13", "{d:?}");
    assert_eq!(d.field.as_deref(), Some("practice.time_zone"));
    assert!(
        d.message.contains("`America/Chicgo` is not a time zone"),
        "{d:?}"
    );
    let hint = d.hint.as_deref().unwrap();
    assert!(
        hint.contains("did you mean `America/Chicago`?") && hint.contains("IANA name"),
        "{hint}"
    );
}

#[test]
fn without_a_zoneinfo_database_the_export_names_what_to_install() {
    let p = demo();
    // No database: the name cannot be judged, so the records still check...
    p.command(&["check", "-q"])
        .env("TZDIR", p.path("no-zoneinfo"))
        .run()
        .success();
    // ...but no offset can be given: the export says why, and writes nothing.
    let run = p
        .command(&["export", "fhir"])
        .env("TZDIR", p.path("no-zoneinfo"))
        .run();
    run.code(2);
    assert!(run.stdout.is_empty(), "{run}");
    assert!(
        run.stderr.contains("America/Chicago")
            && run.stderr.contains("no time zone database")
            && run.stderr.contains("tzdata"),
        "{run}"
    );
}

#[test]
fn init_writes_the_machines_zone_or_says_it_found_none() {
    let p = TestPractice::empty();
    p.command(&["init", "--name", "Harbor Street Massage"])
        .env("TZ", "America/Chicago")
        .run()
        .success();
    assert!(
        p.read("mmx.toml")
            .contains("time_zone = \"America/Chicago\"\n")
    );

    let q = TestPractice::empty();
    let run = q
        .command(&["init", "--name", "Harbor Street Massage"])
        .env("TZDIR", q.path("no-zoneinfo"))
        .run();
    run.success();
    assert!(!q.read("mmx.toml").contains("time_zone"));
    assert!(run.stderr.contains("time zone could not be found"), "{run}");
}

/// A practice in Chicago with one patient and a prescription from
/// 2025-10-01 to 2026-12-31 (through both of 2026's clock changes and the
/// fall of 2025).
fn chicago() -> TestPractice {
    let p = TestPractice::new();
    let settings = p
        .read("mmx.toml")
        .replace("time_zone = \"UTC\"", "time_zone = \"America/Chicago\"");
    p.write("mmx.toml", settings);
    p.add_patient("Ana Lima", "1980-04-12");
    // Screened when the course began.
    p.mmx(&[
        "patient",
        "screen",
        common::PATIENT,
        "--date",
        "2025-10-01",
        "--none",
    ])
    .success();
    p.mmx(&[
        "rx",
        "add",
        "--patient",
        common::PATIENT,
        "--issued",
        "2025-10-01",
        "--expires",
        "2026-12-31",
        "--visits",
        "20",
        "--region",
        "lumbar",
        "--technique",
        "swedish",
        "--prescriber",
        "Dr. Ada Vance",
        "--id",
        "2025-10-01-back",
    ])
    .success();
    p
}

/// `session add` at `date` and `start` for 50 minutes, with `extra` flags.
fn visit(p: &TestPractice, date: &str, start: &str, extra: &[&str]) -> common::Run {
    let mut args = vec![
        "--date",
        date,
        "--start",
        start,
        "--region",
        "lumbar",
        "--technique",
        "swedish",
    ];
    args.extend_from_slice(extra);
    p.add_session(&args)
}

/// The Encounter period (start, end) of a session id.
fn period_of(bundle: &Value, session: &str) -> (String, String) {
    let start = start_of(bundle, session);
    let end = bundle["entry"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| &e["resource"])
        .find(|r| {
            r["resourceType"] == "Encounter"
                && r["id"].as_str().unwrap().ends_with(&format!(".{session}"))
        })
        .unwrap()["period"]["end"]
        .as_str()
        .unwrap()
        .to_string();
    (start, end)
}

#[test]
fn a_repeated_hour_takes_the_first_offset_unless_the_record_names_the_second() {
    let p = chicago();
    // 01:30 on 2026-11-01 happened twice in Chicago: at -05:00, then at
    // -06:00. Fifty minutes from the first is 01:20 the second time round.
    let first = visit(&p, "2026-11-01", "01:30", &[]);
    first.success();
    // The same hour on 2025-11-02 (that year's change), named the second.
    let second = visit(&p, "2025-11-02", "01:30", &["--start-offset", "-06:00"]);
    second.success();
    assert!(
        p.read(&format!(
            "patients/{}/sessions/{}.toml",
            common::PATIENT,
            second.stdout.trim()
        ))
        .contains("start_offset = \"-06:00\"\n")
    );
    let run = p.mmx(&["export", "fhir"]);
    run.success();
    let bundle: Value = run.json();
    assert_eq!(
        period_of(&bundle, first.stdout.trim()),
        (
            "2026-11-01T01:30:00-05:00".to_string(),
            "2026-11-01T01:20:00-06:00".to_string()
        )
    );
    assert_eq!(
        period_of(&bundle, second.stdout.trim()),
        (
            "2025-11-02T01:30:00-06:00".to_string(),
            "2025-11-02T02:20:00-06:00".to_string()
        )
    );
    // An offset the time does not have there is refused, saying which it has.
    let wrong = visit(&p, "2026-11-01", "01:45", &["--start-offset", "-07:00"]);
    wrong.code(2);
    assert!(
        wrong.stderr.contains("--start-offset")
            && wrong.stderr.contains("-05:00 or -06:00")
            && wrong.stderr.contains("happened twice"),
        "{wrong}"
    );
    p.mmx(&["check", "-q"]).success();
}

#[test]
fn a_time_the_clocks_skipped_is_a_located_finding_never_a_shifted_export() {
    let p = chicago();
    // 02:30 on 2026-03-08 never happened in Chicago: refused at the flag.
    let run = visit(&p, "2026-03-08", "02:30", &[]);
    run.code(2);
    assert!(
        run.stderr.contains("--start") && run.stderr.contains("never happened in America/Chicago"),
        "{run}"
    );
    // Written by hand, it is found at its place, and the export stops on it.
    let file = format!("patients/{}/sessions/2026-03-08-0230.toml", common::PATIENT);
    p.write(
        &file,
        format!(
            "id = \"2026-03-08-0230\"\npatient = \"{}\"\nprescription = \"2025-10-01-back\"\ndate = 2026-03-08\nstart = 02:30:00\nminutes = 50\nregions = [\"lumbar\"]\ntechniques = [\"swedish\"]\n",
            common::PATIENT
        ),
    );
    let report = p.check_json();
    let located: Vec<String> = report.diagnostics.iter().map(|d| d.located()).collect();
    assert_eq!(located, [format!("invalid-value {file}:5:9")], "{report:?}");
    assert_eq!(report.diagnostics[0].field.as_deref(), Some("start"));
    let export = p.mmx(&["export", "fhir"]);
    export.code(1);
    assert!(export.stdout.is_empty(), "{export}");
    assert!(
        export.stderr.contains(&format!("{file}:5:9")) && export.stderr.contains("never happened"),
        "{export}"
    );
    // Without a zone in mmx.toml the export's clock is this computer's: the
    // same time is refused there too, never exported as a bare date.
    let settings = p
        .read("mmx.toml")
        .replace("time_zone = \"America/Chicago\"\n", "");
    p.write("mmx.toml", settings);
    let machine = p
        .command(&["export", "fhir"])
        .env("TZ", "America/Chicago")
        .run();
    machine.code(1);
    assert!(
        machine.stderr.contains(&format!("{file}:5:9"))
            && machine.stderr.contains("this computer's time zone"),
        "{machine}"
    );
    p.command(&["export", "fhir"])
        .env("TZ", "UTC")
        .run()
        .success();
}
