//! The letter as it leaves the practice: a short course in two pages, a fax
//! cover sheet, and the proof of what was sent (`report --record --sent`,
//! `report --verify`).

use crate::common::{PATIENT, TestPractice};

/// The pages of a PDF, as its page tree counts them.
fn pages(pdf: &[u8]) -> usize {
    let text = String::from_utf8_lossy(pdf);
    text.split("/Count ")
        .nth(1)
        .and_then(|s| s.split(|c: char| !c.is_ascii_digit()).next())
        .and_then(|n| n.parse().ok())
        .expect("a page count")
}

/// A course as a therapist records it: a prescription with a frequency,
/// goals, targets and a diagnosis, and `visits` sessions each with pain
/// before and after, two measures and a whole SOAP note.
fn short_course(visits: usize) -> TestPractice {
    let p = TestPractice::new();
    assert_eq!(p.add_patient("Ana Lima", "1980-04-12"), PATIENT);
    p.screen(PATIENT);
    p.mmx(&[
        "rx",
        "add",
        "--patient",
        PATIENT,
        "--issued",
        "2026-11-02",
        "--expires",
        "2027-02-01",
        "--visits",
        "8",
        "--frequency",
        "2x/week for 4 weeks",
        "--region",
        "lumbar",
        "--region",
        "left-gluteal",
        "--technique",
        "swedish",
        "--technique",
        "mfr",
        "--prescriber",
        "Ada Vance",
        "--credential",
        "MD",
        "--prescriber-fax",
        "555-0199",
        "--npi",
        "1234567893",
        "--target",
        "odi=10",
        "--target",
        "pain=2",
        "--goal",
        "Sit through a workday without pain",
        "--goal",
        "Lift a grandchild",
        "--diagnosis",
        "M54.50",
        "--id",
        "2026-11-02-a7k2mp",
    ])
    .success();
    let course = [
        (
            "2026-11-04",
            "6",
            "4",
            "30",
            "Low back pain after long drives, worse in the morning.",
        ),
        (
            "2026-11-06",
            "5",
            "3",
            "26",
            "Better after the first visit; still stiff in the morning.",
        ),
        (
            "2026-11-11",
            "4",
            "2",
            "22",
            "Drove two hours without pain.",
        ),
    ];
    for (date, before, after, odi, says) in &course[..visits] {
        p.add_session(&[
            "--date",
            date,
            "--region",
            "lumbar",
            "--technique",
            "swedish",
            "--technique",
            "mfr",
            "--pain-before",
            before,
            "--pain-after",
            after,
            "--measure",
            &format!("odi={odi}"),
            "--measure",
            &format!("pain={before}"),
            "--subjective",
            says,
            "--objective",
            "Hypertonic lumbar paraspinals, tender L4-L5.",
            "--assessment",
            "Responds well to myofascial release.",
            "--plan",
            "Continue twice a week; add home stretches.",
        ])
        .success();
    }
    p
}

#[test]
fn a_course_of_one_or_three_visits_fits_in_two_pages() {
    // Each once took three: the body chart on a row of its own after the
    // pain section (with no pain chart beside it for one visit), a chart
    // alone on each of two rows for three, and the last section or two
    // on a page of their own.
    for visits in [1, 3] {
        let p = short_course(visits);
        let out = p.path("documents/ana.pdf");
        p.mmx(&["report", PATIENT, "-o", out.to_str().unwrap()])
            .success();
        let pdf = std::fs::read(&out).unwrap();
        assert_eq!(pages(&pdf), 2, "{visits} visit(s)");
    }
}

