//! The fax cover sheet as the PDF's first page (`report --cover`): the
//! words of `report::cover`, large enough to read off a fax.

use super::{BOTTOM, Flow, FontUse, MARGIN, Op, TEXT_W};
use crate::report::Report;
use crate::report::cover::{HEADING, cover};

/// The cover's pages (one, unless the practice's address runs long) for a
/// letter of `letter` pages: each counts the cover's own pages in the total.
pub(super) fn cover_pages(r: &Report, fonts: &[FontUse; 2], letter: usize) -> Vec<Vec<Op>> {
    let mut own = 1;
    loop {
        let pages = lay(r, fonts, letter + own);
        if pages.len() == own {
            return pages;
        }
        own = pages.len();
    }
}

fn lay(r: &Report, fonts: &[FontUse; 2], total: usize) -> Vec<Vec<Op>> {
    let c = cover(r, Some(total));
    let mut f = Flow::new(fonts);
    f.para(&c.letterhead[0], 16.0, true, 0.0);
    for line in &c.letterhead[1..] {
        f.para(line, 10.0, false, 0.0);
    }
    f.space(6.0);
    f.rule(0.2);
    f.space(24.0);
    f.para(HEADING, 40.0, true, 0.0);
    f.space(18.0);
    let (size, key_w) = (12.0, 80.0);
    let lead = size * 1.35;
    for (k, lines) in &c.rows {
        let wrapped: Vec<String> = lines
            .iter()
            .flat_map(|l| f.wrap(l, size, false, TEXT_W - key_w))
            .collect();
        f.ensure(wrapped.len() as f32 * lead + 10.0);
        f.text_at(
            MARGIN,
            f.y - lead + size * 0.25,
            size,
            true,
            &format!("{k}:"),
        );
        for line in wrapped {
            f.ensure(lead);
            f.y -= lead;
            f.text_at(MARGIN + key_w, f.y + size * 0.25, size, false, &line);
        }
        f.space(6.0);
        f.rule(0.8);
        f.space(4.0);
    }
    if let Some(request) = &c.request {
        f.space(14.0);
        f.para(request, 12.0, true, 0.0);
    }
    // The notice at the foot of the page, in a box, where a fax cover has it.
    let (size, pad) = (9.0, 6.0);
    let lines = f.wrap(&c.notice, size, false, TEXT_W - 2.0 * pad);
    let h = lines.len() as f32 * size * 1.3 + 2.0 * pad;
    let top = (BOTTOM + 12.0 + h).min(f.y - 24.0);
    if top - h < BOTTOM {
        f.new_page();
        f.y -= 12.0;
    } else {
        f.y = top;
    }
    let top = f.y;
    f.y -= pad;
    for line in &lines {
        f.y -= size * 1.3;
        f.text_at(MARGIN + pad, f.y + size * 0.25, size, false, line);
    }
    f.y -= pad;
    let bottom = f.y;
    let (l, r) = (MARGIN, MARGIN + TEXT_W);
    f.page().push(Op::Line {
        points: vec![(l, top), (r, top), (r, bottom), (l, bottom), (l, top)],
        width: 1.0,
        gray: 0.0,
        dash: false,
    });
    f.pages
}
