//! The PDF line flow and rows, tested on the fonts and the demo practice.

use super::*;
use crate::check::review;
use crate::practice;
use crate::report::letter::Fit;
use crate::report::outline;
use proptest::prelude::*;

fn regular() -> FontUse {
    FontUse::new(REGULAR).expect("the embedded font parses")
}

/// The line flow as it was before it was made linear: every candidate
/// line measured whole, every over-long word cut back one character at
/// a time. Quadratic and worse, kept here as the oracle the linear flow
/// must agree with line for line.
fn measured_wrap(font: &FontUse, text: &str, size: f32, width: f32) -> Vec<String> {
    let mut lines = Vec::new();
    for para in text.split('\n') {
        let mut line = String::new();
        for word in para.split(' ').filter(|w| !w.is_empty()) {
            let candidate = if line.is_empty() {
                word.to_string()
            } else {
                format!("{line} {word}")
            };
            if font.width(&candidate, size) <= width {
                line = candidate;
                continue;
            }
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            let mut rest = word.to_string();
            while font.width(&rest, size) > width {
                let mut cut = rest.len();
                while cut > 1 && font.width(&rest[..cut], size) > width {
                    cut = rest[..cut].char_indices().last().map_or(0, |(i, _)| i);
                }
                let cut = cut.max(rest.chars().next().map_or(1, char::len_utf8));
                lines.push(rest[..cut].to_string());
                rest = rest[cut..].to_string();
            }
            line = rest;
        }
        lines.push(line);
    }
    lines
}

#[test]
fn a_long_word_breaks_into_lines_that_each_fit_and_keep_every_character() {
    let font = regular();
    let word = "Pneumonoultramicroscopicsilicovolcanoconiosis".repeat(2_000);
    let text = format!("Before {word} after.");
    let (size, width) = (9.5, 200.0);
    let lines = wrap(&font, &text, size, width);
    assert!(lines.len() > 100, "{} lines", lines.len());
    for line in &lines {
        assert!(!line.is_empty());
        assert!(font.width(line, size) <= width, "{line:?} is too wide");
    }
    // Every character is kept, in order; only a space where a line
    // breaks goes.
    assert!(lines.concat().replace(' ', "") == text.replace(' ', ""));
    assert_eq!(
        lines.iter().map(|l| l.chars().count()).sum::<usize>() + 1,
        text.chars().count()
    );
    assert_eq!(lines[0], "Before");
    assert!(lines.last().is_some_and(|l| l.ends_with(" after.")));
    // Each piece but the last is as long as fits: one more character
    // would not.
    let pieces = &lines[1..lines.len() - 1];
    let mut rest = &word[..];
    for piece in pieces {
        rest = rest.strip_prefix(piece.as_str()).expect("pieces in order");
        let next = rest.chars().next().expect("more of the word");
        assert!(font.width(&format!("{piece}{next}"), size) > width);
    }
}

#[test]
fn a_character_wider_than_the_line_stands_alone() {
    let font = regular();
    // At 10 points `a` is 6.1 wide and `W` 9.9: a line of 8 holds one
    // `a` and no `W`.
    let lines = wrap(&font, "ab W cd", 10.0, 8.0);
    assert_eq!(lines, ["a", "b", "W", "c", "d"]);
    assert_eq!(measured_wrap(&font, "ab W cd", 10.0, 8.0), lines);
}

/// The demo patient's report as of the demo's day.
fn demo_report(patient: &str) -> (practice::Practice, Report) {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/demo-practice");
    let practice = practice::Practice::open(root).expect("the demo opens");
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).expect("a date");
    let review = review::patient(&practice, today, patient).expect("the patient reads");
    let Ok(index) = super::super::pick_rx(&review.folder, &practice, None, today) else {
        panic!("no prescription");
    };
    let Ok(report) = super::super::build(&practice, &review, index, today, None, None) else {
        panic!("no report");
    };
    (practice, report)
}