/// The SHA-256 of `bytes` in hex, by the sha2 crate itself.
fn sha256(bytes: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[test]
fn a_letter_recorded_as_sent_keeps_the_files_digest_and_verify_finds_it() {
    let p = short_course(3);
    let elsewhere = tempfile::tempdir().unwrap();
    let file = elsewhere.path().join("ana-progress.pdf");
    let run = p.mmx(&[
        "report",
        PATIENT,
        "-o",
        file.to_str().unwrap(),
        "--record",
        "--id",
        "2026-11-23-sent",
        "--sent",
        "fax",
        "--on",
        "2026-11-24",
    ]);
    run.success();
    let bytes = std::fs::read(&file).unwrap();
    let digest = sha256(&bytes);
    assert!(
        run.stderr.contains(&format!(
            "recorded report `2026-11-23-sent` to Ada Vance, sent by fax to 555-0199 on 2026-11-24 (SHA-256 {digest})"
        )),
        "{run}"
    );
    let record = p.read("patients/ana-lima-1980/reports/2026-11-23-sent.toml");
    assert!(
        record.ends_with(&format!(
            "sent = \"fax\"\nfax = \"555-0199\"\nsent_on = 2026-11-24\nsha256 = \"{digest}\"\n"
        )),
        "{record}"
    );
    p.mmx(&["check", "--strict"]).success();
    // Months later: which report is this file?
    let run = p.mmx(&["report", "--verify", file.to_str().unwrap()]);
    run.success();
    for line in [
        "report        2026-11-23-sent",
        "patient       ana-lima-1980",
        "prescription  2026-11-02-a7k2mp",
        "dated         2026-11-23",
        "to            Ada Vance",
        "sent          by fax to 555-0199 on 2026-11-24",
        "record        patients/ana-lima-1980/reports/2026-11-23-sent.toml",
    ] {
        assert!(run.stdout.contains(line), "{line:?} not in\n{run}");
    }
    let json: serde_json::Value = p
        .mmx(&[
            "report",
            "--verify",
            file.to_str().unwrap(),
            "--format",
            "json",
        ])
        .json();
    assert_eq!(json["sha256"], digest.as_str());
    assert_eq!(json["matches"][0]["id"], "2026-11-23-sent");
    assert_eq!(json["matches"][0]["patient"], "ana-lima-1980");
    assert_eq!(json["matches"][0]["prescription"], "2026-11-02-a7k2mp");
    assert_eq!(json["matches"][0]["date"], "2026-11-23");
    assert_eq!(json["matches"][0]["sent"], "fax");
    assert_eq!(json["matches"][0]["sent_on"], "2026-11-24");
    // Within one patient's reports, too.
    p.mmx(&["report", PATIENT, "--verify", file.to_str().unwrap()])
        .success();
    // One byte changed, and it is no report the practice sent.
    let mut changed = bytes.clone();
    let last = changed.len() - 2;
    changed[last] ^= 1;
    let other = elsewhere.path().join("ana-altered.pdf");
    std::fs::write(&other, &changed).unwrap();
    let run = p.mmx(&["report", "--verify", other.to_str().unwrap()]);
    run.code(1);
    assert!(
        run.stdout.contains("is no recorded report") && run.stdout.contains(&sha256(&changed)),
        "{run}"
    );
    let json: serde_json::Value = p
        .command(&[
            "report",
            "--verify",
            other.to_str().unwrap(),
            "--format",
            "json",
        ])
        .run()
        .code(1)
        .json();
    assert_eq!(json["matches"], serde_json::json!([]));
    // A letter recorded without --sent has no digest to be found by.
    let plain = elsewhere.path().join("ana-plain.html");
    p.mmx(&["report", PATIENT, "-o", plain.to_str().unwrap(), "--record"])
        .success();
    p.mmx(&["report", "--verify", plain.to_str().unwrap()])
        .code(1);
}

#[test]
fn each_channel_is_recorded_in_its_words() {
    // Its four weeks end on 2026-12-01, within `[alerts] within_days`: the
    // letter proposes a renewal of the eight visits.
    let p = short_course(1);
    let elsewhere = tempfile::tempdir().unwrap();
    for (how, id, tail) in [
        (
            "fax:+1 (555) 010-0142",
            "a-fax",
            "sent = \"fax\"\nfax = \"+1 (555) 010-0142\"\n",
        ),
        ("mail", "a-letter", "sent = \"mail\"\n"),
        ("email", "an-email", "sent = \"email\"\n"),
        ("hand", "by-hand", "sent = \"hand\"\n"),
    ] {
        let file = elsewhere.path().join(format!("{id}.html"));
        p.mmx(&[
            "report",
            PATIENT,
            "-o",
            file.to_str().unwrap(),
            "--record",
            "--id",
            id,
            "--sent",
            how,
        ])
        .success();
        let digest = sha256(&std::fs::read(&file).unwrap());
        let record = p.read(&format!("patients/ana-lima-1980/reports/{id}.toml"));
        assert!(
            record.ends_with(&format!(
                "format = \"html\"\nrecommendation = \"renew\"\nrequest_visits = 8\n{tail}sha256 = \"{digest}\"\n"
            )),
            "{how}: {record}"
        );
    }
    p.mmx(&["check", "--strict"]).success();
}

#[test]
fn sent_without_a_file_or_with_another_word_is_refused_by_its_flag() {
    let p = short_course(1);
    let elsewhere = tempfile::tempdir().unwrap();
    let file = elsewhere.path().join("ana.pdf");
    let out = file.to_str().unwrap();
    let refused = |args: &[&str], says: &[&str]| {
        let run = p.mmx(args);
        run.code(2);
        for s in says {
            assert!(run.stderr.contains(s), "{s:?} not in\n{run}");
        }
        assert!(
            p.files("patients/ana-lima-1980/reports").is_empty(),
            "a refusal recorded a report: {run}"
        );
    };
    // Nothing to hash.
    refused(
        &["report", PATIENT, "--record", "--sent", "mail"],
        &["--sent", "-o FILE"],
    );
    refused(
        &["report", PATIENT, "-o", out, "--record", "--sent", "pigeon"],
        &["--sent", "fax:NUMBER", "mail", "email", "hand"],
    );
    refused(
        &[
            "report",
            PATIENT,
            "-o",
            out,
            "--record",
            "--sent",
            "fax:call the front desk",
        ],
        &["--sent", "not a fax number"],
    );
    refused(
        &["report", PATIENT, "-o", out, "--sent", "mail"],
        &["--record"],
    );
    refused(
        &[
            "report",
            PATIENT,
            "-o",
            out,
            "--record",
            "--sent",
            "mail",
            "--on",
            "2026-11-20",
        ],
        &["--on 2026-11-20 is before the letter's date 2026-11-23"],
    );
    refused(
        &[
            "report",
            PATIENT,
            "-o",
            out,
            "--record",
            "--on",
            "2026-11-24",
        ],
        &["--sent"],
    );
    // `fax` alone is the prescriber's fax, and this one has none.
    p.mmx(&["rx", "edit", "2026-11-02-a7k2mp", "--prescriber-fax", ""])
        .success();
    refused(
        &["report", PATIENT, "-o", out, "--record", "--sent", "fax"],
        &[
            "--sent fax: the prescription names no fax for Ada Vance",
            "--sent fax:NUMBER",
        ],
    );
    // --verify answers what a file is; it writes nothing.
    refused(
        &["report", "--verify", out, "--format", "pdf"],
        &["--verify answers in text or json"],
    );
    refused(&["report", "--verify", out, "-o", out], &["--verify"]);
    let run = p.mmx(&["report", "--verify", "no-such-file.pdf"]);
    run.code(2);
    assert!(
        run.stderr
            .contains("--verify no-such-file.pdf: cannot read it"),
        "{run}"
    );
}

#[test]
fn a_recorded_report_out_of_its_rules_is_a_finding() {
    let p = short_course(1);
    let rel = "patients/ana-lima-1980/reports/2026-11-23-x.toml";
    let good = "id = \"2026-11-23-x\"\npatient = \"ana-lima-1980\"\nprescription = \"2026-11-02-a7k2mp\"\ndate = 2026-11-23\nto = \"Ada Vance\"\nformat = \"pdf\"\n";
    for (extra, says) in [
        (
            "sent = \"pigeon\"\n",
            "`sent` `pigeon` is not one mmx knows",
        ),
        (
            "sent = \"mail\"\nfax = \"555-0199\"\n",
            "`fax` is the number a faxed report went to, but `sent` is not `fax`",
        ),
        (
            "sent = \"mail\"\nsent_on = 2026-11-20\n",
            "`sent_on` 2026-11-20 is before the report's `date` 2026-11-23",
        ),
        (
            "sent = \"mail\"\nsha256 = \"ABC\"\n",
            "`sha256` is not a SHA-256",
        ),
    ] {
        p.write(rel, format!("{good}{extra}"));
        let run = p.mmx(&["check"]);
        run.code(1);
        assert!(run.stdout.contains(says), "{says:?} not in\n{run}");
    }
    p.write(
        rel,
        format!(
            "{good}sent = \"mail\"\nsent_on = 2026-11-24\nsha256 = \"{}\"\n",
            "a".repeat(64)
        ),
    );
    p.mmx(&["check", "--strict"]).success();
}

#[test]
fn a_fax_cover_comes_first_names_no_patient_and_asks_for_the_reply() {
    let p = short_course(3);
    let elsewhere = tempfile::tempdir().unwrap();
    let file = |name: &str| elsewhere.path().join(name);
    // The PDF: one page more, the cover's.
    for (name, cover) in [("plain.pdf", false), ("covered.pdf", true)] {
        let mut args = vec!["report", PATIENT, "--recommend", "renew", "-o"];
        let path = file(name);
        args.push(path.to_str().unwrap());
        if cover {
            args.push("--cover");
        }
        p.mmx(&args).success();
    }
    let plain = pages(&std::fs::read(file("plain.pdf")).unwrap());
    assert_eq!(
        pages(&std::fs::read(file("covered.pdf")).unwrap()),
        plain + 1
    );
    // The HTML: the cover is its own printed page, before the letter.
    let html = p
        .mmx(&[
            "report",
            PATIENT,
            "--recommend",
            "renew",
            "--format",
            "html",
            "--cover",
        ])
        .success()
        .stdout
        .clone();
    let start = html.find("<section id=\"cover\"").expect("a cover");
    let end = html.find("<section id=\"letter\"").expect("the letter");
    assert!(start < end, "the cover comes first");
    let cover = &html[start..end];
    for want in [
        "<h1>FAX</h1>",
        "<th scope=\"row\">To:</th><td>Ada Vance, MD<br/>Fax 555-0199</td>",
        "<th scope=\"row\">Date:</th><td>November 23, 2026</td>",
        "<th scope=\"row\">Re:</th><td>Progress report and renewal request (the patient is named on the next page)</td>",
        "please tick, sign and date the physician&#39;s reply on the next page",
        "CONFIDENTIALITY NOTICE",
        "If you are not the intended recipient",
        "destroy every page",
    ] {
        assert!(cover.contains(want), "{want:?} not in the cover:\n{cover}");
    }
    for never in ["Ana", "Lima", "1980", "M54.50", "Oswestry", "ana-lima"] {
        assert!(!cover.contains(never), "{never:?} on the cover:\n{cover}");
    }
    // Its page is footed with no patient, and the browser counts the pages.
    assert!(
        html.contains("section.cover { page: cover;")
            && html.contains("@page cover { @bottom-left { content: \"Fax cover sheet\";")
            && html.contains("counter(pages) \", this cover included\""),
        "{html}"
    );
    // Without --cover, no cover.
    let html = p
        .mmx(&["report", PATIENT, "--format", "html"])
        .success()
        .stdout
        .clone();
    assert!(!html.contains("id=\"cover\"") && !html.contains("@page cover"));
    // A cover is a fax's: not for Markdown, text or JSON.
    for format in ["md", "text", "json", "fhir"] {
        let run = p.mmx(&["report", PATIENT, "--format", format, "--cover"]);
        run.code(2);
        assert!(
            run.stderr
                .contains("--cover puts a fax cover sheet before a PDF or HTML letter"),
            "{format}: {run}"
        );
    }
}
