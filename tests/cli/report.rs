//! `mmx report` and `mmx expiring` on the demo practice and on fresh ones:
//! the numbers must match the session files, every session must show, the
//! HTML must be one self-contained page, and cron must hear nothing when
//! nothing is due.

use crate::common;
use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

use serde::Deserialize;

use crate::common::{PATIENT, TODAY, TestPractice};

fn demo() -> TestPractice {
    TestPractice::copy_of(Path::new("examples/demo-practice"))
}

#[derive(Debug, Deserialize)]
struct Report {
    patient: Patient,
    prescription: Rx,
    visits: Visits,
    sessions: Vec<Row>,
    pain: Pain,
    findings: Vec<Finding>,
    /// The renewals the prescription is one course with, when there are any.
    course: Option<Course>,
}
#[derive(Debug, Deserialize)]
struct Course {
    prescriptions: Vec<String>,
}
#[derive(Debug, Deserialize)]
struct Patient {
    id: String,
}
#[derive(Debug, Deserialize)]
struct Rx {
    id: String,
}
#[derive(Debug, Deserialize)]
struct Visits {
    prescribed: u32,
    completed: u32,
    remaining: u32,
    cancelled: u32,
    no_show: u32,
}
#[derive(Debug, Deserialize)]
struct Line {
    code: String,
    timed: bool,
    units: u32,
}
#[derive(Debug, Deserialize)]
struct Row {
    id: String,
    date: String,
    minutes: Option<u32>,
    units: Vec<Line>,
    status: String,
    regions: Vec<String>,
    techniques: Vec<String>,
    pain_before: Option<u8>,
    pain_after: Option<u8>,
}
#[derive(Debug, Deserialize)]
struct Pain {
    first: Option<u8>,
    last: Option<u8>,
}
#[derive(Debug, Deserialize)]
struct Finding {
    severity: String,
    code: String,
    file: String,
    line: usize,
}

/// The session files of one prescription, read independently of mmx.
fn session_files(p: &TestPractice, patient: &str, rx: &str) -> Vec<toml::Table> {
    let mut out = Vec::new();
    for f in p.files(&format!("patients/{patient}/sessions")) {
        let t: toml::Table = toml::from_str(&p.read(&f)).expect("session parses");
        if t["prescription"].as_str() == Some(rx) {
            out.push(t);
        }
    }
    out
}

/// A voided session (`[void]`) is entered-in-error, whatever it was.
fn status(t: &toml::Table) -> &str {
    if t.contains_key("void") {
        return "entered-in-error";
    }
    t.get("status")
        .and_then(|s| s.as_str())
        .unwrap_or("completed")
}

fn eight_minute_units(m: u32) -> u32 {
    match m {
        0..=7 => 0,
        8..=22 => 1,
        23..=37 => 2,
        38..=52 => 3,
        53..=67 => 4,
        68..=82 => 5,
        _ => 6 + (m - 83) / 15,
    }
}

