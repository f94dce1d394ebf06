//! Shared renderers: tables, `key: value` text and JSON, all writing to
//! `impl Write` so tests can render into a buffer.

use std::io::Write;

use comfy_table::{ContentArrangement, Table, presets};
use serde::Serialize;

use mmx::error::Result;
use mmx::text::clean;

/// stdout for commands: once the reader has gone (`mmx check | head`), the
/// rest of the output is dropped without an error, so the command still runs
/// to its end and exits with the status its records give. A pre-commit hook
/// whose output pipe closes still refuses a commit with errors.
pub struct ClosedPipeIsFine<W> {
    inner: W,
    closed: bool,
}

impl<W: Write> ClosedPipeIsFine<W> {
    pub fn new(inner: W) -> Self {
        ClosedPipeIsFine {
            inner,
            closed: false,
        }
    }

    fn guard<T>(&mut self, result: std::io::Result<T>, done: T) -> std::io::Result<T> {
        match result {
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {
                self.closed = true;
                Ok(done)
            }
            other => other,
        }
    }
}

impl<W: Write> Write for ClosedPipeIsFine<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.closed {
            return Ok(buf.len());
        }
        let result = self.inner.write(buf);
        self.guard(result, buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        if self.closed {
            return Ok(());
        }
        let result = self.inner.flush();
        self.guard(result, ())
    }
}

/// A writer that starts every line with `prefix`.
pub struct Prefixed<'w> {
    inner: &'w mut dyn Write,
    prefix: &'static str,
    at_start: bool,
}

impl<'w> Prefixed<'w> {
    pub fn new(inner: &'w mut dyn Write, prefix: &'static str) -> Self {
        Prefixed {
            inner,
            prefix,
            at_start: true,
        }
    }
}

