//! Shared renderers: tables, `key: value` text and JSON, all writing to
//! `impl Write` so tests can render into a buffer.

use std::io::Write;

use comfy_table::{ColumnConstraint, ContentArrangement, Table, Width, presets};
use serde::Serialize;

use mmx::error::Result;
use mmx::practice::documents::DOCUMENTS_DIR;
use mmx::text::clean;
use mmx::text::clean_line;

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

/// A writer that starts with `prefix` each line that says what was done
/// (`amended session ...`): not a finding, its excerpt or its help, nor a
/// hint or the rest of a message.
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
            if self.at_start && says_what_was_done(line) {
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

/// Whether a line of stderr is a statement of its own, starting at its
/// margin, rather than part of a finding or a message's continuation.
fn says_what_was_done(line: &[u8]) -> bool {
    let line = String::from_utf8_lossy(line);
    let first = line.chars().next();
    first.is_some_and(|c| !c.is_whitespace() && !c.is_ascii_digit() && c != '|')
        && !["error", "warning", "help:", "note:", "hint:"]
            .iter()
            .any(|w| line.starts_with(w))
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
    /// Words that wrap onto more lines, between words (a term is never cut).
    Text(&'static str),
    /// An id: never wrapped, never left out.
    Id(&'static str),
}

impl Col {
    fn header(self) -> &'static str {
        match self {
            Col::Key(h) | Col::Detail(h, _) | Col::Text(h) | Col::Id(h) => h,
        }
    }
}

/// The narrowest a wrapping column is given before details are left out:
/// its longest term, up to this.
const TEXT_MIN: usize = 18;

/// A plain ASCII table (it pastes into email and survives `grep`). On a
/// terminal it fits the window (`COLUMNS` if set, else the terminal's
/// width): text columns wrap between words, and detail columns are left
/// out, the lowest rank first; ids, dates and words are never cut. When
/// even then it cannot fit, each row is a block of `key: value` lines.
/// Piped, every column is there and each row stays on one line.
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
    let all: Vec<usize> = (0..cols.len()).collect();
    let Some(width) = width else {
        return write_table(out, cols, &all, &rows, None);
    };
    let natural = |i: usize| {
        rows.iter()
            .flat_map(|r| r.get(i).map(|c| c.lines().map(|l| l.chars().count()).max()))
            .flatten()
            .chain([cols[i].header().len()])
            .max()
            .unwrap_or(0)
    };
    let widths: Vec<usize> = all.iter().map(|&i| natural(i)).collect();
    // The longest word (a term of a list, with its comma): what a wrapping
    // column must fit whole.
    let terms: Vec<usize> = all
        .iter()
        .map(|&i| {
            rows.iter()
                .filter_map(|r| r.get(i))
                .flat_map(|c| c.split([' ', '\n']))
                .map(|t| t.chars().count() + 1)
                .chain([cols[i].header().len()])
                .max()
                .unwrap_or(0)
                .min(widths[i])
        })
        .collect();
    // The width the table needs with these columns, wrapping text at
    // `text` but never narrower than its longest term.
    let need = |kept: &[usize], text: usize| {
        kept.iter()
            .map(|&i| match cols[i] {
                Col::Text(_) => widths[i].min(text.max(terms[i])),
                _ => widths[i],
            } + 3)
            .sum::<usize>()
            + 1
    };
    let fits = |kept: &[usize], text| need(kept, text) <= usize::from(width);
    let rank = |i: usize| match cols[i] {
        Col::Detail(_, r) => Some(r),
        _ => None,
    };
    let mut kept = all.clone();
    // Details go first, the lowest rank first, while the table does not fit
    // with its text at a comfortable width, then at its longest terms.
    for text in [TEXT_MIN, 0] {
        while !fits(&kept, text) {
            let Some(pos) = (0..kept.len())
                .filter(|&p| rank(kept[p]).is_some())
                .min_by_key(|&p| rank(kept[p]))
            else {
                break;
            };
            kept.remove(pos);
        }
        if fits(&kept, text) {
            // What was left out for room that is there after all, back in:
            // the highest rank first, and none after one that does not fit,
            // so a detail is shown only with every detail ranked above it
            // (the session's minutes never without its date).
            let mut dropped: Vec<usize> =
                all.iter().copied().filter(|i| !kept.contains(i)).collect();
            dropped.sort_by_key(|&i| std::cmp::Reverse(rank(i)));
            for i in dropped {
                let mut more = kept.clone();
                more.push(i);
                more.sort_unstable();
                if !fits(&more, text) {
                    break;
                }
                kept = more;
            }
            return write_table(out, cols, &kept, &rows, Some((width, &terms)));
        }
    }
    // Ids, dates and terms whole do not fit side by side: one block of
    // `key: value` lines a row, every column there.
    write_blocks(out, cols, &rows, width)
}

/// Each row as a block of `key: value` lines (a value wrapped between words
/// under itself), a blank line between blocks.
fn write_blocks(out: &mut dyn Write, cols: &[Col], rows: &[Vec<String>], width: u16) -> Result<()> {
    for (n, row) in rows.iter().enumerate() {
        if n > 0 {
            writeln!(out).map_err(io_err)?;
        }
        let mut block = KeyValues::default();
        for (i, col) in cols.iter().enumerate() {
            match row.get(i).filter(|v| !v.is_empty()) {
                Some(v) => block.add(col.header(), v),
                None => continue,
            };
        }
        block.write_within(out, Some(width))?;
    }
    Ok(())
}

fn write_table(
    out: &mut dyn Write,
    cols: &[Col],
    kept: &[usize],
    rows: &[Vec<String>],
    fit: Option<(u16, &[usize])>,
) -> Result<()> {
    // Narrowed, a list of terms breaks between terms, never inside one
    // that fits.
    let narrowed: Vec<Vec<String>>;
    let rows = if fit.is_some() {
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
    if let Some((width, terms)) = fit {
        t.set_content_arrangement(ContentArrangement::Dynamic)
            .set_width(width);
        for (n, &i) in kept.iter().enumerate() {
            let Some(column) = t.column_mut(n) else {
                continue;
            };
            match cols[i] {
                // At least its longest term: a word is never cut.
                // (The width comfy-table bounds counts the cell's padding.)
                Col::Text(_) => column.set_constraint(ColumnConstraint::LowerBoundary(
                    Width::Fixed(u16::try_from(terms[i] + 2).unwrap_or(u16::MAX)),
                )),
                _ => column.set_constraint(ColumnConstraint::ContentWidth),
            };
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
    std::io::stdout()
        .is_terminal()
        .then(|| window_width(Stream::Stdout))
        .flatten()
}

/// The width of stderr's terminal, if it is one: what messages wrap at.
pub fn stderr_width() -> Option<u16> {
    use std::io::IsTerminal;
    std::io::stderr()
        .is_terminal()
        .then(|| window_width(Stream::Stderr))
        .flatten()
}

/// [`terminal_width`], for a command whose lines are words.
pub fn stdout_width() -> Option<u16> {
    terminal_width()
}

#[derive(Clone, Copy)]
enum Stream {
    Stdout,
    Stderr,
}

/// A terminal's width: `COLUMNS` if set, else what the terminal says.
fn window_width(stream: Stream) -> Option<u16> {
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.parse().ok())
        .filter(|w| *w >= 20)
        .or_else(|| asked_width(stream))
}

#[cfg(unix)]
fn asked_width(stream: Stream) -> Option<u16> {
    let fd = match stream {
        Stream::Stdout => libc::STDOUT_FILENO,
        Stream::Stderr => libc::STDERR_FILENO,
    };
    let mut size = libc::winsize {
        ws_row: 0,
        ws_col: 0,
        ws_xpixel: 0,
        ws_ypixel: 0,
    };
    // SAFETY: TIOCGWINSZ fills the winsize it is given, nothing else.
    let ok = unsafe { libc::ioctl(fd, libc::TIOCGWINSZ, &mut size) } == 0;
    (ok && size.ws_col >= 20).then_some(size.ws_col)
}

#[cfg(not(unix))]
fn asked_width(_: Stream) -> Option<u16> {
    Table::new().width()
}

/// A writer of human lines (findings, refusals, alerts) that wraps each
/// line longer than the window between words, the lines after the first
/// indented under its words (after `help: `, `hint: `, or two spaces in).
/// Source excerpts (`6 | regions = ...`), `-->` locations and tables are
/// left as they are. With no window, everything passes as it is.
pub struct Wrapping<'w> {
    inner: &'w mut dyn Write,
    width: Option<usize>,
    line: Vec<u8>,
}

impl<'w> Wrapping<'w> {
    pub fn new(inner: &'w mut dyn Write, width: Option<u16>) -> Self {
        Wrapping {
            inner,
            width: width.map(usize::from),
            line: Vec::new(),
        }
    }

    fn emit(&mut self) -> std::io::Result<()> {
        let line = String::from_utf8_lossy(&self.line).into_owned();
        self.line.clear();
        let text = line.strip_suffix('\n').unwrap_or(&line);
        // Decided on the words the terminal shows: colour codes (before a
        // `-->`, around `help`) take no room and are no label.
        let shown = without_colour(text);
        match self.width {
            Some(w) if visible_len(text) > w && wraps(&shown) => {
                let indent = hanging_indent(&shown);
                let lead = text.len() - text.trim_start_matches(' ').len();
                let first = wrap_words(&text[lead..], w.saturating_sub(lead).max(20));
                let (head, rest) = first.split_first().expect("a line");
                writeln!(self.inner, "{}{head}", &text[..lead])?;
                let rest = rest.join(" ");
                let pad = " ".repeat(indent);
                for l in wrap_words(&rest, w.saturating_sub(indent).max(20)) {
                    writeln!(self.inner, "{pad}{l}")?;
                }
                Ok(())
            }
            _ => self.inner.write_all(line.as_bytes()),
        }
    }
}

impl Write for Wrapping<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.width.is_none() {
            return self.inner.write(buf);
        }
        for part in buf.split_inclusive(|b| *b == b'\n') {
            self.line.extend_from_slice(part);
            if part.ends_with(b"\n") {
                self.emit()?;
            }
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        if !self.line.is_empty() {
            self.emit()?;
        }
        self.inner.flush()
    }
}

impl Drop for Wrapping<'_> {
    fn drop(&mut self) {
        let _ = self.flush();
    }
}