#[test]
fn json_counts_match_the_session_files_for_every_demo_prescription() {
    let p = demo();
    let mut checked = 0;
    for rx_file in p.files("patients") {
        let Some((patient, rest)) = rx_file
            .strip_prefix("patients/")
            .and_then(|r| r.split_once('/'))
        else {
            continue;
        };
        let Some(rx) = rest
            .strip_prefix("prescriptions/")
            .and_then(|r| r.strip_suffix(".toml"))
        else {
            continue;
        };
        let run = p.mmx(&["report", patient, "--rx", rx, "--format", "json"]);
        let r: Report = run.success().json();
        let files = session_files(&p, patient, rx);
        let count = |s: &str| files.iter().filter(|t| status(t) == s).count() as u32;
        assert_eq!(r.patient.id, patient);
        assert_eq!(r.prescription.id, rx);
        assert_eq!(r.visits.completed, count("completed"), "{rx}");
        assert_eq!(r.visits.cancelled, count("cancelled"), "{rx}");
        assert_eq!(r.visits.no_show, count("no-show"), "{rx}");
        let rx_toml: toml::Table = toml::from_str(&p.read(&rx_file)).unwrap();
        assert_eq!(
            i64::from(r.visits.prescribed),
            rx_toml["visits"].as_integer().unwrap()
        );
        assert_eq!(
            r.visits.remaining,
            r.visits.prescribed.saturating_sub(r.visits.completed)
        );
        // The rows cover the whole course of renewals.
        let course = r
            .course
            .as_ref()
            .map_or_else(|| vec![rx.to_string()], |c| c.prescriptions.clone());
        assert!(course.iter().any(|c| c == rx));
        let course_files: Vec<toml::Table> = course
            .iter()
            .flat_map(|c| session_files(&p, patient, c))
            .collect();
        assert_eq!(
            r.sessions.len(),
            course_files.len(),
            "every session of {rx}'s course is listed"
        );
        let by_id: BTreeMap<&str, &toml::Table> = course_files
            .iter()
            .map(|t| (t["id"].as_str().unwrap(), t))
            .collect();
        // Per date of service: the day's timed minutes count together
        // (CMS), and a hot or cold pack (97010) is one untimed unit.
        let mut days: BTreeMap<String, (u32, bool, u32)> = BTreeMap::new();
        for t in course_files.iter().filter(|t| status(t) == "completed") {
            let techniques: Vec<&str> = t["techniques"]
                .as_array()
                .unwrap()
                .iter()
                .map(|v| v.as_str().unwrap())
                .collect();
            let day = days
                .entry(t["date"].as_datetime().unwrap().to_string())
                .or_default();
            if techniques.iter().any(|t| *t != "hot-cold-pack") {
                day.0 += t["minutes"].as_integer().unwrap() as u32;
            }
            day.1 |= techniques.contains(&"hot-cold-pack");
        }
        for row in r.sessions.iter().filter(|r| !r.units.is_empty()) {
            let (timed, pack, seen) = days.get_mut(&row.date).expect("a completed day");
            *seen += 1;
            let timed_units: u32 = row.units.iter().filter(|l| l.timed).map(|l| l.units).sum();
            assert_eq!(timed_units, eight_minute_units(*timed), "{}", row.date);
            assert_eq!(
                row.units
                    .iter()
                    .any(|l| l.code == "97010" && !l.timed && l.units == 1),
                *pack,
                "{}",
                row.date
            );
        }
        assert!(
            days.values().all(|d| d.2 == 1),
            "one row per day carries its units"
        );
        for row in &r.sessions {
            let t = by_id[row.id.as_str()];
            assert_eq!(row.date, t["date"].as_datetime().unwrap().to_string());
            assert_eq!(row.status, status(t));
            let minutes = t
                .get("minutes")
                .and_then(|m| m.as_integer())
                .map(|m| m as u32);
            assert_eq!(row.minutes, minutes);
            let list = |k: &str| -> Vec<String> {
                t.get(k)
                    .and_then(|v| v.as_array())
                    .map(|a| a.iter().map(|s| s.as_str().unwrap().to_string()).collect())
                    .unwrap_or_default()
            };
            assert_eq!(row.regions, list("regions"));
            assert_eq!(row.techniques, list("techniques"));
            let pain = |k: &str| t.get(k).and_then(|v| v.as_integer()).map(|v| v as u8);
            assert_eq!(
                (row.pain_before, row.pain_after),
                (pain("pain_before"), pain("pain_after"))
            );
        }
        let dates: Vec<&String> = r.sessions.iter().map(|s| &s.date).collect();
        assert!(
            dates.windows(2).all(|w| w[0] <= w[1]),
            "sessions in date order"
        );
        let with_pain: Vec<&Row> = r
            .sessions
            .iter()
            .filter(|s| s.status == "completed" && s.pain_before.is_some())
            .collect();
        assert_eq!(r.pain.first, with_pain.first().and_then(|s| s.pain_before));
        assert_eq!(r.pain.last, with_pain.last().and_then(|s| s.pain_before));
        checked += 1;
    }
    assert_eq!(checked, 8, "the demo has eight prescriptions");
}