#[test]
fn a_voided_sessions_row_shows_its_date_id_and_void_and_nothing_it_recorded() {
    // Augustin's visit of 2026-11-19 (45 minutes, right foot,
    // myofascial release, pain 3 -> 2) was voided: recorded under the
    // wrong patient.
    let (practice, r) = demo_report("augustin-pellworth-1981");
    let fonts = [regular(), FontUse::new(BOLD).expect("the bold font parses")];
    let pages = layout(&r, &practice.vocab, &fonts);
    // A table row is the text drawn between two rules.
    let mut rows: Vec<Vec<String>> = vec![Vec::new()];
    for op in pages.iter().flatten() {
        match op {
            Op::Text { text, .. } => rows.last_mut().expect("a row").push(text.clone()),
            Op::Line { .. } => rows.push(Vec::new()),
            _ => {}
        }
    }
    let voided: Vec<&Vec<String>> = rows
        .iter()
        .filter(|row| row.first().is_some_and(|d| d == "2026-11-19"))
        .collect();
    assert_eq!(voided.len(), 1, "{voided:?}");
    let row = voided[0].join(" ");
    assert!(
        row.contains("voided: session 2026-11-19-1830 was entered in error")
            // The status column is as wide as its longest status.
            && row.ends_with("  entered-in-error"),
        "{row}"
    );
    for recorded in ["45", "Right foot", "Myofascial", "3 → 2", "→"] {
        assert!(!row.contains(recorded), "{recorded:?} in {row}");
    }
    // The row before it, a visit that happened, shows what it recorded.
    let kept: Vec<&Vec<String>> = rows
        .iter()
        .filter(|row| row.first().is_some_and(|d| d == "2026-11-11"))
        .collect();
    assert!(kept.iter().any(|row| row.join(" ").contains("Right foot")));
}

proptest! {
    #[test]
    fn the_linear_flow_breaks_where_the_measured_one_does(
        text in "[a-zA-Z0-9 .,;:()é—\\-\n\u{301}\u{4e2d}W]{0,300}",
        size in prop::sample::select(vec![7.0_f32, 8.5, 9.5, 11.0, 14.0]),
        width in 1.0_f32..520.0,
    ) {
        let font = regular();
        prop_assert_eq!(wrap(&font, &text, size, width), measured_wrap(&font, &text, size, width));
    }
}

/// A practice written to a temporary folder: mmx.toml as the demo's, and
/// each file given (path, contents).
fn practice_of(files: &[(String, String)]) -> (tempfile::TempDir, practice::Practice) {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let demo = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/demo-practice");
    std::fs::copy(demo.join("mmx.toml"), dir.path().join("mmx.toml")).expect("mmx.toml");
    for (path, text) in files {
        let path = dir.path().join(path);
        std::fs::create_dir_all(path.parent().expect("a folder")).expect("folders");
        std::fs::write(&path, text).expect("a file");
    }
    let practice = practice::Practice::open(dir.path().to_path_buf()).expect("it opens");
    (dir, practice)
}

