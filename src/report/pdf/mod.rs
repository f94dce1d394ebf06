//! The report as a PDF written by mmx itself: US Letter pages, DejaVu Sans
//! embedded (a 54 KB subset committed in `assets/fonts`, its licence beside
//! it) as a Type 0 font with a ToUnicode map, so the text is selectable and
//! `pdftotext` reads it. Page one is the letter; the session log, measures
//! and charts follow as the appendix; every page is footed with the
//! patient's name, date of birth and `page N of M`.
//!
//! Layout is a small flow of lines, wrapped by the font's own advance
//! widths; pages are laid out first, so the footer knows M.

use crate::text;
use chrono::Datelike;
use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;

use pdf_writer::types::{CidFontType, FontFlags, SystemInfo, UnicodeCmap};
use pdf_writer::{Content, Finish, Name, Pdf, Rect, Ref, Str, TextStr};

use super::Report;
use super::bodymap::spots;
use crate::vocab::Vocabulary;
use crate::vocab::measures::number;
use appendix::appendix;
use cover::cover_pages;
pub use page_one::letter_fit;
use page_one::{letter, letter_fit_with};

const REGULAR: &[u8] = include_bytes!("../../../assets/fonts/DejaVuSans.ttf");
const BOLD: &[u8] = include_bytes!("../../../assets/fonts/DejaVuSans-Bold.ttf");

/// US Letter, in points.
const PAGE_W: f32 = 612.0;
const PAGE_H: f32 = 792.0;
const MARGIN: f32 = 50.0;
const TOP: f32 = PAGE_H - 44.0;
/// Nothing but the footer below this.
const BOTTOM: f32 = 52.0;
const TEXT_W: f32 = PAGE_W - 2.0 * MARGIN;

/// One font as used: its glyphs and the characters they stand for.
struct FontUse {
    face: ttf_parser::Face<'static>,
    scale: f32,
    used: BTreeMap<u16, char>,
    /// Characters the font lacks, drawn as `?`.
    missing: BTreeSet<char>,
}

impl FontUse {
    fn new(data: &'static [u8]) -> std::io::Result<Self> {
        let face = ttf_parser::Face::parse(data, 0)
            .map_err(|e| std::io::Error::other(format!("the embedded font does not parse: {e}")))?;
        let scale = 1000.0 / f32::from(face.units_per_em());
        Ok(FontUse {
            face,
            scale,
            used: BTreeMap::new(),
            missing: BTreeSet::new(),
        })
    }
    /// The glyph for a character; one the font lacks is drawn as `?`.
    fn glyph(&self, c: char) -> (u16, char) {
        match self.face.glyph_index(c) {
            Some(g) => (g.0, c),
            None => (self.face.glyph_index('?').map_or(0, |g| g.0), '?'),
        }
    }
    /// The advance of one character, in thousandths of the font size.
    fn advance(&self, c: char) -> f32 {
        let (g, _) = self.glyph(c);
        let adv = self
            .face
            .glyph_hor_advance(ttf_parser::GlyphId(g))
            .unwrap_or(0);
        f32::from(adv) * self.scale
    }
    /// Width of `text` at `size` points.
    fn width(&self, text: &str, size: f32) -> f32 {
        text.chars().map(|c| self.advance(c)).sum::<f32>() * size / 1000.0
    }
    /// The text as two-byte glyph ids, remembering each glyph.
    fn encode(&mut self, text: &str) -> Vec<u8> {
        let mut out = Vec::with_capacity(text.len() * 2);
        for c in text.chars() {
            let (g, shown) = self.glyph(c);
            if shown != c {
                self.missing.insert(c);
            }
            self.used.entry(g).or_insert(shown);
            out.extend_from_slice(&g.to_be_bytes());
        }
        out
    }
}

/// What a page draws, before it is encoded.
enum Op {
    Text {
        x: f32,
        y: f32,
        size: f32,
        bold: bool,
        text: String,
    },
    Line {
        points: Vec<(f32, f32)>,
        width: f32,
        gray: f32,
        dash: bool,
    },
    Dot {
        x: f32,
        y: f32,
    },
    /// An ellipse, outlined, dashed or filled.
    Ellipse {
        cx: f32,
        cy: f32,
        rx: f32,
        ry: f32,
        style: Shape,
    },
}

