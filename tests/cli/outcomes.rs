//! Outcome measures and targets as a therapist records them: `--measure` and
//! `--target` are written as `[[measures]]` and `[[targets]]`, refused with
//! the words `check` uses for a file (against the flag), and each measure's
//! series is what `patient show` and the report list.

use crate::common;
use serde_json::Value;

use crate::common::{PATIENT, RX, TestPractice};

fn measured(p: &TestPractice, date: &str, measures: &[&str]) -> common::Run {
    let mut args = vec![
        "--date",
        date,
        "--region",
        "lumbar",
        "--technique",
        "swedish",
    ];
    let mut extra = false;
    for m in measures {
        // Measures first, then other flags (`--rx ID`) as they are.
        extra |= m.starts_with("--");
        if !extra {
            args.push("--measure");
        }
        args.push(m);
    }
    p.add_session(&args)
}

#[test]
fn measures_and_targets_are_written_as_tables_and_read_back() {
    let p = TestPractice::with_prescription();
    p.mmx(&["rx", "edit", RX, "--visits", "10"]).success();
    let rx = p.mmx(&[
        "rx",
        "add",
        "--patient",
        PATIENT,
        "--issued",
        "2026-11-03",
        "--visits",
        "6",
        "--region",
        "lumbar",
        "--technique",
        "swedish",
        "--prescriber",
        "Dr. Ada Vance",
        "--target",
        "odi=20",
        "--target",
        "rom:Left Hip:flexion=110",
        "--id",
        "rx-two",
    ]);
    rx.success();
    let text = p.read(&format!("patients/{PATIENT}/prescriptions/rx-two.toml"));
    assert!(
        text.contains("[[targets]]\nmeasure = \"odi\"\ntarget = 20\n")
            && text.contains(
                "measure = \"rom\"\nsite = \"left-hip\"\nmotion = \"flexion\"\ntarget = 110\n"
            ),
        "{text}"
    );
    let run = measured(
        &p,
        "2026-11-04",
        &[
            "odi=42",
            "rom:left-hip:flexion=85.5",
            "psfs:Sit through a film: 2 hours=3",
            "--rx",
            "rx-two",
        ],
    );
    run.success();
    let id = run.stdout.trim();
    let text = p.read(&format!("patients/{PATIENT}/sessions/{id}.toml"));
    assert!(
        text.contains("[[measures]]\nmeasure = \"odi\"\nvalue = 42\n")
            && text.contains("value = 85.5\n")
            && text.contains("item = \"Sit through a film: 2 hours\"\nvalue = 3\n"),
        "{text}"
    );
    measured(
        &p,
        "2026-11-11",
        &[
            "odi=30",
            "rom:left-hip:flexion=100",
            "--rx",
            "rx-two",
            "--pain-before",
            "6",
        ],
    )
    .success();
    measured(
        &p,
        "2026-11-18",
        &["odi=18", "--rx", "rx-two", "--pain-before", "3"],
    )
    .success();
    p.mmx(&["check"]).success();
    let shown = p.mmx(&["session", "show", &format!("{PATIENT}/{id}")]);
    assert!(
        shown
            .stdout
            .contains("measure       rom:left-hip:flexion=85.5\n"),
        "{shown}"
    );
    let shown = p.mmx(&["rx", "show", "rx-two"]);
    assert!(shown.stdout.contains("target      odi=20\n"), "{shown}");
    let show: Value = p
        .mmx(&["patient", "show", PATIENT, "--format", "json"])
        .json();
    let series = show["measures"]
        .as_array()
        .expect("patient show lists measures");
    let odi = series.iter().find(|s| s["measure"] == "odi").expect("odi");
    let values: Vec<f64> = odi["points"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["value"].as_f64().unwrap())
        .collect();
    assert_eq!(values, [42.0, 30.0, 18.0]);
    let pain = series
        .iter()
        .find(|s| s["measure"] == "pain")
        .expect("pain_before is the pain measure");
    assert_eq!(pain["points"].as_array().unwrap().len(), 2);
    let report: Value = p
        .mmx(&["report", PATIENT, "--rx", "rx-two", "--format", "json"])
        .json();
    let odi = report["outcomes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["measure"] == "odi")
        .unwrap();
    assert_eq!(odi["baseline"]["value"], 42.0);
    assert_eq!(odi["latest"]["value"], 18.0);
    assert_eq!(odi["target"], 20.0);
    assert_eq!(odi["change"], -24.0);
    assert_eq!(odi["mcid"], 10.0);
    assert_eq!(odi["passed_mcid"], true);
    assert_eq!(odi["progress"], "met");
    let hip = report["outcomes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["measure"] == "rom")
        .unwrap();
    assert_eq!(hip["progress"], "better", "no MCID to judge the change by");
    assert_eq!(hip["passed_mcid"], Value::Null, "ROM has no published MCID");
}

#[test]
fn a_bad_measure_is_refused_against_its_flag_with_did_you_mean() {
    let p = TestPractice::with_prescription();
    let run = measured(
        &p,
        "2026-11-04",
        &[
            "odii=18",
            "rom:left-shouldr:flexion=130",
            "circumference=27",
            "ndi=51",
        ],
    );
    run.code(2);
    for want in [
        "error: --measure: unknown measure `odii`",
        "did you mean `odi`?",
        "error: --measure: unknown region `left-shouldr`",
        "did you mean `left-shoulder`?",
        "measure `circumference` needs a site",
        "ndi `value` is 51, out of range",
        "ndi is from 0 to 50",
    ] {
        assert!(run.stderr.contains(want), "{want}: {run}");
    }
    assert!(p.files(&format!("patients/{PATIENT}/sessions")).is_empty());
    let run = measured(&p, "2026-11-04", &["ndi=many"]);
    run.code(2);
    assert!(
        run.stderr.contains("--measure: `many` is not a number"),
        "{run}"
    );
    let run = p.mmx(&["rx", "edit", RX, "--visits", "4"]);
    run.success();
}

#[test]
fn a_practice_adds_its_own_measure_and_an_mcid_needs_its_source() {
    let p = TestPractice::with_prescription();
    let settings = p.read("mmx.toml");
    let own = "\n[[vocabulary.measures]]\nid = \"fabq\"\nlabel = \"Fear-Avoidance Beliefs Questionnaire\"\nshort = \"FABQ\"\nunit = \"/96\"\nmin = 0\nmax = 96\nbetter = \"lower\"\n";
    p.write("mmx.toml", format!("{settings}{own}"));
    measured(&p, "2026-11-04", &["fabq=40"]).success();
    measured(&p, "2026-11-11", &["fabq=97"]).code(2);
    let vocab: Value = p.mmx(&["vocab", "--format", "json"]).json();
    assert!(
        vocab["measures"]
            .as_array()
            .unwrap()
            .iter()
            .any(|m| m["id"] == "fabq")
    );
    let show: Value = p
        .mmx(&["patient", "show", PATIENT, "--format", "json"])
        .json();
    assert_eq!(
        show["measures"][0]["label"],
        "Fear-Avoidance Beliefs Questionnaire (FABQ)"
    );
    // An MCID without the study that gives it is refused, and so every command.
    p.write("mmx.toml", format!("{settings}{own}mcid = 13\n"));
    let run = p.mmx(&["check"]);
    run.code(2);
    assert!(
        run.stderr.contains("an `mcid` needs its `mcid_source`"),
        "{run}"
    );
}
