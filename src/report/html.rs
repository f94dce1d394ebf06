//! The report as one self-contained HTML page: inline CSS and SVG, no script,
//! no network reference, laid out to print on A4 and Letter. Markup is built
//! only here, through `esc` and a few element helpers.

use crate::outcomes;
use crate::text;
use crate::vocab::measures;
use std::fmt::Write as _;
use std::io::Write;

use super::bodymap::spots;
use super::cover;
use super::letter::compose_fit;
use super::{Report, outline};
use crate::vocab::Vocabulary;

/// Escapes text for HTML element content and attribute values.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    // A control character means nothing on a page and acts on a terminal
    // the page is printed to.
    for c in text::clean(s).chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

const CSS: &str = "
@page { margin: 12mm; }
* { box-sizing: border-box; }
body { font: 10pt/1.35 Georgia, 'Times New Roman', serif; color: #111; max-width: 186mm; margin: 0 auto; padding: 8px; overflow-wrap: break-word; }
h1 { font-size: 15pt; margin: 0 0 4px; }
h2 { font-size: 11.5pt; margin: 14px 0 4px; border-bottom: 1px solid #444; page-break-after: avoid; }
table { border-collapse: collapse; width: 100%; font-size: 9pt; }
th, td { text-align: left; vertical-align: top; padding: 2px 6px; border-bottom: 1px solid #ccc; }
table.facts th { width: 32%; font-weight: normal; color: #333; }
table.facts td, table.sessions td:nth-child(7), table.measures td { overflow-wrap: anywhere; }
table.sessions td:nth-child(-n+2), table.sessions td:nth-child(6) { white-space: nowrap; }
tr, figure, section.keep { page-break-inside: avoid; break-inside: avoid; }
.charts { display: flex; gap: 12px; align-items: flex-start; flex-wrap: wrap; }
figure { margin: 0; }
figcaption { font-size: 8.5pt; color: #333; }
figure.measure { width: 240px; }
.letterhead { border-bottom: 1px solid #444; padding-bottom: 4px; }
.address { display: flex; justify-content: space-between; align-items: flex-start; }
.address p { margin: 6px 0; }
#letter { font-size: 9.5pt; line-height: 1.3; }
#letter p { margin: 4px 0; }
#letter h2 { margin-top: 8px; }
table.outcomes td, table.outcomes th { white-space: normal; overflow-wrap: anywhere; }
tr.worse td { font-weight: bold; }
.alert { border-left: 3px solid #000; padding-left: 6px; }
.reply { border: 1px solid #000; padding: 4px 8px; margin-top: 8px; font-size: 9pt; }
.reply .box { display: inline-block; width: 8pt; height: 8pt; border: 1px solid #000; margin-right: 5pt; vertical-align: -1pt; }
.reply .choice { margin-right: 18pt; }
.note { font-size: 8.5pt; color: #333; }
.signature { border-bottom: 1px solid #000; width: 60mm; height: 10mm; }
section.appendix { page-break-before: always; break-before: page; }
section.appendix h1 { font-size: 13pt; }
section.cover { page: cover; page-break-after: always; break-after: page; font-size: 12pt; }
section.cover h1 { font-size: 36pt; letter-spacing: 4px; margin: 28px 0 14px; }
table.cover th, table.cover td { font-size: 12pt; padding: 6px; }
table.cover th { width: 16%; }
section.cover .request { margin-top: 18px; }
section.cover .notice { border: 1.5px solid #000; padding: 6px 8px; margin-top: 36px; font-size: 9pt; }
";

fn facts_table(out: &mut String, facts: &[(&'static str, String)]) {
    out.push_str("<table class=\"facts\">");
    for (k, v) in facts {
        let _ = write!(
            out,
            "<tr><th scope=\"row\">{}</th><td>{}</td></tr>",
            esc(k),
            esc(v).replace('\n', "<br>")
        );
    }
    out.push_str("</table>");
}

/// A section's table, classed by its section (`sessions`, `measures`):
/// only the session log keeps its short columns (date, minutes, pain) on
/// one line; any other cell wraps, so no table is wider than the page.
fn data_table(out: &mut String, class: &str, header: &[&str], rows: &[Vec<String>]) {
    let _ = write!(out, "<table class=\"{class}\"><thead><tr>");
    for h in header {
        let _ = write!(out, "<th scope=\"col\">{}</th>", esc(h));
    }
    out.push_str("</tr></thead><tbody>");
    for row in rows {
        out.push_str("<tr>");
        for (i, c) in row.iter().enumerate() {
            let cell = esc(c);
            // A service code and its units (`97124 x2`) stay together; a
            // list of them wraps after its commas.
            let cell = if class == "sessions" && i == 2 {
                cell.replace(" x", "\u{a0}x")
            } else {
                cell
            };
            let _ = write!(out, "<td>{cell}</td>");
        }
        out.push_str("</tr>");
    }
    out.push_str("</tbody></table>");
}

/// Pain before (solid) and after (dashed) each session, 0-10.
pub fn pain_chart(r: &Report) -> String {
    let pts = &r.pain.series;
    let (w, h, left, top, bottom) = (320.0_f32, 170.0_f32, 28.0_f32, 10.0_f32, 24.0_f32);
    let plot_h = h - top - bottom;
    // By date: a gap between visits shows as a gap.
    let (first, last) = match (pts.first(), pts.last()) {
        (Some(a), Some(b)) => (a.date, b.date),
        _ => (r.date, r.date),
    };
    let x = |i: usize| {
        left + 5.0 + (w - left - 10.0) * super::chart::at(pts[i].date, first, last) as f32
    };
    let y = |v: u8| top + plot_h * (1.0 - f32::from(v.min(10)) / 10.0);
    let mut s = String::new();
    let _ = write!(
        s,
        "<svg id=\"pain-chart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {w} {h}\" width=\"{w}\" height=\"{h}\" role=\"img\" aria-label=\"Pain before and after each session\">"
    );
    for v in [0u8, 5, 10] {
        let _ = write!(
            s,
            "<line x1=\"{left}\" x2=\"{}\" y1=\"{y}\" y2=\"{y}\" stroke=\"#bbb\" stroke-width=\"0.5\"/><text x=\"{}\" y=\"{}\" font-size=\"9\" text-anchor=\"end\">{v}</text>",
            w - 5.0,
            left - 4.0,
            y(v) + 3.0,
            y = y(v)
        );
    }
    if pts.is_empty() {
        let _ = write!(
            s,
            "<text x=\"{}\" y=\"{}\" font-size=\"10\" text-anchor=\"middle\">No pain scores recorded</text>",
            w / 2.0,
            h / 2.0
        );
    } else {
        let before: Vec<String> = pts
            .iter()
            .enumerate()
            .map(|(i, p)| format!("{:.1},{:.1}", x(i), y(p.before)))
            .collect();
        let _ = write!(
            s,
            "<polyline class=\"before\" fill=\"none\" stroke=\"#000\" stroke-width=\"1.6\" points=\"{}\"/>",
            before.join(" ")
        );
        let after: Vec<String> = pts
            .iter()
            .enumerate()
            .filter_map(|(i, p)| p.after.map(|a| format!("{:.1},{:.1}", x(i), y(a))))
            .collect();
        if !after.is_empty() {
            let _ = write!(
                s,
                "<polyline class=\"after\" fill=\"none\" stroke=\"#000\" stroke-width=\"1.2\" stroke-dasharray=\"4 3\" points=\"{}\"/>",
                after.join(" ")
            );
        }
        for (i, p) in pts.iter().enumerate() {
            let _ = write!(
                s,
                "<circle cx=\"{:.1}\" cy=\"{:.1}\" r=\"2.2\" fill=\"#000\"><title>{}: {} before</title></circle>",
                x(i),
                y(p.before),
                p.date,
                p.before
            );
        }
        let years_differ = pts.iter().any(|p| {
            use chrono::Datelike;
            p.date.year() != last.year()
        });
        let first = super::chart::short_date(first, years_differ);
        let last = super::chart::short_date(last, true);
        let _ = write!(
            s,
            "<text x=\"{left}\" y=\"{}\" font-size=\"9\">{first}</text><text x=\"{}\" y=\"{}\" font-size=\"9\" text-anchor=\"end\">{last}</text>",
            h - 8.0,
            w - 5.0,
            h - 8.0
        );
    }
    s.push_str("</svg>");
    s
}

fn outline_figure(s: &mut String, ox: f32) {
    let _ = write!(
        s,
        "<g fill=\"none\" stroke=\"#777\" stroke-width=\"1.2\" transform=\"translate({ox},0)\">\
<circle cx=\"100\" cy=\"32\" r=\"20\"/><rect x=\"92\" y=\"50\" width=\"16\" height=\"16\"/>\
<rect x=\"60\" y=\"68\" width=\"80\" height=\"170\" rx=\"18\"/>\
<rect x=\"34\" y=\"74\" width=\"18\" height=\"140\" rx=\"9\"/><rect x=\"148\" y=\"74\" width=\"18\" height=\"140\" rx=\"9\"/>\
<ellipse cx=\"39\" cy=\"226\" rx=\"8\" ry=\"13\"/><ellipse cx=\"161\" cy=\"226\" rx=\"8\" ry=\"13\"/>\
<rect x=\"66\" y=\"236\" width=\"29\" height=\"180\" rx=\"12\"/><rect x=\"105\" y=\"236\" width=\"29\" height=\"180\" rx=\"12\"/>\
<ellipse cx=\"79\" cy=\"424\" rx=\"11\" ry=\"8\"/><ellipse cx=\"121\" cy=\"424\" rx=\"11\" ry=\"8\"/></g>"
    );
}

/// Front and back outlines with the prescribed regions hatched and the
/// treated regions filled solid: two styles that survive black-and-white print.
pub fn body_chart(r: &Report, vocab: &Vocabulary) -> String {
    let prescribed = vocab.coverage(&r.prescription.regions);
    let treated = vocab.coverage(&super::treated_regions(r));
    let avoided = vocab.coverage(&super::avoided_regions(r));
    let mut s = String::new();
    s.push_str("<svg id=\"body-chart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 420 500\" width=\"300\" height=\"357\" role=\"img\" aria-label=\"Body chart: prescribed and treated regions\">");
    s.push_str("<defs><pattern id=\"hatch\" width=\"5\" height=\"5\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\"><line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"5\" stroke=\"#000\" stroke-width=\"1.4\"/></pattern></defs>");
    for (front, ox, label) in [(true, 0.0_f32, "Front"), (false, 220.0, "Back")] {
        outline_figure(&mut s, ox);
        let _ = write!(
            s,
            "<text x=\"{}\" y=\"462\" font-size=\"12\" text-anchor=\"middle\">{label}</text>",
            ox + 100.0
        );
        let (l, r_) = if front { ("R", "L") } else { ("L", "R") };
        let _ = write!(
            s,
            "<text x=\"{}\" y=\"14\" font-size=\"10\">{l}</text><text x=\"{}\" y=\"14\" font-size=\"10\" text-anchor=\"end\">{r_}</text>",
            ox + 8.0,
            ox + 192.0
        );
        for (set, class) in [(&prescribed, "prescribed"), (&treated, "treated")] {
            let _ = write!(s, "<g class=\"{class}\" transform=\"translate({ox},0)\">");
            for atom in set.iter() {
                for spot in spots(atom, front) {
                    let style = if class == "prescribed" {
                        "fill=\"url(#hatch)\" stroke=\"#000\" stroke-width=\"1\" stroke-dasharray=\"3 2\""
                    } else {
                        "fill=\"#000\" fill-opacity=\"0.55\" stroke=\"#000\" stroke-width=\"0.8\""
                    };
                    let (rx, ry) = if class == "treated" {
                        (spot.rx * 0.6, spot.ry * 0.6)
                    } else {
                        (spot.rx, spot.ry)
                    };
                    let _ = write!(
                        s,
                        "<ellipse data-region=\"{}\" cx=\"{:.1}\" cy=\"{:.1}\" rx=\"{:.1}\" ry=\"{:.1}\" {style}><title>{} ({class})</title></ellipse>",
                        esc(atom),
                        spot.cx,
                        spot.cy,
                        rx,
                        ry,
                        esc(atom)
                    );
                }
            }
            s.push_str("</g>");
        }
        // A region to avoid (the prescription's, the patient's, a
        // clearance's): crossed out.
        let _ = write!(
            s,
            "<g class=\"avoided\" transform=\"translate({ox},0)\" stroke=\"#000\" stroke-width=\"2\">"
        );
        for atom in avoided.iter() {
            for spot in spots(atom, front) {
                let d = spot.rx.min(spot.ry) * 0.8;
                let _ = write!(
                    s,
                    "<path data-region=\"{}\" d=\"M{:.1} {:.1}L{:.1} {:.1}M{:.1} {:.1}L{:.1} {:.1}\"><title>{} (avoided)</title></path>",
                    esc(atom),
                    spot.cx - d,
                    spot.cy - d,
                    spot.cx + d,
                    spot.cy + d,
                    spot.cx - d,
                    spot.cy + d,
                    spot.cx + d,
                    spot.cy - d,
                    esc(atom)
                );
            }
        }
        s.push_str("</g>");
    }
    // Legend.
    s.push_str("<g class=\"legend\" font-size=\"11\"><rect x=\"20\" y=\"476\" width=\"16\" height=\"12\" fill=\"url(#hatch)\" stroke=\"#000\" stroke-dasharray=\"3 2\"/><text x=\"42\" y=\"486\">prescribed</text>");
    s.push_str("<ellipse cx=\"150\" cy=\"482\" rx=\"8\" ry=\"6\" fill=\"#000\" fill-opacity=\"0.55\" stroke=\"#000\"/><text x=\"164\" y=\"486\">treated</text>");
    if !avoided.is_empty() {
        s.push_str("<path d=\"M264 477L274 487M264 487L274 477\" stroke=\"#000\" stroke-width=\"2\"/><text x=\"280\" y=\"486\">avoided</text>");
    }
    s.push_str("</g>");
    s.push_str("</svg>");
    s
}

/// A measure chart's title: the measure, and its target when set.
pub fn chart_title(m: &outcomes::Series, target: Option<f64>) -> String {
    match target {
        Some(t) => format!("{}; target {} (dashed)", m.label, measures::number(t)),
        None => m.label.clone(),
    }
}

/// One measure's values over the course by date (a gap between visits
/// shows), on round ticks; the target, when set, dashed and named in the
/// title.
pub fn measure_chart(m: &outcomes::Series, target: Option<f64>) -> String {
    let (w, h, left, top, bottom) = (240.0_f64, 110.0_f64, 34.0_f64, 8.0_f64, 18.0_f64);
    let values: Vec<f64> = m.points.iter().map(|p| p.value).chain(target).collect();
    let lo = values.iter().copied().fold(f64::MAX, f64::min);
    let hi = values.iter().copied().fold(f64::MIN, f64::max);
    let ticks = super::chart::ticks(lo, hi);
    let (lo, hi) = (ticks[0], ticks[ticks.len() - 1]);
    let plot_h = h - top - bottom;
    let plot_w = w - left - 14.0;
    let (first, last) = match (m.points.first(), m.points.last()) {
        (Some(a), Some(b)) => (a.date, b.date),
        _ => return String::new(),
    };
    let x = |d: chrono::NaiveDate| left + 5.0 + plot_w * super::chart::at(d, first, last);
    let y = |v: f64| top + plot_h * (1.0 - (v - lo) / (hi - lo));
    let mut s = String::new();
    let _ = write!(
        s,
        "<svg class=\"measure-chart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {w} {h}\" width=\"{w}\" height=\"{h}\" role=\"img\" aria-label=\"{}\">",
        esc(&chart_title(m, target))
    );
    for v in &ticks {
        let _ = write!(
            s,
            "<line x1=\"{left}\" x2=\"{}\" y1=\"{y:.1}\" y2=\"{y:.1}\" stroke=\"#ccc\" stroke-width=\"0.5\"/><text x=\"{}\" y=\"{:.1}\" font-size=\"8\" text-anchor=\"end\">{}</text>",
            w - 5.0,
            left - 3.0,
            y(*v) + 3.0,
            measures::number(*v),
            y = y(*v)
        );
    }
    if let Some(t) = target {
        let _ = write!(
            s,
            "<line class=\"target\" x1=\"{left}\" x2=\"{}\" y1=\"{y:.1}\" y2=\"{y:.1}\" stroke=\"#000\" stroke-width=\"0.8\" stroke-dasharray=\"3 2\"/>",
            w - 5.0,
            y = y(t)
        );
    }
    let pts: Vec<String> = m
        .points
        .iter()
        .map(|p| format!("{:.1},{:.1}", x(p.date), y(p.value)))
        .collect();
    let _ = write!(
        s,
        "<polyline fill=\"none\" stroke=\"#000\" stroke-width=\"1.4\" points=\"{}\"/>",
        pts.join(" ")
    );
    for p in &m.points {
        let _ = write!(
            s,
            "<circle cx=\"{:.1}\" cy=\"{:.1}\" r=\"2\" fill=\"#000\"><title>{}: {}</title></circle>",
            x(p.date),
            y(p.value),
            p.date,
            measures::number(p.value)
        );
    }
    let years_differ = m.points.iter().any(|p| {
        use chrono::Datelike;
        p.date.year() != last.year()
    });
    let _ = write!(
        s,
        "<text x=\"{left}\" y=\"{}\" font-size=\"8\">{}</text><text x=\"{}\" y=\"{}\" font-size=\"8\" text-anchor=\"end\">{}</text>",
        h - 4.0,
        super::chart::short_date(first, years_differ),
        w - 5.0,
        h - 4.0,
        super::chart::short_date(last, true)
    );
    s.push_str("</svg>");
    s
}

/// Text as a CSS string's contents: quotes, backslashes, angle brackets
/// and control characters as CSS escapes, so nothing leaves the string or
/// the `<style>` element.
fn css_string(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '"' | '\\' | '<' | '>' | '&' => format!("\\{:x} ", u32::from(c)),
            c if c.is_control() => " ".to_string(),
            c => c.to_string(),
        })
        .collect()
}

/// Each printed page footed with the patient and `page N of M` (CSS page
/// margin boxes; a browser without them prints no footer, nothing else).
fn page_footer(r: &Report) -> String {
    let born = r
        .patient
        .birth_date
        .map_or(String::new(), |b| format!(", born {b}"));
    format!(
        "@page {{ @bottom-left {{ content: \"{}\"; font: 8pt sans-serif; }} @bottom-right {{ content: \"page \" counter(page) \" of \" counter(pages); font: 8pt sans-serif; }} }}",
        css_string(&format!("{}{born}", r.patient.name))
    )
}

fn lines(ls: &[String]) -> String {
    ls.iter().map(|l| esc(l)).collect::<Vec<_>>().join("<br/>")
}

pub fn render(r: &Report, vocab: &Vocabulary, out: &mut dyn Write) -> std::io::Result<()> {
    render_with(r, vocab, false, out)
}

/// The fax cover sheet as the first printed page: its own page (`page:
/// cover`), footed with no patient, the browser's page count at its top.
fn cover_sheet(r: &Report, h: &mut String) {
    let c = cover::cover(r, None);
    let _ = write!(
        h,
        "<section id=\"cover\" class=\"cover\"><header class=\"letterhead\"><strong>{}</strong><br/>{}</header><h1>{}</h1><table class=\"cover\">",
        esc(&c.letterhead[0]),
        lines(&c.letterhead[1..]),
        cover::HEADING
    );
    for (k, v) in &c.rows {
        let _ = write!(
            h,
            "<tr><th scope=\"row\">{}:</th><td>{}</td></tr>",
            esc(k),
            lines(v)
        );
    }
    h.push_str("</table>");
    if let Some(request) = &c.request {
        let _ = write!(
            h,
            "<p class=\"request\"><strong>{}</strong></p>",
            esc(request)
        );
    }
    let _ = write!(h, "<p class=\"notice\">{}</p></section>", esc(&c.notice));
}

/// [`render`], after a fax cover sheet when `cover` (`report --cover`).
pub fn render_with(
    r: &Report,
    vocab: &Vocabulary,
    cover: bool,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    let mut h = String::new();
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"en\" xmlns=\"http://www.w3.org/1999/xhtml\"><head><meta charset=\"utf-8\"/><title>Progress report: {} ({})</title><style>{CSS}{}</style></head><body>",
        esc(&r.patient.name),
        r.date,
        page_footer(r)
            + &if cover {
                // The cover's page: footed with no patient, and the
                // browser's count of the pages at its top.
                format!(
                    "@page cover {{ @bottom-left {{ content: \"{}\"; font: 8pt sans-serif; }} @top-right {{ content: \"Pages: \" counter(pages) \", this cover included\"; font: bold 11pt sans-serif; }} }}",
                    css_string(cover::FOOTER)
                )
            } else {
                String::new()
            }
    );
    if cover {
        cover_sheet(r, &mut h);
    }
    // Page one gives up what the PDF's does to stay on its page.
    let l = compose_fit(r, super::pdf::letter_fit(r));
    let _ = write!(
        h,
        "<section id=\"letter\"><header class=\"letterhead\"><strong>{}</strong><br/>{}</header><div class=\"address\"><p class=\"to\">{}</p><p class=\"date\">{}</p></div><p class=\"title\"><strong>{}</strong></p><p class=\"re\"><strong>{}</strong><br/>{}</p><p>{}</p>",
        esc(&l.letterhead[0]),
        lines(&l.letterhead[1..]),
        lines(&l.to),
        esc(&l.date),
        esc(&l.title),
        esc(&l.re[0]),
        lines(&l.re[1..]),
        esc(&l.salutation),
    );
    if let Some(a) = &l.alert {
        let _ = write!(h, "<p class=\"alert\"><strong>{}</strong></p>", esc(a));
    }
    let _ = write!(h, "<p>{}</p>", esc(&l.summary));
    h.push_str("<h2>Outcomes</h2>");
    match &l.outcomes {
        Some((header, rows)) => {
            h.push_str("<table class=\"outcomes\"><thead><tr>");
            for c in header {
                let _ = write!(h, "<th scope=\"col\">{}</th>", esc(c));
            }
            h.push_str("</tr></thead><tbody>");
            for (i, row) in rows.iter().enumerate() {
                h.push_str(if i < l.worse_rows {
                    "<tr class=\"worse\">"
                } else {
                    "<tr>"
                });
                for c in row {
                    let _ = write!(h, "<td>{}</td>", esc(c));
                }
                h.push_str("</tr>");
            }
            h.push_str("</tbody></table>");
            let _ = write!(h, "<p class=\"note\">{}</p>", esc(&l.outcomes_note));
        }
        None => h.push_str("<p>No outcome measures recorded.</p>"),
    }
    if let Some(s) = &l.setbacks {
        let _ = write!(h, "<p class=\"note\">{}</p>", esc(s));
    }
    if !l.goals.is_empty() {
        let _ = write!(h, "<p id=\"goals\">{}</p>", lines(&l.goals));
    }
    let _ = write!(h, "<p id=\"compliance\">{}</p>", esc(&l.compliance));
    if let Some(p) = &l.patient_says {
        let _ = write!(h, "<p>{}</p>", esc(p));
    }
    if let Some(p) = &l.home_programme {
        let _ = write!(h, "<p id=\"home-programme\">{}</p>", esc(p));
    }
    if let Some(a) = &l.assessment {
        let _ = write!(h, "<p>{}</p>", esc(a));
    }
    let _ = write!(
        h,
        "<p id=\"recommendation\"><strong>{}</strong>",
        esc(&l.recommendation)
    );
    if !l.renewal.is_empty() {
        let _ = write!(h, "<br/>{}", lines(&l.renewal));
    }
    let _ = write!(
        h,
        "</p><p>{}</p><div class=\"signature\"></div><p>{}</p>",
        esc(l.closing),
        lines(&l.signer)
    );
    if let Some(reply) = &l.reply {
        // Each choice after its box to tick; side by side when page one is full.
        let choices: Vec<String> = reply
            .choices
            .iter()
            .map(|c| {
                format!(
                    "<span class=\"choice\"><span class=\"box\"></span>{}</span>",
                    esc(c)
                )
            })
            .collect();
        let _ = write!(
            h,
            "<div class=\"reply\" id=\"reply\"><strong>{}</strong><br/>{}<br/><br/>{}</div>",
            esc(&reply.heading),
            choices.join(if reply.one_row { " " } else { "<br/>" }),
            reply
                .lines
                .iter()
                .map(|c| esc(c))
                .collect::<Vec<_>>()
                .join("<br/>")
        );
    }
    h.push_str("</section>");
    let _ = write!(
        h,
        "<section id=\"appendix\" class=\"appendix\"><h1>Appendix: session log for {}</h1>",
        esc(&r.patient.name)
    );
    for s in outline(r, vocab, None) {
        let id = s.title.to_ascii_lowercase().replace(' ', "-");
        let _ = write!(h, "<section id=\"{id}\"><h2>{}</h2>", esc(s.title));
        if !s.facts.is_empty() {
            facts_table(&mut h, &s.facts);
        }
        if let Some((header, rows)) = &s.table {
            data_table(&mut h, &id, header, rows);
        }
        for p in &s.paragraphs {
            let _ = write!(h, "<p>{}</p>", esc(p));
        }
        if s.title == "Measures" && !r.measures.is_empty() {
            h.push_str("<div class=\"charts\">");
            for m in r.measures.iter().filter(|m| m.key.measure != "pain") {
                let target = r
                    .outcomes
                    .iter()
                    .find(|o| o.key == m.key)
                    .and_then(|o| o.target);
                let _ = write!(
                    h,
                    "<figure class=\"measure\"><figcaption>{}</figcaption>{}</figure>",
                    esc(&chart_title(m, target)),
                    measure_chart(m, target)
                );
            }
            h.push_str("</div>");
        }
        if s.title == "Pain" {
            let _ = write!(
                h,
                "<div class=\"charts\"><figure>{}<figcaption>Pain 0-10 at each session: solid line before treatment, dashed line after.</figcaption></figure><figure>{}<figcaption>Body chart: hatched = prescribed, solid = treated, crossed out = avoided (all sessions shown).</figcaption></figure></div>",
                pain_chart(r),
                body_chart(r, vocab)
            );
        }
        h.push_str("</section>");
    }
    h.push_str("</section></body></html>\n");
    out.write_all(h.as_bytes())
}

#[cfg(test)]
mod css_tests {
    use super::css_string;

    #[test]
    fn a_name_cannot_leave_its_css_string() {
        assert_eq!(css_string("Ana Lima"), "Ana Lima");
        let s = css_string("x\"; } </style><script>");
        assert!(
            !s.contains('"') && !s.contains('<') && !s.contains('>'),
            "{s}"
        );
    }
}
