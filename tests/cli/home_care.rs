//! What the patient says and does: a home programme recorded with the
//! session (`--home-care`, `--adherence`), refused when a part is not one
//! mmx reads or a region is to be avoided, and told by the letter (page one's
//! line, the appendix's table) in every format.

use serde_json::Value;

use crate::common::{PATIENT, RX, TestPractice};

/// The session files of the test patient.
fn sessions(p: &TestPractice) -> Vec<String> {
    p.files(&format!("patients/{PATIENT}/sessions"))
}

fn visit(p: &TestPractice, date: &str, extra: &[&str]) -> String {
    let mut args = vec![
        "--date",
        date,
        "--region",
        "lumbar",
        "--technique",
        "swedish",
    ];
    args.extend_from_slice(extra);
    let run = p.add_session(&args);
    run.success();
    run.stdout.trim().to_string()
}

#[test]
fn a_home_programme_is_recorded_with_the_session_in_canonical_form() {
    let p = TestPractice::with_prescription();
    let id = visit(
        &p,
        "2026-11-04",
        &[
            "--home-care",
            "Stretching:neck:3 X 30 sec:2 x/Day",
            "--home-care",
            "heat:low back:15 mins:as needed",
            "--home-care",
            "posture:thoracic::8x/day",
            "--adherence",
            "partial",
        ],
    );
    let text = p.read(&format!("patients/{PATIENT}/sessions/{id}.toml"));
    assert!(
        text.contains(
            "adherence = \"partial\"\n\n[[home_care]]\nkind = \"stretch\"\nregion = \"cervical\"\ndose = \"3x30s\"\nfrequency = \"2x/day\"\n\n[[home_care]]\nkind = \"heat\"\nregion = \"lumbar\"\ndose = \"15 min\"\nfrequency = \"as needed\"\n\n[[home_care]]\nkind = \"posture\"\nregion = \"thoracic\"\nfrequency = \"8x/day\"\n"
        ),
        "{text}"
    );
    // What mmx writes is already in fmt's form, and reads back clean.
    p.mmx(&["fmt", "--check"]).success();
    p.mmx(&["check"]).success();
    let show = p.mmx(&["session", "show", &format!("{PATIENT}/{id}")]);
    show.success();
    let lines: Vec<String> = show
        .stdout
        .lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect();
    for want in [
        "home care stretch:cervical:3x30s:2x/day",
        "home care heat:lumbar:15 min:as needed",
        "home care posture:thoracic::8x/day",
        "adherence partial",
    ] {
        assert!(lines.iter().any(|l| l == want), "{want:?} not in {show}");
    }
    let json: Value = p
        .mmx(&[
            "session",
            "show",
            &format!("{PATIENT}/{id}"),
            "--format",
            "json",
        ])
        .json();
    assert_eq!(json["adherence"], "partial");
    assert_eq!(json["home_care"][0]["kind"], "stretch");
    assert_eq!(json["home_care"][2].get("dose"), None);
}

