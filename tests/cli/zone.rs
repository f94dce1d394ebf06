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