/// How an ellipse is drawn: the body's outline solid gray, a prescribed
/// region dashed black, a treated one filled gray.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Shape {
    Outline,
    Dashed,
    Filled(f32),
}

/// Text flowing down pages.
struct Flow<'f> {
    fonts: &'f [FontUse; 2],
    pages: Vec<Vec<Op>>,
    y: f32,
    /// Charts and the body chart drawn smaller, to spare a near-empty
    /// last page.
    tight: bool,
    /// A figure at the right of the text (the body chart beside the
    /// prescription): its page, its bottom and the width it takes with its
    /// gap. Text beside it is narrower; a table or a chart starts below it.
    float: Option<(usize, f32, f32)>,
    /// Line height, in font sizes.
    lead: f32,
}

impl<'f> Flow<'f> {
    fn new(fonts: &'f [FontUse; 2]) -> Self {
        Flow {
            fonts,
            pages: vec![Vec::new()],
            y: TOP,
            tight: false,
            float: None,
            lead: 1.3,
        }
    }
    fn chart_h(&self) -> f32 {
        if self.tight { 92.0 } else { CHART_H }
    }
    fn body_w(&self) -> f32 {
        if self.tight { 160.0 } else { BODY_W }
    }
    fn font(&self, bold: bool) -> &FontUse {
        &self.fonts[usize::from(bold)]
    }
    fn page(&mut self) -> &mut Vec<Op> {
        self.pages.last_mut().expect("a page")
    }
    fn new_page(&mut self) {
        self.pages.push(Vec::new());
        self.y = TOP;
        self.float = None;
    }
    /// The width text may take here: less beside a figure at the right.
    fn text_w(&self) -> f32 {
        match self.float {
            Some((page, bottom, taken)) if page + 1 == self.pages.len() && self.y > bottom => {
                TEXT_W - taken
            }
            _ => TEXT_W,
        }
    }
    /// Below the figure at the right, if there is one on this page.
    fn clear(&mut self) {
        if let Some((page, bottom, _)) = self.float.take()
            && page + 1 == self.pages.len()
        {
            self.y = self.y.min(bottom);
        }
    }
    /// Room for `h` points on this page, else a new one.
    fn ensure(&mut self, h: f32) {
        if self.y - h < BOTTOM {
            self.new_page();
        }
    }
    fn space(&mut self, h: f32) {
        self.y -= h;
    }
    fn text_at(&mut self, x: f32, y: f32, size: f32, bold: bool, text: &str) {
        let text = text::clean(text).replace(['\n', '\t'], " ");
        self.page().push(Op::Text {
            x,
            y,
            size,
            bold,
            text,
        });
    }
    /// Lines of `text` no wider than `width`, broken at spaces (a word
    /// longer than the width is broken where it must be).
    fn wrap(&self, text: &str, size: f32, bold: bool, width: f32) -> Vec<String> {
        wrap(self.font(bold), text, size, width)
    }
    /// A wrapped paragraph at the left margin plus `indent`.
    fn para(&mut self, text: &str, size: f32, bold: bool, indent: f32) {
        let lead = size * self.lead;
        for line in self.wrap(text, size, bold, self.text_w() - indent) {
            self.ensure(lead);
            self.y -= lead;
            self.text_at(MARGIN + indent, self.y + size * 0.25, size, bold, &line);
        }
    }
    fn rule(&mut self, gray: f32) {
        let (y, w) = (self.y, self.text_w());
        self.page().push(Op::Line {
            points: vec![(MARGIN, y), (MARGIN + w, y)],
            width: 0.6,
            gray,
            dash: false,
        });
    }
    fn heading(&mut self, text: &str) {
        self.ensure(40.0);
        self.space(if self.tight { 4.0 } else { 8.0 });
        self.para(text, if self.tight { 10.0 } else { 11.0 }, true, 0.0);
        self.space(2.0);
        self.rule(0.3);
        self.space(2.0);
    }
    /// A table whose columns are as wide as what they hold, much as a
    /// browser lays out an HTML table, so rows wrap no more than they must.
    /// Each column has three widths: its longest word or short piece
    /// (`word`: less and a word breaks), its longest piece (what a cell lists between commas or
    /// semicolons, `97124 x2`, `6 → 4`, `Lumbar spine`, up to `PIECE`
    /// points) and its longest cell (`line`). Each column gets the widest
    /// tier whose sum fits, and the room left in proportion to how much
    /// more than that its longest cell wants.
    fn table_fitted(&mut self, header: &[&str], rows: &[Vec<String>], size: f32) {
        const PIECE: f32 = 90.0;
        const SHORT: f32 = 40.0;
        let edge = 7.0;
        let columns = header.len();
        let mut word = vec![0.0_f32; columns];
        let mut piece = vec![0.0_f32; columns];
        let mut line = vec![0.0_f32; columns];
        let mut measure = |cells: &mut dyn Iterator<Item = &str>, font: &FontUse| {
            for (i, c) in cells.enumerate().take(columns) {
                let longest = |t: &str| {
                    t.split_whitespace()
                        .map(|w| font.width(w, size))
                        .fold(0.0, f32::max)
                };
                // A piece with the comma after it, as a line holds it.
                let comma = font.width(",", size);
                let widths = c
                    .split([',', ';'])
                    .map(|p| (font.width(p.trim(), size) + comma, p));
                let pieces = widths
                    .clone()
                    .map(|(w, p)| w.min(PIECE).max(longest(p)))
                    .fold(0.0, f32::max);
                // A short piece (a code and its units, a pain pair) is
                // never broken: it counts as a word.
                let short = widths
                    .filter(|(w, _)| *w <= SHORT)
                    .map(|(w, _)| w)
                    .fold(0.0, f32::max);
                word[i] = word[i].max(longest(c).max(short) + edge);
                piece[i] = piece[i].max(pieces + edge);
                line[i] = line[i].max(font.width(c, size) + edge);
            }
        };
        measure(&mut header.iter().copied(), self.font(true));
        for row in rows {
            measure(&mut row.iter().map(String::as_str), self.font(false));
        }
        let sum = |v: &[f32]| v.iter().sum::<f32>();
        let between = |low: &[f32], high: &[f32]| -> Vec<f32> {
            let k = ((TEXT_W - sum(low)) / (sum(high) - sum(low)).max(f32::EPSILON)).min(1.0);
            low.iter().zip(high).map(|(l, h)| l + (h - l) * k).collect()
        };
        let shares = if sum(&line) <= TEXT_W {
            line
        } else if sum(&piece) <= TEXT_W {
            between(&piece, &line)
        } else if sum(&word) <= TEXT_W {
            between(&word, &line)
        } else {
            // Words wider than the page together: each its share.
            word
        };
        self.table_marked(header, rows, &shares, size, 0);
    }
    /// A table with columns in the given proportions, whose first `bold`
    /// rows are set in bold (worse measures); the header repeats on a new
    /// page.
    fn table_marked(
        &mut self,
        header: &[&str],
        rows: &[Vec<String>],
        shares: &[f32],
        size: f32,
        bold: usize,
    ) {
        self.clear();
        let total: f32 = shares.iter().sum();
        let widths: Vec<f32> = shares.iter().map(|s| s / total * TEXT_W).collect();
        let lead = size * 1.25;
        let pad = 3.0;
        let layout = |flow: &Flow<'_>, cells: &[String], bold: bool| {
            let wrapped: Vec<Vec<String>> = cells
                .iter()
                .zip(&widths)
                .map(|(c, w)| flow.wrap(c, size, bold, w - 2.0 * pad))
                .collect();
            let n = wrapped.iter().map(Vec::len).max().unwrap_or(1).max(1);
            (wrapped, n as f32 * lead + 3.0)
        };
        let draw = |flow: &mut Flow<'_>, wrapped: &[Vec<String>], h: f32, bold: bool| {
            let mut x = MARGIN;
            for (lines, w) in wrapped.iter().zip(&widths) {
                for (i, line) in lines.iter().enumerate() {
                    let y = flow.y - lead * (i as f32 + 1.0) + size * 0.25;
                    flow.text_at(x + pad, y, size, bold, line);
                }
                x += w;
            }
            flow.y -= h;
            flow.rule(if bold { 0.2 } else { 0.75 });
        };
        let head: Vec<String> = header.iter().map(|h| h.to_string()).collect();
        let (head_cells, head_h) = layout(self, &head, true);
        let first_h = rows.first().map_or(0.0, |r| layout(self, r, false).1);
        self.ensure(head_h + first_h);
        draw(self, &head_cells, head_h, true);
        for (i, row) in rows.iter().enumerate() {
            let strong = i < bold;
            let (cells, h) = layout(self, row, strong);
            if self.y - h < BOTTOM {
                self.new_page();
                draw(self, &head_cells, head_h, true);
            }
            draw(self, &cells, h, strong);
            if strong {
                // A bold row's rule is as light as any body row's.
                if let Some(Op::Line { gray, .. }) = self.page().last_mut() {
                    *gray = 0.75;
                }
            }
        }
    }
    /// A line chart of values by date in a box `CHART_W` wide, its top at
    /// `top` and its left at `left`: round ticks on the y axis, the first
    /// and last dates on the x axis, points placed by date (a gap between
    /// visits shows), the target dashed and named in the title.
    fn chart_at(&mut self, left: f32, top: f32, chart: &Chart) {
        let (w, h) = (CHART_W - 20.0, self.chart_h() - 34.0);
        let mut title = chart.title.clone();
        if let Some(t) = chart.target {
            title.push_str(&format!("; target {} (dashed)", number(t)));
        }
        // The title wraps within its chart, two lines at most.
        let lines = self.wrap(&title, 8.0, true, CHART_W - 14.0);
        for (i, line) in lines.iter().take(2).enumerate() {
            self.text_at(left, top - 8.0 - 9.5 * i as f32, 8.0, true, line);
        }
        let top = top - 24.0;
        let all: Vec<f64> = chart
            .points
            .iter()
            .map(|p| p.1)
            .chain(chart.target)
            .collect();
        let lo = all.iter().copied().fold(f64::MAX, f64::min);
        let hi = all.iter().copied().fold(f64::MIN, f64::max);
        let ticks = super::chart::ticks(
            chart.range.map_or(lo, |r| r.0.min(lo)),
            chart.range.map_or(hi, |r| r.1.max(hi)),
        );
        let (lo, hi) = (ticks[0], ticks[ticks.len() - 1]);
        let x0 = left + 26.0;
        let plot_w = left + w - x0 - 8.0;
        let y_of = |v: f64| top - h + h * ((v - lo) / (hi - lo)).clamp(0.0, 1.0) as f32;
        for v in &ticks {
            let y = y_of(*v);
            self.page().push(Op::Line {
                points: vec![(x0, y), (left + w, y)],
                width: 0.3,
                gray: 0.8,
                dash: false,
            });
            let label = number(*v);
            let lw = self.font(false).width(&label, 7.0);
            self.text_at(x0 - 3.0 - lw, y - 2.5, 7.0, false, &label);
        }
        if let Some(t) = chart.target {
            let y = y_of(t);
            self.page().push(Op::Line {
                points: vec![(x0, y), (left + w, y)],
                width: 0.8,
                gray: 0.0,
                dash: true,
            });
        }
        let (Some(first), Some(last)) = (chart.points.first(), chart.points.last()) else {
            return;
        };
        let (first, last) = (first.0, last.0);
        let points: Vec<(f32, f32)> = chart
            .points
            .iter()
            .map(|(d, v)| {
                let x = x0 + 4.0 + plot_w * super::chart::at(*d, first, last) as f32;
                (x, y_of(*v))
            })
            .collect();
        let years_differ = chart.points.iter().any(|p| p.0.year() != last.year());
        let a = super::chart::short_date(first, years_differ);
        let b = super::chart::short_date(last, true);
        self.text_at(x0, top - h - 9.0, 7.0, false, &a);
        let bw = self.font(false).width(&b, 7.0);
        self.text_at(left + w - bw, top - h - 9.0, 7.0, false, &b);
        for &(x, y) in &points {
            self.page().push(Op::Dot { x, y });
        }
        self.page().push(Op::Line {
            points,
            width: 1.2,
            gray: 0.0,
            dash: false,
        });
    }

    /// Charts two to a row.
    fn charts(&mut self, charts: &[Chart]) {
        self.clear();
        for pair in charts.chunks(2) {
            self.ensure(self.chart_h() + 6.0);
            let top = self.y - 6.0;
            for (i, c) in pair.iter().enumerate() {
                self.chart_at(MARGIN + i as f32 * (TEXT_W / 2.0), top, c);
            }
            self.y = top - self.chart_h();
        }
    }

    /// Front and back outlines: prescribed regions dashed, treated filled
    /// gray (both survive a fax); `top` is its top, `left` its left.
    fn body_chart(
        &mut self,
        left: f32,
        top: f32,
        width: f32,
        prescribed: &BTreeSet<String>,
        treated: &BTreeSet<String>,
        avoided: &BTreeSet<String>,
    ) {
        // The HTML chart's 420 x 500 box, scaled into BODY_W.
        let k = width / 420.0;
        let at = |x: f32, y: f32| (left + x * k, top - y * k);
        for (front, ox, label) in [(true, 0.0_f32, "Front"), (false, 220.0, "Back")] {
            // head, neck, torso, arms, legs: the HTML outline as boxes.
            let (hx, hy) = at(ox + 100.0, 32.0);
            self.page().push(Op::Ellipse {
                cx: hx,
                cy: hy,
                rx: 20.0 * k,
                ry: 20.0 * k,
                style: Shape::Outline,
            });
            for (x, y, w, h) in [
                (92.0, 50.0, 16.0, 16.0),
                (60.0, 68.0, 80.0, 170.0),
                (34.0, 74.0, 18.0, 140.0),
                (148.0, 74.0, 18.0, 140.0),
                (66.0, 236.0, 29.0, 180.0),
                (105.0, 236.0, 29.0, 180.0),
            ] {
                let (x0, y0) = at(ox + x, y);
                let (x1, y1) = at(ox + x + w, y + h);
                self.page().push(Op::Line {
                    points: vec![(x0, y0), (x1, y0), (x1, y1), (x0, y1), (x0, y0)],
                    width: 0.6,
                    gray: 0.55,
                    dash: false,
                });
            }
            let (lx, ly) = at(ox + 100.0, 462.0);
            let lw = self.font(false).width(label, 8.0);
            self.text_at(lx - lw / 2.0, ly, 8.0, false, label);
            let (l, r) = if front { ("R", "L") } else { ("L", "R") };
            let (sx, sy) = at(ox + 8.0, 14.0);
            self.text_at(sx, sy, 7.0, false, l);
            let (sx, sy) = at(ox + 186.0, 14.0);
            self.text_at(sx, sy, 7.0, false, r);
            for (set, style) in [(prescribed, Shape::Dashed), (treated, Shape::Filled(0.45))] {
                for atom in set {
                    for spot in spots(atom, front) {
                        let (cx, cy) = at(ox + spot.cx, spot.cy);
                        let shrink = if style == Shape::Dashed { 1.0 } else { 0.6 };
                        self.page().push(Op::Ellipse {
                            cx,
                            cy,
                            rx: spot.rx * k * shrink,
                            ry: spot.ry * k * shrink,
                            style,
                        });
                    }
                }
            }
            for atom in avoided {
                for spot in spots(atom, front) {
                    let (cx, cy) = at(ox + spot.cx, spot.cy);
                    self.cross(cx, cy, spot.rx.min(spot.ry) * k * 0.8);
                }
            }
        }
        // The legend: each symbol as drawn on the figure.
        let (lx, ly) = at(10.0, 490.0);
        self.page().push(Op::Ellipse {
            cx: lx + 4.0,
            cy: ly + 3.0,
            rx: 5.0,
            ry: 3.5,
            style: Shape::Dashed,
        });
        self.text_at(lx + 12.0, ly, 7.5, false, "prescribed");
        self.page().push(Op::Ellipse {
            cx: lx + 70.0,
            cy: ly + 3.0,
            rx: 3.5,
            ry: 2.5,
            style: Shape::Filled(0.45),
        });
        self.text_at(lx + 78.0, ly, 7.5, false, "treated");
        if !avoided.is_empty() {
            self.cross(lx + 124.0, ly + 3.0, 3.5);
            self.text_at(lx + 131.0, ly, 7.5, false, "avoided");
        }
    }

    /// An X over a region: one the prescription avoids.
    fn cross(&mut self, cx: f32, cy: f32, r: f32) {
        for (dx, dy) in [(r, r), (r, -r)] {
            self.page().push(Op::Line {
                points: vec![(cx - dx, cy - dy), (cx + dx, cy + dy)],
                width: 1.1,
                gray: 0.0,
                dash: false,
            });
        }
    }
}

