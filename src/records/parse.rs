//! A record file's text to a TOML tree, with a hint for each syntax error.

use crate::diag::{Code, Diagnostic};
use crate::records::Loaded;
use crate::records::toml_reader;
use crate::records::toml_reader::Table as DeTable;
use std::ops::Range;

/// Parses a document, reporting a syntax error as `toml-syntax`; an empty
/// file and one holding git's conflict markers are reported as such.
pub(super) fn parse_doc<'i>(
    file: &str,
    text: &'i str,
    diags: &mut Vec<Diagnostic>,
) -> Option<DeTable<'i>> {
    if text
        .chars()
        .all(|c| c.is_whitespace() || c == '\0' || c == '\u{feff}')
    {
        let what = if text.contains('\0') {
            "holds only zero bytes (a crash or a sync wiped it)"
        } else {
            "is empty"
        };
        diags.push(
            Diagnostic::new(Code::EmptyRecord, file, None, format!("`{file}` {what}"))
                .hint("a sync or a crash may have emptied it: restore it from git (`git checkout -- FILE`) or a backup, or delete it if it was never a record"),
        );
        return None;
    }
    if let Some(at) = conflict_marker(text) {
        diags.push(
            Diagnostic::new(
                Code::MergeConflict,
                file,
                Some(at..at + 7),
                "the file holds a git merge conflict (`<<<<<<<` ... `>>>>>>>`), so it is not read as a record",
            )
            .hint("resolve the merge: keep the right lines between the markers, delete the three marker lines, then `git add` the file"),
        );
        return None;
    }
    match toml_reader::parse(text) {
        Ok(t) => Some(t),
        Err(e) => {
            let span = e.span.unwrap_or(0..0);
            let message = e
                .message
                .lines()
                .next()
                .unwrap_or("invalid TOML")
                .trim_end()
                .to_string();
            diags.push(
                Diagnostic::new(
                    Code::TomlSyntax,
                    file,
                    Some(span.clone()),
                    format!("invalid TOML: {message}"),
                )
                .hint(syntax_hint(text, span.start)),
            );
            None
        }
    }
}

/// The hint for a syntax error at `at`: a date written `11/05/2026` or
/// `05.11.2026` (as people write them) is told the one form TOML takes.
pub(super) fn syntax_hint(text: &str, at: usize) -> &'static str {
    let start = text[..at.min(text.len())].rfind('\n').map_or(0, |i| i + 1);
    let end = text[start..].find('\n').map_or(text.len(), |i| start + i);
    let value = text[start..end]
        .split_once('=')
        .map_or("", |(_, v)| v.trim());
    let numbers: Vec<&str> = value.split(['/', '.']).collect();
    let date_like = numbers.len() == 3
        && (value.contains('/') || value.contains('.'))
        && numbers
            .iter()
            .all(|n| !n.is_empty() && n.len() <= 4 && n.bytes().all(|b| b.is_ascii_digit()));
    if date_like {
        "dates are YYYY-MM-DD, without quotes: `date = 2026-11-05`"
    } else {
        "see https://toml.io for the syntax; strings need quotes, dates do not"
    }
}

/// Where the first `<<<<<<<` conflict marker starts a line, if any.
pub(super) fn conflict_marker(text: &str) -> Option<usize> {
    // Most records hold no `<` at all: a byte search says so at once.
    if !text.contains('<') {
        return None;
    }
    if text.starts_with("<<<<<<<") {
        return Some(0);
    }
    text.match_indices("\n<<<<<<<").next().map(|(i, _)| i + 1)
}

/// Everything read from one file: the record if it could be built, and the problems.
pub struct Parsed<T> {
    pub record: Option<Loaded<T>>,
    pub diags: Vec<Diagnostic>,
}

pub(super) fn whole(text: &str) -> Range<usize> {
    0..text.len().min(1)
}