#[test]
fn report_findings_are_the_check_findings_of_that_prescription() {
    let p = demo();
    let r: Report = p
        .mmx(&[
            "report",
            "jose-nunez-1975",
            "--rx",
            "2026-08-19-sciatica",
            "--format",
            "json",
        ])
        .success()
        .json();
    assert_eq!(r.findings.len(), 1, "{:?}", r.findings);
    let f = &r.findings[0];
    assert_eq!(
        (f.severity.as_str(), f.code.as_str()),
        ("warning", "region-not-prescribed")
    );
    assert!(f.file.ends_with("2026-10-09-1730.toml") && f.line > 0);
}

#[test]
fn report_never_invents_pain_scores() {
    let p = TestPractice::with_prescription();
    p.add_session(&[
        "--date",
        "2026-11-04",
        "--region",
        "lumbar",
        "--technique",
        "swedish",
    ])
    .success();
    let md = p.mmx(&["report", common::PATIENT, "--format", "md"]);
    md.success();
    assert!(
        md.stdout.contains("| **First (before treatment)**") && md.stdout.contains("not recorded"),
        "{}",
        md.stdout
    );
    let r: Report = p
        .mmx(&["report", common::PATIENT, "--format", "json"])
        .success()
        .json();
    assert_eq!((r.pain.first, r.pain.last), (None, None));
}

#[test]
fn markdown_and_text_show_every_session() {
    let p = demo();
    let files = session_files(
        &p,
        "delphine-abernathy-cho-1969",
        "2026-09-09-carpal-tunnel",
    );
    assert!(!files.is_empty(), "demo prescription id changed");
    for format in ["md", "text"] {
        let run = p.mmx(&[
            "report",
            "delphine-abernathy-cho-1969",
            "--rx",
            "2026-09-09-carpal-tunnel",
            "--format",
            format,
        ]);
        run.success();
        for t in &files {
            let date = t["date"].as_datetime().unwrap().to_string();
            let rows = run
                .stdout
                .lines()
                .filter(|l| l.contains(&date) && l.contains(status(t)))
                .count();
            assert!(rows >= 1, "{format}: no row for {date}\n{}", run.stdout);
        }
    }
}

#[test]
fn html_is_one_self_contained_page_with_charts() {
    let p = demo();
    let out = p.path("documents/jose.html");
    p.mmx(&[
        "report",
        "jose-nunez-1975",
        "--rx",
        "2026-08-19-sciatica",
        "-o",
        out.to_str().unwrap(),
    ])
    .success();
    let html = std::fs::read_to_string(&out).unwrap();
    let body = html.strip_prefix("<!DOCTYPE html>\n").expect("doctype");
    let doc = roxmltree::Document::parse(body).expect("the report is well-formed markup");
    let ids: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("section"))
        .filter_map(|n| n.attribute("id"))
        .collect();
    assert_eq!(
        ids,
        [
            "letter",
            "appendix",
            "patient",
            "prescription",
            "visits",
            "sessions",
            "measures",
            "pain",
            "compliance",
            "latest-assessment-and-plan"
        ]
    );
    assert!(
        doc.descendants().all(|n| !n.has_tag_name("script")
            && !n.has_tag_name("link")
            && !n.has_tag_name("img"))
    );
    for n in doc.descendants() {
        for a in n.attributes() {
            let external = a.value().contains("http") && a.name() != "xmlns";
            assert!(
                !external && a.name() != "src",
                "network reference: {}={}",
                a.name(),
                a.value()
            );
        }
    }
    assert!(!html.contains("url(http") && !html.contains("@import"));
    // The renewal's report covers the course: the first prescription's sessions too.
    let mut files = session_files(&p, "jose-nunez-1975", "2026-08-19-sciatica");
    files.extend(session_files(&p, "jose-nunez-1975", "2026-06-01-sciatica"));
    let sessions = doc
        .descendants()
        .find(|n| n.attribute("id") == Some("sessions"))
        .expect("a sessions section");
    let rows = sessions
        .descendants()
        .filter(|n| n.has_tag_name("tbody"))
        .flat_map(|b| b.children().filter(|c| c.has_tag_name("tr")))
        .count();
    assert_eq!(rows, files.len(), "one row per session");
    let by_id = |id: &str| {
        doc.descendants()
            .find(|n| n.attribute("id") == Some(id))
            .unwrap_or_else(|| panic!("no #{id}"))
    };
    let pain = by_id("pain-chart");
    assert!(
        pain.descendants()
            .any(|n| n.has_tag_name("polyline") && n.attribute("class") == Some("before"))
    );
    let body_chart = by_id("body-chart");
    let spots = |class: &str| -> Vec<&str> {
        body_chart
            .descendants()
            .filter(|g| g.attribute("class") == Some(class))
            .flat_map(|g| g.descendants().filter_map(|e| e.attribute("data-region")))
            .collect()
    };
    assert!(spots("prescribed").contains(&"lumbar") && spots("prescribed").contains(&"left-thigh"));
    assert!(
        spots("treated").contains(&"left-lower-leg"),
        "the overridden region is shown as treated"
    );
    assert!(!spots("prescribed").contains(&"left-lower-leg"));
    assert!(
        body_chart
            .descendants()
            .any(|n| n.attribute("class") == Some("legend"))
    );
    let fills: Vec<&str> = ["prescribed", "treated"]
        .iter()
        .map(|c| {
            body_chart
                .descendants()
                .find(|g| g.attribute("class") == Some(*c))
                .unwrap()
                .descendants()
                .find_map(|e| e.attribute("fill"))
                .unwrap()
        })
        .collect();
    assert_ne!(fills[0], fills[1], "the two styles differ");
}