/// Lines of `text` no wider than `width` at `size` points, broken at
/// spaces; a word longer than the width is broken where it must be (after
/// the longest part that fits, one character at least). Linear in the
/// text: each character's advance is added once to the running width of
/// its line, in the order [`FontUse::width`] adds them, so a line fits
/// exactly when its measured width does (advances are never negative, so a
/// running width only grows).
fn wrap(font: &FontUse, text: &str, size: f32, width: f32) -> Vec<String> {
    let fits = |sum: f32| sum * size / 1000.0 <= width;
    let space = font.advance(' ');
    let mut lines = Vec::new();
    for para in text.split('\n') {
        // The line so far and the sum of its advances.
        let mut line = String::new();
        let mut sum = 0.0_f32;
        for word in para.split(' ').filter(|w| !w.is_empty()) {
            if !line.is_empty() {
                let with = word
                    .chars()
                    .fold(sum + space, |acc, c| acc + font.advance(c));
                if fits(with) {
                    line.push(' ');
                    line.push_str(word);
                    sum = with;
                    continue;
                }
                lines.push(std::mem::take(&mut line));
            }
            // The word starts a line: each piece as long as fits (one
            // character at least), the last left for the words after it.
            let mut start = 0;
            sum = 0.0;
            for (i, c) in word.char_indices() {
                let adv = font.advance(c);
                if i > start && !fits(sum + adv) {
                    lines.push(word[start..i].to_string());
                    start = i;
                    sum = 0.0;
                }
                sum += adv;
            }
            if !fits(sum) {
                // One character wider than the line: on a line of its own.
                lines.push(word[start..].to_string());
                start = word.len();
                sum = 0.0;
            }
            line.push_str(&word[start..]);
        }
        lines.push(line);
    }
    lines
}

