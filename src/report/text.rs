//! The report as plain text for a terminal: the letter, then the appendix.

use std::io::Write;

use comfy_table::{ContentArrangement, Table, presets};

use super::letter::compose;
use super::{Report, outline, sparkline};
use crate::vocab::Vocabulary;

fn table(header: &[&str], rows: &[Vec<String>]) -> Table {
    let mut t = Table::new();
    t.load_style(presets::ASCII_BORDERS_ONLY_CONDENSED)
        .set_content_arrangement(ContentArrangement::Disabled)
        .set_header(header.to_vec());
    for row in rows {
        t.add_row(row.clone());
    }
    t
}

pub fn render(r: &Report, vocab: &Vocabulary, out: &mut dyn Write) -> std::io::Result<()> {
    let l = compose(r);
    for line in &l.letterhead {
        writeln!(out, "{line}")?;
    }
    writeln!(out, "\n{}\n", l.date)?;
    for line in &l.to {
        writeln!(out, "{line}")?;
    }
    writeln!(out)?;
    for line in &l.re {
        writeln!(out, "{line}")?;
    }
    writeln!(out, "\n{}\n\n{}\n", l.salutation, l.summary)?;
    writeln!(out, "Outcomes")?;
    match &l.outcomes {
        Some((header, rows)) => {
            writeln!(out, "{}", table(header, rows))?;
            writeln!(out, "{}", l.outcomes_note)?;
        }
        None => writeln!(out, "No outcome measures recorded.")?,
    }
    writeln!(out, "\n{}", l.compliance)?;
    if let Some(a) = &l.assessment {
        writeln!(out, "\n{a}")?;
    }
    writeln!(
        out,
        "\n{}\n\n{}\n\n\n______________________________",
        l.recommendation, l.closing
    )?;
    for line in &l.signer {
        writeln!(out, "{line}")?;
    }

    let trend = (!r.pain.series.is_empty()).then(|| {
        format!(
            "{} (pain before each session, 0-10)",
            sparkline(&r.pain.series)
        )
    });
    writeln!(
        out,
        "\n\nAppendix: session log for {} ({})",
        r.patient.name, r.practice
    )?;
    for s in outline(r, vocab, trend) {
        writeln!(
            out,
            "\n{}\n{}",
            s.title,
            "-".repeat(s.title.chars().count())
        )?;
        let width = s.facts.iter().map(|(k, _)| k.len()).max().unwrap_or(0);
        for (k, v) in &s.facts {
            writeln!(
                out,
                "{k:<width$}  {}",
                v.replace('\n', &format!("\n{:width$}  ", ""))
            )?;
        }
        if let Some((header, rows)) = &s.table {
            writeln!(out, "{}", table(header, rows))?;
        }
        for p in &s.paragraphs {
            writeln!(out, "{p}")?;
        }
    }
    Ok(())
}