/// The HTML's tables wrap: a measure's values once sat in a table that
/// inherited the session log's `white-space: nowrap`, and Chromium shrank
/// every printed page to 0.69 to fit the longest row, and still cut it off
/// (tests/html/check-print.sh prints the demo and measures it).
#[test]
fn only_the_session_logs_short_columns_keep_to_one_line_in_html() {
    let p = demo();
    let html = p
        .mmx(&["report", "jose-nunez-1975", "--format", "html"])
        .success()
        .stdout
        .clone();
    let body = html.strip_prefix("<!DOCTYPE html>\n").expect("doctype");
    let doc = roxmltree::Document::parse(body).expect("well-formed markup");
    let table_of = |section: &str| {
        doc.descendants()
            .find(|n| n.attribute("id") == Some(section))
            .and_then(|s| s.descendants().find(|n| n.has_tag_name("table")))
            .and_then(|t| t.attribute("class"))
            .unwrap_or_else(|| panic!("no table in {section}"))
            .to_string()
    };
    assert_eq!(table_of("sessions"), "sessions");
    assert_eq!(table_of("measures"), "measures");
    let style = doc
        .descendants()
        .find(|n| n.has_tag_name("style"))
        .and_then(|n| n.text())
        .expect("a style sheet");
    let nowrap: Vec<&str> = style.lines().filter(|l| l.contains("nowrap")).collect();
    assert_eq!(
        nowrap,
        [
            "table.sessions td:nth-child(-n+2), table.sessions td:nth-child(6) { white-space: nowrap; }"
        ]
    );
    // A service code keeps its units beside it; the list wraps at commas.
    assert!(html.contains("97124\u{a0}x2, 97140\u{a0}x2"), "{html}");
}

#[test]
fn unknown_patient_or_prescription_exits_1() {
    let p = demo();
    p.mmx(&["report", "nobody-1900"]).code(1);
    p.mmx(&["report", "jose-nunez-1975", "--rx", "no-such-rx"])
        .code(1);
    // Not an id: looked for as a name, and not found.
    p.mmx(&["report", "Bad/Id"]).code(1);
}

#[derive(Debug, Deserialize, PartialEq)]
struct Alert {
    patient: String,
    name: String,
    prescription: String,
    expires: String,
    days_left: i64,
    visits_left: u32,
    visits: u32,
    reasons: Vec<String>,
}