#[test]
fn a_part_mmx_cannot_read_is_refused_against_the_flag_with_what_is_allowed() {
    let p = TestPractice::with_prescription();
    let cases: &[(&[&str], &[&str])] = &[
        (
            &["--home-care", "strech:lumbar"],
            &[
                "error: --home-care: `strech` is not a kind of home care mmx knows",
                "did you mean `stretch`? kinds: stretch, strengthen, self-massage, heat, ice, posture, other",
            ],
        ),
        (
            &[
                "--home-care",
                "stretch:lumbar",
                "--home-care",
                "ice:knee:10 min",
            ],
            &[
                "error: --home-care (item 2): region `knee` needs a side",
                "write `left-knee`, `right-knee` or `bilateral-knee`",
            ],
        ),
        (
            &["--home-care", "stretch:lumbr:3x10:daily"],
            &[
                "error: --home-care: unknown region `lumbr`",
                "did you mean `lumbar`?",
            ],
        ),
        (
            &["--home-care", "stretch:lumbar:three sets:daily"],
            &[
                "error: --home-care: the home-care item's dose cannot be read: it names no unit",
                "write SETSxREPS (`3x10`), SETSxSECONDSs for holds (`3x30s`), MINUTES min (`10 min`)",
            ],
        ),
        (
            &["--home-care", "stretch:lumbar:25x10"],
            &["the home-care item's dose cannot be read: the sets (before `x`) are not 1 to 20"],
        ),
        (
            &["--home-care", "stretch:lumbar:3x10:whenever"],
            &[
                "error: --home-care: the home-care item's frequency cannot be read: it is not a rate",
                "write `daily`, `weekly`, Nx/day or Nx/week",
            ],
        ),
        (
            &["--home-care", "stretch"],
            &[
                "error: --home-care: a home-care item needs a kind and a region; write KIND:REGION[:DOSE[:FREQUENCY]]",
            ],
        ),
        (
            &["--home-care", "stretch:lumbar:3x10:daily:twice"],
            &["error: --home-care: a home-care item has at most four parts"],
        ),
        (
            &["--adherence", "mostly"],
            &[
                "invalid value 'mostly' for '--adherence <ADHERENCE>'",
                "full, partial, none",
            ],
        ),
        (
            &[
                "--status",
                "cancelled",
                "--home-care",
                "stretch:lumbar:3x10:daily",
            ],
            &[
                "error: --home-care: a cancelled session records no `home_care`: a home programme is given at a visit",
            ],
        ),
        (
            &["--status", "no-show", "--adherence", "none"],
            &[
                "error: --adherence: a no-show session records no `adherence`: the patient tells it at a visit",
            ],
        ),
    ];
    for (extra, wants) in cases {
        let mut args = vec![
            "--date",
            "2026-11-04",
            "--region",
            "lumbar",
            "--technique",
            "swedish",
        ];
        args.extend_from_slice(extra);
        let run = p.add_session(&args);
        run.code(2);
        for want in *wants {
            assert!(
                run.stderr.contains(want),
                "{extra:?}: {want:?} not in\n{run}"
            );
        }
    }
    assert!(sessions(&p).is_empty(), "{:?}", sessions(&p));
}

#[test]
fn home_care_for_an_avoided_region_is_refused_and_an_override_names_it() {
    let p = TestPractice::with_prescription();
    p.mmx(&["rx", "edit", RX, "--avoid-region", "left-wrist"])
        .success();
    p.mmx(&["patient", "edit", PATIENT, "--avoid-region", "intraoral"])
        .success();
    // The prescription's, through a group holding the region.
    let run = p.add_session(&[
        "--date",
        "2026-11-04",
        "--region",
        "lumbar",
        "--technique",
        "swedish",
        "--home-care",
        "self-massage:left-upper-extremity:5 min:daily",
    ]);
    run.code(1);
    assert!(
        run.stderr.contains("error[home-care-avoided-region]: the home programme gives self-massage for left-upper-extremity, which includes left-wrist; prescription `2026-11-02-a7k2mp` says to avoid left-wrist")
            && run.stderr.contains("add `--override REASON` to this command"),
        "{run}"
    );
    // The patient's record.
    let run = p.add_session(&[
        "--date",
        "2026-11-04",
        "--region",
        "lumbar",
        "--technique",
        "swedish",
        "--home-care",
        "self-massage:mouth",
    ]);
    run.code(1);
    assert!(
        run.stderr.contains(
            "the home programme gives self-massage for intraoral; patient record `ana-lima-1980` says to avoid intraoral"
        ),
        "{run}"
    );
    assert!(sessions(&p).is_empty(), "{:?}", sessions(&p));
    // The prescriber's approval, recorded: written, a warning, named.
    let run = p.add_session(&[
        "--date",
        "2026-11-04",
        "--region",
        "lumbar",
        "--technique",
        "swedish",
        "--home-care",
        "stretch:left-wrist:3x30s:daily",
        "--override",
        "Dr. Vance asked for gentle wrist stretches.",
    ]);
    run.success();
    assert!(
        run.stderr.contains("warning[home-care-avoided-region]"),
        "{run}"
    );
    let id = run.stdout.trim();
    let text = p.read(&format!("patients/{PATIENT}/sessions/{id}.toml"));
    assert!(
        text.contains("findings = [\"home-care-avoided-region: left-wrist\"]"),
        "{text}"
    );
    // The letter counts it as a deviation, in words.
    let r: Value = p.mmx(&["report", PATIENT, "--format", "json"]).json();
    assert_eq!(
        r["letter"]["deviations"][0]["what"][0],
        "gave home care for the left wrist, which is to be avoided"
    );
}

