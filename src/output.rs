//! Shared renderers: tables, `key: value` text and JSON, all writing to
//! `impl Write` so tests can render into a buffer.

use std::io::Write;

use comfy_table::{ContentArrangement, Table, presets};
use serde::Serialize;

use crate::error::{Error, Result};

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

pub fn io_err(e: std::io::Error) -> Error {
    Error::io("<output>", e)
}

/// Text as a terminal, a pipe or cron mail may show it: control characters
/// (other than tab and line breaks), DEL and C1 codes become `\u{FFFD}`,
/// so nothing in a record can move a cursor, ring a bell or retitle a window.
pub fn clean(s: &str) -> std::borrow::Cow<'_, str> {
    cleaned(s, true)
}

/// [`clean`] for a text that must stay on one line (a file name in a
/// `-->` line): line breaks go too.
pub fn clean_line(s: &str) -> std::borrow::Cow<'_, str> {
    cleaned(s, false)
}

fn cleaned(s: &str, breaks: bool) -> std::borrow::Cow<'_, str> {
    let bad = |c: char| c.is_control() && !(c == '\t' || (breaks && c == '\n'));
    if s.chars().any(bad) {
        std::borrow::Cow::Owned(
            s.chars()
                .map(|c| if bad(c) { '\u{FFFD}' } else { c })
                .collect(),
        )
    } else {
        std::borrow::Cow::Borrowed(s)
    }
}

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

/// A plain ASCII table (it pastes into email and survives `grep`).
pub fn table(out: &mut dyn Write, header: &[&str], rows: Vec<Vec<String>>) -> Result<()> {
    let mut t = Table::new();
    t.load_style(presets::ASCII_BORDERS_ONLY_CONDENSED)
        .set_content_arrangement(ContentArrangement::Disabled)
        .set_header(header.to_vec());
    for row in rows {
        t.add_row(
            row.iter()
                .map(|c| clean(c).into_owned())
                .collect::<Vec<_>>(),
        );
    }
    writeln!(out, "{t}").map_err(io_err)
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
pub struct Fields(Vec<(String, String)>);

impl Fields {
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
        let width = self.0.iter().map(|(k, _)| k.len()).max().unwrap_or(0);
        for (k, v) in &self.0 {
            let v = clean(v);
            let mut lines = v.lines();
            let first = lines.next().unwrap_or("");
            writeln!(out, "{k:<width$}  {first}").map_err(io_err)?;
            for line in lines {
                writeln!(out, "{:width$}  {line}", "").map_err(io_err)?;
            }
        }
        Ok(())
    }
}