#[test]
fn expiring_names_exactly_the_due_prescriptions_most_urgent_first() {
    let p = demo();
    let run = p.mmx(&["expiring", "--format", "json"]);
    let alerts: Vec<Alert> = run.code(1).json();
    let got: Vec<(&str, Vec<&str>)> = alerts
        .iter()
        .map(|a| {
            (
                a.prescription.as_str(),
                a.reasons.iter().map(String::as_str).collect(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            (
                "2026-09-02-tmj",
                vec!["expiring", "low-visits", "report-due"]
            ),
            ("2026-08-19-sciatica", vec!["expiring", "report-due"]),
            ("2026-07-06-lymphedema", vec!["expiring", "report-due"]),
            // A report was recorded after its last visit: none is due.
            ("2026-10-05-plantar-fasciitis", vec!["low-visits"]),
        ]
    );
    // Winifred's prescription lapsed with visits unused, but she was
    // discharged (`rx close`): cron hears nothing of it.
    let tmj = &alerts[0];
    assert_eq!(
        (
            tmj.expires.as_str(),
            tmj.days_left,
            tmj.visits_left,
            tmj.visits
        ),
        ("2026-12-02", 9, 1, 8)
    );
    let text = p.mmx(&["expiring"]);
    text.code(1);
    assert_eq!(text.stdout.lines().count(), 4);
    assert!(!text.stdout.contains("winifred"));
    assert!(
        text.stdout
            .lines()
            .next()
            .unwrap()
            .contains("tobias-marchetti-wren-1992 (Tobias Marchetti-Wren) rx 2026-09-02-tmj")
    );
    assert!(!text.stdout.contains('\x1b'), "no terminal codes in a pipe");
}

#[test]
fn expiring_is_silent_and_clean_when_nothing_is_due() {
    let p = TestPractice::with_prescription();
    let run = p.mmx(&["expiring"]);
    assert_eq!(
        (run.code, run.stdout.as_str(), run.stderr.as_str()),
        (0, "", "")
    );
    // A renewal silences the lapsed prescription it replaces: with no
    // window and no visit threshold only reports due are left, the
    // renewal's among them, never the first prescription's.
    let demo = demo();
    let quiet = demo.mmx(&["expiring", "--within", "0", "--visits-left", "0"]);
    assert_eq!(quiet.code, 1);
    assert!(
        quiet.stdout.lines().all(|l| l.starts_with("report-due: "))
            && quiet.stdout.contains("rx 2026-08-19-sciatica")
            && !quiet.stdout.contains("2026-06-01-sciatica"),
        "{}",
        quiet.stdout
    );
}

#[test]
fn expiring_runs_under_an_empty_environment_as_cron_does() {
    let p = demo();
    let out = Command::new(env!("CARGO_BIN_EXE_mmx"))
        .env_clear()
        .args([
            "--dir",
            p.root().to_str().unwrap(),
            "--today",
            TODAY,
            "expiring",
        ])
        .current_dir("/")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(String::from_utf8_lossy(&out.stdout).lines().count(), 4);
    assert!(out.stderr.is_empty());
}

/// The cells of the Markdown table row that starts with `date`.
fn md_row(md: &str, date: &str) -> Vec<String> {
    let line = md
        .lines()
        .find(|l| l.starts_with(&format!("| {date} ")))
        .unwrap_or_else(|| panic!("no row for {date} in\n{md}"));
    line.trim_matches('|')
        .split(" | ")
        .map(|c| c.trim().to_string())
        .collect()
}

/// The cells of the HTML table row that starts with `date`.
fn html_row(html: &str, date: &str) -> Vec<String> {
    let start = html
        .find(&format!("<tr><td>{date}</td>"))
        .unwrap_or_else(|| panic!("no row for {date}"));
    let row = &html[start + "<tr><td>".len()..];
    let row = &row[..row.find("</td></tr>").expect("the row ends")];
    row.split("</td><td>").map(str::to_string).collect()
}

#[test]
fn a_voided_session_shows_in_the_appendix_as_voided_without_what_it_recorded() {
    let p = TestPractice::with_prescription();
    let visit = |date: &str, region: &str, technique: &str, pain: [&str; 2], odi: &str| {
        let run = p.add_session(&[
            "--date",
            date,
            "--region",
            region,
            "--technique",
            technique,
            "--pain-before",
            pain[0],
            "--pain-after",
            pain[1],
            "--measure",
            odi,
        ]);
        run.success();
        run.stdout.trim().to_string()
    };
    visit("2026-11-04", "lumbar", "swedish", ["6", "4"], "odi=42");
    let wrong = visit("2026-11-06", "left-gluteal", "mfr", ["9", "7"], "odi=30");
    let report = |format: &str| {
        let run = p
            .command(&["report", PATIENT, "--format", format])
            // Wide enough that no row of the text table wraps.
            .env("COLUMNS", "400")
            .run();
        run.success();
        run.stdout
    };
    // Before the void, the visit is a visit like any other: its row and the
    // body chart show what it recorded.
    let treated_gluteal = |html: &str| html.matches("gluteal (treated)</title>").count();
    let html = report("html");
    assert!(
        treated_gluteal(&html) > 0,
        "the body chart fills the gluteal"
    );
    assert!(html_row(&html, "2026-11-06").contains(&"9 → 7".to_string()));

    p.mmx(&[
        "session",
        "void",
        &format!("{PATIENT}/{wrong}"),
        "--reason",
        "Entered under the wrong patient",
    ])
    .success();
    let voided = format!("voided: session {wrong} was entered in error");
    let expected = [
        "2026-11-06",
        "-",
        "-",
        &voided,
        "",
        "-",
        "",
        "entered-in-error",
    ];
    let md = report("md");
    assert_eq!(md_row(&md, "2026-11-06"), expected, "{md}");
    let html = report("html");
    assert_eq!(html_row(&html, "2026-11-06"), expected);
    assert_eq!(treated_gluteal(&html), 0, "a voided visit treated nothing");
    // The visit that happened keeps its contents.
    assert!(md_row(&md, "2026-11-04").contains(&"6 → 4".to_string()));
    assert!(html_row(&html, "2026-11-04").contains(&"6 → 4".to_string()));
    let text = report("text");
    let line = text
        .lines()
        .find(|l| l.starts_with("| 2026-11-06 "))
        .unwrap_or_else(|| panic!("no row in\n{text}"));
    assert!(
        line.contains(&voided) && line.trim_end().ends_with("entered-in-error |"),
        "{line}"
    );
    for (shown, row) in [
        ("md", md_row(&md, "2026-11-06").join(" | ")),
        ("html", html_row(&html, "2026-11-06").join(" | ")),
        ("text", line.to_string()),
    ] {
        // (The id is random: what it holds is not the visit's.)
        let row = row.replace(&wrong, "");
        for recorded in ["50", "Left gluteal", "Myofascial", "9", "→", "ODI", "30"] {
            assert!(!row.contains(recorded), "{shown}: {recorded:?} in {row}");
        }
    }
}

#[test]
fn two_prescriptions_seen_on_one_day_are_one_date_of_service() {
    let p = TestPractice::with_prescription();
    let other = "2026-11-03-neck";
    p.mmx(&[
        "rx",
        "add",
        "--patient",
        PATIENT,
        "--issued",
        "2026-11-03",
        "--expires",
        "2027-02-01",
        "--visits",
        "3",
        "--region",
        "cervical",
        "--technique",
        "swedish",
        "--prescriber",
        "Dr. Ada Vance",
        "--id",
        other,
    ])
    .success();
    // 20 minutes under each prescription on 2026-11-04: 40 timed minutes of
    // one date of service, 3 units (CMS); counted per prescription they
    // would be 1 + 1.
    for (rx, region) in [(common::RX, "lumbar"), (other, "cervical")] {
        p.mmx(&[
            "session",
            "add",
            "--patient",
            PATIENT,
            "--rx",
            rx,
            "--date",
            "2026-11-04",
            "--minutes",
            "20",
            "--region",
            region,
            "--technique",
            "swedish",
        ])
        .success();
    }
    for (rx, with) in [(common::RX, other), (other, common::RX)] {
        let r: serde_json::Value = p
            .mmx(&["report", PATIENT, "--rx", rx, "--format", "json"])
            .success()
            .json();
        let row = &r["sessions"][0];
        assert_eq!(row["units"][0]["code"], "97124", "{rx}");
        assert_eq!(row["units"][0]["units"], 3, "{rx}: {row}");
        assert_eq!(row["billed_with"], serde_json::json!([with]), "{rx}");
        // The appendix says whose visits the day's units include.
        let md = p
            .mmx(&["report", PATIENT, "--rx", rx, "--format", "md"])
            .success()
            .stdout
            .clone();
        let cells = md_row(&md, "2026-11-04");
        assert_eq!(
            cells[2].replace('\\', ""),
            format!("97124 x3 (with Rx {with})"),
            "{md}"
        );
    }
}