#[test]
fn the_letter_tells_the_programme_in_force_and_the_appendix_each_visit() {
    let p = TestPractice::with_prescription();
    visit(
        &p,
        "2026-11-04",
        &[
            "--home-care",
            "stretch:left-gluteal:3x30s:2x/day",
            "--subjective",
            "Sore after sitting.",
        ],
    );
    visit(
        &p,
        "2026-11-11",
        &[
            "--adherence",
            "partial",
            "--home-care",
            "stretch:left-gluteal:3x30s:daily",
            "--home-care",
            "heat:lumbar:15 min:as needed",
        ],
    );
    visit(
        &p,
        "2026-11-18",
        &[
            "--adherence",
            "full",
            "--subjective",
            "Slept through the night.\n  Still stiff   on waking.",
        ],
    );
    let r: Value = p.mmx(&["report", PATIENT, "--format", "json"]).json();
    let home = &r["letter"]["home_programme"];
    assert_eq!(home["given"], "2026-11-11");
    assert_eq!(home["items"][1]["kind"], "heat");
    assert_eq!(home["adherence"], "full");
    assert_eq!(home["adherence_date"], "2026-11-18");
    let line = "Home programme (given November 11, 2026): stretching for the left gluteal region, 3x30s, daily; heat for the lumbar spine, 15 min, as needed. On November 18, 2026 the patient reported following it in full.";
    assert_eq!(home["words"], line);
    let rows = r["home_care"].as_array().expect("home_care rows");
    let dates: Vec<&str> = rows.iter().map(|x| x["date"].as_str().unwrap()).collect();
    assert_eq!(dates, ["2026-11-04", "2026-11-11", "2026-11-18"]);
    assert_eq!(rows[2]["items"], serde_json::json!([]));
    assert_eq!(rows[1]["adherence"], "partial");

    let run = p.mmx(&["report", PATIENT, "--format", "text"]);
    run.success();
    let (letter, appendix) = run.stdout.split_once("Appendix: session log").unwrap();
    // The patient's words on one line, then the programme, on page one.
    let says = "The patient reports (November 18, 2026): \"Slept through the night. Still stiff on waking.\"";
    let at = |s: &str| {
        letter
            .find(s)
            .unwrap_or_else(|| panic!("{s:?} not in:\n{letter}"))
    };
    assert!(at(says) < at("Home programme (given November 11, 2026)"));
    assert!(letter.replace('\n', " ").contains(line), "{letter}");
    for want in [
        "Home programme\n--------------",
        "2026-11-04",
        "stretching for the left gluteal region, 3x30s, 2x/day",
        "no new programme",
        "followed in part",
        "followed in full",
    ] {
        assert!(appendix.contains(want), "{want:?} not in:\n{appendix}");
    }
    let md = p.mmx(&["report", PATIENT, "--format", "md"]);
    md.success();
    assert!(
        md.stdout.contains("## Home programme")
            && md.stdout.contains("| Date       | Home programme given"),
        "{md}"
    );
    let html = p.mmx(&["report", PATIENT, "--format", "html"]);
    html.success();
    assert!(
        html.stdout
            .contains("<p id=\"home-programme\">Home programme (given November 11, 2026)")
            && html
                .stdout
                .contains("<section id=\"home-programme\"><h2>Home programme</h2>"),
        "{html}"
    );
}