/// A patient with a 40-character name, twelve diagnoses and twenty
/// sessions outside the prescription (each treating a region it does not
/// name, each with the prescriber's approval recorded), and a renewal asked.
fn crowded_report() -> (tempfile::TempDir, practice::Practice, Report) {
    let name = "Bartholomew Aurelio Featherstonehaugh-Li";
    assert_eq!(name.chars().count(), 40);
    let id = "bartholomew-featherstonehaugh-li-1970";
    let codes = [
        "M54.50", "M54.16", "M54.42", "M54.2", "M62.830", "M79.18", "M79.7", "G56.02", "M72.2",
        "M26.623", "S13.4XXD", "L90.5",
    ];
    let mut rx = format!(
        "id = \"rx-one\"\npatient = \"{id}\"\nissued = 2026-09-01\nexpires = 2027-03-01\nvisits = 24\nfrequency = \"2x/week\"\nminutes = 45\nregions = [\"lumbar\"]\ntechniques = [\"swedish\"]\nprecautions = \"None beyond the usual.\"\ngoals = [\"Sit through a working day without low back pain\", \"Sleep through the night\"]\n\n[prescriber]\nname = \"Dr. Ada Vance, MD\"\nfax = \"555-0199\"\n"
    );
    for c in codes {
        rx.push_str(&format!("\n[[diagnoses]]\ncode = \"{c}\"\n"));
    }
    rx.push_str("\n[[targets]]\nmeasure = \"odi\"\ntarget = 20\n");
    let mut files = vec![
        (
            format!("patients/{id}/patient.toml"),
            format!("id = \"{id}\"\nname = \"{name}\"\nbirth_date = 1970-02-03\n"),
        ),
        (format!("patients/{id}/prescriptions/rx-one.toml"), rx),
    ];
    let start = chrono::NaiveDate::from_ymd_opt(2026, 9, 7).expect("a date");
    for i in 0..22u64 {
        // Mondays and Thursdays.
        let date = start + chrono::Days::new(i / 2 * 7 + i % 2 * 3);
        let sid = format!("{date}-1000");
        let (regions, excuse) = if i < 20 {
            (
                "[\"lumbar\", \"left-thigh\"]",
                format!(
                    "override = \"Dr. Vance approved treating the left thigh by phone on {date}\"\n"
                ),
            )
        } else {
            ("[\"lumbar\"]", String::new())
        };
        let odi = 44 - i;
        let subjective = "Sitting is easier; still stiff in the morning, worse after the drive to work and better once he has walked for ten minutes. ".repeat(3);
        // The latest assessment is long: page one must give up detail.
        let assessment = if i == 21 {
            "Steady gains in sitting tolerance over the course; morning stiffness persists and eases within an hour. ".repeat(6)
        } else {
            "Steady gains in sitting tolerance.".to_string()
        };
        files.push((
            format!("patients/{id}/sessions/{sid}.toml"),
            format!(
                "id = \"{sid}\"\npatient = \"{id}\"\nprescription = \"rx-one\"\ndate = {date}\nstart = 10:00:00\nminutes = 45\nregions = {regions}\ntechniques = [\"swedish\"]\npain_before = 6\npain_after = 4\n{excuse}\n[soap]\nsubjective = \"{subjective}\"\nassessment = \"{assessment}\"\n\n[[measures]]\nmeasure = \"odi\"\nvalue = {odi}\n"
            ),
        ));
    }
    let (dir, practice) = practice_of(&files);
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).expect("a date");
    let review = review::patient(&practice, today, id).expect("the patient reads");
    let note = "He travels for work from January and asks that the visits be spread over the weeks he is home; I can send his schedule if it helps you decide.".repeat(2);
    let asked =
        super::super::Recommendation::asked(super::super::Action::Renew, Some(12), Some(note));
    let Ok(report) = super::super::build(&practice, &review, 0, today, None, Some(asked)) else {
        panic!("no report");
    };
    (dir, practice, report)
}