/// One line chart: values by date, an optional target, and the range the
/// measure's scale asks to show (pain's 0-10), if any.
struct Chart {
    title: String,
    points: Vec<(chrono::NaiveDate, f64)>,
    target: Option<f64>,
    range: Option<(f64, f64)>,
}

const CHART_W: f32 = TEXT_W / 2.0;
const CHART_H: f32 = 120.0;
const BODY_W: f32 = 180.0;

/// Writes the PDF; returns the characters the embedded font lacks (drawn
/// as `?`), for the caller to warn of.
pub fn render(r: &Report, vocab: &Vocabulary, out: &mut dyn Write) -> std::io::Result<Vec<char>> {
    render_with(r, vocab, false, out)
}

/// [`render`], after a fax cover sheet when `cover` (`report --cover`):
/// the cover is page 1, footed with no patient, and counts in every
/// page's `page N of M`.
pub fn render_with(
    r: &Report,
    vocab: &Vocabulary,
    cover: bool,
    out: &mut dyn Write,
) -> std::io::Result<Vec<char>> {
    let mut fonts = [FontUse::new(REGULAR)?, FontUse::new(BOLD)?];
    let mut pages = layout(r, vocab, &fonts);
    let covers = if cover {
        let sheet = cover_pages(r, &fonts, pages.len());
        let n = sheet.len();
        pages.splice(0..0, sheet);
        n
    } else {
        0
    };
    out.write_all(&write_pdf(r, &pages, covers, &mut fonts))?;
    let [a, b] = fonts;
    Ok(a.missing.union(&b.missing).copied().collect())
}