#[test]
fn page_one_quotes_the_patient_of_the_period_only_and_a_discharge_names_its_programme() {
    let p = TestPractice::with_prescription();
    visit(&p, "2026-11-04", &["--subjective", "Sore after sitting."]);
    // A report sent on 11-10: the period runs from 11-11.
    p.write(
        &format!("patients/{PATIENT}/reports/2026-11-10-aaaaaa.toml"),
        format!(
            "id = \"2026-11-10-aaaaaa\"\npatient = \"{PATIENT}\"\nprescription = \"{RX}\"\ndate = 2026-11-10\nto = \"Dr. Ada Vance\"\nformat = \"pdf\"\n"
        ),
    );
    visit(&p, "2026-11-12", &[]);
    let run = p.mmx(&["report", PATIENT, "--format", "text"]);
    run.success();
    assert!(!run.stdout.contains("Sore after sitting"), "{run}");
    // No programme recorded: no line, and no appendix section.
    assert!(!run.stdout.contains("Home programme"), "{run}");
    // At discharge the letter says there is none.
    p.mmx(&[
        "rx",
        "close",
        RX,
        "--date",
        "2026-11-12",
        "--reason",
        "goals-met",
    ])
    .success();
    let run = p.mmx(&["report", PATIENT, "--format", "text"]);
    run.success();
    assert!(
        run.stdout
            .contains("No home programme is recorded for after discharge."),
        "{run}"
    );
}

#[test]
fn a_hand_written_programme_reads_in_any_spelling_and_fmt_keeps_it() {
    let p = TestPractice::with_prescription();
    let rel = format!("patients/{PATIENT}/sessions/2026-11-04-bbbbbb.toml");
    p.write(
        &rel,
        format!(
            "id = \"2026-11-04-bbbbbb\"\nadherence = \"none\"\npatient = \"{PATIENT}\"\nprescription = \"{RX}\"\ndate = 2026-11-04\nminutes = 50\nregions = [\"lumbar\"]\ntechniques = [\"swedish\"]\n\n[[home_care]]\nkind = \"Stretching\"\nregion = \"low back\"\ndose = \"3 X 30 sec\"\nfrequency = \"Daily\"\n"
        ),
    );
    p.mmx(&["check"]).success();
    let run = p.mmx(&["fmt"]);
    run.success();
    let text = p.read(&rel);
    // The key moves to its place; the items stay as written, and read the same.
    assert!(
        text.starts_with(&format!(
            "id = \"2026-11-04-bbbbbb\"\npatient = \"{PATIENT}\"\nprescription = \"{RX}\"\ndate = 2026-11-04\nminutes = 50\nregions = [\"lumbar\"]\ntechniques = [\"swedish\"]\nadherence = \"none\"\n"
        )) && text.contains("kind = \"Stretching\""),
        "{text}"
    );
    p.mmx(&["fmt", "--check"]).success();
    p.mmx(&["check"]).success();
    let r: Value = p.mmx(&["report", PATIENT, "--format", "json"]).json();
    assert_eq!(
        r["letter"]["home_programme"]["words"],
        "Home programme (given November 4, 2026): stretching for the lumbar spine, 3x30s, daily. At that visit the patient reported not following the previous programme."
    );
    // A kind or a dose mmx does not read, in a file: located, with what is allowed.
    p.write(
        &rel,
        format!(
            "id = \"2026-11-04-bbbbbb\"\npatient = \"{PATIENT}\"\nprescription = \"{RX}\"\ndate = 2026-11-04\nminutes = 50\nregions = [\"lumbar\"]\ntechniques = [\"swedish\"]\nadherence = \"some\"\n\n[[home_care]]\nkind = \"yoga\"\nregion = \"lumbar\"\ndose = \"a little\"\n"
        ),
    );
    let run = p.mmx(&["check"]);
    run.code(1);
    for want in [
        "error[invalid-value]: `adherence` `some` is not one mmx knows",
        "write one of: full, partial, none",
        ":11:8",
        "`yoga` is not a kind of home care mmx knows",
        ":13:8",
        "the home-care item's dose cannot be read",
    ] {
        assert!(
            run.stdout.contains(want) || run.stderr.contains(want),
            "{want:?} not in {run}"
        );
    }
}
