//! The report as Markdown: headings and pipe tables that render on any
//! Markdown viewer and paste into an email.

use std::io::Write;

use comfy_table::{ContentArrangement, Table, presets};

use super::{Report, outline, sparkline};

/// Text from the records as Markdown shows it literally: HTML is escaped
/// and every character Markdown gives a meaning (emphasis, links, code,
/// tables, headings) is backslash-escaped, so nothing in a record becomes
/// markup, a link or a script; line breaks become `<br>` inside a table.
fn cell(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in crate::output::clean(s).chars() {
        match c {
            '\n' => out.push_str("<br>"),
            // CommonMark lets any ASCII punctuation be escaped with a
            // backslash: `\<` opens no tag, `\&` no entity, and the text
            // reads plainly where it is pasted as text.
            '\\' | '`' | '*' | '_' | '[' | ']' | '(' | ')' | '#' | '!' | '|' | '~' | '{' | '}'
            | '<' | '>' | '&' => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

pub fn render(r: &Report, out: &mut dyn Write) -> std::io::Result<()> {
    let trend = (!r.pain.series.is_empty()).then(|| {
        format!(
            "{} (pain before each session, 0-10)",
            sparkline(&r.pain.series)
        )
    });
    writeln!(out, "# Follow-up report: {}", cell(&r.patient.name))?;
    for s in outline(r, trend) {
        writeln!(out, "\n## {}\n", s.title)?;
        if !s.facts.is_empty() {
            let mut t = Table::new();
            t.load_style(presets::ASCII_MARKDOWN)
                .set_content_arrangement(ContentArrangement::Disabled)
                .set_header(vec!["", ""]);
            for (k, v) in &s.facts {
                t.add_row(vec![format!("**{k}**"), cell(v)]);
            }
            writeln!(out, "{t}")?;
        }
        if let Some((header, rows)) = &s.table {
            let mut t = Table::new();
            t.load_style(presets::ASCII_MARKDOWN)
                .set_content_arrangement(ContentArrangement::Disabled)
                .set_header(header.clone());
            for row in rows {
                t.add_row(row.iter().map(|c| cell(c)).collect::<Vec<_>>());
            }
            writeln!(out, "{t}")?;
        }
        for p in &s.paragraphs {
            writeln!(out, "\n{}", cell(p))?;
        }
    }
    Ok(())
}