/// The pages, laid out: the letter, then the appendix from a new page.
fn layout(r: &Report, vocab: &Vocabulary, fonts: &[FontUse; 2]) -> Vec<Vec<Op>> {
    let fit = letter_fit_with(r, fonts);
    let laid = |tight: bool| {
        let mut f = Flow::new(fonts);
        letter(&mut f, r, fit);
        f.new_page();
        f.tight = tight;
        if tight {
            f.lead = 1.2;
        }
        appendix(&mut f, r, vocab);
        f.pages
    };
    let pages = laid(false);
    // The figures drawn smaller and the facts set closer, if that spares a
    // page (a last page holding a line or two).
    let tight = laid(true);
    if tight.len() < pages.len() {
        return tight;
    }
    pages
}

/// The pages written, footed; the first `covers` are a fax cover's, footed
/// with no patient.
fn write_pdf(r: &Report, pages: &[Vec<Op>], covers: usize, fonts: &mut [FontUse; 2]) -> Vec<u8> {
    let mut pdf = Pdf::new();
    let mut next = 1;
    let mut alloc = || {
        let id = Ref::new(next);
        next += 1;
        id
    };
    let catalog = alloc();
    let tree = alloc();
    let info = alloc();
    let font_ids: Vec<[Ref; 5]> = (0..2)
        .map(|_| [alloc(), alloc(), alloc(), alloc(), alloc()])
        .collect();
    let page_ids: Vec<(Ref, Ref)> = pages.iter().map(|_| (alloc(), alloc())).collect();
    pdf.catalog(catalog).pages(tree);
    pdf.pages(tree)
        .kids(page_ids.iter().map(|(p, _)| *p))
        .count(page_ids.len() as i32);
    let title = format!("Progress report: {}", r.patient.name);
    pdf.document_info(info)
        .title(TextStr(&title))
        .producer(TextStr(concat!("mmx ", env!("CARGO_PKG_VERSION"))));
    let born = r
        .patient
        .birth_date
        .map_or(String::new(), |b| format!(", born {b}"));
    let total = pages.len();
    for (n, (ops, (page_id, content_id))) in pages.iter().zip(&page_ids).enumerate() {
        let mut c = Content::new();
        for op in ops {
            draw(&mut c, op, fonts);
        }
        let number = format!("page {} of {total}", n + 1);
        let room = TEXT_W - fonts[0].width(&number, 8.0) - 18.0;
        let footer = if n < covers {
            super::cover::FOOTER.to_string()
        } else {
            footer_text(&fonts[0], &r.patient.name, &born, room)
        };
        c.set_stroke_gray(0.5).set_line_width(0.4);
        c.move_to(MARGIN, 40.0)
            .line_to(PAGE_W - MARGIN, 40.0)
            .stroke();
        draw(
            &mut c,
            &Op::Text {
                x: MARGIN,
                y: 28.0,
                size: 8.0,
                bold: false,
                text: footer,
            },
            fonts,
        );
        let w = fonts[0].width(&number, 8.0);
        draw(
            &mut c,
            &Op::Text {
                x: PAGE_W - MARGIN - w,
                y: 28.0,
                size: 8.0,
                bold: false,
                text: number,
            },
            fonts,
        );
        let mut page = pdf.page(*page_id);
        page.media_box(Rect::new(0.0, 0.0, PAGE_W, PAGE_H))
            .parent(tree)
            .contents(*content_id);
        let mut res = page.resources();
        let mut f = res.fonts();
        f.pair(Name(b"F0"), font_ids[0][0]);
        f.pair(Name(b"F1"), font_ids[1][0]);
        f.finish();
        res.finish();
        page.finish();
        pdf.stream(*content_id, &c.finish());
    }
    for (font, ids) in fonts.iter().zip(&font_ids) {
        embed(&mut pdf, font, *ids);
    }
    pdf.finish()
}

