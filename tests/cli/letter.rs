//! The report as a letter to the prescriber, tried on the demo practice as
//! a therapist would send it: page one answers "better? followed? what
//! next?" in clinical words, file-system findings stay in `check`, the PDF
//! is a PDF whatever else is asked, and JSON carries the letter's numbers.

use crate::common;
use std::path::Path;

use serde_json::Value;

use crate::common::TestPractice;

fn demo() -> TestPractice {
    let p = TestPractice::copy_of(Path::new("examples/demo-practice"));
    // A session file readable by others: `check` warns of it, a report must not.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let f = p.path("patients/jose-nunez-1975/sessions/2026-10-09-1730.toml");
        std::fs::set_permissions(f, std::fs::Permissions::from_mode(0o644)).unwrap();
    }
    let run = p.mmx(&["check"]);
    assert!(
        run.stdout.contains("permissions") || run.stderr.contains("permissions"),
        "{run}"
    );
    p
}

fn letter_of(text: &str) -> &str {
    text.split("Appendix: session log").next().unwrap()
}

#[test]
fn page_one_is_a_letter_with_outcomes_compliance_and_a_recommendation() {
    let p = demo();
    let run = p.mmx(&[
        "report",
        "jose-nunez-1975",
        "--format",
        "text",
        "--recommend",
        "renew",
        "--request-visits",
        "6",
        "--note",
        "He asks for fortnightly visits.",
    ]);
    run.success();
    let letter = letter_of(&run.stdout);
    for want in [
        "Lakeside Medical Massage",
        "200 Harbour Road, Suite 4, Lakeside, WA 98000",
        "Phone 555-0190  ·  Fax 555-0191",
        "November 23, 2026",
        "Dr. Harriet Quillfeather, MD",
        "Re: José Núñez, born 1975-03-14",
        "M54.16 Radiculopathy, lumbar region",
        // A renewal is one course: the baseline is June's first visit.
        "Oswestry Disability Index (ODI)",
        "44 → 16 → 20",
        "yes (10)",
        "Left hip straight leg raise (ROM)",
        "50 → 78 → 80°",
        "PSFS: Sit 60 minutes at work",
        "2 of 3 targets met",
        "17 of 18 sessions were within the prescription; on 2026-10-09 the session treated the left lower leg, not prescribed (reason recorded: Dr. Quillfeather approved",
        "I recommend renewing the prescription for 6 more visits",
        "He asks for fortnightly visits.",
        "Rowan Ashgrove, LMT",
    ] {
        assert!(
            letter.contains(want),
            "{want:?} not in the letter:\n{letter}"
        );
    }
    // Clinical words, no file-system noise, no internal ids in the letter.
    for noise in [
        "permissions",
        "left-sacroiliac",
        "neuromuscular-therapy",
        "2026-08-19-sciatica",
        ".toml",
    ] {
        assert!(
            !letter.contains(noise),
            "{noise:?} in the letter:\n{letter}"
        );
    }
    assert!(letter.contains("left sacroiliac joint"), "{letter}");
    assert!(!run.stdout.contains("permissions"), "{}", run.stdout);
    // The appendix shows each override once.
    let appendix = run.stdout.split("Appendix: session log").nth(1).unwrap();
    assert_eq!(
        appendix.matches("Dr. Quillfeather approved").count(),
        1,
        "{appendix}"
    );
}

#[test]
fn without_a_recommendation_the_letter_leaves_one_to_circle() {
    let p = demo();
    let run = p.mmx(&["report", "tobias-marchetti-wren-1992", "--format", "md"]);
    run.success();
    let letter = letter_of(&run.stdout);
    assert!(
        letter.contains("Recommendation \\(circle one\\): continue"),
        "{letter}"
    );
    assert!(letter.contains("Mouth opening"), "{letter}");
    assert!(letter.contains("28 → 41 → 40 mm"), "{letter}");
    let run = p.mmx(&["report", "tobias-marchetti-wren-1992", "--note", "x"]);
    run.code(2);
    assert!(run.stderr.contains("go with --recommend"), "{run}");
}

