//! The appendix of the PDF: the sections of `report::outline`, with the
//! body chart beside the prescription (the regions it names) and the pain
//! trend and each measure's chart two to a row after the pain section.
//! A chart is drawn only for a series of two values or more: one value is
//! in the tables already, and a chart of it is an empty box.

use super::{Chart, Flow, MARGIN, TEXT_W};
use crate::report::{Report, avoided_regions, outline, treated_regions};
use crate::vocab::Vocabulary;
use crate::vocab::measures;

/// The room between the text and a figure beside it, or two columns.
const GAP: f32 = 12.0;
/// The width of a fact's name, its value at the right of it.
const KEY_W: f32 = 150.0;

pub(super) fn appendix(f: &mut Flow<'_>, r: &Report, vocab: &Vocabulary) {
    f.para(
        &format!("Appendix: session log for {}", r.patient.name),
        13.0,
        true,
        0.0,
    );
    for s in outline(r, vocab, None) {
        if s.title == "Prescription" {
            // The heading, then the body chart at its right, together.
            f.ensure(40.0 + body_tall(f.body_w()));
        }
        // Tight, the patient's facts (page one and the footer name them) run
        // on as one paragraph under the title, and the others are set
        // smaller and closer.
        if f.tight && s.title == "Patient" {
            let line: Vec<String> = s.facts.iter().map(|(k, v)| format!("{k}: {v}")).collect();
            f.space(2.0);
            f.para(&line.join("  ·  "), 8.0, false, 0.0);
            continue;
        }
        f.heading(s.title);
        if s.title == "Prescription" {
            body_beside(f, r, vocab);
        }
        let size = if f.tight { 8.0 } else { 8.5 };
        if !(f.tight && two_columns(f, &s.facts, size)) {
            for (k, v) in &s.facts {
                fact(f, k, v, size, MARGIN, KEY_W, f.text_w());
            }
        }
        if let Some((header, rows)) = &s.table {
            f.table_fitted(header, rows, 7.0);
        }
        for p in &s.paragraphs {
            f.para(p, 8.5, false, 0.0);
        }
        if s.title == "Pain" {
            f.charts(&charts(r));
        }
    }
}

/// The pain trend and each measure's chart, for the series of two values
/// or more.
fn charts(r: &Report) -> Vec<Chart> {
    let pain = (r.pain.series.len() > 1).then(|| Chart {
        title: "Pain before each session (0-10)".into(),
        points: r
            .pain
            .series
            .iter()
            .map(|p| (p.date, f64::from(p.before)))
            .collect(),
        target: None,
        range: Some((0.0, 10.0)),
    });
    let measured = r
        .measures
        .iter()
        .filter(|m| m.key.measure != "pain" && m.points.len() > 1)
        .map(|m| Chart {
            title: format!("{} ({})", m.label, measures::unit_word(&m.unit)),
            points: m.points.iter().map(|p| (p.date, p.value)).collect(),
            target: r
                .outcomes
                .iter()
                .find(|o| o.key == m.key)
                .and_then(|o| o.target),
            range: None,
        });
    pain.into_iter().chain(measured).collect()
}

/// The body chart's height at a width: its title, the figure (420 x 500)
/// and its legend.
fn body_tall(width: f32) -> f32 {
    16.0 + width * 500.0 / 420.0 + 4.0
}

/// The body chart at the right of the prescription's facts, which flow
/// beside it until they pass below it.
fn body_beside(f: &mut Flow<'_>, r: &Report, vocab: &Vocabulary) {
    let width = f.body_w();
    let tall = body_tall(width);
    let left = MARGIN + TEXT_W - width;
    let top = f.y - 2.0;
    f.text_at(
        left,
        top - 9.0,
        8.5,
        true,
        "Body chart (all sessions shown)",
    );
    f.body_chart(
        left,
        top - 16.0,
        width,
        &vocab.coverage(&r.prescription.regions),
        &vocab.coverage(&treated_regions(r)),
        &vocab.coverage(&avoided_regions(r)),
    );
    let page = f.pages.len() - 1;
    f.float = Some((page, top - tall, width + GAP));
}

/// A fact at `left`: its name in bold, its value wrapped in the rest of
/// `width` from `key_w`.
fn fact(f: &mut Flow<'_>, k: &str, v: &str, size: f32, left: f32, key_w: f32, width: f32) {
    let lines = f.wrap(v, size, false, width - key_w);
    let lead = size * f.lead;
    // Together on this page if they fit on one, else from a new page on.
    f.ensure(lines.len() as f32 * lead);
    f.text_at(left, f.y - lead + size * 0.25, size, true, k);
    for line in lines {
        f.ensure(lead);
        f.y -= lead;
        f.text_at(left + key_w, f.y + size * 0.25, size, false, &line);
    }
}

/// A section's facts in two columns, down the left and then the right,
/// when the page is free of figures here and every value fits on one line
/// beside its name: half the lines. False, and nothing drawn, otherwise.
fn two_columns(f: &mut Flow<'_>, facts: &[(&'static str, String)], size: f32) -> bool {
    if facts.len() < 4 || f.text_w() < TEXT_W {
        return false;
    }
    let column = (TEXT_W - GAP) / 2.0;
    let key_w = facts
        .iter()
        .map(|(k, _)| f.font(true).width(k, size))
        .fold(0.0, f32::max)
        + 8.0;
    if facts
        .iter()
        .any(|(_, v)| f.font(false).width(v, size) > column - key_w)
    {
        return false;
    }
    let rows = facts.len().div_ceil(2);
    let lead = size * f.lead;
    f.ensure(rows as f32 * lead);
    let top = f.y;
    for (half, left) in [
        (&facts[..rows], MARGIN),
        (&facts[rows..], MARGIN + column + GAP),
    ] {
        f.y = top;
        for (k, v) in half {
            fact(f, k, v, size, left, key_w, column);
        }
    }
    f.y = top - rows as f32 * lead;
    true
}