impl Write for Prefixed<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        for line in buf.split_inclusive(|b| *b == b'\n') {
            if self.at_start {
                self.inner.write_all(self.prefix.as_bytes())?;
            }
            self.inner.write_all(line)?;
            self.at_start = line.ends_with(b"\n");
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

pub use mmx::error::io_err;

/// One line on stderr for each file a listing left out because it cannot
/// be read as a record.
pub fn skipped(err: &mut dyn Write, files: &[String]) -> Result<()> {
    for f in files {
        writeln!(
            err,
            "warning: skipped {f}: it cannot be read as a record (`mmx check` shows why)"
        )
        .map_err(io_err)?;
    }
    Ok(())
}

/// A table's column: what it is called and how it gives way when the
/// table is wider than the terminal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Col {
    /// A date, a status, a count: never wrapped, never left out.
    Key(&'static str),
    /// Never wrapped; left out when the table cannot fit, the lowest rank
    /// first.
    Detail(&'static str, u8),
    /// Words that wrap onto more lines.
    Text(&'static str),
    /// An id never left out, that breaks after a `-` when the table cannot
    /// fit otherwise (`marisol-quinones-` over `hartley-1964`).
    Id(&'static str),
}

impl Col {
    fn header(self) -> &'static str {
        match self {
            Col::Key(h) | Col::Detail(h, _) | Col::Text(h) | Col::Id(h) => h,
        }
    }
}

/// The narrowest an id column is made when ids must break.
const ID_MIN: usize = 13;

/// `id` in lines of at most `width` characters, broken after dashes (a
/// part longer than that stays whole).
fn break_id(id: &str, width: usize) -> String {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for part in id.split_inclusive('-') {
        if !line.is_empty() && line.chars().count() + part.chars().count() > width {
            lines.push(std::mem::take(&mut line));
        }
        line.push_str(part);
    }
    lines.push(line);
    lines.join("\n")
}

/// The narrowest a wrapping column is given before details are left out:
/// its longest term, up to this.
const TEXT_MIN: usize = 18;

/// The narrowest it is given before ids break.
const TEXT_FLOOR: usize = 12;

/// A plain ASCII table (it pastes into email and survives `grep`). On a
/// terminal it fits the window (`COLUMNS` if set, else the terminal's
/// width): text columns wrap, and detail columns are left out, the last
/// first, until the ids and dates fit on one line each. Piped, every column
/// is there and each row stays on one line.
pub fn table(out: &mut dyn Write, cols: &[Col], rows: Vec<Vec<String>>) -> Result<()> {
    table_within(out, cols, rows, terminal_width())
}

/// [`table`] for a window `width` wide (none: no window, as when piped).
fn table_within(
    out: &mut dyn Write,
    cols: &[Col],
    rows: Vec<Vec<String>>,
    width: Option<u16>,
) -> Result<()> {
    let rows: Vec<Vec<String>> = rows
        .into_iter()
        .map(|r| r.iter().map(|c| clean(c).into_owned()).collect())
        .collect();
    let mut kept: Vec<usize> = (0..cols.len()).collect();
    if let Some(width) = width {
        let natural = |i: usize| {
            rows.iter()
                .map(|r| r.get(i).map_or(0, |c| c.chars().count()))
                .chain([cols[i].header().len()])
                .max()
                .unwrap_or(0)
        };
        // The longest word (a term of a list, with its comma): what a
        // wrapping column should fit whole.
        let longest_term = |i: usize| {
            rows.iter()
                .filter_map(|r| r.get(i))
                .flat_map(|c| c.split([' ', '\n']))
                .map(|t| t.chars().count() + 1)
                .chain([cols[i].header().len()])
                .max()
                .unwrap_or(0)
        };
        // The width the table needs with these columns, wrapping text at
        // `text` at the narrowest and ids broken at `id_width` (none: whole).
        let need = |kept: &[usize], text: usize, id_width: Option<usize>| {
            kept.iter()
                .map(|&i| match (cols[i], id_width) {
                    (Col::Text(_), _) => longest_term(i).min(text),
                    (Col::Id(_), Some(w)) => natural(i).min(w),
                    _ => natural(i),
                } + 3)
                .sum::<usize>()
                + 1
        };
        let fits =
            |kept: &[usize], text, id_width| need(kept, text, id_width) <= usize::from(width);
        let all = kept.clone();
        // Details go first, the lowest rank first, while whole terms and
        // ids do not fit.
        while !fits(&kept, TEXT_MIN, None) {
            let rank = |i: usize| match cols[i] {
                Col::Detail(_, r) => Some(r),
                _ => None,
            };
            let Some(pos) = (0..kept.len())
                .filter(|&p| rank(kept[p]).is_some())
                .min_by_key(|&p| rank(kept[p]))
            else {
                break;
            };
            kept.remove(pos);
        }
        // Then terms are wrapped narrower, then ids broken after a dash, as
        // little as the window needs.
        let (text, id_width) = if fits(&kept, TEXT_MIN, None) {
            (TEXT_MIN, None)
        } else if fits(&kept, TEXT_FLOOR, None) {
            (TEXT_FLOOR, None)
        } else {
            let widest = kept.iter().map(|&i| natural(i)).max().unwrap_or(0);
            match (ID_MIN..widest)
                .rev()
                .find(|w| fits(&kept, TEXT_FLOOR, Some(*w)))
            {
                Some(w) => (TEXT_FLOOR, Some(w)),
                // Even broken ids do not fit: rows as they are, for the
                // terminal to wrap, rather than words cut a letter a line.
                None => return write_table(out, cols, &all, &rows, None),
            }
        };
        // What was left out for room that is there after all, back in: the
        // highest rank first.
        let mut dropped: Vec<usize> = all.iter().copied().filter(|i| !kept.contains(i)).collect();
        dropped.sort_by_key(|&i| {
            std::cmp::Reverse(match cols[i] {
                Col::Detail(_, r) => r,
                _ => 0,
            })
        });
        for i in dropped {
            let mut more = kept.clone();
            more.push(i);
            more.sort_unstable();
            if fits(&more, text, id_width) {
                kept = more;
            }
        }
        if let Some(id_width) = id_width {
            let rows: Vec<Vec<String>> = rows
                .into_iter()
                .map(|r| {
                    r.into_iter()
                        .enumerate()
                        .map(|(i, c)| match cols.get(i) {
                            Some(Col::Id(_)) => break_id(&c, id_width),
                            _ => c,
                        })
                        .collect()
                })
                .collect();
            return write_table(out, cols, &kept, &rows, Some(width));
        }
    }
    write_table(out, cols, &kept, &rows, width)
}

fn write_table(
    out: &mut dyn Write,
    cols: &[Col],
    kept: &[usize],
    rows: &[Vec<String>],
    width: Option<u16>,
) -> Result<()> {
    // Narrowed, a list of terms breaks between terms, never inside one
    // that fits.
    let narrowed: Vec<Vec<String>>;
    let rows = if width.is_some() {
        narrowed = rows
            .iter()
            .map(|r| {
                r.iter()
                    .enumerate()
                    .map(|(i, c)| match cols.get(i) {
                        Some(Col::Text(_)) => c.replace(", ", ",\n"),
                        _ => c.clone(),
                    })
                    .collect()
            })
            .collect();
        &narrowed[..]
    } else {
        rows
    };
    let mut t = Table::new();
    t.load_style(presets::ASCII_BORDERS_ONLY_CONDENSED)
        .set_content_arrangement(ContentArrangement::Disabled)
        .set_header(kept.iter().map(|&i| cols[i].header()).collect::<Vec<_>>());
    for row in rows {
        t.add_row(
            kept.iter()
                .map(|&i| row.get(i).cloned().unwrap_or_default())
                .collect::<Vec<_>>(),
        );
    }
    if let Some(width) = width {
        t.set_content_arrangement(ContentArrangement::Dynamic)
            .set_width(width);
        for (n, &i) in kept.iter().enumerate() {
            if !matches!(cols[i], Col::Text(_))
                && let Some(column) = t.column_mut(n)
            {
                column.set_constraint(comfy_table::ColumnConstraint::ContentWidth);
            }
        }
    }
    writeln!(out, "{t}").map_err(io_err)?;
    let hidden: Vec<&str> = (0..cols.len())
        .filter(|i| !kept.contains(i))
        .map(|i| cols[i].header())
        .collect();
    if !hidden.is_empty() {
        writeln!(out, "(not shown at this width: {})", hidden.join(", ")).map_err(io_err)?;
    }
    Ok(())
}

/// The width a table must fit: stdout's terminal, if it is one.
fn terminal_width() -> Option<u16> {
    use std::io::IsTerminal;
    if !std::io::stdout().is_terminal() {
        return None;
    }
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.parse().ok())
        .filter(|w| *w >= 20)
        .or_else(|| Table::new().width())
}

/// Pretty JSON. serde_json escapes C0 controls but writes DEL and C1 (CSI
/// among them) raw; those are escaped too (`\u009b`), so the same text piped
/// to a terminal does nothing. (They can only stand inside a string, where
/// the escape means the same character.)
pub fn json<T: Serialize + ?Sized>(out: &mut dyn Write, value: &T) -> Result<()> {
    let text = serde_json::to_string_pretty(value).map_err(|e| io_err(e.into()))?;
    let text = if text.chars().any(|c| ('\u{7f}'..='\u{9f}').contains(&c)) {
        let mut escaped = String::with_capacity(text.len());
        for c in text.chars() {
            if ('\u{7f}'..='\u{9f}').contains(&c) {
                escaped.push_str(&format!("\\u{:04x}", u32::from(c)));
            } else {
                escaped.push(c);
            }
        }
        escaped
    } else {
        text
    };
    writeln!(out, "{text}").map_err(io_err)
}

/// `key: value` lines for `show`; absent values are left out, multi-line
/// values are indented under their key.
#[derive(Default)]
pub struct KeyValues(Vec<(String, String)>);

impl KeyValues {
    pub fn add(&mut self, key: &str, value: impl ToString) -> &mut Self {
        self.0.push((key.to_string(), value.to_string()));
        self
    }
    pub fn opt(&mut self, key: &str, value: Option<impl ToString>) -> &mut Self {
        if let Some(v) = value {
            self.add(key, v);
        }
        self
    }
    pub fn list(&mut self, key: &str, values: &[String]) -> &mut Self {
        if !values.is_empty() {
            self.add(key, values.join(", "));
        }
        self
    }
    pub fn write(&self, out: &mut dyn Write) -> Result<()> {
        self.write_within(out, terminal_width())
    }

    /// [`KeyValues::write`] for a window `window` wide: a value wraps between
    /// words, under itself (none: each line of a value as it is).
    fn write_within(&self, out: &mut dyn Write, window: Option<u16>) -> Result<()> {
        let width = self.0.iter().map(|(k, _)| k.len()).max().unwrap_or(0);
        // Too narrow a column for words: the terminal wraps instead.
        let room = window
            .map(|w| usize::from(w).saturating_sub(width + 2))
            .filter(|r| *r >= 20);
        for (k, v) in &self.0 {
            let v = clean(v);
            let mut lines: Vec<String> = Vec::new();
            for line in v.lines() {
                match room {
                    Some(room) => lines.extend(wrap_words(line, room)),
                    None => lines.push(line.to_string()),
                }
            }
            let mut lines = lines.iter();
            let first = lines.next().map_or("", String::as_str);
            writeln!(out, "{k:<width$}  {first}").map_err(io_err)?;
            for line in lines {
                writeln!(out, "{:width$}  {line}", "").map_err(io_err)?;
            }
        }
        Ok(())
    }
}

/// Text for a terminal: each line wrapped between words at its width (as
/// it is when stdout is not a terminal).
pub fn wrapped(text: &str) -> String {
    match terminal_width() {
        Some(w) => text
            .lines()
            .flat_map(|l| wrap_words(l, usize::from(w)))
            .collect::<Vec<_>>()
            .join("\n"),
        None => text.to_string(),
    }
}

/// `text` in lines of at most `room` characters, broken between words (a
/// word longer than that stays whole on its line).
fn wrap_words(text: &str, room: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split(' ') {
        let len = line.chars().count();
        if !line.is_empty() && len + 1 + word.chars().count() > room {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    lines.push(line);
    lines
}

/// Says where an output asked for inside the practice folder went.
pub fn moved_to_documents(moved: &str) -> String {
    format!(
        "wrote {}: inside the practice folder, patient documents go to {}/, which git leaves out of the shared history",
        mmx::text::clean_line(moved),
        mmx::practice::documents::DOCUMENTS_DIR
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(cols: &[Col], rows: &[&[&str]], width: Option<u16>) -> String {
        let rows = rows
            .iter()
            .map(|r| r.iter().map(|c| c.to_string()).collect())
            .collect();
        let mut out = Vec::new();
        table_within(&mut out, cols, rows, width).unwrap();
        String::from_utf8(out).unwrap()
    }

    const COLS: &[Col] = &[
        Col::Id("patient"),
        Col::Id("id"),
        Col::Detail("issued", 2),
        Col::Key("visits"),
        Col::Text("regions"),
        Col::Detail("prescriber", 1),
    ];
    const ROWS: &[&[&str]] = &[
        &[
            "marisol-quinones-hartley-1964",
            "2026-07-06-lymphedema",
            "2026-07-06",
            "9/16",
            "cervical, left-pectoral, left-scapular",
            "Dr. Cassius Umberfield, MD",
        ],
        &[
            "jose-nunez-1975",
            "2026-06-01-sciatica",
            "2026-06-01",
            "8/8",
            "lumbar",
            "Dr. Harriet Quillfeather, MD",
        ],
    ];

    #[test]
    fn a_table_fits_the_window_it_is_given_and_keeps_every_column_when_piped() {
        let piped = render(COLS, ROWS, None);
        assert!(piped.lines().all(|l| l.len() > 120), "{piped}");
        assert!(piped.contains("Dr. Cassius Umberfield, MD"), "{piped}");
        for width in [80u16, 100, 60] {
            let shown = render(COLS, ROWS, Some(width));
            for line in shown.lines() {
                assert!(
                    line.chars().count() <= usize::from(width),
                    "{width}:\n{shown}"
                );
            }
            // What identifies a row is never left out.
            for header in ["patient", "id", "visits", "regions"] {
                assert!(
                    shown.lines().nth(1).unwrap().contains(header),
                    "{width}:\n{shown}"
                );
            }
        }
        // At 100 the ids fit whole, and the details go, the last first.
        let wide = render(COLS, ROWS, Some(100));
        assert!(wide.contains("marisol-quinones-hartley-1964"), "{wide}");
        let header = wide.lines().nth(1).unwrap();
        assert!(
            header.contains("issued") && !header.contains("prescriber"),
            "{wide}"
        );
        // And it says what it left out.
        assert!(
            wide.trim_end()
                .ends_with("(not shown at this width: prescriber)"),
            "{wide}"
        );
        // At 60 the ids break after a dash.
        let narrow = render(COLS, ROWS, Some(60));
        assert!(
            !narrow.contains("marisol-quinones-hartley-1964"),
            "{narrow}"
        );
        assert!(narrow.contains("marisol-"), "{narrow}");
    }

    #[test]
    fn a_value_wraps_between_words_under_itself() {
        let mut f = KeyValues::default();
        f.add("id", "2026-08-19-sciatica").add(
            "precautions",
            "No deep pressure over the sciatic notch during a flare; avoid prolonged prone lumbar extension",
        );
        let mut out = Vec::new();
        f.write_within(&mut out, Some(50)).unwrap();
        let text = String::from_utf8(out).unwrap();
        for line in text.lines() {
            assert!(line.chars().count() <= 50, "{text}");
        }
        assert!(
            text.contains(
                "precautions  No deep pressure over the sciatic\n             notch during"
            ),
            "{text}"
        );
        let mut piped = Vec::new();
        f.write_within(&mut piped, None).unwrap();
        assert_eq!(String::from_utf8(piped).unwrap().lines().count(), 2);
    }

    #[test]
    fn an_id_breaks_only_after_a_dash() {
        assert_eq!(
            break_id("marisol-quinones-hartley-1964", 13),
            "marisol-\nquinones-\nhartley-1964"
        );
        assert_eq!(break_id("short", 13), "short");
        assert_eq!(
            break_id("averyveryverylongpart-x", 5),
            "averyveryverylongpart-\nx"
        );
    }
}