/// The footer's patient: the name and `, born DATE` in `room` points at 8
/// points, the name shortened (with `…`) before it would reach the page
/// number, the birth date always whole.
fn footer_text(font: &FontUse, name: &str, born: &str, room: f32) -> String {
    let name = text::clean(name).replace(['\n', '\t'], " ");
    let whole = format!("{name}{born}");
    if font.width(&whole, 8.0) <= room {
        return whole;
    }
    let rest = font.width(&format!("…{born}"), 8.0);
    let mut kept = String::new();
    let mut width = 0.0;
    for c in name.chars() {
        let w = font.advance(c) * 8.0 / 1000.0;
        if width + w + rest > room {
            break;
        }
        kept.push(c);
        width += w;
    }
    format!("{}…{born}", kept.trim_end())
}

fn draw(c: &mut Content, op: &Op, fonts: &mut [FontUse; 2]) {
    match op {
        Op::Text {
            x,
            y,
            size,
            bold,
            text,
        } => {
            let bytes = fonts[usize::from(*bold)].encode(text);
            let name: &[u8] = if *bold { b"F1" } else { b"F0" };
            c.set_fill_gray(0.0);
            c.begin_text()
                .set_font(Name(name), *size)
                .next_line(*x, *y)
                .show(Str(&bytes))
                .end_text();
        }
        Op::Line {
            points,
            width,
            gray,
            dash,
        } => {
            let Some(first) = points.first() else { return };
            c.save_state();
            c.set_stroke_gray(*gray).set_line_width(*width);
            if *dash {
                c.set_dash_pattern([3.0, 2.0], 0.0);
            }
            c.move_to(first.0, first.1);
            for p in &points[1..] {
                c.line_to(p.0, p.1);
            }
            c.stroke();
            c.restore_state();
        }
        Op::Dot { x, y } => {
            c.set_fill_gray(0.0);
            c.rect(x - 1.6, y - 1.6, 3.2, 3.2).fill_nonzero();
        }
        Op::Ellipse {
            cx,
            cy,
            rx,
            ry,
            style,
        } => {
            // Four cubic Béziers, with the usual 0.5523 control distance.
            let (kx, ky) = (rx * 0.5523, ry * 0.5523);
            c.save_state();
            c.move_to(cx + rx, *cy);
            c.cubic_to(cx + rx, cy + ky, cx + kx, cy + ry, *cx, cy + ry);
            c.cubic_to(cx - kx, cy + ry, cx - rx, cy + ky, cx - rx, *cy);
            c.cubic_to(cx - rx, cy - ky, cx - kx, cy - ry, *cx, cy - ry);
            c.cubic_to(cx + kx, cy - ry, cx + rx, cy - ky, cx + rx, *cy);
            c.close_path();
            match style {
                Shape::Filled(gray) => {
                    c.set_fill_gray(*gray)
                        .set_stroke_gray(0.0)
                        .set_line_width(0.5);
                    c.fill_nonzero_and_stroke();
                }
                Shape::Dashed => {
                    c.set_stroke_gray(0.0).set_line_width(0.6);
                    c.set_dash_pattern([2.0, 1.5], 0.0);
                    c.stroke();
                }
                Shape::Outline => {
                    c.set_stroke_gray(0.55).set_line_width(0.6);
                    c.stroke();
                }
            }
            c.restore_state();
        }
    }
}

