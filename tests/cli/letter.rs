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
        "Re: José Núñez, born March 14, 1975",
        "M54.16 Radiculopathy, lumbar region",
        // A renewal is one course: the baseline is June's first visit.
        "Oswestry Disability Index (ODI)",
        "44 → 16 → 20",
        "yes (10)",
        "Left hip straight leg raise (ROM)",
        "50 → 78 → 80°",
        "PSFS: Sit 60 minutes at work",
        "Measured targets: 2 of 3 met",
        "17 of 18 sessions were within the prescription; on October 9, 2026 the session treated the left lower leg, not prescribed (reason recorded: Dr. Quillfeather approved",
        "I recommend renewing the prescription; please send a renewal if you agree. He asks for fortnightly visits.",
        "Requested: 6 visits at 1x/week over 6 weeks, December 5, 2026 to January 15, 2027.",
        "Physician's reply: please tick one, sign and fax to 555-0191",
        "Dear Dr. Quillfeather:",
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
fn without_a_recommendation_the_letter_proposes_the_one_the_course_calls_for() {
    let p = demo();
    // One visit left, expiring in 9 days, one target open: a renewal.
    let run = p.mmx(&["report", "tobias-marchetti-wren-1992", "--format", "text"]);
    run.success();
    let letter = letter_of(&run.stdout);
    for want in [
        "Progress report and renewal request: reporting period September 2 to November 23, 2026",
        "Prescription of September 2, 2026: 7 of 8 visits used, 1 left; expires December 2, 2026 (in 9 days).",
        "I propose renewing the prescription, with 1 visit left, the prescription expiring on December 2, 2026 and 1 of 2 targets not yet met",
        "Requested: 8 visits at 1x/week over 8 weeks, December 3, 2026 to January 27, 2027.",
        "Goals for the period: PSFS: Eat a sandwich at least 8; Pain-free mouth opening of 40 mm;",
        "[ ] Approved as requested",
        "Signature ____",
    ] {
        assert!(letter.contains(want), "{want:?} not in:\n{letter}");
    }
    assert!(!letter.contains("circle one"), "{letter}");
    assert!(
        run.stderr
            .contains("note: no --recommend given: the letter proposes `renew`"),
        "{run}"
    );
    assert!(letter.contains("Mouth opening"), "{letter}");
    assert!(letter.contains("28 → 41 → 40 mm"), "{letter}");
    // The HTML letter carries the reply block on its page, and its outcomes
    // table wraps (a nowrap table once shrank the printed page).
    let html = p
        .mmx(&["report", "tobias-marchetti-wren-1992", "--format", "html"])
        .stdout
        .clone();
    let page_one = html.split("<section id=\"appendix\"").next().unwrap();
    assert!(
        page_one.contains("<div class=\"reply\" id=\"reply\">"),
        "{page_one}"
    );
    // Each choice has its box to tick, as on the PDF.
    for choice in [
        "Approved as requested",
        "Approved with changes:",
        "Declined",
    ] {
        assert!(
            page_one.contains(&format!("<span class=\"box\"></span>{choice}")),
            "no box before {choice:?}:\n{page_one}"
        );
    }
    assert!(
        page_one.contains("<table class=\"outcomes\">")
            && html.contains("table.outcomes td, table.outcomes th { white-space: normal;"),
        "{page_one}"
    );
    // Every target met: a discharge, and no reply block.
    let run = p.mmx(&["report", "delphine-abernathy-cho-1969", "--format", "text"]);
    let letter = letter_of(&run.stdout);
    assert!(
        letter.contains("I propose discharge from massage therapy, with both targets met."),
        "{letter}"
    );
    assert!(!letter.contains("Physician's reply"), "{letter}");
    let json: Value = p
        .mmx(&["report", "delphine-abernathy-cho-1969", "--format", "json"])
        .json();
    assert_eq!(json["letter"]["recommendation"]["action"], "discharge");
    assert_eq!(
        json["letter"]["recommendation"]["proposed"],
        "both targets met"
    );
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

/// A patient who got worse: pain 6 -> 9, ODI 20 -> 44 (more than twice its
/// MCID), and the left calf up 2.5 cm with a DVT history on file.
fn worse_patient() -> TestPractice {
    let p = TestPractice::new();
    let id = "bram-okonkwo-vale-1966";
    p.write(
        &format!("patients/{id}/patient.toml"),
        format!("id = \"{id}\"\nname = \"Bram Okonkwo-Vale\"\nbirth_date = 1966-05-30\ncontraindications = [\"History of left calf DVT (2024), on anticoagulants\"]\n"),
    );
    p.write(
        &format!("patients/{id}/prescriptions/rx-back.toml"),
        format!("id = \"rx-back\"\npatient = \"{id}\"\nissued = 2026-10-01\nexpires = 2027-01-31\nvisits = 8\nfrequency = \"1x/week\"\nregions = [\"lumbar\", \"left-lower-leg\"]\ntechniques = [\"swedish\"]\nprecautions = \"Light pressure only on the left calf.\"\ngoals = [\"Walk 30 minutes without back pain\"]\n\n[prescriber]\nname = \"Priya Raman\"\ncredential = \"NP\"\n\n[[diagnoses]]\ncode = \"M54.50\"\n\n[[targets]]\nmeasure = \"odi\"\ntarget = 15\n"),
    );
    for (date, pain, odi, calf) in [
        ("2026-10-05", 6, 20, Some(36.0)),
        ("2026-10-12", 7, 30, None),
        ("2026-10-19", 8, 36, Some(37.0)),
        ("2026-10-26", 9, 44, Some(38.5)),
    ] {
        let calf = calf.map_or(String::new(), |c: f64| {
            format!("\n[[measures]]\nmeasure = \"circumference\"\nsite = \"left-lower-leg\"\nvalue = {c}\n")
        });
        p.write(
            &format!("patients/{id}/sessions/{date}-0900.toml"),
            format!("id = \"{date}-0900\"\npatient = \"{id}\"\nprescription = \"rx-back\"\ndate = {date}\nstart = 09:00:00\nminutes = 45\nregions = [\"lumbar\"]\ntechniques = [\"swedish\"]\npain_before = {pain}\npain_after = {pain}\n\n[soap]\nsubjective = \"Back worse this week.\"\n\n[[measures]]\nmeasure = \"odi\"\nvalue = {odi}\n{calf}"),
        );
    }
    p
}

#[test]
fn a_patient_who_got_worse_is_told_first_on_page_one() {
    let p = worse_patient();
    let run = p.mmx(&["report", "bram-okonkwo-vale-1966", "--format", "text"]);
    run.success();
    let letter = letter_of(&run.stdout);
    // Worse is said before anything else, measure by measure.
    // The measure the precautions bear on first.
    let worse = [
        "Please note: The left lower leg circumference is worse: 36 → 38.5 cm since October 5, 2026 (+2.5 cm; no published MCID). The precautions on file bear on it (\"Light pressure only on the left calf; History of left calf DVT (2024), on anticoagulants\"): please review.",
        "Oswestry Disability Index (ODI) is worse: 20 → 44 since October 5, 2026 (+24; MCID 10).",
        "Pain (NPRS 0-10) is worse: 6 → 9 since October 5, 2026 (+3; MCID 2).",
    ];
    let summary = letter.find("Thank you for referring").unwrap();
    for want in worse {
        let at = letter
            .find(want)
            .unwrap_or_else(|| panic!("{want:?} not in:\n{letter}"));
        assert!(at < summary, "{want:?} comes after the summary:\n{letter}");
    }
    // In the table, worse measures come first and say so.
    let rows: Vec<&str> = letter
        .lines()
        .filter(|l| l.starts_with("| ") && !l.contains("Measure"))
        .collect();
    assert!(rows.len() >= 3, "{letter}");
    for row in &rows[..3] {
        assert!(row.contains("WORSE"), "{row}\n{letter}");
    }
    assert!(rows[0].contains("yes, worse (10)"), "{letter}");
    assert!(!letter.contains("improving") && !letter.contains("not improving"));
    // Not a doctor by title or credential: greeted by name.
    assert!(letter.contains("Dear Priya Raman:"), "{letter}");
    assert!(letter.contains("Priya Raman, NP"), "{letter}");
    // The request: medical review, as proposed from a precaution's measure.
    assert!(
        letter.contains("I propose medical review before further massage therapy, with the left lower leg circumference worse, which the precautions on file bear on."),
        "{letter}"
    );
    let r: Value = p
        .mmx(&["report", "bram-okonkwo-vale-1966", "--format", "json"])
        .json();
    let progress: Vec<&str> = r["outcomes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["progress"].as_str().unwrap())
        .collect();
    assert_eq!(progress, ["worse", "worse", "worse"], "{}", r["outcomes"]);
    assert_eq!(r["letter"]["recommendation"]["action"], "refer");
    assert_eq!(
        r["letter"]["diagnoses"][0],
        "M54.50 Low back pain, unspecified"
    );
}

#[test]
fn a_discharged_course_reads_as_discharged_and_is_not_continued() {
    let p = demo();
    let id = "winifred-pemberton-lark-1988";
    let run = p.mmx(&["report", id, "--format", "text"]);
    run.success();
    let letter = letter_of(&run.stdout);
    for want in [
        "Discharge summary: course of June 5 to July 20, 2026",
        "Prescription of June 5, 2026: discharged on July 20, 2026 (goals met) after 10 of 12 visits.",
        "Care ended with discharge on July 20, 2026 (goals met). Discharged to a home exercise programme; two visits unused. No further visits are requested.",
        "Dear Dr. Brackenridge:",
        "Measured targets: 3 of 3 met.",
    ] {
        assert!(letter.contains(want), "{want:?} not in:\n{letter}");
    }
    for never in ["continue", "renew", "remain", "circle"] {
        assert!(!letter.contains(never), "{never:?} in:\n{letter}");
    }
    assert!(!run.stderr.contains("proposes"), "{run}");
    // It cannot continue: refused, with the reason.
    let run = p.mmx(&["report", id, "--recommend", "continue"]);
    run.code(2);
    assert!(
        run.stderr.contains(
            "--recommend continue: prescription 2026-06-05-whiplash was discharged on July 20, 2026 (goals met)"
        ),
        "{run}"
    );
    // A renewal may be asked, without claiming visits that are not there.
    let run = p.mmx(&["report", id, "--format", "text", "--recommend", "renew"]);
    run.success();
    let letter = letter_of(&run.stdout);
    assert!(
        letter.contains("Discharge summary and renewal request: course of June 5 to July 20, 2026"),
        "{letter}"
    );
    assert!(
        letter.contains("I recommend renewing the prescription; please send a renewal if you agree.")
            && letter.contains("Requested: 12 visits at 2x/week over 6 weeks, November 23, 2026 to January 3, 2027.")
            && letter.contains("Physician's reply"),
        "{letter}"
    );
    assert!(!letter.contains("remain"), "{letter}");
    // An expired prescription (renewed since) says so.
    let run = p.mmx(&[
        "report",
        "delphine-abernathy-cho-1969",
        "--rx",
        "2026-06-15-carpal-tunnel",
        "--format",
        "text",
    ]);
    let letter = letter_of(&run.stdout);
    assert!(
        letter.contains("Prescription of June 15, 2026: expired on August 14, 2026 with 3 of 8 visits unused; renewed by prescription 2026-09-09-carpal-tunnel."),
        "{letter}"
    );
    let run = p.mmx(&[
        "report",
        "delphine-abernathy-cho-1969",
        "--rx",
        "2026-06-15-carpal-tunnel",
        "--recommend",
        "continue",
    ]);
    run.code(2);
    assert!(run.stderr.contains("expired on August 14, 2026"), "{run}");
}

#[test]
fn the_period_runs_from_the_last_recorded_report_and_a_relapse_since_is_told() {
    let p = TestPractice::with_prescription();
    p.mmx(&["rx", "edit", common::RX, "--visits", "10"])
        .success();
    let visit = |date: &str, odi: &str| {
        p.add_session(&[
            "--date",
            date,
            "--region",
            "lumbar",
            "--technique",
            "swedish",
            "--measure",
            odi,
        ])
        .success();
    };
    visit("2026-11-03", "odi=40");
    visit("2026-11-09", "odi=20");
    p.command(&[
        "report",
        "ana-lima-1980",
        "--record",
        "--recommend",
        "continue",
    ])
    .env("MMX_TODAY", "2026-11-10")
    .run()
    .success();
    visit("2026-11-16", "odi=32");
    let run = p.mmx(&["report", "ana-lima-1980", "--format", "text"]);
    run.success();
    let letter = letter_of(&run.stdout);
    for want in [
        "Progress report: reporting period November 11 to November 23, 2026 (since my report of November 10, 2026; the course began November 2, 2026)",
        "Oswestry Disability Index (ODI) is worse again: 20 on November 9, 2026, 32 now (+12; MCID 10).",
        "WORSE again (best 20, Nov 9)",
        "Since my report of November 10, 2026, 1 visit was completed.",
    ] {
        assert!(letter.contains(want), "{want:?} not in:\n{letter}");
    }
    let r: Value = p
        .mmx(&["report", "ana-lima-1980", "--format", "json"])
        .json();
    assert_eq!(r["letter"]["period"]["from"], "2026-11-11");
    assert_eq!(r["letter"]["period"]["last_report"], "2026-11-10");
    assert_eq!(r["letter"]["period"]["visits"], 1);
    let odi = &r["outcomes"][0];
    assert_eq!(odi["at_report"]["value"], 20.0);
    assert_eq!(odi["worse_since_report"], true);
    // The baseline stays the course's first measurement.
    assert_eq!(odi["baseline"]["value"], 40.0);
}

#[test]
fn visits_a_week_are_counted_by_calendar_weeks_against_the_frequency() {
    let p = TestPractice::with_prescription();
    p.mmx(&[
        "rx",
        "edit",
        common::RX,
        "--visits",
        "6",
        "--frequency",
        "2x/week",
    ])
    .success();
    // Two visits in each of three calendar weeks, on varying weekdays: a
    // span of 13 days, which once read as 3.2 visits a week.
    for date in [
        "2026-11-05",
        "2026-11-06",
        "2026-11-09",
        "2026-11-13",
        "2026-11-16",
        "2026-11-17",
    ] {
        p.add_session(&[
            "--date",
            date,
            "--region",
            "lumbar",
            "--technique",
            "swedish",
        ])
        .success();
    }
    let run = p.mmx(&["report", "ana-lima-1980", "--format", "text"]);
    run.success();
    let letter = letter_of(&run.stdout);
    assert!(
        letter.contains("6 of the 6 visits were completed, on average 2 visits a week against the 2x/week prescribed."),
        "{letter}"
    );
    // Used up, no target, not expiring: a renewal is proposed, from today.
    assert!(
        letter.contains(
            "Prescription of November 2, 2026: all 6 visits used; valid until February 1, 2027."
        ),
        "{letter}"
    );
    assert!(
        letter.contains("I propose renewing the prescription, with every prescribed visit used;"),
        "{letter}"
    );
    assert!(
        letter.contains(
            "Requested: 6 visits at 2x/week over 3 weeks, November 23 to December 13, 2026."
        ),
        "{letter}"
    );
    let r: Value = p
        .mmx(&["report", "ana-lima-1980", "--format", "json"])
        .json();
    assert_eq!(r["visits"]["per_week"], 2.0);
}

#[test]
fn the_letter_for_the_physicians_system_is_a_document_reference_holding_the_pdf() {
    let p = demo();
    // Outside the practice: an output inside it goes to documents/.
    let elsewhere = tempfile::tempdir().unwrap();
    let out = elsewhere.path().join("jose-letter.json");
    p.mmx(&[
        "report",
        "jose-nunez-1975",
        "--format",
        "fhir",
        "-o",
        out.to_str().unwrap(),
    ])
    .success();
    let bundle: Value = serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    assert_eq!(bundle["resourceType"], "Bundle");
    let entries = bundle["entry"].as_array().unwrap();
    let of = |url: &Value| {
        entries
            .iter()
            .find(|e| &e["fullUrl"] == url)
            .map(|e| e["resource"]["resourceType"].as_str().unwrap().to_string())
    };
    let doc = &entries[0]["resource"];
    assert_eq!(doc["resourceType"], "DocumentReference");
    assert_eq!(doc["type"]["coding"][0]["system"], "http://loinc.org");
    assert_eq!(doc["type"]["coding"][0]["code"], "11506-3");
    assert_eq!(doc["date"], "2026-11-23T12:00:00-06:00");
    assert_eq!(of(&doc["subject"]["reference"]).as_deref(), Some("Patient"));
    assert_eq!(
        of(&doc["author"][0]["reference"]).as_deref(),
        Some("Practitioner")
    );
    assert_eq!(
        of(&doc["context"]["related"][0]["reference"]).as_deref(),
        Some("ServiceRequest")
    );
    let attachment = &doc["content"][0]["attachment"];
    assert_eq!(attachment["contentType"], "application/pdf");
    // "%PDF-" in base64.
    assert!(attachment["data"].as_str().unwrap().starts_with("JVBERi0"));
    assert!(attachment["size"].as_u64().unwrap() > 10_000);
    // A discharged course's letter is a discharge summary.
    let run = p.mmx(&["report", "winifred-pemberton-lark-1988", "--format", "fhir"]);
    run.success();
    let bundle: Value = run.json();
    assert_eq!(
        bundle["entry"][0]["resource"]["type"]["coding"][0]["code"],
        "18842-5"
    );
}

#[test]
fn the_appendix_says_what_each_overridden_visit_did_beside_its_reason() {
    let p = demo();
    let run = p.mmx(&["report", "jose-nunez-1975", "--format", "text"]);
    let appendix = run.stdout.split("Appendix: session log").nth(1).unwrap();
    let appendix = appendix.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        appendix.contains("Override recorded 2026-11-23 for the visit of 2026-10-09 (the session treated the left lower leg, not prescribed): Dr. Quillfeather approved"),
        "{appendix}"
    );
}

#[test]
fn a_proposal_counts_its_targets_in_agreeing_words_and_says_the_visits_left_once() {
    let p = TestPractice::with_prescription();
    p.mmx(&[
        "rx",
        "edit",
        common::RX,
        "--visits",
        "10",
        "--target",
        "odi=10",
    ])
    .success();
    p.add_session(&[
        "--date",
        "2026-11-03",
        "--region",
        "lumbar",
        "--technique",
        "swedish",
        "--measure",
        "odi=30",
    ])
    .success();
    let run = p.mmx(&["report", "ana-lima-1980", "--format", "text"]);
    run.success();
    let letter = letter_of(&run.stdout)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    assert!(
        letter.contains("I propose continuing care under the current prescription, with 9 visits left, the prescription valid until February 1, 2027 and the target not yet met."),
        "{letter}"
    );
    // Not twice, and never "1 of 1 targets".
    assert!(!letter.contains("remain"), "{letter}");
    assert!(!letter.contains("1 of 1 targets"), "{letter}");
}

#[test]
fn a_period_without_visits_says_none_was_completed_and_what_was_missed() {
    let p = demo();
    let run = p.mmx(&["report", "augustin-pellworth-1981", "--format", "text"]);
    run.success();
    let letter = letter_of(&run.stdout)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    assert!(
        letter.contains("Since my report of November 12, 2026, no visit was completed (1 missed without notice)."),
        "{letter}"
    );
    assert!(!letter.contains("0 visits"), "{letter}");
}

#[test]
fn a_rate_of_one_visit_a_fortnight_is_counted_in_fortnights() {
    let p = TestPractice::with_prescription();
    p.mmx(&["rx", "edit", common::RX, "--frequency", "1x/2 weeks"])
        .success();
    // A visit in each of two fortnights: three calendar weeks apart once
    // read as 0.7 a week against 0.5.
    for date in ["2026-11-02", "2026-11-16"] {
        p.add_session(&[
            "--date",
            date,
            "--region",
            "lumbar",
            "--technique",
            "swedish",
        ])
        .success();
    }
    let run = p.mmx(&["report", "ana-lima-1980", "--format", "text"]);
    run.success();
    let letter = letter_of(&run.stdout)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    assert!(
        letter.contains("on average 0.5 visits a week against the 1x/2 weeks prescribed."),
        "{letter}"
    );
}

#[test]
fn page_one_gives_the_end_of_the_prescribed_weeks_and_an_expiry_by_default_says_so() {
    let p = TestPractice::with_prescription();
    p.mmx(&["rx", "edit", common::RX, "--weeks", "4"]).success();
    p.add_session(&[
        "--date",
        "2026-11-03",
        "--region",
        "lumbar",
        "--technique",
        "swedish",
    ])
    .success();
    let run = p.mmx(&["report", "ana-lima-1980", "--format", "text"]);
    run.success();
    let letter = letter_of(&run.stdout)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    // Four weeks from the first visit end a week from today, long before
    // the expiry: that is what the course has left, and a renewal is due.
    for want in [
        "Prescription of November 2, 2026: 1 of 3 visits used, 2 left; the 4 weeks prescribed end on November 30, 2026 (in 7 days).",
        "I propose renewing the prescription, with 2 visits left and the prescribed weeks ending on November 30, 2026;",
        "Requested: 3 visits, from December 1, 2026.",
    ] {
        assert!(letter.contains(want), "{want:?} not in:\n{letter}");
    }
    // An order without an expiry: the practice's default is named as such.
    let q = TestPractice::new();
    q.add_patient("Ana Lima", "1980-04-12");
    q.mmx(&[
        "rx",
        "add",
        "--patient",
        common::PATIENT,
        "--issued",
        "2026-11-02",
        "--visits",
        "6",
        "--region",
        "lumbar",
        "--technique",
        "swedish",
        "--prescriber",
        "Dr. Ada Vance",
    ])
    .success();
    let run = q.mmx(&["report", "ana-lima-1980", "--format", "text"]);
    let letter = letter_of(&run.stdout)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    assert!(
        letter.contains("0 of 6 visits used, 6 left; expires November 2, 2027 (in 344 days) by the practice's default, as the order gives no expiry."),
        "{letter}"
    );
}

#[test]
fn a_renewal_of_a_tapering_schedule_asks_for_the_weeks_its_phases_take() {
    let p = TestPractice::with_prescription();
    p.mmx(&[
        "rx",
        "edit",
        common::RX,
        "--visits",
        "4",
        "--frequency",
        "1x/week for 2 weeks, then 1x/2 weeks",
    ])
    .success();
    let run = p.mmx(&[
        "report",
        "ana-lima-1980",
        "--format",
        "text",
        "--recommend",
        "renew",
    ]);
    run.success();
    let letter = letter_of(&run.stdout)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    // Two weekly visits, then two a fortnight apart: six weeks.
    assert!(
        letter.contains("Requested: 4 visits at 1x/week for 2 weeks, then 1x/2 weeks over 6 weeks, November 23, 2026 to January 3, 2027."),
        "{letter}"
    );
}

#[test]
fn the_body_chart_crosses_out_a_region_a_clearance_in_force_says_to_avoid() {
    let p = demo();
    // Dr. Umberfield cleared Marisol for lymphatic drainage avoiding the
    // left axilla, until 2027-01-06.
    let html = p
        .mmx(&[
            "report",
            "marisol-quinones-hartley-1964",
            "--format",
            "html",
        ])
        .stdout
        .clone();
    let chart = html.split("<svg id=\"body-chart\"").nth(1).unwrap();
    assert!(
        chart.contains("<path data-region=\"left-axilla\"") && chart.contains(">avoided</text>"),
        "{chart}"
    );
    let json: Value = p
        .mmx(&[
            "report",
            "marisol-quinones-hartley-1964",
            "--format",
            "json",
        ])
        .json();
    assert_eq!(json["patient"]["avoid_regions"][0], "left-axilla");
}

#[test]
fn one_visit_is_not_called_a_rate_of_visits_a_week() {
    let p = TestPractice::with_prescription();
    p.mmx(&["rx", "edit", common::RX, "--frequency", "2x/week"])
        .success();
    p.add_session(&[
        "--date",
        "2026-11-03",
        "--region",
        "lumbar",
        "--technique",
        "swedish",
    ])
    .success();
    let run = p.mmx(&["report", "ana-lima-1980", "--format", "text"]);
    run.success();
    let text = run.stdout.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        text.contains("none yet (one visit); 2 prescribed (2x/week)"),
        "{text}"
    );
    assert!(!text.contains("1 achieved"), "{text}");
}

#[test]
fn the_appendix_names_the_prescriber_with_credential_and_phone() {
    let p = worse_patient();
    p.mmx(&[
        "rx",
        "edit",
        "rx-back",
        "--prescriber-fax",
        "555-0140",
        "--prescriber-phone",
        "555-0141",
    ])
    .success();
    let run = p.mmx(&["report", "bram-okonkwo-vale-1966", "--format", "text"]);
    let appendix = run.stdout.split("Appendix: session log").nth(1).unwrap();
    let appendix = appendix.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        appendix.contains("Prescriber Priya Raman, NP, phone 555-0141 "),
        "{appendix}"
    );
}
