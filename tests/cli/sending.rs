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
