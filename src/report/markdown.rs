//! The report as Markdown: headings and pipe tables that render on any
//! Markdown viewer and paste into an email.

use crate::text;
use std::io::Write;

use comfy_table::{ContentArrangement, Table, presets};

use super::letter::compose;
use super::{Report, outline, sparkline};
use crate::vocab::Vocabulary;

/// Text from the records as Markdown shows it literally: HTML is escaped
/// and every character Markdown gives a meaning (emphasis, links, code,
/// tables, headings) is backslash-escaped, so nothing in a record becomes
/// markup, a link or a script; line breaks become `<br>` inside a table.
fn cell(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in text::clean(s).chars() {
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

fn md_table(header: &[&str], rows: &[Vec<String>]) -> Table {
    let mut t = Table::new();
    t.load_style(presets::ASCII_MARKDOWN)
        .set_content_arrangement(ContentArrangement::Disabled)
        .set_header(header.to_vec());
    for row in rows {
        t.add_row(row.iter().map(|c| cell(c)).collect::<Vec<_>>());
    }
    t
}

pub fn render(r: &Report, vocab: &Vocabulary, out: &mut dyn Write) -> std::io::Result<()> {
    let l = compose(r);
    let lines = |ls: &[String]| ls.iter().map(|x| cell(x)).collect::<Vec<_>>().join("  \n");
    writeln!(out, "**{}**  ", cell(&l.letterhead[0]))?;
    writeln!(out, "{}\n", lines(&l.letterhead[1..]))?;
    writeln!(out, "{}\n", cell(&l.date))?;
    writeln!(out, "{}\n", lines(&l.to))?;
    writeln!(out, "**{}**\n", cell(&l.title))?;
    writeln!(out, "**{}**  ", cell(&l.re[0]))?;
    writeln!(out, "{}\n", lines(&l.re[1..]))?;
    writeln!(out, "{}\n", cell(&l.salutation))?;
    if let Some(a) = &l.alert {
        writeln!(out, "> **{}**\n", cell(a))?;
    }
    writeln!(out, "{}\n", cell(&l.summary))?;
    writeln!(out, "## Outcomes\n")?;
    match &l.outcomes {
        Some((header, rows)) => {
            writeln!(out, "{}\n", md_table(header, rows))?;
            writeln!(out, "{}", cell(&l.outcomes_note))?;
        }
        None => writeln!(out, "No outcome measures recorded.")?,
    }
    if let Some(s) = &l.setbacks {
        writeln!(out, "\n{}", cell(s))?;
    }
    if !l.goals.is_empty() {
        writeln!(out, "\n{}", lines(&l.goals))?;
    }
    writeln!(out, "\n{}", cell(&l.compliance))?;
    if let Some(p) = &l.patient_says {
        writeln!(out, "\n{}", cell(p))?;
    }
    if let Some(h) = &l.home_programme {
        writeln!(out, "\n{}", cell(h))?;
    }
    if let Some(a) = &l.assessment {
        writeln!(out, "\n{}", cell(a))?;
    }
    writeln!(out, "\n**{}**", cell(&l.recommendation))?;
    if !l.renewal.is_empty() {
        writeln!(out, "\n{}", lines(&l.renewal))?;
    }
    writeln!(
        out,
        "\n{}\n\n\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_  ",
        l.closing
    )?;
    writeln!(out, "{}", lines(&l.signer))?;
    if let Some(reply) = &l.reply {
        writeln!(out, "\n---\n\n**{}**\n", cell(&reply.heading))?;
        for c in &reply.choices {
            writeln!(out, "\\[ \\] {}  ", cell(c))?;
        }
        for line in &reply.lines {
            writeln!(out, "\n{}", cell(line))?;
        }
    }

    let trend = (!r.pain.series.is_empty()).then(|| {
        format!(
            "{} (pain before each session, 0-10)",
            sparkline(&r.pain.series)
        )
    });
    writeln!(
        out,
        "\n---\n\n# Appendix: session log for {}",
        cell(&r.patient.name)
    )?;
    for s in outline(r, vocab, trend) {
        writeln!(out, "\n## {}\n", s.title)?;
        if !s.facts.is_empty() {
            let rows: Vec<Vec<String>> = s
                .facts
                .iter()
                .map(|(k, v)| vec![format!("**{k}**"), v.clone()])
                .collect();
            // Keys are mmx's words; only values are escaped.
            let mut t = Table::new();
            t.load_style(presets::ASCII_MARKDOWN)
                .set_content_arrangement(ContentArrangement::Disabled)
                .set_header(vec!["", ""]);
            for row in rows {
                t.add_row(vec![row[0].clone(), cell(&row[1])]);
            }
            writeln!(out, "{t}")?;
        }
        if let Some((header, rows)) = &s.table {
            writeln!(out, "{}", md_table(header, rows))?;
        }
        for p in &s.paragraphs {
            writeln!(out, "\n{}", cell(p))?;
        }
    }
    Ok(())
}
