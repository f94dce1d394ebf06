//! Page one of the PDF: the letter, laid out with the least it must give
//! up to stay on its page.

use super::{BOLD, Flow, FontUse, MARGIN, Op, PAGE_W, REGULAR, Report};
use crate::report::letter::{Fit, compose_fit};

/// The least page one must give up to fit on its page (the most, if
/// nothing fits): every format composes page one with it, so the HTML
/// letter prints on one page where the PDF's does.
pub fn letter_fit(r: &Report) -> Fit {
    match [FontUse::new(REGULAR), FontUse::new(BOLD)] {
        [Ok(a), Ok(b)] => letter_fit_with(r, &[a, b]),
        _ => Fit::default(),
    }
}

pub(super) fn letter_fit_with(r: &Report, fonts: &[FontUse; 2]) -> Fit {
    (0..=Fit::MOST.0)
        .map(Fit)
        .find(|fit| {
            let mut f = Flow::new(fonts);
            letter(&mut f, r, *fit);
            f.pages.len() == 1
        })
        .unwrap_or(Fit::MOST)
}

pub(super) fn letter(f: &mut Flow<'_>, r: &Report, fit: Fit) {
    let l = compose_fit(r, fit);
    let body = 9.0;
    f.para(&l.letterhead[0], 13.0, true, 0.0);
    for line in &l.letterhead[1..] {
        f.para(line, 8.5, false, 0.0);
    }
    f.space(3.0);
    f.rule(0.2);
    f.space(4.0);
    // The date on the right of the addressee's first line.
    let dw = f.font(false).width(&l.date, body);
    f.text_at(
        PAGE_W - MARGIN - dw,
        f.y - body * 1.3 + body * 0.25,
        body,
        false,
        &l.date,
    );
    for line in &l.to {
        f.para(line, body, false, 0.0);
    }
    f.space(5.0);
    f.para(&l.title, body, true, 0.0);
    for (i, line) in l.re.iter().enumerate() {
        f.para(line, body, i == 0, 0.0);
    }
    f.space(5.0);
    f.para(&l.salutation, body, false, 0.0);
    if let Some(a) = &l.alert {
        f.space(3.0);
        let top = f.y;
        f.para(a, body, true, 8.0);
        let y = f.y;
        f.page().push(Op::Line {
            points: vec![(MARGIN + 2.0, top - 1.0), (MARGIN + 2.0, y + 1.0)],
            width: 2.5,
            gray: 0.0,
            dash: false,
        });
    }
    f.space(3.0);
    f.para(&l.summary, body, false, 0.0);
    f.space(4.0);
    f.para("Outcomes", 10.0, true, 0.0);
    match &l.outcomes {
        Some((header, rows)) => {
            f.space(1.0);
            f.table_marked(header, rows, &[3.0, 2.3, 1.0, 1.3, 1.9], 8.0, l.worse_rows);
            f.space(1.0);
            f.para(&l.outcomes_note, 7.0, false, 0.0);
        }
        None => f.para("No outcome measures recorded.", body, false, 0.0),
    }
    if let Some(s) = &l.setbacks {
        f.para(s, 7.5, false, 0.0);
    }
    if !l.goals.is_empty() {
        f.space(3.0);
        for g in &l.goals {
            f.para(g, body, false, 0.0);
        }
    }
    f.space(4.0);
    f.para(&l.compliance, body, false, 0.0);
    if let Some(p) = &l.patient_says {
        f.space(3.0);
        f.para(p, body, false, 0.0);
    }
    if let Some(h) = &l.home_programme {
        f.space(3.0);
        f.para(h, body, false, 0.0);
    }
    if let Some(a) = &l.assessment {
        f.space(3.0);
        f.para(a, body, false, 0.0);
    }
    f.space(5.0);
    f.para(&l.recommendation, body, true, 0.0);
    for line in &l.renewal {
        f.para(line, body, false, 0.0);
    }
    f.space(6.0);
    f.para(l.closing, body, false, 0.0);
    f.ensure(50.0);
    // Room to sign in; a little less when page one is full.
    f.space(if l.reply.as_ref().is_some_and(|r| r.one_row) {
        18.0
    } else {
        24.0
    });
    let y = f.y;
    f.page().push(Op::Line {
        points: vec![(MARGIN, y), (MARGIN + 200.0, y)],
        width: 0.6,
        gray: 0.0,
        dash: false,
    });
    for line in &l.signer {
        f.para(line, 8.5, false, 0.0);
    }
    if let Some(reply) = &l.reply {
        // A box to sign and fax back.
        let lead = 8.5 * 1.3;
        let rows = if reply.one_row {
            1
        } else {
            reply.choices.len()
        };
        let h = lead * (1 + rows + 2 * reply.lines.len()) as f32 + 14.0;
        // A full page one sets the box closer under the signature.
        let gap = if reply.one_row { 4.0 } else { 8.0 };
        f.ensure(h + gap);
        f.space(gap);
        let top = f.y;
        f.space(4.0);
        f.para(&reply.heading, 8.5, true, 6.0);
        if reply.one_row {
            // Each choice after its box, side by side.
            let gap = 18.0;
            let widths: Vec<f32> = reply
                .choices
                .iter()
                .map(|c| f.font(false).width(c, 8.5))
                .collect();
            f.space(lead);
            let y = f.y + 8.5 * 0.25;
            let mut x = MARGIN + 7.0;
            for (c, w) in reply.choices.iter().zip(widths) {
                tick_box(f, x, y - 0.9);
                f.text_at(x + 13.0, y, 8.5, false, c);
                x += 13.0 + w + gap;
            }
        } else {
            for c in &reply.choices {
                f.para(c, 8.5, false, 20.0);
                tick_box(f, MARGIN + 7.0, f.y + 1.2);
            }
        }
        for line in &reply.lines {
            f.space(lead);
            f.para(line, 8.5, false, 6.0);
        }
        f.space(5.0);
        let bottom = f.y;
        f.page().push(Op::Line {
            points: vec![
                (MARGIN, top),
                (PAGE_W - MARGIN, top),
                (PAGE_W - MARGIN, bottom),
                (MARGIN, bottom),
                (MARGIN, top),
            ],
            width: 0.8,
            gray: 0.0,
            dash: false,
        });
    }
}

/// The box to tick before a choice, drawn: the font has no ballot box.
fn tick_box(f: &mut Flow<'_>, x: f32, y: f32) {
    f.page().push(Op::Line {
        points: vec![
            (x, y),
            (x + 7.5, y),
            (x + 7.5, y + 7.5),
            (x, y + 7.5),
            (x, y),
        ],
        width: 0.7,
        gray: 0.0,
        dash: false,
    });
}