/// The text drawn on a page, in drawing order.
fn page_text(page: &[Op]) -> String {
    page.iter()
        .filter_map(|op| match op {
            Op::Text { text, .. } => Some(text.as_str()),
            _ => None,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn twenty_deviations_twelve_diagnoses_and_a_renewal_keep_the_letter_on_page_one() {
    let (_dir, practice, r) = crowded_report();
    assert_eq!(r.letter.deviations.len(), 20, "{:?}", r.letter.deviations);
    assert_eq!(r.letter.diagnoses.len(), 12);
    let fonts = [regular(), FontUse::new(BOLD).expect("the bold font parses")];
    let pages = layout(&r, &practice.vocab, &fonts);
    let one = page_text(&pages[0]).replace('\n', " ");
    for want in [
        "Re: Bartholomew Aurelio Featherstonehaugh-Li",
        "Dear Dr. Vance:",
        "M54.50 Low back pain, unspecified",
        "I recommend renewing the prescription",
        "Physician's reply: please tick one, sign and fax to 555-0191",
        "Declined",
        "Sincerely,",
    ] {
        assert!(one.contains(want), "{want:?} not on page one:\n{one}");
    }
    assert!(
        one.contains("2 of 22 sessions were within the prescription;")
            && one.contains("20 sessions from September 7 to November 12, 2026 went outside it, each approved by you"),
        "the deviations are not counted on page one:\n{one}"
    );
    assert!(
        letter_fit(&r) > Fit::default(),
        "page one had to give up detail"
    );
    let two = page_text(&pages[1]);
    assert!(
        two.starts_with("Appendix: session log for"),
        "the letter runs past page one:\n{two}"
    );
    // What page one gave up is in the appendix: each deviation's reason.
    let appendix: String = pages[1..].iter().map(|p| page_text(p)).collect();
    assert!(appendix.matches("approved treating the left thigh").count() >= 20);
}

#[test]
fn the_footer_shortens_a_long_name_before_it_reaches_the_page_number() {
    let font = regular();
    let number = "page 12 of 12";
    let room = TEXT_W - font.width(number, 8.0) - 18.0;
    let born = ", born 1970-02-03";
    let forty = "Bartholomew Aurelio Featherstonehaugh-Li";
    assert_eq!(
        footer_text(&font, forty, born, room),
        format!("{forty}{born}")
    );
    let long = "Bartholomew Aurelio Featherstonehaugh-Lindqvist y Montenegro-Abernathy-Cho de la Vallée-Poussin III";
    let shown = footer_text(&font, long, born, room);
    assert!(shown.ends_with("…, born 1970-02-03"), "{shown}");
    assert!(shown.starts_with("Bartholomew Aurelio"), "{shown}");
    assert!(
        font.width(&shown, 8.0) <= room,
        "{shown} reaches the page number"
    );
}

/// How much of the last page's height is used, 0 to 1.
fn last_page_used(pages: &[Vec<Op>]) -> f32 {
    let lowest = pages
        .last()
        .into_iter()
        .flatten()
        .filter_map(|op| match op {
            Op::Text { y, .. } | Op::Dot { y, .. } => Some(*y),
            Op::Line { points, .. } => points.iter().map(|p| p.1).reduce(f32::min),
            Op::Ellipse { cy, ry, .. } => Some(cy - ry),
        })
        .reduce(f32::min)
        .unwrap_or(TOP);
    (TOP - lowest) / (TOP - BOTTOM)
}

#[test]
fn no_demo_report_ends_on_a_near_empty_page() {
    let fonts = [regular(), FontUse::new(BOLD).expect("the bold font parses")];
    for patient in [
        "augustin-pellworth-1981",
        "delphine-abernathy-cho-1969",
        "jose-nunez-1975",
        "marisol-quinones-hartley-1964",
        "tobias-marchetti-wren-1992",
        "winifred-pemberton-lark-1988",
    ] {
        let (practice, r) = demo_report(patient);
        let pages = layout(&r, &practice.vocab, &fonts);
        let used = last_page_used(&pages);
        assert!(
            used >= 0.2,
            "{patient}: the last of {} pages is {used:.2} used",
            pages.len()
        );
    }
}

/// A short course: a prescription with goals, targets and a diagnosis, and
/// `visits` sessions, each with pain, two measures and a SOAP note.
fn short_course(visits: usize) -> (tempfile::TempDir, practice::Practice, Report) {
    let id = "ana-lima-1980";
    let mut files = vec![
        (
            format!("patients/{id}/patient.toml"),
            // Screened: no open finding in the appendix.
            format!(
                "id = \"{id}\"\nname = \"Ana Lima\"\nbirth_date = 1980-04-12\n\n[[screenings]]\ndate = 2026-11-02\nflags = [\"none\"]\n"
            ),
        ),
        (
            format!("patients/{id}/prescriptions/rx-one.toml"),
            format!(
                "id = \"rx-one\"\npatient = \"{id}\"\nissued = 2026-11-02\nexpires = 2027-02-01\nvisits = 8\nfrequency = \"2x/week for 4 weeks\"\nregions = [\"lumbar\", \"left-gluteal\"]\ntechniques = [\"swedish\", \"myofascial-release\"]\ngoals = [\"Sit through a workday without pain\", \"Lift a grandchild\"]\n\n[[targets]]\nmeasure = \"odi\"\ntarget = 10\n\n[prescriber]\nname = \"Ada Vance\"\ncredential = \"MD\"\nfax = \"555-0199\"\n\n[[diagnoses]]\ncode = \"M54.50\"\n"
            ),
        ),
    ];
    for (i, (date, pain, odi)) in [
        ("2026-11-04", 6, 30),
        ("2026-11-06", 5, 26),
        ("2026-11-11", 4, 22),
    ]
    .into_iter()
    .take(visits)
    .enumerate()
    {
        files.push((
            format!("patients/{id}/sessions/{date}-1000.toml"),
            format!("id = \"{date}-1000\"\npatient = \"{id}\"\nprescription = \"rx-one\"\ndate = {date}\nminutes = 50\nregions = [\"lumbar\"]\ntechniques = [\"swedish\", \"myofascial-release\"]\npain_before = {pain}\npain_after = 2\n\n[[measures]]\nmeasure = \"odi\"\nvalue = {odi}\n\n[[measures]]\nmeasure = \"pain\"\nvalue = {pain}\n\n[soap]\nsubjective = \"Stiff in the morning, visit {i}.\"\nassessment = \"Responds well to myofascial release.\"\nplan = \"Continue twice a week; add home stretches.\"\n"),
        ));
    }
    let (dir, practice) = practice_of(&files);
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).expect("a date");
    let review = review::patient(&practice, today, id).expect("the patient reads");
    let Ok(report) = super::super::build(&practice, &review, 0, today, None, None) else {
        panic!("no report");
    };
    (dir, practice, report)
}

#[test]
fn a_short_course_keeps_all_its_appendix_in_two_pages_and_charts_only_series() {
    let fonts = [regular(), FontUse::new(BOLD).expect("the bold font parses")];
    for visits in [1, 3] {
        let (_dir, practice, r) = short_course(visits);
        let pages = layout(&r, &practice.vocab, &fonts);
        assert_eq!(pages.len(), 2, "{visits} visit(s)");
        let appendix = page_text(&pages[1]);
        // Every section and every session, the patient's facts and the
        // body chart: nothing was left out to make it fit.
        for s in outline(&r, &practice.vocab, None) {
            if s.title != "Patient" {
                assert!(appendix.contains(s.title), "{visits}: no {}", s.title);
            }
            for (k, v) in &s.facts {
                let shown = appendix.replace('\n', " ");
                let first = v.split(' ').next().unwrap_or_default();
                assert!(
                    shown.contains(k) && shown.contains(first),
                    "{visits}: no {k}: {v}\n{appendix}"
                );
            }
        }
        for s in &r.sessions {
            assert!(appendix.contains(&s.date.to_string()), "{}", s.date);
        }
        assert!(appendix.contains("Body chart (all sessions shown)"));
        assert!(appendix.contains("Continue twice a week; add home stretches."));
        // A chart for a series of two values or more, none for one value.
        let charted = appendix.contains("Pain before each session (0-10)")
            && appendix.contains("Oswestry Disability Index (ODI) (points, 0-100);");
        assert_eq!(charted, visits > 1, "{visits}:\n{appendix}");
    }
}

#[test]
fn a_fax_cover_counts_every_page_and_names_no_patient() {
    let (_dir, practice, r) = short_course(3);
    let fonts = [regular(), FontUse::new(BOLD).expect("the bold font parses")];
    let letter = layout(&r, &practice.vocab, &fonts).len();
    let covers = cover_pages(&r, &fonts, letter);
    assert_eq!(covers.len(), 1);
    let text = page_text(&covers[0]);
    let flat = text.replace('\n', " ");
    for want in [
        "FAX",
        "To:",
        "Ada Vance, MD",
        "Fax 555-0199",
        "From:",
        "Date:",
        "November 23, 2026",
        "Pages:",
        &format!("{}, this cover included", letter + 1),
        // Its four weeks end within `[alerts] within_days`: a renewal is asked.
        "Progress report and renewal request (the patient is named on the next page)",
        "CONFIDENTIALITY NOTICE",
        "intended only for the recipient named above",
        "destroy every page",
    ] {
        assert!(flat.contains(want), "{want:?} not on the cover:\n{text}");
    }
    // Nothing that names the patient or their care.
    for never in [
        "Ana", "Lima", "1980", "M54.50", "Low back", "odi", "Oswestry",
    ] {
        assert!(!flat.contains(never), "{never:?} on the cover:\n{text}");
    }
    // Written, the cover is the first of the pages every footer counts.
    let mut with = Vec::new();
    render_with(&r, &practice.vocab, true, &mut with).expect("a PDF");
    let mut without = Vec::new();
    render(&r, &practice.vocab, &mut without).expect("a PDF");
    let count = |pdf: &[u8]| {
        String::from_utf8_lossy(pdf)
            .split("/Count ")
            .nth(1)
            .and_then(|s| s.split(|c: char| !c.is_ascii_digit()).next())
            .and_then(|n| n.parse::<usize>().ok())
            .expect("a page count")
    };
    assert_eq!(count(&without), letter);
    assert_eq!(count(&with), letter + 1);
}

#[test]
fn a_discharge_letter_names_the_home_programme_on_page_one_and_tables_it_after() {
    let (practice, r) = demo_report("winifred-pemberton-lark-1988");
    let fonts = [regular(), FontUse::new(BOLD).expect("the bold font parses")];
    let pages = layout(&r, &practice.vocab, &fonts);
    let one = page_text(&pages[0]).replace('\n', " ");
    assert!(
        one.contains("Home programme for after discharge (given July 20, 2026): strengthening for the cervical spine, 2x10, daily; stretching for the cervical spine, 3x30s, daily."),
        "{one}"
    );
    let appendix: String = pages[1..].iter().map(|p| page_text(p)).collect();
    assert!(
        appendix.contains("Home programme given") && appendix.contains("followed in part"),
        "{appendix}"
    );
}

/// A patient who got worse under a precaution (a calf circumference up
/// 2.5 cm with a DVT history, pain 6 -> 9, ODI 20 -> 44), with a home
/// programme not followed, a long subjective and a renewal asked with a
/// note: every part of page one is there at once.
fn worse_renewal() -> (tempfile::TempDir, practice::Practice, Report) {
    let id = "wendell-graysmoor-1970";
    let mut files = vec![
        (
            format!("patients/{id}/patient.toml"),
            format!(
                "id = \"{id}\"\nname = \"Wendell Graysmoor\"\nbirth_date = 1970-04-02\ncontraindications = [\"History of left calf DVT (2024), on no anticoagulant now\"]\n\n[[screenings]]\ndate = 2026-09-01\nby = \"Rowan Ashgrove, LMT\"\nflags = [\"dvt-history\"]\n\n[[clearances]]\ndate = 2026-09-01\nby = \"Dr. Ada Vance, MD\"\nflags = [\"dvt-history\"]\n\n[[consents]]\ndate = 2026-09-03\nscope = \"treatment\"\nsigned_by = \"Wendell Graysmoor\"\n\n[[consents]]\ndate = 2026-09-03\nscope = \"sensitive\"\nregions = [\"left-gluteal\"]\nsigned_by = \"Wendell Graysmoor\"\n"
            ),
        ),
        (
            format!("patients/{id}/prescriptions/rx-one.toml"),
            format!(
                "id = \"rx-one\"\npatient = \"{id}\"\nissued = 2026-09-01\nexpires = 2027-03-01\nvisits = 12\nfrequency = \"2x/week\"\nminutes = 60\nregions = [\"lumbar\", \"left-lower-leg\", \"left-gluteal\"]\ntechniques = [\"swedish\", \"myofascial-release\"]\nprecautions = \"DVT history in the left calf: light pressure only; stop and refer if the calf swells\"\ngoals = [\"Walk 30 minutes without pain\", \"Lift a toolbox at work without leg symptoms\"]\n\n[[targets]]\nmeasure = \"odi\"\ntarget = 10\n\n[[targets]]\nmeasure = \"pain\"\ntarget = 2\n\n[prescriber]\nname = \"Ada Vance\"\ncredential = \"MD\"\nfax = \"555-0140\"\nphone = \"555-0141\"\n\n[[diagnoses]]\ncode = \"M54.50\"\n\n[[diagnoses]]\ncode = \"M79.662\"\ntext = \"calf pain\"\n"
            ),
        ),
    ];
    for (i, (date, pain, odi, calf)) in [
        ("2026-09-03", 6, 20, 36.0),
        ("2026-09-10", 7, 26, 36.5),
        ("2026-10-05", 8, 34, 37.2),
        ("2026-10-19", 9, 44, 38.5),
    ]
    .into_iter()
    .enumerate()
    {
        let home = if i == 0 {
            "[[home_care]]\nkind = \"stretch\"\nregion = \"lumbar\"\ndose = \"3x30s\"\nfrequency = \"2x/day\"\n\n[[home_care]]\nkind = \"posture\"\nregion = \"lumbar\"\ndose = \"2 min\"\nfrequency = \"hourly\"\n"
        } else {
            ""
        };
        let adherence = if i == 0 { "" } else { "adherence = \"none\"\n" };
        files.push((
            format!("patients/{id}/sessions/{date}-1000.toml"),
            format!("id = \"{date}-1000\"\npatient = \"{id}\"\nprescription = \"rx-one\"\ndate = {date}\nminutes = 60\nregions = [\"lumbar\", \"left-gluteal\", \"left-lower-leg\"]\ntechniques = [\"swedish\"]\npain_before = {pain}\npain_after = {}\n{adherence}\n{home}\n[[measures]]\nmeasure = \"odi\"\nvalue = {odi}\n\n[[measures]]\nmeasure = \"circumference\"\nsite = \"left-lower-leg\"\nvalue = {calf}\n\n[soap]\nsubjective = \"Lifting at work again; the leg feels heavy and tight by the evening and the back aches after the drive home.\"\nassessment = \"Pain and disability worse; calf girth up 2.5 cm since the first visit. Light work on the back only until the calf is reviewed.\"\nplan = \"Ask Dr. Vance to review the calf before further treatment.\"\n", pain - 2),
        ));
    }
    let (dir, practice) = practice_of(&files);
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).expect("a date");
    let review = review::patient(&practice, today, id).expect("the patient reads");
    let asked = super::super::Recommendation::asked(
        super::super::Action::Renew,
        Some(8),
        Some(
            "Please also consider a vascular review of the left calf before the next visit.".into(),
        ),
    );
    let Ok(report) = super::super::build(&practice, &review, 0, today, None, Some(asked)) else {
        panic!("no report");
    };
    (dir, practice, report)
}

#[test]
fn a_renewal_for_a_patient_who_got_worse_keeps_the_reply_block_on_page_one() {
    let (_dir, practice, r) = worse_renewal();
    let fonts = [regular(), FontUse::new(BOLD).expect("the bold font parses")];
    let pages = layout(&r, &practice.vocab, &fonts);
    let one = page_text(&pages[0]).replace('\n', " ");
    for want in [
        "Red flags (health screening of September 1, 2026): History of deep vein thrombosis. Cleared by Dr. Ada Vance, MD on September 1, 2026 for history of deep vein thrombosis, without restriction.",
        "Please note:",
        "WORSE",
        "I recommend renewing the prescription",
        "Requested: 8 visits at 2x/week over 4 weeks",
        "Physician's reply: please tick one, sign and fax to 555-0191",
        "Declined",
        "Signature",
        "Sincerely,",
    ] {
        assert!(one.contains(want), "{want:?} not on page one:\n{one}");
    }
    let two = page_text(&pages[1]);
    assert!(
        two.starts_with("Appendix: session log for"),
        "the letter runs past page one:\n{two}"
    );
}