/// A font as a Type 0 font over a CIDFontType2 with identity glyph ids,
/// widths for the glyphs used and a ToUnicode map for copying text.
fn embed(pdf: &mut Pdf, font: &FontUse, [type0, cid, descriptor, file, cmap]: [Ref; 5]) {
    let face = &font.face;
    let name_bytes: &[u8] = if face.is_bold() {
        b"DejaVuSans-Bold"
    } else {
        b"DejaVuSans"
    };
    let name = Name(name_bytes);
    pdf.type0_font(type0)
        .base_font(name)
        .encoding_predefined(Name(b"Identity-H"))
        .descendant_font(cid)
        .to_unicode(cmap);
    let info = SystemInfo {
        registry: Str(b"Adobe"),
        ordering: Str(b"Identity"),
        supplement: 0,
    };
    let mut c = pdf.cid_font(cid);
    c.subtype(CidFontType::Type2)
        .base_font(name)
        .system_info(info)
        .font_descriptor(descriptor)
        .default_width(0.0)
        .cid_to_gid_map_predefined(Name(b"Identity"));
    let mut w = c.widths();
    for g in font.used.keys() {
        let adv = face.glyph_hor_advance(ttf_parser::GlyphId(*g)).unwrap_or(0);
        w.consecutive(*g, [f32::from(adv) * font.scale]);
    }
    w.finish();
    c.finish();
    let bbox = face.global_bounding_box();
    let s = font.scale;
    pdf.font_descriptor(descriptor)
        .name(name)
        .flags(FontFlags::NON_SYMBOLIC)
        .bbox(Rect::new(
            f32::from(bbox.x_min) * s,
            f32::from(bbox.y_min) * s,
            f32::from(bbox.x_max) * s,
            f32::from(bbox.y_max) * s,
        ))
        .italic_angle(0.0)
        .ascent(f32::from(face.ascender()) * s)
        .descent(f32::from(face.descender()) * s)
        .cap_height(f32::from(face.capital_height().unwrap_or(face.ascender())) * s)
        .stem_v(if face.is_bold() { 120.0 } else { 80.0 })
        .font_file2(file);
    let data = if face.is_bold() { BOLD } else { REGULAR };
    pdf.stream(file, data)
        .pair(Name(b"Length1"), data.len() as i32);
    let mut map = UnicodeCmap::new(
        Name(b"mmx-UCS"),
        SystemInfo {
            registry: Str(b"Adobe"),
            ordering: Str(b"UCS"),
            supplement: 0,
        },
    );
    for (g, ch) in &font.used {
        map.pair(*g, *ch);
    }
    pdf.cmap(cmap, &map.finish());
}

mod appendix;
mod cover;
mod page_one;
#[cfg(test)]
mod tests;