/// A line's width on the terminal: its characters but colour codes.
fn visible_len(text: &str) -> usize {
    let mut n = 0;
    let mut escape = false;
    for c in text.chars() {
        match (escape, c) {
            (false, '\u{1b}') => escape = true,
            (true, c) if c.is_ascii_alphabetic() => escape = false,
            (true, _) => {}
            (false, _) => n += 1,
        }
    }
    n
}

/// A line's text without its colour codes.
fn without_colour(text: &str) -> String {
    let mut shown = String::with_capacity(text.len());
    let mut escape = false;
    for c in text.chars() {
        match (escape, c) {
            (false, '\u{1b}') => escape = true,
            (true, c) if c.is_ascii_alphabetic() => escape = false,
            (true, _) => {}
            (false, c) => shown.push(c),
        }
    }
    shown
}

/// Whether a line is words (rather than an excerpt, a location or a table
/// row, which stay as they are).
fn wraps(text: &str) -> bool {
    let t = text.trim_start();
    !(t.starts_with('|')
        || t.starts_with('+')
        || t.starts_with("-->")
        || t.split_once(" |")
            .is_some_and(|(n, _)| n.trim().bytes().all(|b| b.is_ascii_digit())))
}

/// Where a wrapped line's continuation starts: under the words after a
/// `help: `-like label, else two spaces in from the line's own indent.
fn hanging_indent(text: &str) -> usize {
    let lead = text.len() - text.trim_start().len();
    let t = text.trim_start();
    for label in [
        "help: ",
        "hint: ",
        "note: ",
        "tip: ",
        "warning: ",
        "error: ",
    ] {
        if t.starts_with(label) {
            return lead + label.len();
        }
    }
    lead + 2
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

/// `text` in lines of at most `room` characters as the terminal shows them
/// (colour codes take none), broken between words (a word longer than that
/// stays whole on its line). A command in backticks that fits on a line
/// is kept on one, so it is copied whole.
fn wrap_words(text: &str, room: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in units(text, room) {
        let len = visible_len(&line);
        if !line.is_empty() && len + 1 + visible_len(&word) > room {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(&word);
    }
    lines.push(line);
    lines
}

/// The words of `text`, but a span in backticks (`` `mmx rx edit RX
/// --visits 9` ``) as one when it fits in `room`.
fn units(text: &str, room: usize) -> Vec<String> {
    let mut units: Vec<String> = Vec::new();
    let mut span: Vec<&str> = Vec::new();
    for word in text.split(' ') {
        let ticks = word.matches('`').count();
        if span.is_empty() {
            if ticks % 2 == 1 {
                span.push(word);
            } else {
                units.push(word.to_string());
            }
            continue;
        }
        span.push(word);
        if ticks % 2 == 1 {
            let whole = span.join(" ");
            if visible_len(&whole) <= room {
                units.push(whole);
            } else {
                units.extend(span.iter().map(|w| w.to_string()));
            }
            span.clear();
        }
    }
    // A backtick never closed: its words as they are.
    units.extend(span.iter().map(|w| w.to_string()));
    units
}

/// A folder as a command typed in `cwd` names it: `.` for `cwd` itself, a
/// path from `cwd` for a folder inside it, else the whole path; in single
/// quotes when the shell would take it for more than a word.
pub fn folder_for_shell(folder: &std::path::Path, cwd: &std::path::Path) -> String {
    let named = match folder.strip_prefix(cwd) {
        Ok(rel) if rel.as_os_str().is_empty() => ".".to_string(),
        Ok(rel) => rel.display().to_string(),
        Err(_) => folder.display().to_string(),
    };
    let named = clean_line(&named).into_owned();
    if named
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "/._-+,:@%".contains(c))
    {
        named
    } else {
        format!("'{}'", named.replace('\'', r"'\''"))
    }
}

/// Says where an output asked for inside the practice folder went.
pub fn moved_to_documents(moved: &str) -> String {
    format!(
        "wrote {}: inside the practice folder, patient documents go to {}/, which git leaves out of the shared history",
        clean_line(moved),
        DOCUMENTS_DIR
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
        for width in [80u16, 100, 60, 50] {
            let shown = render(COLS, ROWS, Some(width));
            for line in shown.lines() {
                assert!(
                    line.chars().count() <= usize::from(width),
                    "{width}:\n{shown}"
                );
            }
            // Ids, dates and terms are never cut.
            for whole in [
                "marisol-quinones-hartley-1964",
                "2026-07-06-lymphedema",
                "left-scapular",
                "left-pectoral",
            ] {
                assert!(shown.contains(whole), "{width}:\n{shown}");
            }
        }
        // At 100 the details go, the lowest rank first, and it says so.
        let wide = render(COLS, ROWS, Some(100));
        let header = wide.lines().nth(1).unwrap();
        assert!(
            header.contains("issued") && !header.contains("prescriber"),
            "{wide}"
        );
        assert!(
            wide.trim_end()
                .ends_with("(not shown at this width: prescriber)"),
            "{wide}"
        );
        // Too narrow for the ids side by side: a block a row, every column.
        let narrow = render(COLS, ROWS, Some(60));
        assert!(
            narrow.starts_with(
                "patient     marisol-quinones-hartley-1964\nid          2026-07-06-lymphedema\n"
            ),
            "{narrow}"
        );
        assert!(
            narrow.contains("\n\npatient     jose-nunez-1975\n"),
            "{narrow}"
        );
        assert!(
            narrow.contains("prescriber  Dr. Harriet Quillfeather, MD"),
            "{narrow}"
        );
    }

    #[test]
    fn a_detail_is_shown_only_with_every_detail_ranked_above_it() {
        let cols = &[
            Col::Id("id"),
            Col::Detail("date", 9),
            Col::Detail("min", 3),
            Col::Text("regions"),
            Col::Text("techniques"),
        ];
        let rows: &[&[&str]] = &[&[
            "2026-09-08-0800",
            "2026-09-08",
            "45",
            "bilateral-tmj, face, bilateral-suboccipital",
            "myofascial-release, trigger-point",
        ]];
        // Room for the minutes but not the date: neither.
        let shown = render(cols, rows, Some(76));
        let header = shown.lines().nth(1).unwrap();
        assert!(
            !header.contains("min") && !header.contains("date"),
            "{shown}"
        );
        assert!(
            shown
                .trim_end()
                .ends_with("(not shown at this width: date, min)"),
            "{shown}"
        );
        // Room for the date: it comes back first.
        let shown = render(cols, rows, Some(81));
        let header = shown.lines().nth(1).unwrap();
        assert!(
            header.contains("date") && !header.contains("min"),
            "{shown}"
        );
    }

    #[test]
    fn a_long_line_wraps_between_words_under_its_label() {
        let mut out = Vec::new();
        {
            let mut w = Wrapping::new(&mut out, Some(40));
            write!(
                w,
                "help: if the prescriber approved it, add `--override REASON` to this command\n6 | regions = [\"cervical\", \"lumbar\", \"left-gluteal\"]\nshort\n"
            )
            .unwrap();
        }
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "help: if the prescriber approved it, add\n      `--override REASON` to this\n      command\n6 | regions = [\"cervical\", \"lumbar\", \"left-gluteal\"]\nshort\n"
        );
    }

    /// What a refusal looks like in colour, as the terminal gets it.
    const COLOURED: &str = "\u{1b}[1m\u{1b}[91merror[wrong-side]\u{1b}[0m\u{1b}[1m: session treats right-gluteal; prescription `2026-11-02-vxpf72` covers the other side (left-gluteal), not this one\u{1b}[0m
 \u{1b}[1m\u{1b}[94m--> \u{1b}[0mpatients/marta-quill-1982/sessions/2026-11-16-bn8f4h.toml:7:22
\u{1b}[1m\u{1b}[94m7\u{1b}[0m \u{1b}[1m\u{1b}[94m|\u{1b}[0m regions = [\"lumbar\", \"right-gluteal\", \"left-gluteal\", \"cervical\"]
\u{1b}[1m\u{1b}[96mhelp\u{1b}[0m: prescribed regions: lumbar, left-gluteal; if the prescriber approved it, add `--override REASON` to this command; if the prescription now allows it, change it: `mmx rx edit 2026-11-02-vxpf72 --add-region right-gluteal`
";

    #[test]
    fn colour_codes_take_no_room_and_hide_no_label_or_location() {
        let mut out = Vec::new();
        {
            let mut w = Wrapping::new(&mut out, Some(70));
            w.write_all(COLOURED.as_bytes()).unwrap();
        }
        let text = String::from_utf8(out).unwrap();
        let shown: Vec<String> = text.lines().map(without_colour).collect();
        for line in &shown {
            assert!(
                line.chars().count() <= 70 || line.starts_with("7 | "),
                "{shown:#?}"
            );
        }
        // Each line holds as many words as fit: the title's first line
        // ends where the id would pass 70 columns.
        assert_eq!(
            shown[0], "error[wrong-side]: session treats right-gluteal; prescription",
            "{shown:#?}"
        );
        // The location and the excerpt are left as they are.
        assert_eq!(
            shown[3],
            " --> patients/marta-quill-1982/sessions/2026-11-16-bn8f4h.toml:7:22"
        );
        assert!(shown[4].starts_with("7 | regions = "), "{shown:#?}");
        // The help's lines go on under its words, the command whole.
        assert!(
            shown[5] == "help: prescribed regions: lumbar, left-gluteal; if the prescriber",
            "{shown:#?}"
        );
        assert!(
            shown[6..]
                .iter()
                .all(|l| l.starts_with("      ") && !l.starts_with("       ")),
            "{shown:#?}"
        );
        assert!(
            shown
                .iter()
                .any(|l| l.trim() == "`mmx rx edit 2026-11-02-vxpf72 --add-region right-gluteal`"),
            "{shown:#?}"
        );
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
}