#[test]
fn json_carries_every_number_the_letter_shows() {
    let p = demo();
    let r: Value = p
        .mmx(&[
            "report",
            "marisol-quinones-hartley-1964",
            "--format",
            "json",
            "--recommend",
            "discharge",
        ])
        .success()
        .json();
    let letter = &r["letter"];
    assert_eq!(letter["to"]["name"], "Dr. Cassius Umberfield, MD");
    assert_eq!(letter["from"]["fax"], "555-0191");
    assert_eq!(letter["completed"], 9);
    assert_eq!(letter["within"], 9);
    assert_eq!(letter["recommendation"]["action"], "discharge");
    let arm = r["outcomes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["measure"] == "circumference" && o["site"] == "left-upper-arm")
        .unwrap();
    assert_eq!(arm["baseline"]["value"], 31.5);
    assert_eq!(arm["latest"]["value"], 29.6);
    assert_eq!(arm["target"], 29.9);
    assert_eq!(arm["change"], -1.9);
    assert_eq!(arm["progress"], "met");
    assert!(
        r["findings"]
            .as_array()
            .unwrap()
            .iter()
            .all(|f| f["code"] != "permissions")
    );
}

#[test]
fn a_pdf_is_written_as_a_pdf_and_never_as_anything_else() {
    let p = demo();
    let out = p.path("documents/jose.pdf");
    p.mmx(&["report", "jose-nunez-1975", "-o", out.to_str().unwrap()])
        .success();
    let bytes = std::fs::read(&out).unwrap();
    assert!(bytes.starts_with(b"%PDF-"), "not a PDF");
    let text = String::from_utf8_lossy(&bytes);
    assert!(
        text.contains("/FontFile2") && text.contains("/ToUnicode"),
        "fonts are embedded with a ToUnicode map"
    );
    assert!(text.trim_end().ends_with("%%EOF"));
    let run = p.mmx(&[
        "report",
        "jose-nunez-1975",
        "--format",
        "md",
        "-o",
        out.to_str().unwrap(),
    ]);
    run.code(2);
    assert!(run.stderr.contains("a .pdf file"), "{run}");
    assert_eq!(
        std::fs::read(&out).unwrap(),
        bytes,
        "the PDF was left as it was"
    );
}

#[test]
fn the_default_prescription_has_visits_left_and_the_others_are_named() {
    let p = demo();
    // José's first prescription is used up and the renewal active; a third,
    // newer and used up, must not take the report.
    p.mmx(&[
        "rx",
        "add",
        "--patient",
        "jose-nunez-1975",
        "--issued",
        "2026-11-20",
        "--visits",
        "1",
        "--region",
        "lumbar",
        "--technique",
        "swedish",
        "--prescriber",
        "Dr. Harriet Quillfeather",
        "--id",
        "2026-11-20-one-off",
    ])
    .success();
    p.mmx(&[
        "session",
        "add",
        "--patient",
        "jose-nunez-1975",
        "--rx",
        "2026-11-20-one-off",
        "--date",
        "2026-11-21",
        "--minutes",
        "30",
        "--region",
        "lumbar",
        "--technique",
        "swedish",
    ])
    .success();
    let r: Value = p
        .mmx(&["report", "jose-nunez-1975", "--format", "json"])
        .success()
        .json();
    assert_eq!(r["prescription"]["id"], "2026-08-19-sciatica");
    let others: Vec<&str> = r["other_prescriptions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["id"].as_str().unwrap())
        .collect();
    assert_eq!(others, ["2026-11-20-one-off"]);
    let run = p.mmx(&["report", "jose-nunez-1975", "--format", "text"]);
    assert!(run.stderr.contains("pick one with --rx ID"), "{run}");
}

#[test]
fn expiring_says_a_report_is_due_and_stops_once_it_is_recorded() {
    let p = TestPractice::with_prescription();
    let settings = p.read("mmx.toml");
    p.write(
        "mmx.toml",
        settings.replace(
            "report_every_visits = 10\nreport_every_days = 30\n",
            "report_every_visits = 2\nreport_every_days = 0\n",
        ),
    );
    p.mmx(&["rx", "edit", common::RX, "--visits", "10"])
        .success();
    let visit = |date: &str| {
        p.add_session(&[
            "--date",
            date,
            "--region",
            "lumbar",
            "--technique",
            "swedish",
        ])
        .success();
    };
    visit("2026-11-09");
    p.mmx(&["expiring"]).success();
    visit("2026-11-16");
    let run = p.mmx(&["expiring"]);
    run.code(1);
    assert!(
        run.stdout.starts_with("report-due: ana-lima-1980")
            && run
                .stdout
                .contains("progress report due (2 visits in 14 days and no report recorded"),
        "{run}"
    );
    let alerts: Value = p.mmx(&["expiring", "--format", "json"]).json();
    assert_eq!(alerts[0]["report_due"]["visits_since"], 2);
    let out = p.path("documents/ana.pdf");
    let run = p.mmx(&[
        "report",
        "ana-lima-1980",
        "-o",
        out.to_str().unwrap(),
        "--recommend",
        "continue",
        "--record",
        "--id",
        "2026-11-23-report",
    ]);
    run.success();
    assert!(
        run.stderr
            .contains("recorded report `2026-11-23-report` to Dr. Ada Vance"),
        "{run}"
    );
    let record = p.read("patients/ana-lima-1980/reports/2026-11-23-report.toml");
    assert_eq!(
        record,
        "id = \"2026-11-23-report\"\npatient = \"ana-lima-1980\"\nprescription = \"2026-11-02-a7k2mp\"\ndate = 2026-11-23\nto = \"Dr. Ada Vance\"\nformat = \"pdf\"\nrecommendation = \"continue\"\n"
    );
    p.mmx(&["check"]).success();
    let run = p.mmx(&["expiring"]);
    run.success();
    assert_eq!(run.stdout, "", "{run}");
    // A report file out of its rules is a finding like any record's.
    p.write(
        "patients/ana-lima-1980/reports/2026-11-23-report.toml",
        record.replace("format = \"pdf\"", "format = \"fax\""),
    );
    let run = p.mmx(&["check"]);
    run.code(1);
    assert!(
        run.stdout.contains("`format` `fax` is not one mmx knows")
            || run.stderr.contains("`format` `fax` is not one mmx knows"),
        "{run}"
    );
}

#[test]
fn a_name_the_pdf_font_cannot_draw_is_warned_of_and_cyrillic_is_drawn() {
    let p = TestPractice::with_prescription();
    p.mmx(&[
        "patient",
        "edit",
        "ana-lima-1980",
        "--name",
        "Анна Лима 山田",
    ])
    .success();
    let out = p.path("documents/ana.pdf");
    let run = p.mmx(&["report", "ana-lima-1980", "-o", out.to_str().unwrap()]);
    run.success();
    assert!(
        run.stderr
            .contains("the PDF's font has no letter for 2 characters"),
        "{run}"
    );
}

#[test]
fn the_letter_is_signed_with_the_therapists_credential_licence_and_npi() {
    let p = TestPractice::with_prescription();
    let settings = p.read("mmx.toml");
    p.write(
        "mmx.toml",
        format!("{settings}\n[[therapists]]\nname = \"Ines Ortega\"\ncredential = \"LMT\"\nlicense = \"MA-LMT-60123\"\nnpi = \"1245319599\"\n"),
    );
    p.mmx(&["check"]).success();
    let run = p.mmx(&["report", "ana-lima-1980", "--format", "text"]);
    run.success();
    let letter = letter_of(&run.stdout);
    assert!(
        letter.contains(
            "Ines Ortega, LMT\nLicense MA-LMT-60123  ·  NPI 1245319599\nHarbor Street Massage"
        ),
        "{letter}"
    );
    let r: Value = p
        .mmx(&["report", "ana-lima-1980", "--format", "json"])
        .json();
    assert_eq!(r["letter"]["signature"]["npi"], "1245319599");
}

#[test]
fn a_word_of_100000_characters_in_an_assessment_is_laid_out_on_pages_of_its_own() {
    // The PDF's line flow once measured every candidate line whole: a word
    // of 4,000 characters took most of a minute. Now it is linear; this
    // word takes well under a second (and the test would not finish
    // otherwise).
    let p = TestPractice::with_prescription();
    let word = "x".repeat(100_000);
    p.add_session(&[
        "--date",
        "2026-11-04",
        "--region",
        "lumbar",
        "--technique",
        "swedish",
        "--assessment",
        &word,
    ])
    .success();
    let out = p.path("documents/ana.pdf");
    p.mmx(&["report", "ana-lima-1980", "-o", out.to_str().unwrap()])
        .success();
    let bytes = std::fs::read(&out).unwrap();
    assert!(bytes.starts_with(b"%PDF-"), "not a PDF");
    // About 80 characters of `x` to a line of the appendix and 60 lines to
    // a page: the word fills some twenty pages, rather than being cut off.
    let text = String::from_utf8_lossy(&bytes);
    let pages: usize = text
        .split("/Count ")
        .nth(1)
        .and_then(|s| s.split(|c: char| !c.is_ascii_digit()).next())
        .and_then(|n| n.parse().ok())
        .expect("a page count");
    assert!(pages >= 15, "{pages} pages");
}
