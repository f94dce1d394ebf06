//! The PDF line flow and rows, tested on the fonts and the demo practice.

use super::*;
use crate::check::review;
use crate::practice;
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
            // The status column is narrow: `entered-in-err` `or`.
            && row.ends_with("entered-in-err or"),
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
