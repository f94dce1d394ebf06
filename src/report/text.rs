//! The report as plain text for a terminal.

use std::io::Write;

use comfy_table::{ContentArrangement, Table, presets};

use super::{Report, outline, sparkline};

pub fn render(r: &Report, out: &mut dyn Write) -> std::io::Result<()> {
    let trend = (!r.pain.series.is_empty()).then(|| {
        format!(
            "{} (pain before each session, 0-10)",
            sparkline(&r.pain.series)
        )
    });
    writeln!(out, "Follow-up report: {} ({})", r.patient.name, r.practice)?;
    for s in outline(r, trend) {
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
            let mut t = Table::new();
            t.load_style(presets::ASCII_BORDERS_ONLY_CONDENSED)
                .set_content_arrangement(ContentArrangement::Disabled)
                .set_header(header.clone());
            for row in rows {
                t.add_row(row.clone());
            }
            writeln!(out, "{t}")?;
        }
        for p in &s.paragraphs {
            writeln!(out, "{p}")?;
        }
    }
    Ok(())
}
